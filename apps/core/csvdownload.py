"""Every CSV the portal serves: streamed in constant memory, each cell through one formula
guard, OWASP's rule against CSV injection (https://owasp.org/www-community/attacks/CSV_Injection).

    return csv_download(lines, filename=f"{request.school.slug}-users.csv")

`lines` is any iterable of rows, the header first; a cell may be text, a number, None
(empty) or anything else (written as its `str`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import islice
from typing import Any

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header

# A spreadsheet runs a cell beginning with one of these as a formula (OWASP's list).
TRIGGERS = frozenset("=+-@\t\r\n")
NUMBERS = (int, float, Decimal)  # bool is an int
BATCH = 500  # lines a chunk: one write to the network for many rows, memory still constant


def formula_guard(value: Any) -> Any:
    """The value as a cell no spreadsheet runs: text beginning with a trigger gets a leading
    `'` (shown, never run; strip it to get the text back)."""
    # Only text is guarded: numbers the portal writes stay numbers (a refund's -5.00).
    # The first character decides (OWASP): " =1" begins with a space, which keeps it text.
    if value.__class__ is not str:
        if value is None or isinstance(value, NUMBERS):
            return value
        value = str(value)
    first = value[:1]
    # A quote already before a trigger gets one more: one quote off always gives the text back.
    if first in TRIGGERS or (first == "'" and value.lstrip("'")[:1] in TRIGGERS):
        return "'" + value
    return value


def csv_download(lines: Iterable[Iterable[Any]], *, filename: str) -> StreamingHttpResponse:
    """A CSV attachment streamed from `lines` (the header first), every cell guarded."""
    response = StreamingHttpResponse(_chunks(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _chunks(lines: Iterable[Iterable[Any]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # the BOM: spreadsheets then read the file as UTF-8
    # Every cell in double quotes: a separator or quote inside one never starts a new cell.
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    lines = iter(lines)
    while batch := list(islice(lines, BATCH)):
        writer.writerows([formula_guard(value) for value in line] for line in batch)
        # Text that cannot be UTF-8 (a lone surrogate) must not cut the file short.
        yield buffer.getvalue().encode("utf-8", "replace")
        buffer.seek(0)
        buffer.truncate()
