"""The built site in a real Chromium, served under a sub-path: Persian search.

Every page loading cleanly (console, failed and off-origin requests, storage, lang and dir):
test_quality_privacy.py; axe on every page: test_quality_accessibility.py."""
from __future__ import annotations

import time

import pytest

from tests.browser import browser  # noqa: F401  (one Playwright per process, shared)

pytestmark = pytest.mark.browser

@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def open_and_watch(page, url: str):
    """Open a page; return its console errors, failed requests and off-origin requests."""
    problems = {"console": [], "failed": [], "foreign": []}
    origin = url.split("/", 3)[:3]
    page.on("console", lambda message: message.type == "error" and problems["console"].append(message.text))
    page.on("response", lambda response: response.status >= 400 and problems["failed"].append(
        f"{response.status} {response.url}"))
    page.on("request", lambda request: request.url.split("/", 3)[:3] != origin
            and not request.url.startswith("data:") and problems["foreign"].append(request.url))
    page.goto(url, wait_until="networkidle")
    return problems


def test_persian_search_finds_a_persian_page(site_server, page):
    page.set_viewport_size({"width": 1280, "height": 900})  # the search field is in the header
    problems = open_and_watch(page, site_server.base_url + "fa/")
    hrefs = []
    deadline = time.monotonic() + 30
    while not hrefs and time.monotonic() < deadline:  # the index loads in a worker
        page.fill("input.md-search__input", "")
        page.fill("input.md-search__input", "پرفکتور")
        page.keyboard.press("End")
        page.wait_for_timeout(500)
        hrefs = page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => a.href)")
    assert hrefs, page.inner_text(".md-search-result__meta")
    assert all("/fa/" in href for href in hrefs), hrefs
    assert problems == {"console": [], "failed": [], "foreign": []}
