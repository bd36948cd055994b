"""The log-in pages under the brake: guesses slow to a trickle per account and per address,
a browser that logged in before never waits on strangers, every page that logs in is braked.
(The brake's own parts: test_brake.py.)"""

from collections import defaultdict
from http.cookies import SimpleCookie

import pytest
from django.conf import settings as django_settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from apps.core import auth, brake

pytestmark = pytest.mark.django_db

RIGHT = "right-password-123"
HOUR = 3600


def wait(failures: int, free: int, max_wait: int) -> int:
    """The documented wait: none for `free` failures, then 1 s doubling up to `max_wait`."""
    return 0 if failures <= free else min(2 ** (failures - free - 1), max_wait)


def most_checks(free: int, max_wait: int, seconds: float) -> int:
    """The passwords one account (or address, or device) can have checked in `seconds` from
    a fresh start by a guesser who tries again the moment the wait is over: waits only grow,
    so no other window holds more."""
    at, failures = 0, 0
    while at < seconds:
        failures += 1
        at += wait(failures, free, max_wait)
    return failures


def waits_kept(times: list[float], free: int, max_wait: int) -> bool:
    """Each wrong check came no sooner than the wait the ones before it earned (counted afresh
    after an hour without one)."""
    failures, last = 0, None
    for at in times:
        if last is not None and at - last >= HOUR:
            failures = 0
        if failures and at - last < wait(failures, free, max_wait):
            return False
        failures, last = failures + 1, at
    return True


@pytest.fixture
def checked(clock):
    """(time, username, address) of every password that was looked at and was wrong."""
    seen = []

    def record(sender, credentials, request=None, **kwargs):
        seen.append((clock.now, credentials.get("username"), request.META.get("REMOTE_ADDR")))

    user_login_failed.connect(record)
    yield seen
    user_login_failed.disconnect(record)


@pytest.fixture
def ada(django_user_model):
    return django_user_model.objects.create_user("ada", "ada@example.com", RIGHT)


def attempt(client, username, password, address="10.0.0.1", url=None, **extra):
    """A log-in from `client`; whether it logged in. The session is dropped afterwards (the
    device cookie stays, as it does in a browser that logs out)."""
    response = client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )
    logged_in = "_auth_user_id" in client.session
    client.cookies.pop(django_settings.SESSION_COOKIE_NAME, None)
    return response, logged_in


def refused(response) -> bool:
    return response.status_code == 429 and "Too many failed log-ins" in response.content.decode()


def guess_greedily(client, clock, times, username, address="10.0.0.1", **extra):
    """`times` wrong passwords, the next one the moment it is answered, or a second after a
    refusal: within a second of every wait's end. Returns the seconds it took. `address` may
    be a function of the guess's number."""
    start = clock.now
    for number in range(times):
        where = address(number) if callable(address) else address
        if refused(attempt(client, username, "wrong", address=where, **extra)[0]):
            clock.advance(1)
    return clock.now - start


# The reproductions, at the default settings.


