"""Certificates (issue #11 items 28 and 30): rendered once and stored, served as a file, with a signer block."""

import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from contests import services
from contests.models import ContestLog, Entry
from tests.contests.conftest import close_judging
from tests.factories import EntryFactory
from tests.side_doors import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def winner(edition):
    entry = EntryFactory(
        edition=edition, stage=3, verification=Entry.Verification.CONFIRMED, author_name="Lê Thị Ánh Dương"
    )
    services.assign_prize(entry, edition.prize_tiers.get(rank="nhat"))
    return entry


def url(entry) -> str:
    return f"/cuoc-thi/{entry.edition.year}/giay-chung-nhan/{entry.code}.pdf"


def text_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    pages = PdfReader(io.BytesIO(content)).pages
    assert len(pages) == 1  # the signer block fits on the page
    return pages[0].extract_text()


@pytest.fixture
def renders(monkeypatch):
    """Counts certificate renderings (each about half a second of CPU)."""
    from contests import certificates

    calls = []
    real = certificates.certificate_pdf

    def counting(entry):
        calls.append(entry.pk)
        return real(entry)

    monkeypatch.setattr(certificates, "certificate_pdf", counting)
    return calls


def test_a_public_certificate_is_rendered_once_then_served_from_storage(client, edition, winner, renders):
    close_judging(edition)
    services.publish_results(edition)
    first = client.get(url(winner))
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert "Lê Thị Ánh Dương" in text_of(first)
    for _ in range(3):
        again = client.get(url(winner))
        assert again.status_code == 200 and "Lê Thị Ánh Dương" in text_of(again)
    assert renders == [winner.pk]
    winner.refresh_from_db()
    assert winner.certificate.name.endswith(".pdf") and winner.certificate.storage.exists(winner.certificate.name)
    assert ContestLog.objects.filter(entry=winner, action=ContestLog.Action.CERTIFICATE_ISSUED).count() == 1


def test_publication_issues_the_certificates(edition, winner, renders, django_capture_on_commit_callbacks):
    close_judging(edition)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_results(edition)
    winner.refresh_from_db()
    assert winner.certificate and renders == [winner.pk]


def test_staff_preview_before_publication_is_not_stored(staff_client, edition, winner, renders):
    from django.test import Client

    assert Client().get(url(winner)).status_code == 404
    assert staff_client.get(url(winner)).status_code == 200
    winner.refresh_from_db()
    assert not winner.certificate
    with pytest.raises(ValidationError):
        services.issue_certificate(winner)


def test_correcting_the_name_after_publication_reissues_the_certificate(
    staff_client, edition, winner, renders, django_capture_on_commit_callbacks
):
    close_judging(edition)
    services.publish_results(edition)
    services.issue_certificate(winner)
    admin_url = f"/admin/contests/entry/{winner.pk}/change/"
    data = change_form_data(staff_client, admin_url)
    data["author_name"] = "Lê Thị Ánh Dương Hồng"
    assert staff_client.post(admin_url, data).status_code == 302
    text = text_of(staff_client.get(url(winner)))
    assert "Lê Thị Ánh Dương Hồng" in text
    assert len(renders) == 2


def test_the_certificate_has_a_signer_block(client, edition, winner):
    edition.signer_title = "Trưởng Ban Tổ chức"
    edition.signer_name = "Trần Văn Ký"
    edition.save()
    close_judging(edition)
    services.publish_results(edition)
    text = text_of(client.get(url(winner)))
    assert "TM. BAN TỔ CHỨC" in text and "TRƯỞNG BAN TỔ CHỨC" in text and "Trần Văn Ký" in text


def test_results_wait_for_the_signer(edition, winner):
    close_judging(edition)
    edition.signer_name = ""
    edition.save()
    with pytest.raises(ValidationError, match="người ký"):
        services.publish_results(edition)


def test_a_prize_certificate_carries_the_qr_of_its_status_page(client, edition, winner):
    from django.conf import settings
    from django.urls import reverse

    from tests.exemplars.test_certificates import qr_texts

    close_judging(edition)
    services.publish_results(edition)
    response = client.get(url(winner))
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    winner.refresh_from_db()
    status = reverse("verification:status", args=[winner.certificate_code])
    assert len(winner.certificate_code) >= 22
    assert qr_texts(pdf) == [settings.SITE_URL + status]
    page = client.get(status).content.decode()
    assert "Giấy chứng nhận hợp lệ" in page and "Lê Thị Ánh Dương" in page
