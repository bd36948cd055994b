"""View tests every resource runs with its own data, in the spirit of NetBox's ViewTestCases.

A resource's test module subclasses `ResourceViewCases` as `TestXxxViews`, says the URL
arguments of one record (its standard pages come from the resource's registry entry), its
other pages and what a good form post is, and gets: the permission matrix (each page, as
a whole page and as an HTMX fragment), 404 for another school's pages, Thinkific's 422 on
the form's fields with the input kept, and a specific message for each upstream fault.
"""

from __future__ import annotations

from typing import ClassVar

import pytest
import requests
from django.urls import reverse
from django.utils.html import escape

from apps.core.resources import PAGES, resource
from tests.conftest import grant

API = "https://api.thinkific.com/api/public/v1"
HTMX = {"HX-Request": "true"}
VARIANTS = pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])

# (status Thinkific answers, our status, words of our message)
FAULTS = [
    (401, 502, "Thinkific rejected the school's credentials"),
    (403, 502, "Thinkific refused this action"),
    (404, 404, "Not found on Thinkific"),
    (429, 429, "The school's request budget is used up"),
    (500, 502, "Thinkific answered with an error"),
    ("timeout", 504, "Thinkific could not be reached"),
]


# The standard pages of each action (apps.core.resources.PAGES) and the methods they take.
METHODS = {"list": ("get",), "detail": ("get",)}
FORM_METHODS = ("get", "post")


class ResourceViewCases:
    resource: ClassVar[str]  # "categories"
    # A record's URL arguments after the school: ("3",), or ("5", "31") for a nested one
    record_ids: ClassVar[tuple[str, ...]]
    # (method, path under /s/<school>/, permission codename): its views besides the standard
    extra_pages: ClassVar[list[tuple[str, str, str]]] = []
    # Permissions every test user has besides the resource's (those a page also needs)
    extra_permissions: ClassVar[tuple[str, ...]] = ()
    # The Thinkific path the list reads and the create posts to (default: the resource's)
    list_api: ClassVar[str] = ""
    # A good post of the create form and a field of it that Thinkific may refuse
    valid_data: ClassVar[dict] = {}
    rejected_field: ClassVar[str] = "name"

    @classmethod
    def path(cls, name: str, *ids) -> str:
        """The page `name` of the resource, under /s/<school>/."""
        return reverse(f"{cls.resource}:{name}", args=["baking", *ids]).removeprefix("/s/baking/")

    @classmethod
    def pages(cls) -> list[tuple[str, str, str]]:
        """Every view of the resource: (method, path under /s/<school>/, permission)."""
        entry, parents = resource(cls.resource), cls.record_ids[:-1]
        standard = []
        for action in entry.actions:
            for name, route in PAGES[action]:
                ids = cls.record_ids if "<id>" in route else parents
                for method in METHODS.get(name, FORM_METHODS):
                    standard.append((method, cls.path(name, *ids), f"{action}_{cls.resource}"))
        return standard + cls.extra_pages

    @property
    def api_path(self) -> str:
        return self.list_api or self.resource

    @property
    def list_path(self) -> str:
        return self.path("list", *self.record_ids[:-1])

    @property
    def create_path(self) -> str | None:
        if "add" not in resource(self.resource).actions:
            return None
        return self.path("create", *self.record_ids[:-1])

    def mock_form_reads(self, api) -> None:
        """The reads the create form makes before it posts (choices and such)."""

    def mock_list_reads(self, api) -> None:
        """The reads a whole list page makes besides the list (its filters' choices)."""

    @pytest.fixture
    def all_permissions(self):
        return {codename for _method, _path, codename in self.pages()} | set(self.extra_permissions)

    @pytest.fixture
    def manager_client(self, client, staff, all_permissions):
        client.force_login(grant(staff, *all_permissions))
        return client

    @VARIANTS
    def test_every_view_checks_its_permission(self, staff, client, api, headers, all_permissions):
        for method, path, permission in self.pages():
            staff.user_permissions.clear()
            client.force_login(grant(staff, *(all_permissions - {permission})))

            response = getattr(client, method)(f"/s/baking/{path}", headers=headers)

            assert response.status_code == 403, (method, path, permission)
        assert len(api.calls) == 0

    def test_another_schools_pages_are_not_found(self, manager_client, api):
        for method, path, _permission in self.pages():
            response = getattr(manager_client, method)(f"/s/elsewhere/{path}")
            assert response.status_code == 404, (method, path)
        assert len(api.calls) == 0

    @VARIANTS
    def test_thinkifics_422_lands_on_the_field_with_the_input_kept(
        self, manager_client, api, headers
    ):
        if self.create_path is None:
            pytest.skip("a read-only resource")
        self.mock_form_reads(api)
        api.post(
            f"{API}/{self.api_path}",
            status=422,
            json={"errors": {self.rejected_field: ["is not accepted"], "base": ["Try again"]}},
        )

        response = manager_client.post(
            f"/s/baking/{self.create_path}", self.valid_data, headers=headers
        )

        page = response.content.decode()
        assert response.status_code == 422
        assert page.lstrip().startswith("<form") is bool(headers)
        assert "is not accepted" in page and "Try again" in page
        assert f'id="id_{self.rejected_field}_error"' in page
        for value in self.valid_data.values():
            if isinstance(value, str) and value:
                assert value in page, value

    @VARIANTS
    @pytest.mark.parametrize(("upstream", "status", "words"), FAULTS)
    def test_each_upstream_fault_has_its_message(
        self, manager_client, api, settings, headers, upstream, status, words
    ):
        settings.THINKIFIC_MAX_RETRY_WAIT = 0
        self.mock_list_reads(api)
        url = f"{API}/{self.api_path}"
        if upstream == "timeout":
            for _attempt in range(5):
                api.get(url, body=requests.ConnectTimeout("no answer"))
            api.assert_all_requests_are_fired = False
        else:
            api.get(url, status=upstream, json={"error": "No"}, headers={"RateLimit-Reset": "7"})
            api.assert_all_requests_are_fired = False  # 5xx are retried

        response = manager_client.get(f"/s/baking/{self.list_path}", headers=headers)

        page = response.content.decode()
        assert response.status_code == status
        assert escape(words) in page
        assert ("<html" in page) is (not headers)
