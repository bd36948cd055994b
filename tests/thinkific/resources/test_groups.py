import pytest

from apps.thinkific import errors
from apps.thinkific.resources.groups import Groups
from tests.thinkific.conftest import envelope

GROUP = {"id": 5, "name": "Cohort 7", "token": "a1b2c3d4", "created_at": "2024-01-01T00:00:00Z"}


def test_list(api, client):
    api.expect("GET", "/groups", query={"page": 1, "limit": 25}, json=envelope([GROUP]))

    assert client.groups.list().items[0].token == "a1b2c3d4"


def test_all(api, client):
    api.expect("GET", "/groups", query={"page": 1, "limit": 250}, json=envelope([GROUP]))

    assert [g.name for g in client.groups.all()] == ["Cohort 7"]


def test_get(api, client):
    api.expect("GET", "/groups/5", json=GROUP)

    assert client.groups.get(5).name == "Cohort 7"


def test_get_of_a_missing_group_reads_the_list_shaped_404(api, client):
    api.expect("GET", "/groups/9", status=404, json={"error": ["Record not found."]})

    with pytest.raises(errors.NotFoundError, match=r"Record not found\."):
        client.groups.get(9)


def test_create_answers_200_with_the_group(api, client):
    api.expect("POST", "/groups", sent={"name": "Cohort 7"}, status=200, json=GROUP)

    assert client.groups.create(name="Cohort 7").id == 5


def test_delete(api, client):
    api.expect("DELETE", "/groups/5", status=204)

    client.groups.delete(5)


def test_analysts(api, client):
    api.expect("GET", "/groups/5/analysts", json={"group_analysts": [1, "2"]})

    assert client.groups.analysts(5) == (1, 2)


def test_analysts_answer_without_its_key_is_a_bad_response(api, client):
    api.expect("GET", "/groups/5/analysts", json={"items": []})

    with pytest.raises(errors.BadResponseError):
        client.groups.analysts(5)


def test_add_analysts(api, client):
    api.expect("POST", "/groups/5/analysts", sent={"user_ids": [1, 2]}, status=201)

    client.groups.add_analysts(5, [1, 2])


def test_add_analysts_maps_string_valued_field_errors(api, client):
    api.expect(
        "POST",
        "/groups/5/analysts",
        sent={"user_ids": [3]},
        status=422,
        json={"errors": {"group_analysts": "User IDs missing group_analysts role:: 3"}},
    )

    with pytest.raises(errors.ValidationError) as caught:
        client.groups.add_analysts(5, [3])
    assert caught.value.field_errors == {
        "group_analysts": ["User IDs missing group_analysts role:: 3"]
    }


def test_remove_analyst(api, client):
    api.expect("DELETE", "/groups/5/analysts/1", status=204)

    client.groups.remove_analyst(5, 1)


def test_add_analyst_to_groups(api, client):
    api.expect("POST", "/group_analysts/1/groups", sent={"group_ids": [5, 6]}, status=201)

    client.groups.add_analyst_to_groups(1, (5, 6))


def test_remove_analyst_from_group(api, client):
    api.expect("DELETE", "/group_analysts/1/groups/5", status=204)

    client.groups.remove_analyst_from_group(1, 5)


def test_add_user_to_groups_by_name(api, client):
    api.expect(
        "POST",
        "/group_users",
        sent={"user_id": 3, "group_names": ["Cohort 7", "Alumni"]},
        status=201,
    )

    client.groups.add_user_to_groups(3, ["Cohort 7", "Alumni"])


def test_add_user_to_unknown_groups(api, client):
    api.expect(
        "POST",
        "/group_users",
        sent={"user_id": 3, "group_names": ["Nope"]},
        status=422,
        json={"errors": ["Invalid group_names"]},
    )

    with pytest.raises(errors.ValidationError, match="Invalid group_names"):
        client.groups.add_user_to_groups(3, ["Nope"])


def test_groups_cannot_be_updated():
    assert not hasattr(Groups, "update")
