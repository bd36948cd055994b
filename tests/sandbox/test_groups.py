"""/groups, group analysts (both directions) and /group_users."""

import pytest

from apps.sandbox import models as m
from tests.sandbox import factories


def test_create_answers_200_not_201(api):
    response = api.post("groups", {"name": "Cohort 1"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"id", "name", "token", "created_at"}
    assert data["name"] == "Cohort 1" and len(data["token"]) == 8


def test_list_read_delete(api, school):
    group = factories.group(school)
    assert [g["id"] for g in api.get("groups").json()["items"]] == [group.pk]
    assert api.get(f"groups/{group.pk}").json()["token"] == group.token
    assert api.put(f"groups/{group.pk}", {"name": "x"}).status_code == 405
    assert api.delete(f"groups/{group.pk}").status_code == 204
    assert api.get(f"groups/{group.pk}").status_code == 404


def test_name_is_required(api):
    response = api.post("groups", {})
    assert (response.status_code, response.json()) == (
        422,
        {"errors": {"name": ["can't be blank"]}},
    )


class TestAnalysts:
    @pytest.fixture
    def group(self, school):
        return factories.group(school)

    def test_add_list_remove(self, api, school, group):
        analyst = factories.user(school, roles="group_analyst")
        response = api.post(f"groups/{group.pk}/analysts", {"user_ids": [analyst.pk]})
        assert (response.status_code, response.content) == (201, b"")
        assert api.get(f"groups/{group.pk}/analysts").json() == {"group_analysts": [analyst.pk]}
        assert api.delete(f"groups/{group.pk}/analysts/{analyst.pk}").status_code == 204
        assert api.get(f"groups/{group.pk}/analysts").json() == {"group_analysts": []}

    def test_users_need_the_role_and_must_exist(self, api, school, group):
        student = factories.user(school)
        response = api.post(f"groups/{group.pk}/analysts", {"user_ids": [student.pk, 999999]})
        assert response.status_code == 422
        assert response.json() == {
            "errors": {
                "user_id": "Invalid user IDs: 999999",
                "group_analysts": f"User IDs missing group_analysts role: {student.pk}",
            }
        }

    def test_unknown_group(self, api):
        response = api.get("groups/999999/analysts")
        assert (response.status_code, response.json()) == (
            404,
            {"error": [{"group_id": "Could not find group with ID 999999."}]},
        )

    def test_remove_unknown(self, api, school, group):
        response = api.delete("groups/999999/analysts/888888")
        assert (response.status_code, response.json()) == (
            404,
            {
                "error": {
                    "user_id": ["Could not find user with ID 888888."],
                    "group_id": ["Could not find group with ID 999999."],
                }
            },
        )

    def test_from_the_analysts_side(self, api, school, group):
        analyst = factories.user(school, roles="group_analyst")
        path = f"group_analysts/{analyst.pk}/groups"
        assert api.post(path, {"group_ids": [group.pk]}).status_code == 201
        assert api.get(f"groups/{group.pk}/analysts").json() == {"group_analysts": [analyst.pk]}
        assert api.post(path, {"group_ids": [999999]}).json() == {
            "errors": {"group_id": "Invalid group IDs: 999999"}
        }
        assert api.delete(f"{path}/{group.pk}").status_code == 204
        assert not group.analysts.exists()
        assert api.delete(f"{path}/999999").json() == {
            "errors": {"group_id": ["Could not find group with ID 999999."]}
        }
        missing = api.post("group_analysts/999999/groups", {"group_ids": [group.pk]})
        assert (missing.status_code, missing.json()) == (
            404,
            {"error": {"user_id": ["Could not find user with ID 999999."]}},
        )

    def test_students_cannot_become_analysts(self, api, school, group):
        student = factories.user(school)
        response = api.post(f"group_analysts/{student.pk}/groups", {"group_ids": [group.pk]})
        assert response.json() == {
            "errors": {"group_analysts": f"User IDs missing group_analysts role: {student.pk}"}
        }


def test_group_users_adds_a_user_to_groups_by_name(api, school):
    first, second = factories.group(school, name="A"), factories.group(school, name="B")
    user = factories.user(school)
    body = {"user_id": user.pk, "group_names": ["A", "B"]}
    response = api.post("group_users", body)
    assert (response.status_code, response.content) == (201, b"")
    assert set(m.GroupMembership.objects.values_list("group_id", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert api.get("users", {"query[group_id]": first.pk}).json()["items"][0]["id"] == user.pk
    bad = api.post("group_users", {"user_id": user.pk, "group_names": ["A", "Nope"]})
    assert (bad.status_code, bad.json()) == (422, {"errors": ["Invalid group_names"]})
