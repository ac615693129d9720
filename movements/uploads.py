"""Report attachments: PDF or DOCX recognised by their content, never by name, and size-limited."""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def check_document(upload) -> str:
    """Return the content type of an uploaded PDF or DOCX, or raise ValidationError (Vietnamese)."""
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("Tệp lớn hơn %(mb)d MB, không thể nhận.") % {"mb": limit // (1024 * 1024)}, code="too_large"
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            names = set()
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
    raise ValidationError(_("Chỉ nhận tệp PDF hoặc Word (.docx)."), code="bad_type")