def test_admin_login_guesses_are_braked(client, clock, checked, django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.com", RIGHT)
    url = reverse("admin:login")
    seconds = guess_greedily(client, clock, 120, "root", url=url)
    assert len(checked) == most_checks(django_settings.LOGIN_ACCOUNT_FREE_FAILURES, 900, seconds)
    assert len(checked) == 12 and seconds == 108  # the other 108 were refused unchecked
    # The right password waits its turn like any other (the last wait, 64 s, ends at 127 s)...
    response, logged_in = attempt(client, "root", RIGHT, url=url)
    assert refused(response) and not logged_in
    assert "errornote" in response.content.decode()  # on the admin's own page
    clock.advance(int(response["Retry-After"]))
    assert attempt(client, "root", RIGHT, url=url)[1]  # ... and is no lock-out


def test_one_address_gets_few_guesses_in_15_minutes_whatever_the_usernames(client, clock, checked):
    start = clock.now
    while clock.now - start < 15 * 60:  # each guess the moment the last wait is over
        response = attempt(client, f"user{clock.now}", "guess", address="203.0.113.9")[0]
        if refused(response):
            clock.advance(int(response["Retry-After"]))
    ceiling = most_checks(django_settings.LOGIN_ADDRESS_FREE_FAILURES, 900, 15 * 60)
    assert len(checked) == ceiling == 30  # the old brake allowed about 99
    assert {address for _, _, address in checked} == {"203.0.113.9"}


def test_guesses_over_many_addresses_brake_the_account(client, clock, checked, ada):
    seconds = guess_greedily(client, clock, 180, "ada", address=lambda n: f"198.51.100.{n % 3}")
    ceiling = most_checks(django_settings.LOGIN_ACCOUNT_FREE_FAILURES, 900, seconds)
    assert len(checked) == ceiling == 13
    response, logged_in = attempt(Client(), "ada", RIGHT, address="192.0.2.4")
    assert refused(response) and not logged_in  # the account is in its wait (to 255 s)
    assert "or from a browser you have logged in with before" in response.content.decode()
    clock.advance(int(response["Retry-After"]))
    assert attempt(Client(), "ada", RIGHT, address="192.0.2.4")[1]


def test_a_flooded_address_never_holds_up_a_browser_that_logged_in_before(clock, checked, ada):
    office, browser = "10.1.1.1", Client()
    assert attempt(browser, "ada", RIGHT, address=office)[1]
    flood = Client()
    for number in range(150):
        attempt(flood, f"nobody{number % 7}", "guess", address=office)
        attempt(flood, "ada", "guess", address=office)
    assert refused(attempt(Client(), "ada", RIGHT, address=office)[0])  # a new browser waits
    assert attempt(browser, "ada", RIGHT, address=office)[1]
    # Its own typos count under the browser alone, and still get it in afterwards.
    for _ in range(django_settings.LOGIN_DEVICE_FREE_FAILURES):
        response, logged_in = attempt(browser, "ada", "typo", address=office)
        assert response.status_code == 200 and not logged_in
    assert attempt(browser, "ada", RIGHT, address=office)[1]


# How the brake waits, counts and forgets.


def test_a_refused_attempt_says_how_long_and_checks_nothing(client, clock, checked, ada):
    for _ in range(6):
        attempt(client, "ada", "wrong")
    assert len(checked) == 6
    response, logged_in = attempt(client, "ada", RIGHT)
    assert refused(response) and not logged_in
    assert response["Retry-After"] == "1"
    assert "Try again in 1 second," in response.content.decode()
    assert len(checked) == 6
    assert 'name="username"' in response.content.decode()  # the form, and what was typed
    assert 'value="ada"' in response.content.decode()


def test_the_waits_double_up_to_the_longest(client, clock, checked, settings, ada):
    settings.LOGIN_MAX_WAIT = 60
    for _ in range(6):
        attempt(client, "ada", "wrong")
    waits = []
    for _ in range(8):
        response = attempt(client, "ada", "wrong")[0]
        assert refused(response)
        waits.append(int(response["Retry-After"]))
        clock.advance(waits[-1] - 0.5)
        assert refused(attempt(client, "ada", "wrong")[0])  # not a moment early
        clock.advance(0.5)
        assert not refused(attempt(client, "ada", "wrong")[0])
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60]
    assert "Try again in 60 seconds," in response.content.decode()
    assert len(checked) == 6 + 8


def test_failures_are_forgotten_after_an_hour_without_one(client, clock, checked, ada):
    for _ in range(6):
        attempt(client, "ada", "wrong")
    clock.advance(HOUR)
    for _ in range(6):
        assert not refused(attempt(client, "ada", "wrong")[0])
    assert refused(attempt(client, "ada", "wrong")[0])


