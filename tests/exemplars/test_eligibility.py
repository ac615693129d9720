"""Issue #11, "the rules of the law, enforced": approval refuses what the award type version's rules refuse
(recipient kind, prerequisite honours, required documents, vote share, version in force on the decision date,
the signer's level), with the reasons listed; submission warns and shows what is missing."""

import datetime as dt

import pytest
from django.urls import reverse

from exemplars import services
from exemplars.models import AwardType, Honour, Nomination
from exemplars.services import rules
from tests.factories import ExemplarFactory, HonourFactory, NominationFactory, attach_documents

pytestmark = pytest.mark.django_db
S = Nomination.State
DECIDED = services.Decision(number="163/QĐ-UBND", date=dt.date(2025, 3, 20), authority="Chủ tịch UBND tỉnh")


@pytest.fixture
def awards():
    services.seed_awards()
    in_2025 = AwardType.objects.in_force_on(dt.date(2025, 3, 20))
    return {a.name: a for a in in_2025}


def _in_review(agency, award, **fields) -> Nomination:
    fields.setdefault("votes_for", 10)
    fields.setdefault("council_members", 10)
    nomination = NominationFactory(agency=agency, award_type=award, state=S.IN_REVIEW, **fields)
    return nomination


def _refused(nomination, reviewer, decision=DECIDED) -> str:
    with pytest.raises(services.WorkflowError) as info:
        services.approve_nomination(nomination, actor=reviewer, decision=decision)
    nomination.refresh_from_db()
    assert nomination.state == S.IN_REVIEW and nomination.decision_number == ""
    assert not Honour.objects.filter(nomination=nomination).exists()
    return " ".join(info.value.messages)


def test_provincial_fighter_without_three_base_titles_is_refused(agency, reviewer, awards):
    exemplar = ExemplarFactory(agency=agency)
    nomination = _in_review(agency, awards["Chiến sĩ thi đua cấp tỉnh"], exemplar=exemplar, complete=True)
    message = _refused(nomination, reviewer)
    assert "Cần 3 lần liên tục đạt “Chiến sĩ thi đua cơ sở”" in message and "Đã ghi nhận 0 lần" in message


def test_provincial_fighter_with_three_base_titles_is_approved(agency, reviewer, awards):
    exemplar = ExemplarFactory(agency=agency)
    base = AwardType.objects.filter(name="Chiến sĩ thi đua cơ sở")
    for year in (2022, 2023, 2024):
        version = base.in_force_on(dt.date(year, 12, 1)).get()
        HonourFactory(exemplar=exemplar, award_type=version, year=year, decision_date=dt.date(year, 12, 1))
    nomination = _in_review(agency, awards["Chiến sĩ thi đua cấp tỉnh"], exemplar=exemplar, complete=True)
    approved = services.approve_nomination(nomination, actor=reviewer, decision=DECIDED)
    assert approved.state == S.APPROVED and approved.honour.award_type.name == "Chiến sĩ thi đua cấp tỉnh"


def test_collective_flag_for_one_person_with_missing_documents_is_refused_with_every_reason(agency, reviewer, awards):
    flag = awards["Cờ thi đua của UBND tỉnh"]
    nomination = _in_review(agency, flag, nominee_kind="individual")
    attach_documents(nomination, ["proposal"])
    message = _refused(nomination, reviewer)
    assert "Không thể phê duyệt" in message
    assert "dành cho đối tượng “Tập thể”" in message and "là “Cá nhân”" in message
    assert "Báo cáo thành tích: Còn thiếu" in message and "Biên bản họp xét: Còn thiếu" in message
    assert "Tờ trình đề nghị" not in message  # present: not listed


def test_individual_title_for_a_collective_is_refused(agency, reviewer, awards):
    collective = ExemplarFactory(agency=agency, kind="collective", name="Tổ Toán trường THPT Thử Nghiệm")
    fighter = awards["Chiến sĩ thi đua cơ sở"]
    nomination = _in_review(agency, fighter, exemplar=collective, complete=True)
    assert "dành cho đối tượng “Cá nhân”" in _refused(nomination, reviewer)


