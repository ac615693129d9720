"""Upload checks shared by every app: images are decoded and re-encoded, never trusted by name.

`clean_image` is the one door for pictures: it checks size, pixel count (decompression bombs)
and real content, applies the EXIF orientation, and re-encodes — which drops all metadata,
GPS included. `clean_document` is the one door for dossier files (PDF, DOCX, or a picture).
Stored names are random (`random_upload_to`).

The check is the field's job: every image or file field of a model is a `CheckedImageField` or
`CheckedFileField`. Their form field runs the check (in the admin too), and saving a model with a file
that did not come out of the check runs it then, so no new field or form can store unchecked bytes.
"""

import io
import re
import uuid
import warnings
import zipfile
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from tayninh_thidua.lib.storage import PrivateStorage, image_content_type

# Formats we accept, and what we re-encode them to.
_OUTPUT_FORMAT = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG", "BMP": "PNG"}
_EXTENSION = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


class CheckedFile(ContentFile):
    """What came out of the check: re-encoded or verified content, a random name with the real extension, and
    the detected content type. Fields store it as it is; anything else they check first."""

    def __init__(self, content: bytes, name: str, content_type: str):
        super().__init__(content, name=name)
        self.content_type = content_type


def _human_mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def check_size(upload) -> None:
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s). Dung lượng tối đa là %(max)s."),
            code="too_large",
            params={"size": _human_mb(upload.size), "max": _human_mb(settings.MAX_UPLOAD_BYTES)},
        )


# Markup and script openings that have no business in a picture or a PDF: a file carrying them is a polyglot
# (an image or document that a misconfigured server or an old browser would run as PHP, HTML or script).
_MARKUP = re.compile(rb"<\?php|<%@|<script|<html|<!doctype html|<svg|<iframe|<body", re.IGNORECASE)


def refuse_markup(upload) -> None:
    upload.seek(0)
    found = _MARKUP.search(upload.read())
    upload.seek(0)
    if found:
        raise ValidationError(_("Tệp chứa mã lệnh (PHP, HTML hoặc script) nên không được nhận."), code="polyglot")


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


def clean_image(upload, *, max_side: int = 2400) -> CheckedFile:
    """Validate an uploaded picture and return a re-encoded copy without metadata.

    Raises ValidationError with a Vietnamese message for anything that is not a whole,
    reasonably sized image. The returned file has a random name with the real extension.
    """
    check_size(upload)
    refuse_markup(upload)
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
    name = f"{uuid.uuid4().hex}.{_EXTENSION[out_format]}"
    return CheckedFile(buffer.getvalue(), name, image_content_type(name))


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
PDF_CONTENT_TYPE = "application/pdf"
_TYPE_EXTENSIONS = {
    PDF_CONTENT_TYPE: "pdf",
    DOCX_CONTENT_TYPE: "docx",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
}


def name_for_type(name: str, content_type: str) -> str:
    """`name` with the extension of the type the check found: "to-trinh.docx" holding a PDF -> "to-trinh.pdf"."""
    ext = _TYPE_EXTENSIONS.get(content_type)
    stem = PurePath(name).stem or "tep"
    return f"{stem}.{ext}" if ext else name


def _is_docx(upload) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "word/document.xml" in names and "[Content_Types].xml" in names


def clean_document(upload, *, allow_images: bool = True) -> tuple[CheckedFile, str]:
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
        refuse_markup(upload)
        return CheckedFile(upload.read(), f"{uuid.uuid4().hex}.pdf", PDF_CONTENT_TYPE), PDF_CONTENT_TYPE
    if head.startswith(b"PK\x03\x04"):
        if not _is_docx(upload):
            raise ValidationError(_("Tệp nén không phải là văn bản Word (DOCX) hợp lệ."), code="bad_document")
        upload.seek(0)
        return CheckedFile(upload.read(), f"{uuid.uuid4().hex}.docx", DOCX_CONTENT_TYPE), DOCX_CONTENT_TYPE
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


# ---------------------------------------------------------------------------
# The check as the field's job
# ---------------------------------------------------------------------------
class CheckedUploadFormField(forms.FileField):
    """A form's file field that runs the model field's check on a new upload and returns the checked file."""

    def __init__(self, *, check, **kwargs):
        self.check = check
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and value is not initial and not isinstance(value, CheckedFile) and hasattr(value, "read"):
            value = self.check(value)
        return value


