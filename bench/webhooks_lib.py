"""Shared pieces of the webhook benchmarks: a throwaway database, server processes, and a
small asyncio HTTP/1.1 client that keeps its connections open.

Everything runs on 127.0.0.1; every loop is bounded.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
HOST = "127.0.0.1"
API_KEY = "b" * 32
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "portal_bench_webhooks")


def database_url(kind: str, workdir: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    subprocess.run(
        [
            "psql",
            "-h",
            HOST,
            "-U",
            "postgres",
            "-q",
            "-c",
            f"DROP DATABASE IF EXISTS {PG_DATABASE}",
        ],
        check=True,
    )
    subprocess.run(
        ["psql", "-h", HOST, "-U", "postgres", "-q", "-c", f"CREATE DATABASE {PG_DATABASE}"],
        check=True,
    )
    return f"postgres://postgres@{HOST}:5432/{PG_DATABASE}"


def environment(db_url: str, port: int, *, pool: bool = False, **extra: str) -> dict[str, str]:
    """The server's environment (bench/bench_settings.py); `pool`: a PostgreSQL pool.

    BENCH_PYTHONPATH may name where psycopg_pool is installed, if not in the venv.
    """
    env = dict(os.environ)
    path = [str(ROOT), str(ROOT / "bench"), os.environ.get("BENCH_PYTHONPATH", "")]
    env.update(
        {
            "PYTHONPATH": os.pathsep.join(p for p in path if p),
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "BENCH_DB_POOL": "1" if pool else "0",
            "DATABASE_URL": db_url,
            "DEBUG": "false",
            "HTTPS": "false",
            "STATIC_MANIFEST": "false",
            "SANDBOX_ENABLED": "false",
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "PUBLIC_BASE_URL": f"http://{HOST}:{port}",
            "LOG_LEVEL": "ERROR",
            "SECRET_KEY": "bench-secret-key-not-for-production",
            "ENCRYPTION_KEYS": "8u3jLqRmP2rWc1kNl2Zr6yq9m3X7bYz1hQp4vT0sE5A=",
            "REDIS_URL": "",
        }
    )
    env.update(extra)
    return env


SETUP = """
import django, json, sys
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from apps.connections.models import Connection
school, _ = Connection.objects.get_or_create(
    slug="bench", defaults={"name": "Bench School", "subdomain": "bench", "api_key": sys.argv[1]})
User = get_user_model()
user = User.objects.filter(username="bench").first() or User.objects.create_superuser(
    "bench", "bench@example.com", "bench-password-123")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(json.dumps({"uuid": str(school.webhook_uuid), "school": school.pk,
                  "session": session.session_key}))
