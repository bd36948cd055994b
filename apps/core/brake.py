"""The log-in brake: growing waits between password checks, which a browser the account's
owner has logged in with before does not wait on.

After OWASP's "Blocking Brute Force Attacks" and "Slow Down Online Guessing Attacks with
Device Cookies". Every password check counts under the account (the username, normalised,
from any address) and under the client's address. Past a small free allowance, each further
failure makes that account, and separately that address, wait twice as long as the last one
(from one second up to `LOGIN_MAX_WAIT`) before its next password is even looked at; a
refused attempt is told how long to wait, and nothing here ever sleeps. Failures are
forgotten after an hour without one; a log-in forgets none.

A log-in sets a signed device cookie for that account. Attempts from that browser count
under the device alone, with an allowance and waits of its own, and skip the account's and
the address's waits: no crowd behind one address (or a wrong `TRUSTED_PROXY_COUNT`), and no
guesser of the account, holds its owner up. While the device waits, it is braked like any
other browser, so a stolen cookie buys a thief that allowance and nothing more.

The state lives in the cache, shared by every process when it is Redis. One counter per
subject holds its failures and the checks under way, changed only by atomic increments, so
parallel requests cannot slip extra guesses past a wait.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import math
import secrets
import time
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare, salted_hmac

logger = logging.getLogger(__name__)

FIRST_WAIT = 1  # seconds, after the first failure past the allowance; doubles with each
SPAN = 1 << 20  # a counter holds failures * SPAN + checks under way (the latter signed)
BUSY_WAIT = 1  # seconds: another check of the same account or address is under way
COOKIE = "login_device"
COOKIE_SALT = "apps.core.brake.device"
COOKIE_ACCOUNTS = 5  # the accounts one browser is known for, most recent first


class RefusedError(Exception):
    """The password was not looked at: the account, address or device must wait."""

    def __init__(self, wait: float):
        super().__init__(wait)
        self.wait = wait

    @property
    def message(self) -> str:
        return (
            f"Too many failed log-ins. Try again in {in_words(self.wait)}, "
            "or from a browser you have logged in with before."
        )


def in_words(seconds: float) -> str:
    if seconds <= 60:
        whole = max(1, math.ceil(seconds))
        return f"{whole} second{'s' if whole != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minutes"


def wait_after(failures: int, free: int) -> int:
    """Seconds before the next check of a subject with `failures` failures."""
    past = failures - free
    if past <= 0:
        return 0
    return min(FIRST_WAIT * 2 ** min(past - 1, 40), settings.LOGIN_MAX_WAIT)


def forget_after() -> int:
    """Seconds without a failure after which a subject's failures are forgotten: an hour,
    or longer when waits are (else waiting one out would start a fresh allowance)."""
    return max(3600, 2 * settings.LOGIN_MAX_WAIT)


@dataclass(frozen=True)
class Subject:
    """What failures count under: an account, an address or a known device."""

    kind: str
    key: str
    free: int

    @property
    def counter(self) -> str:
        return f"login-brake:{self.kind}:{self.key}"

    @property
    def until(self) -> str:
        return f"{self.counter}:until"

    def claim(self) -> float:
        """0 when a check may go ahead (then it is counted as under way), else the seconds
        to wait (and nothing is counted)."""
        failures, under_way = split(_add(self.counter, 1, forget_after()))
        if failures + under_way - 1 <= self.free:
            return 0
        # Read after the claim: a failure writes its wait before it leaves the counter.
        wait = (cache.get(self.until) or 0) - time.time()
        if under_way <= 1 and wait <= 0:
            return 0
        self.release()
        return max(wait, BUSY_WAIT)

    def release(self) -> None:
        """The check under way is over and was no failure."""
        try:
            value = cache.incr(self.counter, -1)
        except ValueError:
            return  # forgotten meanwhile
        if value < 0:
            cache.delete(self.counter)  # Redis made the counter anew for the decrement

    def failed(self) -> None:
        """The check under way was a failure: it stays counted, and sets the next wait."""
        expected = split(cache.get(self.counter) or 0)[0] + 1
        self._wait(expected)
        ttl = forget_after()
        if cache.touch(self.counter, ttl):
            try:
                value = cache.incr(self.counter, SPAN - 1)
            except ValueError:
                value = _add(self.counter, SPAN, ttl)
        else:  # forgotten while the check was under way: the claim went with it
            value = _add(self.counter, SPAN, ttl)
        failures = split(value)[0]
        if failures > expected:  # others failed at the same time
            self._wait(failures)

    def _wait(self, failures: int) -> None:
        wait = wait_after(failures, self.free)
        if wait:
            cache.set(self.until, time.time() + wait, wait + 1)
            if failures == self.free + 1 or wait == settings.LOGIN_MAX_WAIT:
                label = self.key if self.kind == "address" else self.key[:12]
                logger.warning(
                    "log-in brake: %s %s waits %s s after %s failures",
                    self.kind,
                    label,
                    wait,
                    failures,
                )


def split(value: int) -> tuple[int, int]:
    """A counter's (failures, checks under way)."""
    failures, under_way = divmod(value + SPAN // 2, SPAN)
    return failures, under_way - SPAN // 2


def _add(key: str, delta: int, ttl: int) -> int:
    for _ in range(3):
        if cache.add(key, delta, ttl):
            return delta
        try:
            return cache.incr(key, delta)
        except ValueError:
            continue  # expired between the two calls
    return delta


@dataclass
class Check:
    """One password check under the brake: `check_start` claims it; then exactly one of
    `failed`, `succeeded` or `abandoned`."""

    request: HttpRequest | None
    subjects: list[Subject]

    def failed(self) -> None:
        for subject in self.subjects:
            subject.failed()

    def abandoned(self) -> None:
        for subject in self.subjects:
            subject.release()

    def succeeded(self, user) -> None:
        """Gives the claims back (a success forgets no failure: the account's owner logging
        in must not hand an attacker a fresh allowance) and knows the browser from now on."""
        self.abandoned()
        if self.request is not None:
            self.request.login_device_cookie = device_cookie(self.request, user)


def check_start(request: HttpRequest | None, username: str) -> Check:
    """Claims a password check of `username` for `request`, or raises RefusedError.

    A browser known for the account counts under its device alone; while the device waits
    it falls back to the account's and the address's brake, as OWASP's device cookies do."""
    name = normalised(username)
    device = known_device(request, name) if request is not None else None
    device_wait = None
    if device:
        subject = Subject("device", device, settings.LOGIN_DEVICE_FREE_FAILURES)
        device_wait = subject.claim()
        if not device_wait:
            return Check(request=request, subjects=[subject])
    address = address_key(client_address(request)) if request is not None else ""
    subjects = [
        Subject("account", _digest(name), settings.LOGIN_ACCOUNT_FREE_FAILURES),
        Subject("address", address, settings.LOGIN_ADDRESS_FREE_FAILURES),
    ]
    waits = [subject.claim() for subject in subjects]
    if not any(waits):
        return Check(request=request, subjects=subjects)
    for subject, wait in zip(subjects, waits, strict=True):
        if not wait:
            subject.release()
    refusal = RefusedError(min(max(waits), device_wait or math.inf))
    if request is not None:
        request.login_brake_wait = refusal.wait
    raise refusal


def normalised(username: str) -> str:
    """One account whatever the case, width or spaces a guess spells its name with."""
    return unicodedata.normalize("NFKC", username).strip().casefold()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def client_address(request: HttpRequest) -> str:
    """The client's address: behind `TRUSTED_PROXY_COUNT` proxies, the one the outermost of
    them saw (each appends to X-Forwarded-For; what comes before is the client's to write)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return hops[-proxies] if len(hops) >= proxies else remote


def address_key(address: str) -> str:
    """An IPv6 client holds a whole /64, so that is its address here."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return _digest(address)
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network((int(ip), 64), strict=False))


