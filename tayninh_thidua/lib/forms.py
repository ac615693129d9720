"""Forms the layers above share: Django's password-reset form, with its e-mail sent through the outbox."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from . import outbox
from .models import OutgoingMail

PASSWORD_RENDERER = "password-link"


class OutboxPasswordResetForm(PasswordResetForm):
    """Password reset and password setting (accounts created by staff) by e-mail, through the outbox.

    The message is queued with the account, not the link: the link is made when the message is sent,
    so a valid password link never sits in the outbox table where staff could read it.
    """

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        outbox.queue_mail(
            kind="password",
            to=[to_email],
            subject=subject,
            renderer=PASSWORD_RENDERER,
            context={
                "user": context["user"].pk,
                "template": email_template_name,
                "domain": context["domain"],
                "site_name": context["site_name"],
                "protocol": context["protocol"],
            },
        )


class PasswordSettingForm(OutboxPasswordResetForm):
    """The password-setting mail for one account staff created. Django's reset form looks accounts up by address
    and skips those without a usable password, which is exactly how staff create them; this one is sent to the
    account itself, active and with an address, whatever its password."""

    def __init__(self, user, *args, **kwargs) -> None:
        super().__init__({"email": user.email}, *args, **kwargs)
        self.user = user

    def get_users(self, email):
        return [self.user] if self.user.is_active and self.user.email else []


def render_password_mail(mail: OutgoingMail) -> str:
    """The body of a password mail, with a link made now (registered as the outbox renderer)."""
    data = mail.context
    user = get_user_model()._default_manager.get(pk=data["user"])
    context = {
        "email": mail.to,
        "domain": data["domain"],
        "site_name": data["site_name"],
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": data["protocol"],
    }
    return render_to_string(data["template"], context)
