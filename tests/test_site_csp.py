"""The Content-Security-Policy of the built site (issue 21): a <meta http-equiv> first in the <head> of
every page (all languages, the 404 pages too), allowing the page's inline scripts by their sha256 and
nothing from another origin; and, in Chromium, no policy violation on the way to a checker result in
each language, on the home and guide pages with the search open, and on a 404 page written in place.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from build_tools.site_fixes import content_security_policy
from tests.browser import browser, checker_page, click_through, open_page  # noqa: F401  (shared Playwright)
from tests.checker_cases import OUTCOME_ANSWERS

EXPECTED = {  # every directive but script-src, exactly
    "default-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
STRICT_REFERRERS = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
RUNNING_TYPES = {"", "module", "text/javascript", "application/javascript", "importmap", "speculationrules"}
LANGUAGES = {"en": "", "fr": "fr/", "fa": "fa/"}


class _Page(HTMLParser):
    """The head's elements in order, the policy and referrer metas, inline scripts' text, styles."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.head: list[str] = []  # tag names (meta:<what>) of the head, in order
        self.in_head = False
        self.policies: list[str] = []
        self.referrers: list[str] = []
        self.scripts: list[str] = []  # the text of each inline script that runs
        self.script: list[str] | None = None
        self.style_attributes: list[str] = []
        self.style_elements = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        if self.in_head and tag != "head":
            what = attributes.get("http-equiv") or attributes.get("name") or ("charset" if "charset" in attributes else "")
            self.head.append(f"{tag}:{what.lower()}" if tag == "meta" else tag)
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "content-security-policy":
            self.policies.append(attributes.get("content") or "")
        if tag == "meta" and attributes.get("name") == "referrer":
            self.referrers.append(attributes.get("content") or "")
        if "style" in attributes:
            self.style_attributes.append(f"<{tag} style={attributes['style']!r}>")
        if tag == "style":
            self.style_elements += 1
        if tag == "script" and "src" not in attributes and (attributes.get("type") or "").strip().lower() in RUNNING_TYPES:
            self.script = []

    def handle_data(self, data):
        if self.script is not None:
            self.script.append(data)

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False
        if tag == "script" and self.script is not None:
            self.scripts.append("".join(self.script))
            self.script = None


def parse(html: str) -> _Page:
    parser = _Page()
    parser.feed(html)
    parser.close()
    return parser


def directives(policy: str) -> dict[str, list[str]]:
    found = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            assert words[0] not in found, f"{words[0]} twice"
            found[words[0].lower()] = words[1:]
    return found


def sha256_source(text: str) -> str:
    """As the browser hashes a script: its text after the HTML parser's line-end normalization, UTF-8."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def policy_problems(html: str) -> list[str]:
    page = parse(html)
    if len(page.policies) != 1:
        return [f"{len(page.policies)} Content-Security-Policy metas"]
    problems = []
    # first in the head: only <meta charset> may come before it (scripts, styles, links come after)
    first = [item for item in page.head if item != "meta:charset"][:2]
    if first != ["meta:content-security-policy", "meta:referrer"]:
        problems.append(f"the policy is not first in <head>: {page.head[:4]}")
    found = directives(page.policies[0])
    script_src = found.pop("script-src", None)
    if found != EXPECTED:
        problems.append(f"directives {found} instead of {EXPECTED}")
    if not script_src or script_src[0] != "'self'":
        problems.append(f"script-src {script_src}")
    else:
        allowed = set(script_src[1:])
        wrong = [source for source in allowed if not re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", source)]
        if wrong:  # 'unsafe-inline', 'unsafe-eval', a host, a nonce: none belongs here
            problems.append(f"script-src allows {wrong}")
        for text in page.scripts:
            if sha256_source(text) not in allowed:
                problems.append(f"inline script not in script-src: {text.strip()[:80]!r}")
    if page.referrers != [page.referrers[0]] or page.referrers[0] not in STRICT_REFERRERS:
        problems.append(f"referrer policy {page.referrers}")
    # style-src has no 'unsafe-inline': no style attribute and no <style> element may be written
    problems += [f"style attribute {item}" for item in page.style_attributes]
    if page.style_elements:
        problems.append(f"{page.style_elements} <style> element(s)")
    return problems


# --- the policy as written (no build) -------------------------------------------------------------

SAMPLE = """<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<script>var a = "é";</script><script id="__config" type="application/json">{"x": 1}</script>
<script src="x.js"></script><script type="module">import "./y.js";</script>
</head><body><p>text</p><script>\r\nb()\r\n</script></body></html>"""


def test_the_policy_lists_every_inline_script_and_is_written_once():
    html = content_security_policy(SAMPLE)
    assert policy_problems(html) == []
    assert content_security_policy(html) == html  # applied twice: the same page
    hashes = re.findall(r"'sha256-[^']+'", html)
    assert len(hashes) == 3  # not the JSON data block, nor the script with src
    assert sha256_source("\nb()\n") in hashes  # line ends as the HTML parser reads them
    changed = content_security_policy(html.replace('var a = "é";', 'var a = "e";'))
    assert sha256_source('var a = "e";') in changed and sha256_source('var a = "é";') not in changed


def test_the_policy_allows_scripts_a_page_writes_into_itself():
    extra = sha256_source("written()")
    html = content_security_policy(SAMPLE, [extra])
    assert extra in directives(parse(html).policies[0])["script-src"]


# --- every built page ----------------------------------------------------------------------------

def test_every_built_page_carries_the_policy(built_site):
    pages = sorted(Path(built_site).rglob("*.html"))
    assert len(pages) > 30 and all((Path(built_site) / prefix / "404.html").is_file() for prefix in LANGUAGES.values())
    problems = {str(path.relative_to(built_site)): policy_problems(path.read_text(encoding="utf-8")) for path in pages}
    assert not {path: found for path, found in problems.items() if found}


def test_the_root_404_allows_the_scripts_of_the_404_page_it_writes_in_place(built_site):
    # GitHub Pages serves the root 404.html at /fr/…: it writes /fr/404.html into itself, under both policies
    root = set(directives(parse((Path(built_site) / "404.html").read_text(encoding="utf-8")).policies[0])["script-src"])
    for prefix in ("fr/", "fa/"):
        page = parse((Path(built_site) / prefix / "404.html").read_text(encoding="utf-8"))
        assert {sha256_source(text) for text in page.scripts} <= root, prefix


# --- in Chromium ---------------------------------------------------------------------------------

# installed before every navigation: the violations the page raises, kept on the window
LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => window.__cspViolations.push(
  `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber} ${event.sample}`));
"""


