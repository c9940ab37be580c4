"""The built site: page sets, 404 pages, facts and sources, the checker page, search, sub-path.

Links: test_quality_links.py; lang and dir: test_quality_rtl.py; origins, cookies, storage:
test_quality_privacy.py."""
from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError

import pytest

from build_tools.generate import checker_files
from build_tools.pages import page_slugs
from checker.rules_loader import load_rules

LANGUAGE_ROOTS = {"en": "", "fr": "fr/", "fa": "fa/"}
NOT_PAGES = ("assets/", "search/", "fr/", "fa/")
PAGE_SLUGS = page_slugs(load_rules())


def pages_of(site: Path, lang: str) -> set[str]:
    root = site / LANGUAGE_ROOTS[lang]
    pages = set()
    for path in root.rglob("*.html"):
        relative = path.relative_to(root).as_posix()
        if lang == "en" and relative.startswith(NOT_PAGES):
            continue
        pages.add(relative)
    return pages


def test_same_page_set_in_every_language(built_site):
    english = pages_of(built_site, "en")
    assert len(english - {"404.html"}) >= 8
    for lang in ("fr", "fa"):
        assert pages_of(built_site, lang) == english, lang
    for slug in PAGE_SLUGS:
        for prefix in LANGUAGE_ROOTS.values():
            assert (built_site / prefix / "guide" / slug / "index.html").is_file()


def test_each_language_has_its_own_404(built_site):
    titles = {"": "Page not found", "fr/": "Page introuvable", "fa/": "صفحه پیدا نشد"}
    for prefix, title in titles.items():
        text = (built_site / prefix / "404.html").read_text(encoding="utf-8")
        assert f"<h1" in text and title in text, prefix


class _FactParser(HTMLParser):
    """Collects, for each <div class="fact …">, the links inside it."""

    def __init__(self):
        super().__init__()
        self.facts: dict[str, list[str]] = {}
        self.stack: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div":
            classes = (attrs.get("class") or "").split()
            self.stack.append(attrs.get("id") if "fact" in classes else None)
            if "fact" in classes:
                self.facts[attrs["id"]] = []
        if tag == "a":
            for fact_id in filter(None, self.stack):
                self.facts[fact_id].append(attrs.get("href") or "")

    def handle_endtag(self, tag):
        if tag == "div" and self.stack:
            self.stack.pop()


def test_every_generated_fact_lists_its_sources(built_site):
    rules = load_rules()
    for prefix in LANGUAGE_ROOTS.values():
        shown = set()
        for slug in PAGE_SLUGS:
            parser = _FactParser()
            parser.feed((built_site / prefix / "guide" / slug / "index.html").read_text(encoding="utf-8"))
            for anchor, links in parser.facts.items():
                assert any("#src-" in link for link in links), (prefix, slug, anchor)
            shown |= set(parser.facts)
            if slug not in ("sources", "older-guides"):
                assert parser.facts, f"{prefix}guide/{slug}/ shows no fact"
        # every fact of the rules is shown in full somewhere, with its sources
        for fact_id in rules["facts"]:
            anchor = "fact-" + "".join(c if c.isalnum() else "-" for c in fact_id.lower())
            assert anchor in shown, (prefix, fact_id)


def test_contested_facts_show_both_readings(built_site):
    rules = load_rules()
    contested = [f for f in rules["facts"].values() if f["status"] == "contested"]
    assert contested
    page = "".join((built_site / "guide" / slug / "index.html").read_text(encoding="utf-8") for slug in PAGE_SLUGS)
    assert page.count("The other reading:") >= len(contested)
    assert page.count("The reading this site follows:") >= len(contested)


def test_no_hreflang_link_that_makes_material_fetch_a_sitemap(built_site):
    for path in built_site.rglob("*.html"):
        assert not re.search(r'<link rel="alternate" href="[^"]*" hreflang=', path.read_text(encoding="utf-8")), path
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/fr/" in sitemap and "/fa/" in sitemap and 'hreflang="fa"' in sitemap


