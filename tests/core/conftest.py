import pytest

from tests.core.clock import stopped


@pytest.fixture
def clock(monkeypatch, settings):
    """The log-in brake's time, moved by the test (tests/core/clock.py)."""
    return stopped(monkeypatch, settings)
