import datetime as dt
import random

import factory
from django.utils import timezone

from contests.models import Edition, Entry, PrizeTier, Round
from contests.services import judges_group, text_fingerprint

from .movements import AgencyFactory, UserFactory

__all__ = ["EditionFactory", "EntryFactory", "JudgeFactory", "words"]


VOCABULARY = (
    "người tốt việc tốt ở ấp Long Thành giúp đỡ bà con nghèo vượt khó xã phường Tây Ninh năm nay ông cô chú anh chị "
    "em học sinh trường lớp cầu đường nước điện nhà ruộng vườn cây lúa bánh sông đò chợ bếp cơm sách thuốc"
).split()


def words(n: int, seed: str = "") -> str:
    """A Vietnamese text of exactly `n` words (syllables), distinct per `seed`: its words are drawn in an order of
    their own, so that two seeds never give near-duplicates (contests refuse those)."""
    draw = random.Random(seed or "bài")
    return " ".join([seed or "bài"] + [draw.choice(VOCABULARY) for _ in range(n - 1)])


class EditionFactory(factory.django.DjangoModelFactory):
    """An edition open for entries today, with three rounds and the usual prize structure."""

    class Meta:
        model = Edition
        skip_postgeneration_save = True

    year = factory.Sequence(lambda n: 2101 + 2 * n)
    number = factory.Sequence(lambda n: n + 1)
    organiser = factory.SubFactory(AgencyFactory)
    rules = "Bài viết về người thật, việc thật tại Tây Ninh."
    submission_opens = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    submission_closes = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    min_words = 5
    max_words = 60
    max_photos = 2
    signer_name = "Nguyễn Văn Trưởng Ban"

    @factory.post_generation
    def structure(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        start = self.submission_closes
        for i, kind in enumerate(Round.Kind.values):
            Round.objects.create(
                edition=self,
                kind=kind,
                starts_on=start + dt.timedelta(days=1 + 20 * i),
                ends_on=start + dt.timedelta(days=15 + 20 * i),
                advance_count=3,
            )
        for rank, count, amount in (
            ("nhat", 1, 10_000_000),
            ("nhi", 2, 7_000_000),
            ("ba", 3, 5_000_000),
            ("khuyen-khich", 5, 2_000_000),
        ):
            PrizeTier.objects.create(edition=self, rank=rank, count=count, amount=amount)


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    edition = factory.SubFactory(EditionFactory)
    number = factory.Sequence(lambda n: n + 1)
    code = factory.LazyAttribute(lambda e: f"GNT-{e.edition.year}-{e.number:04d}")
    author_name = factory.Sequence(lambda n: f"Trần Thị Tác Giả {n}")
    author_email = factory.Sequence(lambda n: f"tacgia{n}@example.org")
    author_phone = factory.Sequence(lambda n: f"0909{n:06d}")
    author_address = factory.Sequence(lambda n: f"{n} đường Cách Mạng Tháng Tám, Tây Ninh")
    author_workplace = factory.Sequence(lambda n: f"Trường THCS Bí Mật {n}")
    title = factory.Sequence(lambda n: f"Người giữ lửa ấp {n}")
    text = factory.Sequence(lambda n: words(20, f"bài{n}"))
    word_count = 20
    text_hash = factory.LazyAttribute(lambda e: text_fingerprint(e.text))
    subject_name = factory.Sequence(lambda n: f"Ông Sáu {n}")
    subject_locality = "Xã Long Thành Bắc, thị xã Hoà Thành"
    subject_activity = "Hơn hai mươi năm vá đường, xây cầu cho bà con."
    declaration = True


class JudgeFactory(UserFactory):
    username = factory.Sequence(lambda n: f"giamkhao{n}")

    @factory.post_generation
    def judge_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(judges_group())
