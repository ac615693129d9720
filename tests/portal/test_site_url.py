"""Absolute links in cached public answers come from SITE_URL, never from the request's Host (item 26).

One request with `Host: localhost` used to put http://localhost/ links into the cached sitemap and feeds for
every visitor for ten minutes.
"""

import pytest
from django.urls import reverse

from tests.factories import HonourFactory, NewsArticleFactory

pytestmark = pytest.mark.django_db

SITE = "https://thidua.tayninh.gov.vn"


@pytest.fixture
def public_content(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "ke-gian.example"]
    NewsArticleFactory(title="Tin tức có liên kết")
    for _ in range(21):  # more than one API page, so the answer carries a "next" link
        HonourFactory()


URLS = [
    reverse("sitemap"),
    reverse("portal:feed.news.rss"),
    reverse("portal:feed.news.atom"),
    reverse("portal:feed.exemplars.rss"),
    reverse("portal:feed.exemplars.atom"),
    "/api/exemplars/",
    "/api/honours/",
]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("host", ["localhost", "ke-gian.example"])
def test_a_forged_host_does_not_reach_the_cached_answer(client, public_content, url, host):
    forged = client.get(url, HTTP_HOST=host)
    assert forged.status_code == 200
    assert host not in forged.content.decode()
    shared = client.get(url)
    body = shared.content.decode()
    assert host not in body and "testserver" not in body
    assert SITE in body
