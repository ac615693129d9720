"""Changes to site-wide content. Views, admin and commands call these."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from movements import audiences
from tayninh_thidua.lib import outbox
from tayninh_thidua.lib.models import OutgoingMail
from tayninh_thidua.lib.publication import set_published

from .models import Feedback, NewsArticle


def feedback_mail_key(feedback_id: int) -> str:
    return f"feedback:{feedback_id}"


def submit_feedback(*, name: str, email: str, subject: str, message: str) -> Feedback:
    """Store a message from the public and, in the same transaction, its e-mail notice to staff.

    Writes one Feedback row and one outbox row addressed to the staff who receive feedback, resolved when it
    is sent: with nobody configured yet it waits, and says why, in the outbox. Sent after commit.
    """
    with transaction.atomic():
        feedback = Feedback.objects.create(name=name, email=email, subject=subject, message=message)
        queue_feedback_notice(feedback)
    return feedback


def queue_feedback_notice(feedback: Feedback) -> OutgoingMail:
    """Queue the notice of one feedback message (once: keyed by the feedback). Side effects: one outbox row."""
    body = render_to_string("emails/feedback_notice.txt", {"feedback": feedback, "SITE_URL": settings.SITE_URL})
    return outbox.queue_mail(
        kind="feedback",
        key=feedback_mail_key(feedback.pk),
        audience=audiences.FEEDBACK,
        subject=_("[Phản hồi] %(subject)s") % {"subject": feedback.subject},
        body=body,
    )


def feedback_notice(feedback: Feedback) -> OutgoingMail | None:
    """The outbox row of a feedback's notice (the admin shows whether it went out, and why not)."""
    return OutgoingMail.objects.filter(key=feedback_mail_key(feedback.pk)).first()


# --- news ------------------------------------------------------------------------------------------
def publish_news(article: NewsArticle, *, actor, at: dt.datetime | None = None, comment: str = "") -> NewsArticle:
    """Publish a news item: its page, the news list, home, feeds and sitemap show it (from `published_at`).

    Side effects: saves `is_published` and `published_at` (`at`, else the earlier date, else now); logs a
    PublicChange "publish"; refreshes the page cache on commit; updates the caller's `article` too.
    """
    return set_published(article, actor=actor, published=True, at=at, comment=comment)


def unpublish_news(article: NewsArticle, *, actor, comment: str = "") -> NewsArticle:
    """Withdraw a news item from the public pages (its page then answers 404); the publication date is kept.

    Side effects: saves `is_published`; logs a PublicChange "unpublish"; refreshes the page cache on commit.
    """
    return set_published(article, actor=actor, published=False, comment=comment)