def watch_policy(page) -> list[str]:
    """Records the console messages about the policy (any level) of a page; returns their list."""
    messages = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}")
            if re.search(r"Content[- ]Security[- ]Policy", message.text, re.I) else None)
    page.add_init_script(LISTENER)
    return messages


def violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations")


@pytest.fixture(scope="module")
def rules():
    from checker.rules_loader import load_rules
    return load_rules()


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_a_run_to_a_result_raises_no_violation(checker_page, rules, lang):
    seen = {}

    def before(page):
        seen["messages"] = watch_policy(page)

    page = checker_page.open(lang, before=before)
    click_through(page, rules, OUTCOME_ANSWERS["rece_job"])
    page.wait_for_selector("[data-outcome='rece_job']")
    page.wait_for_load_state("networkidle")
    assert violations(page) == [] and seen["messages"] == []
    # checker_page then fails the test on any console error or request to another origin


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_home_and_guide_pages_with_the_search_raise_no_violation(browser, site_server, lang):  # noqa: F811
    context, page, watch = open_page(browser, site_server.base_url)
    try:
        messages = watch_policy(page)
        page.goto(site_server.base_url + LANGUAGES[lang])
        page.wait_for_load_state("networkidle")
        assert violations(page) == []
        page.goto(site_server.base_url + LANGUAGES[lang] + "guide/work/")
        page.wait_for_load_state("networkidle")
        # the search (Material's worker, ours: search-i18n.js) loads its index and answers
        # (the meta line goes from "initializing" to the placeholder once the worker has built the index)
        placeholder = json.loads(page.locator("#__config").text_content())["translations"]["search.result.placeholder"]
        page.locator("input.md-search__input").click()
        page.wait_for_function("(text) => document.querySelector('.md-search-result__meta').textContent.trim() === text",
                               arg=placeholder, timeout=30000)
        page.keyboard.insert_text("master")
        page.locator("input.md-search__input").press("End")
        page.wait_for_selector(".md-search-result__item", state="attached", timeout=30000)
        assert violations(page) == [] and messages == []
        assert not watch.problems(), watch.problems()
    finally:
        context.close()


def test_a_404_written_in_place_raises_no_violation(browser, site_server):  # noqa: F811
    context, page, watch = open_page(browser, site_server.base_url)
    try:
        messages = watch_policy(page)
        response = page.goto(site_server.base_url + "fr/nope/")
        assert response.status == 404
        assert violations(page) == []  # the root page's own scripts (its listener goes with document.open)
        page.wait_for_function("() => document.documentElement.lang === 'fr' && document.querySelector('article h1')")
        page.wait_for_load_state("networkidle")
        # the written French page's scripts ran: Material's scripts mark the page
        page.wait_for_function("() => document.documentElement.classList.contains('js')")
        assert messages == []
        assert [problem for problem in watch.problems() if "status of 404" not in problem] == []
    finally:
        context.close()
