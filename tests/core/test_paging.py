"""Paging and filtering a list: the pager's numbers, the filters that fold on phones, the
search of one live page."""

from types import SimpleNamespace

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from apps.core.paging import ListingForm, page_matching, page_numbers
from apps.thinkific.pagination import Page


def page(current: int, total: int, items=("x",)) -> Page:
    return Page(
        items=list(items),
        current_page=current,
        next_page=current + 1 if current < total else None,
        prev_page=current - 1 if current > 1 else None,
        total_pages=total,
        total_items=25 * total,
    )


@pytest.mark.parametrize(
    ("current", "total", "numbers"),
    [
        (1, 1, []),
        (1, 4, [1, 2, 3, 4]),
        (1, 80, [1, 2, None, 80]),
        (7, 80, [1, None, 6, 7, 8, None, 80]),
        (3, 80, [1, 2, 3, 4, None, 80]),
        (80, 80, [1, None, 79, 80]),
        (99, 80, [1, None, 79, 80]),  # past the end (a live page asked for too far)
    ],
)
def test_page_numbers_show_the_ends_the_neighbours_and_the_gaps(current, total, numbers):
    assert page_numbers(page(current, total)) == numbers


@given(total=st.integers(2, 5000), data=st.data())
def test_page_numbers_always_hold_the_first_last_and_current_page(total, data):
    current = data.draw(st.integers(1, total))
    numbers = page_numbers(page(current, total))
    shown = [n for n in numbers if n is not None]
    assert shown[0] == 1 and shown[-1] == total and current in shown
    assert shown == sorted(set(shown))
    # A gap stands for at least one page; none stands between neighbours.
    for before, gap, after in zip(numbers, numbers[1:], numbers[2:], strict=False):
        if gap is None:
            assert after - before > 1
    assert len(numbers) <= 7  # it fits a phone's line


def pager(request, **context) -> str:
    request.user = AnonymousUser()
    return render_to_string("components/pagination.html", context, request=request)


def test_the_pager_links_each_number_keeping_the_filters(rf: RequestFactory):
    request = rf.get("/s/baking/users/", {"q": "ada", "page": "7"})
    html = pager(request, page=page(7, 80), hx_target="#results")
    assert '<span class="button small pager-current" aria-current="page">7</span>' in html
    for number in (1, 6, 8, 80):
        assert f'href="?q=ada&amp;page={number}"' in html
    assert html.count('class="pager-gap"') == 2
    assert 'href="?q=ada&amp;page=5"' not in html
    assert '<span class="pager-word"> Previous</span>' in html


def test_the_pager_of_a_scan_has_no_numbers(rf: RequestFactory):
    html = pager(
        rf.get("/"),
        page=page(2, 9),
        hx_target="#orders",
        no_numbers=True,
        next_label="Read the next 250 \u203a",
    )
    assert "pager-current" not in html and "Read the next 250 \u203a" in html


class Filters(ListingForm):
    q = forms.CharField(required=False)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)
    role = forms.CharField(required=False)
    group = forms.CharField(required=False)


def test_active_filters_count_those_set_past_the_search_box_and_paging():
    data = {"q": "ada", "sort": "-name", "role": "site_admin", "group": " ", "limit": "50"}
    assert Filters(data).active_filters == 1
    assert Filters({"role": "a", "group": "5", "page": "3"}).active_filters == 2
    assert Filters({}).active_filters == 0
    assert Filters({}).folds and not ListingForm({}).folds


def test_page_matching_keeps_the_records_whose_name_holds_every_word():
    records = [SimpleNamespace(name=n) for n in ("Spring Sale", "Summer sale", "Autumn", None)]
    found = page_matching(page(2, 3, records), "  SALE spr ")
    assert [r.name for r in found] == ["Spring Sale"]
    assert found.current_page == 2 and found.total_pages == 3  # the pager goes on
    assert list(page_matching(page(1, 1, records), "")) == records
