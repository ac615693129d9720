"""Model fields every app shares."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 1945  # the founding of the state: no emulation title or commendation of ours is older


@deconstructible
class YearRangeValidator:
    """From FIRST_YEAR to next year, read when the value is checked (so it moves on at New Year)."""

    message = _("Năm phải từ %(first)s đến %(last)s.")
    code = "year_out_of_range"

    def __call__(self, value) -> None:
        last = timezone.localdate().year + 1
        if value is None:
            return
        if not FIRST_YEAR <= value <= last:
            raise ValidationError(self.message, code=self.code, params={"first": FIRST_YEAR, "last": last})

    def __eq__(self, other) -> bool:
        return isinstance(other, YearRangeValidator)


class YearField(models.PositiveSmallIntegerField):
    """A calendar year (of a nomination, an honour): FIRST_YEAR to next year, in the model and in its forms,
    so a typo such as 20266 is refused with a Vietnamese message before anything builds a date from it."""

    default_validators = [YearRangeValidator()]

    def deconstruct(self):
        # Migrations record the plain column type: the bounds are checks, not schema, so adding them to a
        # field (or moving the upper bound each New Year) needs no migration.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.PositiveSmallIntegerField", args, kwargs

    def formfield(self, **kwargs):
        field = super().formfield(**{"min_value": None, "validators": [YearRangeValidator()], **kwargs})
        field.widget.attrs.update({"min": FIRST_YEAR, "step": 1})
        return field
