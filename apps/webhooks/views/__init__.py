"""The webhooks app's views: `receiver` (Thinkific's deliveries), `feed` (the activity
feed and its streams), `followups` (what the worker made of each event), `watches` (what
each school sends)."""
