"""Private files leave through `private_file_response` only: streamed by Django by default (`make run`, the suite),
or, with PRIVATE_FILES_ACCEL_PREFIX set (both production shapes), as an empty answer whose X-Accel-Redirect header
tells nginx which file to send from its internal location."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone

from contests.models import EntryPhoto
from exemplars.models import NominationAttachment
from movements.services import reports
from tayninh_thidua.lib.storage import private_file_response, private_storage
from tests.factories import EditionFactory, EntryFactory, NominationFactory, StaffUserFactory, jpeg_file

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
VIETNAMESE = "Tờ trình đề nghị khen thưởng.pdf"
RFC5987 = "filename*=utf-8''T%E1%BB%9D%20tr%C3%ACnh%20%C4%91%E1%BB%81%20ngh%E1%BB%8B%20khen%20th%C6%B0%E1%BB%9Fng.pdf"
ACCEL = "/_private/"


def _private(name: str, content: bytes = PDF) -> FieldFile:
    stored = private_storage.save(name, ContentFile(content))
    return FieldFile(None, NominationAttachment._meta.get_field("file"), stored)


@pytest.fixture
def accel(settings):
    settings.PRIVATE_FILES_ACCEL_PREFIX = ACCEL


# --- the function, in both modes ----------------------------------------------------------------------------
def test_without_the_setting_django_streams_the_file(settings):
    settings.PRIVATE_FILES_ACCEL_PREFIX = ""
    response = private_file_response(_private("dossiers/2026/a1.pdf"), VIETNAMESE, "application/pdf")
    assert isinstance(response, FileResponse)
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f"attachment; {RFC5987}"
    assert response["Cache-Control"] == "private, no-store"
    assert not response.has_header("X-Accel-Redirect")


def test_with_the_setting_nginx_sends_the_file(accel):
    fieldfile = _private("dossiers/2026/b2.pdf")
    response = private_file_response(fieldfile, VIETNAMESE, "application/pdf")
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/_private/{fieldfile.name}"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f"attachment; {RFC5987}"
    assert response["Cache-Control"] == "private, no-store"


def test_the_redirect_path_is_url_quoted(accel):
    fieldfile = _private("contests/2026/ảnh thử #1.png")
    response = private_file_response(fieldfile, "anh.png", "image/png", inline=True)
    assert response["X-Accel-Redirect"] == "/_private/contests/2026/%E1%BA%A3nh%20th%E1%BB%AD%20%231.png"
    assert response["Content-Disposition"] == 'inline; filename="anh.png"'


@pytest.mark.parametrize("prefix", ["", ACCEL])
def test_a_missing_file_is_404_in_both_modes(settings, prefix):
    settings.PRIVATE_FILES_ACCEL_PREFIX = prefix
    fieldfile = _private("dossiers/2026/gone.pdf")
    private_storage.delete(fieldfile.name)
    with pytest.raises(Http404):
        private_file_response(fieldfile, "gone.pdf", "application/pdf")


def test_a_public_file_is_never_redirected_to_the_private_location(accel):
    name = default_storage.save("exemplars/2026/c3.jpg", ContentFile(b"jpeg"))
    public = FieldFile(None, NominationAttachment._meta.get_field("file"), name)
    public.storage = default_storage
    with pytest.raises(ValueError, match="not a private file"):
        private_file_response(public, "c3.jpg", "image/jpeg")


def test_no_view_streams_a_file_itself():
    """Every private download goes through private_file_response (the one place that knows about nginx)."""
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("movements", "exemplars", "contests", "tayninh_thidua")
        for path in (ROOT / folder).rglob("*.py")
        if "FileResponse(" in path.read_text(encoding="utf-8") and path.name != "storage.py"
    ]
    assert offenders == []


# --- every caller, behind the proxy -----------------------------------------------------------------------
@pytest.mark.django_db
def test_dossier_files_are_handed_to_nginx_after_the_permission_check(client, accel, agency, head, other_head):
    nomination = NominationFactory(agency=agency)
    nomination.nominee_portrait.save("p.jpg", jpeg_file("p.jpg"))  # fields check what they store: a real picture
    attachment = NominationAttachment.objects.create(
        nomination=nomination,
        document_type="proposal",
        file=ContentFile(PDF, name="x.pdf"),
        original_name=VIETNAMESE,
        content_type="application/pdf",
        size=len(PDF),
    )
    download = reverse("agency:attachment.download", args=[attachment.pk])
    portrait = reverse("agency:nomination.portrait", args=[nomination.pk])
    client.force_login(other_head)
    refused = client.get(download)
    assert refused.status_code == 404 and not refused.has_header("X-Accel-Redirect")
    for user in (head, StaffUserFactory()):
        client.force_login(user)
        response = client.get(download)
        assert response.status_code == 200 and response.content == b""
        assert response["X-Accel-Redirect"] == f"/_private/{attachment.file.name}"
        assert response["Content-Disposition"] == f"attachment; {RFC5987}"
        picture = client.get(portrait)
        assert picture["X-Accel-Redirect"] == f"/_private/{nomination.nominee_portrait.name}"
        assert picture["Content-Type"] == "image/jpeg"


@pytest.mark.django_db
def test_report_attachments_are_handed_to_nginx(client, accel, member, other_member, report_factory, staff_user):
    report = report_factory(agency=member.agency)
    attachment = reports.add_attachment(report, SimpleUploadedFile("a.pdf", PDF), "Báo cáo", member.user)
    agency_url = reverse("agency:report.attachment.download", kwargs={"pk": report.pk, "attachment_pk": attachment.pk})
    staff_url = reverse("agency:report.attachment.staff_download", kwargs={"attachment_pk": attachment.pk})
    client.force_login(other_member.user)
    assert not client.get(agency_url).has_header("X-Accel-Redirect")
    for user, url in ((member.user, agency_url), (staff_user, staff_url)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and response.content == b""
        assert response["X-Accel-Redirect"] == f"/_private/{attachment.file.name}"
        assert response["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_contest_photos_are_handed_to_nginx_once_public(client, accel):
    edition = EditionFactory()
    photo = EntryPhoto.objects.create(entry=EntryFactory(edition=edition), image=jpeg_file("anh.jpg"))
    hidden = client.get(photo.get_absolute_url())
    assert hidden.status_code == 404 and not hidden.has_header("X-Accel-Redirect")
    entry = photo.entry
    entry.prize = edition.prize_tiers.first()
    entry.save(update_fields=["prize"])
    edition.results_published_at = timezone.now()
    edition.save(update_fields=["results_published_at"])
    response = client.get(photo.get_absolute_url())
    assert response["X-Accel-Redirect"] == f"/_private/{photo.image.name}"
    assert response["Content-Disposition"].startswith("inline;")
