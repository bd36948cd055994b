"""The HTTP edge of the sandbox: authentication, rate limit, faults, listing, views."""
