"""Public pages keep their headings in order: one h1, and no level skipped on the way down (Nu HTML checker and
axe's heading-order rule; screen-reader users move through a page by its headings)."""

from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse

from exemplars.models import Exemplar, Proposal
from movements.models import Movement

pytestmark = pytest.mark.django_db


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.levels: list[int] = []

    def handle_starttag(self, tag, attrs):
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.levels.append(int(tag[1]))


def heading_levels(html: str) -> list[int]:
    parser = _Headings()
    parser.feed(html)
    return parser.levels


def test_heading_levels_are_read_from_the_markup():
    assert heading_levels("<h1>a</h1><section><h2>b</h2><h3>c</h3></section><H2>d</H2>") == [1, 2, 3, 2]


def test_public_pages_have_one_h1_and_skip_no_heading_level(client):
    call_command("seed_plan")
    call_command("generate_demo_data", exemplars=12, honours=24, agencies=4, movements=4, events=1, news=2)
    pages = [
        reverse("home"),
        reverse("movements:movement.list"),
        reverse("exchanges:event.list"),
        reverse("exchanges:gallery"),
        "/cuoc-thi/",  # the current edition's page
        Movement.objects.published().first().get_absolute_url(),
        reverse("exemplars:exemplar.list"),
        Exemplar.objects.published().first().get_absolute_url(),
        reverse("proposals:submit"),
        Exemplar.objects.published().filter(spread__gt=0).first().get_absolute_url(),
        Proposal.objects.filter(state=Proposal.State.CLOSED).first().get_status_url(),
    ]
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        levels = heading_levels(response.content.decode())
        assert levels.count(1) == 1, (url, levels)
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, f"{url}: h{before} then h{after} in {levels}"
