"""The OpenAPI schema of the read-only API (drf-spectacular), told what the filters and pages accept.

drf-spectacular types a filter whose choices come from the database (a ModelChoiceFilter, a ChoiceFilter with
callable choices) as free text, although the API answers 400 to any value not listed. The schema class below
reads each such filter's current choices from the filterset's form and declares them as an `enum`; and it
documents the page parameter: pages start at 1, and `page=0`, a negative or a non-numeric page, or a page past
the last one answers 404.
"""

from __future__ import annotations

from django import forms
from django.db import DatabaseError
from drf_spectacular.openapi import AutoSchema

LISTED_ONLY = "Chỉ nhận một trong các giá trị liệt kê; giá trị khác được trả lời 400."
NOTHING_LISTED = "Hiện chưa có giá trị nào được công bố; mọi giá trị được trả lời 400."
# A list longer than this (e.g. every published exemplar) is described, not enumerated: a slug pattern and the
# list it must come from.
MAX_ENUM = 300
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
KNOWN_SLUG_ONLY = (
    "Chỉ nhận địa chỉ (slug) của một mục đã công bố (trường `slug` trong danh sách tương ứng của API); "
    "giá trị khác được trả lời 400."
)
PAGE_DESCRIPTION = (
    "Số trang, bắt đầu từ 1 (mỗi trang tối đa {size} mục; `count` cho tổng số mục, `next`/`previous` cho địa chỉ "
    "trang kế tiếp/trước). page=0, số âm, giá trị không phải số hoặc trang vượt quá trang cuối được trả lời 404."
)


TOO_MANY = object()


def listed_values(field: forms.Field) -> list[str] | None | object:
    """The values a form field accepts when it accepts only listed ones (None when any text is accepted, or
    when the database cannot say: `manage.py spectacular` without a database still writes a schema;
    TOO_MANY when the list is too long to enumerate)."""
    try:
        if isinstance(field, forms.ModelChoiceField):
            key = field.to_field_name or "pk"
            values = field.queryset.order_by(key).values_list(key, flat=True).distinct()
            if values.count() > MAX_ENUM:
                return TOO_MANY
            return [str(value) for value in values]
        if isinstance(field, forms.ChoiceField):
            return [str(value) for value, _label in field.choices if value not in ("", None)]
    except DatabaseError:
        return None
    return None


class PortalAutoSchema(AutoSchema):
    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        filterset_class = getattr(self.view, "filterset_class", None)
        if filterset_class is None or not self._is_list_view():
            return parameters
        fields = filterset_class(data=None).form.fields
        for parameter in parameters:
            field = fields.get(parameter["name"])
            values = listed_values(field) if field is not None else None
            if isinstance(field, forms.DecimalField | forms.IntegerField):
                bounds = {"minimum": field.min_value, "maximum": field.max_value}
                parameter["schema"] = {"type": "integer", **{k: v for k, v in bounds.items() if v is not None}}
                continue
            if values is None:
                continue
            if values == []:
                # Nothing published yet: no value is accepted (OpenAPI wants an enum to list at least one).
                parameter["schema"], rule = {"type": "string", "maxLength": 0}, NOTHING_LISTED
            elif values is TOO_MANY:
                parameter["schema"], rule = {"type": "string", "pattern": SLUG_PATTERN}, KNOWN_SLUG_ONLY
            else:
                parameter["schema"], rule = {"type": "string", "enum": values}, LISTED_ONLY
            label = parameter.get("description", "")
            parameter["description"] = f"{label}. {rule}" if label else rule
        return parameters

    def _get_pagination_parameters(self):
        parameters = super()._get_pagination_parameters()
        paginator = self._get_paginator() if parameters else None
        page_query = getattr(paginator, "page_query_param", None)
        for parameter in parameters:
            if parameter["name"] == page_query:
                parameter["schema"] = {**parameter["schema"], "minimum": 1}
                parameter["description"] = PAGE_DESCRIPTION.format(size=paginator.page_size)
        return parameters
