import pytest
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache

from apps.thinkific import errors
from apps.thinkific.client import ThinkificClient
from apps.thinkific.governor import WINDOW, RateGovernor
from tests.thinkific.conftest import KEY, SUBDOMAIN, TIMEOUTS, envelope


def governor(limit=3, max_wait=0.0, key="school:1", **kwargs):
    return RateGovernor(key, limit=limit, max_wait=max_wait, **kwargs)


def take(gov, times):
    for _ in range(times):
        gov.acquire()


def test_allows_the_limit_then_refuses_at_once_when_waiting_is_not_allowed(clock):
    gov = governor(limit=3)
    take(gov, 3)

    with pytest.raises(errors.RateLimitedError) as caught:
        gov.acquire()

    assert clock.sleeps == []
    # The window is full: room comes with the next one.
    assert caught.value.reset_at == pytest.approx(clock.now + WINDOW, abs=0.1)
    assert caught.value.held_back
    assert "stay within Thinkific's request budget" in caught.value.message


def test_a_refused_request_does_not_spend_budget(clock):
    gov = governor(limit=2)
    take(gov, 2)
    for _ in range(5):
        with pytest.raises(errors.RateLimitedError):
            gov.acquire()

    assert gov.budget().remaining == 0
    clock.advance(WINDOW)
    # Sliding window: just into the next window, the last one still weighs ~fully.
    assert gov.budget().remaining == 0
    clock.advance(WINDOW / 2)
    assert gov.budget().remaining == 1  # 2 * 0.5 used: not 5 or 7


def test_waits_for_the_sliding_window_to_make_room_when_allowed(clock):
    gov = governor(limit=2, max_wait=120)
    take(gov, 2)

    gov.acquire()

    # First to the next window (60 s), where the full previous one still weighs 2; then
    # until its weight has fallen by half (30 s more), leaving room for one.
    assert sum(clock.sleeps) == pytest.approx(90, abs=0.1)
    assert gov.budget().remaining == 0


def test_processes_share_the_budget_through_the_cache(clock):
    # As two processes would: separate governors that share nothing but the cache.
    first = governor(limit=3)
    second = governor(limit=3)
    take(first, 2)
    second.acquire()

    with pytest.raises(errors.RateLimitedError):
        first.acquire()
    assert second.budget().remaining == 0


def test_schools_have_separate_budgets(clock):
    take(governor(limit=1, key="school:1"), 1)

    governor(limit=1, key="school:2").acquire()


def test_uses_the_cache_it_is_given(clock):
    private = LocMemCache("governor-test", {})
    gov = governor(limit=1, cache_backend=private)
    gov.acquire()

    governor(limit=1).acquire()  # the default cache knows nothing of it
    with pytest.raises(errors.RateLimitedError):
        gov.acquire()


def test_block_until_holds_every_process_back(clock):
    governor().block_until(clock.now + 30)
    gov = governor(max_wait=2)

    with pytest.raises(errors.RateLimitedError) as caught:
        gov.acquire()

    assert caught.value.reset_at == pytest.approx(clock.now + 30)
    assert clock.sleeps == []
    assert caught.value.held_back
    assert "Thinkific answered 429" in caught.value.message


def test_a_short_block_is_waited_out(clock):
    gov = governor(max_wait=5)
    gov.block_until(clock.now + 1.5)

    gov.acquire()

    assert clock.sleeps == [pytest.approx(1.5)]


def test_a_block_in_the_past_is_ignored(clock):
    gov = governor()
    gov.block_until(clock.now - 5)

    gov.acquire()

    assert gov.budget().blocked_until is None


def test_budget_reports_limit_remaining_reset_and_block(clock):
    gov = governor(limit=5)
    clock.advance(15)
    take(gov, 2)

    budget = gov.budget()

    assert (budget.limit, budget.remaining, budget.blocked_until) == (5, 3, None)
    assert budget.resets_in == pytest.approx(45)

    gov.block_until(clock.now + 20)
    blocked = gov.budget()
    assert blocked.remaining == 0
    assert blocked.blocked_until == pytest.approx(clock.now + 20)


def test_budget_does_not_spend(clock):
    gov = governor(limit=1)
    for _ in range(3):
        gov.budget()

    gov.acquire()


def test_counts_are_forgotten_after_two_windows(clock):
    gov = governor(limit=2)
    take(gov, 2)

    clock.advance(2 * WINDOW)

    assert gov.budget().remaining == 2
    take(gov, 2)


def test_the_client_asks_the_governor_before_every_request(api, clock):
    client = ThinkificClient(
        subdomain=SUBDOMAIN, api_key=KEY, timeouts=TIMEOUTS, governor=governor(limit=1)
    )
    api.expect("GET", "/users", query={"page": 1, "limit": 25}, json=envelope([]))
    client.users.list()

    with pytest.raises(errors.RateLimitedError):
        client.users.list()  # refused before any request: `api` would reject a second one


def test_a_429_from_thinkific_blocks_the_school_for_every_client(api, clock):
    def school_client():
        return ThinkificClient(
            subdomain=SUBDOMAIN, api_key=KEY, timeouts=TIMEOUTS, governor=governor(limit=100)
        )

    api.expect(
        "POST",
        "/groups",
        sent={"name": "x"},
        status=429,
        headers={"RateLimit-Reset": str(int((clock.now + 40) * 1000))},
    )
    with pytest.raises(errors.RateLimitedError) as answered:
        school_client().groups.create(name="x")
    assert not answered.value.held_back  # Thinkific's own 429

    with pytest.raises(errors.RateLimitedError) as caught:
        school_client().groups.list()  # another process: no request made
    assert caught.value.held_back
    assert caught.value.reset_at == pytest.approx(clock.now + 40)
    assert cache.get("thinkific:rate:school:1:blocked") == pytest.approx(clock.now + 40)
