"""Who belongs to which agency, and as what: the agency head submits nominations, officers prepare them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .agency import Agency


class AgencyMembership(models.Model):
    """A user's place in an agency. Agency heads submit nominations; officers prepare them."""

    class Role(models.TextChoices):
        HEAD = "head", _("Thủ trưởng đơn vị")
        OFFICER = "officer", _("Cán bộ phụ trách")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="membership"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices, default=Role.OFFICER)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        db_table = "exemplars_agencymembership"  # made by the exemplars app before it moved here
        verbose_name = _("thành viên đơn vị")
        verbose_name_plural = _("thành viên đơn vị")
        indexes = [models.Index(fields=["agency", "role"], name="membership_agency_role")]

    def __str__(self) -> str:
        return f"{self.user} – {self.agency} ({self.get_role_display()})"

    @property
    def is_head(self) -> bool:
        return self.role == self.Role.HEAD
