"""The leak crawl: drafts, unpublished exemplars, nominations, dossier files and private fields
hold unique markers; every public URL (sitemap, feeds, API, links of every page) is fetched and
no marker may appear anywhere."""

import datetime as dt
import io
import json
import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from exemplars.models import NominationAttachment
from tests.factories import (
    AgencyFactory,
    EventPhotoFactory,
    ExchangeEventFactory,
    ExemplarFactory,
    FeedbackFactory,
    HonourFactory,
    MovementFactory,
    NewsArticleFactory,
    NominationFactory,
    WebsiteLinkFactory,
)

pytestmark = pytest.mark.django_db

MARKERS = [
    "LEAKUNPUBLISHEDEXEMPLAR",
    "LEAKFUTUREEXEMPLAR",
    "LEAKPHONE",
    "leakemail",
    "LEAKCCCD",
    "LEAKADDRESS",
    "1901-02-03",
    "03/02/1901",
    "LEAKDRAFTNEWS",
    "LEAKFUTURENEWS",
    "LEAKDRAFTEVENT",
    "LEAKDRAFTMOVEMENT",
    "leak-draft-movement",
    "LEAKNOMINATION",
    "LEAKDOSSIER",
    "LEAKHIDDENLINK",
    "LEAKFEEDBACK",
    "LEAKREVIEWER",
    "LEAKAGENCYPHONE",
    "leakagency",
    "LEAKAGENCYADDRESS",
]
HREF = re.compile(r"""(?:href|src)="([^"#]+)""")
SKIP = ("/admin/", "/dang-nhap/", "/dang-xuat/", "/static/", "/media/")


def _seed_secrets():
    draft_movement = MovementFactory(name="LEAKDRAFTMOVEMENT phong trào", is_published=False)
    agency = AgencyFactory(phone="LEAKAGENCYPHONE", email="leakagency@example.org", address="LEAKAGENCYADDRESS")
    public = ExemplarFactory(
        agency=agency,
        name="Lê Thị Công Khai",
        phone="0909 LEAKPHONE",
        email="leakemail@example.org",
        citizen_id="LEAKCCCD1234",
        home_address="LEAKADDRESS ấp 3",
        birth_date=dt.date(1901, 2, 3),
        story="Câu chuyện công khai.",
    )
    public.movements.add(draft_movement, MovementFactory(name="Phong trào công khai"))
    ExemplarFactory(name="LEAKUNPUBLISHEDEXEMPLAR", is_published=False)
    ExemplarFactory(name="LEAKFUTUREEXEMPLAR", published_at=timezone.now() + dt.timedelta(days=3))
    nomination = NominationFactory(
        nominee_name="LEAKNOMINATION", achievements="LEAKNOMINATION", reviewer_comment="LEAKREVIEWER"
    )
    NominationAttachment.objects.create(
        nomination=nomination,
        document_type="proposal",
        file=ContentFile(b"%PDF-1.4 LEAKDOSSIER", name="LEAKDOSSIER.pdf"),  # file fields check what they store
        original_name="LEAKDOSSIER.pdf",
        content_type="application/pdf",
        size=11,
    )
    HonourFactory(exemplar=public, nomination=nomination, movement=draft_movement)
    NewsArticleFactory(title="LEAKDRAFTNEWS", is_published=False)
    NewsArticleFactory(title="LEAKFUTURENEWS", published_at=timezone.now() + dt.timedelta(days=1))
    NewsArticleFactory(title="Tin công khai")
    draft_event = ExchangeEventFactory(title="LEAKDRAFTEVENT", is_published=False)
    EventPhotoFactory(event=draft_event, caption="LEAKDRAFTEVENT ảnh", alt_text="LEAKDRAFTEVENT")
    event = ExchangeEventFactory(title="Giao lưu công khai", movement=draft_movement)
    event.exemplars.add(public)
    EventPhotoFactory(event=event)
    WebsiteLinkFactory(title="LEAKHIDDENLINK", is_active=False)
    WebsiteLinkFactory(title="Liên kết công khai")
    FeedbackFactory(subject="LEAKFEEDBACK", message="LEAKFEEDBACK")
    return public


def _links(content_type: str, body: str, base: str) -> set[str]:
    found: set[str] = set()
    if "html" in content_type:
        found |= {urljoin(base, href.replace("&amp;", "&")) for href in HREF.findall(body)}
    elif "xml" in content_type:
        found |= set(re.findall(r"<loc>([^<]+)</loc>", body)) | set(re.findall(r"<link>([^<]+)</link>", body))
        found |= set(re.findall(r'<link href="([^"]+)"', body))
    elif "json" in content_type:
        found |= set(re.findall(r'"(https?://[^"]+|/[^"]*)"', json.dumps(json.loads(body))))
    return found


def _text(response) -> str:
    """The response as text; a spreadsheet (the statistics' xlsx) as the text of its cells."""
    if "spreadsheetml" in response["Content-Type"]:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row)
    return response.content.decode()


def test_no_public_url_shows_a_draft_a_nomination_or_a_private_field(client):
    public = _seed_secrets()
    queue = [
        "/",
        "/sitemap.xml",
        "/robots.txt",
        "/rss/dien-hinh/",
        "/atom/dien-hinh/",
        "/rss/tin-tuc/",
        "/atom/tin-tuc/",
        "/api/",
        "/api/exemplars/",
        "/api/honours/",
        "/api/movements/",
        f"/api/exemplars/{public.slug}/",
        "/api/schema/?format=json",
        "/dien-hinh/?q=leak",
        "/dien-hinh/?q=leakunpublishedexemplar",
        "/api/exemplars/?q=leakfutureexemplar",
    ]
    seen: set[str] = set()
    while queue and len(seen) < 400:
        url = queue.pop()
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or url in seen:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(SKIP) or "{" in path or path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code in (200, 301, 302), (path, response.status_code)
        if response.status_code != 200:
            continue
        body = _text(response)
        for marker in MARKERS:
            assert marker not in body, f"{marker} leaked on {path}"
        for link in _links(response["Content-Type"], body, "http://testserver" + path):
            queue.append(link)
    assert public.get_absolute_url() in seen
    assert "/phan-hoi/" in seen and "/thu-vien-anh/" in seen and "/tin-tuc/" in seen
    assert len(seen) > 25


def test_unpublished_pages_answer_404(client):
    ExemplarFactory(name="Chưa công bố", slug="chua-cong-bo", is_published=False)
    NewsArticleFactory(title="Nháp", slug="nhap", is_published=False)
    ExchangeEventFactory(title="Nháp", slug="giao-luu-nhap", is_published=False)
    for url in [
        "/dien-hinh/chua-cong-bo/",
        "/tin-tuc/nhap/",
        "/giao-luu/giao-luu-nhap/",
        "/api/exemplars/chua-cong-bo/",
    ]:
        assert client.get(url).status_code == 404, url


def test_api_serializers_only_expose_public_fields():
    from exemplars.models import Exemplar
    from exemplars.views.api import ExemplarDetailSerializer

    model_fields = {f.name for f in Exemplar._meta.get_fields()}
    exposed = set(ExemplarDetailSerializer.Meta.fields) & model_fields
    assert exposed <= set(Exemplar.PUBLIC_FIELDS) | {"honours"}
