import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from movements.services.plan import ensure_staff_group
from tayninh_thidua.portal import twofactor


class Command(BaseCommand):
    help = "Tạo (hoặc đặt lại mật khẩu) tài khoản cán bộ demo. Chỉ dùng khi DEBUG bật."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username", default="demo")

    def handle(self, *args, username: str, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Tài khoản demo chỉ được tạo khi DEBUG bật.")
        password = secrets.token_urlsafe(12)
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.invalid", "first_name": "Cán bộ demo"}
        )
        user.is_staff = True
        user.is_superuser = False
        user.set_password(password)
        user.save()
        user.groups.add(ensure_staff_group())
        verb = "Đã tạo" if created else "Đã đặt lại mật khẩu cho"
        self.stdout.write(self.style.SUCCESS(f"{verb} tài khoản cán bộ demo: {username} / {password}"))
        self.print_second_factor(user)

    def print_second_factor(self, user) -> None:
        """Staff must sign in with two factors: the demo account keeps one authenticator key across runs (add it
        to an app once) and gets ten fresh backup codes on every run, so a fresh machine can sign in at once."""
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=str(twofactor.APP_DEVICE_NAME), confirmed=True)
        codes = twofactor.new_backup_codes(user)
        self.stdout.write(
            "Xác thực hai bước (bắt buộc với cán bộ): thêm khoá "
            f"{twofactor.secret_for_manual_entry(device)} vào ứng dụng xác thực (loại: theo thời gian),\n"
            f"  hoặc mở {device.config_url}\n"
            f"  hoặc dùng một mã dự phòng (mỗi mã một lần, làm mới mỗi lần chạy): {' '.join(codes)}"
        )
