"""Entry photos are private until the entry wins in published results."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from contests.models import Assignment, EntryPhoto
from tests.contests.conftest import png
from tests.factories import EntryFactory, JudgeFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo(edition):
    entry = EntryFactory(edition=edition)
    upload = png()
    return EntryPhoto.objects.create(entry=entry, image=ContentFile(upload.read(), name="anh.png"))


def test_photo_has_no_public_media_url(photo):
    with pytest.raises(ValueError):
        _ = photo.image.url
    assert "/media/" not in photo.get_absolute_url()


def test_unpublished_entry_photo_is_hidden_from_the_public_and_other_judges(client, photo):
    assert client.get(photo.get_absolute_url()).status_code == 404
    client.force_login(JudgeFactory())
    assert client.get(photo.get_absolute_url()).status_code == 404


def test_assigned_judge_and_staff_see_the_photo(client, photo, prelim):
    judge = JudgeFactory()
    Assignment.objects.create(round=prelim, entry=photo.entry, judge=judge)
    client.force_login(judge)
    response = client.get(photo.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(StaffUserFactory())
    assert client.get(photo.get_absolute_url()).status_code == 200


def test_winning_entry_photo_is_public_after_publication(client, photo, edition):
    entry = photo.entry
    entry.prize = edition.prize_tiers.first()
    entry.save(update_fields=["prize"])
    assert client.get(photo.get_absolute_url()).status_code == 404  # results not yet published
    edition.results_published_at = timezone.now()
    edition.save(update_fields=["results_published_at"])
    assert client.get(photo.get_absolute_url()).status_code == 200
