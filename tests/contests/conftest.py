import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import EditionFactory, EntryFactory, JudgeFactory


def png(name: str = "anh.png", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def _own_cache(settings, request):
    # Rate limits live in the cache: each test gets its own empty local-memory cache
    # (clearing the shared Redis would also wipe the Celery broker's keys).
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": request.node.nodeid}
    }
    cache.clear()


@pytest.fixture
def edition(db):
    return EditionFactory()


@pytest.fixture
def judges(db):
    return [JudgeFactory() for _ in range(4)]


@pytest.fixture
def entries(edition):
    return [EntryFactory(edition=edition) for _ in range(6)]


@pytest.fixture
def prelim(edition):
    return edition.rounds.get(kind="so-khao")


def close_judging(edition) -> None:
    """Move the edition's calendar into the past, as when its results are due: entries closed, every round over
    (all but the final advanced), the public vote (if any) over."""
    import datetime as dt

    from django.utils import timezone

    from contests.models import Edition

    today = timezone.localdate()
    days = dt.timedelta
    changes = {"submission_opens": today - days(90), "submission_closes": today - days(60)}
    if edition.public_vote_enabled:
        changes.update(vote_opens=today - days(20), vote_closes=today - days(1))
    Edition.objects.filter(pk=edition.pk).update(**changes)
    for i, round_ in enumerate(edition.rounds.order_by("order")):
        round_.starts_on = today - days(59 - 15 * i)
        round_.ends_on = round_.starts_on + days(10)
        if not round_.is_final and round_.advanced_at is None:
            round_.advanced_at = timezone.now()
        round_.save()
    edition.refresh_from_db()
