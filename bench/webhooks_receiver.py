"""Deliveries per second the webhook receiver sustains, and proof that none is lost or doubled.

    .venv/bin/python bench/webhooks_receiver.py --db postgres --server gunicorn --workers 4
    .venv/bin/python bench/webhooks_receiver.py --db sqlite --server uvicorn --workers 2

Builds a throwaway database (a temporary SQLite file, or the PostgreSQL database
`portal_bench_webhooks` on 127.0.0.1, dropped and created again), migrates it, and serves the
portal with several processes on a free local port. Then it POSTs a burst of signed
deliveries (default 10,000, of which 10% are redeliveries of events already in the burst,
spread at random so that some copies race their original) over `--concurrency` kept-alive
connections, and prints:

- deliveries per second (the whole burst, signature check and durable insert included),
- the receiver's latency as the sender sees it (median, p95, p99), in the burst (queueing
  included) and for 500 deliveries sent one at a time,
- the check: every event stored once (zero lost), no event stored twice (zero duplicated),
  and the redeliveries counted, not stored;
- then a burst of forged deliveries (wrong signature): all 401, not one row written.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import statistics

import webhooks_lib as lib

BARE_PATH = "/bench/bare/in/"


def burst(port: int, uuid: str, prefix: str, args, path: str = "") -> tuple[list[bytes], int]:
    """`args.count` signed deliveries of events `prefix`0, `prefix`1, ... of which
    `args.redeliver` are copies placed at random (some race their original)."""
    unique = args.count - int(args.count * args.redeliver)
    order = list(range(unique)) + [random.randrange(unique) for _ in range(args.count - unique)]
    random.shuffle(order)
    requests = [lib.delivery_request(uuid, port, lib.envelope(n, prefix), path=path) for n in order]
    return requests, unique


def timed_burst(port: int, requests: list[bytes], concurrency: int, server) -> dict:
    """Deliveries/s and latency of one burst, with the CPU the server and others used."""
    results = lib.Results()
    before = (lib.group_cpu_seconds(server.pid), lib.machine_cpu())
    asyncio.run(lib.send_all(port, requests, concurrency=concurrency, results=results))
    server_cpu = lib.group_cpu_seconds(server.pid) - before[0]
    machine = [now - then for now, then in zip(lib.machine_cpu(), before[1], strict=True)]
    return {
        "per_second": round(len(requests) / results.elapsed),
        "p50_ms": round(lib.percentile(results.latencies, 0.50) * 1000, 1),
        "p95_ms": round(lib.percentile(results.latencies, 0.95) * 1000, 1),
        "server_cpu_ms_per_delivery": round(server_cpu / len(requests) * 1000, 2),
        "machine_busy_percent": round(100 * machine[0] / machine[1]),
        "statuses": results.statuses,
        "connection_errors": results.errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--server", choices=["uvicorn", "gunicorn", "gthread"], default="gthread")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=3, help="per gthread worker")
    parser.add_argument("--count", type=int, default=5_000, help="deliveries per burst")
    parser.add_argument("--rounds", type=int, default=2, help="bursts to each, alternated")
    parser.add_argument("--redeliver", type=float, default=0.10)
    parser.add_argument("--concurrency", type=int, default=18)
    parser.add_argument("--forged", type=int, default=1_000)
    parser.add_argument("--redis", action="store_true", help="ring Redis after each event")
    parser.add_argument("--pool", action="store_true", help="the bench's own PostgreSQL pool")
    parser.add_argument("--floor", action="store_true", help="also a framework-free receiver")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    random.seed(args.seed)

    port, floor_port = lib.free_port(), lib.free_port()
    db_url = lib.database_url(args.db, lib.workdir())
    extra = {"REDIS_URL": "redis://127.0.0.1:6379/14"} if args.redis else {}
    env = lib.environment(db_url, port, pool=args.pool, **extra)
    setup = lib.prepare(env)
    uuid = setup["uuid"]
    floor_env = {**env, "BARE_DATABASE_URL": db_url, "BARE_SECRET": lib.API_KEY}
    lib.query(env, "import bare_receiver\nbare_receiver.create_table()")

    # Each round: a burst to each reference, then one to the portal, on the same server.
    kinds = {"bare_django": (port, BARE_PATH), "portal": (port, "")}
    if args.floor:
        kinds["bare_wsgi"] = (floor_port, BARE_PATH)
    rounds = [
        {kind: burst(p, uuid, f"R{r}{kind[0]}_", args, path) for kind, (p, path) in kinds.items()}
        for r in range(args.rounds)
    ]
    warmup = {
        kind: [lib.delivery_request(uuid, p, lib.envelope(n, "W_"), path=path) for n in range(300)]
        for kind, (p, path) in kinds.items()
    }
    probes = [lib.delivery_request(uuid, port, lib.envelope(n, "A_")) for n in range(500)]
    forged = [
        lib.delivery_request(uuid, port, lib.envelope(n, "F_"), signature="0" * 64)
        for n in range(args.forged)
    ]

    load_before = lib.load_average()
    timings: dict[str, list[dict]] = {kind: [] for kind in kinds}
    serve = (args.server, args.workers)
    with contextlib.ExitStack() as stack:
        servers = {"": stack.enter_context(lib.running(*serve, env, port, args.threads))}
        if args.floor:
            floor = lib.running(*serve, floor_env, floor_port, args.threads, app="bare_receiver")
            servers["floor"] = stack.enter_context(floor)
        for kind, (p, _) in kinds.items():
            asyncio.run(lib.send_all(p, warmup[kind], concurrency=args.concurrency,
                                     results=lib.Results()))  # fmt: skip
        for bursts in rounds:
            for kind, (requests, _) in bursts.items():
                server = servers["floor" if kind == "bare_wsgi" else ""]
                timings[kind].append(
                    timed_burst(kinds[kind][0], requests, args.concurrency, server)
                )
        rejected = lib.Results()
        asyncio.run(lib.send_all(port, forged, concurrency=args.concurrency, results=rejected))
        alone = lib.Results()  # one at a time: the answer's own latency, no queue
        asyncio.run(lib.send_all(port, probes, concurrency=1, results=alone))

    checks = []
    for r, bursts in enumerate(rounds):
        requests, unique = bursts["portal"]
        stored = json.loads(lib.query(env, CHECK.format(prefix=f"R{r}p_")))
        checks.append(
            {
                "stored_events": stored["rows"],
                "lost": unique - stored["rows"],
                "duplicated": stored["twice"],
                "redeliveries_counted": stored["redeliveries"],
                "redeliveries_sent": len(requests) - unique,
            }
        )
    forged_rows = int(
        lib.query(
            env,
            "from apps.webhooks.models import Event\n"
            "print(Event.objects.filter(event_id__startswith='F_').count())",
        )
    )
    portal, bare = timings["portal"], timings["bare_django"]
    ratios = [p["per_second"] / b["per_second"] for p, b in zip(portal, bare, strict=True)]
    report = {
        "db": args.db,
        "server": f"{args.server} x{args.workers}"
        + (f" ({args.threads} threads)" if args.server == "gthread" else "")
        + (" +pool" if args.pool else ""),
        "deliveries_per_burst": args.count,
        "concurrency": args.concurrency,
        "redis_ring": args.redis,
        "load_average_before": load_before,
        "load_average_after": lib.load_average(),
        "ratio_portal_to_bare_django": [round(r, 2) for r in ratios],
        "ratio_median": round(statistics.median(ratios), 2),
        **timings,
        "checks": checks,
        "one_at_a_time_ms": {
            "p50": round(lib.percentile(alone.latencies, 0.50) * 1000, 2),
            "p95": round(lib.percentile(alone.latencies, 0.95) * 1000, 2),
        },
        "forged": {
            "sent": len(forged),
            "statuses": rejected.statuses,
            "per_second": round(len(forged) / rejected.elapsed) if forged else 0,
            "rows_written": forged_rows,
        },
    }
    print(json.dumps(report, indent=2))
    for r, (p, b) in enumerate(zip(portal, bare, strict=True)):
        print(
            f"round {r + 1}: portal {p['per_second']}/s, bare Django receiver"
            f" {b['per_second']}/s, ratio {ratios[r]:.2f}; server CPU per delivery"
            f" {p['server_cpu_ms_per_delivery']} ms vs {b['server_cpu_ms_per_delivery']} ms"
            + (f" (bare WSGI {timings['bare_wsgi'][r]['per_second']}/s)" if args.floor else "")
            + f"; lost {checks[r]['lost']}, duplicated"
            f" {checks[r]['duplicated']}, redeliveries {checks[r]['redeliveries_counted']}"
            f" of {checks[r]['redeliveries_sent']}"
        )


CHECK = (
    "import json\n"
    "from django.db.models import Count, Sum\n"
    "from apps.webhooks.models import Event\n"
    "burst = Event.objects.filter(event_id__startswith='{prefix}')\n"
    "twice = burst.values('event_id').annotate(n=Count('id')).filter(n__gt=1).count()\n"
    "print(json.dumps({{'rows': burst.count(), 'twice': twice,"
    " 'redeliveries': burst.aggregate(s=Sum('redeliveries'))['s'] or 0}}))"
)


if __name__ == "__main__":
    main()
