"""No side doors on movements: the admin publishes, unpublishes and confirms leads through the services,
which log who did it and refresh the page cache, so the public sees the change on the very next request."""

import pytest
from django.urls import reverse

from movements.models import Movement
from tayninh_thidua.lib.models import PublicChange
from tests.factories import MovementFactory
from tests.side_doors import cache_hooks, change_form_data, committing, public_changes, run_action, shows, visitor, warm

pytestmark = pytest.mark.django_db

MARKER = "zqxphongtrao"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE = True


def _pages(movement: Movement) -> dict[str, str]:
    return {
        "detail": movement.get_absolute_url(),
        "list": reverse("movements:movement.list"),
        "home": reverse("home"),
        "sitemap": reverse("sitemap"),
        "api": "/api/movements/",
        "api detail": f"/api/movements/{movement.slug}/",
    }


@pytest.mark.parametrize("hooks", [True, False], ids=["with-cache-hooks", "service-alone"])
def test_unpublishing_a_movement_from_the_list_hides_it_on_the_next_request(staff_client, staff_user, hooks):
    movement = MovementFactory(name=f"Phong trào {MARKER.capitalize()} dân vận khéo")
    public = visitor()
    pages = _pages(movement)
    warm(public, pages.values())
    assert all(shows(public, url, MARKER) for url in pages.values())

    with cache_hooks(hooks):
        response = run_action(staff_client, Movement, "unpublish", [movement])

    assert response.status_code == 302
    assert public.get(pages["detail"]).status_code == 404
    assert public.get(pages["api detail"]).status_code == 404
    for name in ["list", "home", "sitemap", "api"]:
        assert not shows(public, pages[name], MARKER), name
    change = public_changes(movement).get()
    assert (change.action, change.actor) == (PublicChange.Action.UNPUBLISH, staff_user)


def test_publishing_a_movement_from_the_list_shows_it_at_once(staff_client, staff_user):
    movement = MovementFactory(name=f"Phong trào {MARKER.capitalize()} mới", is_published=False)
    public = visitor()
    pages = _pages(movement)
    assert public.get(pages["detail"]).status_code == 404
    warm(public, [pages[name] for name in ["list", "home", "sitemap", "api"]])

    run_action(staff_client, Movement, "publish", [movement])

    for name, url in pages.items():
        assert shows(public, url, MARKER), name
    assert public_changes(movement).get().action == PublicChange.Action.PUBLISH


def test_ticking_public_in_the_change_form_goes_through_the_service(staff_client, staff_user):
    movement = MovementFactory(is_published=True)
    url = reverse("admin:movements_movement_change", args=[movement.pk])
    data = change_form_data(staff_client, url)
    data["name"] = "Tên mới của phong trào"
    del data["is_published"]  # unticked
    with committing():
        response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:800]
    movement.refresh_from_db()
    assert (movement.name, movement.is_published) == ("Tên mới của phong trào", False)
    change = public_changes(movement).get()
    assert (change.action, change.actor) == (PublicChange.Action.UNPUBLISH, staff_user)


def test_confirm_lead_goes_through_the_service_and_reports_movements_without_lead(staff_client, staff_user):
    inferred = MovementFactory(lead_confirmed=False, lead_note="Suy đoán từ kế hoạch")
    no_lead = MovementFactory(name="Phong trào chưa có chủ trì", lead_agency=None, lead_confirmed=False)
    public = visitor()
    warm(public, ["/api/movements/"])

    response = run_action(staff_client, Movement, "confirm_lead", [inferred, no_lead])

    inferred.refresh_from_db()
    no_lead.refresh_from_db()
    assert (inferred.lead_confirmed, inferred.lead_note, no_lead.lead_confirmed) == (True, "", False)
    texts = [str(m) for m in response.wsgi_request._messages]
    assert "Phong trào chưa có chủ trì: Chưa có đơn vị chủ trì để xác nhận." in texts
    assert "Đã xác nhận 1 phong trào." in texts
    change = public_changes(inferred).get()
    assert (change.action, change.actor) == (PublicChange.Action.LEAD_CONFIRMED, staff_user)
    assert public.get("/api/movements/").headers.get("X-Public-Cache") is None  # rendered afresh
