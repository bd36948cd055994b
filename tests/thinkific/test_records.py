from dataclasses import FrozenInstanceError, dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from apps.thinkific.records import (
    Record,
    to_bool,
    to_date,
    to_datetime,
    to_decimal,
    to_int,
    to_str,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (7, 7),
        ("7", 7),
        (" 7 ", 7),
        ("7.0", 7),
        (7.9, 7),
        (None, None),
        ("", None),
        ("seven", None),
        (True, None),
        ("NaN", None),
        ("Infinity", None),
        ([1], None),
    ],
)
def test_to_int(value, expected):
    assert to_int(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("20.0", Decimal("20.0")),
        (15, Decimal("15")),
        (0.5, Decimal("0.5")),
        ("15.00", Decimal("15.00")),
        (None, None),
        ("", None),
        ("abc", None),
        ("NaN", None),
        (False, None),
    ],
)
def test_to_decimal(value, expected):
    assert to_decimal(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        ("true", True),
        ("TRUE ", True),
        ("false", False),
        ("1", True),
        ("0", False),
        (1, True),
        (0, False),
        (None, None),
        ("", None),
    ],
)
def test_to_bool(value, expected):
    assert to_bool(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-07-12T23:19:00.154Z", datetime(2018, 7, 12, 23, 19, 0, 154000, tzinfo=UTC)),
        ("2018-07-12T23:19:00Z", datetime(2018, 7, 12, 23, 19, tzinfo=UTC)),
        ("2018-07-12T23:19:00", datetime(2018, 7, 12, 23, 19, tzinfo=UTC)),
        ("2021-04-27", datetime(2021, 4, 27, tzinfo=UTC)),
        (None, None),
        ("", None),
        ("yesterday", None),
        ("2021-13-45", None),
        (1700000000, None),
        ("0001-01-01T00:00:00Z", datetime(1, 1, 1, tzinfo=UTC)),
        ("9999-12-31T23:59:59Z", datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)),
    ],
)
def test_to_datetime(value, expected):
    assert to_datetime(value) == expected


def test_to_datetime_reads_the_webhooks_apis_nanoseconds_and_offset():
    moment = to_datetime("2020-02-27T21:32:33.625839530-05:00")

    assert moment == datetime(2020, 2, 28, 2, 32, 33, 625839, tzinfo=UTC)
    assert moment.utcoffset() is not None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # An offset can carry the UTC time past the calendar: kept, at its end.
        ("0001-01-01T00:00:00+05:00", datetime.min.replace(tzinfo=UTC)),
        ("9999-12-31T23:00:00-05:00", datetime.max.replace(tzinfo=UTC)),
        ("0001-01-01T04:00:00+05:00", datetime.min.replace(tzinfo=UTC)),
        ("0001-01-01T05:30:00+05:00", datetime(1, 1, 1, 0, 30, tzinfo=UTC)),
        ("9999-12-31T23:59:59.999999999Z", datetime.max.replace(tzinfo=UTC)),
        ("0001-01-01", datetime.min.replace(tzinfo=UTC)),
        ("10000-01-01T00:00:00Z", None),
        ("0000-12-31T23:59:59Z", None),
    ],
)
def test_to_datetime_at_the_calendars_ends_is_utc_and_in_range(value, expected):
    moment = to_datetime(value)

    assert moment == expected
    if moment is not None:
        assert moment.utcoffset() == timedelta(0)
        moment.astimezone(UTC)  # what storing it does


def test_to_date_keeps_a_bare_date_and_takes_the_day_of_a_moment():
    assert to_date("2021-04-27") == date(2021, 4, 27)
    assert to_date("2021-04-27T23:30:00Z") == date(2021, 4, 27)
    assert to_date("never") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("abc", "abc"), (156118, "156118"), (156118.0, "156118"), (1.5, "1.5"), (None, None)],
)
def test_to_str(value, expected):
    assert to_str(value) == expected


@dataclass(frozen=True, kw_only=True)
class Tag(Record):
    id: int | None = None
    label: str = ""


@dataclass(frozen=True, kw_only=True)
class Sample(Record):
    id: int
    name: str = ""
    price: Decimal | None = None
    active: bool = False
    ids: tuple[int, ...] = ()
    tags: tuple[Tag, ...] = ()
    owner: Tag | None = None
    extra: dict = field(default_factory=dict)
    seen_at: datetime | None = None


def test_from_api_coerces_numbers_sent_as_strings():
    sample = Sample.from_api(
        {"id": "12", "price": "9.50", "active": "true", "ids": ["1", 2, "x"], "seen_at": None}
    )

    assert sample.id == 12
    assert sample.price == Decimal("9.50")
    assert sample.active is True
    assert sample.ids == (1, 2)  # unreadable members dropped


def test_from_api_fills_nulls_and_missing_fields_with_defaults():
    sample = Sample.from_api({"id": 1, "name": None, "ids": None, "tags": None})

    assert sample.name == ""
    assert sample.ids == ()
    assert sample.tags == ()
    assert sample.owner is None
    assert sample.price is None
    assert sample.active is False
    assert sample.extra == {}


def test_from_api_keeps_unknown_fields_in_raw_only():
    data = {"id": 1, "brand_new_field": "x"}

    sample = Sample.from_api(data)

    assert sample.raw == data
    assert not hasattr(sample, "brand_new_field")


def test_from_api_builds_nested_records_and_skips_junk_items():
    sample = Sample.from_api(
        {"id": 1, "tags": [{"id": "3", "label": "x"}, "junk", None], "owner": {"id": 9}}
    )

    assert sample.tags == (Tag(id=3, label="x"),)
    assert sample.owner == Tag(id=9)


def test_from_api_gives_each_record_its_own_mutable_default():
    first, second = Sample.from_api({"id": 1}), Sample.from_api({"id": 2})

    assert first.extra is not second.extra


def test_from_api_tolerates_a_body_that_is_not_an_object():
    assert Sample.from_api(["not", "an", "object"]).id is None


def test_a_wrong_type_falls_back_to_the_default():
    sample = Sample.from_api({"id": {"nested": 1}, "name": ["a"], "extra": "text"})

    assert sample.id is None
    assert sample.name == ""
    assert sample.extra == {}


def test_records_are_frozen_and_compare_without_raw():
    sample = Sample.from_api({"id": 1, "junk": True})

    with pytest.raises(FrozenInstanceError):
        sample.id = 2  # type: ignore[misc]
    assert sample == Sample(id=1)


def test_from_api_makes_the_record_its_constructor_would():
    data = {
        "id": "4",
        "name": "x",
        "ids": [1],
        "tags": [{"id": 3}],
        "seen_at": "2026-01-02T03:04:05Z",
    }

    sample = Sample.from_api(data)

    built = Sample(
        id=4,
        name="x",
        ids=(1,),
        tags=(Tag(id=3),),
        seen_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        raw=data,
    )
    assert sample == built
    assert vars(sample) == vars(built)


def test_a_record_that_needs_its_init_is_refused():
    # from_api fills the record without calling __init__: a __post_init__ would be skipped.
    @dataclass(frozen=True, kw_only=True)
    class Checked(Record):
        id: int = 0

        def __post_init__(self):
            raise AssertionError("never skipped")

    with pytest.raises(TypeError, match="__post_init__"):
        Checked.from_api({"id": 1})
