from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from contests import services
from contests.models import Assignment, Conflict, Score
from tests.contests.conftest import png
from tests.factories import EntryFactory, JudgeFactory, UserFactory

pytestmark = pytest.mark.django_db

PRIVATE = ("author_name", "author_email", "author_phone", "author_address", "author_workplace")


def test_assignment_spreads_evenly_with_two_judges_per_entry(prelim, entries, judges):
    created = services.assign_judges(prelim)
    assert created == 12
    per_entry = Counter(Assignment.objects.values_list("entry_id", flat=True))
    assert set(per_entry.values()) == {2}
    load = Counter(Assignment.objects.values_list("judge_id", flat=True))
    assert max(load.values()) - min(load.values()) <= 1 and len(load) == 4
    assert services.assign_judges(prelim) == 0  # idempotent


def test_per_entry_is_never_below_two(prelim, entries, judges):
    services.assign_judges(prelim, per_entry=1)
    assert set(Counter(Assignment.objects.values_list("entry_id", flat=True)).values()) == {2}


def test_declared_conflicts_are_never_assigned(prelim, entries, judges):
    Conflict.objects.create(judge=judges[0], entry=entries[0])
    Conflict.objects.create(judge=judges[1], entry=entries[0])
    services.assign_judges(prelim, per_entry=2)
    assigned = set(Assignment.objects.filter(entry=entries[0]).values_list("judge_id", flat=True))
    assert assigned == {judges[2].pk, judges[3].pk}


def test_assignment_refused_without_enough_judges(prelim, entries):
    JudgeFactory()
    with pytest.raises(ValidationError, match="ít nhất 2 giám khảo"):
        services.assign_judges(prelim)


def test_assignment_refused_when_conflicts_leave_too_few(prelim, entries, judges):
    for judge in judges[:3]:
        Conflict.objects.create(judge=judge, entry=entries[1])
    with pytest.raises(ValidationError, match=entries[1].code):
        services.assign_judges(prelim)


def test_judge_declares_conflict_and_loses_the_assignment(client, prelim, entries, judges):
    services.assign_judges(prelim)
    assignment = Assignment.objects.filter(judge=judges[0]).first()
    client.force_login(judges[0])
    response = client.post(f"/giam-khao/cham/{assignment.pk}/xung-dot/", {"reason": "Là người nhà tác giả"})
    assert response.status_code == 302
    assert Conflict.objects.filter(judge=judges[0], entry=assignment.entry).exists()
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    services.assign_judges(prelim)  # re-fill: another judge takes it
    assert judges[0].pk not in Assignment.objects.filter(entry=assignment.entry).values_list("judge_id", flat=True)
    assert Assignment.objects.filter(entry=assignment.entry).count() == 2


def test_judge_cannot_open_or_score_an_unassigned_entry(client, prelim, entries, judges):
    services.assign_judges(prelim)
    other = Assignment.objects.exclude(judge=judges[0]).exclude(entry__assignments__judge=judges[0]).first()
    client.force_login(judges[0])
    assert client.get(f"/giam-khao/cham/{other.pk}/").status_code == 404
    score = {"content": 9, "exemplary_value": 9, "writing": 9}
    assert client.post(f"/giam-khao/cham/{other.pk}/", score).status_code == 404
    assert client.post(f"/giam-khao/cham/{other.pk}/xung-dot/").status_code == 404
    assert not Score.objects.exists()


def test_judge_pages_need_the_judges_group(client, prelim, entries):
    client.force_login(UserFactory())
    assert client.get("/giam-khao/").status_code == 403
    client.logout()
    assert client.get("/giam-khao/").status_code == 302


def test_judging_is_blind_on_every_judge_reachable_response(client, edition, prelim, judges):
    entry = EntryFactory(edition=edition)
    entry.photos.create(image=png(), position=0)
    services.assign_judges(prelim, judge_list=judges[:2])
    assignment = Assignment.objects.filter(entry=entry, judge=judges[0]).get()
    client.force_login(judges[0])
    base = f"/giam-khao/cham/{assignment.pk}/"
    responses = [
        client.get("/giam-khao/"),
        client.get(base),
        client.post(base, {"content": 11, "exemplary_value": 5, "writing": 5}),  # invalid: form redisplayed
        client.post(base, {"content": 8, "exemplary_value": 9, "writing": 7, "comment": "Cảm động"}, follow=True),
        client.get(base),
        client.post(f"{base}xung-dot/", {"reason": "quen"}, follow=True),
        client.get(f"/cuoc-thi/{edition.year}/bai/{entry.code}/"),  # public winner page: 404 before publication
        client.get("/admin/contests/entry/"),  # not staff: sent to the login page
    ]
    for response in responses:
        content = response.content.decode()
        for field in PRIVATE:
            assert getattr(entry, field) not in content, (field, response.request["PATH_INFO"])
    assert responses[1].status_code == 200 and entry.title in responses[1].content.decode()


