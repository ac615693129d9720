from django.core.management.base import BaseCommand

from exemplars.services import seed_awards


class Command(BaseCommand):
    help = "Nạp danh hiệu thi đua và hình thức khen thưởng cấp tỉnh, theo từng giai đoạn pháp lý (chạy lại không tạo trùng)."

    def handle(self, *args, **options) -> None:
        counts = seed_awards()
        self.stdout.write(
            self.style.SUCCESS(f"seed_awards: tạo mới {counts['created']}, giữ nguyên {counts['kept']} danh hiệu.")
        )
