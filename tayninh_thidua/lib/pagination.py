"""Pagination whose row count is kept per publication (a public fragment), for public lists and the API.

A list's COUNT(*) reads every matching row; the count only changes when staff publish, so it is built once per
page-cache version and per list-and-filters (`list_count_key`), not on every page of every request.
"""

from __future__ import annotations

import functools
import hashlib

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination

from .pagecache import public_fragment


class FragmentCountPaginator(Paginator):
    """A Paginator whose count is the public fragment `count_key` (name the list and its filters, not the page)."""

    def __init__(self, object_list, per_page, *, count_key: str, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        return public_fragment(self.count_key, lambda: Paginator.count.func(self))

    def page(self, number) -> Page:
        """Past the first page, the page's keys are found first, without their joins, and only its rows read whole.

        OFFSET makes PostgreSQL build and throw away every row before the page: at page 200 of the directory, 4,000
        rows joined to their agency and field. Asking for the keys alone (an IN subquery: still one SQL query) skips
        index entries instead. Not for a queryset with annotations (a search rank would be computed again on the
        page alone) or DISTINCT (its ordering columns would join the keys).
        """
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if bottom and isinstance(rows, QuerySet) and not rows.query.annotations and not rows.query.distinct:
            return self._get_page(rows.filter(pk__in=rows.values("pk")[bottom:top]), number, self)
        return self._get_page(rows[bottom:top], number, self)


# Parameters that change a list's order or page, not its rows: a list's count is kept per the others.
ORDER_AND_PAGE = ("trang", "page", "sort", "ordering")


def list_count_key(name: str, query: QueryDict | None) -> str:
    """The fragment name of list `name`'s row count under `query`'s filters: one for the directory, the API and the
    search's rank bound (exemplars/filters.py), which all count the same published rows."""
    return query_key(f"list-count:{name}", query, ignore=ORDER_AND_PAGE)


def query_key(name: str, query: QueryDict | None, *, ignore: tuple[str, ...] = ()) -> str:
    """A fragment name for `name` and a query's parameters (less `ignore`), whatever their order."""
    lists = query.lists() if query is not None else []
    params = sorted((key, value) for key, values in lists if key not in ignore for value in values)
    digest = hashlib.sha256(repr(params).encode()).hexdigest()[:32]
    return f"{name}:{digest}"


class CountKeptPagination(PageNumberPagination):
    """DRF's page-number pagination with the count kept per publication and filters (FragmentCountPaginator)."""

    def paginate_queryset(self, queryset, request, view=None):
        key = list_count_key(getattr(view, "basename", "") or type(view).__name__, request.GET)
        self.django_paginator_class = functools.partial(FragmentCountPaginator, count_key=key)
        return super().paginate_queryset(queryset, request, view)
