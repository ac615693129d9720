import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tayninh_thidua.portal.reminders import run_day


class Command(BaseCommand):
    help = (
        "Lập và gửi ngay (không qua Celery) các thư nhắc việc của một ngày, qua hộp thư đi. "
        "Chạy lại an toàn: không gửi trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày lập nhắc việc, dạng YYYY-MM-DD (mặc định: hôm nay).")

    def handle(self, *args, **options):
        try:
            day = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError("Ngày không hợp lệ, dùng dạng YYYY-MM-DD.") from exc
        planned, sent, unsent = run_day(day)
        self.stdout.write(f"{day:%d/%m/%Y}: lập {planned} nhắc việc, gửi {sent}, chưa gửi được {unsent}.")
        if unsent:
            raise CommandError(f"{unsent} thư nhắc việc chưa gửi được; chạy lại lệnh để gửi tiếp.")
