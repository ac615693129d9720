"""The public proposal form (/gioi-thieu/), its spam rules, bad photos, the status page and the verification link."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exemplars import services
from exemplars.models import Proposal
from exemplars.views.public import mailbox_key
from tayninh_thidua.lib.models import OutgoingMail
from tests.contests.conftest import png
from tests.factories import ExemplarFactory, ProposalFactory
from tests.lib.test_upload_fields import BAD_IMAGES

pytestmark = pytest.mark.django_db
URL = "/gioi-thieu/"


@pytest.fixture(autouse=True)
def _own_cache(settings, request):
    # Rate limits live in the cache: each test gets its own (clearing the shared Redis would wipe the broker's keys).
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": request.node.nodeid}
    }
    cache.clear()


def _data(**extra) -> dict:
    return {
        "kind": "individual",
        "name": "Ông Võ Văn Cầu Đường",
        "locality": "Xã Hòa Hội",
        "story": "Hai mươi năm đóng đò miễn phí đưa học sinh qua sông Vàm Cỏ.",
        "proposer_name": "Lý Thị Kể Chuyện",
        "proposer_email": "kechuyen@example.org",
        "proposer_phone": "",
        "consent": "on",
        "website": "",
        **extra,
    }


def test_the_route_others_rely_on():
    assert reverse("proposals:submit") == URL
    assert reverse("proposals:status", kwargs={"code": "abc_-1"}) == "/gioi-thieu/abc_-1/"


def test_a_proposal_goes_to_its_status_page_with_one_receipt(client):
    response = client.post(URL, _data(photo=png()))
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == proposal.get_status_url()
    assert proposal.photo and proposal.photo.storage.__class__.__name__ == "PrivateStorage"
    assert OutgoingMail.objects.filter(kind="proposal-receipt", to="kechuyen@example.org").count() == 1
    page = client.get(proposal.get_status_url())
    body = page.content.decode()
    assert page.status_code == 200 and "Đã tiếp nhận" in body and proposal.tracking_code in body
    assert "kechuyen@example.org" not in body and "Lý Thị Kể Chuyện" not in body
    assert "no-store" in page["Cache-Control"]


def test_an_unknown_code_is_a_404(client):
    ProposalFactory()
    assert client.get("/gioi-thieu/khong-co-ma-nay/").status_code == 404


def test_the_honeypot_stores_nothing_and_sends_nothing(client):
    response = client.post(URL, _data(website="http://spam.example"))
    assert response.status_code == 302
    assert not Proposal.objects.exists() and not OutgoingMail.objects.exists()


def test_consent_is_required_and_the_text_is_kept(client):
    response = client.post(URL, _data(consent=""))
    body = response.content.decode()
    assert response.status_code == 200 and not Proposal.objects.exists()
    assert "Vui lòng xác nhận cam đoan" in body and "Hai mươi năm đóng đò" in body


def test_rate_limit_per_address(client):
    for n in range(3):
        assert client.post(URL, _data(proposer_email=f"a{n}@example.org")).status_code == 302
    response = client.post(URL, _data(proposer_email="a9@example.org"))
    assert response.status_code == 429 and "quá nhiều lời giới thiệu" in response.content.decode()
    assert "Hai mươi năm đóng đò" in response.content.decode()
    assert Proposal.objects.count() == 3


def test_rate_limit_per_mailbox_whatever_the_address(client):
    for n, email in enumerate(["Ke.Chuyen@gmail.com", "kechuyen+1@gmail.com", "kechuyen@googlemail.com"]):
        response = client.post(URL, _data(proposer_email=email), REMOTE_ADDR=f"10.0.{n}.1")
        assert response.status_code == 302
    response = client.post(URL, _data(proposer_email="k.e.chuyen@gmail.com"), REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429 and "Địa chỉ thư điện tử này" in response.content.decode()
    assert mailbox_key("K.E.Chuyen+x@GMAIL.com") == "kechuyen@gmail.com"


@pytest.mark.parametrize("name", sorted(BAD_IMAGES))
def test_bad_photos_are_refused_in_vietnamese_and_the_text_kept(client, name):
    content, message = BAD_IMAGES[name]
    response = client.post(URL, _data(photo=SimpleUploadedFile(name, content)))
    body = response.content.decode()
    assert response.status_code == 200 and not Proposal.objects.exists()
    assert message in body and "Hai mươi năm đóng đò" in body and "kechuyen@example.org" in body
    assert "chọn lại" in body


def test_status_page_shows_the_reason_of_an_out_of_scope_closure(client, reviewer):
    proposal = ProposalFactory()
    services.close_proposal(proposal, actor=reviewer, reason="Nhân vật không sinh sống tại tỉnh.")
    body = client.get(proposal.get_status_url()).content.decode()
    assert "Không thuộc phạm vi" in body and "Nhân vật không sinh sống tại tỉnh." in body


def test_status_page_never_shows_the_verifier_note_or_an_unpublished_exemplar(client, reviewer, agency, officer):
    proposal = services.send_for_verification(ProposalFactory(), agency, actor=reviewer)
    services.verify_proposal(proposal, confirmed=True, note="Ghi chú nội bộ của xã", actor=officer)
    proposal.refresh_from_db()
    body = client.get(proposal.get_status_url()).content.decode()
    assert "Ghi chú nội bộ" not in body and proposal.exemplar.slug not in body
    duplicate = ProposalFactory()
    published = ExemplarFactory()
    services.mark_duplicate(duplicate, published, actor=reviewer)
    assert published.get_absolute_url() in client.get(duplicate.get_status_url()).content.decode()


def _token(proposal):
    mail = OutgoingMail.objects.get(key=f"proposal-verification:{proposal.pk}:{proposal.verification_nonce}")
    return re.search(r"/gioi-thieu/xac-minh/([^/\s]+)/", mail.body).group(1)


def test_verification_link_page_answers_once_then_410_and_forged_404(client, reviewer, agency):
    proposal = services.send_for_verification(ProposalFactory(), agency, actor=reviewer)
    url = reverse("proposals:verify", kwargs={"token": _token(proposal)})
    assert client.get(url).status_code == 200
    refused = client.post(url, {"confirmed": "0", "note": "", "responder": "Ông A"})
    assert refused.status_code == 200 and "lý do" in refused.content.decode()
    done = client.post(url, {"confirmed": "0", "note": "Không có người này.", "responder": "Ông A, Chủ tịch"})
    assert done.status_code == 200 and "Cảm ơn" in done.content.decode()
    again = client.post(url, {"confirmed": "1", "note": "", "responder": "Ông B"})
    assert again.status_code == 410 and "đã được sử dụng" in again.content.decode()
    assert client.get(url[:-3] + "zz/").status_code == 404
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.NOT_CONFIRMED and proposal.public_reason == "Không có người này."
