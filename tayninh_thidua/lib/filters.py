"""Filtersets for public lists: a parameter with an invalid value is dropped alone, the others stay applied."""

from __future__ import annotations

import django_filters
from django.utils.html import escape
from django.utils.translation import get_language

from .pagecache import public_cache_version

# (filterset class, language) -> (page-cache version, form class): see LenientFilterSet.FORM_PER_VERSION.
_FORM_CLASSES: dict[tuple[type, str], tuple[int, type]] = {}


class LenientFilterSet(django_filters.FilterSet):
    """A filterset a public page can always apply.

    Django's form leaves an invalid field out of `cleaned_data`, so `qs` filters by every valid parameter and
    skips the invalid ones; `dropped` names those (their labels) for a notice. Pages use `qs` whatever
    `is_valid()` says; the API keeps refusing invalid values (DjangoFilterBackend checks `is_valid()`).

    django-filter builds a new form class on every request: it deep-copies every filter and makes each one's form
    field, querysets of choices included (about 2 ms for the directory's ten). A filterset whose fields depend on
    public data only, not on the request, sets FORM_PER_VERSION: its form class is built once per page-cache version
    (a publication rebuilds it, with its choices) and language, and each request only instantiates it.
    `prepare_form_class` adjusts the fields once (widget classes and the like).
    """

    FORM_PER_VERSION = False

    def prepare_form_class(self, form_class: type) -> type:
        return form_class

    def get_form_class(self) -> type:
        version = public_cache_version() if self.FORM_PER_VERSION else None
        if version is None:  # not kept (or the cache does not answer): built for this request, as django-filter does
            return self.prepare_form_class(super().get_form_class())
        key = (type(self), get_language())
        kept = _FORM_CLASSES.get(key)
        if kept is None or kept[0] != version:
            kept = _FORM_CLASSES[key] = (version, self.prepare_form_class(super().get_form_class()))
        return kept[1]

    @property
    def dropped(self) -> list[str]:
        if not self.is_bound:
            return []
        fields = self.form.fields
        return [str(fields[name].label or name) for name in self.form.errors if name in fields]


class Options:
    """A select's (value, label) pairs with their `<option>` markup written (and escaped) once.

    Built once per page-cache version for the selects with hundreds of choices (lib/pagecache.public_fragment),
    so a page renders them by joining strings, not by formatting each option on every request. Picklable.
    """

    def __init__(self, pairs) -> None:
        self.pairs = [(str(value), str(label)) for value, label in pairs]
        self.markup = [
            (value, f'<option value="{escape(value)}"', f">{escape(label)}</option>") for value, label in self.pairs
        ]

    def render(self, current: str) -> str:
        """The options, the one whose value is `current` marked selected."""
        return "".join(
            [f"{head} selected{tail}" if value == current else head + tail for value, head, tail in self.markup]
        )
