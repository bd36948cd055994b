"""The users list page next to a Django admin changelist, and to its own upstream call.

    .venv/bin/python bench/users_list.py [--rounds 40] [--school-users 2000 100000] [--index]

Serves this project with gunicorn, as in production (gthread, 4 threads, DEBUG off), on free
local ports with a throwaway SQLite database: the portal with 2 workers, and the sandbox
(standing in for Thinkific, another server) with 1 worker of its own, on a copy of the
database of its own. Seeds a sandbox school of `--school-users` users, connects a portal
school to it over HTTP and adds as many users to the site's own table. The timing client
runs in this process. For 25 and 250 rows it then times, interleaved, each on a new
connection:

- admin:    the reference, Django admin's changelist of the site's users at N rows a page
            (`bench/bench_urls.py`), served by the portal's server;
- direct:   `GET /sandbox/api/public/v1/users?page=1&limit=N` with the school's API key,
            from the sandbox's server;
- page:     the portal's whole users page `GET /s/bench/users/?limit=N` (which makes that
            same upstream request; the filter choices are cached after the first load);
- fragment: the same page as HTMX asks for it when a filter changes (results only).

It prints the medians, the ratios to the changelist and what the portal adds to the
upstream call (page - direct), with the machine's load. With `--index` the school's index is
built first (its sync run in this process against the served sandbox), so the page and the
fragment are served from the index, without an upstream call.
"""

from __future__ import annotations

import argparse
import json
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
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "bench")]),
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


def serve(port: int, workers: int = 2, database: Path | None = None) -> subprocess.Popen:
    """gunicorn serving the project (on `database`, if given); returns once it answers."""
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "thinkific_portal.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--threads=4",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env={**os.environ, **({"DATABASE_URL": f"sqlite:///{database}"} if database else {})},
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


def setup_school(base_url: str, users: int):
    """Seed the sandbox school, connect a portal school to it and add `users` users to the
    site's own table (the changelist's); returns (key, cookie)."""
    import io

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from apps.connections.models import Connection
    from apps.sandbox.models import School

    call_command("migrate", verbosity=0)
    call_command("sandbox_seed", subdomain="bench-school", users=users, stdout=io.StringIO())
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
    get_user_model().objects.bulk_create(
        get_user_model()(
            username=f"user{n}",
            email=f"user{n}@example.com",
            first_name="Student",
            last_name=f"Number {n}",
            password="!",  # unusable
        )
        for n in range(users - 1)
    )
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


def build_index(slug: str) -> None:
    """Run the school's index sync here until nothing is due, as the worker would."""
    from apps.connections.models import Connection
    from apps.index import sync

    index = sync.index_of(Connection.objects.get(slug=slug))
    while (step := sync.index_work(index_id=index.pk, token="bench")).continue_in is not None:
        time.sleep(step.continue_in)
    index.refresh_from_db()
    if not index.is_ready:
        raise SystemExit(f"the index did not become ready: {step.message}")


def measure(rounds: int, school_users: int, indexed: bool) -> list[tuple[int, dict[str, float]]]:
    """Medians by kind of request, for each page size, against a school of `school_users`."""
    with tempfile.TemporaryDirectory() as folder:
        configure(Path(folder) / "bench.sqlite3")
        from django.db import connection  # once Django is set up

        port, upstream_port = free_port(), free_port()
        base_url, upstream_url = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{upstream_port}"
        api_key, cookies = setup_school(upstream_url, school_users)
        # The sandbox on a copy of its own, as Thinkific's data is not in the portal's
        # database: neither server's writes wait on the other's, nor evict its pages.
        upstream_database = Path(folder) / "sandbox.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(upstream_database)])
        server, upstream = serve(port), serve(upstream_port, 1, upstream_database)
        if indexed:
            build_index("bench")
        api = {"X-Auth-API-Key": api_key, "X-Auth-Subdomain": "bench-school"}
        try:
            rows = []
            for size in SIZES:
                page = f"{base_url}/s/bench/users/?limit={size}"
                requests_by_kind = {
                    "admin": (f"{base_url}/bench/admin-{size}/auth/user/", {}),
                    "direct": (
                        f"{upstream_url}/sandbox/api/public/v1/users?page=1&limit={size}",
                        api,
                    ),
                    "page": (page, {}),
                    "fragment": (page, {"HX-Request": "true"}),
                }
                samples: dict[str, list[float]] = {kind: [] for kind in requests_by_kind}
                for _ in range(10):  # warm up both workers: templates, cached filter choices
                    for url, headers in requests_by_kind.values():
                        timed(url, headers=headers, cookies=cookies)
                for _ in range(rounds):
                    for kind, (url, headers) in requests_by_kind.items():  # interleaved
                        samples[kind].append(timed(url, headers=headers, cookies=cookies))
                rows.append((size, {kind: statistics.median(v) for kind, v in samples.items()}))
        finally:
            for process in (server, upstream):
                process.terminate()
                process.wait()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=40, help="timed requests per kind")
    parser.add_argument(
        "--school-users", type=int, nargs="+", default=[2000], help="school sizes to compare"
    )
    parser.add_argument("--index", action="store_true", help="serve the lists from the index")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    load_before = Path("/proc/loadavg").read_text().split()[:3]
    results = []
    for school_users in args.school_users:
        if len(args.school_users) > 1:  # each size in a process of its own: Django is set up once
            results += json.loads(
                subprocess.run(
                    [sys.executable, __file__, "--rounds", str(args.rounds), "--json",
                     "--school-users", str(school_users), *(["--index"] if args.index else [])],
                    check=True, capture_output=True, text=True,
                ).stdout
            )  # fmt: skip
        else:
            results += [
                (school_users, *row) for row in measure(args.rounds, school_users, args.index)
            ]
    if args.json:
        print(json.dumps(results))
        return
    load_after = Path("/proc/loadavg").read_text().split()[:3]
    served = "From the index" if args.index else "Live"
    print(
        f"{served}: median of {args.rounds} requests each, Python {sys.version.split()[0]},"
        f" load average {' '.join(load_before)} before, {' '.join(load_after)} after:\n"
    )
    print(
        "| school users | rows | admin changelist | portal page | page / changelist "
        "| HTMX fragment | fragment / changelist | upstream direct | page adds to upstream |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for school_users, size, m in results:
        print(
            f"| {school_users:,} | {size} | {m['admin']:.1f} ms | {m['page']:.1f} ms "
            f"| **{m['page'] / m['admin']:.2f}x** | {m['fragment']:.1f} ms "
            f"| **{m['fragment'] / m['admin']:.2f}x** | {m['direct']:.1f} ms "
            f"| {m['page'] - m['direct']:+.1f} ms |"
        )


if __name__ == "__main__":
    main()
