"""Live feed latency, and what a hundred open feeds cost the other pages.

    .venv/bin/python bench/webhooks_feed.py --db postgres --workers 2 --feeds 100 [--redis]

Serves the portal with uvicorn (several processes) on a throwaway database, logs a user in,
then:

1. page latency with no feed open: GET of the watches page and of the feed page, N times;
2. opens `--feeds` live feeds (Server-Sent Events, plain sockets) and one real browser
   (Chromium) on the activity page;
3. POSTs `--events` signed deliveries, one every `--interval` seconds, each to a receiver
   process chosen by the kernel, and records when each row reaches every feed: in the
   browser, a MutationObserver notes the moment the row is in the page;
4. the same page latencies again, with every feed open and events arriving.

It prints, for the browser and for the simulated feeds, the delay from the POST being sent
to the row being there (median and p95, and the worst), whether every feed got every event,
and the page latencies beside the baseline. Times come from one clock (this machine's).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import time

import webhooks_lib as lib

ROW_EVENT = re.compile(rb"of event (\d+)</span>")


async def open_feed(port: int, path: str, cookie: str, arrivals: dict[str, float]):
    """One simulated browser tab: an SSE connection noting when each event arrives."""
    reader, writer = await asyncio.open_connection(lib.HOST, port)
    writer.write(
        (
            f"GET {path} HTTP/1.1\r\nHost: {lib.HOST}:{port}\r\nAccept: text/event-stream\r\n"
            f"Cookie: sessionid={cookie}\r\n\r\n"
        ).encode()
    )
    head = await reader.readuntil(b"\r\n\r\n")
    if b" 200 " not in head.split(b"\r\n", 1)[0]:
        raise RuntimeError(head.decode(errors="replace"))

    async def read() -> None:
        for _ in range(10**6):  # bounded: the feed is closed when the run ends
            chunk = await reader.read(65536)
            if not chunk:
                return
            now = time.time()
            for event_id in ROW_EVENT.findall(chunk):
                arrivals.setdefault(event_id.decode(), now)

    return writer, asyncio.create_task(read())


async def time_pages(port: int, cookie: str, paths: list[str], rounds: int) -> list[float]:
    """Seconds per page, each on a new connection.

    A new connection, as a proxy without upstream keep-alive makes them: on a kept-alive
    connection, `uvicorn --workers N` (N > 1) answers ~40 ms late, because its listening
    socket leaves TCP_NODELAY off and the response's second write waits for a delayed ACK.
    """
    timings = []
    for _ in range(rounds):
        for path in paths:
            started = time.perf_counter()
            reader, writer = await asyncio.open_connection(lib.HOST, port)
            writer.write(
                (
                    f"GET {path} HTTP/1.1\r\nHost: {lib.HOST}:{port}\r\n"
                    f"Cookie: sessionid={cookie}\r\nConnection: close\r\n\r\n"
                ).encode()
            )
            status, _ = await lib._read_response(reader)
            timings.append(time.perf_counter() - started)
            writer.close()
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
    return timings


def summary(values: list[float], scale: float = 1000) -> dict:
    return {
        "n": len(values),
        "median": round(lib.percentile(values, 0.5) * scale, 1),
        "p95": round(lib.percentile(values, 0.95) * scale, 1),
        "max": round(max(values) * scale, 1) if values else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--feeds", type=int, default=100)
    parser.add_argument("--events", type=int, default=60)
    parser.add_argument("--interval", type=float, default=0.25)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--redis", action="store_true")
    parser.add_argument("--pool", action="store_true", help="PostgreSQL connection pool")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()

    port = lib.free_port()
    extra = {"REDIS_URL": "redis://127.0.0.1:6379/13"} if args.redis else {}
    env = lib.environment(lib.database_url(args.db, lib.workdir()), port, pool=args.pool, **extra)
    setup = lib.prepare(env)
    cookie, uuid = setup["session"], setup["uuid"]
    pages = ["/s/bench/watches/", "/s/bench/activity/"]

    with lib.running("uvicorn", args.workers, env, port) as server:
        asyncio.run(time_pages(port, cookie, pages, 5))  # warm every worker up
        baseline = asyncio.run(time_pages(port, cookie, pages, args.rounds))
        browser_arrivals, feed_arrivals, sent, loaded, cpu_used = run_live(
            args, port, cookie, uuid, server.pid
        )

    browser = [browser_arrivals[i] - sent[i] for i in sent if i in browser_arrivals]
    feeds = [arrivals[i] - sent[i] for arrivals in feed_arrivals for i in sent if i in arrivals]
    complete = sum(all(i in arrivals for i in sent) for arrivals in feed_arrivals)
    report = {
        "db": args.db,
        "server": f"uvicorn x{args.workers}" + (" +pool" if args.pool else ""),
        "fan_out": "redis doorbell + database" if args.redis else "database polling",
        "feeds_open": args.feeds,
        "events": len(sent),
        "browser_ms": summary(browser) if browser else None,
        "browser_got_all": len(browser) == len(sent) if not args.no_browser else None,
        "feeds_ms": summary(feeds),
        "feeds_that_got_every_event": f"{complete}/{args.feeds}",
        "pages_ms_no_feeds": summary(baseline),
        "pages_ms_with_feeds_open": summary(loaded),
        "server_cpu_seconds_during_live_phase": round(cpu_used, 2),
    }
    print(json.dumps(report, indent=2))


def run_live(args, port: int, cookie: str, uuid: str, server_pid: int):
    sent: dict[str, float] = {}
    feed_arrivals: list[dict[str, float]] = [{} for _ in range(args.feeds)]
    browser_arrivals: dict[str, float] = {}
    playwright = browser = None
    if not args.no_browser:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM") or shutil.which("chromium"),
            headless=True,
            args=["--no-sandbox", "--disable-gpu"],
        )
        page = browser.new_page()
        page.context.add_cookies(
            [{"name": "sessionid", "value": cookie, "url": f"http://{lib.HOST}:{port}"}]
        )
        page.goto(f"http://{lib.HOST}:{port}/s/bench/activity/")
        page.wait_for_selector("[data-feed-status]:not([hidden])", timeout=10_000)
        page.evaluate(
            """() => {
              window.__arrivals = {};
              new MutationObserver((changes) => {
                const now = Date.now();
                for (const change of changes) for (const node of change.addedNodes) {
                  const hidden = node.querySelector && node.querySelector('.visually-hidden');
                  const match = hidden && hidden.textContent.match(/of event (\\d+)/);
                  if (match && !(match[1] in window.__arrivals)) window.__arrivals[match[1]] = now;
                }
              }).observe(document.getElementById('feed-rows'), {childList: true});
            }"""
        )

    async def live() -> tuple[list[float], float]:
        path = "/s/bench/activity/stream/?after=0"
        feeds = [await open_feed(port, path, cookie, arrivals) for arrivals in feed_arrivals]
        await asyncio.sleep(1.0)  # every listener is up
        cpu = lib.group_cpu_seconds(server_pid)
        pages_task = asyncio.create_task(
            time_pages(port, cookie, ["/s/bench/watches/", "/s/bench/activity/"], args.rounds)
        )
        reader, writer = await asyncio.open_connection(lib.HOST, port)
        for n in range(args.events):
            body = lib.envelope(n, "2027")
            event_id = json.loads(body)["id"]
            sent[event_id] = time.time()
            writer.write(lib.delivery_request(uuid, port, body))
            status, keep = await lib._read_response(reader)
            if status != 200:
                raise RuntimeError(f"delivery answered {status}")
            if not keep:
                writer.close()
                reader, writer = await asyncio.open_connection(lib.HOST, port)
            await asyncio.sleep(args.interval)
        writer.close()
        loaded = await pages_task
        await asyncio.sleep(2.0)  # the last rows arrive
        for feed_writer, task in feeds:
            feed_writer.close()
            task.cancel()
        return loaded, lib.group_cpu_seconds(server_pid) - cpu

    try:
        if browser is None:
            loaded, cpu = asyncio.run(live())
        else:
            loaded, cpu = _with_browser(live, page)
            browser_arrivals = {k: v / 1000 for k, v in page.evaluate("window.__arrivals").items()}
    finally:
        if browser is not None:
            browser.close()
            playwright.stop()
    return browser_arrivals, feed_arrivals, sent, loaded, cpu


def _with_browser(live, page):
    """Run the asyncio part in a thread: Playwright's sync API owns this thread's loop."""
    import threading

    result = {}

    def run() -> None:
        result["value"] = asyncio.run(live())

    thread = threading.Thread(target=run)
    thread.start()
    for _ in range(100_000):  # let the page's event loop turn while the feeds run
        if not thread.is_alive():
            break
        page.wait_for_timeout(50)
    thread.join()
    return result["value"]


if __name__ == "__main__":
    main()
