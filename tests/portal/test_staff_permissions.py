"""Staff pages and file doors check the permission for what they show or do, not only "is staff".

A staff account that holds only the news permissions is staff, so it passes Django's `staff_member_required`;
it must still be refused everything that is not news (issue #11, item 10).
"""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from contests import services as contest_services
from contests.models import Entry, EntryPhoto
from exemplars.models import Exemplar
from movements.services import reports
from tests.contests.conftest import png
from tests.factories import EditionFactory, EntryFactory, JudgeFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def news_editor(db):
    """Staff, with the news permissions only."""
    user = UserFactory(username="bientaptin", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__model="newsarticle"))
    return user


@pytest.fixture
def news_client(client, news_editor):
    client.force_login(news_editor)
    return client


@pytest.fixture
def contest(db):
    edition = EditionFactory()
    final = edition.final_round
    entry = EntryFactory(edition=edition, stage=final.order, verification="confirmed")
    contest_services.assign_prize(entry, edition.prize_tiers.get(rank="nhat"))  # results not published
    photo = EntryPhoto.objects.create(entry=entry, image=ContentFile(png().read(), name="anh.png"))
    return edition, entry, photo


def _refused_gets(contest, report_attachment):
    edition, entry, photo = contest
    return [
        reverse("contests:manage.edition", kwargs={"year": edition.year}),  # rankings
        reverse("agency:compliance.board"),
        reverse("agency:compliance.export"),
        reverse("agency:report.attachment.staff_download", kwargs={"attachment_pk": report_attachment.pk}),
        reverse("contests:certificate.download", kwargs={"year": edition.year, "code": entry.code}),
        photo.get_absolute_url(),
    ]


@pytest.fixture
def report_attachment(member, report_factory):
    report = report_factory(agency=member.agency)
    return reports.add_attachment(report, SimpleUploadedFile("a.pdf", b"%PDF-1.7 test\n%%EOF"), "Báo cáo", member.user)


def test_news_only_staff_cannot_read_contest_reports_or_private_files(news_client, contest, report_attachment):
    for url in _refused_gets(contest, report_attachment):
        assert news_client.get(url).status_code == 403, url


def test_news_only_staff_cannot_run_contest_actions(news_client, contest, seeded):
    from movements.models import Agency

    edition, entry, _photo = contest
    prelim = edition.rounds.order_by("order").first()
    agency = Agency.objects.first()
    posts = [
        (
            reverse("contests:entry.verification_request", kwargs={"year": edition.year, "pk": entry.pk}),
            {"agency": agency.pk},
        ),
        (
            reverse("contests:entry.verification_record", kwargs={"year": edition.year, "pk": entry.pk}),
            {"confirmed": "0"},
        ),
        (reverse("contests:round.assign", kwargs={"pk": prelim.pk}), {}),
        (reverse("contests:round.advance", kwargs={"pk": prelim.pk}), {}),
        (reverse("contests:entry.exemplar", kwargs={"year": edition.year, "pk": entry.pk}), {}),
        (reverse("contests:entry.prize", kwargs={"year": edition.year, "pk": entry.pk}), {"tier": ""}),
        (reverse("contests:edition.publish", kwargs={"year": edition.year}), {}),
    ]
    for url, data in posts:
        assert news_client.post(url, data).status_code == 403, url
    entry.refresh_from_db()
    assert entry.verification == Entry.Verification.CONFIRMED and entry.prize_id and entry.exemplar_id is None
    assert not Exemplar.objects.exists() and not prelim.assignments.exists()
    assert not edition.log.exclude(action="entry.prize").exists()


def test_staff_group_still_reaches_every_door(client, contest, report_attachment):
    client.force_login(StaffUserFactory())
    for url in _refused_gets(contest, report_attachment):
        assert client.get(url).status_code == 200, url


def test_news_only_staff_cannot_run_contest_admin_actions(news_client, contest):
    edition, _entry, _photo = contest
    prelim = edition.rounds.order_by("order").first()
    # The change list itself is closed to this account, and so are its actions.
    response = news_client.post(
        "/admin/contests/edition/", {"action": "assign_judges", "_selected_action": [edition.pk]}
    )
    assert response.status_code == 403
    assert not prelim.assignments.exists()


def test_view_only_staff_cannot_run_edition_actions(client, contest):
    edition, _entry, _photo = contest
    prelim = edition.rounds.order_by("order").first()
    JudgeFactory(), JudgeFactory()
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.set(
        Permission.objects.filter(content_type__app_label="contests", codename__startswith="view_")
    )
    client.force_login(viewer)
    response = client.post("/admin/contests/edition/", {"action": "assign_judges", "_selected_action": [edition.pk]})
    assert response.status_code in (200, 302)
    assert not prelim.assignments.exists()


def test_exemplar_from_entry_needs_the_exemplar_permission(client, contest):
    """Changing contest entries is not enough to create exemplars."""
    edition, entry, _photo = contest
    contest_staff = UserFactory(is_staff=True)
    contest_staff.user_permissions.set(Permission.objects.filter(content_type__app_label="contests"))
    client.force_login(contest_staff)
    url = reverse("contests:entry.exemplar", kwargs={"year": edition.year, "pk": entry.pk})
    assert client.post(url).status_code == 403
    response = client.post("/admin/contests/entry/", {"action": "make_exemplar", "_selected_action": [entry.pk]})
    assert response.status_code in (200, 302)
    assert not Exemplar.objects.exists()


def _patterns(resolver: URLResolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_every_staff_view_names_its_permissions():
    """A new staff view cannot forget: every view of a `views/staff.py` carries `staff_permission_required`."""
    staff_views = [(route, view) for route, view in _patterns(get_resolver()) if view.__module__.endswith(".staff")]
    assert len(staff_views) >= 11
    for route, view in staff_views:
        assert getattr(view, "required_permissions", None), route


def test_news_only_staff_cannot_accept_a_report_or_read_dossiers(news_editor, member, report_factory):
    from exemplars.access import nominations_visible_to
    from movements.models import ReviewReport
    from tayninh_thidua.lib.workflow import NotAllowedForYou
    from tests.factories import NominationFactory

    report = report_factory(agency=member.agency, state=ReviewReport.State.SUBMITTED)
    with pytest.raises(NotAllowedForYou):
        reports.accept_report(report, news_editor)
    NominationFactory()
    assert not nominations_visible_to(news_editor).exists()
    assert reports.accept_report(report, StaffUserFactory()).state == ReviewReport.State.ACCEPTED
