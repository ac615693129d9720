import sys

from django.core.management.base import BaseCommand, CommandError

from tayninh_thidua.lib import backups


class Command(BaseCommand):
    help = (
        "Khôi phục một bộ sao lưu: kiểm tra tổng kiểm trước, rồi thay toàn bộ cơ sở dữ liệu và hai thư mục tệp, "
        "rồi so số dòng và tổng kiểm với bản kê. Dừng worker và beat trước khi chạy."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", default="", help="Tên bộ (xem list_backups) hoặc đường dẫn thư mục bộ.")
        parser.add_argument("--latest", action="store_true", help="Khôi phục bộ mới nhất.")
        parser.add_argument("--yes", action="store_true", help="Không hỏi lại (bắt buộc khi chạy không tương tác).")

    def handle(self, *args, **options):
        if bool(options["name"]) == options["latest"]:
            raise CommandError("Cho tên một bộ sao lưu hoặc --latest (một trong hai).")
        try:
            backup = backups.find_backup(options["name"], latest=options["latest"])
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Bộ {backup.name} ({backup.created_at:%d/%m/%Y %H:%M}): {backup.rows} dòng, {backup.file_count} tệp."
        )
        if not options["yes"]:
            self._confirm()
        try:
            report = backups.restore_backup(backup)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục {report.name}: {report.rows} dòng trong {report.tables} bảng, {report.files} tệp "
                f"({report.bytes:,} byte), {report.seconds:.2f} giây; số dòng và tổng kiểm khớp bản kê."
            )
        )
        pending = backups.pending_migrations()
        if pending:
            self.stdout.write(
                f"Bộ sao lưu cũ hơn mã nguồn: chạy `python manage.py migrate` ({len(pending)} migration)."
            )

    def _confirm(self) -> None:
        if not sys.stdin.isatty():
            raise CommandError("Khôi phục thay toàn bộ dữ liệu hiện có: chạy lại với --yes để xác nhận.")
        answer = input("Toàn bộ cơ sở dữ liệu và tệp hiện có sẽ bị thay. Gõ 'yes' để tiếp tục: ")
        if answer.strip().lower() != "yes":
            raise CommandError("Đã hủy, không thay đổi gì.")
