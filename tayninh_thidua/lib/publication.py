"""One door for what the public sees: lock, check, change, log, refresh the page cache.

The apps' publication services (`movements.services.publish_movement`, `exemplars.services.publish_exemplar`,
`publish_exchange`, the portal's `publish_news` ...) are thin wrappers around `set_published`; admin actions,
admin change forms and other services call those, never `queryset.update(is_published=...)`.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PublicChange
from .pagecache import bump_public_cache
from .workflow import NotAllowedForYou

M = TypeVar("M", bound=models.Model)


def require_change_permission(actor, model: type[models.Model]) -> None:
    """Only staff who may change the model in the admin may change what the public sees of it."""
    opts = model._meta
    if actor is None or not actor.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        raise NotAllowedForYou(_("Bạn không có quyền thay đổi việc công khai %(what)s.") % {"what": opts.verbose_name})


def log_public_change(obj: models.Model, action: str, *, actor, comment: str = "") -> PublicChange:
    """Write one PublicChange row for `obj` (who, what, when)."""
    return PublicChange.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        comment=comment,
    )


def refresh_public_pages() -> None:
    """Stale every cached public page once the current transaction commits (at once outside one).

    Not before the commit: a page rendered in between would be cached under the new version with old data.
    """
    transaction.on_commit(bump_public_cache)


def _has_publication_date(obj: models.Model) -> bool:
    return any(f.name == "published_at" for f in obj._meta.concrete_fields)


def _apply(obj: models.Model, published: bool, at: dt.datetime | None) -> bool:
    """Set the publication fields on `obj`; True if anything changed."""
    changed = obj.is_published != published
    obj.is_published = published
    if published and _has_publication_date(obj):
        # The given date, else the first publication's (republishing keeps it), else now.
        when = at or obj.published_at or timezone.now()
        changed = changed or obj.published_at != when
        obj.published_at = when
    return changed


def set_published(obj: M, *, actor, published: bool, at: dt.datetime | None = None, comment: str = "") -> M:
    """Make `obj` public (`published=True`) or take it off the public pages; returns the saved row.

    Side effects: locks and saves the row (`is_published`, and `published_at` where the model has it: `at`,
    else the earlier publication date, else now; unpublishing keeps the date); writes one PublicChange
    (publish/unpublish, actor, comment); refreshes the public page cache on commit; mirrors the publication
    fields onto the caller's `obj`. Already so: nothing is saved or logged. Refused (NotAllowedForYou) to
    an actor without the model's change permission.
    """
    model = type(obj)
    require_change_permission(actor, model)
    with transaction.atomic():
        locked = model._default_manager.select_for_update().get(pk=obj.pk)
        if _apply(locked, published, at):
            locked._history_user = actor  # django-simple-history credits the actor, request or not
            locked.save()
            action = PublicChange.Action.PUBLISH if published else PublicChange.Action.UNPUBLISH
            log_public_change(locked, action, actor=actor, comment=comment)
            refresh_public_pages()
    obj.is_published = locked.is_published
    if _has_publication_date(obj):
        obj.published_at = locked.published_at
    return locked
