"""The site's forms: public feedback, and login forms that slow down password guessing."""

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tayninh_thidua.lib import ratelimit


class FeedbackForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), max_length=200)
    email = forms.EmailField(label=_("Thư điện tử (không bắt buộc)"), required=False)
    subject = forms.CharField(label=_("Tiêu đề"), max_length=300)
    message = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    # Left empty by people; bots fill every field. Hidden from view and from assistive technology by CSS class.
    website = forms.CharField(label=_("Để trống ô này"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})


# --- login ---------------------------------------------------------------------------------------------
# After LOGIN_FAILURE_LIMIT failed attempts from one client address within LOGIN_FAILURE_WINDOW seconds,
# further attempts are refused until the window passes.
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
