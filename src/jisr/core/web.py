"""The web and API edge, shared by every app's views: who acts, form errors, list pages.

A list page is one queryset, filtered by its selector, sorted by one of the keys
the view allows (``?sort=name`` or ``?sort=-name``) and cut into pages
(``?page=2``). Filters, sort and page all stay in the URL, so a list can be
bookmarked, shared and reloaded as it was.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings as django_settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

if TYPE_CHECKING:  # Django's Page and Paginator are generic only in the type stubs.
    _Page = Page[Any]
    _Paginator = Paginator[Any]
else:
    _Page, _Paginator = Page, Paginator

#: Rows per page of an HTML list, unless the view says otherwise.
PER_PAGE = 50

#: A list's sort keys: the key in the URL -> the fields to order by (ascending).
Sorts = Mapping[str, str | Sequence[str]]


def acting_user(request: HttpRequest) -> Any:
    """The user a view or API call acts for: the signed-in user, or the API token's user.

    Both paths require authentication before the view runs, so this is never anonymous
    where a service is called.
    """
    return request.user


def service_errors_to_form(
    form: Any, exc: ValidationError, field_of_error: Mapping[str, str | None] | None = None
) -> None:
    """Show a service's ValidationError on ``form``: on its field, or above the form.

    ``field_of_error`` maps a service's error key to the form field showing it, where
    their names differ.
    """
    names = field_of_error or {}
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for key, texts in exc.message_dict.items():
        field = names.get(key, key)
        for message in texts:
            form.add_error(field if field in form.fields else None, message)


def service_errors_to_messages(request: HttpRequest, exc: ValidationError) -> None:
    """Show a service's ValidationError as error messages on the next page."""
    for message in exc.messages:
        messages.error(request, message)


def service_call(request: HttpRequest, call: Callable[[], Any], *, success: Any = "") -> bool:
    """Call a service for a button posted to a page; report the outcome as a message.

    A ValidationError becomes error messages; otherwise ``success`` (if any) is shown.
    True when the service succeeded.
    """
    try:
        call()
    except ValidationError as exc:
        service_errors_to_messages(request, exc)
        return False
    if success:
        messages.success(request, success)
    return True


def form_post(
    request: HttpRequest,
    form: Any,
    call: Callable[[dict[str, Any]], Any],
    *,
    success: Any = "",
    allowed: bool = True,
    field_of_error: Mapping[str, str | None] | None = None,
) -> Any:
    """Hand a form posted to a page to its service: what the service returned, or None.

    Not a POST, or an invalid form: None (the page shows the form again). A POST the
    user may not make (``allowed`` false) is refused. The form's cleaned data goes to
    ``call``; its ValidationError is shown on the form (see
    :func:`service_errors_to_form`) and gives None; on success ``success`` is shown as
    a message and the service's result (the record it wrote; True if it returns nothing).
    """
    if request.method != "POST":
        return None
    if not allowed:
        raise PermissionDenied
    if not form.is_valid():
        return None
    try:
        result = call(form.cleaned_data)
    except ValidationError as exc:
        service_errors_to_form(form, exc, field_of_error)
        return None
    if success:
        messages.success(request, success)
    return True if result is None else result


class ListPage(_Page):
    """A page of a list that knows its sort and how to link to its neighbours."""

    sort: str = ""
    #: The request's filters and sort, without the page number (for the pager's links).
    query: str = ""
    #: The request's filters, without sort nor page (for the column headers' links).
    filter_query: str = ""

    def page_url(self, number: int) -> str:
        return "?" + "&".join(part for part in (self.query, f"page={number}") if part)

    @property
    def previous_url(self) -> str:
        return self.page_url(self.previous_page_number())

    @property
    def next_url(self) -> str:
        return self.page_url(self.next_page_number())


class _ListPaginator(_Paginator):
    def _get_page(self, *args: Any, **kwargs: Any) -> ListPage:
        return ListPage(*args, **kwargs)


def _order_by(sorts: Sorts, key: str) -> list[str]:
    descending = key.startswith("-")
    fields = sorts[key.lstrip("-")]
    names = [fields] if isinstance(fields, str) else list(fields)
    return [f"-{n}" if descending else n for n in names]


def sort_key(request: HttpRequest, sorts: Sorts, default: str) -> str:
    """The sort asked for in ``?sort=``, if it is one of ``sorts``; ``default`` otherwise."""
    asked = request.GET.get("sort", "")
    return asked if asked.lstrip("-") in sorts else default


def paginate(
    request: HttpRequest,
    queryset: QuerySet[Any],
    per_page: int = PER_PAGE,
    *,
    sorts: Sorts | None = None,
    default_sort: str = "",
) -> ListPage:
    """One page of ``queryset``, sorted by ``?sort=`` among ``sorts``, at ``?page=``.

    Unknown sort keys fall back to ``default_sort``; a page number out of range gives
    the last page. The primary key breaks ties, so rows never move between pages.
    """
    sort = ""
    if sorts:
        sort = sort_key(request, sorts, default_sort)
        queryset = queryset.order_by(*_order_by(sorts, sort), "pk")
    elif not queryset.ordered:
        queryset = queryset.order_by("pk")
    page = _ListPaginator(queryset, per_page).get_page(request.GET.get("page"))
    assert isinstance(page, ListPage)
    params: QueryDict = request.GET.copy()
    params.pop("page", None)
    if sort:
        params["sort"] = sort
    page.sort = sort
    page.query = params.urlencode()
    params.pop("sort", None)
    page.filter_query = params.urlencode()
    return page


#: The furthest an API list may be paged: far beyond any real list, and within the
#: databases' 64-bit integers (a larger offset was a 500 from SQLite).
MAX_API_OFFSET = 1_000_000_000


class ApiPagination(LimitOffsetPagination):
    """Every API list's pagination: ``?limit=&offset=`` with both bounded (422 beyond)."""

    class Input(Schema):
        limit: int = Field(
            django_settings.NINJA_PAGINATION_PER_PAGE,
            ge=1,
            le=django_settings.NINJA_PAGINATION_MAX_LIMIT,
        )
        offset: int = Field(0, ge=0, le=MAX_API_OFFSET)


class ApiRows(Sequence[Any]):
    """A queryset whose rows an API list turns into its output objects, one page at a time.

    Give it to an endpoint decorated with ``@paginate(ApiPagination)``:
    the pagination counts the rows in the database and converts only the page it sends
    (``{"items": [...], "count": N}``).
    """

    def __init__(self, queryset: QuerySet[Any], convert: Callable[[Any], Any]) -> None:
        self._queryset = queryset
        self._convert = convert

    def __len__(self) -> int:
        return int(self._queryset.count())

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self._convert(row) for row in self._queryset[index]]
        return self._convert(self._queryset[index])


_F = TypeVar("_F", bound=Callable[..., Any])


def resolved_annotations(func: _F) -> _F:
    """Resolve an endpoint's string annotations in its own module, for ``@paginate``.

    ninja's ``@paginate`` wraps the endpoint in a function of ``ninja.pagination``,
    and ninja then resolves the endpoint's annotations (strings under ``from __future__
    import annotations``) in that module, where ``Literal`` and our schemas do not
    exist. Put this decorator under ``@paginate``.
    """
    func.__annotations__ = typing.get_type_hints(func)
    return func
