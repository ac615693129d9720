"""Filtersets for public lists: a parameter with an invalid value is dropped alone, the others stay applied."""

from __future__ import annotations

import django_filters
from django.utils.html import escape


class LenientFilterSet(django_filters.FilterSet):
    """A filterset a public page can always apply.

    Django's form leaves an invalid field out of `cleaned_data`, so `qs` filters by every valid parameter and
    skips the invalid ones; `dropped` names those (their labels) for a notice. Pages use `qs` whatever
    `is_valid()` says; the API keeps refusing invalid values (DjangoFilterBackend checks `is_valid()`).
    """

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
