"""Fixed query counts at two sizes, and the staff review actions in the admin."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exemplars.models import Exemplar, Honour, Nomination, NominationAttachment, NominationEvent
from tests.factories import (
    AwardTypeFactory,
    ExemplarFactory,
    HonourFactory,
    MembershipFactory,
    MovementFactory,
    NominationFactory,
    PlanPhaseFactory,
    attach_documents,
)

from .helpers import PDF

pytestmark = pytest.mark.django_db


def _fill(agency, size: int) -> None:
    movement, phase, award = MovementFactory(), PlanPhaseFactory(), AwardTypeFactory()
    for i in range(size):
        nomination = NominationFactory(
            agency=agency, movement=movement, phase=phase, award_type=award, state=Nomination.State.values[i % 7]
        )
        NominationEvent.objects.create(nomination=nomination, to_state=nomination.state)
        exemplar = ExemplarFactory(agency=agency)
        HonourFactory(exemplar=exemplar, award_type=award)
        MembershipFactory(agency=agency, role="officer")


QUERY_BUDGET = 20
AGENCY_LISTS = ["agency:dashboard", "agency:exemplar.list"]
ADMIN_LISTS = [
    "admin:exemplars_nomination_changelist",
    "admin:exemplars_exemplar_changelist",
    "admin:exemplars_honour_changelist",
    "admin:exemplars_awardtype_changelist",
    "admin:exemplars_nominationevent_changelist",
    "admin:movements_agencymembership_changelist",
]


@pytest.mark.parametrize("name", AGENCY_LISTS)
def test_agency_lists_use_a_fixed_number_of_queries(client, agency, head, name, django_assert_max_num_queries):
    client.force_login(head)
    url = reverse(name)
    _fill(agency, 2)
    client.get(url)  # warm caches (content types, sessions) equally for both sizes
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    assert len(small) <= QUERY_BUDGET
    _fill(agency, 12)
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", ADMIN_LISTS)
def test_admin_changelists_use_a_fixed_number_of_queries(staff_client, agency, name, django_assert_max_num_queries):
    url = reverse(name)
    _fill(agency, 2)
    staff_client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert staff_client.get(url).status_code == 200
    assert len(small) <= QUERY_BUDGET
    _fill(agency, 12)
    with django_assert_max_num_queries(len(small)):
        assert staff_client.get(url).status_code == 200


@pytest.fixture
def in_review(agency):
    nomination = NominationFactory(agency=agency, state=Nomination.State.SUBMITTED, nominee_name="Võ Thị Thẩm Định")
    NominationAttachment.objects.create(
        nomination=nomination,
        document_type="proposal",
        file=ContentFile(PDF, name="t.pdf"),
        original_name="to-trinh.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    return nomination


def _action(client, action: str, nomination, **data):
    return client.post(
        reverse("admin:exemplars_nomination_changelist"),
        {"action": action, "_selected_action": [nomination.pk], **data},
        follow=True,
    )


def test_admin_review_path_return_then_approve(staff_client, in_review, head):
    _action(staff_client, "take_into_review", in_review)
    in_review.refresh_from_db()
    assert in_review.state == "in-review"

    form_page = _action(staff_client, "return_for_completion", in_review)
    assert "Lý do" in form_page.content.decode()  # the intermediate form, nothing changed yet
    in_review.refresh_from_db()
    assert in_review.state == "in-review"
    _action(staff_client, "return_for_completion", in_review, apply="1", reason="Thiếu báo cáo thành tích")
    in_review.refresh_from_db()
    assert in_review.state == "returned" and in_review.reviewer_comment == "Thiếu báo cáo thành tích"

    attach_documents(in_review, ["achievement-report", "meeting-minutes"])  # the agency completes the dossier
    in_review.state = "in-review"
    in_review.save()
    bad = _action(staff_client, "approve", in_review, apply="1", number="", date="31/12/2025")
    assert "Số quyết định" in bad.content.decode()
    _action(staff_client, "approve", in_review, apply="1", number="163/QĐ-UBND", date="31/12/2025", publish="on")
    in_review.refresh_from_db()
    assert in_review.state == "approved" and str(in_review.decision_date) == "2025-12-31"
    assert Exemplar.objects.published().get().name == "Võ Thị Thẩm Định"


def test_admin_action_reports_refusals_by_name(staff_client, agency):
    nomination = NominationFactory(agency=agency, state="draft", nominee_name="Chưa Gửi")
    response = _action(staff_client, "take_into_review", nomination)
    assert "Chưa Gửi" in response.content.decode() and "Không thể chuyển" in response.content.decode()


def test_admin_approval_refused_below_vote_share_shows_reason(staff_client, agency):
    from decimal import Decimal

    nomination = NominationFactory(
        agency=agency,
        state="in-review",
        award_type=AwardTypeFactory(vote_share=Decimal("90")),
        votes_for=5,
        complete=True,
    )
    response = _action(staff_client, "approve", nomination, apply="1", number="1/QĐ", date="01/12/2025")
    assert "dưới mức tối thiểu 90" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.state == "in-review"


def test_admin_change_page_shows_checklist_events_and_history(staff_client, in_review):
    NominationEvent.objects.create(nomination=in_review, to_state="submitted", comment="Gửi lần đầu")
    html = staff_client.get(reverse("admin:exemplars_nomination_change", args=[in_review.pk])).content.decode()
    assert "Danh mục hồ sơ" in html and "Báo cáo thành tích" in html and "Còn thiếu" in html
    assert (
        "Gửi lần đầu" in html and reverse("agency:attachment.download", args=[in_review.attachments.get().pk]) in html
    )
    history = staff_client.get(reverse("admin:exemplars_nomination_history", args=[in_review.pk]))
    assert history.status_code == 200


def test_admin_revokes_an_honour_with_reason(staff_client, agency):
    honour = HonourFactory(exemplar=ExemplarFactory(agency=agency))
    staff_client.post(
        reverse("admin:exemplars_honour_changelist"),
        {"action": "revoke", "_selected_action": [honour.pk], "apply": "1", "reason": "Giả mạo hồ sơ"},
    )
    honour.refresh_from_db()
    assert honour.is_revoked and honour.revoked_reason == "Giả mạo hồ sơ"
    html = staff_client.get(honour.exemplar.get_absolute_url()).content.decode()
    assert "Đã thu hồi" in html and "Giả mạo hồ sơ" in html  # the public page says so, with the reason
    assert Honour.objects.in_force().count() == 0


def test_staff_filters_and_search_the_nominations(staff_client, agency, other_agency):
    NominationFactory(agency=agency, nominee_name="Đặng Văn Lọc", state="submitted")
    NominationFactory(agency=other_agency, nominee_name="Bùi Thị Khác", state="draft")
    url = reverse("admin:exemplars_nomination_changelist")
    html = staff_client.get(url, {"state__exact": "submitted"}).content.decode()
    assert "Đặng Văn Lọc" in html and "Bùi Thị Khác" not in html
    html = staff_client.get(url, {"q": "Bùi"}).content.decode()
    assert "Bùi Thị Khác" in html and "Đặng Văn Lọc" not in html
    html = staff_client.get(url, {"agency__id__exact": other_agency.pk}).content.decode()
    assert "Bùi Thị Khác" in html and "Đặng Văn Lọc" not in html


def test_password_reset_by_email_in_vietnamese(client, head, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        response = client.post(reverse("password_reset"), {"email": head.email}, follow=True)
    assert "Đã gửi thư đặt lại mật khẩu" in response.content.decode()
    assert len(mail.outbox) == 1 and "Đặt lại mật khẩu" in mail.outbox[0].subject
    assert "/tai-khoan/dat-lai-mat-khau/" in mail.outbox[0].body


def test_staff_creates_an_agency_account_with_membership(staff_client, staff_user, agency):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    # Account management is granted per person (the staff group covers the project's apps only).
    staff_user.user_permissions.add(*Permission.objects.filter(codename__in=["add_user", "change_user", "view_user"]))

    response = staff_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "truongphong",
            "password1": "mot-mat-khau-dai-2025",
            "password2": "mot-mat-khau-dai-2025",
            "usable_password": "true",
            "membership-TOTAL_FORMS": "1",
            "membership-INITIAL_FORMS": "0",
            "membership-MIN_NUM_FORMS": "0",
            "membership-MAX_NUM_FORMS": "1",
            "membership-0-agency": agency.pk,
            "membership-0-role": "head",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = get_user_model().objects.get(username="truongphong")
    assert user.membership.agency == agency and user.membership.is_head


def test_dashboard_pages_and_filters_by_state(client, agency, head):
    for i in range(30):
        NominationFactory(agency=agency, nominee_name=f"Người số {i:02d}", state="draft" if i % 2 else "submitted")
    client.force_login(head)
    response = client.get(reverse("agency:dashboard"), {"trang-thai": "submitted", "trang": 1})
    page = response.context["page_obj"]
    assert page.paginator.count == 15 and all(n.state == "submitted" for n in page.object_list)
    assert "Trang 1 / 1" not in response.content.decode()
    response = client.get(reverse("agency:dashboard"), {"trang": 2})
    assert response.context["page_obj"].number == 2 and "trang-thai" not in response.context["query_string"]
