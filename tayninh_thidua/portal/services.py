"""Changes to site-wide content. Views, admin and commands call these."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from tayninh_thidua.lib.publication import set_published

from .models import Feedback, NewsArticle


def submit_feedback(*, name: str, email: str, subject: str, message: str) -> Feedback:
    """Store a message from the public and queue the e-mail notice to staff after commit.

    Writes one Feedback row; `send_feedback_notice` runs once the transaction commits.
    """
    from .tasks import send_feedback_notice

    feedback = Feedback.objects.create(name=name, email=email, subject=subject, message=message)
    transaction.on_commit(lambda: send_feedback_notice.delay(feedback_id=feedback.pk))
    return feedback


def feedback_recipients() -> list[str]:
    """Staff who handle feedback: FEEDBACK_EMAILS, else active members of the staff group, else ADMINS."""
    if settings.FEEDBACK_EMAILS:
        return list(settings.FEEDBACK_EMAILS)
    staff = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name=settings.STAFF_GROUP_NAME)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    return sorted(staff) or [address for _name, address in settings.ADMINS]


def notify_staff_of_feedback(feedback_id: int) -> bool:
    """Send the notice once: claims the row with a conditional UPDATE, so a re-run sends nothing.

    Sends one e-mail to `feedback_recipients()` and sets `notified_at`.
    """
    claimed = Feedback.objects.filter(pk=feedback_id, notified_at__isnull=True).update(notified_at=timezone.now())
    if not claimed:
        return False
    feedback = Feedback.objects.get(pk=feedback_id)
    recipients = feedback_recipients()
    if not recipients:
        return False
    body = render_to_string("emails/feedback_notice.txt", {"feedback": feedback, "SITE_URL": settings.SITE_URL})
    send_mail(_("[Phản hồi] %(subject)s") % {"subject": feedback.subject}, body, None, recipients)
    return True


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
