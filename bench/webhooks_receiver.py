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
import json
import random

import webhooks_lib as lib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--server", choices=["uvicorn", "gunicorn", "gthread"], default="gunicorn")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4, help="per gthread worker")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--redeliver", type=float, default=0.10)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--forged", type=int, default=1_000)
    parser.add_argument("--redis", action="store_true", help="ring Redis after each event")
    parser.add_argument("--pool", action="store_true", help="PostgreSQL connection pool")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    random.seed(args.seed)

    port = lib.free_port()
    db_url = lib.database_url(args.db, lib.workdir())
    extra = {"REDIS_URL": "redis://127.0.0.1:6379/14"} if args.redis else {}
    env = lib.environment(db_url, port, pool=args.pool, **extra)
    setup = lib.prepare(env)
    uuid = setup["uuid"]

    unique = args.count - int(args.count * args.redeliver)
    order = list(range(unique)) + [random.randrange(unique) for _ in range(args.count - unique)]
    random.shuffle(order)
    requests = [lib.delivery_request(uuid, port, lib.envelope(n)) for n in order]
    warmup = [lib.delivery_request(uuid, port, lib.envelope(n, "2025")) for n in range(300)]
    probes = [lib.delivery_request(uuid, port, lib.envelope(n, "2023")) for n in range(500)]
    forged = [
        lib.delivery_request(uuid, port, lib.envelope(n, "2024"), signature="0" * 64)
        for n in range(args.forged)
    ]

    with lib.running(args.server, args.workers, env, port, args.threads) as server:
        asyncio.run(lib.send_all(port, warmup, concurrency=args.concurrency, results=lib.Results()))
        burst = lib.Results()
        cpu = (
            lib.group_cpu_seconds(server.pid),
            lib.own_cpu_seconds(),
            lib.command_cpu_seconds("postgres"),
            lib.machine_cpu(),
        )
        asyncio.run(lib.send_all(port, requests, concurrency=args.concurrency, results=burst))
        server_cpu = lib.group_cpu_seconds(server.pid) - cpu[0]
        sender_cpu = lib.own_cpu_seconds() - cpu[1]
        postgres_cpu = lib.command_cpu_seconds("postgres") - cpu[2]
        machine = [now - then for now, then in zip(lib.machine_cpu(), cpu[3], strict=True)]
        rejected = lib.Results()
        asyncio.run(lib.send_all(port, forged, concurrency=args.concurrency, results=rejected))
        alone = lib.Results()  # one at a time: the answer's own latency, no queue
        asyncio.run(lib.send_all(port, probes, concurrency=1, results=alone))

    stored = json.loads(
        lib.query(
            env,
            "import json\n"
            "from django.db.models import Count, Sum\n"
            "from apps.webhooks.models import Event\n"
            "burst = Event.objects.filter(event_id__startswith='2026')\n"
            "twice = burst.values('event_id').annotate(n=Count('id')).filter(n__gt=1).count()\n"
            "print(json.dumps({'rows': burst.count(), 'twice': twice,"
            " 'redeliveries': burst.aggregate(s=Sum('redeliveries'))['s'] or 0,"
            " 'forged_rows': Event.objects.filter(event_id__startswith='2024').count(),"
            " 'all_rows': Event.objects.count()}))",
        )
    )
    rate = len(requests) / burst.elapsed
    lost = unique - stored["rows"]
    report = {
        "db": args.db,
        "server": f"{args.server} x{args.workers}"
        + (f" ({args.threads} threads)" if args.server == "gthread" else "")
        + (" +pool" if args.pool else ""),
        "deliveries": len(requests),
        "unique_events": unique,
        "concurrency": args.concurrency,
        "redis_ring": args.redis,
        "deliveries_per_second": round(rate),
        "latency_ms": {
            "p50": round(lib.percentile(burst.latencies, 0.50) * 1000, 1),
            "p95": round(lib.percentile(burst.latencies, 0.95) * 1000, 1),
            "p99": round(lib.percentile(burst.latencies, 0.99) * 1000, 1),
        },
        "cpu_ms_per_delivery": {
            "server": round(server_cpu / len(requests) * 1000, 2),
            "postgres": round(postgres_cpu / len(requests) * 1000, 2),
            "sender": round(sender_cpu / len(requests) * 1000, 2),
        },
        # Everything else the machine did meanwhile (other programs): it slows the burst.
        "machine_busy_percent": round(100 * machine[0] / machine[1]),
        "other_programs_cpu_seconds": round(machine[0] - server_cpu - sender_cpu - postgres_cpu, 1),
        # What two idle cores could sustain at this CPU cost (server + database + sender).
        "two_idle_cores_estimate": round(
            2 * len(requests) / (server_cpu + postgres_cpu + sender_cpu)
        ),
        "one_at_a_time_ms": {
            "p50": round(lib.percentile(alone.latencies, 0.50) * 1000, 2),
            "p95": round(lib.percentile(alone.latencies, 0.95) * 1000, 2),
        },
        "statuses": burst.statuses,
        "connection_errors": burst.errors,
        "stored_events": stored["rows"],
        "lost": lost,
        "duplicated": stored["twice"],
        "redeliveries_counted": stored["redeliveries"],
        "redeliveries_sent": len(requests) - unique,
        "forged": {
            "sent": len(forged),
            "statuses": rejected.statuses,
            "per_second": round(len(forged) / rejected.elapsed) if forged else 0,
            "rows_written": stored["forged_rows"],
        },
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
