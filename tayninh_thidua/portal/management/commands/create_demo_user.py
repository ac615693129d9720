import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from movements.services.plan import ensure_staff_group


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
