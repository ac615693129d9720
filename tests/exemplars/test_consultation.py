"""Public consultation: the window in working days, comments confirmed by e-mail, staff handling, and the public
page that shows only what the public may know."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from exemplars.models import ConsultationComment, Nomination
from exemplars.services import consultation as services
from tayninh_thidua.lib.models import OutgoingMail
from tayninh_thidua.lib.workflow import NotAllowedForYou, NotAllowedNow
from tests.exemplars.decision_road import in_review

pytestmark = pytest.mark.django_db


def _open(reviewer, nominations, opens_on=None, **kwargs):
    return services.open_consultation(
        nominations,
        actor=reviewer,
        title="Lấy ý kiến đề nghị Bằng khen đợt 1",
        opens_on=opens_on or timezone.localdate(),
        **kwargs,
    )


def test_opening_computes_ten_working_days_and_logs(reviewer):
    nominations = in_review(2)
    consultation = _open(reviewer, nominations, opens_on=dt.date(2027, 2, 1))
    assert consultation.working_days == 10
    assert consultation.closes_on == dt.date(2027, 2, 19)  # across Tết Đinh Mùi, counted in test_calendar
    for nomination in nominations:
        assert "Lấy ý kiến công khai từ 01/02/2027 đến hết 19/02/2027" in nomination.events.last().comment


def test_opening_refuses_fewer_days_than_the_rule_a_dossier_not_in_review_and_non_reviewers(reviewer, head):
    (nomination,) = in_review(1)
    with pytest.raises(NotAllowedNow):
        _open(reviewer, [nomination], working_days=5)
    draft = in_review(1)[0]
    Nomination.objects.filter(pk=draft.pk).update(state=Nomination.State.DRAFT)
    with pytest.raises(NotAllowedNow):
        _open(reviewer, [draft])
    with pytest.raises(NotAllowedForYou):
        _open(head, [nomination])


def test_a_comment_waits_for_its_confirmation_link_then_staff_record_its_handling(reviewer, client):
    (nomination,) = in_review(1)
    consultation = _open(reviewer, [nomination])
    comment = services.submit_comment(
        consultation, nomination, name="Lê Văn Dân", email="dan@example.org", comment="Đề nghị xác minh thêm."
    )
    mail = OutgoingMail.objects.get(key=f"consultation-comment:{comment.pk}")
    assert mail.to == ["dan@example.org"] or "dan@example.org" in str(mail.to)
    link = reverse("consultations:comment.confirm", args=[comment.token])
    assert link in mail.body
    with pytest.raises(NotAllowedNow):  # not confirmed yet
        services.handle_comment(comment, actor=reviewer, handling="explained", note="Đã giải trình.")
    assert client.get(link).status_code == 200
    client.post(link)
    comment.refresh_from_db()
    assert comment.is_confirmed
    services.handle_comment(comment, actor=reviewer, handling="accepted", note="Đã xác minh tại địa phương.")
    comment.refresh_from_db()
    assert comment.handling == ConsultationComment.Handling.ACCEPTED and comment.handled_by == reviewer
    assert "Xử lý ý kiến góp ý của Lê Văn Dân" in nomination.events.last().comment


def test_comments_refused_after_the_window_and_for_a_dossier_outside_it(reviewer):
    nominations = in_review(2)
    consultation = _open(reviewer, nominations[:1], opens_on=dt.date(2026, 1, 5))
    with pytest.raises(NotAllowedNow):
        services.submit_comment(consultation, nominations[0], name="A", email="a@example.org", comment="x")
    current = _open(reviewer, nominations[:1])
    with pytest.raises(NotAllowedNow):
        services.submit_comment(current, nominations[1], name="A", email="a@example.org", comment="x")


def test_public_page_shows_name_agency_honour_and_summary_and_never_private_fields(reviewer, client):
    (nomination,) = in_review(
        1,
        nominee_position="LEAKPOSITION",
        nominee_locality="LEAKLOCALITY",
        reviewer_comment="LEAKREVIEWER",
        decision_number="LEAKDECISION",
    )
    consultation = _open(reviewer, [nomination])
    services.submit_comment(
        consultation,
        nomination,
        name="LEAKCOMMENTER",
        email="leakmail@example.org",
        phone="LEAKPHONE",
        comment="LEAKTEXT",
    )
    pages = [
        client.get(reverse("consultations:list")),
        client.get(reverse("consultations:comment", args=[consultation.pk])),
    ]
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert nomination.nominee_name in html and nomination.award_type.name in html
        for marker in (
            "LEAKPOSITION",
            "LEAKLOCALITY",
            "LEAKREVIEWER",
            "LEAKDECISION",
            "LEAKCOMMENTER",
            "leakmail",
            "LEAKPHONE",
            "LEAKTEXT",
        ):
            assert marker not in html
    assert nomination.agency.name in pages[0].content.decode()
    assert nomination.achievements in pages[0].content.decode()


def test_the_form_keeps_what_was_typed_drops_bots_and_limits_each_address(reviewer, client):
    (nomination,) = in_review(1)
    consultation = _open(reviewer, [nomination])
    url = reverse("consultations:comment", args=[consultation.pk])
    data = {"nomination": nomination.pk, "name": "Trần Thị Góp", "email": "khong-hop-le", "comment": "Ý kiến của tôi"}
    response = client.post(url, data)
    assert response.status_code == 200 and "Ý kiến của tôi" in response.content.decode()
    assert client.post(url, {**data, "email": "gop@example.org", "website": "http://spam"}).status_code == 302
    assert not ConsultationComment.objects.exists()  # the honeypot: answered alike, nothing stored
    for _ in range(4):
        assert client.post(url, {**data, "email": "gop@example.org"}).status_code == 302
    assert ConsultationComment.objects.count() == 4
    response = client.post(url, {**data, "email": "gop@example.org"})
    assert response.status_code == 200 and "nhiều ý kiến" in response.content.decode()
    assert ConsultationComment.objects.count() == 4


def test_closed_consultation_and_unknown_token_answer_404(reviewer, client):
    (nomination,) = in_review(1)
    old = _open(reviewer, [nomination], opens_on=dt.date(2026, 1, 5))
    assert client.get(reverse("consultations:comment", args=[old.pk])).status_code == 404
    assert client.get(reverse("consultations:comment.confirm", args=["khong-co"])).status_code == 404
    assert client.post(reverse("consultations:comment.confirm", args=["khong-co"])).status_code == 404
