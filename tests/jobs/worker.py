"""The real task worker (`manage.py db_worker`) in a subprocess, on the test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The URL of the database the tests run on, for another process to use it."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


class Workers:
    """Starts workers and stops them; whatever is still running is killed at the end.
    Their logs go to one file (`log()` reads it): a pipe nobody reads would fill up after
    a few hundred calls' lines and stop the worker in the middle of a long job."""

    def __init__(self, **settings: str):
        self.env = {**os.environ, "DATABASE_URL": database_url(), **settings}
        self.running: list[subprocess.Popen] = []
        self.logs = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop_all)

    def start(self) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.logs,
        )
        self.running.append(process)
        return process

    def log(self) -> str:
        """What the workers have logged so far."""
        self.logs.seek(0)
        return self.logs.read().decode(errors="replace")

    def stop(self, process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
        process.send_signal(sig)
        process.wait(timeout=30)
        self.running.remove(process)

    def stop_all(self) -> None:
        for process in list(self.running):
            self.stop(process, signal.SIGKILL)
        self.logs.close()


def wait_for(condition, *, timeout: float = 60, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"Still waiting after {timeout} s")