def test_a_login_forgets_no_failure(client, clock, ada):
    for _ in range(6):
        attempt(client, "ada", "wrong")
    clock.advance(1)
    assert attempt(Client(), "ada", RIGHT)[1]
    assert not refused(attempt(client, "ada", "wrong")[0])
    response = attempt(client, "ada", "wrong")[0]  # the guesser gets no fresh allowance
    assert refused(response) and response["Retry-After"] == "2"


@pytest.mark.parametrize("spelling", ["ADA", " ada", "\uff41\uff44\uff41", "Ada"])
def test_every_spelling_of_a_name_counts_for_one_account(client, clock, ada, spelling):
    for _ in range(6):
        attempt(client, spelling, "wrong", address="10.0.0.9")
    response, logged_in = attempt(Client(), "ada", RIGHT, address="10.0.0.8")
    assert refused(response) and not logged_in


def test_an_ipv6_client_is_one_address_across_its_64(client, clock, checked):
    for number in range(21):
        attempt(client, f"user{number}", "guess", address=f"2001:db8:1:2::{number:x}")
    assert refused(attempt(client, "someone", "guess", address="2001:db8:1:2:ffff::1")[0])
    assert not refused(attempt(client, "someone", "guess", address="2001:db8:1:3::1")[0])


def test_made_up_usernames_are_braked_like_real_ones(client, clock, checked):
    for _ in range(6):
        attempt(client, "ghost", "guess")
    assert refused(attempt(client, "ghost", "guess", address="10.9.9.9")[0])


# The device cookie.


def device_cookie(client):
    return client.cookies.get(brake.COOKIE)


def flood(account="ada", address="10.0.0.1", times=30):
    guesser = Client()
    for _ in range(times):
        attempt(guesser, account, "guess", address=address)


def test_a_login_sets_a_signed_http_only_strict_long_lived_device_cookie(client, clock, ada):
    assert device_cookie(client) is None
    attempt(client, "ada", RIGHT, secure=True)
    cookie = device_cookie(client)
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Strict"
    assert cookie["max-age"] == django_settings.LOGIN_DEVICE_DAYS * 86400
    assert signing.loads(cookie.value, salt=brake.COOKIE_SALT)[0]["u"] == "ada"
    insecure = Client()
    attempt(insecure, "ada", RIGHT)
    assert not device_cookie(insecure)["secure"]  # plain http in development


def test_a_failed_or_refused_login_sets_no_device_cookie(client, clock, ada):
    attempt(client, "ada", "wrong")
    assert device_cookie(client) is None
    flood()
    assert refused(attempt(client, "ada", RIGHT)[0])
    assert device_cookie(client) is None


def test_a_forged_or_foreign_device_cookie_exempts_nothing(clock, ada, django_user_model):
    django_user_model.objects.create_user("bob", "bob@example.com", RIGHT)
    adas, bobs = Client(), Client()
    attempt(adas, "ada", RIGHT)
    attempt(bobs, "bob", RIGHT)
    flood()
    assert refused(attempt(bobs, "ada", RIGHT)[0])  # a cookie for bob is none for ada
    value = device_cookie(adas).value
    forged = Client()
    forged.cookies = SimpleCookie({brake.COOKIE: value[:-1] + ("A" if value[-1] != "A" else "B")})
    assert refused(attempt(forged, "ada", RIGHT)[0])
    assert attempt(adas, "ada", RIGHT)[1]


def test_a_password_change_forgets_every_known_browser(clock, ada):
    browser = Client()
    attempt(browser, "ada", RIGHT)
    ada.set_password("another-password-456")
    ada.save()
    flood()
    assert refused(attempt(browser, "ada", "another-password-456")[0])


def test_a_device_cookie_expires(clock, settings, ada):
    browser = Client()
    attempt(browser, "ada", RIGHT)
    flood()
    clock.advance(settings.LOGIN_DEVICE_DAYS * 86400 + 1)
    flood()  # the account is in its wait again
    assert refused(attempt(browser, "ada", RIGHT)[0])


