"""The one CSV writer and its formula guard: what any text becomes, and how it streams."""

import csv
import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apps.core.csvdownload import BATCH, TRIGGERS, csv_download, formula_guard

# Any text, and text made to begin with what matters: a trigger, a quote, a space.
STARTS = st.sampled_from(sorted(TRIGGERS | {"'", "''", " ", " \t", '"', ","}))
TEXT = st.one_of(st.text(), st.tuples(STARTS, st.text()).map("".join))


def written(lines) -> tuple[str, list[list[str]]]:
    """The download's text and its lines as a spreadsheet reads them."""
    response = csv_download(lines, filename="x.csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    return text, list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def unguarded(cell: str) -> str:
    """The reader's side: one quote off a cell of quotes then a trigger."""
    return cell[1:] if cell[:1] == "'" and cell.lstrip("'")[:1] in TRIGGERS else cell


@given(st.lists(TEXT, min_size=1, max_size=5))
def test_no_written_text_begins_as_a_formula_and_each_comes_back(texts):
    _, lines = written([texts])

    assert len(lines) == 1 and len(lines[0]) == len(texts)  # no cell split or merged
    for text, cell in zip(texts, lines[0], strict=True):
        assert cell[:1] not in TRIGGERS
        assert cell == text or cell == "'" + text  # the quoted form, the one change
        assert unguarded(cell) == text


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\n=1", "'\n=1"),  # OWASP lists the line feed too
        ("-5", "'-5"),  # text that looks like a number is still text
        ("'=1", "''=1"),  # a quote already there gets one more: the text comes back exact
        ("'Tis", "'Tis"),
        (" =1", " =1"),  # a space first: text to every spreadsheet, as OWASP's rule has it
        ("a=1", "a=1"),
        ("", ""),
    ],
)
def test_the_rule_on_text(text, cell):
    assert formula_guard(text) == cell


@pytest.mark.parametrize("number", [-5, Decimal("-5.00"), -1.5, 0, True])
def test_numbers_stay_numbers(number):
    assert formula_guard(number) is number
    _, lines = written([["amount"], [number]])
    assert lines[1] == [str(number)]


def test_anything_else_is_guarded_as_its_text():
    class Odd:
        def __str__(self):
            return "=1+1"

    assert formula_guard(Odd()) == "'=1+1"
    assert formula_guard(["-a"]) == "['-a']"
    assert formula_guard(None) is None
    assert written([[None, Odd()]])[1] == [["", "'=1+1"]]


def test_a_separator_or_quote_inside_a_cell_never_starts_another():
    text, lines = written([["a;=1", "b,=2", 'c"=3', "d\n=4", 7]])

    assert lines == [["a;=1", "b,=2", 'c"=3', "d\n=4", "7"]]
    # Every cell in double quotes, so a spreadsheet splitting on ";" keeps "a;=1" whole.
    assert text == '\ufeff"a;=1","b,=2","c""=3","d\n=4","7"\r\n'


def test_the_response_is_a_streamed_utf8_attachment():
    response = csv_download([["name"], ["Zoë"]], filename="baking-users.csv")

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="baking-users.csv"'
    assert b"".join(response.streaming_content) == '\ufeff"name"\r\n"Zoë"\r\n'.encode()


def test_lines_are_read_as_the_download_goes_in_chunks():
    read = []

    def lines():
        for number in range(3 * BATCH):
            read.append(number)
            yield [number, f"=row {number}"]

    chunks = csv_download(lines(), filename="x.csv").streaming_content
    first = next(chunks)

    assert len(read) == BATCH  # the first chunk is out before the rest is read
    assert first.startswith(b'\xef\xbb\xbf"0","\'=row 0"\r\n')
    assert len([first, *chunks]) == 3 and len(read) == 3 * BATCH


def test_text_that_cannot_be_utf8_does_not_cut_the_file_short():
    _, lines = written([["a\ud800b"], ["after"]])
    assert lines == [["a?b"], ["after"]]
