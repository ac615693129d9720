from django.core.management.base import BaseCommand, CommandError

from tayninh_thidua.lib import backups


class Command(BaseCommand):
    help = "Liệt kê các bộ sao lưu trong BACKUP_DIR, mới nhất trước (--verify: kiểm tra tổng kiểm từng tệp)."

    def add_arguments(self, parser):
        parser.add_argument("--verify", action="store_true", help="Đọc lại từng tệp và so tổng kiểm với bản kê.")

    def handle(self, *args, **options):
        sets = backups.list_backups()
        if not sets:
            self.stdout.write(f"Chưa có bộ sao lưu nào trong {backups.backup_root()}.")
            return
        broken = 0
        for backup in reversed(sets):
            line = (
                f"{backup.name}  {backup.created_at:%d/%m/%Y %H:%M}  {backup.size / 1_048_576:,.1f} MB  "
                f"{backup.rows} dòng  {backup.file_count} tệp"
            )
            if options["verify"]:
                problems = backups.verify(backup)
                broken += bool(problems)
                line += ("  HỎNG: " + "; ".join(problems)) if problems else "  nguyên vẹn"
            self.stdout.write(line)
        if broken:
            raise CommandError(f"{broken} bộ sao lưu bị hỏng.")
