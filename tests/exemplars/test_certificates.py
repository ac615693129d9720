"""Certificates anyone can verify: a PDF per honour with a QR code that decodes (zxing-cpp, from the image embedded
in the PDF) to the public status page; revoking the honour changes that page at once, page cache on; the contest's
prize certificates carry the same QR."""

import io

import pytest
from django.conf import settings
from django.urls import reverse

from exemplars.models import HonourCertificate
from exemplars.services import decisions, revoke_honour
from tests.exemplars.decision_road import draft_decision, in_review

pytestmark = pytest.mark.django_db


def qr_texts(pdf: bytes) -> list[str]:
    """Every QR code in the PDF's embedded images, decoded by zxing-cpp (a real decoder, not our own encoder)."""
    import zxingcpp
    from pypdf import PdfReader

    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for image in page.images:
            found += [result.text for result in zxingcpp.read_barcodes(image.image)]
    return found


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def issued(reviewer, django_capture_on_commit_callbacks):
    (nomination,) = in_review(1, nominee_name="Phạm Thị Được Khen")
    with django_capture_on_commit_callbacks(execute=True):
        decisions.issue_decision(draft_decision([nomination]), actor=reviewer)
    return HonourCertificate.objects.get(honour__nomination=nomination)


def test_the_certificate_qr_decodes_to_the_status_page(issued):
    pdf = issued.file.open("rb").read()
    url = settings.SITE_URL + reverse("verification:status", args=[issued.code])
    assert qr_texts(pdf) == [url]
    text = pdf_text(pdf)
    assert "Phạm Thị Được Khen" in text and "163/QĐ-UBND" in text and "BẰNG KHEN" in text.upper()
    assert len(issued.code) >= 22  # 128 random bits


def test_revocation_shows_at_once_on_the_cached_status_page(issued, reviewer, client, settings):
    settings.PUBLIC_PAGE_CACHE = True
    url = reverse("verification:status", args=[issued.code])
    first = client.get(url).content.decode()
    assert "còn hiệu lực" in first and "Phạm Thị Được Khen" in first
    assert "còn hiệu lực" in client.get(url).content.decode()  # served from the cache now
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries) == 0  # proof the page is cached
    revoke_honour(issued.honour, actor=reviewer, reason="Quyết định số 12/QĐ-UBND ngày 05/01/2027 thu hồi")
    page = client.get(url).content.decode()
    assert "đã bị thu hồi" in page and "12/QĐ-UBND" in page and "còn hiệu lực" not in page


def test_the_status_page_reveals_no_private_data_and_unknown_codes_404(
    reviewer, client, django_capture_on_commit_callbacks
):
    (nomination,) = in_review(1, nominee_position="LEAKPOSITION", nominee_locality="LEAKLOCALITY")
    with django_capture_on_commit_callbacks(execute=True):
        decisions.issue_decision(draft_decision([nomination]), actor=reviewer)
    certificate = HonourCertificate.objects.get(honour__nomination=nomination)
    exemplar = certificate.honour.exemplar
    exemplar.phone, exemplar.email, exemplar.citizen_id = "LEAKPHONE", "leak@example.org", "LEAKCCCD"
    exemplar.save()
    html = client.get(reverse("verification:status", args=[certificate.code])).content.decode()
    for marker in (
        "LEAKPHONE",
        "leak@example.org",
        "LEAKCCCD",
        "LEAKPOSITION",
        "LEAKLOCALITY",
        nomination.achievements,
    ):
        assert marker not in html
    assert client.get(reverse("verification:status", args=["khong-co-ma-nay"])).status_code == 404
    assert client.get(reverse("verification:status", args=["a" * 41])).status_code == 404
