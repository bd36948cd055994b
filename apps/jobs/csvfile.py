"""Reading an uploaded CSV (the user import's, bulk enroll's emails): its text, then its
rows, within limits that keep every page built from it small and its forms submittable.
A file outside them is refused whole, with a message saying where and why."""

from __future__ import annotations

import codecs
import csv
import io
import re

MAX_BYTES = 2 * 1024 * 1024
# Thinkific's import has nine columns and a school's custom fields: 100 is plenty, and keeps
# the mapping form (a field per column) far below Django's 1,000 fields a POST.
MAX_COLUMNS = 100
MAX_CELL = 10_000  # characters: a long bio fits
MAX_LINE = 100_000  # characters of one line of the file
LINE_END = re.compile(r"\r\n?|\n")
UTF16_32 = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class BadFile(ValueError):
    """The file as a whole is refused; nothing is kept."""


def text_of(raw: bytes) -> str:
    """An uploaded file's text: UTF-8 (with or without its BOM), else Excel's cp1252."""
    if raw.startswith(UTF16_32):
        raise BadFile("The file is UTF-16 or UTF-32 text: save it as CSV (UTF-8) and try again.")
    if b"\x00" in raw:
        raise BadFile("That is not a CSV file: it holds NUL bytes (binary data).")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            raise BadFile("The file is neither UTF-8 nor Windows-1252 text.") from None


def rows_of(text: str) -> list[list[str]]:
    """The CSV's rows (`,` or Excel's `;` between cells; any line ending), blank lines left
    out; `BadFile` for a line, a cell or a row past the limits, or broken quoting."""
    first = LINE_END.split(text.lstrip("\r\n"), maxsplit=1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if len(line) > MAX_LINE:
            raise BadFile(f"Line {number:,} is over {MAX_LINE:,} characters long.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = []
    try:
        for row in reader:
            _check(row, reader.line_num)
            if any(map(str.strip, row)):
                rows.append(row)
    except csv.Error:
        raise BadFile(
            f"Line {reader.line_num:,} is not CSV: a quoted cell is not closed, "
            "or text follows its closing quote."
        ) from None
    return rows


def _check(row: list[str], line: int) -> None:
    if len(row) > MAX_COLUMNS:
        raise BadFile(
            f"Line {line:,} has {len(row):,} columns; up to {MAX_COLUMNS} at a time. "
            "Remove the columns you do not import."
        )
    sizes = list(map(len, row))  # 10,000 rows of 100 cells: no Python loop per cell
    if sizes and max(sizes) > MAX_CELL:
        column = next(n for n, size in enumerate(sizes, start=1) if size > MAX_CELL)
        raise BadFile(f"Line {line:,}, column {column}: a cell over {MAX_CELL:,} characters.")
