"""Fill the database with realistic demo data: agencies, movements, published exemplars, honours,
news, links and exchange events with photos. Deterministic for a given --seed.

    python manage.py generate_demo_data                      # small: a demo or a test
    python manage.py generate_demo_data --exemplars 10000 --honours 30000 --agencies 300 --movements 50
"""

from __future__ import annotations

import datetime as dt
import io
import random

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from contests.models import Edition, PrizeTier, Round
from exemplars.models import AwardType, EventPhoto, ExchangeEvent, Exemplar, Honour, Nomination, NominationAttachment
from movements.models import Agency, Field, Movement, Plan, PlanPhase
from movements.seed import CONTEST_CO_ORGANISERS, CONTEST_ORGANISER
from tayninh_thidua.lib.pagecache import bump_public_cache
from tayninh_thidua.lib.text import fold, vn_slugify
from tayninh_thidua.lib.thumbnails import thumbnail_url
from tayninh_thidua.portal import demo_year
from tayninh_thidua.portal.demo import lawful_honours
from tayninh_thidua.portal.models import NewsArticle, WebsiteLink

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Ngọc", "Hữu", "Đức", "Thu", "Quốc", "Kim", "Hoài", "Bảo"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đức",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trung",
    "Tuấn",
    "Yến",
]
LOCALITIES = [
    "Phường Tân Ninh",
    "Phường Hòa Thành",
    "Xã Dương Minh Châu",
    "Xã Tân Biên",
    "Xã Châu Thành",
    "Phường Trảng Bàng",
    "Xã Bến Cầu",
    "Xã Tân Châu",
    "Phường Gò Dầu",
    "Phường Long An",
    "Xã Đức Hòa",
]
POSITIONS = [
    "Giáo viên",
    "Nông dân",
    "Bác sĩ",
    "Công nhân",
    "Cán bộ hội phụ nữ",
    "Chiến sĩ công an",
    "Đoàn viên thanh niên",
    "Doanh nhân",
    "Trưởng ấp",
    "Kỹ sư",
]
ACHIEVEMENTS = [
    "Tích cực tham gia xây dựng nông thôn mới, hiến đất làm đường giao thông nông thôn.",
    "Có sáng kiến cải tiến quy trình, làm lợi cho đơn vị hàng trăm triệu đồng.",
    "Giúp đỡ đồng bào khó khăn, vận động xây dựng nhà tình nghĩa.",
    "Dạy tốt, học tốt; nhiều năm liền đạt danh hiệu giáo viên dạy giỏi cấp tỉnh.",
    "Mô hình kinh tế tập thể hiệu quả, tạo việc làm cho lao động địa phương.",
    "Dũng cảm cứu người trong lúc hoạn nạn, giữ gìn an ninh trật tự khu dân cư.",
]
AWARDS = [
    ("Bằng khen của Chủ tịch UBND tỉnh", "commendation"),
    ("Chiến sĩ thi đua cấp tỉnh", "title"),
    ("Giấy khen", "commendation"),
    ("Chiến sĩ thi đua cơ sở", "title"),
    ("Tập thể lao động xuất sắc", "title"),
]


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (điển hình, khen thưởng, đơn vị, phong trào, tin tức, giao lưu)."

    def add_arguments(self, parser):
        parser.add_argument("--exemplars", type=int, default=120)
        parser.add_argument("--honours", type=int, default=300)
        parser.add_argument("--agencies", type=int, default=20)
        parser.add_argument("--movements", type=int, default=8)
        parser.add_argument("--events", type=int, default=4)
        parser.add_argument("--news", type=int, default=6)
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--portraits", type=int, default=0, help="Số điển hình có ảnh chân dung (kèm ảnh thu nhỏ).")
        parser.add_argument("--dossiers", type=int, default=0, help="Số hồ sơ đề nghị nháp có tệp đính kèm riêng tư.")
        parser.add_argument("--if-empty", action="store_true", help="Không làm gì nếu đã có điển hình (cho make run).")

    def handle(self, *args, **opts):
        if opts["if_empty"] and Exemplar.objects.exists():
            self.stdout.write("Đã có dữ liệu điển hình: bỏ qua.")
            return
        rng = random.Random(opts["seed"])
        with transaction.atomic():
            agencies = self._agencies(opts["agencies"])
            phases = self._phases(agencies[0])
            fields = self._fields()
            movements = self._movements(rng, opts["movements"], agencies, fields, phases)
            awards = self._awards()
            exemplars, movement_of = self._exemplars(rng, opts["exemplars"], agencies, fields, movements)
            honours = self._honours(rng, opts["honours"], exemplars, awards, movement_of)
            self._content(rng, opts["news"], opts["events"], movements, exemplars)
            self._contest(agencies)
            self._portraits(rng, opts["portraits"], exemplars)
            self._dossiers(rng, opts["dossiers"], agencies, phases, movements, awards)
            demo_year.fill(random.Random(opts["seed"] + 16), agencies)  # registration, blocs, initiatives (#16)
        bump_public_cache()
        self.stdout.write(self.style.SUCCESS(f"Đã tạo {len(exemplars)} điển hình, {honours} khen thưởng."))

    def _contest(self, agencies: list[Agency]) -> None:
        """An edition of "Gương người tốt quanh ta" open for entries today, if there is none yet."""
        if Edition.objects.exists():
            return
        today = timezone.localdate()
        organiser = Agency.objects.filter(name=CONTEST_ORGANISER).first() or agencies[0]
        edition = Edition.objects.create(
            year=today.year,
            number=1,
            organiser=organiser,
            rules="Bài viết về người thật, việc thật đang sống, làm việc tại Tây Ninh; chưa đăng trên báo chí.",
            submission_opens=today - dt.timedelta(days=14),
            submission_closes=today + dt.timedelta(days=45),
            min_words=300,
            max_words=2500,
            max_photos=5,
        )
        edition.co_organisers.set(Agency.objects.filter(name__in=CONTEST_CO_ORGANISERS))
        start = edition.submission_closes
        for i, kind in enumerate(Round.Kind.values):
            Round.objects.create(
                edition=edition,
                kind=kind,
                starts_on=start + dt.timedelta(days=1 + 20 * i),
                ends_on=start + dt.timedelta(days=15 + 20 * i),
                advance_count=(20, 10, 5)[min(i, 2)],
            )
        for rank, count, amount in [
            (PrizeTier.Rank.FIRST, 1, 10_000_000),
            (PrizeTier.Rank.SECOND, 2, 7_000_000),
            (PrizeTier.Rank.THIRD, 3, 5_000_000),
            (PrizeTier.Rank.CONSOLATION, 5, 2_000_000),
        ]:
            PrizeTier.objects.create(edition=edition, rank=rank, count=count, amount=amount)

    def _agencies(self, n: int) -> list[Agency]:
        existing = Agency.objects.count()
        Agency.objects.bulk_create(
            [
                Agency(
                    name=f"Đơn vị mẫu số {i}",
                    short_name=f"DVM{i}",
                    slug=f"don-vi-mau-{i}",
                    kind=Agency.Kind.COMMUNE if i % 3 else Agency.Kind.PROVINCIAL_DEPARTMENT,
                    search_text=fold(f"Đơn vị mẫu số {i} DVM{i}"),
                )
                for i in range(existing, max(existing, n))
            ]
        )
        return list(Agency.objects.order_by("pk")[: max(n, 1)])

    def _phases(self, issuer: Agency) -> list[PlanPhase]:
        seeded = list(PlanPhase.objects.order_by("start_date")[:2])
        if seeded:  # the plan's own phases (seed_plan), so demo exemplars sit inside the real plan
            return seeded
        plan, _ = Plan.objects.get_or_create(
            code="ke-hoach-mau",
            defaults={
                "issuer": issuer,
                "issued_on": dt.date(2021, 2, 25),
                "title": "Kế hoạch mẫu tổ chức phong trào thi đua 2021–2025",
            },
        )
        first, _ = PlanPhase.objects.get_or_create(
            plan=plan,
            name="Giai đoạn mẫu 2021–2023",
            defaults={"start_date": dt.date(2021, 1, 1), "end_date": dt.date(2023, 6, 30)},
        )
        second, _ = PlanPhase.objects.get_or_create(
            plan=plan,
            name="Giai đoạn mẫu 2023–2025",
            defaults={"start_date": dt.date(2023, 7, 1), "end_date": dt.date(2025, 12, 31)},
        )
        return [first, second]

    def _fields(self) -> list[Field]:
        seeded = list(Field.objects.all())
        if seeded:
            return seeded
        names = ["Giáo dục", "Y tế", "Nông nghiệp", "Công nghiệp", "An ninh trật tự", "Văn hóa – xã hội"]
        return [Field.objects.get_or_create(name=f"{name} (mẫu)")[0] for name in names]

    def _movements(self, rng, n, agencies, fields, phases) -> list[Movement]:
        """Up to `n` published movements: the plan's own first, demo ones only to make up the number."""
        existing = Movement.objects.published().count()
        for i in range(existing, n):
            movement = Movement.objects.create(
                name=f"Phong trào mẫu số {i + 1}",
                summary="Phong trào thi đua mẫu để trình diễn.",
                description="Nội dung phong trào mẫu.",
                criteria="Tiêu chí điển hình mẫu.",
                field=rng.choice(fields),
                lead_agency=rng.choice(agencies),
                lead_confirmed=True,
                is_published=True,
                position=i,
            )
            movement.phases.set(phases)
            movement.coordinating_agencies.set(rng.sample(agencies, min(2, len(agencies))))
        return list(Movement.objects.published().order_by("pk"))

    def _awards(self) -> list[AwardType]:
        seeded = list(AwardType.objects.select_related("prerequisite"))
        if seeded:  # seed_awards' types, with their legal versions
            return seeded
        return [
            AwardType.objects.get_or_create(name=name, valid_from=None, defaults={"kind": kind, "recipient": "both"})[0]
            for name, kind in AWARDS
        ]

    def _exemplars(self, rng, n, agencies, fields, movements) -> tuple[list[Exemplar], dict[int, Movement]]:
        """`n` published exemplars, each in one movement and (when the movement has phases) one of its phases."""
        start = Exemplar.objects.count()
        now = timezone.now()
        phases_of = {m.pk: list(m.phases.order_by("start_date")) for m in movements}
        rows, chosen = [], {}
        for i in range(start, start + n):
            kind = rng.choices(["individual", "collective", "model"], weights=[7, 2, 1])[0]
            if kind == "individual":
                name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            else:
                name = f"{'Tập thể' if kind == 'collective' else 'Mô hình'} {rng.choice(LOCALITIES)} {i}"
            position, locality, summary = rng.choice(POSITIONS), rng.choice(LOCALITIES), rng.choice(ACHIEVEMENTS)
            movement = rng.choice(movements) if movements else None
            slug = f"{vn_slugify(name, 60)}-{i}"
            chosen[slug] = movement
            rows.append(
                Exemplar(
                    kind=kind,
                    name=name,
                    slug=slug,
                    agency=rng.choice(agencies),
                    position_title=position,
                    locality=locality,
                    field=rng.choice(fields),
                    phase=rng.choice(phases_of[movement.pk]) if movement and phases_of[movement.pk] else None,
                    summary=summary,
                    story=f"{summary}\n\nCâu chuyện của {name}.",
                    is_published=True,
                    published_at=now - dt.timedelta(hours=i),
                    search_text=fold(f"{name} {position} {locality} {summary}"),
                )
            )
        Exemplar.objects.bulk_create(rows, batch_size=1000)
        created = list(
            Exemplar.objects.filter(slug__in=list(chosen)).select_related("agency").only("pk", "slug", "kind", "agency")
        )
        movement_of = {e.pk: chosen[e.slug] for e in created if chosen[e.slug] is not None}
        through = Exemplar.movements.through
        through.objects.bulk_create(
            [through(exemplar_id=pk, movement_id=m.pk) for pk, m in movement_of.items()], batch_size=2000
        )
        return created, movement_of

    def _honours(self, rng, n, exemplars, awards, movement_of) -> int:
        """Honours that pass their award type version's rules (tayninh_thidua.portal.demo)."""
        if not exemplars:
            return 0
        phases_of = {m.pk: list(m.phases.all()) for m in set(movement_of.values())}
        rows = lawful_honours(rng, n, exemplars, awards, movement_of, phases_of)
        Honour.objects.bulk_create(rows, batch_size=2000)
        return len(rows)

    def _content(self, rng, n_news, n_events, movements, exemplars) -> None:
        now = timezone.now()
        for i in range(n_news):
            NewsArticle.objects.create(
                title=f"Thông báo mẫu số {i + 1} về công tác thi đua – khen thưởng",
                summary="Tin mẫu để trình diễn cổng thông tin.",
                body="Nội dung tin mẫu.",
                kind=NewsArticle.Kind.ANNOUNCEMENT if i % 2 else NewsArticle.Kind.NEWS,
                is_published=True,
                published_at=now - dt.timedelta(days=i),
            )
        if not WebsiteLink.objects.exists():
            WebsiteLink.objects.create(title="Cổng thông tin điện tử tỉnh Tây Ninh", url="https://tayninh.gov.vn/")
            WebsiteLink.objects.create(
                title="Ban Thi đua – Khen thưởng Trung ương", url="https://btdkt.gov.vn/", position=1
            )
        for i in range(n_events):
            event = ExchangeEvent.objects.create(
                title=f"Giao lưu gương điển hình tiên tiến mẫu số {i + 1}",
                date=dt.date(2025, 1 + i % 12, 10),
                place="Hội trường UBND tỉnh",
                movement=rng.choice(movements) if movements else None,
                summary="Buổi giao lưu mẫu.",
                is_published=True,
            )
            event.exemplars.set(rng.sample(exemplars, min(3, len(exemplars))))
            for j in range(2):
                photo = EventPhoto(
                    event=event, caption=f"Ảnh {j + 1}", alt_text=f"Quang cảnh buổi giao lưu số {i + 1}", position=j
                )
                photo.image.save(f"demo-{i}-{j}.jpg", _demo_picture(rng), save=True)

    # --- files: public portraits with their thumbnails, private dossiers (the restore drill, demos) ----------
    def _portraits(self, rng, n: int, exemplars: list[Exemplar]) -> None:
        for exemplar in Exemplar.objects.filter(pk__in=[e.pk for e in exemplars[:n]]):
            exemplar.portrait.save(f"chan-dung-{exemplar.pk}.jpg", _demo_picture(rng), save=True)
            for box in ("320x320", "480x360"):  # the card and the exemplar page
                thumbnail_url(exemplar.portrait, box)

    def _dossiers(self, rng, n: int, agencies, phases, movements, awards) -> None:
        for i in range(n):
            nomination = Nomination(
                agency=rng.choice(agencies),
                nominee_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                nominee_locality=rng.choice(LOCALITIES),
                movement=rng.choice(movements),
                phase=rng.choice(phases),
                award_type=rng.choice(awards),
                year=2025,
                achievements=rng.choice(ACHIEVEMENTS),
            )
            nomination.nominee_portrait.save(f"ho-so-{i}.jpg", _demo_picture(rng), save=False)
            nomination.save()
            for kind in (AwardType.Document.PROPOSAL, AwardType.Document.ACHIEVEMENT_REPORT):
                body = _demo_document(rng, f"{kind} {nomination.nominee_name}")
                NominationAttachment.objects.create(
                    nomination=nomination,
                    document_type=kind,
                    file=ContentFile(body, name=f"{kind}.pdf"),
                    original_name=f"{kind}.pdf",
                    content_type="application/pdf",
                    size=len(body),
                )


def _demo_document(rng, title: str) -> bytes:
    """A small PDF-looking file (the restore drill checks bytes, nobody opens it)."""
    filler = " ".join(rng.choice(ACHIEVEMENTS) for _ in range(40))
    return f"%PDF-1.4\n% {title}\n{filler}\n%%EOF\n".encode()


def _demo_picture(rng) -> ContentFile:
    image = Image.new("RGB", (640, 480), (rng.randint(120, 220), rng.randint(60, 140), rng.randint(40, 90)))
    ImageDraw.Draw(image).ellipse((220, 140, 420, 340), fill=(250, 240, 220))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return ContentFile(buffer.getvalue())
