"""Query counts, the page cache, feedback, thumbnails and the API schema."""

import datetime as dt
import json

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone

from exemplars.models import Exemplar, Replication
from tayninh_thidua.portal import services
from tayninh_thidua.portal.models import Feedback
from tests.factories import (
    AgencyFactory,
    EventPhotoFactory,
    ExchangeEventFactory,
    ExemplarFactory,
    HonourFactory,
    MovementFactory,
    NewsArticleFactory,
    PlanPhaseFactory,
    StaffUserFactory,
    WebsiteLinkFactory,
)

pytestmark = pytest.mark.django_db

# Upper bounds of queries per uncached public page, the same at 10 and at 200 rows.
QUERY_BOUNDS = {
    # Rendered from nothing (cache cleared). A list of cards reads its rows' keys, then the rows of the cards not
    # kept yet (lib/pagecache.CardRows): one query more here, one list's joins and instances fewer once kept.
    # 4, 1 for the contest slot (its rounds too once judging starts), and 1 per card list (movements, exemplars)
    "home": 8,
    "directory": 8,
    "directory_filtered": 9,
    "search": 8,
    "exemplar": 8,  # 7, and 1 for its spread (replications, #14)
    "movement_list": 4,
    "movement": 6,
    "news_list": 2,
    "news": 1,
    "events": 2,
    "event": 3,
    "gallery": 2,
    "feed_exemplars": 1,
    "feed_news": 1,
    "sitemap": 11,  # 9 before the contest section (#11 item 35), which adds two, and the bloc rankings one
    "api_exemplars": 3,
    "api_exemplar": 5,
    "api_honours": 2,
    "api_movements": 3,
    "feedback": 0,
}
# Rendered again without the page cache, its fragments (choices, counts) and cards kept: what most requests cost.
KEPT_FRAGMENT_BOUNDS = {
    **QUERY_BOUNDS,
    "home": 2,
    "directory": 1,
    "directory_filtered": 2,
    "search": 1,
    "exemplar": 6,
    "movement": 4,
    "api_exemplars": 2,
    "api_honours": 1,
}


def _seed(rows: int):
    phase = PlanPhaseFactory()
    movement = MovementFactory(name="Phong trào đo truy vấn")
    movement.phases.add(phase)
    movement.coordinating_agencies.add(movement.lead_agency)
    # Every related row filled in, so that a missing select_related shows as extra queries.
    exemplars = ExemplarFactory.create_batch(
        rows, phase=phase, locality="Xã Tân Biên", field=movement.field, portrait="exemplars/khong-co.jpg"
    )
    Exemplar.movements.through.objects.bulk_create(
        [Exemplar.movements.through(exemplar_id=e.pk, movement_id=movement.pk) for e in exemplars]
    )
    for exemplar in exemplars[:rows]:
        HonourFactory(exemplar=exemplar)
    for _ in range(min(rows, 30)):
        NewsArticleFactory()
        WebsiteLinkFactory()
    event = ExchangeEventFactory(movement=movement)
    event.exemplars.add(*exemplars[:rows])
    for n in range(min(rows, 30)):  # the exemplar's spread: one agency after another learned from it
        Replication.objects.create(
            exemplar=exemplars[0], agency=AgencyFactory(), date=dt.date(2025, 1, 1 + n % 28), what="Mô hình"
        )
    Exemplar.objects.filter(pk=exemplars[0].pk).update(spread=min(rows, 30))  # as record_replication keeps it
    for _ in range(min(rows, 30)):
        EventPhotoFactory(event=event)
    return movement, exemplars[0], event


