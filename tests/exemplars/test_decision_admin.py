"""The admin of the decision road: its pages open, and its actions call the services (nothing typed is lost)."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from exemplars.models import AwardDecision, Consultation, CouncilSession, Honour
from tests.exemplars.decision_road import council_of, draft_decision, in_review

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [
        "procedurerule",
        "calendarday",
        "consultation",
        "consultationcomment",
        "council",
        "councilsession",
        "awarddecision",
    ],
)
def test_changelists_and_add_pages_open(admin_client, model):
    assert admin_client.get(reverse(f"admin:exemplars_{model}_changelist")).status_code == 200


def test_open_a_consultation_then_a_session_then_a_decision_from_the_admin(admin_client, admin_user):
    from movements.services import ensure_staff_group

    admin_user.groups.add(ensure_staff_group())
    nominations = in_review(2)
    changelist = reverse("admin:exemplars_nomination_changelist")
    ids = [n.pk for n in nominations]
    page = admin_client.post(changelist, {"action": "open_consultation", ACTION_CHECKBOX_NAME: ids})
    assert page.status_code == 200 and "Mở lấy ý kiến công khai" in page.content.decode()
    typed = {
        "action": "open_consultation",
        ACTION_CHECKBOX_NAME: ids,
        "apply": "1",
        "title": "Đợt thử",
        "working_days": "3",
    }
    typed["opens_on"] = timezone.localdate().strftime("%d/%m/%Y")
    refused = admin_client.post(changelist, typed)
    assert refused.status_code == 200 and "tối thiểu là 10 ngày làm việc" in refused.content.decode()
    assert "Đợt thử" in refused.content.decode()  # what was typed stays
    typed.update(working_days="", opens_on="05/01/2026")
    assert admin_client.post(changelist, typed).status_code == 302
    assert Consultation.objects.get().nominations.count() == 2

    council = council_of(3)
    session = CouncilSession.objects.create(council=council, title="Phiên họp", date=timezone.localdate())
    pick = {"action": "add_to_session", ACTION_CHECKBOX_NAME: ids, "apply": "1", "session": session.pk}
    assert admin_client.post(changelist, pick).status_code == 302
    assert session.agenda.count() == 2
    sessions = reverse("admin:exemplars_councilsession_changelist")
    admin_client.post(sessions, {"action": "open_voting", ACTION_CHECKBOX_NAME: [session.pk]})
    session.refresh_from_db()
    assert session.state == CouncilSession.State.VOTING and session.members_total == 3

    decision = draft_decision(nominations)
    decisions = reverse("admin:exemplars_awarddecision_changelist")
    admin_client.post(decisions, {"action": "issue", ACTION_CHECKBOX_NAME: [decision.pk]})
    decision.refresh_from_db()
    assert decision.state == AwardDecision.State.ISSUED and Honour.objects.count() == 2
    html = admin_client.get(reverse("admin:exemplars_awarddecision_change", args=[decision.pk])).content.decode()
    assert 'name="number"' not in html  # an issued decision is read-only
