"""Issue #11 items 6 and 8: staff never type a decision or a reason the portal then refuses and forgets, a public
item's save says what the public sees, and revoked honours are not counted as current."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from exemplars.models import Exemplar, Honour, Nomination
from tests.factories import AgencyFactory, ExemplarFactory, HonourFactory, NominationFactory
from tests.side_doors import committing

pytestmark = pytest.mark.django_db
S = Nomination.State
CHANGELIST = "admin:exemplars_nomination_changelist"


def _action(client, action, nominations, **data):
    return client.post(reverse(CHANGELIST), {"action": action, "_selected_action": [n.pk for n in nominations], **data})


def _messages(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


# --- item 8: approving from "Đã gửi lại" ---------------------------------------------------------------
def test_approving_a_resubmitted_dossier_is_refused_before_the_decision_is_typed(staff_client, agency):
    nomination = NominationFactory(agency=agency, state=S.RESUBMITTED, nominee_name="Đỗ Thị Gửi Lại", complete=True)
    response = _action(staff_client, "approve", [nomination])
    assert response.status_code == 302  # back to the list: no decision form to fill in
    [message] = _messages(response)
    assert "Đỗ Thị Gửi Lại" in message and "“Đã gửi lại”" in message


def test_the_decision_form_lists_only_the_dossiers_that_can_be_approved(staff_client, agency):
    ready = NominationFactory(agency=agency, state=S.IN_REVIEW, nominee_name="Sẵn Sàng", complete=True)
    waiting = NominationFactory(agency=agency, state=S.RESUBMITTED, nominee_name="Chưa Nhận", complete=True)
    page = _action(staff_client, "approve", [ready, waiting])
    assert page.status_code == 200
    assert [n.pk for n in page.context["objects"]] == [ready.pk]
    assert any("Chưa Nhận" in m for m in _messages(page))


def test_a_refused_decision_comes_back_with_what_was_typed(staff_client, agency):
    # In force when the form opens; refused only by the decision's own date (a version ended on 31/12/2023).
    nomination = NominationFactory(agency=agency, state=S.IN_REVIEW, year=2023, complete=True)
    nomination.phase.start_date = dt.date(2021, 1, 1)
    nomination.phase.save()
    award = nomination.award_type
    award.valid_from, award.valid_until = dt.date(2017, 7, 31), dt.date(2023, 12, 31)
    award.save()
    typed = {"apply": "1", "number": "77/QĐ-UBND", "date": "15/01/2024", "comment": "Ghi chú đã gõ"}
    page = _action(staff_client, "approve", [nomination], **typed)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="77/QĐ-UBND"' in html and "15/01/2024" in html and "Ghi chú đã gõ" in html
    assert "không có hiệu lực vào ngày quyết định 15/01/2024" in html
    nomination.refresh_from_db()
    assert nomination.state == S.IN_REVIEW


def test_returning_a_resubmitted_dossier_is_refused_before_the_reason_is_typed(staff_client, agency):
    nomination = NominationFactory(agency=agency, state=S.RESUBMITTED, nominee_name="Lý Văn Chờ")
    response = _action(staff_client, "return_for_completion", [nomination])
    assert response.status_code == 302
    assert any("Lý Văn Chờ" in m for m in _messages(response))


# --- item 8: revoked honours on the agency's exemplar page --------------------------------------------------
def test_the_agency_exemplar_page_does_not_count_revoked_honours(client, agency, head):
    exemplar = ExemplarFactory(agency=agency, name="Điển Hình Thu Hồi")
    HonourFactory(exemplar=exemplar, year=2023)
    HonourFactory(exemplar=exemplar, year=2024, revoked_at=timezone.now(), revoked_reason="Khai man")
    client.force_login(head)
    response = client.get(reverse("agency:exemplar.list"))
    row = response.context["exemplars"][0]
    assert row.honours_in_force == 1 and row.honours_revoked == 1
    assert "1 đã thu hồi" in response.content.decode()
    assert Honour.objects.count() == 2


# --- item 6: publishing from the admin says what the public sees ---------------------------------------------
def _add_exemplar(staff_client, **publication):
    data = {
        "kind": "individual",
        "name": "Hà Thị Công Khai",
        "agency": AgencyFactory().pk,
        "published_at_0": "",
        "published_at_1": "",
        "honours-TOTAL_FORMS": "0",
        "honours-INITIAL_FORMS": "0",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        **publication,
    }
    with committing():
        return staff_client.post(reverse("admin:exemplars_exemplar_add"), data, follow=True)


def test_ticking_public_without_a_date_publishes_now_and_says_where(staff_client, client):
    response = _add_exemplar(staff_client, is_published="on")
    exemplar = Exemplar.objects.get()
    assert Exemplar.objects.published().filter(pk=exemplar.pk).exists()
    assert client.get(exemplar.get_absolute_url()).status_code == 200
    assert any("Công chúng đang thấy" in m and exemplar.get_absolute_url() in m for m in _messages(response))


def test_a_future_publication_date_is_said_to_hide_the_item_until_then(staff_client):
    later = timezone.localtime() + dt.timedelta(days=3)
    response = _add_exemplar(
        staff_client, is_published="on", published_at_0=f"{later:%d/%m/%Y}", published_at_1=f"{later:%H:%M:%S}"
    )
    assert not Exemplar.objects.published().exists()
    assert any("chưa thấy" in m and f"{later:%d/%m/%Y}" in m for m in _messages(response))


def test_an_unticked_item_is_said_to_be_hidden(staff_client):
    response = _add_exemplar(staff_client)
    assert any("Công chúng chưa thấy" in m for m in _messages(response))