def _urls(movement, exemplar, event, news) -> dict[str, str]:
    return {
        "home": "/",
        "directory": "/dien-hinh/",
        "directory_filtered": f"/dien-hinh/?movement={movement.slug}&kind=individual&year=2024&sort=ten",
        "search": "/dien-hinh/?q=nguyen+van",
        "exemplar": exemplar.get_absolute_url(),
        "movement_list": "/phong-trao/",
        "movement": movement.get_absolute_url(),
        "news_list": "/tin-tuc/",
        "news": news.get_absolute_url(),
        "events": "/giao-luu/",
        "event": event.get_absolute_url(),
        "gallery": "/thu-vien-anh/",
        "feed_exemplars": "/rss/dien-hinh/",
        "feed_news": "/atom/tin-tuc/",
        "sitemap": "/sitemap.xml",
        "api_exemplars": "/api/exemplars/?q=nguyen",
        "api_exemplar": f"/api/exemplars/{exemplar.slug}/",
        "api_honours": "/api/honours/",
        "api_movements": "/api/movements/",
        "feedback": "/phan-hoi/",
    }


@pytest.mark.parametrize("rows", [10, 200])
def test_every_public_page_runs_a_fixed_number_of_queries(client, settings, django_assert_max_num_queries, rows):
    movement, exemplar, event = _seed(rows)
    urls = _urls(movement, exemplar, event, NewsArticleFactory())
    for name, url in urls.items():
        cache.clear()
        with django_assert_max_num_queries(QUERY_BOUNDS[name], info=name):
            response = client.get(url)
        assert response.status_code == 200, name
        # Served from the cache the second time: no query at all.
        with django_assert_max_num_queries(0, info=name):
            assert client.get(url).status_code == 200
        settings.PUBLIC_PAGE_CACHE = False
        with django_assert_max_num_queries(KEPT_FRAGMENT_BOUNDS[name], info=f"{name}, fragments kept"):
            assert client.get(url).status_code == 200
        settings.PUBLIC_PAGE_CACHE = True


def test_publishing_an_exemplar_shows_it_at_once_on_home_and_directory(client):
    ExemplarFactory(name="Điển hình đã có")
    assert "Điển hình đã có" in client.get("/").content.decode()
    assert client.get("/dien-hinh/").headers.get("X-Public-Cache") is None
    assert client.get("/dien-hinh/").headers["X-Public-Cache"] == "hit"
    draft = ExemplarFactory(name="Phạm Thị Mới Công Bố", is_published=False, published_at=None)
    assert "Phạm Thị Mới Công Bố" not in client.get("/").content.decode()

    draft.is_published = True
    draft.published_at = timezone.now()
    draft.save()

    assert "Phạm Thị Mới Công Bố" in client.get("/").content.decode()
    assert "Phạm Thị Mới Công Bố" in client.get("/dien-hinh/").content.decode()
    assert "Phạm Thị Mới Công Bố" in client.get("/dien-hinh/?q=pham+thi+moi").content.decode()


def test_signed_in_users_are_not_served_cached_pages(client):
    client.get("/")
    client.force_login(StaffUserFactory())
    response = client.get("/")
    assert "X-Public-Cache" not in response.headers
    assert "Đăng xuất" in response.content.decode()


def test_feedback_reaches_the_admin_and_staff_by_email(client, django_capture_on_commit_callbacks):
    StaffUserFactory(email="canbo@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:feedback"),
            {
                "name": "Nguyễn Văn Dân",
                "email": "dan@example.org",
                "subject": "Giới thiệu người tốt",
                "message": "Ông Tư ấp 3 giúp đỡ đồng bào.",
            },
        )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    notice = services.feedback_notice(feedback)
    assert notice.sent_at is not None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["canbo@example.org"]
    assert "Ông Tư ấp 3" in mail.outbox[0].body
    # Running the notice again sends nothing.
    from tayninh_thidua.lib.tasks import send_outgoing_mail

    assert send_outgoing_mail(mail_id=notice.pk) is False


def test_feedback_is_limited_per_address(client):
    data = {"name": "A", "subject": "B", "message": "C"}
    for _ in range(5):
        assert client.post(reverse("portal:feedback"), data).status_code == 302
    response = client.post(reverse("portal:feedback"), data)
    assert response.status_code == 200 and "thử lại sau" in response.content.decode()
    assert Feedback.objects.count() == 5


