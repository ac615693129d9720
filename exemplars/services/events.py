"""Changes to exchanges ("Giao lưu gương điển hình tiên tiến") the public sees: publication."""

from __future__ import annotations

from tayninh_thidua.lib.publication import set_published

from ..models import ExchangeEvent


def publish_exchange(event: ExchangeEvent, *, actor, comment: str = "") -> ExchangeEvent:
    """Show an exchange and its photo album on the public pages and in the sitemap.

    Side effects: saves `is_published`; logs a PublicChange "publish"; refreshes the page cache on commit.
    """
    return set_published(event, actor=actor, published=True, comment=comment)


def unpublish_exchange(event: ExchangeEvent, *, actor, comment: str = "") -> ExchangeEvent:
    """Take an exchange and its photos off the public pages (its page then answers 404).

    Side effects: saves `is_published`; logs a PublicChange "unpublish"; refreshes the page cache on commit.
    """
    return set_published(event, actor=actor, published=False, comment=comment)
