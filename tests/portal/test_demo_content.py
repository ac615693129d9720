"""Issue #11 item 32: the demo reads like a real portal — drawn portraits and event photos, news about the plan's
movements, people and places of Tây Ninh (the rules of item 31 are in test_admin_and_demo)."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image

from exemplars.models import EventPhoto, Exemplar
from movements.models import Agency, Movement
from tayninh_thidua.lib.thumbnails import thumbnail_name
from tayninh_thidua.portal.models import NewsArticle

pytestmark = pytest.mark.django_db
# What the old demo read like: "Tin mẫu…", "Đơn vị mẫu số 3", "Phong trào mẫu số 2", "… mẫu để trình diễn".
MOCK = re.compile(r"\bmẫu (số|để)|^(Tin|Đơn vị|Phong trào|Thông báo) mẫu|tin mẫu|Ảnh \d", re.IGNORECASE)

TAY_NINH = (
    "Tây Ninh",
    "Hòa Thành",
    "Trảng Bàng",
    "Gò Dầu",
    "Bến Cầu",
    "Châu Thành",
    "Dương Minh Châu",
    "Tân Biên",
    "Tân Châu",
)


@pytest.fixture
def demo(seeded):
    call_command("generate_demo_data", exemplars=40, honours=80, agencies=30, movements=8, events=2, news=8)


def _opened(field_file) -> Image.Image:
    with field_file.storage.open(field_file.name, "rb") as handle:
        image = Image.open(handle)
        image.load()
    return image


def _colours(image: Image.Image) -> int:
    return len(image.convert("RGB").getcolors(maxcolors=1 << 20))


def test_demo_exemplars_have_drawn_portraits_with_thumbnails(demo, settings):
    exemplars = list(Exemplar.objects.all())
    assert len(exemplars) == 40 and all(e.portrait for e in exemplars)
    for exemplar in exemplars:
        image = _opened(exemplar.portrait)
        assert image.format == "JPEG" and min(image.size) >= 300
        assert _colours(image) > 50, exemplar.portrait.name  # a drawing, not a flat colour
        assert exemplar.name in exemplar.portrait_alt
        for box in ("320x320", "480x360"):  # made by the command, not on the first visitor's request
            assert (Path(settings.MEDIA_ROOT) / thumbnail_name(exemplar.portrait.name, box)).exists()
    kinds = {e.kind for e in exemplars}
    assert kinds >= {"individual", "collective"}
    # One drawing per look, shared: far fewer files than exemplars, so 10,000 exemplars stay fast.
    assert len({e.portrait.name for e in exemplars}) < len(exemplars)


def test_home_and_exemplar_page_show_the_portrait(demo, client):
    exemplar = Exemplar.objects.filter(kind="individual").order_by("-published_at").first()
    home = client.get("/").content.decode()
    assert re.search(r'<img class="card-img-top exemplar-thumb" src="/media/thumbs/320x320/exemplars/', home)
    page = client.get(exemplar.get_absolute_url()).content.decode()
    assert 'class="img-fluid rounded exemplar-portrait" src="/media/thumbs/480x360/exemplars/' in page
    assert f'alt="Hình đại diện của {exemplar.name}"' in page


def test_demo_gallery_photos_are_drawn_scenes_with_captions(demo):
    photos = list(EventPhoto.objects.select_related("event"))
    assert len(photos) == 4
    for photo in photos:
        image = _opened(photo.image)
        assert _colours(image) > 200, photo.image.name  # shapes and gradients, not a coloured rectangle
        assert len(photo.caption) > 20 and not photo.caption.startswith("Ảnh")
        assert len(photo.alt_text) > 20
    assert len({p.caption for p in photos}) == len(photos)
    assert not [p.event.title for p in photos if MOCK.search(p.event.title + p.event.summary)]


def test_demo_news_are_about_the_plans_movements(demo):
    articles = list(NewsArticle.objects.all())
    assert len(articles) == 8
    assert not [a.title for a in articles if a.title.startswith("Tin mẫu") or MOCK.search(a.title + a.summary + a.body)]
    plan_movements = set(Movement.objects.movements().values_list("name", flat=True))
    about_movements = [a for a in articles if any(f"“{name}”" in a.title for name in plan_movements)]
    assert len(about_movements) >= 4
    assert any("“Gương người tốt quanh ta”" in a.title for a in articles)
    assert any(district in a.title for a in articles for district in TAY_NINH)
    assert len({a.title for a in articles}) == len(articles)


def test_demo_people_places_and_agencies_are_of_tay_ninh(demo):
    exemplars = list(Exemplar.objects.all())
    assert all(any(place in e.locality for place in TAY_NINH) for e in exemplars)
    assert not [e.name for e in exemplars if MOCK.search(e.name + e.story) or re.search(r"\d+$", e.name)]
    assert not [a for a in Agency.objects.values_list("name", flat=True) if MOCK.search(a)]
    assert Agency.objects.filter(name="UBND huyện Gò Dầu").exists()
    # Exemplars look like the movement they belong to: a teacher in "Dạy tốt - Học tốt", not a farmer.
    teaching = Exemplar.objects.filter(movements__slug="day-tot-hoc-tot", kind="individual")
    assert all(("Giáo viên" in e.position_title or "Hiệu trưởng" in e.position_title) for e in teaching)


def test_larger_demo_makes_its_own_movements_with_real_names():
    call_command("generate_demo_data", exemplars=12, honours=0, agencies=120, movements=14, events=0, news=0)
    names = list(Movement.objects.values_list("name", flat=True))
    assert len(names) == 14 and not [n for n in names if MOCK.search(n)]
    assert Agency.objects.count() == 120 and not [
        a for a in Agency.objects.values_list("name", flat=True) if MOCK.search(a)
    ]
    assert Movement.objects.filter(lead_confirmed=False).count() == 0  # demo movements claim nothing of the plan