def test_feedback_honeypot_stores_nothing(client):
    client.post(
        reverse("portal:feedback"), {"name": "bot", "subject": "x", "message": "spam", "website": "http://spam"}
    )
    assert not Feedback.objects.exists()


def test_feedback_form_requires_a_message(client):
    response = client.post(reverse("portal:feedback"), {"name": "A", "subject": "B", "message": ""})
    assert response.status_code == 200
    assert not Feedback.objects.exists()


def test_exemplar_page_shows_timeline_revoked_honours_and_sharing_data(client):
    exemplar = ExemplarFactory(name="Võ Thị Sáu Mẫu", summary="Tấm gương sáng.")
    HonourFactory(exemplar=exemplar, decision_number="163/QĐ-UBND", decision_date=dt.date(2024, 1, 15))
    HonourFactory(
        exemplar=exemplar,
        year=2023,
        decision_number="99/QĐ-UBND",
        revoked_at=timezone.now(),
        revoked_reason="Kê khai không trung thực",
    )
    html = client.get(exemplar.get_absolute_url()).content.decode()
    assert "Quyết định số 163/QĐ-UBND ngày 15/01/2024" in html
    assert "Đã thu hồi" in html and "Kê khai không trung thực" in html
    assert 'property="og:title" content="Võ Thị Sáu Mẫu"' in html
    assert '<script type="application/ld+json">' in html and '"@type": "Person"' in html
    assert "99/QĐ-UBND)" not in html.split("application/ld+json")[1].split("</script>")[0]


def test_movement_page_counts_exemplars_per_phase(client):
    phase = PlanPhaseFactory(name="Giai đoạn A")
    movement = MovementFactory()
    movement.phases.add(phase)
    for exemplar in ExemplarFactory.create_batch(3, phase=phase):
        exemplar.movements.add(movement)
    ExemplarFactory(is_published=False, phase=phase).movements.add(movement)
    html = client.get(movement.get_absolute_url()).content.decode()
    assert "<td>Giai đoạn A</td><td>3</td>" in html


def test_thumbnails_are_made_once_at_public_sizes(client):
    from django.core.files.storage import default_storage
    from PIL import Image

    from tests.factories import jpeg_file

    exemplar = ExemplarFactory()
    exemplar.portrait.save("chan-dung.jpg", jpeg_file(size=(2000, 1500)))
    html = client.get(exemplar.get_absolute_url()).content.decode()
    assert "/media/thumbs/480x360/" in html
    name = html.split("/media/thumbs/480x360/")[1].split('"')[0]
    with default_storage.open(f"thumbs/480x360/{name}") as handle:
        assert Image.open(handle).size == (480, 360)


def test_robots_and_sitemap(client):
    exemplar = ExemplarFactory()
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: " in robots and "/sitemap.xml" in robots and "Disallow: /admin/" in robots
    assert exemplar.get_absolute_url() in client.get("/sitemap.xml").content.decode()


def test_feeds_list_newly_honoured_exemplars_and_news(client):
    HonourFactory(exemplar=ExemplarFactory(name="Đặng Văn Vinh Danh"), decision_number="5/QĐ-UBND")
    NewsArticleFactory(title="Tổng kết phong trào")
    assert "Đặng Văn Vinh Danh" in client.get("/rss/dien-hinh/").content.decode()
    assert "5/QĐ-UBND" in client.get("/atom/dien-hinh/").content.decode()
    assert "Tổng kết phong trào" in client.get("/rss/tin-tuc/").content.decode()


def _json_schema(node):
    """OpenAPI's `nullable: true` (still emitted by DRF's pagination schema) as JSON Schema's null type."""
    if isinstance(node, dict):
        node = {key: _json_schema(value) for key, value in node.items()}
        if node.pop("nullable", False) and isinstance(node.get("type"), str):
            node["type"] = [node["type"], "null"]
        return node
    if isinstance(node, list):
        return [_json_schema(value) for value in node]
    return node


