"""Fill the database with realistic demo data: agencies, movements, published exemplars, honours,
news, links and exchange events with photos. Deterministic for a given --seed.

    python manage.py generate_demo_data                      # small: a demo or a test
    python manage.py generate_demo_data --exemplars 10000 --honours 30000 --agencies 300 --movements 50
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from contests.models import Edition, PrizeTier, Round
from exemplars.demo import add_lifecycle_demo
from exemplars.models import AwardType, EventPhoto, ExchangeEvent, Exemplar, Honour, Nomination, NominationAttachment
from movements.models import Agency, Field, Movement, Plan, PlanPhase
from movements.seed import CONTEST_CO_ORGANISERS, CONTEST_ORGANISER
from tayninh_thidua.lib.pagecache import bump_public_cache
from tayninh_thidua.lib.text import fold, vn_slugify
from tayninh_thidua.lib.thumbnails import thumbnail_url
from tayninh_thidua.portal import demo_pictures as pictures
from tayninh_thidua.portal import demo_text as words
from tayninh_thidua.portal import demo_year
from tayninh_thidua.portal.demo import lawful_honours
from tayninh_thidua.portal.models import NewsArticle, WebsiteLink

AWARDS = [
    ("Bằng khen của Chủ tịch UBND tỉnh", "commendation"),
    ("Chiến sĩ thi đua cấp tỉnh", "title"),
    ("Giấy khen", "commendation"),
    ("Chiến sĩ thi đua cơ sở", "title"),
    ("Tập thể lao động xuất sắc", "title"),
]
# Thumbnails the public pages ask for: the card and the exemplar page.
PORTRAIT_BOXES = ("320x320", "480x360")
GALLERY_BOXES = ("320x320", "800x600")


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
        parser.add_argument(
            "--portraits",
            type=int,
            default=0,
            help="Số điển hình có tệp ảnh chân dung riêng; các điển hình khác dùng chung ảnh vẽ theo chữ cái đầu.",
        )
        parser.add_argument("--dossiers", type=int, default=0, help="Số hồ sơ đề nghị nháp có tệp đính kèm riêng tư.")
        parser.add_argument("--if-empty", action="store_true", help="Không làm gì nếu đã có điển hình (cho make run).")

    def handle(self, *args, **opts):
        if opts["if_empty"] and Exemplar.objects.exists():
            self.stdout.write("Đã có dữ liệu điển hình: bỏ qua.")
            return
        rng = random.Random(opts["seed"])
        self._drawn: dict[tuple, str] = {}
        with transaction.atomic():
            agencies = self._agencies(opts["agencies"])
            phases = self._phases(agencies[0])
            fields = self._fields()
            movements = self._movements(rng, opts["movements"], agencies, fields, phases)
            awards = self._awards()
            exemplars, movement_of = self._exemplars(rng, opts, agencies, fields, movements)
            honours = self._honours(rng, opts["honours"], exemplars, awards, movement_of)
            self._news(rng, opts["news"], movements)
            self._events(rng, opts["events"], movements, exemplars)
            self._contest(agencies)
            self._dossiers(rng, opts["dossiers"], agencies, phases, movements, awards)
            add_lifecycle_demo(rng, agencies, exemplars)  # proposals in every state, nurturing, replication (#14)
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
        """Up to `n` agencies: the seeded ones, then district and commune bodies of Tây Ninh."""
        taken = set(Agency.objects.values_list("name", flat=True))
        fresh = [(name, kind) for name, kind in words.agency_names() if name not in taken]
        missing = max(0, n - len(taken))
        fresh += [(f"Tổ dân vận số {i}, {words.cap(c)}", "other") for i, (c, _d) in enumerate(words.COMMUNES * 9)]
        Agency.objects.bulk_create(
            [
                Agency(name=name, short_name=name[:80], slug=vn_slugify(name, 100), kind=kind, search_text=fold(name))
                for name, kind in fresh[:missing]
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
            name = words.movement_name(i - existing)
            movement = Movement.objects.create(
                name=name,
                summary=f"Phong trào “{name}” trên địa bàn tỉnh Tây Ninh.",
                description="Các cơ quan, đơn vị, địa phương đăng ký giao ước thi đua, sơ kết hằng năm và tổng kết "
                "cuối giai đoạn; phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến.",
                criteria="Hoàn thành xuất sắc nhiệm vụ; có cách làm mới, hiệu quả, được nhân rộng.",
                field=rng.choice(fields),
                lead_agency=rng.choice(agencies),
                lead_confirmed=True,
                is_published=True,
                position=i,
            )
            movement.phases.set(phases)
            movement.coordinating_agencies.set(rng.sample(agencies, min(2, len(agencies))))
        return list(Movement.objects.published().select_related("field", "lead_agency").order_by("pk"))

    def _awards(self) -> list[AwardType]:
        seeded = list(AwardType.objects.select_related("prerequisite"))
        if seeded:  # seed_awards' types, with their legal versions
            return seeded
        return [
            AwardType.objects.get_or_create(name=name, valid_from=None, defaults={"kind": kind, "recipient": "both"})[0]
            for name, kind in AWARDS
        ]

    def _exemplars(self, rng, opts, agencies, fields, movements) -> tuple[list[Exemplar], dict[int, Movement]]:
        """--exemplars published exemplars, each in one movement and (when the movement has phases) one of its
        phases, with the people, deeds and places of that movement (demo_text) and a drawn portrait: a file of
        its own for the first --portraits (the restore drill wants many files), a shared one (`_avatar`) after."""
        n, own = opts["exemplars"], opts["portraits"]
        start = Exemplar.objects.count()
        now = timezone.now()
        phases_of = {m.pk: list(m.phases.order_by("start_date")) for m in movements}
        rows, chosen = [], {}
        for i in range(start, start + n):
            kind = rng.choices(["individual", "collective", "model"], weights=[7, 2, 1])[0]
            movement = rng.choice(movements) if movements else None
            profile = words.profile_for(movement.name if movement else "")
            commune, district = rng.choice(words.COMMUNES)
            if kind == "individual":
                name = words.person(rng)
                position = words.fill(rng.choice(profile.positions), rng, commune, district)
            else:
                name = words.fill(
                    rng.choice(profile.collectives if kind == "collective" else profile.models), rng, commune, district
                )
                position = "Tập thể" if kind == "collective" else "Mô hình"
            place, deed = words.locality(commune, district), rng.choice(profile.deeds)
            slug = f"{vn_slugify(name, 60)}-{i}"
            chosen[slug] = movement
            rows.append(
                Exemplar(
                    kind=kind,
                    name=name,
                    slug=slug,
                    agency=self._agency_for(rng, movement, agencies),
                    position_title=position,
                    locality=place,
                    field=(movement.field if movement and movement.field_id else rng.choice(fields)),
                    phase=rng.choice(phases_of[movement.pk]) if movement and phases_of[movement.pk] else None,
                    summary=deed,
                    story=words.story(name, position, place, deed, movement.name if movement else None),
                    portrait=self._avatar(kind, name, shared=i - start >= own),
                    portrait_alt=f"Hình đại diện của {name}",
                    is_published=True,
                    published_at=now - dt.timedelta(hours=i),
                    search_text=fold(f"{name} {position} {place} {deed}"),
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

    @staticmethod
    def _agency_for(rng, movement: Movement | None, agencies: list[Agency]) -> Agency:
        """Mostly the movement's lead (the sector that found the exemplar), otherwise any agency."""
        if movement and movement.lead_agency and rng.random() < 0.6:
            return movement.lead_agency
        return rng.choice(agencies)

    def _avatar(self, kind: str, name: str, shared: bool = True) -> str:
        """The stored name of a drawn portrait: initials for a person, a group or a sprout for a collective or a
        model. Drawn once per look and shared (at 10,000 exemplars, a few hundred files), stored through the
        portrait field so it passes the upload check, with its thumbnails made now rather than on first view."""
        label = pictures.initials(name) if kind == "individual" else ("Tập thể" if kind == "collective" else "Mô hình")
        colour = sum(map(ord, name if kind != "individual" else label)) % len(pictures.PALETTE)
        key = (kind, label, colour)
        if not shared:
            return self._store_portrait("chan-dung.jpg", pictures.portrait(label, colour, kind))
        if key not in self._drawn:
            self._drawn[key] = self._store_portrait(
                f"{vn_slugify(label, 20)}.jpg", pictures.portrait(label, colour, kind)
            )
        return self._drawn[key]

    def _store_portrait(self, name: str, content: bytes) -> str:
        holder = Exemplar()  # unsaved: only its portrait field is used, to check and store the file
        holder.portrait.save(name, ContentFile(content), save=False)
        for box in PORTRAIT_BOXES:
            thumbnail_url(holder.portrait, box)
        return holder.portrait.name

    def _honours(self, rng, n, exemplars, awards, movement_of) -> int:
        """Honours that pass their award type version's rules (tayninh_thidua.portal.demo)."""
        if not exemplars:
            return 0
        phases_of = {m.pk: list(m.phases.all()) for m in set(movement_of.values())}
        rows = lawful_honours(rng, n, exemplars, awards, movement_of, phases_of)
        Honour.objects.bulk_create(rows, batch_size=2000)
        return len(rows)

    def _news(self, rng, n: int, movements: list[Movement]) -> None:
        """News and announcements about the plan's movements (demo_text.NEWS), the newest with a drawn picture."""
        now = timezone.now()
        names = [m.name for m in movements if m.kind == Movement.Kind.MOVEMENT] or [m.name for m in movements]
        for i, (kind, title, summary, body) in enumerate(words.news_items(rng, n, names, now.year)):
            article = NewsArticle(
                title=title,
                summary=summary,
                body=body,
                kind=kind,
                is_published=True,
                published_at=now - dt.timedelta(days=3 * i),
            )
            if i < 6:
                article.image_alt = "Hình minh hoạ: hội trường với băng rôn đỏ và đại biểu dự hội nghị"
                article.image.save("tin-tuc.jpg", ContentFile(pictures.hall_scene(rng, "Hội nghị thi đua")), save=False)
            article.save()
        if not WebsiteLink.objects.exists():
            WebsiteLink.objects.create(title="Cổng thông tin điện tử tỉnh Tây Ninh", url="https://tayninh.gov.vn/")
            WebsiteLink.objects.create(
                title="Ban Thi đua – Khen thưởng Trung ương", url="https://btdkt.gov.vn/", position=1
            )

    def _events(self, rng, n: int, movements: list[Movement], exemplars: list[Exemplar]) -> None:
        """Exchange events, each with two drawn photos (the hall, then the stage or the fields) and captions."""
        for i in range(n):
            movement = movements[i % len(movements)] if movements else None
            place = words.EVENT_PLACES[i % len(words.EVENT_PLACES)]
            subject = f" trong phong trào “{movement.name}”" if movement else ""
            event = ExchangeEvent.objects.create(
                title=f"Giao lưu gương điển hình tiên tiến{subject}",
                date=dt.date(2025 - i // 12, 1 + i % 12, 10 + i % 15),
                place=place,
                movement=movement,
                summary=f"Các điển hình tiên tiến{subject} chia sẻ cách làm hay, kinh nghiệm vượt khó với đại biểu "
                "các sở, ngành, địa phương. Lãnh đạo tỉnh tặng hoa và biểu dương các tập thể, cá nhân tiêu biểu.",
                is_published=True,
            )
            event.exemplars.set(rng.sample(exemplars, min(3, len(exemplars))))
            commune, district = rng.choice(words.COMMUNES)
            shots = [
                (
                    pictures.hall_scene(rng, "Giao lưu điển hình tiên tiến"),
                    f"Quang cảnh buổi giao lưu tại {place}",
                    "Hội trường với băng rôn đỏ chữ vàng, bục phát biểu có hoa và các hàng ghế đại biểu",
                ),
                (
                    pictures.stage_scene(rng, "Giao lưu điển hình tiên tiến"),
                    "Lãnh đạo tỉnh tặng hoa, Bằng khen cho các điển hình tiên tiến",
                    "Các điển hình tiên tiến đứng trên sân khấu, tay cầm Bằng khen và hoa",
                )
                if i % 2 == 0
                else (
                    pictures.landscape_scene(rng),
                    f"Cánh đồng {words.bare(commune)} ({district}), nơi các điển hình được giới thiệu đang làm việc",
                    "Cánh đồng lúa xanh, con kênh và dáng núi Bà Đen dưới nắng sớm",
                ),
            ]
            for j, (content, caption, alt) in enumerate(shots):
                photo = EventPhoto(event=event, caption=caption, alt_text=alt, position=j)
                photo.image.save(f"giao-luu-{i}-{j}.jpg", ContentFile(content), save=True)
                for box in GALLERY_BOXES:
                    thumbnail_url(photo.image, box)

    # --- private dossiers with their files (the restore drill, demos) ------------------------------------
    def _dossiers(self, rng, n: int, agencies, phases, movements, awards) -> None:
        for i in range(n):
            nomination = Nomination(
                agency=rng.choice(agencies),
                nominee_name=words.person(rng),
                nominee_locality=words.locality(*rng.choice(words.COMMUNES)),
                movement=rng.choice(movements),
                phase=rng.choice(phases),
                award_type=rng.choice(awards),
                year=2025,
                achievements=rng.choice(words.GENERAL.deeds),
            )
            drawing = pictures.portrait(pictures.initials(nomination.nominee_name), i)
            nomination.nominee_portrait.save(f"ho-so-{i}.jpg", ContentFile(drawing), save=False)
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
    filler = " ".join(rng.choice(words.GENERAL.deeds) for _ in range(40))
    return f"%PDF-1.4\n% {title}\n{filler}\n%%EOF\n".encode()