def test_one_browser_is_known_for_several_accounts(clock, ada, django_user_model):
    django_user_model.objects.create_user("bob", "bob@example.com", RIGHT)
    browser = Client()
    attempt(browser, "ada", RIGHT)
    attempt(browser, "bob", RIGHT)
    flood("ada")
    flood("bob")
    assert attempt(browser, "ada", RIGHT)[1]
    assert attempt(browser, "bob", RIGHT)[1]


def test_a_stolen_device_cookie_buys_only_the_devices_allowance(clock, checked, ada):
    browser, other = Client(), Client()
    attempt(browser, "ada", RIGHT)
    attempt(other, "ada", RIGHT)
    thief = Client()
    thief.cookies = SimpleCookie({brake.COOKIE: device_cookie(browser).value})
    for _ in range(django_settings.LOGIN_DEVICE_FREE_FAILURES + 1):
        attempt(thief, "ada", "guess", address="192.0.2.66")
    assert len(checked) == django_settings.LOGIN_DEVICE_FREE_FAILURES + 1
    assert attempt(Client(), "ada", RIGHT, address="192.0.2.7")[1]  # the account is untouched
    # Then, while the device waits, it is braked like any browser: the account's allowance.
    seconds = guess_greedily(thief, clock, 100, "ada", address="192.0.2.66")
    device = most_checks(django_settings.LOGIN_DEVICE_FREE_FAILURES, 900, seconds)
    account = most_checks(django_settings.LOGIN_ACCOUNT_FREE_FAILURES, 900, seconds)
    assert len(checked) <= device + account
    assert len(checked) >= account  # (not a vacuous bound)
    assert attempt(other, "ada", RIGHT)[1]  # the owner's other browser still gets in


# Every page that logs in.


def test_every_log_in_page_in_the_urls_is_braked():
    views = []

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                view_class = getattr(pattern.callback, "view_class", None)
                if view_class and issubclass(view_class, auth_views.LoginView):
                    form = pattern.callback.view_initkwargs.get(
                        "authentication_form", view_class.authentication_form
                    )
                    views.append((str(pattern.pattern), form))

    walk(get_resolver().url_patterns)
    assert views == [("accounts/login/", auth.LoginForm)]
    assert all(issubclass(form, auth.BrakedLogin) for _, form in views)
    assert issubclass(admin.site.login_form, auth.BrakedLogin)


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_an_error_during_the_check_gives_its_claim_back(client, clock, ada, monkeypatch, url_name):
    for _ in range(6):
        attempt(client, "ada", "wrong")
    clock.advance(1)
    broken = pytest.raises(RuntimeError)
    with monkeypatch.context() as patch, broken:
        patch.setattr(auth.AuthenticationForm, "clean", _explode)
        attempt(client, "ada", RIGHT, url=reverse(url_name))
    response, logged_in = attempt(client, "ada", RIGHT)
    assert logged_in, response.content.decode()[:400]


def _explode(self):
    raise RuntimeError("database gone")


# The property: any sequence of attempts, by browsers that may have logged in before.

SMALL = {"account": 1, "address": 3, "device": 2, "max_wait": 900}
NAMES = ("ada", "bob", "ghost", "ADA")
step = st.tuples(
    st.integers(0, 3),  # which browser
    st.sampled_from(NAMES),
    st.integers(0, 2),  # which address
    st.sampled_from([False, False, False, True]),  # the right password
    st.sampled_from([0] * 12 + [0.5, 1, 1, 2, 3, 5, 8, 30, 61, 900, HOUR]),  # since the last step
)


def most_in_an_hour(times: list[float]) -> int:
    return max((sum(start <= t < start + HOUR for t in times) for start in times), default=0)


@pytest.fixture
def small_brake(settings, django_user_model):
    settings.LOGIN_ACCOUNT_FREE_FAILURES = SMALL["account"]
    settings.LOGIN_ADDRESS_FREE_FAILURES = SMALL["address"]
    settings.LOGIN_DEVICE_FREE_FAILURES = SMALL["device"]
    settings.LOGIN_MAX_WAIT = SMALL["max_wait"]
    for name in ("ada", "bob"):
        django_user_model.objects.create_user(name, f"{name}@example.com", RIGHT)


