"""Staff manage news, links, feedback and exchanges in the admin; the demo data generator."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from exemplars.models import EventPhoto, ExchangeEvent, Exemplar, Honour
from tayninh_thidua.portal.models import NewsArticle
from tests.factories import FeedbackFactory, NewsArticleFactory

pytestmark = pytest.mark.django_db


def test_staff_open_the_portal_admin_pages(staff_client):
    FeedbackFactory()
    for name in [
        "admin:tayninh_thidua_newsarticle_changelist",
        "admin:tayninh_thidua_newsarticle_add",
        "admin:tayninh_thidua_websitelink_changelist",
        "admin:tayninh_thidua_feedback_changelist",
        "admin:exemplars_exchangeevent_changelist",
        "admin:exemplars_exchangeevent_add",
    ]:
        assert staff_client.get(reverse(name)).status_code == 200, name


def test_news_published_in_the_admin_shows_at_once_on_home(client, staff_client):
    article = NewsArticleFactory(title="Tin sắp công bố", is_published=False, published_at=None)
    assert "Tin sắp công bố" not in client.get("/").content.decode()
    response = staff_client.post(
        reverse("admin:tayninh_thidua_newsarticle_changelist"),
        {"action": "publish", "_selected_action": [article.pk]},
    )
    assert response.status_code == 302
    assert NewsArticle.objects.published().filter(pk=article.pk).exists()
    assert "Tin sắp công bố" in client.get("/").content.decode()


def test_generate_demo_data_at_small_size(client):
    call_command("generate_demo_data", exemplars=30, honours=90, agencies=5, movements=3, events=1, news=2)
    assert Exemplar.objects.published().count() == 30
    assert Honour.objects.count() == 90
    assert ExchangeEvent.objects.count() == 1 and EventPhoto.objects.count() == 2
    for url in ["/", "/dien-hinh/", "/dien-hinh/?trang=2", "/thu-vien-anh/", "/api/exemplars/?page=2"]:
        assert client.get(url).status_code == 200, url
    html = client.get("/thu-vien-anh/").content.decode()
    assert "/media/thumbs/320x320/" in html


def test_news_ticked_public_in_the_admin_gets_a_publication_date(staff_client):
    response = staff_client.post(
        reverse("admin:tayninh_thidua_newsarticle_add"),
        {"kind": "news", "title": "Tin mới đăng", "slug": "", "summary": "", "body": "Nội dung", "is_published": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert NewsArticle.objects.published().filter(title="Tin mới đăng").exists()


def test_home_has_no_contest_slot_until_the_contests_app_offers_one(client):
    from tayninh_thidua.portal.views import public as views

    assert views.current_contest() is None
    assert client.get("/").status_code == 200


def test_home_shows_the_current_contest_when_there_is_one(client):
    from django.utils import dateformat

    from tests.factories import EditionFactory

    assert "Đang nhận bài dự thi" not in client.get("/").content.decode()
    edition = EditionFactory()  # open for entries today
    html = client.get("/").content.decode()  # a new edition bumps the page cache's version
    assert str(edition) in html and f'href="{edition.get_absolute_url()}"' in html
    opens, closes = (dateformat.format(day, "d/m/Y") for day in (edition.submission_opens, edition.submission_closes))
    assert f"Nhận bài từ {opens} đến {closes}" in html and "Đang nhận bài dự thi" in html


def test_demo_data_for_make_run_sits_inside_the_seeded_plan(seeded):
    from movements.models import Movement, PlanPhase

    call_command("generate_demo_data", exemplars=10, honours=20, agencies=5, movements=8, events=1, news=1)
    assert not Movement.objects.filter(name__startswith="Phong trào mẫu").exists()
    assert PlanPhase.objects.count() == 2  # the plan's two phases, no demo plan beside them
    assert Exemplar.objects.filter(phase__plan__code="dien-hinh-tien-tien-2021-2025").exists()
    # and an edition of the contest open for entries, run by the plan's organisers
    from contests.models import Edition

    edition = Edition.objects.get()
    assert edition.organiser.name == "Sở Văn hoá - Thể thao và Du lịch" and edition.co_organisers.count() == 4
    assert edition.state() == Edition.State.OPEN and edition.rounds.count() == 3


def test_demo_honours_obey_every_rule_of_their_award_version(seeded):
    """Issue #11 item 31: recipient kind, version in force on the decision date, deciding level and signer,
    prerequisite honours — the same rules approval enforces (AwardType.evaluate)."""
    from exemplars import services
    from exemplars.models import AwardType
    from exemplars.models.eligibility import candidate_for_honour

    services.seed_awards()
    call_command("generate_demo_data", exemplars=60, honours=240, agencies=8, movements=4, events=0, news=0)
    honours = list(Honour.objects.select_related("exemplar", "award_type__prerequisite", "nomination"))
    assert len(honours) == 240
    broken = [
        (str(h), [str(c) for c in h.award_type.unmet(candidate_for_honour(h))])
        for h in honours
        if h.award_type.unmet(candidate_for_honour(h))
    ]
    assert broken == []
    for honour in honours:
        honour.full_clean()  # the admin's honour form would accept each one as well
    provincial = [h for h in honours if h.award_type.level == AwardType.Level.PROVINCE]
    base = [h for h in honours if h.award_type.level == AwardType.Level.BASE]
    assert provincial and base  # both levels are shown in the demo
    assert not [h.issuing_authority for h in base if h.issuing_authority.startswith("Chủ tịch UBND tỉnh")]
    assert all(h.issuing_authority.startswith("Chủ tịch UBND tỉnh") for h in provincial)
    assert {h.award_type.name for h in honours if h.exemplar.kind == "individual"} & {"Chiến sĩ thi đua cơ sở"}
    assert {h.award_type.name for h in honours if h.exemplar.kind != "individual"} & {"Cờ thi đua của UBND tỉnh"}
    # Each honour sits in one of its exemplar's movements and in the phase that covers its year.
    for honour in honours:
        assert honour.movement in honour.exemplar.movements.all()
        assert honour.phase is None or honour.phase.start_date.year <= honour.year <= honour.phase.end_date.year


def test_demo_data_fills_a_year_of_registration_a_scored_bloc_and_initiatives(client):
    from exemplars.models import Initiative, Registration
    from movements.models import Covenant
    from movements.services import blocs

    call_command("generate_demo_data", exemplars=10, honours=20, agencies=8, movements=2, events=1, news=1)
    assert Registration.objects.count() == 6 and Registration.objects.first().entries.exists()
    published = Covenant.objects.get(is_published=True)
    assert blocs.missing_sheets(published) == [] and [r.rank for r in blocs.results(published)][0] == 1
    assert client.get(published.get_absolute_url()).status_code == 200
    assert Initiative.objects.recognised().count() == 5
    assert "Số hóa hồ sơ một cửa" in client.get("/sang-kien/").content.decode()
    call_command("generate_demo_data", exemplars=10, honours=20, agencies=8, movements=2, events=1, news=1)
    assert Registration.objects.count() == 6  # once


def test_the_current_contest_is_found_in_one_query_and_its_rounds_read_only_when_its_state_needs_them(
    client, settings, django_assert_num_queries
):
    """The newest edition still running, else the newest one; the home page reads the rounds only between the
    submission deadline and the results (the judging), where the state depends on them."""
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from tayninh_thidua.portal.views import public as views
    from tests.factories import EditionFactory

    settings.PUBLIC_PAGE_CACHE = False

    def change(edition, **values) -> None:
        for name, value in values.items():
            setattr(edition, name, value)
        edition.save(update_fields=list(values))

    older, newer = EditionFactory(year=2101), EditionFactory(year=2103, results_published_at=timezone.now())
    with django_assert_num_queries(1):
        assert views.current_contest() == older  # still running, though older
    change(older, results_published_at=timezone.now())
    with django_assert_num_queries(1):
        assert views.current_contest() == newer  # none running: the newest

    def rounds_read() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        return sum('FROM "contests_round"' in q["sql"] for q in queries.captured_queries)

    change(newer, results_published_at=None)  # open for entries
    assert rounds_read() == 0
    change(newer, submission_closes=timezone.localdate() - dt.timedelta(days=1))
    assert rounds_read() == 1 and "Đang chấm" in client.get("/").content.decode()
