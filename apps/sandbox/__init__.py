"""An offline Thinkific-compatible server: Admin API v1, Webhooks API v2, OAuth, webhooks.

It shares no code with `apps.thinkific`; the portal reaches it over HTTP like any school.
"""
