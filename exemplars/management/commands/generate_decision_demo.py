from django.core.management.base import BaseCommand

from exemplars.demo_decisions import generate
from exemplars.models import AwardDecision


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu: lấy ý kiến công khai, phiên họp hội đồng bỏ phiếu kín, biên bản, quyết định khen thưởng "
        "và bằng khen có mã QR (cần seed_plan, seed_awards, generate_demo_data)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seed", type=int, default=15)
        parser.add_argument(
            "--if-empty", action="store_true", help="Bỏ qua khi đã có quyết định khen thưởng (make run chạy lại được)."
        )

    def handle(self, *args, **options) -> None:
        if options["if_empty"] and AwardDecision.objects.exists():
            self.stdout.write("Đã có quyết định khen thưởng: bỏ qua dữ liệu mẫu lấy ý kiến, hội đồng, quyết định.")
            return
        made = generate(options["seed"])
        session, decision = made["session"], made["decision"]
        self.stdout.write(f"Phiên họp: {session} — biên bản: {session.minutes_docx.name}, {session.minutes_pdf.name}")
        self.stdout.write(f"{decision}: {len(made['passed'])} người, tập thể được khen thưởng")
        for recipient in decision.recipients.select_related("honour__certificate"):
            self.stdout.write(f"  /xac-thuc/{recipient.honour.certificate.code}/ — {recipient}")
        self.stdout.write(self.style.SUCCESS(f"Đang lấy ý kiến: {len(made['waiting'])} hồ sơ (/lay-y-kien/)."))
