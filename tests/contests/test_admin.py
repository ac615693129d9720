"""No side doors in the contest admin: an entry's progress is read-only there (services change and log it),
scores, assignments and votes are view-only, and disqualification goes through a logged service."""

import pytest
from django.urls import reverse
from django.utils import timezone

from contests import services
from contests.models import Assignment, Conflict, ContestLog, Entry, Score, Vote
from tayninh_thidua.lib.workflow import NotAllowedNow
from tests.factories import EntryFactory
from tests.side_doors import change_form_data, run_action


def _entry_url(entry: Entry) -> str:
    return reverse("admin:contests_entry_change", args=[entry.pk])


def test_entry_change_form_cannot_change_stage_disqualification_or_verification(staff_client, entries):
    entry = entries[0]
    url = _entry_url(entry)
    form = staff_client.get(url).context["adminform"].form
    for field in ["stage", "disqualified", "disqualified_reason", "verification", "verification_agency", "prize"]:
        assert field not in form.fields, field

    data = change_form_data(staff_client, url)
    data.update(
        title="Tên bài đã sửa chính tả",
        stage="3",
        disqualified="on",
        disqualified_reason="Sửa tay",
        verification=Entry.Verification.CONFIRMED,
        verified_at_0="01/01/2030",
    )
    assert staff_client.post(url, data).status_code == 302

    entry.refresh_from_db()
    assert entry.title == "Tên bài đã sửa chính tả"  # the rest of the form was saved
    assert (entry.stage, entry.disqualified, entry.disqualified_reason) == (1, False, "")
    assert (entry.verification, entry.verified_at) == (Entry.Verification.PENDING, None)


def test_disqualifying_from_the_admin_asks_a_reason_then_logs_it(staff_client, staff_user, entries):
    entry = entries[0]
    form_page = run_action(staff_client, Entry, "disqualify", [entry])
    assert form_page.status_code == 200 and "Lý do" in form_page.content.decode()
    entry.refresh_from_db()
    assert not entry.disqualified

    run_action(staff_client, Entry, "disqualify", [entry], apply="1", reason="Bài đã đăng trên báo")

    entry.refresh_from_db()
    assert (entry.disqualified, entry.disqualified_reason) == (True, "Bài đã đăng trên báo")
    log = ContestLog.objects.get(entry=entry, action="entry.disqualified")
    assert (log.actor, log.comment) == (staff_user, "Bài đã đăng trên báo")
    assert not Entry.objects.eligible().filter(pk=entry.pk).exists()

    run_action(staff_client, Entry, "reinstate", [entry], apply="1", reason="Tác giả chứng minh chưa đăng")
    entry.refresh_from_db()
    assert (entry.disqualified, entry.disqualified_reason) == (False, "")
    assert ContestLog.objects.filter(entry=entry, action="entry.reinstated", actor=staff_user).exists()


def test_disqualification_refused_for_a_prize_winner_and_after_results(staff_user, edition):
    winner = EntryFactory(edition=edition, prize=edition.prize_tiers.first())
    with pytest.raises(NotAllowedNow, match="bỏ giải"):
        services.disqualify_entry(winner, actor=staff_user, reason="Đạo văn")
    other = EntryFactory(edition=edition)
    edition.results_published_at = timezone.now()
    edition.save(update_fields=["results_published_at"])
    with pytest.raises(NotAllowedNow, match="công bố"):
        services.disqualify_entry(other, actor=staff_user, reason="Đạo văn")
    with pytest.raises(NotAllowedNow, match="lý do"):
        services.reinstate_entry(other, actor=staff_user, reason=" ")
    assert not Entry.objects.filter(disqualified=True).exists()


def test_disqualification_is_for_staff_only(entries, judges):
    from tayninh_thidua.lib.workflow import NotAllowedForYou

    with pytest.raises(NotAllowedForYou):
        services.disqualify_entry(entries[0], actor=judges[0], reason="Không thích")


@pytest.fixture
def scored(prelim, entries, judges):
    services.assign_judges(prelim)
    assignment = Assignment.objects.filter(judge=judges[0]).first()
    return services.save_score(assignment, judges[0], {"content": 6, "exemplary_value": 7, "writing": 8})


