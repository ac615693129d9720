"""Dossier uploads are judged by content: type signature, size, pixel count; metadata dropped."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from exemplars.models import Nomination, NominationAttachment
from tayninh_thidua.lib.uploads import DOCX_CONTENT_TYPE, clean_document
from tests.factories import MovementFactory, PlanPhaseFactory

from .helpers import PDF, big_png, docx, jpeg_with_gps, png, png_bomb

pytestmark = pytest.mark.django_db


def _upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_pdf_named_docx_is_kept_as_the_pdf_it_is():
    stored, content_type = clean_document(_upload("bao-cao.docx", PDF, DOCX_CONTENT_TYPE))
    assert content_type == "application/pdf" and stored.name.endswith(".pdf")
    assert "bao-cao" not in stored.name


def test_real_docx_is_accepted_and_a_zip_without_word_document_is_not():
    stored, content_type = clean_document(_upload("to-trinh.docx", docx()))
    assert content_type == DOCX_CONTENT_TYPE and stored.name.endswith(".docx")
    with pytest.raises(ValidationError, match="DOCX"):
        clean_document(_upload("to-trinh.docx", docx(with_document=False)))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("anh.jpg", "Đây là một tệp văn bản".encode(), "Chỉ nhận tệp PDF"),
        ("bao-cao.pdf", b"not a pdf at all", "Chỉ nhận tệp PDF"),
        ("bom.png", png_bomb(), "điểm ảnh"),
    ],
)
def test_bad_documents_get_a_vietnamese_message(name, content, message):
    with pytest.raises(ValidationError) as info:
        clean_document(_upload(name, content))
    assert message in " ".join(info.value.messages)


def test_eleven_megabyte_image_is_too_large():
    with pytest.raises(ValidationError) as info:
        clean_document(_upload("anh-lon.png", big_png(11), "image/png"))
    assert info.value.code == "too_large" and "tối đa là 10 MB" in info.value.messages[0]


def test_image_document_is_stored_without_gps():
    stored, content_type = clean_document(_upload("bien-ban.jpg", jpeg_with_gps(), "image/jpeg"))
    assert content_type == "image/jpeg"
    data = stored.read()
    assert not Image.open(io.BytesIO(data)).getexif()
    assert b"Exif" not in data


@pytest.fixture
def form_data(seeded):
    from exemplars.models import AwardType

    award = AwardType.objects.create(name="Bằng khen thử", kind="commendation", recipient="both")
    movement, phase = MovementFactory(), PlanPhaseFactory()
    movement.phases.add(phase)  # a phase of the movement, covering the year (issue #11 item 5)
    return {
        "nominee_kind": "individual",
        "nominee_name": "Lê Văn Giữ Nguyên",
        "movement": movement.pk,
        "phase": phase.pk,
        "award_type": award.pk,
        "year": 2026,
        "achievements": "Thành tích vẫn còn sau khi lỗi",
        "votes_for": 9,
        "council_members": 10,
        "document_type": "achievement-report",
    }


@pytest.mark.parametrize(
    ("field", "name", "content", "message"),
    [
        ("nominee_portrait", "chan-dung.jpg", b"plain text, not a picture", "không phải là ảnh hợp lệ"),
        ("nominee_portrait", "bom.png", png_bomb(), "điểm ảnh"),
        ("document", "bao-cao.pdf", b"GIF89a? no", "Chỉ nhận tệp PDF"),
    ],
)
def test_rejected_upload_keeps_what_was_typed(client, head, form_data, field, name, content, message):
    client.force_login(head)
    response = client.post(reverse("agency:nomination.create"), {**form_data, field: _upload(name, content)})
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert "Lê Văn Giữ Nguyên" in html and "Thành tích vẫn còn sau khi lỗi" in html
    assert not Nomination.objects.exists()


def test_create_with_portrait_and_pdf_stores_them_privately(client, head, form_data, settings):
    client.force_login(head)
    response = client.post(
        reverse("agency:nomination.create"),
        {
            **form_data,
            "nominee_portrait": _upload("chan-dung.jpg", jpeg_with_gps(), "image/jpeg"),
            "document": _upload("bao-cao-thanh-tich.docx", PDF),
        },
    )
    nomination = Nomination.objects.get()
    assert response.status_code == 302
    attachment = NominationAttachment.objects.get()
    assert attachment.original_name == "bao-cao-thanh-tich.docx" and attachment.content_type == "application/pdf"
    assert attachment.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert nomination.nominee_portrait.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    with nomination.nominee_portrait.open("rb") as f:
        assert not Image.open(f).getexif()
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018 – private files have no public URL
    download = client.get(reverse("agency:attachment.download", args=[attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


def test_upload_on_detail_page_rejects_bad_file_with_message(client, head, nomination):
    client.force_login(head)
    response = client.post(
        reverse("agency:attachment.upload", args=[nomination.pk]),
        {"document_type": "proposal", "document": _upload("to-trinh.docx", b"hello")},
    )
    assert response.status_code == 400 and "Chỉ nhận tệp PDF" in response.content.decode()
    response = client.post(
        reverse("agency:attachment.upload", args=[nomination.pk]),
        {"document_type": "proposal", "document": _upload("to-trinh.png", png())},
    )
    assert response.status_code == 302 and nomination.attachments.get().content_type == "image/png"
