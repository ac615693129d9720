from django.core.management.base import BaseCommand, CommandError

from tayninh_thidua.lib import outbox


class Command(BaseCommand):
    help = "Gửi ngay (không qua Celery) mọi thư còn chờ trong hộp thư đi. Chạy lại an toàn: thư đã gửi không gửi lại."

    def add_arguments(self, parser):
        parser.add_argument("--kind", default="", help="Chỉ gửi thư thuộc loại này (ví dụ: reminder).")

    def handle(self, *args, **options):
        sent, left = outbox.drain(kind=options["kind"])
        self.stdout.write(f"Hộp thư đi: đã gửi {sent} thư, còn chờ {left} thư.")
        if left:
            raise CommandError(f"{left} thư chưa gửi được; xem lý do trong trang quản trị (Hộp thư đi).")
