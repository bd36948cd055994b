"""What a cache call costs while Redis is away, against Django's LocMemCache alone.

    .venv/bin/python bench/cache_outage.py [--rounds 5] [--calls 20000] [--firsts 20]

In one process, no server: `apps.core.cache.SharedCache` pointed at a closed port, its
breaker open (every call answered from the process's memory), against a LocMemCache,
rounds interleaved; the unit is a `get`, a `set`, an `incr` and the rate governor's
`acquire` (the cache calls every request to Thinkific makes). Then what the first call of
an outage costs: Redis refusing (nothing listens on its port) and Redis black-holed (a
port that takes connections and never answers), each on a fresh breaker. With Redis on
127.0.0.1:6379, the same calls against it (database 14) are shown for scale.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIVE_REDIS = "redis://127.0.0.1:6379/14"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=20_000, help="calls per operation a round")
    parser.add_argument("--firsts", type=int, default=20, help="outages begun, of each kind")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    settings.configure(USE_TZ=True)
    django.setup()
    import redis
    from django.core.cache.backends.locmem import LocMemCache

    from apps.core import cache as shared
    from apps.thinkific.governor import RateGovernor

    refused, holed = closed_port(), black_hole()
    backends = {
        "LocMemCache (reference)": LocMemCache("bench-reference", {}),
        "SharedCache, Redis down, breaker open": shared.SharedCache(url(refused), {}),
    }
    try:
        redis.Redis.from_url(LIVE_REDIS, socket_connect_timeout=0.2).ping()
        backends["SharedCache, Redis up (for scale)"] = shared.SharedCache(LIVE_REDIS, {})
    except redis.RedisError:
        pass
    down = backends["SharedCache, Redis down, breaker open"]
    down.get("open-the-breaker")
    assert down.breaker.down_since is not None

    operations = {
        "get": lambda cache, n: cache.get("key"),
        "set": lambda cache, n: cache.set("key", n, 60),
        "incr": lambda cache, n: cache.incr("counter"),
        "governor acquire": lambda cache, n: cache.governor.acquire(),
    }
    for cache in backends.values():
        cache.governor = RateGovernor(f"bench-{id(cache)}", limit=10**9, cache_backend=cache)
    seconds: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.rounds):
        for name, cache in backends.items():
            cache.set("counter", 0, 600)
            for operation, call in operations.items():
                started = time.perf_counter()
                for n in range(args.calls):
                    call(cache, n)
                per_call = (time.perf_counter() - started) / args.calls
                seconds.setdefault((name, operation), []).append(per_call)

    print(f"load average before the firsts: {os.getloadavg()[0]:.2f}")
    print(f"{args.rounds} rounds of {args.calls:,} calls; median per call, ratio first\n")
    reference = "LocMemCache (reference)"
    for operation in operations:
        base = statistics.median(seconds[(reference, operation)])
        for name in backends:
            median = statistics.median(seconds[(name, operation)])
            print(f"{operation:<17} {name:<40} {median / base:5.2f}x  {median * 1e6:8.2f} µs")
        print()

    for kind, port in (("refused", refused), ("black-holed", holed)):
        firsts, after = [], []
        for _ in range(args.firsts):
            shared._breakers.clear()  # a fresh process's breaker: Redis thought up
            cache = shared.SharedCache(url(port), {})
            started = time.perf_counter()
            cache.get("key")
            firsts.append(time.perf_counter() - started)
            started = time.perf_counter()
            cache.get("key")
            after.append(time.perf_counter() - started)
        first, worst, next_ = statistics.median(firsts), max(firsts), statistics.median(after)
        print(
            f"first call of an outage, Redis {kind:<11}: median {first * 1e3:7.2f} ms,"
            f" max {worst * 1e3:7.2f} ms; the next call {next_ * 1e6:6.1f} µs"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


def url(port: int) -> str:
    return f"redis://127.0.0.1:{port}/0"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


_listeners: list[socket.socket] = []


def black_hole() -> int:
    """A port that completes connections in the kernel and never reads from them."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(256)
    _listeners.append(listener)  # open until the process ends
    return listener.getsockname()[1]


if __name__ == "__main__":
    main()
