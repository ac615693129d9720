"""Upload checks shared by every app: images are decoded and re-encoded, never trusted by name.

`clean_image` is the one door for pictures: it checks size, pixel count (decompression bombs)
and real content, applies the EXIF orientation, and re-encodes — which drops all metadata,
GPS included. Stored names are random (`random_upload_to`).
"""

import io
import uuid
import warnings
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from tayninh_thidua.lib.storage import image_content_type

# Formats we accept, and what we re-encode them to.
_OUTPUT_FORMAT = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG", "BMP": "PNG"}
_EXTENSION = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def _human_mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def check_size(upload) -> None:
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s). Dung lượng tối đa là %(max)s."),
            code="too_large",
            params={"size": _human_mb(upload.size), "max": _human_mb(settings.MAX_UPLOAD_BYTES)},
        )


def _open_image(upload) -> Image.Image:
    # Some libraries (WeasyPrint) switch this global on at import; a truncated upload must still fail here.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    upload.seek(0)
    with warnings.catch_warnings():
        # Pillow only warns between 1x and 2x MAX_IMAGE_PIXELS: make that an error too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload)
            width, height = image.size
            if width * height > settings.MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("Ảnh có kích thước %(w)s×%(h)s điểm ảnh, vượt giới hạn cho phép."),
                    code="too_many_pixels",
                    params={"w": width, "h": height},
                )
            if image.format not in _OUTPUT_FORMAT:
                raise ValidationError(_("Chỉ nhận ảnh JPEG, PNG, WebP, GIF hoặc BMP."), code="bad_format")
            image.load()  # decode fully: verify() lets half-truncated files through
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ValidationError(_("Ảnh có quá nhiều điểm ảnh, không thể nhận."), code="too_many_pixels") from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise ValidationError(
                _("Tệp tải lên không phải là ảnh hợp lệ hoặc đã bị hỏng."), code="invalid_image"
            ) from exc
    return image


def clean_image(upload, *, max_side: int = 2400) -> ContentFile:
    """Validate an uploaded picture and return a re-encoded copy without metadata.

    Raises ValidationError with a Vietnamese message for anything that is not a whole,
    reasonably sized image. The returned file has a random name with the real extension.
    """
    check_size(upload)
    image = _open_image(upload)
    out_format = _OUTPUT_FORMAT[image.format]
    image = ImageOps.exif_transpose(image)
    if out_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif out_format in ("PNG", "WEBP") and image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")
    image.thumbnail((max_side, max_side))
    buffer = io.BytesIO()
    options = {"quality": 88, "optimize": True} if out_format == "JPEG" else {}
    image.save(buffer, format=out_format, **options)  # no exif= argument: metadata is dropped
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{_EXTENSION[out_format]}")


@deconstructible
class RandomUploadTo:
    """upload_to callable: `<prefix>/<yyyy>/<random>.<ext>`, never the uploader's file name."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        ext = PurePath(filename).suffix.lower().lstrip(".")[:8] or "bin"
        return f"{self.prefix}/{timezone.now():%Y}/{uuid.uuid4().hex}.{ext}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomUploadTo) and other.prefix == self.prefix


def random_upload_to(prefix: str) -> RandomUploadTo:
    return RandomUploadTo(prefix)


# ---------------------------------------------------------------------------
# Documents: judged by their content's signature, never by their name
# ---------------------------------------------------------------------------
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _is_docx(upload) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "word/document.xml" in names and "[Content_Types].xml" in names


def clean_document(upload, *, allow_images: bool = True) -> tuple[ContentFile, str]:
    """Validate a dossier file and return (file with a random name, content type).

    PDF (starts with %PDF-), DOCX (a zip holding word/document.xml) or, if `allow_images`, an image
    (decoded and re-encoded by clean_image, so EXIF/GPS is dropped). The stored extension follows the
    real content: a PDF named .docx is kept as a PDF. Anything else gets a Vietnamese ValidationError.
    """
    check_size(upload)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return ContentFile(upload.read(), name=f"{uuid.uuid4().hex}.pdf"), "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        if not _is_docx(upload):
            raise ValidationError(_("Tệp nén không phải là văn bản Word (DOCX) hợp lệ."), code="bad_document")
        upload.seek(0)
        return ContentFile(upload.read(), name=f"{uuid.uuid4().hex}.docx"), DOCX_CONTENT_TYPE
    if not allow_images:
        raise ValidationError(_("Chỉ nhận tệp PDF hoặc Word (.docx)."), code="bad_document")
    try:
        image = clean_image(upload)
    except ValidationError as exc:
        if exc.code == "invalid_image":
            raise ValidationError(
                _("Chỉ nhận tệp PDF, Word (DOCX) hoặc ảnh (JPEG, PNG, WebP); nội dung tệp này không phù hợp."),
                code="bad_document",
            ) from exc
        raise
    return image, image_content_type(image.name)
