import threading
import time

import pytest
import requests
import responses

from apps.thinkific.transport import RawResponse, Timeouts, pooled_session, read_limited


class FakeResponse:
    def __init__(self, chunks, *, fail=None, pause=0.0):
        self.chunks, self.fail, self.pause = chunks, fail, pause

    def iter_content(self, chunk_size):
        for chunk in self.chunks:
            time.sleep(self.pause)
            yield chunk
        if self.fail:
            raise self.fail


def test_reading_stops_at_the_size_limit():
    content, cut = read_limited(
        FakeResponse([b"a" * 10, b"b" * 10, b"c" * 10]),
        max_bytes=15,
        deadline=time.monotonic() + 60,
    )
    assert (content, cut) == (b"a" * 10 + b"b" * 5, "size")


def test_reading_stops_at_the_deadline():
    content, cut = read_limited(
        FakeResponse([b"a", b"b", b"c"], pause=0.02),
        max_bytes=100,
        deadline=time.monotonic() + 0.03,
    )
    assert cut == "time"
    assert content in (b"a", b"ab")


def test_reading_keeps_what_came_before_the_connection_broke():
    content, cut = read_limited(
        FakeResponse([b"ab"], fail=requests.exceptions.ChunkedEncodingError()),
        max_bytes=100,
        deadline=time.monotonic() + 60,
    )
    assert (content, cut) == (b"ab", "broken")


def test_reading_everything():
    content, cut = read_limited(
        FakeResponse([b"ab", b"cd"]), max_bytes=4, deadline=time.monotonic() + 60
    )
    assert (content, cut) == (b"abcd", "")


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("latin-1", "Zo\u00c3\u00ab"),
        ("", "Zo\u00eb"),
        ("x-no-such-charset", "Zo\u00eb"),  # unknown: UTF-8, not a LookupError
    ],
)
def test_raw_text_decodes_by_charset_and_falls_back_to_utf8(encoding, expected):
    answer = RawResponse(
        status=200, reason="OK", headers=(), body="Zo\u00eb".encode(), encoding=encoding
    )
    assert answer.text == expected


def test_raw_headers_are_found_whatever_their_case():
    answer = RawResponse(
        status=200, reason="OK", headers=(("Content-Type", "text/plain"),), body=b""
    )
    assert answer.header("content-type") == "text/plain"
    assert answer.header("X-Missing") is None


def test_timeouts_pair_is_connect_then_read():
    assert Timeouts(connect=1.5, read=8.0).pair == (1.5, 8.0)


def test_the_pooled_session_is_one_per_thread_and_keeps_no_cookies():
    assert pooled_session() is pooled_session()
    others = []
    thread = threading.Thread(target=lambda: others.append(pooled_session()))
    thread.start()
    thread.join()
    assert others[0] is not pooled_session()

    with responses.RequestsMock() as mock:
        mock.get("https://api.thinkific.com/a", headers={"Set-Cookie": "__cf_bm=x; Path=/"})
        pooled_session().get("https://api.thinkific.com/a", timeout=1)
    assert len(pooled_session().cookies) == 0