def test_checker_page_contract(built_site):
    for lang, prefix in LANGUAGE_ROOTS.items():
        text = (built_site / prefix / "checker" / "index.html").read_text(encoding="utf-8")
        depth = "../" * (2 if prefix else 1)
        # the rules of the page's language: rules.<hash>.<lang>.json, published by the i18n plugin as
        # <lang>/assets/checker/rules.<hash>.json; the first question is in the page (tests/test_bundle_static.py)
        [rules_file] = (built_site / prefix / "assets" / "checker").glob("rules.*.json")
        [texts_file] = (built_site / prefix / "assets" / "checker").glob("result-texts.*.json")
        [script] = (built_site / "assets" / "checker").glob("checker.*.js")
        assert (f'<div id="checker-app" data-lang="{lang}" data-rules="../assets/checker/{rules_file.name}" '
                f'data-result-texts="../assets/checker/{texts_file.name}">') in text
        assert 'data-checker-static=""' in text.split('id="checker-app"', 1)[1]
        assert f'<script type="module" src="{depth}assets/checker/{script.name}"></script>' in text
        assert "<noscript>" in text and '../guide/eligibility/' in text
        shipped = json.loads(rules_file.read_text(encoding="utf-8"))
        first, second = checker_files(load_rules(), lang)
        assert shipped == json.loads(json.dumps(first))
        assert json.loads(texts_file.read_text(encoding="utf-8")) == json.loads(json.dumps(second))


# --- search, the way lunr does it with the built index -----------------------------------

def lunr_tokens(text: str, separator: str) -> set[str]:
    plain = re.sub(r"<[^>]+>", " ", text).lower()
    return {token for token in re.split(separator, plain) if token}


def search(index: dict, word: str) -> list[str]:
    separator = index["config"]["separator"]
    return [doc["location"] for doc in index["docs"]
            if word.lower() in lunr_tokens(doc["title"] + " " + doc["text"], separator)]


def test_persian_word_finds_a_persian_page(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    # Persian has no lunr language: an English pipeline without trimmer or stemmer keeps its words
    assert index["config"]["lang"] == ["en"]
    assert "trimmer" not in index["config"]["pipeline"] and "stemmer" not in index["config"]["pipeline"]
    hits = search(index, "پرفکتور")
    assert hits and all(location.startswith("fa/") for location in hits)
    assert any(location.startswith("fa/") for location in search(index, "مدارک"))


# --- the site served under a project sub-path ---------------------------------------------

def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except HTTPError as error:
        return error.code, error.read()


class _AssetParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img") and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("rel") in ("stylesheet", "icon") and attrs.get("href"):
            self.urls.append(attrs["href"])
        if tag == "a" and attrs.get("href") and not attrs["href"].startswith(("http", "#", "mailto:")):
            self.urls.append(attrs["href"])
        if attrs.get("data-rules"):
            self.urls.append(attrs["data-rules"])


@pytest.mark.parametrize("page", ["", "fr/", "fa/", "guide/work/", "fr/checker/", "fa/guide/sources/", "privacy/"])
def test_site_works_under_a_sub_path(site_server, page):
    status, body = fetch(site_server.base_url + page)
    assert status == 200
    parser = _AssetParser()
    parser.feed(body.decode("utf-8"))
    assert parser.urls
    for url in set(parser.urls):
        absolute = urllib.parse.urljoin(site_server.base_url + page, url)
        assert absolute.startswith(site_server.base_url), (page, url)
        assert fetch(absolute.split("#")[0])[0] == 200, (page, url)


def test_unknown_path_gets_the_english_404_with_working_links(site_server):
    status, body = fetch(site_server.base_url + "no/such/page/")
    assert status == 404
    text = body.decode("utf-8")
    assert 'lang="en"' in text and "Page not found" in text
    parser = _AssetParser()
    parser.feed(text)
    for url in set(parser.urls):
        absolute = urllib.parse.urljoin(site_server.base_url + "no/such/page/", url)
        assert fetch(absolute.split("#")[0])[0] == 200, url