class _CheckedSave:
    """FieldFile.save, which every stored file goes through (a model's save, or `instance.field.save(...)` in
    code): content that did not come out of the check is checked (and re-encoded) first."""

    def save(self, name, content, save=True):
        if not isinstance(content, CheckedFile):
            content = self.field.check_upload(content)
            name = content.name
        super().save(name, content, save)


class CheckedFieldFile(_CheckedSave, FieldFile):
    pass


class CheckedImageFieldFile(_CheckedSave, ImageFieldFile):
    pass


class CheckedUpload:
    """Mixin of the model fields below: the one upload check, in forms and on save (see the module docstring)."""

    def check_upload(self, upload) -> CheckedFile:
        raise NotImplementedError

    def formfield(self, **kwargs):
        kwargs = {"widget": forms.ClearableFileInput(attrs=self.accept), **kwargs}
        if isinstance(self.storage, PrivateStorage):
            # A private file has no URL: never a "currently: <link>" widget (the admin's would fail on it).
            kwargs["widget"] = forms.FileInput(attrs=self.accept)
        return super().formfield(**{**kwargs, "form_class": CheckedUploadFormField, "check": self.check_upload})

    def deconstruct(self):
        # Migrations record Django's own field: the check is behaviour, not schema, so putting it on a field
        # needs no migration (and the keyword arguments below are not the database's business).
        name, path, args, kwargs = super().deconstruct()
        for extra in ("max_side", "allow_images"):
            kwargs.pop(extra, None)
        base = "ImageField" if isinstance(self, models.ImageField) else "FileField"
        return name, f"django.db.models.{base}", args, kwargs


class CheckedImageField(CheckedUpload, models.ImageField):
    """A picture: checked and re-encoded by `clean_image` (at most `max_side` pixels a side)."""

    attr_class = CheckedImageFieldFile
    accept = {"accept": "image/jpeg,image/png,image/webp,image/gif,image/bmp"}

    def __init__(self, *args, max_side: int = 2400, **kwargs):
        self.max_side = max_side
        super().__init__(*args, **kwargs)

    def check_upload(self, upload) -> CheckedFile:
        return clean_image(upload, max_side=self.max_side)


class CheckedFileField(CheckedUpload, models.FileField):
    """A dossier file: PDF, DOCX or (if `allow_images`) a picture, judged by `clean_document`."""

    attr_class = CheckedFieldFile

    def __init__(self, *args, allow_images: bool = True, **kwargs):
        self.allow_images = allow_images
        super().__init__(*args, **kwargs)

    @property
    def accept(self) -> dict:
        types = ".pdf,.docx,application/pdf" + (",image/*" if self.allow_images else "")
        return {"accept": types}

    def check_upload(self, upload) -> CheckedFile:
        return clean_document(upload, allow_images=self.allow_images)[0]


class GeneratedFileField(CheckedUpload, models.FileField):
    """A file the site writes itself (a report document), never an upload: not editable in any form, and saving
    anything but a `CheckedFile` made by the writer is refused, so no user bytes can reach it."""

    attr_class = CheckedFieldFile
    accept: dict = {}

    def __init__(self, *args, **kwargs):
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def check_upload(self, upload) -> CheckedFile:
        raise ValidationError(_("Tệp này do hệ thống tạo, không nhận tệp tải lên."), code="generated_only")


def save_after_commit(fieldfile, filename: str, content) -> None:
    """Store `content` in `fieldfile` once the current transaction commits, instead of at once.

    The content is checked now (a refusal refuses the change) and the field gets its final name now, so the
    row saved in the transaction points at it; the bytes reach storage only after the commit. A rollback thus
    leaves no file behind that no row points to (the file a row points to appears a moment after the commit).
    """
    field, instance = fieldfile.field, fieldfile.instance
    checked = content if isinstance(content, CheckedFile) else field.check_upload(content)
    name = field.storage.get_available_name(field.generate_filename(instance, checked.name), field.max_length)
    setattr(instance, field.attname, name)
    data = checked.read()

    def write() -> None:
        stored = field.storage.save(name, ContentFile(data), max_length=field.max_length)
        if stored != name and instance.pk:  # the storage found the name taken after all
            type(instance)._base_manager.filter(pk=instance.pk).update(**{field.attname: stored})

    transaction.on_commit(write, robust=True)
