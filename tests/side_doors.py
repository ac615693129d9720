"""Helpers for the "no side doors" tests: an anonymous visitor served from the page cache, admin list actions
run as a committed request, and the cache hooks switched off to show the services refresh the cache themselves."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator

from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.test import Client, TestCase
from django.urls import reverse

from tayninh_thidua.lib.models import PublicChange
from tayninh_thidua.portal.apps import PUBLIC_MODELS


def visitor() -> Client:
    """A member of the public: no session cookie, so public pages come from the page cache."""
    return Client()


def warm(client: Client, urls: Iterable[str]) -> None:
    """Fetch each page twice: the second answer must come from the cache (so the test starts from cached pages)."""
    for url in urls:
        assert client.get(url).status_code == 200, url
        assert client.get(url).headers.get("X-Public-Cache") == "hit", url


def shows(client: Client, url: str, marker: str) -> bool:
    response = client.get(url)
    assert response.status_code == 200, url
    return marker in response.content.decode().lower()


def run_action(staff_client: Client, model: type[Model], action: str, objects: Iterable[Model], **extra):
    """POST an admin list action on `objects`, running on-commit callbacks as a committed request would."""
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    data = {"action": action, "_selected_action": [obj.pk for obj in objects], **extra}
    with committing():
        return staff_client.post(url, data)


def committing():
    """Run on-commit callbacks at the end of the block, as a committed request would (tests never commit)."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def public_changes(obj: Model):
    return PublicChange.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


@contextlib.contextmanager
def without_cache_hooks() -> Iterator[None]:
    """Disconnect the post_save/post_delete/m2m safety net of tayninh_thidua/portal/apps.py for the block."""
    for label in PUBLIC_MODELS:
        model = apps.get_model(label)
        post_save.disconnect(sender=model, dispatch_uid=f"public-cache-save-{label}")
        post_delete.disconnect(sender=model, dispatch_uid=f"public-cache-delete-{label}")
        for field in model._meta.local_many_to_many:
            m2m_changed.disconnect(
                sender=field.remote_field.through, dispatch_uid=f"public-cache-m2m-{label}-{field.name}"
            )
    try:
        yield
    finally:
        apps.get_app_config("tayninh_thidua").ready()  # connects them again (same dispatch_uids)


def cache_hooks(enabled: bool):
    """The safety-net hooks on (as in production) or off (the service alone must refresh the cache)."""
    return contextlib.nullcontext() if enabled else without_cache_hooks()


def _unwrap(widget: forms.Widget) -> forms.Widget:
    while not isinstance(widget, forms.MultiWidget) and hasattr(widget, "widget"):
        widget = widget.widget  # the admin's RelatedFieldWidgetWrapper
    return widget


def _field_data(form: forms.Form, name: str) -> dict:
    bound = form[name]
    widget, key, value = _unwrap(bound.field.widget), bound.html_name, bound.value()
    if isinstance(widget, forms.CheckboxInput):
        return {key: "on"} if value else {}
    if isinstance(widget, forms.FileInput):
        return {}
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list | tuple) else widget.decompress(value)
        return {
            key + suffix: sub.format_value(part) or ""
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=True)
        }
    if isinstance(value, list | tuple):
        return {key: [str(v) for v in value]}
    formatted = widget.format_value(value)
    return {key: "" if formatted is None else formatted}


def change_form_data(client: Client, url: str) -> dict:
    """What the admin change page at `url` posts when saved as it stands: its form, inlines and their
    management forms. Tests change a few values and post it back."""
    response = client.get(url)
    assert response.status_code == 200, url
    all_forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        all_forms += [inline.formset.management_form, *inline.formset.forms]
    data: dict = {}
    for form in all_forms:
        for name in form.fields:
            data.update(_field_data(form, name))
    return data
