from django import template
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from tayninh_thidua.lib import search
from tayninh_thidua.lib.thumbnails import thumbnail_url

register = template.Library()


@register.filter
def thumbnail(image, box: str = "320x320") -> str:
    """`{{ exemplar.portrait|thumbnail:"320x320" }}`: URL of a right-sized copy."""
    return thumbnail_url(image, box)


@register.filter
def highlight(text, words) -> str:
    """`{{ exemplar.name|highlight:search_words }}`: the text escaped, the searched words in `<mark>`."""
    return search.highlight(text, words or [])


@register.filter
def highlight_excerpt(text, words) -> str:
    """Like `highlight`, on about 240 characters around the first word found."""
    return search.highlight(text, words or [], excerpt=240)


@register.simple_tag
def fast_select(bound_field) -> str:
    """A `<select>` for a form field, built in Python.

    Django renders every option through a template, which costs milliseconds for the directory's
    hundreds of agencies; this renders the same markup (name, id, class, selected) directly.
    """
    field = bound_field.field
    current = bound_field.value()
    current = "" if current is None else str(current)
    attrs = {**field.widget.attrs, "name": bound_field.html_name, "id": bound_field.id_for_label}
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (str(value), mark_safe(" selected") if str(value) == current else "", label)
            for value, label in field.choices
        ),
    )
    return format_html("<select{}>{}</select>", flatatt(attrs), options)
