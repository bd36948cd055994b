"""What the portal last sent Thinkific for a record, read back from the history."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.history.models import Entry
from apps.history.selectors import Sent, last_sent

pytestmark = pytest.mark.django_db


def entry(school, action="update", outcome="done", record_id="5", resource="promotions", **sent):
    return Entry.objects.create(
        connection=school,
        resource=resource,
        record_id=record_id,
        action=action,
        outcome=outcome,
        changes=[[field, "before", value] for field, value in sent.items()],
    )


def test_the_newest_accepted_value_of_each_field(school):
    created = entry(school, "create", name="Spring", product_ids=[8])
    named = entry(school, name="Summer")
    entry(school, outcome="refused", product_ids=[9])  # Thinkific said no
    entry(school, outcome="unknown", product_ids=[10])  # no answer: not known to be set
    entry(school, record_id="6", product_ids=[11])  # another promotion
    entry(school, resource="coupons", product_ids=[12])

    found = last_sent(
        connection=school, resource="promotions", record_id=5, fields=("name", "product_ids")
    )

    assert found == {
        "name": Sent(value="Summer", at=named.at, action="update"),
        "product_ids": Sent(value=[8], at=created.at, action="create"),
    }


def test_a_field_the_create_left_out_was_sent_blank_and_one_never_sent_is_absent(school):
    created = entry(school, "create", resource="users", record_id="7", first_name="Ada")

    found = last_sent(connection=school, resource="users", record_id="7", fields=("external_id",))
    unknown = last_sent(connection=school, resource="users", record_id="8", fields=("x",))

    assert found == {"external_id": Sent(value=None, at=created.at, action="create")}
    assert unknown == {}


def test_only_the_actions_asked_for_count(school):
    created = entry(school, "create", resource="users", external_id="abc")
    entry(school, resource="users", external_id="typed-in-the-console")

    found = last_sent(
        connection=school,
        resource="users",
        record_id="5",
        fields=("external_id",),
        actions=("create",),
    )

    assert found["external_id"] == Sent(value="abc", at=created.at, action="create")


def test_an_update_without_a_create_in_the_history_says_only_what_it_sent(school):
    updated = entry(school, name="Summer")

    found = last_sent(
        connection=school, resource="promotions", record_id="5", fields=("name", "amount")
    )

    assert found == {"name": Sent(value="Summer", at=updated.at, action="update")}


def test_another_school_is_never_read(school, django_user_model):
    other = type(school).objects.create(
        name="Other", slug="other", subdomain="other-school", api_key="k-other-123"
    )
    entry(other, "create", name="Elsewhere")

    assert last_sent(connection=school, resource="promotions", record_id=5, fields=("name",)) == {}


FIELDS = ("name", "product_ids", "external_id")
values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(st.characters(exclude_characters="\x00"), max_size=5),
    st.lists(st.integers()),
)
entries = st.lists(
    st.tuples(
        st.sampled_from(["create", "update", "delete"]),
        st.sampled_from(["done", "refused", "unknown"]),
        st.lists(st.tuples(st.sampled_from(FIELDS), values), max_size=4),
    ),
    max_size=8,
)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(history=entries, wanted=st.sets(st.sampled_from(FIELDS)))
def test_it_agrees_with_replaying_the_history_forwards(school, history, wanted):
    Entry.objects.all().delete()
    made = []
    for action, outcome, rows in history:
        made.append(
            Entry.objects.create(
                connection=school,
                resource="promotions",
                record_id="5",
                action=action,
                outcome=outcome,
                changes=[[field, None, value] for field, value in rows],
            )
        )
    # The record as the portal set it, entry by entry: a create starts it afresh.
    state: dict[str, Sent] = {}
    for row, (action, outcome, rows) in zip(made, history, strict=True):
        if outcome != "done" or action == "delete":
            continue
        if action == "create":
            state = {field: Sent(None, row.at, "create") for field in FIELDS}
        for field, value in rows:
            state[field] = Sent(value, row.at, action)

    found = last_sent(connection=school, resource="promotions", record_id="5", fields=wanted)

    assert found == {field: state[field] for field in wanted if field in state}
