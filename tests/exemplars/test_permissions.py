"""The permission matrix: two agencies, every agency URL and file URL, every kind of visitor."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from exemplars.models import NominationAttachment
from tests.factories import ExemplarFactory, MembershipFactory, NominationFactory, StaffUserFactory, UserFactory

from .helpers import PDF, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(agency):
    nomination = NominationFactory(agency=agency, nominee_name="Hồ sơ riêng của đơn vị A")
    nomination.nominee_portrait.save("p.png", ContentFile(png()))
    attachment = NominationAttachment.objects.create(
        nomination=nomination,
        document_type="proposal",
        file=ContentFile(PDF, name="x.pdf"),
        original_name="to-trinh.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    return nomination, attachment


def _object_urls(nomination, attachment):
    """(method, url) for every URL that names one of agency A's objects."""
    pk = nomination.pk
    return [
        ("get", reverse("agency:nomination.detail", args=[pk])),
        ("get", reverse("agency:nomination.edit", args=[pk])),
        ("post", reverse("agency:nomination.edit", args=[pk])),
        ("post", reverse("agency:nomination.submit", args=[pk])),
        ("post", reverse("agency:nomination.resubmit", args=[pk])),
        ("post", reverse("agency:attachment.upload", args=[pk])),
        ("post", reverse("agency:attachment.delete", args=[pk, attachment.pk])),
        ("get", reverse("agency:nomination.portrait", args=[pk])),
        ("get", reverse("agency:attachment.download", args=[attachment.pk])),
    ]


AGENCY_PAGES = ["agency:dashboard", "agency:nomination.create", "agency:exemplar.list"]


def test_other_agency_gets_404_for_every_object_url(client, dossier, other_head):
    client.force_login(other_head)
    for method, url in _object_urls(*dossier):
        assert getattr(client, method)(url).status_code == 404, (method, url)
    nomination, attachment = dossier
    nomination.refresh_from_db()
    assert nomination.state == "draft" and NominationAttachment.objects.filter(pk=attachment.pk).exists()


def test_other_agency_pages_never_show_agency_a_data(client, dossier, other_head, agency):
    ExemplarFactory(agency=agency, name="Điển hình riêng của A", is_published=False, published_at=None)
    client.force_login(other_head)
    for name in AGENCY_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Hồ sơ riêng của đơn vị A" not in html and "Điển hình riêng của A" not in html


def test_anonymous_is_sent_to_login_everywhere(client, dossier):
    urls = [("get", reverse(n)) for n in AGENCY_PAGES] + _object_urls(*dossier)
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url


def test_user_without_agency_is_refused(client, dossier):
    client.force_login(UserFactory(username="khongdonvi"))
    for name in AGENCY_PAGES:
        assert client.get(reverse(name)).status_code == 403
    nomination, attachment = dossier
    assert client.get(reverse("agency:attachment.download", args=[attachment.pk])).status_code == 404
    assert client.get(reverse("agency:nomination.portrait", args=[nomination.pk])).status_code == 404


def test_own_agency_members_and_reviewers_can_read_the_files(client, dossier, head, officer):
    nomination, attachment = dossier
    for user in (head, officer, StaffUserFactory(username="thamdinh2")):
        client.force_login(user)
        response = client.get(reverse("agency:attachment.download", args=[attachment.pk]))
        assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
        assert client.get(reverse("agency:nomination.portrait", args=[nomination.pk])).status_code == 200


def test_own_agency_sees_its_pages(client, dossier, head):
    client.force_login(head)
    nomination, _attachment = dossier
    for name in AGENCY_PAGES:
        assert client.get(reverse(name)).status_code == 200
    for url in (
        reverse("agency:nomination.detail", args=[nomination.pk]),
        reverse("agency:nomination.edit", args=[nomination.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200 and "Hồ sơ riêng của đơn vị A" in response.content.decode()


def test_officer_cannot_submit_but_head_can(client, nomination, officer, head):
    client.force_login(officer)
    assert client.post(reverse("agency:nomination.submit", args=[nomination.pk])).status_code == 403
    client.force_login(head)
    response = client.post(reverse("agency:nomination.submit", args=[nomination.pk]))
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.state == "submitted"


def test_state_changes_are_post_only(client, nomination, head):
    client.force_login(head)
    for name in ("agency:nomination.submit", "agency:nomination.resubmit", "agency:attachment.upload"):
        assert client.get(reverse(name, args=[nomination.pk])).status_code == 405


def test_submitted_dossier_cannot_be_edited_or_given_files(client, nomination, head):
    nomination.state = "submitted"
    nomination.save()
    client.force_login(head)
    response = client.get(reverse("agency:nomination.edit", args=[nomination.pk]))
    assert response.status_code == 302
    client.post(
        reverse("agency:attachment.upload", args=[nomination.pk]),
        {"document_type": "proposal", "document": ContentFile(PDF, name="a.pdf")},
    )
    assert not nomination.attachments.exists()


PRIVATE = {
    "phone": "0912 345 678",
    "email": "rieng-tu@example.org",
    "citizen_id": "072123456789",
    "home_address": "Số 9 đường Bí Mật, Hòa Thành",
}


def test_private_fields_absent_from_public_pages(client, agency):
    import datetime as dt

    from tests.factories import MovementFactory

    movement = MovementFactory()
    exemplar = ExemplarFactory(agency=agency, name="Phạm Văn Công Khai", birth_date=dt.date(1980, 3, 14), **PRIVATE)
    exemplar.movements.add(movement)
    public = [
        exemplar.get_absolute_url(),
        reverse("home"),
        reverse("movements:movement.list"),
        movement.get_absolute_url(),
    ]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for value in [*PRIVATE.values(), "14/03/1980", "1980-03-14"]:
            assert value not in html, (url, value)
    assert "Phạm Văn Công Khai" in client.get(exemplar.get_absolute_url()).content.decode()


def test_unpublished_exemplar_is_not_public(client, agency):
    exemplar = ExemplarFactory(agency=agency, is_published=False, published_at=None)
    assert client.get(exemplar.get_absolute_url()).status_code == 404


def test_membership_factory_head_other_agency_isolated(other_agency):
    # Guard for the matrix: a head of B belongs to B only.
    member = MembershipFactory(agency=other_agency)
    assert member.agency == other_agency


def test_agency_pages_have_no_inline_script_or_style(client, head, agency):
    nomination = NominationFactory(agency=agency, state="returned", reviewer_comment="Bổ sung")
    client.force_login(head)
    urls = [reverse(n) for n in AGENCY_PAGES] + [
        reverse("agency:nomination.detail", args=[nomination.pk]),
        reverse("agency:nomination.edit", args=[nomination.pk]),
        reverse("password_reset"),
    ]
    for url in urls:
        response = client.get(url)
        html = response.content.decode()
        assert "style=" not in html and "<script>" not in html, url
        assert "script-src 'self'" in response["Content-Security-Policy"]
