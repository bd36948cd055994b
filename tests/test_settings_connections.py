"""SQLite connections: kept per thread under WSGI, closed after each request under ASGI."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = (
    "import {module}, django.conf; print(django.conf.settings.DATABASES['default']['CONN_MAX_AGE'])"
)


def conn_max_age(module: str) -> str:
    env = {**os.environ, "DATABASE_URL": "sqlite:///probe.sqlite3"}
    env.pop("DB_CONN_MAX_AGE", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return out.stdout.strip()


def test_wsgi_keeps_sqlite_connections_and_asgi_does_not():
    assert conn_max_age("thinkific_portal.wsgi") == "60"
    assert conn_max_age("thinkific_portal.asgi") == "0"
