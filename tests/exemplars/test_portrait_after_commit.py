"""An approval that is rolled back leaves no copied portrait in public media (issue #11, item 29).

The public copy of the nominee's portrait is written once the approval commits; until then the exemplar row only
holds its name, so a rollback (a later failure in the same transaction) leaves neither the row nor the file.
"""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from exemplars import services
from exemplars.models import Exemplar
from tests.factories import NominationFactory

from .helpers import png
from .test_services import DECISION, S

pytestmark = pytest.mark.django_db


def _public_portraits(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT, "exemplars").rglob("*") if p.is_file()]


@pytest.fixture
def nomination(agency):
    nomination = NominationFactory(agency=agency, state=S.IN_REVIEW, complete=True)
    nomination.nominee_portrait.save("p.png", ContentFile(png(300, 200)))
    return nomination


def test_a_rolled_back_approval_leaves_no_portrait_behind(
    nomination, reviewer, settings, django_capture_on_commit_callbacks
):
    before = _public_portraits(settings)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            services.approve_nomination(nomination, actor=reviewer, decision=DECISION)
            raise RuntimeError("the step after the approval failed")
    assert not Exemplar.objects.exists()
    assert _public_portraits(settings) == before


def test_a_committed_approval_writes_the_portrait(nomination, reviewer, settings, django_capture_on_commit_callbacks):
    before = set(_public_portraits(settings))
    with django_capture_on_commit_callbacks(execute=True):
        exemplar = services.approve_nomination(nomination, actor=reviewer, decision=DECISION).exemplar
    exemplar.refresh_from_db()
    written = set(_public_portraits(settings)) - before
    assert [p.as_posix() for p in written] == [Path(exemplar.portrait.path).as_posix()]
