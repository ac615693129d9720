"""Login forms that slow down password guessing: after LOGIN_FAILURE_LIMIT failed attempts from one
client address within LOGIN_FAILURE_WINDOW seconds, further attempts are refused until it passes."""

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tayninh_thidua.lib import ratelimit


class ThrottledLoginMixin:
    def clean(self):
        address = ratelimit.client_address(self.request) if self.request else "unknown"
        if ratelimit.reached("login", address, limit=settings.LOGIN_FAILURE_LIMIT):
            raise ValidationError(
                _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút."),
                code="too_many_attempts",
                params={"minutes": settings.LOGIN_FAILURE_WINDOW // 60},
            )
        try:
            return super().clean()
        except ValidationError:
            ratelimit.hit("login", address, limit=settings.LOGIN_FAILURE_LIMIT, window=settings.LOGIN_FAILURE_WINDOW)
            raise


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass
