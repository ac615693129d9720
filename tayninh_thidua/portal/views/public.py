import hashlib
import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta

import redis
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Max, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from contests.models import Edition
from exemplars.models import EventPhoto, ExchangeEvent, Exemplar
from movements.models import Movement
from tayninh_thidua.lib import ratelimit
from tayninh_thidua.lib.models import OutgoingMail
from tayninh_thidua.lib.pagecache import CSRF_SLOT, CardRows, cache_public_page, public_fragment
from tayninh_thidua.lib.pagination import FragmentCountPaginator
from tayninh_thidua.lib.search import MAX_QUERY_CHARS, clean_query, query_words

from ..forms import FeedbackForm
from ..models import NewsArticle, WebsiteLink
from ..services import submit_feedback

logger = logging.getLogger(__name__)

HOME_EXEMPLARS = 8
HOME_NEWS = 4
HOME_PHOTOS = 8
HOME_MOVEMENTS = 12


def current_contest():
    """The contest edition the home page shows (open, judging or with fresh results), or None.

    Its rounds are read only when its state needs them (after the submission deadline, before the results).
    """
    return Edition.objects.current()


def _feedback_fields() -> str:
    # The same empty form for everyone (its CSRF token is the page's slot): rendered once, not on every request.
    form = FeedbackForm(auto_id="phan-hoi-%s")
    return render_to_string("portal/_feedback_fields.html", {"feedback_form": form})


def _home_lists() -> dict:
    """The home page's news, photos, links and contest: rows of public models, whose changes bump the cache version."""
    return {
        # What the lists show, not the articles' bodies or the exchanges' accounts.
        "news": list(
            NewsArticle.objects.published().only("kind", "title", "slug", "summary", "published_at")[:HOME_NEWS]
        ),
        "photos": list(
            EventPhoto.objects.published()
            .only("image", "alt_text", "event__slug")
            .order_by("-event__date", "position", "pk")[:HOME_PHOTOS]
        ),
        "links": list(WebsiteLink.objects.active()),
        "contest": current_contest(),
    }


@require_GET
@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "movements": CardRows(Movement.objects.published().for_cards()[:HOME_MOVEMENTS]),
        "newest_exemplars": CardRows(Exemplar.objects.for_cards()[:HOME_EXEMPLARS]),
        # Read once per publication (and at most PAGE_TIMEOUT old, for what the clock publishes), as the cards are.
        **public_fragment("home-lists", _home_lists),
        "feedback_fields": public_fragment("home-feedback-fields", _feedback_fields),
        "csrf_slot": CSRF_SLOT,  # filled with the visitor's token by cache_public_page
    }
    return render(request, "home.html", context)


@require_GET
@cache_public_page
def news_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(NewsArticle.objects.published(), 12).get_page(request.GET.get("trang"))
    return render(request, "portal/news_list.html", {"page_obj": page, "articles": page.object_list})


@require_GET
@cache_public_page
def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(NewsArticle.objects.published(), slug=slug)
    return render(request, "portal/news_detail.html", {"article": article})


# ---------------------------------------------------------------------------
# The one-box search: exemplars, movements, news and exchanges, published only
# ---------------------------------------------------------------------------
SEARCH_PREVIEW = 5  # results of each kind on the page for all kinds
SEARCH_PAGE_SIZE = 20  # on the page of one kind


def _day(moment: date | None) -> str:
    """dd/mm/yyyy of a date, or of a moment in local time."""
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment)
    return dateformat.format(moment, "d/m/Y") if moment else ""


def _line(*parts) -> str:
    return " · ".join(str(part) for part in parts if part)


