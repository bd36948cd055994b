"""Which resource and record a write's API path is about."""

import pytest

from apps.history.targets import api_path, target_of


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("POST", "users", ("users", "", "create", False)),
        ("PUT", "users/7", ("users", "7", "update", False)),
        ("DELETE", "users/7", ("users", "7", "delete", False)),
        ("POST", "coupons", ("coupons", "", "create", False)),
        ("POST", "coupons/bulk_create", ("coupons", "", "create", False)),
        ("PUT", "collections/3", ("categories", "3", "update", False)),
        ("DELETE", "collection_memberships/3", ("categories", "3", "update", True)),
        ("PUT", "enrollments/4", ("enrollments", "4", "update", False)),
        ("POST", "bundles/2/enrollments", (None, "", "create", False)),
        ("DELETE", "groups/5", (None, "", "delete", False)),
    ],
)
def test_paths_map_to_the_declared_resources(method, path, expected):
    target = target_of(method, path)
    name = target.resource.name if target.resource else None
    assert (name, target.record_id, target.action, target.part) == expected


def test_a_console_url_is_split_at_its_api_root():
    url = "http://127.0.0.1:8000/sandbox/api/public/v1/users/7"
    assert api_path(url, raw=True) == ("/api/public/v1", "users/7")
    assert api_path("https://x.test/api/v2/webhooks/1", raw=True) == ("/api/v2", "webhooks/1")
    assert api_path("/users/7", raw=False) == ("", "users/7")