def test_a_version_not_in_force_on_the_decision_date_is_refused(agency, reviewer, awards):
    later = AwardType.objects.get(name="Bằng khen của Chủ tịch UBND tỉnh", valid_from=dt.date(2025, 7, 1))
    nomination = _in_review(agency, later, complete=True)
    message = _refused(nomination, reviewer, services.Decision(number="9/QĐ-UBND", date=dt.date(2025, 3, 20)))
    assert "không có hiệu lực vào ngày quyết định 20/03/2025" in message
    assert "hiệu lực 01/01/2024 – 30/06/2025 (Nghị định 98/2023/NĐ-CP)" in message  # the version that applied


def test_a_base_level_award_is_not_signed_by_the_provincial_chairman(agency, reviewer, awards):
    nomination = _in_review(agency, awards["Lao động tiên tiến"], complete=True)
    assert "không do UBND tỉnh" in _refused(nomination, reviewer)
    approved = services.approve_nomination(
        nomination, actor=reviewer, decision=services.Decision(number="5/QĐ-SGDĐT", date=dt.date(2025, 3, 20))
    )
    assert approved.honour.issuing_authority == f"Giám đốc {agency.name}"


def test_the_checklist_shows_every_rule_of_the_version(agency, awards):
    nomination = NominationFactory(
        agency=agency, award_type=awards["Cờ thi đua của UBND tỉnh"], nominee_kind="individual", state=S.SUBMITTED
    )
    checks = {check.label: check.ok for check in rules.dossier_checklist(nomination)}
    assert checks["Đối tượng khen thưởng"] is False and checks["Phiên bản áp dụng"] is True
    assert checks["Tờ trình đề nghị"] is False and checks["Kết quả bỏ phiếu của hội đồng"] is True


def test_submitting_an_incomplete_dossier_warns_with_what_is_missing(client, agency, head, awards):
    nomination = NominationFactory(agency=agency, award_type=awards["Bằng khen của Chủ tịch UBND tỉnh"])
    attach_documents(nomination, ["proposal"])
    client.force_login(head)
    detail = client.get(reverse("agency:nomination.detail", args=[nomination.pk])).content.decode()
    assert "Hồ sơ chưa đạt" in detail and "Báo cáo thành tích" in detail  # said before the button is pressed
    response = client.post(reverse("agency:nomination.submit", args=[nomination.pk]), follow=True)
    nomination.refresh_from_db()
    assert nomination.state == S.SUBMITTED  # warned, not refused
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1 and "Báo cáo thành tích" in warnings[0] and "Biên bản họp xét" in warnings[0]


def test_submitting_a_complete_dossier_gives_no_warning(client, agency, head, awards):
    nomination = NominationFactory(agency=agency, award_type=awards["Bằng khen của Chủ tịch UBND tỉnh"], complete=True)
    client.force_login(head)
    response = client.post(reverse("agency:nomination.submit", args=[nomination.pk]), follow=True)
    assert not [m for m in response.context["messages"] if m.level_tag == "warning"]


def test_the_agency_form_refuses_an_award_for_the_wrong_kind_of_recipient(client, agency, head, awards):
    nomination = NominationFactory(agency=agency)
    client.force_login(head)
    response = client.post(
        reverse("agency:nomination.create"),
        {
            "nominee_name": "Lê Thị Cờ",
            "nominee_kind": "individual",
            "movement": nomination.movement.pk,
            "phase": nomination.phase.pk,
            "award_type": awards["Cờ thi đua của UBND tỉnh"].pk,
            "year": 2025,
            "achievements": "Dẫn đầu khối thi đua",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "dành cho đối tượng “Tập thể”" in html and "Lê Thị Cờ" in html
    assert Nomination.objects.count() == 1
