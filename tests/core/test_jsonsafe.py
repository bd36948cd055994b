import contextlib
import time

import pytest

from apps.core import jsonsafe
from apps.core.jsonsafe import JSONError

LIMIT = 512 * 1024


def read(text, **kwargs):
    return jsonsafe.loads(text, max_bytes=kwargs.pop("max_bytes", LIMIT), **kwargs)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": [1, 2.5, "x", null, true]}', {"a": [1, 2.5, "x", None, True]}),
        (b'{"caf\\u00e9": "\\ud83d\\ude00"}', {"café": "😀"}),  # a paired surrogate is a char
        ('"[[[{{"', "[[[{{"),  # brackets inside strings are no nesting
        ('"a\\\\"', "a\\"),
        ("12345678901234567890", 12345678901234567890),
    ],
)
def test_plain_json_is_read(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"a": NaN}', "holds NaN"),
        ("[Infinity]", "holds Infinity"),
        ("[-Infinity]", "holds -Infinity"),
        ("[1e999]", "too large a number"),
        ('["\\ud800"]', "unpaired surrogate"),
        ('{"\\udfff": 1}', "unpaired surrogate"),
        ('["\\ud800x"]', "unpaired surrogate"),
        ('["\ud800"]', "unpaired surrogate"),  # a str holding one, not an escape
        ('["[[[[", ' + "[" * 64 + "]" * 64 + "]", "nests deeper than 64 levels"),
        ("[" * 65 + "]" * 65, "nests deeper than 64 levels"),
        ('{"a":' * 5000 + "1" + "}" * 5000, "nests deeper than 64 levels"),
        (b"\xff\xfe", "not UTF-8"),
        ("{oops}", "This is not valid JSON: Expecting property name"),
        ("1" * 5000, "This is not valid JSON"),
        ("", "This is not valid JSON"),
    ],
)
def test_what_no_database_or_page_can_hold_is_refused_with_its_reason(text, reason):
    with pytest.raises(JSONError, match=reason.replace("\\", "\\\\")):
        read(text)


def test_brackets_inside_strings_do_not_count_as_depth():
    assert read('["' + "[{" * 100 + '"]') == ["[{" * 100]


def test_depth_at_the_limit_is_read():
    value = read("[" * 64 + "]" * 64)
    for _ in range(63):
        value = value[0]
    assert value == []


def test_the_size_limit_counts_bytes():
    with pytest.raises(JSONError, match="larger than 1 KB"):
        read('"' + "é" * 600 + '"', max_bytes=1024)
    assert read('"' + "e" * 1000 + '"', max_bytes=1024)


def test_nul_escapes_become_the_stand_in_in_strings_and_keys():
    value = read('{"a\\u0000": ["\\u0000", "\\\\u0000", "\\\\\\u0000"]}', nul="\ufffd")
    assert value == {"a\ufffd": ["\ufffd", "\\u0000", "\\\ufffd"]}
    assert read('["\\u0000"]') == ["\x00"]  # only when asked


def test_the_worst_input_at_the_size_limit_is_read_quickly():
    worst = [
        "[" * (LIMIT // 2) + "]" * (LIMIT // 2),
        '["' + "\\u0000" * (LIMIT // 7) + '"]',
        '"' + "\\\\" * (LIMIT // 2 - 2) + '"',
        "[" + "1," * (LIMIT // 2 - 2) + "1]",
    ]
    for text in worst:
        started = time.monotonic()
        with contextlib.suppress(JSONError):
            read(text, nul="\ufffd")
        assert time.monotonic() - started < 1.0


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ('["\\ud800"]', ["\ufffd"]),
        ('["\\udc00x", "\\ud800\\ud800\\udc00"]', ["\ufffdx", "\ufffd\U00010000"]),
        ('["\\ud83d\\ude00"]', ["😀"]),
        ('["\\\\ud800"]', ["\\ud800"]),  # an escaped backslash, then letters
        ('{"\\uDFFF": "\\\\\\udbff"}', {"\ufffd": "\\\ufffd"}),
    ],
)
def test_stored_json_is_read_with_lone_surrogates_as_the_replacement_character(stored, expected):
    import json

    assert json.loads(stored, cls=jsonsafe.StoredDecoder) == expected


def test_stored_json_nested_too_deep_reads_as_a_note():
    import json

    value = json.loads("[" * 900 + "]" * 900, cls=jsonsafe.StoredDecoder)
    assert value == {"unreadable": "Stored nested deeper than 64 levels: not shown."}
