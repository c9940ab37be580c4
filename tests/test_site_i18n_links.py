"""hreflang, sitemap and canonical URLs of the built site (under a sub-path), and the SITE_URL guard.

Every page carries <link rel="alternate" hreflang> for en, fr, fa and x-default (English), the
same set on each language of a page (reciprocal), the same as the sitemap's alternates; the
sitemap lists every page in every language and nothing else. A build without SITE_URL says so;
the deploy workflow refuses to build without it.
"""
from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from tests.browser import browser, open_page  # noqa: F401  (one Playwright per process, shared)
from tests.conftest import ROOT, SITE_SUB_PATH
from tests.quality import lang_of
from tests.test_site_strict import project_copy

SITE_URL = f"https://example.org{SITE_SUB_PATH}"
HREFLANGS = ["en", "fr", "fa", "x-default"]
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alternates: list[tuple[str, str]] = []
        self.canonical: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate" and attrs.get("hreflang"):
            self.alternates.append((attrs["hreflang"], attrs.get("href")))
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs.get("href"))


def site_pages(built_site: Path) -> dict[str, Path]:
    """{absolute URL: file} of every page (not the 404 pages, search or assets)."""
    pages = {}
    for path in built_site.rglob("index.html"):
        relative = path.parent.relative_to(built_site).as_posix()
        url = "" if relative == "." else relative + "/"
        if not url.startswith(("assets/", "search/")):
            pages[SITE_URL + url] = path
    return pages


def head(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def sitemap(built_site: Path) -> dict[str, dict[str, str]]:
    """{loc: {hreflang: href}} of sitemap.xml."""
    root = ElementTree.parse(built_site / "sitemap.xml").getroot()
    entries = {}
    for url in root.findall("s:url", NS):
        loc = url.find("s:loc", NS).text
        assert loc not in entries, f"{loc} is listed twice"
        entries[loc] = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
    return entries


def test_every_page_has_the_four_hreflang_links_and_its_canonical_url(built_site):
    pages = site_pages(built_site)
    assert len(pages) >= 3 * 9
    for url, path in pages.items():
        parsed = head(path)
        assert [lang for lang, _href in parsed.alternates] == HREFLANGS, url
        links = dict(parsed.alternates)
        assert parsed.canonical == [url]
        assert links[lang_of(url[len(SITE_URL):])] == url
        assert links["x-default"] == links["en"]
        assert all(href.startswith(SITE_URL) for href in links.values())


def test_hreflang_links_are_reciprocal(built_site):
    pages = site_pages(built_site)
    for url, path in pages.items():
        links = dict(head(path).alternates)
        for lang, href in links.items():
            assert href in pages, (url, lang, href)
            assert dict(head(pages[href]).alternates) == links, (url, href)


def test_the_sitemap_lists_every_page_with_the_same_alternates(built_site):
    pages = site_pages(built_site)
    entries = sitemap(built_site)
    assert set(entries) == set(pages)
    for loc, links in entries.items():
        assert list(links) == HREFLANGS, loc
        assert links == dict(head(pages[loc]).alternates), loc


@pytest.mark.browser
def test_hreflang_links_make_material_fetch_nothing(browser, site_server):  # noqa: F811
    context, page, watch = open_page(browser, site_server.base_url)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(site_server.base_url + "fa/guide/work/", wait_until="networkidle")
        page.wait_for_timeout(300)
        links = page.eval_on_selector_all("link[rel=alternate][hreflang]", "links => links.map(l => l.hreflang)")
    finally:
        context.close()
    assert [url for url in requests if "sitemap" in url] == []
    assert links == HREFLANGS  # put back after Material's look-up
    assert not watch.problems(), watch.problems()


# --- SITE_URL ---------------------------------------------------------------------------------

def test_a_build_without_site_url_says_so(tmp_path):
    project = project_copy(tmp_path / "project")
    env = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    # a local strict build (a preview) still builds, and says so
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                            cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stderr.count("SITE_URL is not set") == 1, result.stderr[-3000:]
    assert "http://127.0.0.1:8000/" in result.stderr
    with_url = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site2")],
                              cwd=project, env=dict(env, SITE_URL=SITE_URL), capture_output=True, text=True, timeout=600)
    assert with_url.returncode == 0 and "SITE_URL" not in with_url.stderr


def workflow_check() -> str:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    names = [step.get("name") for step in steps]
    check, build = names.index("Check the site address"), names.index("Build (strict)")
    assert check < build
    assert steps[check]["env"]["SITE_URL"] == steps[build]["env"]["SITE_URL"]
    return steps[check]["run"]


@pytest.mark.parametrize("site_url, ok", [("https://someone.github.io/stay-in-france/", True),
                                          ("https://example.org/", True), ("/", False), ("", False),
                                          ("http://127.0.0.1:8000/", False)])
def test_the_deploy_workflow_refuses_a_missing_site_url(site_url, ok):
    result = subprocess.run(["bash", "-e", "-c", workflow_check()], env={"SITE_URL": site_url, "PATH": os.environ["PATH"]},
                            capture_output=True, text=True, timeout=30)
    assert (result.returncode == 0) == ok, result.stdout + result.stderr
    if not ok:
        assert "SITE_URL" in result.stdout
