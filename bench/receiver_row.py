"""What SQLite's work for one stored event costs, piece by piece, against the bare row.

    .venv/bin/python bench/receiver_row.py [--rounds 5] [--count 2000] [--connections 3]

The receiver's rate on SQLite is bound by the database's work for each row (see README:
the SQLite receiver). This measures that work alone, with Python's `sqlite3` and no
server: the portal's row, as the receiver stores it (one delivery goes through
`delivery_receive` first, and its stored columns are the template), inserted with the
receiver's own statement into copies of the migrated schema, each copy without one piece:
the payload column's content, or one or more of the feed's indexes. The bare receiver's
row (`bare_receiver.py`) is the reference, in the same run, rounds interleaved.

The inserts rotate over `--connections` connections per copy, as a server's threads and
processes do: a write by another connection empties a connection's page cache, so every
B-tree a row touches is read again.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import time

import webhooks_lib as lib

REFERENCE = "bare row (reference)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--count", type=int, default=2_000, help="inserts per copy a round")
    parser.add_argument("--connections", type=int, default=3)
    args = parser.parse_args()

    workdir = lib.workdir()
    env = lib.environment(lib.database_url("sqlite", workdir), lib.free_port())
    setup = lib.prepare(env)
    os.environ.update(env)
    sys.path.insert(0, str(lib.ROOT))  # the project, as the servers' PYTHONPATH has it
    import django

    django.setup()
    import bare_receiver
    from django.db import connection

    from apps.webhooks.models import Event
    from apps.webhooks.receiver import _insert_statement, delivery_receive, receiver_for

    bare_receiver.create_table()
    body = lib.envelope(0, "T_")
    head = lib.delivery_request(setup["uuid"], 8000, body).split(b"\r\n\r\n")[0].decode()
    headers = dict(line.split(": ", 1) for line in head.split("\r\n")[1:])
    delivery_receive(
        receiver=receiver_for(setup["uuid"]), body=body, headers=headers, remote_addr=lib.HOST
    )
    sql, fields = _insert_statement("sqlite")
    sql = sql.replace("%s", "?")
    columns = [field.column for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {Event._meta.db_table}")
        template = list(cursor.fetchone())
    connection.close()

    event_id, payload = columns.index("event_id"), columns.index("payload")
    feed_indexes = {tuple(index.fields): index.name for index in Event._meta.indexes}
    newest, by_topic, by_date = (
        feed_indexes[("connection", "-id")],
        feed_indexes[("connection", "topic", "-id")],
        feed_indexes[("connection", "received_at")],
    )
    copies = {  # name: (indexes dropped, payload column emptied)
        "portal": ((), False),
        "without the payload column": ((), True),
        "without newest-first": ((newest,), False),
        "without the topic index": ((by_topic,), False),
        "without both": ((newest, by_topic), False),
        "without the feed's 3 indexes": ((newest, by_topic, by_date), False),
    }
    source = str(workdir / "bench.sqlite3")
    connections = {REFERENCE: _connections(source, args.connections)}
    for name, (dropped, _) in copies.items():
        path = str(workdir / f"{len(connections)}.sqlite3")
        shutil.copy(source, path)
        with sqlite3.connect(path) as db:
            for index in dropped:
                db.execute(f'DROP INDEX "{index}"')
        connections[name] = _connections(path, args.connections)

    def rows(name: str, prefix: str) -> tuple[str, list]:
        if name not in copies:
            return bare_receiver.INSERT.format(mark="?"), [
                (f"{prefix}{n}", template[payload]) for n in range(args.count)
            ]
        params = []
        for n in range(args.count):
            row = list(template)
            row[event_id] = f"{prefix}{n}"
            if copies[name][1]:
                row[payload] = "{}"
            params.append(row)
        return sql, params

    load_before = lib.load_average()
    timings: dict[str, list[float]] = {name: [] for name in connections}
    for r in range(args.rounds):
        for c, (name, pool) in enumerate(connections.items()):
            statement, params = rows(name, f"R{r}c{c}_")
            start = time.perf_counter()
            for n, row in enumerate(params):
                pool[n % len(pool)].execute(statement, row).fetchall()
            timings[name].append((time.perf_counter() - start) / args.count * 1e6)

    reference = statistics.median(timings[REFERENCE])
    print(
        f"SQLite {sqlite3.sqlite_version}, {args.count} inserts a copy a round, {args.rounds}"
        f" rounds, {args.connections} connections a copy; load {load_before} before,"
        f" {lib.load_average()} after\n"
    )
    print("| row | **/ bare row** | median | rounds |\n|---|---:|---:|---|")
    for name, values in timings.items():
        median = statistics.median(values)
        rounds = ", ".join(f"{value:.0f}" for value in values)
        print(f"| {name} | **{median / reference:.2f}x** | {median:.0f} µs | {rounds} |")


def _connections(path: str, count: int) -> list[sqlite3.Connection]:
    """Opened as the portal's settings open them: WAL, synchronous NORMAL, autocommit."""
    pool = []
    for _ in range(count):
        db = sqlite3.connect(path, timeout=20, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        pool.append(db)
    return pool


if __name__ == "__main__":
    main()
