from apps.thinkific.resources.custom_profile_fields import CustomProfileFields
from tests.thinkific.conftest import envelope

DEFINITION = {"id": 2, "label": "Phone", "field_type": "text", "required": "false"}


def test_list(api, client):
    api.expect(
        "GET",
        "/custom_profile_field_definitions",
        query={"page": 1, "limit": 25},
        json=envelope([DEFINITION]),
    )

    definition = client.custom_profile_fields.list().items[0]

    assert (definition.label, definition.required) == ("Phone", False)


def test_all(api, client):
    api.expect(
        "GET",
        "/custom_profile_field_definitions",
        query={"page": 1, "limit": 250},
        json=envelope([DEFINITION]),
    )

    assert [d.id for d in client.custom_profile_fields.all()] == [2]


def test_definitions_are_list_only():
    assert not any(
        hasattr(CustomProfileFields, name) for name in ("get", "create", "update", "delete")
    )
