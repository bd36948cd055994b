"""The feed links a course to its page only for staff who may see courses."""

import pytest

from apps.webhooks.describe import Links
from tests.conftest import grant


@pytest.mark.parametrize(("codenames", "linked"), [(("view_courses",), True), ((), False)])
def test_courses_are_linked_for_those_who_may_see_them(staff, codenames, linked):
    assert Links.for_user(grant(staff, *codenames)).courses is linked