def test_api_schema_validates_and_responses_match_it(client):
    import json

    import jsonschema
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema
    from rest_framework.renderers import JSONRenderer

    exemplar = ExemplarFactory(locality="Xã Tân Biên")
    exemplar.movements.add(MovementFactory())
    HonourFactory(exemplar=exemplar, revoked_at=timezone.now(), revoked_reason="Sai sót")
    schema = json.loads(JSONRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    validate_schema(schema)
    assert client.get("/api/schema/").status_code == 200

    def check(url: str, component: str, many: bool = False) -> None:
        response = client.get(url)
        assert response.status_code == 200, url
        ref = {"$ref": f"#/components/schemas/{component}"}
        expected = {"type": "array", "items": ref} if many else ref
        jsonschema.validate(response.json(), {**expected, "components": _json_schema(schema["components"])})

    check("/api/exemplars/", "PaginatedExemplarList")
    check(
        "/api/exemplars/?q=nguyen&kind=individual&locality=X%C3%A3+T%C3%A2n+Bi%C3%AAn&year=2024",
        "PaginatedExemplarList",
    )
    check(f"/api/exemplars/{exemplar.slug}/", "ExemplarDetail")
    check("/api/honours/", "PaginatedHonourWithExemplarList")
    check("/api/movements/", "Movement", many=True)


def test_feedback_form_on_the_cached_home_page_carries_each_visitors_own_token():
    from django.test import Client

    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get("/")
    page = second.get("/")
    assert page.headers["X-Public-Cache"] == "hit"
    html = page.content.decode()
    assert "__csrf_token_slot__" not in html
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    data = {"csrfmiddlewaretoken": token, "name": "Dân", "subject": "Góp ý", "message": "Trang rất hữu ích."}
    assert second.post(reverse("portal:feedback"), data).status_code == 302
    assert Feedback.objects.filter(subject="Góp ý").exists()
    assert Client(enforce_csrf_checks=True).post(reverse("portal:feedback"), data).status_code == 403


def test_a_pending_message_is_never_stored_in_the_shared_cache(client):
    client.post(reverse("portal:feedback"), {"name": "A", "subject": "B", "message": "C"})
    # The thank-you message waits in the messages cookie: the next page is rendered, not cached.
    first = client.get("/")
    assert "Cảm ơn bạn đã gửi phản hồi" in first.content.decode()
    assert "X-Public-Cache" not in first.headers
    from django.test import Client

    assert "Cảm ơn bạn đã gửi phản hồi" not in Client().get("/").content.decode()


def test_the_api_lists_exemplars_exactly_as_drfs_field_walk_would(client, settings):
    """The list serializer builds its rows in one step (exemplars/views/api.py); the result is DRF's, key for key."""
    from rest_framework import serializers
    from rest_framework.test import APIRequestFactory

    from exemplars.views.api import ExemplarSerializer
    from tests.exemplars.helpers import png

    settings.PUBLIC_PAGE_CACHE = False
    with_all = ExemplarFactory(locality="Xã Tân Biên", position_title="Giáo viên", portrait_alt="Ảnh chân dung")
    with_all.movements.add(MovementFactory(), MovementFactory())
    with_all.portrait.save("chan-dung.png", ContentFile(png()), save=True)
    bare = ExemplarFactory(field=None, locality="", kind=Exemplar.Kind.MODEL)
    rows = client.get("/api/exemplars/").json()["results"]
    assert {row["slug"] for row in rows} == {with_all.slug, bare.slug}
    request = APIRequestFactory().get("/api/exemplars/")
    for exemplar in Exemplar.objects.public_cards():
        walked = serializers.ModelSerializer.to_representation(
            ExemplarSerializer(context={"request": request}), exemplar
        )
        fast = next(row for row in rows if row["slug"] == exemplar.slug)
        assert list(fast) == list(walked)  # the same keys in the same order
        assert json.loads(json.dumps(walked, cls=DjangoJSONEncoder)) == fast
    full = next(row for row in rows if row["slug"] == with_all.slug)
    assert full["portrait"] and len(full["movements"]) == 2 and full["kind_display"] == "Cá nhân"
    assert next(row for row in rows if row["slug"] == bare.slug)["field"] is None


def test_public_pages_and_the_api_never_read_personal_data_or_long_texts_they_do_not_show(client, settings):
    """The exemplar's page, its API record and the API list select only what they show (exemplars.models
    PAGE_FIELDS, API_ROW_FIELDS): the phone, e-mail, citizen id, home address and birth date are never read, nor
    the search text; the API list does not read the stories either."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PUBLIC_PAGE_CACHE = False
    exemplar = ExemplarFactory(story="Một câu chuyện dài.", phone="0909000111", citizen_id="072000000001")
    urls = {
        "page": exemplar.get_absolute_url(),
        "api_detail": f"/api/exemplars/{exemplar.slug}/",
        "api_list": "/api/exemplars/",
    }
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url).content.decode()
        assert exemplar.name in body, name
        selected = " ".join(q["sql"].split(" FROM ", 1)[0] for q in queries.captured_queries)
        for column in ("phone", "email", "citizen_id", "home_address", "birth_date", "search_text"):
            assert f'"exemplars_exemplar"."{column}"' not in selected, (name, column)
        assert ('"exemplars_exemplar"."story"' in selected) == (name != "api_list"), name
        assert "0909000111" not in body and "072000000001" not in body


def test_the_exemplar_page_reads_its_lists_one_plain_query_each_with_only_the_honour_columns_it_shows(client, settings):
    """One exemplar's page reads its movements, honours and photos by three plain queries (Exemplar.page_lists), not
    through prefetch_related, and its honours without the columns it does not show (their movement, phase and
    nomination); the honours are still listed newest first, and a draft movement is never named."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PUBLIC_PAGE_CACHE = False
    shown = MovementFactory(name="Phong trào công khai")
    draft = MovementFactory(name="Phong trào nháp", is_published=False)
    exemplar = ExemplarFactory()
    exemplar.movements.set([shown, draft])
    HonourFactory(exemplar=exemplar, year=2022, award_type__name="Bằng khen 2022", movement=shown)
    HonourFactory(exemplar=exemplar, year=2024, award_type__name="Chiến sĩ thi đua 2024")
    with CaptureQueriesContext(connection) as queries:
        body = client.get(exemplar.get_absolute_url()).content.decode()
    assert body.index("Chiến sĩ thi đua 2024") < body.index("Bằng khen 2022")
    assert "Phong trào công khai" in body and "Phong trào nháp" not in body
    sqls = [q["sql"] for q in queries.captured_queries]
    assert not [sql for sql in sqls if "_prefetch_related_val" in sql]
    (honours,) = [sql for sql in sqls if sql.split(" FROM ", 1)[1].startswith('"exemplars_honour"')]
    for column in ("movement_id", "phase_id", "nomination_id"):
        assert f'"exemplars_honour"."{column}"' not in honours.split(" FROM ", 1)[0], column


def test_the_home_pages_news_photos_and_links_are_read_once_per_publication(client, settings):
    """Without the page cache, the home page reads its news, photos, links and contest once per publication (a
    public fragment): a second visit reads only its cards' keys, and a published article shows at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tayninh_thidua.lib.publication import set_published
    from tests.factories import StaffUserFactory, WebsiteLinkFactory

    settings.PUBLIC_PAGE_CACHE = False
    NewsArticleFactory(title="Tin đã đăng")
    WebsiteLinkFactory(title="Cổng thông tin tỉnh")
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    assert "Tin đã đăng" in html and "Cổng thông tin tỉnh" in html
    tables = " ".join(q["sql"].split(" FROM ", 1)[1][:40] for q in queries.captured_queries)
    assert "newsarticle" not in tables and "websitelink" not in tables and "eventphoto" not in tables
    draft = NewsArticleFactory(title="Tin vừa công bố", is_published=False, published_at=None)
    assert "Tin vừa công bố" not in client.get("/").content.decode()
    set_published(draft, actor=StaffUserFactory(is_superuser=True), published=True)
    assert "Tin vừa công bố" in client.get("/").content.decode()
