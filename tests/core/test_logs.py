import logging

from apps.core.logs import ConsoleFilter


def record(name, level=logging.INFO, msg="x"):
    return logging.LogRecord(name, level, __file__, 1, msg, None, None)


def test_a_task_run_is_not_printed_but_its_failure_is():
    console = ConsoleFilter()
    assert not console.filter(record("django_tasks", msg="Task id=1 state=RUNNING"))
    assert console.filter(record("django_tasks", logging.ERROR, "Task id=1 state=FAILED"))
    assert console.filter(record("apps.webhooks.services"))


def test_the_reloader_speaks_once_for_server_and_worker(monkeypatch):
    console = ConsoleFilter()
    watching = record("django.utils.autoreload", msg="Watching for file changes")
    monkeypatch.setattr("sys.argv", ["manage.py", "runserver_demo"])
    assert console.filter(watching)
    monkeypatch.setattr("sys.argv", ["manage.py", "db_worker"])
    assert not console.filter(watching)


def test_django_logs_through_the_root_handler_only():
    assert logging.getLogger("django").handlers == []
    assert logging.getLogger("django").propagate