def _entries(request: HttpRequest) -> list[dict]:
    """The accounts this browser has logged in to, still within the cookie's lifetime."""
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return []
    try:
        entries = signing.loads(raw, salt=COOKIE_SALT)
    except signing.BadSignature:
        return []
    oldest = time.time() - settings.LOGIN_DEVICE_DAYS * 86400
    if not isinstance(entries, list):
        return []
    return [e for e in entries if isinstance(e, dict) and e.get("t", 0) > oldest]


def _binding(user) -> str:
    """Ties a device cookie to the password it logged in with: changing it forgets them all."""
    return salted_hmac(COOKIE_SALT, user.password, algorithm="sha256").hexdigest()[:32]


def known_device(request: HttpRequest, name: str) -> str | None:
    """The device's own key when this browser logged in to account `name` before."""
    for entry in _entries(request):
        if entry.get("u") != name:
            continue
        user = get_user_model()._default_manager.filter(pk=entry.get("p")).first()
        if user is None or normalised(user.get_username()) != name:
            return None
        if not constant_time_compare(entry.get("h", ""), _binding(user)):
            return None
        return entry.get("n")
    return None


def device_cookie(request: HttpRequest, user) -> str:
    """The cookie's new value: this account first, with a fresh device key (its own count)."""
    name = normalised(user.get_username())
    entry = {
        "u": name,
        "p": str(user.pk),
        "h": _binding(user),
        "n": secrets.token_urlsafe(12),
        "t": int(time.time()),
    }
    others = [e for e in _entries(request) if e.get("u") != name]
    return signing.dumps([entry, *others][:COOKIE_ACCOUNTS], salt=COOKIE_SALT, compress=True)


class LoginBrakeMiddleware:
    """Writes what the brake decided onto the answer of whichever page logged in: the device
    cookie after a log-in, 429 and Retry-After for a refused attempt."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        cookie = getattr(request, "login_device_cookie", None)
        if cookie:
            response.set_cookie(
                COOKIE,
                cookie,
                max_age=settings.LOGIN_DEVICE_DAYS * 86400,
                secure=request.is_secure(),
                httponly=True,
                samesite="Strict",
            )
        wait = getattr(request, "login_brake_wait", None)
        if wait:
            response.status_code = 429
            response["Retry-After"] = str(math.ceil(wait))
        return response