def test_score_cannot_be_edited_added_or_deleted_in_the_admin(staff_client, scored):
    change = reverse("admin:contests_score_change", args=[scored.pk])
    page = staff_client.get(change)
    assert page.status_code == 200 and not page.context["has_change_permission"]  # view only
    assert staff_client.post(change, {"content": 10, "exemplary_value": 10, "writing": 10}).status_code == 403
    assert staff_client.get(reverse("admin:contests_score_add")).status_code == 403
    assert (
        staff_client.post(reverse("admin:contests_score_delete", args=[scored.pk]), {"post": "yes"}).status_code == 403
    )
    scored.refresh_from_db()
    assert scored.total == 21


def test_score_admin_refuses_even_a_superuser(admin_client, scored):
    url = reverse("admin:contests_score_change", args=[scored.pk])
    assert admin_client.post(url, {"content": 10, "exemplary_value": 10, "writing": 10}).status_code == 403
    assert Score.objects.get().total == 21


def test_assignment_cannot_be_edited_added_or_deleted_in_the_admin(staff_client, scored, judges):
    assignment = scored.assignment
    change = reverse("admin:contests_assignment_change", args=[assignment.pk])
    assert staff_client.get(change).status_code == 200
    assert staff_client.post(change, {"judge": judges[3].pk}).status_code == 403
    assert staff_client.get(reverse("admin:contests_assignment_add")).status_code == 403
    delete = reverse("admin:contests_assignment_delete", args=[assignment.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    assignment.refresh_from_db()
    assert assignment.judge == judges[0]
    changelist = staff_client.post(
        reverse("admin:contests_assignment_changelist"),
        {"action": "delete_selected", "_selected_action": [assignment.pk], "post": "yes"},
    )
    assert changelist.status_code in (200, 302) and Assignment.objects.filter(pk=assignment.pk).exists()


def test_votes_are_view_only_in_the_admin(staff_client, edition, entries):
    vote = Vote.objects.create(edition=edition, entry=entries[0], email="bandoc@example.org")
    assert staff_client.get(reverse("admin:contests_vote_change", args=[vote.pk])).status_code == 200
    assert staff_client.get(reverse("admin:contests_vote_add")).status_code == 403
    url = reverse("admin:contests_vote_change", args=[vote.pk])
    assert staff_client.post(url, {"confirmed_at_0": "01/01/2030"}).status_code == 403


def test_declared_conflict_is_not_edited_afterwards(admin_client, prelim, entries, judges):
    conflict = services.declare_conflict(judges[0], entries[0], reason="Người nhà")
    url = reverse("admin:contests_conflict_change", args=[conflict.pk])
    assert admin_client.post(url, {"judge": judges[1].pk, "entry": entries[1].pk}).status_code == 403
    assert Conflict.objects.get().judge == judges[0]


def test_entry_with_a_photo_opens_in_the_admin_and_shows_it_through_the_checked_door(staff_client, edition):
    """Issue #11 item 12: the read-only photo field asked private storage for a URL (500). The admin shows each
    photo through contests:entry.photo, the view that checks who may see it, and staff can still correct and
    disqualify the entry."""
    from contests.models import EntryPhoto
    from tests.contests.conftest import png

    entry = EntryFactory(edition=edition)
    photo = EntryPhoto.objects.create(entry=entry, image=png(), position=0)
    url = _entry_url(entry)
    page = staff_client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert photo.get_absolute_url() in content
    assert "/private" not in content and photo.image.name not in content  # no storage path leaks
    assert staff_client.get(photo.get_absolute_url()).status_code == 200

    data = change_form_data(staff_client, url)
    data["title"] = "Tên bài có ảnh đã sửa"
    assert staff_client.post(url, data).status_code == 302
    entry.refresh_from_db()
    assert entry.title == "Tên bài có ảnh đã sửa" and entry.photos.get() == photo
    run_action(staff_client, Entry, "disqualify", [entry], apply="1", reason="Ảnh không phải của tác giả")
    entry.refresh_from_db()
    assert entry.disqualified