def _search_kinds() -> dict:
    """Each kind's heading, what the public may see of it (a queryset, made when needed: the search filters it),
    and how one match is shown.

    A row is (title, address, the line under the title, the text an excerpt is cut from): public fields only.
    """
    return {
        "dien-hinh": (
            _("Điển hình tiên tiến"),
            lambda: (
                Exemplar.objects.published()
                .select_related("agency")
                .only("name", "slug", "kind", "locality", "summary", "published_at", "agency__name")
            ),
            lambda e: (e.name, e.get_absolute_url(), _line(e.get_kind_display(), e.agency, e.locality), e.summary),
        ),
        "phong-trao": (
            _("Phong trào, cuộc vận động"),
            Movement.objects.published,
            lambda m: (m.name, m.get_absolute_url(), m.get_kind_display(), m.summary),
        ),
        "tin-tuc": (
            _("Tin tức – thông báo"),
            NewsArticle.objects.published,
            lambda a: (a.title, a.get_absolute_url(), _line(a.get_kind_display(), _day(a.published_at)), a.summary),
        ),
        "giao-luu": (
            _("Giao lưu gương điển hình tiên tiến"),
            ExchangeEvent.objects.published,
            lambda v: (v.title, v.get_absolute_url(), _line(_day(v.date), v.place), v.summary),
        ),
    }


def _matches(key: str, public: Callable[[], QuerySet], query: str) -> tuple[str, int, object]:
    """(the count's fragment name, the number of matches, the matches in order) of one kind.

    The count is kept per publication and query, like the directory's: a repeated search does not count again, and
    knowing it lets the ranking be skipped when there are too many matches to rank (the models' `search`, lib/search.word_search).
    """
    digest = hashlib.sha256(" ".join(query_words(query)).encode()).hexdigest()[:32]
    count_key = f"search-count:{key}:{digest}"
    count = public_fragment(count_key, lambda: public().search(query, rank=False).count())
    # A kind with no match (a kept count of 0) costs neither a query nor the building of one.
    return count_key, count, public().search(query, matches=count) if count else []


def _rows(results, show) -> list[dict]:
    return [dict(zip(("title", "url", "meta", "text"), show(item), strict=True)) for item in results]


@require_GET
@cache_public_page
def search(request: HttpRequest) -> HttpResponse:
    """`/tim-kiem/?q=`: every kind's count and first matches; with `loai=`, one kind's matches page by page."""
    raw = request.GET.get("q", "")
    query = clean_query(raw)
    context = {"query": query, "words": query_words(query), "too_long": len(raw.strip()) > MAX_QUERY_CHARS}
    if not context["words"]:
        return render(request, "portal/search.html", context)
    kinds = _search_kinds()
    kind = request.GET.get("loai", "")
    if kind in kinds:
        title, public, show = kinds[kind]
        count_key, _count, results = _matches(kind, public, query)
        page = FragmentCountPaginator(results, SEARCH_PAGE_SIZE, count_key=count_key).get_page(request.GET.get("trang"))
        context.update(
            kind=kind,
            kind_title=title,
            page_obj=page,
            rows=_rows(page.object_list, show),
            query_string=urlencode({"q": query, "loai": kind}),
            all_url="?" + urlencode({"q": query}),
        )
        return render(request, "portal/search.html", context)
    sections = [_section(key, *kind, query) for key, kind in kinds.items()]
    context.update(sections=sections, total=sum(section["count"] for section in sections))
    return render(request, "portal/search.html", context)


def _section(key: str, title: str, public: Callable[[], QuerySet], show, query: str) -> dict:
    """One kind on the page for all kinds: its count, its first matches, the address of all of them."""
    _count_key, count, results = _matches(key, public, query)
    rows = _rows(results[:SEARCH_PREVIEW], show) if count else []
    return {
        "key": key,
        "title": title,
        "count": count,
        "rows": rows,
        "more_url": "?" + urlencode({"q": query, "loai": key}),
    }


FEEDBACK_PER_HOUR = 5


def _feedback_allowed(request: HttpRequest) -> bool:
    """At most FEEDBACK_PER_HOUR messages an hour from one client address."""
    return not ratelimit.hit("feedback", ratelimit.client_address(request), limit=FEEDBACK_PER_HOUR, window=3600)


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not _feedback_allowed(request):
        form.add_error(None, _("Bạn đã gửi nhiều phản hồi trong thời gian ngắn. Vui lòng thử lại sau."))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not data["website"]:  # the honeypot: bots fill it, people never see it
            submit_feedback(name=data["name"], email=data["email"], subject=data["subject"], message=data["message"])
        messages.success(request, _("Cảm ơn bạn đã gửi phản hồi. Cán bộ sẽ xem xét và trả lời sớm."))
        return redirect(reverse("portal:feedback"))
    return render(request, "portal/feedback.html", {"form": form})


