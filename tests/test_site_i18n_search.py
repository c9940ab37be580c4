"""Search, per language and folded, in Chromium on the built site served under a sub-path.

From a page in one language the search returns only pages in that language; a word typed without
its accents (prefecture), with Arabic letter forms (مدرك, دانشجويي) or without its zero-width
non-joiner (میتوانید) finds what the written form finds. The index leaves out version headings and
the generated lines that repeat on every fact.
"""
from __future__ import annotations

import json
import re
import time
from collections import Counter

import pytest

from tests.browser import browser, open_page  # noqa: F401  (one Playwright per process, shared)
from tests.quality import lang_of

pytestmark = pytest.mark.browser

HOMES = {"en": "", "fr": "fr/", "fa": "fa/"}


class SiteSearch:
    """The search box of one page. Each query starts from an empty box, so the result shown is the
    result of that query (Material's meta line goes back to its placeholder in between)."""

    def __init__(self, page, base_url: str):
        self.page, self.base = page, base_url
        config = json.loads(page.locator("#__config").text_content())
        self.placeholder = config["translations"]["search.result.placeholder"]
        page.locator("input.md-search__input").click()  # in the header at this width
        self._wait_meta(lambda text: text == self.placeholder, "the search index did not load")

    def _wait_meta(self, done, message: str, seconds: float = 30) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            text = self.page.inner_text(".md-search-result__meta").strip()
            if done(text):
                return text
            self.page.wait_for_timeout(100)
        raise AssertionError(f"{message}: {text!r}")

    def __call__(self, query: str) -> tuple[str, list[str]]:
        """(the result line, the result links as paths under the site root)."""
        box = self.page.locator("input.md-search__input")
        box.fill("")
        box.press("End")
        self._wait_meta(lambda text: text == self.placeholder, "the box did not empty")
        box.focus()
        # Playwright's keyboard.type of Persian fires no keyup, which is what Material listens to
        self.page.keyboard.insert_text(query)
        box.press("End")
        meta = self._wait_meta(lambda text: text != self.placeholder, f"no result for {query!r}")
        links, previous = None, []
        while links != previous:  # the list is drawn right after the line: read it until it is stable
            previous = links
            self.page.wait_for_timeout(150)
            links = self.page.eval_on_selector_all(".md-search-result__item > a", "l => l.map(a => a.href)")
        return meta, [link.split(self.base, 1)[1] if link.startswith(self.base) else link for link in links]


@pytest.fixture
def search_from(browser, site_server):  # noqa: F811
    """search_from(lang)(query) -> (meta, paths): the search box of that language's home page."""
    opened = []

    def open_search(lang: str) -> SiteSearch:
        context, page, watch = open_page(browser, site_server.base_url, viewport={"width": 1280, "height": 900})
        opened.append((context, watch))
        page.goto(site_server.base_url + HOMES[lang])
        return SiteSearch(page, site_server.base_url)

    yield open_search
    problems = []
    for context, watch in opened:
        problems += watch.problems()
        context.close()
    assert not problems, problems


def pages(paths: list[str]) -> list[str]:
    return sorted({path.split("#")[0] for path in paths})


@pytest.mark.parametrize("lang, query", [("fa", "SMIC"), ("fa", "APS"), ("en", "SMIC"), ("fr", "APS")])
def test_search_returns_only_pages_in_the_language_of_the_page(search_from, lang, query):
    _meta, paths = search_from(lang)(query)
    assert paths, f"{query!r} found nothing from /{HOMES[lang]}"
    assert {lang_of(path) for path in paths} == {lang}, paths


@pytest.mark.parametrize("folded, written", [("prefecture", "préfecture"), ("recepisse", "récépissé"),
                                             ("diplome", "diplôme"), ("PREFECTURE", "Préfecture")])
def test_french_words_without_accents_find_french_pages(search_from, folded, written):
    search = search_from("fr")
    meta, paths = search(folded)
    assert paths and {lang_of(path) for path in paths} == {"fr"}, (folded, paths)
    assert search(written) == (meta, paths)


@pytest.mark.parametrize("variant, written", [
    ("مدرك", "مدرک"),            # Arabic kaf
    ("دانشجويي", "دانشجویی"),      # Arabic yeh
    ("میتوانید", "می‌توانید"),      # without the zero-width non-joiner
    ("مـدارک", "مدارک"),           # with a tatweel
])
def test_persian_letter_forms_find_the_same_pages(search_from, variant, written):
    search = search_from("fa")
    meta, paths = search(written)
    assert paths and {lang_of(path) for path in paths} == {"fa"}, (written, paths)
    assert search(variant) == (meta, paths)


def test_persian_digits_find_what_ascii_digits_find(search_from):
    search = search_from("fa")
    meta, paths = search("2019")
    assert paths
    assert search("۲۰۱۹") == (meta, paths)


def test_a_word_that_is_nowhere_finds_nothing(search_from):
    """The instrument: a query can come back empty (folding does not match everything)."""
    meta, paths = search_from("fr")("zzqxw")
    assert paths == [] and meta


# --- the index ------------------------------------------------------------------------------

def index_docs(built_site) -> list[dict]:
    return json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_no_result_title_without_a_word(built_site):
    titles = [(doc["location"], doc["title"]) for doc in index_docs(built_site)
              if not re.search(r"[^\W\d_]", re.sub(r"<[^>]+>", "", doc["title"]))]
    assert titles == []


def test_no_generated_line_repeats_across_the_index(built_site):
    """Boilerplate (status lines, "generated from the rules", source lists, buttons) is out: no
    paragraph appears in more than three sections of one language."""
    counts = Counter()
    for doc in index_docs(built_site):
        for paragraph in set(re.findall(r"<p>(.*?)</p>", doc["text"], flags=re.S)):
            counts[(lang_of(doc["location"]), paragraph)] += 1
    repeated = [(lang, text[:80], n) for (lang, text), n in counts.items() if n > 3]
    assert repeated == []


def test_the_index_still_holds_every_page_of_every_language(built_site):
    located = {doc["location"].split("#")[0] for doc in index_docs(built_site)}
    for path in built_site.rglob("index.html"):
        url = path.parent.relative_to(built_site).as_posix()
        url = "" if url == "." else url + "/"
        if url.startswith(("search/", "assets/")):
            continue
        assert url in located, url
