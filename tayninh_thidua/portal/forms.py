"""The site's forms: public feedback (sign-in forms: views/accounts.py, the login lock: lib/loginlock.py)."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _


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


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with the username's length enforced: AuthenticationForm sets max_length on the
    field after it is built, which adds no validator, so an overlong name reached authenticate() and the login
    lock's records (varchar 255 on PostgreSQL: a 500). Now it is a form error, and nothing is recorded."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))
