"""Private files: dossiers, report attachments, unpublished contest photos.

They live outside MEDIA_ROOT with no public URL; a view that has checked the viewer's right
returns them with `private_file_response`.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

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


def private_file_response(fieldfile, filename: str, content_type: str, *, inline: bool = False) -> FileResponse:
    """Stream a checked private file; never cached by shared caches. 404 if the file is gone."""
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=not inline, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response
