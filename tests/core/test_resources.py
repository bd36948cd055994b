"""The one declaration of the portal's resources: permissions, sidebar and URLs."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse

from apps.core.navigation import sections_for
from apps.core.resources import RESOURCES, resource
from tests.conftest import grant


@pytest.mark.django_db
def test_every_resource_has_its_permissions_and_no_others():
    codenames = set(
        Permission.objects.filter(content_type__app_label="core").values_list("codename", flat=True)
    )

    assert {"view_courses", "view_products", "view_categories", "delete_coupons"} <= codenames
    assert "add_courses" not in codenames and "delete_products" not in codenames
    for entry in RESOURCES:
        assert {f"{action}_{entry.name}" for action in entry.actions} <= codenames


def test_an_installed_resource_is_mounted_under_its_school():
    assert reverse("users:list", args=["baking"]) == "/s/baking/users/"
    assert reverse("instructors:detail", args=["baking", 3]) == "/s/baking/instructors/3/"


def test_a_read_only_resource_has_no_write_permission():
    with pytest.raises(AssertionError):
        resource("courses").permission("add")
    assert resource("courses").permission("view") == "core.view_courses"


def test_names_and_articles():
    assert resource("users").a_singular == "a user"
    assert resource("instructors").a_singular == "an instructor"
    assert resource("coupons").name_field == "code"


@pytest.mark.django_db
def test_the_sidebar_lists_what_the_user_may_view(rf, staff, school):
    request = rf.get("/s/baking/users/")
    request.user = grant(staff, "view_users")

    labels = [entry["label"] for entry in sections_for(request, school)]

    assert "Users" in labels and "Instructors" not in labels
    assert next(e for e in sections_for(request, school) if e["current"])["label"] == "Users"


def test_the_standard_pages_are_those_of_the_actions():
    coupon = reverse("coupons:delete", args=["baking", 5, 31])
    assert coupon == "/s/baking/promotions/5/coupons/31/delete/"
    assert reverse("enrollments:edit", args=["baking", 4]) == "/s/baking/enrollments/4/edit/"
    assert reverse("products:detail", args=["baking", 4]) == "/s/baking/products/4/"
    for name in ("orders:create", "orders:edit", "enrollments:delete", "courses:edit"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=["baking", 4])
