"""The webhooks app's views: `receiver` (Thinkific's deliveries), `feed` (the activity
feed and its streams), `watches` (what each school sends)."""
