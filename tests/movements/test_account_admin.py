"""Staff cannot raise their own rights or take over colleagues' accounts (issue #11, item 11).

A non-superuser staff account (the "Cán bộ thi đua – khen thưởng" group: it may add and change users) grants only
groups whose permissions it holds itself, never single permissions or superuser status, and never sets another
person's password or changes a colleague's identity: it sends a password-reset mail instead.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from tayninh_thidua.lib.models import OutgoingMail
from tests.factories import MembershipFactory, StaffUserFactory, UserFactory
from tests.html_forms import form_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins_group(db):
    """A group with more rights than the staff group: it may manage groups and delete users."""
    group = Group.objects.create(name="Quản trị hệ thống")
    group.permissions.set(Permission.objects.filter(content_type__app_label="auth"))
    return group


@pytest.fixture
def judges(db):
    return Group.objects.get_or_create(name="Giám khảo")[0]  # no permissions of its own


@pytest.fixture
def staff(staff_client, staff_user):
    return staff_client, staff_user


def _change_url(user) -> str:
    return reverse("admin:auth_user_change", args=[user.pk])


def _post_change(client, user, **changes):
    form = form_with(client.get(_change_url(user)).content.decode(), "_save")
    return client.post(_change_url(user), form.data(**changes))


def test_staff_cannot_add_themselves_to_a_stronger_group(staff, admins_group):
    client, me = staff
    groups = [str(g.pk) for g in me.groups.all()] + [str(admins_group.pk)]
    response = _post_change(client, me, groups=groups)
    assert response.status_code == 200 and "quyền mà bạn không có" in response.content.decode()
    assert not me.groups.filter(pk=admins_group.pk).exists()


def test_staff_cannot_add_anyone_to_a_stronger_group_but_may_to_a_weaker_one(staff, admins_group, judges):
    client, _me = staff
    head = MembershipFactory(role="head").user
    response = _post_change(client, head, groups=[str(admins_group.pk)])
    assert response.status_code == 200
    assert not head.groups.exists()
    response = _post_change(client, head, groups=[str(judges.pk)])
    assert response.status_code == 302
    assert list(head.groups.all()) == [judges]


def test_staff_cannot_take_away_a_group_they_could_not_grant(staff, admins_group):
    client, _me = staff
    colleague = UserFactory(is_staff=True)
    colleague.groups.add(admins_group)
    _post_change(client, colleague, groups=[])
    assert colleague.groups.filter(pk=admins_group.pk).exists()


def test_staff_cannot_make_superusers_or_grant_single_permissions(staff):
    client, _me = staff
    head = MembershipFactory(role="head").user
    strong = Permission.objects.get(codename="delete_group")
    response = _post_change(client, head, is_superuser="on", user_permissions=[str(strong.pk)], is_staff="on")
    assert response.status_code == 302
    head.refresh_from_db()
    assert not head.is_superuser and not head.user_permissions.exists()


def test_staff_cannot_set_anyone_elses_password(staff):
    client, _me = staff
    colleague = UserFactory(is_staff=True, email="dongnghiep@example.org")
    head = MembershipFactory(role="head").user
    for user in (colleague, head):
        url = reverse("admin:auth_user_password_change", args=[user.pk])
        assert client.get(url).status_code == 403
        response = client.post(url, {"password1": "MatKhauMoi#2026", "password2": "MatKhauMoi#2026"})
        assert response.status_code == 403
        user.refresh_from_db()
        assert not user.check_password("MatKhauMoi#2026")
    assert url not in client.get(_change_url(head)).content.decode()


def test_staff_cannot_redirect_a_colleagues_mail_or_lock_them_out(staff):
    client, _me = staff
    colleague = UserFactory(is_staff=True, email="dongnghiep@example.org", username="dongnghiep")
    _post_change(client, colleague, email="ke-gian@example.org", username="ke-gian", is_active=None)
    colleague.refresh_from_db()
    assert (colleague.email, colleague.username, colleague.is_active) == (
        "dongnghiep@example.org",
        "dongnghiep",
        True,
    )


def test_superuser_sets_passwords(admin_client):
    colleague = UserFactory(is_staff=True)
    url = reverse("admin:auth_user_password_change", args=[colleague.pk])
    response = admin_client.post(
        url, {"password1": "MatKhauMoi#2026", "password2": "MatKhauMoi#2026", "usable_password": "true"}
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.check_password("MatKhauMoi#2026")


def test_staff_send_a_reset_mail_instead(staff, django_capture_on_commit_callbacks):
    client, _me = staff
    colleague = UserFactory(is_staff=True, email="dongnghiep@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:auth_user_changelist"),
            {"action": "send_password_mail", "_selected_action": [colleague.pk]},
        )
    assert response.status_code == 302
    assert OutgoingMail.objects.filter(to__contains="dongnghiep@example.org").exists()


def test_a_group_editor_cannot_give_a_group_permissions_they_lack(client, admins_group):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.set(Permission.objects.filter(codename__in=["change_group", "view_group"]))
    client.force_login(editor)
    judges = Group.objects.create(name="Giám khảo")
    strong = Permission.objects.get(codename="delete_user")
    url = reverse("admin:auth_group_change", args=[judges.pk])
    response = client.post(url, {"name": "Giám khảo", "permissions": [str(strong.pk)]})
    assert response.status_code == 200
    assert not judges.permissions.exists()


def test_staff_group_members_cannot_touch_a_superuser(staff):
    client, _me = staff
    boss = UserFactory(is_staff=True, is_superuser=True)
    assert client.post(_change_url(boss), {"username": "x"}).status_code == 403
    assert StaffUserFactory().is_superuser is False
