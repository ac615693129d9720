from django.core.management.base import BaseCommand

from movements.services.plan import seed_plan


class Command(BaseCommand):
    help = "Nạp kế hoạch 2021 – 2025 của UBND tỉnh Tây Ninh (chạy lại không tạo trùng)."

    def handle(self, *args, **options) -> None:
        counts = seed_plan()
        created = sum(v for k, v in counts.items() if k.endswith(".created") and k.count(".") == 1)
        kept = sum(v for k, v in counts.items() if k.endswith(".kept"))
        self.stdout.write(self.style.SUCCESS(f"seed_plan: tạo mới {created}, giữ nguyên {kept} bản ghi."))