def test_score_validation(client, prelim, entries, judges):
    services.assign_judges(prelim)
    assignment = Assignment.objects.filter(judge=judges[0]).first()
    client.force_login(judges[0])
    url = f"/giam-khao/cham/{assignment.pk}/"
    for bad in (
        {"content": 11, "exemplary_value": 5, "writing": 5},
        {"content": -1, "exemplary_value": 5, "writing": 5},
        {"content": "", "exemplary_value": 5, "writing": 5},
    ):
        assert client.post(url, bad).status_code == 200
    assert not Score.objects.exists()
    assert client.post(url, {"content": 10, "exemplary_value": 0, "writing": 7}).status_code == 302
    assert Score.objects.get().total == 17
    with pytest.raises(ValidationError):
        services.save_score(assignment, judges[0], {"content": 12, "exemplary_value": 1, "writing": 1})
    with pytest.raises(ValidationError):
        services.save_score(assignment, judges[1], {"content": 1, "exemplary_value": 1, "writing": 1})


def test_scores_are_frozen_once_the_round_has_advanced(prelim, entries, judges):
    services.assign_judges(prelim)
    assignment = Assignment.objects.filter(judge=judges[0]).first()
    services.save_score(assignment, judges[0], {"content": 5, "exemplary_value": 5, "writing": 5})
    services.advance_top(prelim, count=1)
    with pytest.raises(ValidationError, match="khép lại"):
        services.save_score(assignment, judges[0], {"content": 9, "exemplary_value": 9, "writing": 9})


def test_judge_list_query_count_does_not_grow(client, django_assert_max_num_queries, edition, prelim, judges):
    for _ in range(2):
        EntryFactory(edition=edition)
    services.assign_judges(prelim, judge_list=judges[:2])
    client.force_login(judges[0])
    with django_assert_max_num_queries(8):
        client.get("/giam-khao/")
    for _ in range(10):
        EntryFactory(edition=edition)
    services.assign_judges(prelim, judge_list=judges[:2])
    with django_assert_max_num_queries(8):
        assert client.get("/giam-khao/").status_code == 200


def test_no_assignment_in_a_closed_round(prelim, entries, judges):
    services.assign_judges(prelim)
    first = Assignment.objects.first()
    services.save_score(first, first.judge, {"content": 5, "exemplary_value": 5, "writing": 5})
    services.advance_top(prelim, count=1)  # a round closes once something scored has advanced
    with pytest.raises(ValidationError, match="khép lại"):
        services.assign_judges(prelim)


def test_conflict_declared_after_scoring_withdraws_the_score(prelim, entries, judges):
    services.assign_judges(prelim)
    assignment = Assignment.objects.filter(judge=judges[0]).first()
    services.save_score(assignment, judges[0], {"content": 10, "exemplary_value": 10, "writing": 10})
    services.declare_conflict(judges[0], assignment.entry, reason="Người nhà")
    assert not Score.objects.exists()


def test_conflict_recorded_by_staff_in_admin_withdraws_the_judge(admin_client, prelim, entries, judges):
    services.assign_judges(prelim)
    assignment = Assignment.objects.filter(judge=judges[1]).first()
    response = admin_client.post(
        "/admin/contests/conflict/add/", {"judge": judges[1].pk, "entry": assignment.entry.pk, "reason": "Đồng nghiệp"}
    )
    assert response.status_code == 302
    assert Conflict.objects.filter(judge=judges[1], entry=assignment.entry).exists()
    assert not Assignment.objects.filter(pk=assignment.pk).exists()


def test_judges_group_exists_from_the_seed_before_any_assignment(admin_client, db):
    """Issue #11 item 18: staff must be able to put an intended judge in "Giám khảo" before the first
    assignment, so the group is created with the other groups (seed_plan), not by assign_judges."""
    from django.contrib.auth.models import Group

    from movements.audiences import JUDGES_GROUP_NAME
    from movements.services import seed_plan
    from tests.factories import UserFactory

    assert not Group.objects.filter(name=JUDGES_GROUP_NAME).exists()
    seed_plan()
    group = Group.objects.get(name=JUDGES_GROUP_NAME)
    assert not Assignment.objects.exists()

    user = UserFactory()
    form = admin_client.get(f"/admin/auth/user/{user.pk}/change/").context["adminform"].form
    assert group in form.fields["groups"].queryset
    seed_plan()  # idempotent
    assert Group.objects.filter(name=JUDGES_GROUP_NAME).count() == 1


