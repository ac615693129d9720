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
