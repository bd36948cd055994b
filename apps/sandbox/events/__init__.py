"""Events: what happened in a school, stored, and delivered to the webhooks that asked."""
