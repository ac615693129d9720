"""No side doors on news: the admin publishes and unpublishes through `publish_news` / `unpublish_news`
(logged, cache refreshed); and no admin module changes rows with `queryset.update`."""

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tayninh_thidua.lib.models import PublicChange
from tayninh_thidua.portal.models import NewsArticle
from tests.factories import NewsArticleFactory
from tests.side_doors import cache_hooks, change_form_data, committing, public_changes, run_action, shows, visitor, warm

NEWS = "zqxtintuc"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE = True


def _news_pages(article: NewsArticle) -> dict[str, str]:
    return {
        "detail": article.get_absolute_url(),
        "list": reverse("portal:news.list"),
        "home": reverse("home"),
        "rss": reverse("portal:feed.news.rss"),
        "atom": reverse("portal:feed.news.atom"),
        "sitemap": reverse("sitemap"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("hooks", [True, False], ids=["with-cache-hooks", "service-alone"])
def test_unpublishing_news_from_the_list_hides_it_on_the_next_request(staff_client, staff_user, hooks):
    article = NewsArticleFactory(title=f"Tin {NEWS.capitalize()} tổng kết")
    public = visitor()
    pages = _news_pages(article)
    warm(public, pages.values())
    assert all(shows(public, url, article.slug) for url in pages.values())

    with cache_hooks(hooks):
        response = run_action(staff_client, NewsArticle, "unpublish", [article])

    assert response.status_code == 302
    assert public.get(pages.pop("detail")).status_code == 404
    for name, url in pages.items():
        assert not shows(public, url, article.slug), name
    change = public_changes(article).get()
    assert (change.action, change.actor) == (PublicChange.Action.UNPUBLISH, staff_user)


@pytest.mark.django_db
def test_publishing_news_from_the_list_shows_it_at_once_with_a_date(staff_client, staff_user):
    article = NewsArticleFactory(title=f"Tin {NEWS.capitalize()} mới", is_published=False, published_at=None)
    public = visitor()
    pages = _news_pages(article)
    assert public.get(pages["detail"]).status_code == 404
    warm(public, [url for name, url in pages.items() if name != "detail"])

    before = timezone.now()
    run_action(staff_client, NewsArticle, "publish", [article])

    for name, url in pages.items():
        assert shows(public, url, article.slug), name
    article.refresh_from_db()
    assert before <= article.published_at <= timezone.now()
    change = public_changes(article).get()
    assert (change.action, change.actor) == (PublicChange.Action.PUBLISH, staff_user)


@pytest.mark.django_db
def test_news_ticked_public_with_a_date_keeps_that_date_and_is_logged(staff_client, staff_user):
    article = NewsArticleFactory(is_published=False, published_at=None)
    url = reverse("admin:tayninh_thidua_newsarticle_change", args=[article.pk])
    data = change_form_data(staff_client, url)
    data.update({"is_published": "on", "published_at_0": "02/09/2025", "published_at_1": "08:00:00"})
    with committing():
        response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.is_published
    local = timezone.localtime(article.published_at)
    assert (local.date(), local.time()) == (dt.date(2025, 9, 2), dt.time(8, 0))
    assert public_changes(article).get().actor == staff_user


@pytest.mark.django_db
def test_moving_the_date_of_public_news_is_logged(staff_client, staff_user):
    article = NewsArticleFactory()
    url = reverse("admin:tayninh_thidua_newsarticle_change", args=[article.pk])
    data = change_form_data(staff_client, url)
    data.update({"published_at_0": "01/01/2030", "published_at_1": "07:00:00"})  # scheduled: off the site until then
    assert staff_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.published_at.year == 2030
    change = public_changes(article).get()
    assert (change.action, change.comment) == (PublicChange.Action.PUBLISH, "Đổi ngày công khai")


# --- the rule, read from the code ----------------------------------------------------------------------
def _admin_modules() -> list[Path]:
    root = Path(settings.BASE_DIR)
    found = [p for p in root.glob("**/admin.py") if ".venv" not in p.parts and "node_modules" not in p.parts]
    found += [p for p in root.glob("**/admin/*.py") if ".venv" not in p.parts and "node_modules" not in p.parts]
    return sorted(found)


def _is_queryset(node: ast.expr) -> bool:
    """`queryset...`, `qs...`, `X.objects...` or a chain of filter/exclude/all/select_for_update calls."""
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            if node.attr in {"objects", "filter", "exclude", "all", "select_for_update", "_default_manager"}:
                return True
            node = node.value
        elif isinstance(node, ast.Name):
            return node.id in {"queryset", "qs"}
        else:
            return False


def test_no_admin_module_changes_rows_with_queryset_update():
    """Admin actions call services (which check, log and refresh the page cache): `queryset.update()` is a side
    door that skips all three, and the cache hooks too (it sends no signal)."""
    modules = _admin_modules()
    assert len(modules) >= 5, modules  # movements, exemplars, contests, the portal, the site library
    offenders = []
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update":
                if _is_queryset(node.func.value):
                    offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{node.lineno}")
    assert offenders == []


def test_the_update_check_recognises_a_side_door():
    tree = ast.parse("queryset.filter(published_at__isnull=True).update(is_published=True)\ninitial.update(a=1)")
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "update"]
    assert [_is_queryset(c.func.value) for c in calls] == [True, False]
