"""The list state carried to detail pages and back (apps.core.liststate), as users use it."""

from django.test import RequestFactory

from apps.core import liststate

rf = RequestFactory()


def test_a_list_link_carries_the_lists_query():
    request = rf.get("/s/baking/users/", {"role": "site_admin", "page": "2"})

    url = liststate.from_list(request, "/s/baking/users/7/")

    assert url == "/s/baking/users/7/?_changelist_filters=role%3Dsite_admin%26page%3D2"


def test_a_list_without_filters_adds_nothing():
    assert liststate.from_list(rf.get("/s/baking/users/"), "/s/baking/users/7/") == (
        "/s/baking/users/7/"
    )


def test_a_detail_page_passes_the_state_on_and_back_to_the_list(school):
    request = rf.get("/s/baking/users/7/", {"_changelist_filters": "role=site_admin&page=2"})

    assert liststate.with_state(request, "/s/baking/users/7/edit/") == (
        "/s/baking/users/7/edit/?_changelist_filters=role%3Dsite_admin%26page%3D2"
    )
    assert liststate.list_url(request, "users:list", "baking") == (
        "/s/baking/users/?role=site_admin&page=2"
    )


def test_the_state_cannot_send_anyone_elsewhere(school):
    request = rf.get("/x/", {"_changelist_filters": "//evil.example.com/"})

    assert liststate.list_url(request, "users:list", "baking") == (
        "/s/baking/users/?//evil.example.com/"
    )
