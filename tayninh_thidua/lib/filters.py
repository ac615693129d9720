"""Filtersets for public lists: a parameter with an invalid value is dropped alone, the others stay applied."""

from __future__ import annotations

import django_filters


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
