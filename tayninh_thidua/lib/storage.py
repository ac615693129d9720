"""Private files: dossiers, report attachments, unpublished contest photos.

They live outside MEDIA_ROOT with no public URL; a view that has checked the viewer's right
returns them with `private_file_response`. Behind the proxy (PRIVATE_FILES_ACCEL_PREFIX set, e.g.
"/_private/"), the answer is an empty response whose X-Accel-Redirect header tells nginx to send the
file from its `internal` location, so no gunicorn worker is held while the file travels; without the
setting (`make run`, the tests) Django streams the file itself.
"""

from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header

IMAGE_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


@deconstructible
class PrivateStorage(FileSystemStorage):
    def __init__(self) -> None:
        super().__init__()

    @cached_property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    def _clear_cached_properties(self, setting, **kwargs):
        # Django forgets a storage's location when MEDIA_ROOT changes (override_settings); ours follows its own.
        super()._clear_cached_properties("MEDIA_ROOT" if setting == "PRIVATE_MEDIA_ROOT" else setting, **kwargs)

    def url(self, name: str) -> str:
        raise ValueError("Private files have no public URL; serve them through a view that checks access.")


private_storage = PrivateStorage()


def image_content_type(name: str) -> str:
    return IMAGE_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def private_file_response(fieldfile, filename: str, content_type: str, *, inline: bool = False) -> HttpResponseBase:
    """A checked private file, never kept by shared caches; 404 if the file is gone.

    `filename` is what the browser saves it as (RFC 5987 `filename*=` when it is not ASCII, e.g. Vietnamese).
    """
    prefix = settings.PRIVATE_FILES_ACCEL_PREFIX
    if prefix:
        if not isinstance(fieldfile.storage, PrivateStorage):  # the prefix maps to PRIVATE_MEDIA_ROOT only
            raise ValueError(f"{fieldfile.name} is not a private file")
        if not fieldfile.name or not fieldfile.storage.exists(fieldfile.name):
            raise Http404
        response = HttpResponse(content_type=content_type)
        # The storage name, URL-quoted (nginx decodes it); names are random ASCII (uploads.random_upload_to).
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(fieldfile.name.lstrip("/"))
        response["Content-Disposition"] = content_disposition_header(not inline, filename)
    else:
        try:
            handle = fieldfile.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(handle, as_attachment=not inline, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response
