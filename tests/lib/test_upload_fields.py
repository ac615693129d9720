"""Every image and file field goes through the one upload check, admin included (issue #11, items 22 and 23).

The check is the field's job (lib.uploads.CheckedImageField / CheckedFileField): its form field runs it, and
saving a model with an unchecked file runs it too, so a new field or a new admin form cannot forget it.
"""

import io
import os

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.urls import reverse
from PIL import Image

from tayninh_thidua.lib.uploads import CheckedUpload
from tayninh_thidua.portal.models import NewsArticle
from tests.exemplars.helpers import PDF, jpeg_with_gps, png_bomb
from tests.html_forms import form_with

pytestmark = pytest.mark.django_db


def _noisy_jpeg(side: int = 300) -> bytes:
    buf = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buf, format="JPEG", quality=95)
    return buf.getvalue()


def _php_polyglot() -> bytes:
    """A real JPEG that is also a PHP script: the payload rides in a comment segment."""
    data = _noisy_jpeg(60)
    payload = b"<?php system($_GET['c']); ?>"
    comment = b"\xff\xfe" + (len(payload) + 2).to_bytes(2, "big") + payload
    return data[:2] + comment + data[2:]


BAD_IMAGES = {
    "polyglot.jpg": (_php_polyglot(), "mã lệnh"),
    "cut.jpg": (_noisy_jpeg()[:6000], "không phải là ảnh hợp lệ"),
    "bom.png": (png_bomb(10_000, 6_000), "điểm ảnh"),  # 60 megapixels declared in a tiny file
    "lon.png": (b"\x89PNG\r\n\x1a\n" + b"\0" * (11 * 1024 * 1024), "quá lớn"),
}


def test_every_model_file_field_carries_the_check():
    fields = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]
    assert len(fields) >= 9, fields
    unchecked = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField) and not isinstance(field, CheckedUpload)
    ]
    assert not unchecked


def _news_add(staff_client, upload):
    url = reverse("admin:tayninh_thidua_newsarticle_add")
    form = form_with(staff_client.get(url).content.decode(), "_save")
    return staff_client.post(url, form.data(title="Tin có ảnh", body="Nội dung", image=upload))


def test_admin_news_image_is_reencoded_without_gps(staff_client):
    response = _news_add(staff_client, SimpleUploadedFile("gps.jpg", jpeg_with_gps(), "image/jpeg"))
    assert response.status_code == 302
    article = NewsArticle.objects.get()
    with article.image.open("rb") as f:
        data = f.read()
    assert not Image.open(io.BytesIO(data)).getexif() and b"Exif" not in data
    assert article.image.name.endswith(".jpg") and "gps" not in article.image.name


@pytest.mark.parametrize("name", sorted(BAD_IMAGES))
def test_admin_news_image_refuses_bad_files(staff_client, name):
    content, message = BAD_IMAGES[name]
    response = _news_add(staff_client, SimpleUploadedFile(name, content, "image/jpeg"))
    assert response.status_code == 200 and message in response.content.decode()
    assert not NewsArticle.objects.exists()


def test_saving_a_model_with_an_unchecked_file_checks_it():
    article = NewsArticle.objects.create(title="Ảnh gán thẳng", image=ContentFile(jpeg_with_gps(), name="gps.jpg"))
    with article.image.open("rb") as f:
        assert not Image.open(io.BytesIO(f.read())).getexif()
    for content in (b"<?php echo 1; ?>", _php_polyglot(), b"GIF89a not really"):
        with pytest.raises(ValidationError), transaction.atomic():
            NewsArticle.objects.create(title="Không phải ảnh", image=ContentFile(content, name="a.jpg"))
    assert NewsArticle.objects.count() == 1


def test_a_pdf_with_html_inside_is_refused():
    from tayninh_thidua.lib.uploads import clean_document

    with pytest.raises(ValidationError, match="mã lệnh"):
        clean_document(SimpleUploadedFile("a.pdf", PDF + b"<html><script>alert(1)</script></html>"))


def test_a_private_file_field_never_shows_a_link_in_forms():
    from exemplars.models import NominationAttachment

    field = NominationAttachment._meta.get_field("file").formfield()
    assert field.widget.__class__.__name__ == "FileInput"


def test_a_pdf_named_docx_downloads_as_a_pdf(client, head, nomination):
    from exemplars.models import NominationAttachment

    client.force_login(head)
    response = client.post(
        reverse("agency:attachment.upload", args=[nomination.pk]),
        {"document_type": "proposal", "document": SimpleUploadedFile("to-trinh.docx", PDF)},
    )
    assert response.status_code == 302
    attachment = NominationAttachment.objects.get()
    assert attachment.content_type == "application/pdf" and attachment.file.name.endswith(".pdf")
    download = client.get(reverse("agency:attachment.download", args=[attachment.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="to-trinh.pdf"' in download["Content-Disposition"]
    assert "to-trinh.pdf" in client.get(reverse("agency:nomination.detail", args=[nomination.pk])).content.decode()


@pytest.fixture
def nomination(agency):
    from tests.factories import NominationFactory

    return NominationFactory(agency=agency)