@require_GET
@cache_public_page
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /dang-nhap/",
        "Disallow: /api/schema/",
        "Disallow: /tim-kiem/",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    # Browsers ask for /favicon.ico whatever the page declares.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def _check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "down"
        logger.exception("healthz: database check failed")
        return False


HEALTH_REDIS_TIMEOUT = 0.5  # seconds; a frozen Redis must not hold the health check (or its caller) long


def _ping_redis(url: str, role: str) -> bool:
    client = redis.Redis.from_url(url, socket_connect_timeout=HEALTH_REDIS_TIMEOUT, socket_timeout=HEALTH_REDIS_TIMEOUT)
    try:
        return bool(client.ping())
    except redis.RedisError as exc:
        logger.warning("healthz: %s Redis does not answer (%s)", role, exc)
        return False
    finally:
        client.close()


def _check_cache() -> bool | None:
    """The cache Redis answers; None when the cache is not Redis (local memory)."""
    return _ping_redis(settings.CACHE_REDIS_URL, "cache") if settings.CACHE_REDIS_URL else None


def _check_broker() -> bool | None:
    """The Celery broker's Redis answers; None with eager tasks or a broker that is not Redis."""
    url = settings.CELERY_BROKER_URL
    return _ping_redis(url, "broker") if url.startswith(("redis://", "rediss://", "unix://")) else None


# Without these the site cannot serve; without the others it serves "degraded" (README, "Two Redis roles").
CRITICAL_CHECKS = {"database"}


def _health_checks() -> dict[str, bool]:
    checks = {"database": _check_database()}
    for name, check in (("cache", _check_cache), ("broker", _check_broker)):
        result = check()
        if result is not None:
            checks[name] = result
    redis_checks = [checks[name] for name in ("cache", "broker") if name in checks]
    if redis_checks:
        checks["redis"] = all(redis_checks)  # both roles, as monitors written before the split read it
    return checks


def _beat_report() -> dict:
    """Whether Celery beat has sent a scheduled task lately (it sweeps the outbox every minute). A schedule
    set up less than HEALTHZ_BEAT_MAX_AGE ago counts as on time, so a fresh installation is not "late"."""
    from django_celery_beat.models import PeriodicTask

    figures = PeriodicTask.objects.filter(enabled=True).aggregate(
        last_run=Max("last_run_at"), last_change=Max("date_changed")
    )
    latest = max((moment for moment in figures.values() if moment), default=None)
    on_time = latest is not None and timezone.now() - latest <= timedelta(seconds=settings.HEALTHZ_BEAT_MAX_AGE)
    return {"ok": on_time, "last_run": figures["last_run"].isoformat() if figures["last_run"] else None}


def _outbox_report() -> dict:
    """How many e-mails wait to be sent and how many the mail server refused (given up: no more tries)."""
    return OutgoingMail.objects.unsent().aggregate(
        waiting=Count("pk", filter=Q(attempts=0)),
        failed=Count("pk", filter=Q(attempts__gt=0)),
        given_up=Count("pk", filter=Q(attempts__gte=settings.OUTBOX_MAX_ATTEMPTS)),
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for the proxy and compose: "ok" (200) when every check passes, "degraded" (200) when something
    the site can serve without is down or late (a Redis role: pages uncached, mail waiting in the outbox; beat),
    "error" (503) when the database is. Beside the checks: beat's last run and the outbox figures."""
    checks = _health_checks()
    report = {}
    if checks["database"]:
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            report["beat"] = _beat_report()
            checks["beat"] = report["beat"]["ok"]
        report["outbox"] = _outbox_report()
    status, code = _health_status(checks)
    return JsonResponse({"status": status, "checks": checks, **report}, status=code)


def _health_status(checks: dict) -> tuple[str, int]:
    # Only a check that is False counts as failed: a figure added beside them (a count, a time) never does.
    if any(checks.get(name) is False for name in CRITICAL_CHECKS):
        return "error", 503
    if any(value is False for value in checks.values()):
        return "degraded", 200
    return "ok", 200


def bench_floor(request: HttpRequest) -> HttpResponse:
    """The framework's floor for `make bench` (routed only when BENCH_FLOOR_VIEW is on)."""
    return HttpResponse("ok", content_type="text/plain")
