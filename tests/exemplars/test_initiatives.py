"""Issue #16, the initiative register: reuse for a second title of the same kind flagged or refused per the
award type version's rule; private files closed to other agencies; the public list shows recognised
initiatives' public fields only; a merged agency's initiatives are found under its successor."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exemplars import services
from exemplars.models import Initiative, Nomination
from exemplars.services import rules
from tests.exemplars.helpers import PDF
from tests.factories import AgencyFactory, AwardTypeFactory, MembershipFactory, NominationFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Nomination.State
DECIDED = services.Decision(number="12/QĐ-UBND", date=dt.date(2025, 12, 20), authority="Chủ tịch UBND tỉnh")


def _initiative(agency, **fields) -> Initiative:
    fields.setdefault("title", "Số hóa hồ sơ một cửa")
    fields.setdefault("authors", "Lê Văn Sáng, Phạm Thị Kiến")
    fields.setdefault("summary", "Quy trình số hóa hồ sơ tiếp nhận tại bộ phận một cửa.")
    fields.setdefault("recognition_level", Initiative.Level.BASE)
    fields.setdefault("recognised_on", dt.date(2025, 3, 1))
    return Initiative.objects.create(agency=agency, **fields)


def _two_dossiers(agency, refuses: bool):
    award = AwardTypeFactory(name="Chiến sĩ thi đua cơ sở thử", refuses_reused_initiative=refuses)
    other_version = AwardTypeFactory(name=award.name, valid_from=dt.date(2026, 1, 1), refuses_reused_initiative=refuses)
    initiative = _initiative(agency)
    first = NominationFactory(agency=agency, award_type=award, year=2025, state=S.APPROVED)
    second = NominationFactory(agency=agency, award_type=award, year=2025, state=S.IN_REVIEW, complete=True)
    first.initiatives.add(initiative)
    second.initiatives.add(initiative)
    return award, other_version, initiative, first, second


def test_initiative_reused_for_the_same_title_is_flagged_where_the_rule_does_not_refuse(agency, reviewer):
    _award, _v, _i, first, second = _two_dossiers(agency, refuses=False)
    check = next(c for c in rules.dossier_checklist(second) if c.code == "initiative")
    assert check.ok and check.warning and first.nominee_name in check.detail
    approved = services.approve_nomination(second, actor=reviewer, decision=DECIDED)
    assert approved.state == S.APPROVED


def test_initiative_reused_for_the_same_title_is_refused_where_the_rule_says_so(agency, reviewer):
    _award, _v, initiative, first, second = _two_dossiers(agency, refuses=True)
    with pytest.raises(services.WorkflowError) as info:
        services.approve_nomination(second, actor=reviewer, decision=DECIDED)
    message = " ".join(info.value.messages)
    assert "Sáng kiến làm căn cứ" in message and initiative.title in message and first.nominee_name in message
    second.refresh_from_db()
    assert second.state == S.IN_REVIEW


def test_reuse_for_another_title_or_by_a_rejected_dossier_is_not_reuse(agency, reviewer):
    award, _v, initiative, first, second = _two_dossiers(agency, refuses=True)
    Nomination.objects.filter(pk=first.pk).update(state=S.REJECTED)
    assert next(c for c in rules.dossier_checklist(second) if c.code == "initiative").ok
    other_title = NominationFactory(agency=agency, award_type=AwardTypeFactory(refuses_reused_initiative=True))
    other_title.initiatives.add(initiative)
    check = next(c for c in rules.dossier_checklist(other_title) if c.code == "initiative")
    assert check.ok and not check.warning


def test_a_later_version_of_the_same_title_counts_as_the_same_kind(agency):
    _award, later, initiative, first, _second = _two_dossiers(agency, refuses=True)
    third = NominationFactory(agency=agency, award_type=later, year=2026)
    third.initiatives.add(initiative)
    check = next(c for c in rules.dossier_checklist(third) if c.code == "initiative")
    assert not check.ok and first.nominee_name in check.detail


def test_agency_links_its_own_initiatives_only(client, agency, head, other_agency):
    nomination = NominationFactory(agency=agency)
    own, foreign = _initiative(agency), _initiative(other_agency, title="Sáng kiến đơn vị khác")
    client.force_login(head)
    url = reverse("agency:nomination.initiatives", args=[nomination.pk])
    page = client.get(url)
    assert own.title in page.content.decode() and foreign.title not in page.content.decode()
    response = client.post(url, {"initiatives": [own.pk, foreign.pk]})
    assert response.status_code == 200 and list(nomination.initiatives.all()) == []  # not a valid choice
    assert client.post(url, {"initiatives": [own.pk]}).status_code == 302
    assert list(nomination.initiatives.all()) == [own]
    assert nomination.events.filter(comment__contains=own.title).exists()
    with pytest.raises(services.NotAllowed):
        services.link_initiatives(nomination, [foreign], actor=head)


def _upload(client, initiative) -> int:
    url = reverse("agency:initiative.file.upload", args=[initiative.pk])
    response = client.post(url, {"document": SimpleUploadedFile("quyet-dinh.pdf", PDF, "application/pdf")})
    assert response.status_code == 302
    return initiative.attachments.get().pk


def test_another_agency_cannot_read_the_private_files(client, agency, head, other_head, staff_user):
    initiative = _initiative(agency, internal_notes="Ghi chú nội bộ")
    client.force_login(head)
    attachment = _upload(client, initiative)
    download = reverse("agency:initiative.file.download", args=[attachment])
    own = client.get(download)
    assert own.status_code == 200 and b"".join(own.streaming_content) == PDF
    client.force_login(other_head)
    assert client.get(download).status_code == 404
    assert client.get(reverse("agency:initiative.detail", args=[initiative.pk])).status_code == 404
    client.logout()
    assert client.get(download).status_code == 302  # to sign in
    client.force_login(staff_user)
    assert client.get(download).status_code == 200


def test_public_list_shows_recognised_initiatives_public_fields_only(client, agency, head):
    shown = _initiative(agency, internal_notes="GHICHUNOIBO", benefit="Giảm 30% thời gian xử lý")
    _initiative(agency, title="CHUACONGNHAN sáng kiến", recognition_level="", recognised_on=None)
    client.force_login(head)
    _upload(client, shown)
    client.logout()
    page = client.get(reverse("initiatives:initiative.list")).content.decode()
    assert shown.title in page and "Lê Văn Sáng" in page and "Giảm 30% thời gian" in page and "01/03/2025" in page
    assert "CHUACONGNHAN" not in page
    assert "GHICHUNOIBO" not in page
    assert "quyet-dinh.pdf" not in page  # the private file (the footer links the public /quyet-dinh/ register)


@pytest.mark.parametrize("count", [3, 12])
def test_public_list_query_count_is_fixed(client, django_assert_max_num_queries, count):
    for n in range(count):
        _initiative(AgencyFactory(), title=f"Sáng kiến {n}")
    with django_assert_max_num_queries(4):
        assert client.get(reverse("initiatives:initiative.list")).status_code == 200


@pytest.mark.parametrize("count", [3, 12])
def test_agency_list_query_count_is_fixed(client, agency, head, django_assert_max_num_queries, count):
    for n in range(count):
        _initiative(agency, title=f"Sáng kiến {n}")
    client.force_login(head)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("agency:initiative.list")).status_code == 200


def test_merged_agency_initiatives_are_found_under_its_successor(client):
    successor = AgencyFactory(active_from=dt.date(2025, 7, 1))
    merged = AgencyFactory(active_until=dt.date(2025, 6, 30), successor=successor)
    oldest = AgencyFactory(active_until=dt.date(2024, 6, 30), successor=merged)
    old_one, older_one = _initiative(merged, title="Sáng kiến cũ"), _initiative(oldest, title="Sáng kiến rất cũ")
    assert set(Initiative.objects.for_agency(successor)) == {old_one, older_one}
    member = MembershipFactory(agency=successor, role="officer", user=UserFactory()).user
    client.force_login(member)
    page = client.get(reverse("agency:initiative.list")).content.decode()
    assert "Sáng kiến cũ" in page and "Sáng kiến rất cũ" in page
    assert client.get(reverse("agency:initiative.detail", args=[old_one.pk])).status_code == 200
    nomination = NominationFactory(agency=successor)
    services.link_initiatives(nomination, [old_one], actor=member)
    assert list(nomination.initiatives.all()) == [old_one]


def test_agency_records_an_initiative_with_a_clear_error_on_bad_input(client, agency, officer):
    client.force_login(officer)
    url = reverse("agency:initiative.create")
    bad = client.post(url, {"title": "Sáng kiến X", "authors": "A", "summary": "B", "recognition_level": "base"})
    assert bad.status_code == 200 and "Sáng kiến X" in bad.content.decode()
    assert "cần có ngày công nhận" in bad.content.decode()
    good = client.post(url, {**bad.wsgi_request.POST.dict(), "recognised_on": "15/03/2025"})
    initiative = Initiative.objects.get(title="Sáng kiến X")
    assert good.status_code == 302 and initiative.agency == agency and initiative.recognised_on == dt.date(2025, 3, 15)