def _notices(judge):
    from tayninh_thidua.lib.models import OutgoingMail

    return OutgoingMail.objects.filter(kind="contest-assignment", to=judge.email)


def test_conflict_hands_the_entry_to_a_free_judge_who_is_told(client, prelim, entries, judges):
    """Issue #11 item 8: the judge is promised a reassignment: it happens, in the same step, and the new judge
    gets a notice (item 30)."""
    from contests.models import ContestLog

    services.assign_judges(prelim)
    assignment = Assignment.objects.filter(judge=judges[0]).first()
    entry = assignment.entry
    before = {j.pk: _notices(j).count() for j in judges}
    client.force_login(judges[0])
    response = client.post(f"/giam-khao/cham/{assignment.pk}/xung-dot/", {"reason": "Người nhà"}, follow=True)
    assert "đã được giao cho giám khảo khác" in response.content.decode()
    assigned = set(Assignment.objects.filter(round=prelim, entry=entry).values_list("judge_id", flat=True))
    assert len(assigned) == 2 and judges[0].pk not in assigned
    (replacement,) = [j for j in judges if j.pk in assigned and _notices(j).count() == before[j.pk] + 1]
    notice = _notices(replacement).latest("pk")
    assert entry.code in notice.body and "/giam-khao/" in notice.body
    assert entry.author_name not in notice.body  # blind: the notice names no author
    log = ContestLog.objects.get(action=ContestLog.Action.JUDGE_REPLACED, entry=entry)
    assert log.actor == judges[0]


def test_conflict_with_no_free_judge_is_flagged_for_staff(staff_client, prelim, entries, judges):
    from django.test import Client

    from contests.models import ContestLog

    services.assign_judges(prelim, judge_list=judges[:2])
    for judge in judges[2:]:
        judge.groups.clear()  # only two judges left in the group
    assignment = Assignment.objects.filter(judge=judges[0]).first()
    client = Client()
    client.force_login(judges[0])
    response = client.post(f"/giam-khao/cham/{assignment.pk}/xung-dot/", {"reason": "Quen tác giả"}, follow=True)
    content = response.content.decode()
    assert "giao cho giám khảo khác" not in content and "Ban Tổ chức" in content
    assert Assignment.objects.filter(round=prelim, entry=assignment.entry).count() == 1
    assert ContestLog.objects.filter(action=ContestLog.Action.JUDGE_NEEDED, entry=assignment.entry).exists()
    page = staff_client.get(f"/cuoc-thi/quan-ly/{prelim.edition.year}/").content.decode()
    assert "Bài cần thêm giám khảo" in page and assignment.entry.code in page


def test_rank_resting_on_fewer_scores_than_required_is_warned(staff_client, prelim, entries, judges):
    from contests.services.ranking import rank_round

    services.assign_judges(prelim, per_entry=3)
    prelim.refresh_from_db()
    assert prelim.judges_per_entry == 3
    entry = entries[0]
    for assignment in Assignment.objects.filter(entry=entry)[:1]:
        services.save_score(assignment, assignment.judge, {"content": 9, "exemplary_value": 9, "writing": 9})
    row = next(r for r in rank_round(prelim) if r.entry == entry)
    assert row.position == 1 and (row.required, row.missing_scores) == (3, 2)
    page = staff_client.get(f"/cuoc-thi/quan-ly/{prelim.edition.year}/").content.decode()
    assert "Thiếu điểm" in page and "1/3" in page
    response = staff_client.post(f"/cuoc-thi/quan-ly/vong/{prelim.pk}/chon-vao-vong-sau/", {"count": 1}, follow=True)
    warnings = " ".join(str(m) for m in response.context["messages"])
    assert entry.code in warnings and "ít hơn" in warnings


def test_each_judge_is_told_of_new_assignments_once(prelim, entries, judges, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        services.assign_judges(prelim)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(j.email for j in judges)
    body = next(m.body for m in mail.outbox if m.to == [judges[0].email])
    assert "3 bài" in body and "Sơ khảo" in body and prelim.ends_on.strftime("%d/%m/%Y") in body
    assert not any(e.author_name in body or e.author_email in body for e in entries)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.assign_judges(prelim) == 0
    assert len(mail.outbox) == len(judges)  # nothing new, nothing sent
