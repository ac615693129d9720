"""No side doors on exemplars, exchanges and nominations: the admin publishes and unpublishes through the
services (logged, cache refreshed), and history cannot be reverted over the workflow."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from exemplars.models import ExchangeEvent, Exemplar, Nomination
from tayninh_thidua.lib.models import PublicChange
from tests.factories import EventPhotoFactory, ExchangeEventFactory, ExemplarFactory, HonourFactory, NominationFactory
from tests.side_doors import (
    cache_hooks,
    change_form_data,
    committing,
    public_changes,
    run_action,
    shows,
    visitor,
    warm,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE = True


# --- exemplars ---------------------------------------------------------------------------------------
EXEMPLAR = "zqxdienhinh"


def _exemplar_pages(exemplar: Exemplar) -> dict[str, str]:
    return {
        "detail": exemplar.get_absolute_url(),
        "directory": reverse("exemplars:exemplar.list"),
        "search": f"{reverse('exemplars:exemplar.list')}?q={EXEMPLAR}",
        "home": reverse("home"),
        "rss": reverse("portal:feed.exemplars.rss"),
        "atom": reverse("portal:feed.exemplars.atom"),
        "sitemap": reverse("sitemap"),
        "api": "/api/exemplars/",
        "api honours": "/api/honours/",
        "api detail": f"/api/exemplars/{exemplar.slug}/",
    }


@pytest.mark.parametrize("hooks", [True, False], ids=["with-cache-hooks", "service-alone"])
def test_unpublishing_an_exemplar_from_the_list_hides_it_on_the_next_request(staff_client, staff_user, hooks):
    exemplar = ExemplarFactory(name=f"Nguyễn Văn {EXEMPLAR.capitalize()}")
    HonourFactory(exemplar=exemplar)
    public = visitor()
    pages = _exemplar_pages(exemplar)
    warm(public, pages.values())
    assert all(shows(public, url, exemplar.slug) for url in pages.values())

    with cache_hooks(hooks):
        response = run_action(staff_client, Exemplar, "unpublish", [exemplar])

    assert response.status_code == 302
    assert public.get(pages.pop("detail")).status_code == 404
    assert public.get(pages.pop("api detail")).status_code == 404
    for name, url in pages.items():
        assert not shows(public, url, exemplar.slug), name  # the slug: the search page repeats the query
    change = public_changes(exemplar).get()
    assert (change.action, change.actor) == (PublicChange.Action.UNPUBLISH, staff_user)
    exemplar.refresh_from_db()
    assert exemplar.published_at is not None  # kept: publishing again shows the first date


def test_publishing_an_exemplar_from_the_list_shows_it_at_once_with_a_date(staff_client, staff_user):
    exemplar = ExemplarFactory(name=f"Trần Thị {EXEMPLAR.capitalize()}", is_published=False, published_at=None)
    HonourFactory(exemplar=exemplar)
    public = visitor()
    pages = _exemplar_pages(exemplar)
    assert public.get(pages["detail"]).status_code == 404
    warm(public, [url for name, url in pages.items() if "detail" not in name])

    before = timezone.now()
    run_action(staff_client, Exemplar, "publish", [exemplar])

    for name, url in pages.items():
        assert shows(public, url, exemplar.slug), name
    exemplar.refresh_from_db()
    assert exemplar.is_published and before <= exemplar.published_at <= timezone.now()
    change = public_changes(exemplar).get()
    assert (change.action, change.actor) == (PublicChange.Action.PUBLISH, staff_user)


def test_publishing_keeps_an_earlier_publication_date_and_logs_nothing_when_already_public(staff_client):
    first = timezone.now() - dt.timedelta(days=40)
    returning = ExemplarFactory(is_published=False, published_at=first)
    public = ExemplarFactory()
    response = run_action(staff_client, Exemplar, "publish", [returning, public])
    returning.refresh_from_db()
    assert returning.is_published and returning.published_at == first
    assert public_changes(returning).count() == 1 and not public_changes(public).exists()
    assert "Đã công khai 2 mục." in [str(m) for m in response.wsgi_request._messages]


def test_ticking_public_in_the_exemplar_form_publishes_through_the_service(staff_client, staff_user):
    exemplar = ExemplarFactory(is_published=False, published_at=None)
    url = reverse("admin:exemplars_exemplar_change", args=[exemplar.pk])
    data = change_form_data(staff_client, url)
    data["is_published"] = "on"
    with committing():
        response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    exemplar.refresh_from_db()
    assert exemplar.is_published and exemplar.published_at is not None
    assert public_changes(exemplar).get().actor == staff_user
    # The change page shows the log.
    assert "Nhật ký công khai" in staff_client.get(url).content.decode()


def test_editing_a_public_exemplar_without_touching_publication_logs_nothing(staff_client):
    exemplar = ExemplarFactory()
    url = reverse("admin:exemplars_exemplar_change", args=[exemplar.pk])
    data = change_form_data(staff_client, url)
    data["summary"] = "Tóm tắt đã sửa."
    assert staff_client.post(url, data).status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.summary == "Tóm tắt đã sửa." and exemplar.is_published
    assert not public_changes(exemplar).exists()


def test_publication_refused_to_staff_without_change_permission(client, staff_user):
    from django.contrib.auth.models import Permission

    from exemplars import services
    from tayninh_thidua.lib.workflow import NotAllowedForYou

    exemplar = ExemplarFactory()
    staff_user.groups.clear()
    staff_user.user_permissions.add(Permission.objects.get(codename="view_exemplar"))
    with pytest.raises(NotAllowedForYou):
        services.unpublish_exemplar(exemplar, actor=staff_user)
    exemplar.refresh_from_db()
    assert exemplar.is_published and not public_changes(exemplar).exists()


# --- exchanges --------------------------------------------------------------------------------------
EXCHANGE = "zqxgiaoluu"


@pytest.mark.parametrize("hooks", [True, False], ids=["with-cache-hooks", "service-alone"])
def test_unpublishing_an_exchange_from_the_list_hides_it_and_its_photos(staff_client, staff_user, hooks):
    event = ExchangeEventFactory(title=f"Giao lưu {EXCHANGE.capitalize()} điển hình")
    photo = EventPhotoFactory(event=event, alt_text=f"Ảnh {EXCHANGE} hội trường")
    public = visitor()
    pages = {
        "detail": event.get_absolute_url(),
        "list": reverse("exchanges:event.list"),
        "gallery": reverse("exchanges:gallery"),
        "home": reverse("home"),
        "sitemap": reverse("sitemap"),
    }
    warm(public, pages.values())
    assert all(shows(public, url, EXCHANGE) for url in pages.values())

    with cache_hooks(hooks):
        run_action(staff_client, ExchangeEvent, "unpublish", [event])

    assert public.get(pages.pop("detail")).status_code == 404
    for name, url in pages.items():
        assert not shows(public, url, EXCHANGE), name
    assert photo.image.name not in public.get(reverse("exchanges:gallery")).content.decode()
    change = public_changes(event).get()
    assert (change.action, change.actor) == (PublicChange.Action.UNPUBLISH, staff_user)


def test_publishing_an_exchange_from_the_list_shows_it_at_once(staff_client, staff_user):
    event = ExchangeEventFactory(title=f"Giao lưu {EXCHANGE.capitalize()} sắp tới", is_published=False)
    public = visitor()
    assert public.get(event.get_absolute_url()).status_code == 404
    warm(public, [reverse("exchanges:event.list"), reverse("sitemap")])

    run_action(staff_client, ExchangeEvent, "publish", [event])

    for url in [event.get_absolute_url(), reverse("exchanges:event.list"), reverse("sitemap")]:
        assert shows(public, url, EXCHANGE), url
    assert public_changes(event).get().action == PublicChange.Action.PUBLISH


# --- history without revert -------------------------------------------------------------------------
def _history_form(model_name: str, obj, version) -> str:
    return reverse(f"admin:exemplars_{model_name}_simple_history", args=[obj.pk, version.history_id])


def test_nomination_history_is_viewable_but_cannot_be_reverted(staff_client):
    nomination = NominationFactory(nominee_name="Tên ban đầu", state=Nomination.State.SUBMITTED)
    first = nomination.history.earliest()
    nomination.nominee_name = "Tên hiện tại"
    nomination.state = Nomination.State.IN_REVIEW
    nomination.save()
    url = _history_form("nomination", nomination, first)

    page = staff_client.get(url)
    assert page.status_code == 200 and page.context["revert_disabled"] is True
    data = change_form_data(staff_client, url)
    assert data["nominee_name"] == "Tên ban đầu"

    assert staff_client.post(url, data).status_code == 403
    nomination.refresh_from_db()
    assert (nomination.nominee_name, nomination.state) == ("Tên hiện tại", Nomination.State.IN_REVIEW)


def test_exemplar_history_cannot_bring_back_an_unpublished_exemplar(staff_client, staff_user):
    exemplar = ExemplarFactory()
    published_version = exemplar.history.earliest()
    run_action(staff_client, Exemplar, "unpublish", [exemplar])
    url = _history_form("exemplar", exemplar, published_version)
    data = change_form_data(staff_client, url)
    assert staff_client.post(url, data).status_code == 403
    exemplar.refresh_from_db()
    assert not exemplar.is_published


def test_an_approved_nomination_cannot_be_reverted_to_draft_from_its_history(staff_client, reviewer, client):
    """The audit's case: "Revert" set an approved nomination back to draft, erased the decision, wrote no event
    and left the honour public. Now the revert is refused and nothing moves."""
    from exemplars import services

    nomination = NominationFactory(state=Nomination.State.IN_REVIEW, complete=True)
    draft_version = nomination.history.earliest()
    decision = services.Decision(number="12/QĐ-UBND", date=dt.date(2025, 11, 3), publish=True)
    exemplar = services.approve_nomination(nomination, actor=reviewer, decision=decision).exemplar
    nomination.refresh_from_db()
    events_before = nomination.events.count()
    url = _history_form("nomination", nomination, draft_version)

    assert staff_client.post(url, change_form_data(staff_client, url)).status_code == 403
    nomination.refresh_from_db()
    assert nomination.state == Nomination.State.APPROVED
    assert nomination.honour.decision_number == "12/QĐ-UBND"
    assert nomination.events.count() == events_before
    assert client.get(exemplar.get_absolute_url()).status_code == 200


# --- publication from the nomination workflow ---------------------------------------------------------
def test_approval_that_publishes_goes_through_the_door_and_logs_the_reviewer(agency, reviewer):
    from exemplars import services

    nomination = NominationFactory(agency=agency, state=Nomination.State.IN_REVIEW, complete=True)
    decision = services.Decision(number="12/QĐ-UBND", date=dt.date(2025, 11, 3), publish=True)
    exemplar = services.approve_nomination(nomination, actor=reviewer, decision=decision).exemplar
    change = public_changes(exemplar).get()
    assert (change.action, change.actor) == (PublicChange.Action.PUBLISH, reviewer)
    assert exemplar.published_at is not None
