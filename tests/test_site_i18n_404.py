"""404 pages in the reader's language, with a server that answers like GitHub Pages: the site's
root 404.html, with status 404, for any missing path (tests/site_server.py), under a sub-path.

The root page shows the 404 page of the language of the requested path (fetched from the site,
the address unchanged); without JavaScript it stays English and links to the three home pages.
Every 404 page has noindex, its language switcher leads to the home pages, and no 404 page is a
page of the site (no /404/ URL, not in the sitemap, not in the search index).
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest

from tests.browser import browser, open_page  # noqa: F401  (one Playwright per process, shared)
from tests.conftest import SITE_SUB_PATH
from tests.quality import axe_violations

LANGUAGES = {"en": "", "fr": "fr/", "fa": "fa/"}
TITLES = {"en": "Page not found", "fr": "Page introuvable", "fa": "صفحه پیدا نشد"}


def not_found_pages(built_site) -> dict:
    return {lang: built_site / prefix / "404.html" for lang, prefix in LANGUAGES.items()}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[dict] = []
        self.metas: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "link"):
            self.links.append(dict(attrs, tag=tag))
        if tag == "meta":
            self.metas.append(dict(attrs))


def parse(path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# --- the built files --------------------------------------------------------------------------

def test_every_404_page_has_noindex_and_no_canonical_or_hreflang(built_site):
    for lang, path in not_found_pages(built_site).items():
        parsed = parse(path)
        assert {"name": "robots", "content": "noindex"} in parsed.metas, lang
        head_links = [link for link in parsed.links if link["tag"] == "link"]
        assert not [link for link in head_links if link.get("rel") in ("canonical", "alternate")], lang


def test_404_switchers_and_home_links_lead_to_the_home_pages(built_site):
    homes = {SITE_SUB_PATH + prefix for prefix in LANGUAGES.values()}
    for lang, path in not_found_pages(built_site).items():
        links = [link for link in parse(path).links if link["tag"] == "a" and link.get("hreflang")]
        switcher = {link["href"] for link in links if "md-select__link" in (link.get("class") or "")}
        listed = {link["href"] for link in links if "md-select__link" not in (link.get("class") or "")}
        assert switcher == homes, (lang, switcher)  # not the last page's alternates (…/guide/work/)
        assert listed == homes, (lang, listed)


def test_no_404_page_is_a_page_of_the_site(built_site):
    for prefix in LANGUAGES.values():
        assert not (built_site / prefix / "404").exists(), prefix + "404/"
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>" in sitemap and "404" not in sitemap
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [doc["location"] for doc in index["docs"] if "404" in doc["location"]]


# --- in Chromium, as GitHub Pages serves them -------------------------------------------------

def open_missing(browser, site_server, path: str, **options):  # noqa: F811
    """Open a missing path; returns (context, page, watch, failed requests other than the page)."""
    context, page, watch = open_page(browser, site_server.base_url, **options)
    failed = []
    url = site_server.base_url + path
    page.on("response", lambda response: response.status >= 400 and response.url != url
            and failed.append(f"{response.status} {response.url}"))
    response = page.goto(url)
    assert response.status == 404
    return context, page, watch, failed


def page_state(page) -> dict:
    return page.evaluate("() => ({lang: document.documentElement.lang, dir: document.documentElement.dir,"
                         " h1: document.querySelector('article h1') && document.querySelector('article h1').textContent,"
                         " path: location.pathname, search: !!document.querySelector('.md-search__input')})")


def only_the_page_404(watch) -> list[str]:
    """The browser logs the page's own 404 status as a console error: anything else is a problem."""
    return [problem for problem in watch.problems()
            if problem != "console error: Failed to load resource: the server responded with a status of 404 (Not Found)"]


@pytest.mark.browser
@pytest.mark.parametrize("path, lang", [("fa/guide/nope/", "fa"), ("fr/x", "fr"), ("fa/guide/work/old.html", "fa"),
                                        ("guide/nope/", "en"), ("france/x", "en")])
def test_the_root_404_shows_the_page_in_the_language_of_the_path(browser, site_server, path, lang):  # noqa: F811
    context, page, watch, failed = open_missing(browser, site_server, path)
    try:
        page.wait_for_function("(lang) => document.documentElement.lang === lang && document.querySelector('article h1')", arg=lang)
        page.wait_for_load_state("networkidle")
        state = page_state(page)
        switcher = page.eval_on_selector_all(".md-select__link", "links => links.map(a => a.href)")
    finally:
        context.close()
    assert state == {"lang": lang, "dir": "rtl" if lang == "fa" else "ltr", "h1": TITLES[lang],
                     "path": SITE_SUB_PATH + path, "search": True}
    assert sorted(switcher) == sorted(site_server.base_url + prefix for prefix in LANGUAGES.values())
    assert not failed and not only_the_page_404(watch), (failed, watch.problems())


@pytest.mark.browser
def test_without_javascript_the_root_404_links_to_the_three_home_pages(browser, site_server):  # noqa: F811
    context, page, watch, failed = open_missing(browser, site_server, "fa/guide/nope/", java_script_enabled=False)
    try:
        state = page.locator("html").get_attribute("lang")
        homes = page.eval_on_selector_all(".not-found-languages a", "links => links.map(a => [a.lang, a.href])")
        visible = page.locator(".not-found-languages").is_visible()
    finally:
        context.close()
    assert state == "en" and visible
    assert sorted(homes) == sorted([lang, site_server.base_url + prefix] for lang, prefix in LANGUAGES.items())


@pytest.mark.browser
def test_the_persian_404_served_at_a_missing_path_has_no_axe_violation(browser, site_server):  # noqa: F811
    context, page, watch, failed = open_missing(browser, site_server, "fa/guide/nope/")
    try:
        page.wait_for_function("() => document.documentElement.lang === 'fa' && document.querySelector('article h1')")
        page.wait_for_load_state("networkidle")
        violations = axe_violations(page)
    finally:
        context.close()
    assert violations == []


def test_home_links_of_404_pages_resolve_under_the_sub_path(built_site):
    for lang, path in not_found_pages(built_site).items():
        for link in parse(path).links:
            href = link.get("href") or ""
            if link["tag"] == "a" and href.startswith("/"):
                assert href.startswith(SITE_SUB_PATH), (lang, href)
                target = built_site / urljoin("/", href)[len(SITE_SUB_PATH):]
                assert (target / "index.html").is_file() or target.is_file(), (lang, href)
    assert re.search(r'<html lang="fa" dir="rtl"', not_found_pages(built_site)["fa"].read_text(encoding="utf-8"))
