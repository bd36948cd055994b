"""The users list page against the sandbox, next to the same upstream call made directly.

    .venv/bin/python bench/users_list.py [--rounds 40]

Serves this project (portal and sandbox) with gunicorn, as in production (2 workers of 4
threads, DEBUG off), on a free local port with a throwaway SQLite database; seeds a sandbox
school of 300 users and connects a portal school to it over HTTP. The timing client runs in
this process, the server in its own. For 25 and 250 rows it then times, interleaved:

- direct: `GET /sandbox/api/public/v1/users?page=1&limit=N` with the school's API key;
- page:   the portal's whole users page `GET /s/bench/users/?limit=N` (which makes that
          same upstream request; the filter choices are cached after the first load);
- fragment: the same page as HTMX asks for it when a filter changes (results only).

It prints the medians and what the portal adds to the upstream call (page - direct).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (25, 250)


def configure(database: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "thinkific_portal.settings",
            "DATABASE_URL": f"sqlite:///{database}",
            "DEBUG": "false",
            "HTTPS": "false",
            "STATIC_MANIFEST": "false",
            "SANDBOX_ENABLED": "true",
            "THINKIFIC_RATE_LIMIT": "1000000",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production")
    os.environ.setdefault("ENCRYPTION_KEYS", "8u3jLqRmP2rWc1kNl2Zr6yq9m3X7bYz1hQp4vT0sE5A=")
    import django

    django.setup()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(port: int) -> subprocess.Popen:
    """gunicorn serving the project; returns once it answers."""
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "thinkific_portal.wsgi",
            f"--bind=127.0.0.1:{port}",
            "--workers=2",
            "--threads=4",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def setup_school(base_url: str):
    """Seed the sandbox school and connect a portal school to it; returns (key, cookie)."""
    import io

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from apps.connections.models import Connection
    from apps.sandbox.models import School

    call_command("migrate", verbosity=0)
    call_command("sandbox_seed", subdomain="bench-school", users=300, stdout=io.StringIO())
    sandbox = School.objects.get(subdomain="bench-school")
    School.objects.filter(pk=sandbox.pk).update(rate_limit=1_000_000)
    school = Connection.objects.create(
        name="Bench School",
        slug="bench",
        subdomain="bench-school",
        api_key=sandbox.api_key,
        api_base_url=f"{base_url}/sandbox",
    )
    user = get_user_model().objects.create_superuser("bench", "bench@example.com", "bench-pw-1")
    school.members.add(user)
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return sandbox.api_key, {settings.SESSION_COOKIE_NAME: session.session_key}


def timed(url: str, **kwargs) -> float:
    import requests

    # A new connection per request, as the portal's client makes one per page: keep-alive
    # on one side only would skew the comparison (and local keep-alive meets delayed ACKs).
    started = time.perf_counter()
    response = requests.get(url, timeout=30, **kwargs)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}: {response.text[:300]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=40, help="timed requests per kind")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        configure(Path(folder) / "bench.sqlite3")
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        api_key, cookies = setup_school(base_url)
        server = serve(port)
        api = {"X-Auth-API-Key": api_key, "X-Auth-Subdomain": "bench-school"}

        try:
            rows = []
            for size in SIZES:
                page = f"{base_url}/s/bench/users/?limit={size}"
                requests_by_kind = {
                    "direct": (f"{base_url}/sandbox/api/public/v1/users?page=1&limit={size}", api),
                    "page": (page, {}),
                    "fragment": (page, {"HX-Request": "true"}),
                }
                samples: dict[str, list[float]] = {kind: [] for kind in requests_by_kind}
                for _ in range(10):  # warm up both workers: templates, cached filter choices
                    for url, headers in requests_by_kind.values():
                        timed(url, headers=headers, cookies=cookies)
                for _ in range(args.rounds):
                    for kind, (url, headers) in requests_by_kind.items():  # interleaved
                        samples[kind].append(timed(url, headers=headers, cookies=cookies))
                medians = {kind: statistics.median(values) for kind, values in samples.items()}
                rows.append((size, medians))
        finally:
            server.terminate()
            server.wait()

    print(f"Median of {args.rounds} requests each, Python {sys.version.split()[0]}:\n")
    print("| rows | upstream direct | portal page | portal adds | HTMX fragment | adds |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size, m in rows:
        print(
            f"| {size} | {m['direct']:.1f} ms | {m['page']:.1f} ms "
            f"| {m['page'] - m['direct']:+.1f} ms | {m['fragment']:.1f} ms "
            f"| {m['fragment'] - m['direct']:+.1f} ms |"
        )


if __name__ == "__main__":
    main()
