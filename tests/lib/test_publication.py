"""The one publication door (`tayninh_thidua.lib.publication`), its log, and the admin bulk-action helper."""

import pytest
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.urls import reverse

from movements import services as movement_services
from movements.models import Movement
from tayninh_thidua.lib.admin import run_service_per_object
from tayninh_thidua.lib.models import PublicChange
from tayninh_thidua.lib.pagecache import public_cache_version
from tayninh_thidua.lib.publication import set_published
from tayninh_thidua.lib.workflow import NotAllowedForYou, NotAllowedNow
from tests.factories import MovementFactory, NewsArticleFactory
from tests.side_doors import committing, public_changes, without_cache_hooks

pytestmark = pytest.mark.django_db


def test_the_page_cache_is_refreshed_once_the_change_commits_not_before(staff_user):
    movement = MovementFactory()
    before = public_cache_version()
    with without_cache_hooks(), committing() as callbacks:
        movement_services.unpublish_movement(movement, actor=staff_user)
        assert public_cache_version() == before  # a page rendered now must not be cached as fresh
    assert len(callbacks) == 1
    assert public_cache_version() != before


def test_already_so_changes_nothing_and_logs_nothing(staff_user):
    movement = MovementFactory(is_published=True)
    with committing() as callbacks:
        movement_services.publish_movement(movement, actor=staff_user)
    assert callbacks == [] and not PublicChange.objects.exists()


def test_the_log_names_the_object_and_survives_its_deletion(staff_user):
    article = NewsArticleFactory(title="Tin sẽ bị xoá", is_published=False, published_at=None)
    set_published(article, actor=staff_user, published=True, comment="Duyệt đăng")
    change = public_changes(article).get()
    assert (change.object_repr, change.comment, change.target) == ("Tin sẽ bị xoá", "Duyệt đăng", article)
    assert "Công khai: Tin sẽ bị xoá" in str(change)
    article.delete()
    assert PublicChange.objects.get().object_repr == "Tin sẽ bị xoá"


def test_the_callers_object_follows_the_change(staff_user):
    article = NewsArticleFactory(is_published=False, published_at=None)
    set_published(article, actor=staff_user, published=True)
    assert article.is_published and article.published_at is not None


def test_no_actor_no_change(db):
    movement = MovementFactory()
    with pytest.raises(NotAllowedForYou):
        movement_services.unpublish_movement(movement, actor=None)
    assert Movement.objects.get().is_published


def _request(user):
    request = RequestFactory().post("/admin/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_bulk_action_helper_reports_each_refusal_by_name_then_the_count(staff_user):
    rows = [MovementFactory(name=f"Phong trào {n}") for n in range(4)]
    outcomes = {
        rows[1].pk: NotAllowedNow("Chưa đủ điều kiện."),
        rows[2].pk: NotAllowedForYou(),
        rows[3].pk: ValidationError(["Thiếu A.", "Thiếu B."]),
    }

    def call(obj):
        if obj.pk in outcomes:
            raise outcomes[obj.pk]

    request = _request(staff_user)
    model_admin = admin.site._registry[Movement]
    done = run_service_per_object(model_admin, request, Movement.objects.order_by("pk"), call, "Xong %(count)s mục.")

    assert done == 1
    assert [str(m) for m in request._messages] == [
        "Phong trào 1: Chưa đủ điều kiện.",
        "Phong trào 2: Bạn không có quyền thực hiện thao tác này.",
        "Phong trào 3: Thiếu A. Thiếu B.",
        "Xong 1 mục.",
    ]
    assert issubclass(NotAllowedForYou, PermissionDenied)


def test_public_change_log_is_read_only_for_staff(staff_client, staff_user):
    MovementFactory(name="Phong trào có nhật ký")
    movement_services.unpublish_movement(Movement.objects.get(), actor=staff_user)
    change = PublicChange.objects.get()
    changelist = staff_client.get(reverse("admin:sitelib_publicchange_changelist"))
    assert changelist.status_code == 200 and "Phong trào có nhật ký" in changelist.content.decode()
    assert staff_client.get(reverse("admin:sitelib_publicchange_add")).status_code == 403
    url = reverse("admin:sitelib_publicchange_change", args=[change.pk])
    assert staff_client.post(url, {"comment": "Sửa nhật ký"}).status_code == 403
    assert staff_client.post(reverse("admin:sitelib_publicchange_delete", args=[change.pk])).status_code == 403
