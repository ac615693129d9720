"""An honour's certificate (Bằng khen, Giấy khen): rendered once as PDF and stored, with the code of its public
status page (/xac-thuc/<code>/), printed as a QR code."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tayninh_thidua.lib.storage import private_storage
from tayninh_thidua.lib.uploads import CheckedFileField, random_upload_to

from .exemplar import Honour


class HonourCertificate(models.Model):
    honour = models.OneToOneField(
        Honour, verbose_name=_("khen thưởng"), on_delete=models.CASCADE, related_name="certificate"
    )
    code = models.CharField(_("mã xác thực"), max_length=40, unique=True, editable=False)
    file = CheckedFileField(
        _("bản PDF"),
        allow_images=False,
        upload_to=random_upload_to("honours/certificates"),
        storage=private_storage,
        blank=True,
        editable=False,
    )
    rendered_at = models.DateTimeField(_("in lúc"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("bằng, giấy khen")
        verbose_name_plural = _("bằng, giấy khen")

    def __str__(self) -> str:
        return str(self.honour)
