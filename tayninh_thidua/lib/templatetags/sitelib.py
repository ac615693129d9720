from django import template
from django.core.signals import setting_changed
from django.forms.utils import flatatt
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tayninh_thidua.lib import search
from tayninh_thidua.lib.filters import Options
from tayninh_thidua.lib.pagecache import public_cards
from tayninh_thidua.lib.stylesheets import SLOT as STYLESHEET_SLOT
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
    hundreds of agencies; this renders the same markup (name, id, class, selected) directly. A field
    with `cached_options` (a callable returning lib.filters.Options, e.g. built once per page-cache
    version) gets its options from there, after its empty label; any other from its choices.
    """
    field = bound_field.field
    current = bound_field.value()
    current = "" if current is None else str(current)
    attrs = {**field.widget.attrs, "name": bound_field.html_name, "id": bound_field.id_for_label}
    cached = getattr(field, "cached_options", None)
    if cached is None:
        options = Options(field.choices).render(current)
    else:
        blank = getattr(field, "empty_label", None)
        options = Options([("", blank)] if blank is not None else []).render(current) + cached().render(current)
    return format_html("<select{}>{}</select>", flatatt(attrs), mark_safe(options))  # noqa: S308 - escaped by Options


def fast_input(bound_field) -> str:
    """An `<input>` for a form field, built in Python with the attributes Django's widget template would write."""
    widget = bound_field.field.widget
    attrs = bound_field.build_widget_attrs({}, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs["id"] = bound_field.auto_id
    attrs = {"type": widget.input_type, "name": bound_field.html_name, **widget.build_attrs(widget.attrs, attrs)}
    value = widget.format_value(bound_field.value())
    if value is not None:
        attrs["value"] = value
    return format_html("<input{}>", flatatt(attrs))


@register.simple_tag
def filter_fields(form) -> str:
    """A public list's filter fields (label, control, errors), built in Python.

    Through the template engine, each field of the directory's panel costs a widget template, its label and its
    errors: about a millisecond a page. Selects come from `fast_select`, inputs from `fast_input`.
    """
    parts = []
    for bound in form:
        control = fast_select(bound) if bound.widget_type == "select" else fast_input(bound)
        errors = format_html_join("", '<p class="invalid-feedback d-block">{}</p>', ((e,) for e in bound.errors))
        parts.append(
            format_html(
                '<div class="mb-2">\n<label class="form-label small mb-1" for="{}">{}</label>\n{}{}\n</div>',
                bound.id_for_label,
                bound.label,
                control,
                errors,
            )
        )
    return mark_safe("\n".join(parts))  # noqa: S308 - every part built by format_html


# The site's header and footer as a visitor who is not signed in sees them, per template and language: they are
# made of settings, URLs, static paths and translations only, so the same on every page of this process.
_ANONYMOUS_CHROME: dict[tuple[str, str], str] = {}


def _forget_chrome(**_kwargs) -> None:
    _ANONYMOUS_CHROME.clear()


setting_changed.connect(_forget_chrome)  # a test's override (PORTAL_*, SITE_NAME, STATIC_URL…) renders them anew


@register.simple_tag(takes_context=True)
def site_chrome(context, template_name: str) -> str:
    """`{% site_chrome "includes/site_header.html" %}`: the template rendered in the page's context, as `{% include %}`
    would; for a visitor not signed in (every page the page cache keeps) rendered once per process and language,
    about 1 ms a page. A signed-in user's header holds their own menu and CSRF token, so it is rendered each time.
    """
    # Only a request's context has what the chrome shows (the site's name and owner come from a context processor):
    # Django's own 500 and 400 views render without one, and must neither keep nor get the kept copy.
    visitor = context.get("request") is not None and not getattr(context.get("user"), "is_authenticated", False)
    key = (template_name, get_language())
    if visitor and key in _ANONYMOUS_CHROME:
        return _ANONYMOUS_CHROME[key]
    with context.push():
        html = context.template.engine.get_template(template_name).render(context)
    if visitor:
        _ANONYMOUS_CHROME[key] = html
    return html


@register.simple_tag
def stylesheets() -> str:
    """`{% stylesheets %}` in base.html's head: where InlineStylesheetsMiddleware writes the site's stylesheets."""
    return mark_safe(STYLESHEET_SLOT.decode())  # noqa: S308 (a constant HTML comment)


@register.simple_tag
def icon(name: str, css_class: str = "") -> str:
    """`{% icon "award-fill" "text-success" %}`: an icon of the sprite (tayninh_thidua/lib/icons.py), decorative."""
    return format_html(
        '<svg class="bi{}" width="16" height="16" fill="currentColor" aria-hidden="true" focusable="false">'
        '<use href="{}#{}"></use></svg>',
        f" {css_class}" if css_class else "",
        static("img/icons.svg"),
        name,
    )


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*trail) -> dict:
    """`{% breadcrumbs _("Điển hình tiên tiến") "exemplars:exemplar.list" exemplar.name %}`: the trail below Home.

    Label and link pairs, then the current page's label. A link starting with "/" is used as it is, any other is
    a URL name without arguments. Rendered in templates' `breadcrumbs` block of base.html.
    """
    *pairs, current = trail
    links = [
        (label, link if str(link).startswith("/") else reverse(link))
        for label, link in zip(pairs[::2], pairs[1::2], strict=True)
    ]
    return {"links": [(_("Trang chủ"), reverse("home")), *links], "current": current, "position": len(links) + 2}


@register.simple_tag
def cards(objects, template_name: str, name: str, css_class: str = "col", **context) -> str:
    """`{% cards exemplars "exemplars/_exemplar_card.html" "exemplar" %}`: each object's card in a `<div class="col">`,
    the cards kept per page-cache version (pagecache.public_cards), so a list rendered without the page cache
    does not render its cards again."""
    wrapped = (
        f'<div class="{css_class}">{html}</div>' for html in public_cards(objects, template_name, name, **context)
    )
    return mark_safe("".join(wrapped))  # noqa: S308 - rendered templates, escaped by them
