import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from tayninh_thidua.lib.ratelimit import client_address
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


def test_staff_create_accounts_but_cannot_grant_superuser(client):
    client.force_login(StaffUserFactory())
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "thutruong",
            "password1": "Mat-khau-rat-dai-2025",
            "password2": "Mat-khau-rat-dai-2025",
            "usable_password": "true",
            "membership-TOTAL_FORMS": "0",
            "membership-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = get_user_model().objects.get(username="thutruong")
    change = client.get(reverse("admin:auth_user_change", args=[user.pk])).content.decode()
    assert 'name="is_staff"' in change
    assert 'name="is_superuser"' not in change and 'name="user_permissions"' not in change


def test_staff_cannot_change_a_superuser(client):
    root = get_user_model().objects.create_superuser("quantri", "qt@example.org", "Mat-khau-rat-dai-2025")
    client.force_login(StaffUserFactory())
    page = client.get(reverse("admin:auth_user_change", args=[root.pk]))
    assert page.status_code == 200 and 'name="username"' not in page.content.decode()  # read-only view
    response = client.post(
        reverse("admin:auth_user_change", args=[root.pk]), {"username": "bi-chiem", "is_superuser": "on"}
    )
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.username == "quantri"


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "10.0.0.9"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (1, "", "10.0.0.9"),
    ],
)
def test_client_address_trusts_only_our_proxies(settings, hops, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = hops
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="10.0.0.9")
    assert client_address(request) == expected