@hypothesis_settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=60))
def test_the_brake_keeps_its_promises_for_any_attempts(small_brake, clock, checked, steps):
    cache.clear()
    checked.clear()
    browsers = [Client() for _ in range(4)]
    known = set()  # (browser, account) that logged in
    device_wrong = defaultdict(int)  # wrong checks by a known browser since its last log-in
    untrusted = defaultdict(list)  # account or address -> when its wrong checks were
    trusted = defaultdict(list)  # a known browser's, since its last log-in
    last_wrong = {}  # account or address -> its last wrong check, by any browser
    for browser, username, address_number, right, pause in steps:
        clock.advance(pause)
        account, address = brake.normalised(username), f"10.0.0.{address_number}"
        device = (browser, account)
        real = username in ("ada", "bob")
        waited = all(
            clock.now - last_wrong.get(key, -HOUR) >= SMALL["max_wait"]
            for key in (account, address)
        )
        before = len(checked)
        response, logged_in = attempt(
            browsers[browser], username, RIGHT if right else "wrong", address=address
        )
        assert response.status_code in (200, 302, 429)
        assert not logged_in or (right and real)
        if refused(response):
            event("refused")
            assert len(checked) == before  # nothing looked at
        if right and real and device in known and device_wrong[device] <= SMALL["device"]:
            event("a known browser logs in")
            assert logged_in, "a known browser with the right password must get in"
        if right and real and device not in known and waited:
            event("a new browser logs in after the longest wait")
            assert logged_in, "past the longest wait, nothing may hold the owner up"
        if logged_in:
            known.add(device)
            device_wrong[device] = 0
            trusted[device] = []
        elif len(checked) > before:
            last_wrong[account] = last_wrong[address] = clock.now
            if device in known:
                device_wrong[device] += 1
                trusted[device].append(clock.now)
            else:
                untrusted[account].append(clock.now)
                untrusted[address].append(clock.now)
    max_wait = SMALL["max_wait"]
    for key, times in untrusted.items():
        free = SMALL["address"] if key.startswith("10.") else SMALL["account"]
        assert waits_kept(times, free, max_wait), key
        assert most_in_an_hour(times) <= most_checks(free, max_wait, HOUR), key
        if most_in_an_hour(times) > free + 1:
            event("an account or address waits")
    for times in trusted.values():
        ceiling = most_checks(SMALL["device"], max_wait, HOUR)
        assert most_in_an_hour(times) <= ceiling + most_checks(SMALL["account"], max_wait, HOUR)


# Behind a proxy.


def test_behind_the_proxy_each_client_counts_on_its_own(client, clock, ada, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(25):
        attempt(client, f"nobody{number}", "guess", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert refused(attempt(client, "x", "guess", HTTP_X_FORWARDED_FOR="203.0.113.7")[0])
    assert attempt(client, "ada", RIGHT, HTTP_X_FORWARDED_FOR="198.51.100.2")[1]


def test_the_readme_states_what_the_defaults_allow():
    readme = " ".join((django_settings.BASE_DIR / "README.md").read_text().split())
    max_wait = django_settings.LOGIN_MAX_WAIT
    account = django_settings.LOGIN_ACCOUNT_FREE_FAILURES
    address = django_settings.LOGIN_ADDRESS_FREE_FAILURES
    device = django_settings.LOGIN_DEVICE_FREE_FAILURES
    later = f"{HOUR // max_wait} an hour"
    day = most_checks(account, max_wait, 24 * HOUR)
    first = {free: most_checks(free, max_wait, HOUR) for free in (account, address, device)}
    assert f"account, {first[account]} passwords in the first hour and then {later}" in readme
    assert f"(about {day} a day)" in readme
    assert f"address, {first[address]} in the first hour and then {later}" in readme
    assert f"allowance: {first[device]} in the first hour, then {later}" in readme
