"""The history's pages with any changes an entry may hold: a console call's body is any
JSON, under any field name, the ids and profile fields the page names included."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from apps.history.display import PROFILE_FIELDS, REFERENCES
from apps.history.models import Entry
from tests.fuzz.conftest import FUZZ, timed

# Entries hold what the recorder keeps: text without NUL (PostgreSQL's JSON holds none).
TEXT = st.characters(exclude_characters="\x00")
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),  # JSON has neither
    st.text(TEXT, max_size=30),
    st.sampled_from(["2026-03-04T23:30:00Z", "9999-99-99T99:99:99", "١٢٣", "0", "affiliate"]),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(TEXT, max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
ANSWER = st.fixed_dictionaries(
    {"custom_profile_field_definition_id": SCALARS},
    optional={"value": JSON, "label": JSON},
)
FIELDS = st.one_of(
    st.sampled_from([*REFERENCES, PROFILE_FIELDS, "roles", "topics", "quantity", "expiry_date"]),
    st.text(TEXT, max_size=20),
    st.sampled_from([*REFERENCES]).map(lambda name: f"{name} (added)"),
)
VALUES = st.one_of(JSON, st.lists(ANSWER, max_size=3))
CHANGES = st.lists(st.tuples(FIELDS, VALUES, VALUES).map(list), max_size=6)
RESOURCES = st.sampled_from(
    ["users", "coupons", "enrollments", "promotions", "categories", "watches", "", "nope"]
)


@FUZZ
@given(changes=st.lists(st.tuples(RESOURCES, CHANGES), min_size=1, max_size=3))
def test_the_history_shows_any_changes(world, changes):
    Entry.objects.filter(connection=world.school).delete()
    for resource, rows in changes:
        Entry.objects.create(
            connection=world.school,
            resource=resource,
            record_id="7",
            action="update",
            changes=rows,
        )
    for url in ("/s/fuzz/history/", "/s/fuzz/history/users/7/"):
        response = timed("history", f"GET {url} {changes}", lambda u=url: world.client.get(u))
        assert response.status_code == 200
