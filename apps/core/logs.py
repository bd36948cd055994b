"""What `make run`'s console leaves out: lines that repeat for every task or process."""

import logging
import sys


class ConsoleFilter(logging.Filter):
    """Drops the task worker's two lines per task (a sandbox delivery is a task) and, in
    the worker, the reloader's "Watching for file changes" that the server already said.

    A filter on the handler, not a logger level: `db_worker` sets its loggers' levels itself.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            return True
        if record.name == "django_tasks":
            return False
        return not (record.name == "django.utils.autoreload" and "db_worker" in sys.argv)
