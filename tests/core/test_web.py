"""The list-page helpers: sorting by an allowed key, pages, and links that keep the filters."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory

from jisr.accounts.models import Agency
from jisr.core.web import ApiRows, paginate, service_errors_to_form

pytestmark = pytest.mark.django_db

SORTS = {"code": "code", "name": "name_en"}


@pytest.fixture
def many_agencies(db: Any) -> None:
    Agency.objects.bulk_create(
        [Agency(code=f"X-{i:03d}", name_en=f"Agency {119 - i:03d}") for i in range(120)]
    )


def _page(query: dict[str, str], **kwargs: Any) -> Any:
    request = RequestFactory().get("/list", query)
    return paginate(request, Agency.objects.all(), sorts=SORTS, default_sort="code", **kwargs)


def test_a_list_pages_by_fifty_and_counts_every_row(many_agencies: None) -> None:
    page = _page({"page": "3"})
    assert [a.code for a in page][:2] == ["X-100", "X-101"]
    assert (len(page), page.paginator.count, page.paginator.num_pages) == (20, 120, 3)


def test_a_list_sorts_by_an_allowed_key_either_way(many_agencies: None) -> None:
    first = _page({"sort": "name"})[0]
    assert (first.name_en, first.code) == ("Agency 000", "X-119")
    assert _page({"sort": "-code"})[0].code == "X-119"


def test_an_unknown_sort_key_falls_back_to_the_default(many_agencies: None) -> None:
    page = _page({"sort": "password"})
    assert (page.sort, page[0].code) == ("code", "X-000")


def test_page_links_keep_filters_and_sort_and_headers_keep_filters(many_agencies: None) -> None:
    page = _page({"q": "Tazi", "sort": "-name", "page": "2"})
    assert page.previous_url == "?q=Tazi&sort=-name&page=1"
    assert page.next_url == "?q=Tazi&sort=-name&page=3"
    html = Template('{% load jisr_lists %}{% sort_th page "name" "Name" %}').render(
        Context({"page": page})
    )
    # The list is sorted by name descending: the header offers ascending, with the filter.
    assert 'href="?q=Tazi&amp;sort=name"' in html and 'aria-sort="descending"' in html


def test_a_page_out_of_range_shows_the_last_one(many_agencies: None) -> None:
    assert _page({"page": "99"}).number == 3


def test_service_errors_land_on_their_fields_or_above_the_form() -> None:
    from django import forms

    class F(forms.Form):
        name = forms.CharField()

    form = F({"name": "x"})
    assert form.is_valid()
    service_errors_to_form(form, ValidationError({"name": "Too short.", "other": "Nope."}))
    assert form.errors["name"] == ["Too short."] and form.non_field_errors() == ["Nope."]
    form2 = F({"name": "x"})
    form2.is_valid()
    service_errors_to_form(form2, ValidationError("Flat."), None)
    assert form2.non_field_errors() == ["Flat."]


def test_api_rows_count_in_the_database_and_convert_only_the_page(many_agencies: None) -> None:
    converted: list[str] = []

    def convert(agency: Agency) -> str:
        converted.append(agency.code)
        return agency.code

    rows = ApiRows(Agency.objects.order_by("code"), convert)
    assert len(rows) == 120
    assert rows[10:12] == ["X-010", "X-011"] and converted == ["X-010", "X-011"]
