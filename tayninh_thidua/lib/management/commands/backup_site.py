from django.core.management.base import BaseCommand, CommandError

from tayninh_thidua.lib import backups


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu, thư mục ảnh công khai (MEDIA_ROOT) và tệp riêng tư (PRIVATE_MEDIA_ROOT) thành một bộ "
        "trong BACKUP_DIR, kèm bản kê số dòng và tổng kiểm; rồi xóa các bộ cũ theo BACKUP_KEEP_DAILY, BACKUP_KEEP_MONTHLY."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-retention", action="store_true", help="Không xóa bộ sao lưu cũ lần này.")

    def handle(self, *args, **options):
        try:
            backup = backups.create_backup()
            removed = [] if options["no_retention"] else backups.apply_retention()
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = backup.manifest
        self.stdout.write(
            f"Đã sao lưu {backup.name} vào {backup.path}: {backup.rows} dòng trong "
            f"{len(manifest['database']['tables'])} bảng, {backup.file_count} tệp, {backup.size:,} byte, "
            f"{manifest['seconds']:.2f} giây."
        )
        if removed:
            self.stdout.write(f"Đã xóa {len(removed)} bộ cũ: {', '.join(removed)}.")
