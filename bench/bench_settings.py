"""The benchmarks' settings: production's, serving static files without collectstatic, with
the references beside the portal's URLs (bench/bench_urls.py) and, with BENCH_DB_POOL=1,
the bench's own PostgreSQL pool.

Under ASGI each request runs its sync code in a thread of its own, so a persistent
connection (CONN_MAX_AGE) is left behind by every request until PostgreSQL refuses new
clients; a pool hands the connections back.
"""

import os

from thinkific_portal.settings import *  # noqa: F403
from thinkific_portal.settings import DATABASES

WHITENOISE_USE_FINDERS = True  # the page's css and js, straight from static/

POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if os.environ.get("BENCH_DB_POOL") == "1" and POSTGRES:
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 2,
        "max_size": 8,
        "timeout": 10,
    }

# The portal's URLs and the bench's references (bench/bench_urls.py).
ROOT_URLCONF = "bench_urls"