"""


def prepare(env: dict[str, str]) -> dict:
    """Migrate the database, create the school and a logged-in session."""
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    out = subprocess.run(
        [PYTHON, "-c", SETUP, API_KEY], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return json.loads(out.stdout)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_command(
    kind: str, port: int, workers: int, threads: int = 4, app: str = "thinkific_portal.wsgi"
) -> list[str]:
    """The command serving `app` (a WSGI module; uvicorn always serves the portal's ASGI)."""
    bin_dir = ROOT / ".venv" / "bin"
    if kind == "uvicorn":
        return [
            str(bin_dir / "uvicorn"),
            "thinkific_portal.asgi:application",
            "--host", HOST, "--port", str(port), "--workers", str(workers),
            "--no-access-log", "--log-level", "warning",
        ]  # fmt: skip
    if kind in ("gunicorn", "gthread"):
        command = [
            str(bin_dir / "gunicorn"),
            app,
            "-b", f"{HOST}:{port}", "-w", str(workers), "--log-level", "warning",
        ]  # fmt: skip
        if kind == "gthread":
            command += ["-k", "gthread", "--threads", str(threads)]
        return command
    raise ValueError(kind)


@contextlib.contextmanager
def running(
    kind: str,
    workers: int,
    env: dict[str, str],
    port: int,
    threads: int = 4,
    app: str = "thinkific_portal.wsgi",
):
    """`app` (the portal) served by `workers` processes of `kind`; stopped (by its pid) on exit."""
    process = subprocess.Popen(
        server_command(kind, port, workers, threads, app),
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection((HOST, port), 0.2):
                break
            time.sleep(0.1)
        else:
            raise RuntimeError(f"{kind} did not start")
        time.sleep(1.5 if workers > 1 else 0.5)  # every worker up
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


# -- deliveries ---------------------------------------------------------------------------


def envelope(n: int, prefix: str = "2026") -> bytes:
    """A realistic enrollment.created delivery (about 600 bytes); its id is prefix + n."""
    body = {
        "id": f"{prefix}{n:019d}",
        "resource": "enrollment",
        "action": "created",
        "tenant_id": "3",
        "created_at": "2026-01-26T22:17:01.924Z",
        "payload": {
            "activated_at": "2026-01-26T22:16:52.255Z",
            "completed_at": None,
            "course": {"id": 4, "name": "Introduction to Baking"},
            "course_id": 4,
            "created_at": "2026-01-26T22:16:52.285Z",
            "expiry_date": None,
            "free_trial": False,
            "id": 97472 + n,
            "percentage_completed": "0.0",
            "started_at": "2026-01-26T22:17:01.891Z",
            "updated_at": "2026-01-26T22:17:01.924Z",
            "user": {
                "email": f"student{n}@example.com",
                "first_name": "Student",
                "id": 123456 + n,
                "last_name": f"Number {n}",
            },
        },
    }
    return json.dumps(body, separators=(",", ":")).encode()


def delivery_request(
    uuid: str, port: int, body: bytes, *, signature: str | None = None, path: str = ""
) -> bytes:
    """A signed POST of `body` to the school's receiver (or to `path`)."""
    signature = signature or hmac.new(API_KEY.encode(), body, hashlib.sha256).hexdigest()
    head = (
        f"POST {path or f'/webhooks/in/{uuid}/'} HTTP/1.1\r\n"
        f"Host: {HOST}:{port}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "User-Agent: Thinkific-Webhooks-Bench\r\n"
        "X-Thinkific-Topic: enrollment.created\r\n"
        "X-Thinkific-Subdomain: bench\r\n"
        f"X-Thinkific-Hmac-Sha256: {signature}\r\n"
        "\r\n"
    )
    return head.encode() + body


@dataclass
class Results:
    statuses: dict[int, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)  # seconds
    errors: int = 0
    elapsed: float = 0.0

    def add(self, status: int, latency: float) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1
        self.latencies.append(latency)


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """(status, keep-alive) of one response; its body is read and dropped."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        for _ in range(10_000):
            size = int((await reader.readline()).strip() or b"0", 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    keep = headers.get("connection", "").lower() != "close"
    return status, keep


async def send_all(
    port: int, requests: list[bytes], *, concurrency: int, results: Results, timeout: float = 30
) -> None:
    """Send every request once, over `concurrency` kept-alive connections."""
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for request in requests:
        queue.put_nowait(request)

    async def worker() -> None:
        reader = writer = None
        for _ in range(len(requests)):
            if queue.empty():
                break
            request = queue.get_nowait()
            for _attempt in range(3):
                try:
                    if writer is None:
                        reader, writer = await asyncio.open_connection(HOST, port)
                    started = time.perf_counter()
                    writer.write(request)
                    status, keep = await asyncio.wait_for(_read_response(reader), timeout)
                    results.add(status, time.perf_counter() - started)
                    if not keep:
                        writer.close()
                        reader = writer = None
                    break
                except (OSError, asyncio.IncompleteReadError, TimeoutError):
                    results.errors += 1
                    if writer is not None:
                        writer.close()
                    reader = writer = None
        if writer is not None:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    results.elapsed = time.perf_counter() - started


def group_cpu_seconds(pgid: int) -> float:
    """CPU time (user + system) used so far by every process of a process group."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # field 5 of stat: the process group
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def command_cpu_seconds(command: str) -> float:
    """CPU time used so far by every process named `command` (e.g. "postgres")."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        if name == command:
            fields = text.rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, all cores."""
    fields = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    total = sum(fields[:8])
    idle = fields[3] + fields[4]
    return (total - idle) / ticks, total / ticks


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def query(env: dict[str, str], code: str) -> str:
    """Run Django code against the bench database; its stdout."""
    script = f"import django\ndjango.setup()\n{code}"
    out = subprocess.run(
        [PYTHON, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return out.stdout.strip()


def workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="portal-bench-"))


def python_version() -> str:
    return sys.version.split()[0]


def load_average() -> str:
    """The machine's 1, 5 and 15 minute load averages, as `uptime` prints them."""
    return ", ".join(Path("/proc/loadavg").read_text().split()[:3])
