import pytest
from django.urls import reverse

from tests.factories import PASSWORD, StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_repeated_failed_logins_are_refused_even_with_the_right_password(client, settings, url_name):
    settings.LOGIN_FAILURE_LIMIT = 3
    user = StaffUserFactory()
    url = reverse(url_name)
    for _ in range(3):
        response = client.post(url, {"username": user.username, "password": "sai-mat-khau"}, REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    response = client.post(url, {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="203.0.113.9")
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is not affected, and the typed username is kept on the refused form.
    assert f'value="{user.username}"' in response.content.decode()
    response = client.post(url, {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


def test_successful_logins_do_not_count(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    user = StaffUserFactory()
    for _ in range(4):
        client.post(reverse("login"), {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="203.0.113.10")
        assert client.session["_auth_user_id"] == str(user.pk)
        client.logout()
