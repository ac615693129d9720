from django.core.management.base import BaseCommand

from movements.services.reports import sync_review_reports


class Command(BaseCommand):
    help = "Tạo các báo cáo sơ kết, tổng kết còn thiếu cho các đơn vị tham gia phong trào. Chạy lại an toàn."

    def handle(self, *args, **options):
        tried = sync_review_reports()
        self.stdout.write(f"Đã kiểm tra {tried} báo cáo (đơn vị × giai đoạn × loại).")
