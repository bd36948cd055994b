"""Where Thinkific's APIs live: the host and the path prefix of each API.

The client and the resources both read them, so they sit below both.
"""

THINKIFIC_API = "https://api.thinkific.com"
ADMIN_API = "/api/public/v1"
WEBHOOKS_API = "/api/v2"
