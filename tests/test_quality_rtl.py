"""Right-to-left gate: every /fa/ page is `<html lang="fa" dir="rtl">`; the Persian checker is
mirrored (computed direction, and Back and Continue sit on the right where English has them on
the left); Latin fragments (dates, amounts, legal names, codes, URLs) inside Persian text are
bidi-isolated, on the guide pages and on every Persian result; a Persian result, on a phone and a
desktop, starts each line at the right and fits the screen (screenshots saved to test-artifacts/).
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.browser import browser, checker_page, open_page  # noqa: F401
from harness.site import ROOT
from tests.quality import lang_of, outcome_fragments, page_urls, question_prefixes

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"

# Text nodes holding Latin letters, ASCII digits or a currency sign, inside a block that also holds
# Arabic-script text, must sit in a <bdi>, an element with a dir attribute, or an element whose
# computed unicode-bidi isolates it.
UNISOLATED_LATIN = r"""(rootSelector) => {
  const LATIN = /[A-Za-z0-9€$]/;
  const ARABIC = /[\u0600-\u06FF]/;
  const ISOLATING = ['isolate', 'isolate-override', 'plaintext'];
  // bidi ordering is visual: text that is never drawn (the live region's announcement, text for
  // screen readers only) is read in logical order and is not checked
  const HIDDEN = 'script, style, noscript, [hidden], [aria-live], .checker-visually-hidden, .md-visually-hidden';
  const blockOf = (node) => {
    let element = node.parentElement;
    while (element && getComputedStyle(element).display.startsWith('inline')) element = element.parentElement;
    return element;
  };
  const isolated = (node, block) => {
    // the inline elements between the text and its block (a block's own unicode-bidi, isolate in
    // the browser's default style sheet, does not isolate its inline content); or a dir on the block
    for (let element = node.parentElement; element; element = element.parentElement) {
      if (element.tagName === 'BDI' || element.hasAttribute('dir') && element !== document.documentElement
          && element !== document.body) return true;
      if (element === block) return false;
      if (ISOLATING.includes(getComputedStyle(element).unicodeBidi)) return true;
    }
    return false;
  };
  const found = [];
  let checked = 0;
  for (const root of document.querySelectorAll(rootSelector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      // Latin text between Unicode isolates (LRI, RLI or FSI … PDI) is isolated as plain text
      const outside = node.data.replace(/[\u2066-\u2068][^\u2066-\u2069]*\u2069/g, '');
      if (!LATIN.test(outside) || node.parentElement.closest(HIDDEN)) continue;
      const block = blockOf(node);
      if (!block || !ARABIC.test(block.textContent)) continue;
      checked += 1;
      if (!isolated(node, block)) found.push(`${node.data.trim().slice(0, 80)} <${node.parentElement.tagName.toLowerCase()}>`);
    }
  }
  return { found, checked };
}"""


class _HtmlTag(HTMLParser):
    def __init__(self):
        super().__init__()
        self.attributes = None

    def handle_starttag(self, tag, attrs):
        if tag == "html" and self.attributes is None:
            self.attributes = dict(attrs)


def html_attributes(path: Path) -> dict:
    parser = _HtmlTag()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.attributes or {}


def test_every_page_has_the_right_lang_and_dir_on_html(built_site):
    urls = page_urls(built_site)
    persian = [url for url in urls if lang_of(url) == "fa"]
    assert len(persian) >= 12
    wrong = {}
    for url in urls:
        file = built_site / (url + "index.html" if url.endswith("/") or url == "" else url)
        attributes = html_attributes(file)
        lang = lang_of(url)
        expected = {"lang": lang, "dir": "rtl" if lang == "fa" else "ltr"}
        if {key: attributes.get(key) for key in expected} != expected:
            wrong[url or "/"] = attributes
    assert not wrong, wrong


def boxes(page) -> dict:
    return page.evaluate("""() => {
        const box = (selector) => { const e = document.querySelector(selector); if (!e) return null;
          const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, width: r.width}; };
        return {app: box('#checker-app'), back: box('.checker-back'), button: box('.checker-form button[type=submit]'),
                field: box('.checker-form .checker-field'),
                direction: getComputedStyle(document.querySelector('.checker')).direction,
                formDirection: getComputedStyle(document.querySelector('.checker-form')).direction};
    }""")


@pytest.mark.parametrize("step_index", [1, 5])
def test_the_persian_checker_is_mirrored(checker_page, step_index):  # noqa: F811
    question_id, fragment = question_prefixes()[step_index]
    viewport = {"width": 1280, "height": 900}
    english = boxes(checker_page.open("en", fragment, viewport=viewport))
    persian = boxes(checker_page.open("fa", fragment, viewport=viewport))
    assert (english["direction"], english["formDirection"]) == ("ltr", "ltr")
    assert (persian["direction"], persian["formDirection"]) == ("rtl", "rtl")
    for layout in (english, persian):
        assert layout["back"] and layout["button"], f"no Back or Continue on {question_id}"
    app_en, app_fa = english["app"], persian["app"]
    # English: Back and Continue start at the left edge of the app; Persian: at its right edge
    for control in ("back", "button"):
        gap_en = english[control]["left"] - app_en["left"]
        gap_fa = app_fa["right"] - persian[control]["right"]
        assert gap_en < app_en["width"] / 4, (control, english)
        assert gap_fa < app_fa["width"] / 4, (control, persian)
        assert abs(gap_en - gap_fa) <= 24, (control, gap_en, gap_fa)
        assert persian[control]["left"] > app_fa["left"] + app_fa["width"] / 2 - persian[control]["width"], \
            (control, persian)


def test_latin_fragments_are_isolated_on_persian_guide_pages(browser, built_site, site_server):  # noqa: F811
    context, page, watch = open_page(browser, site_server.base_url)
    found, checked = {}, 0
    try:
        for url in page_urls(built_site):
            if lang_of(url) != "fa":
                continue
            page.goto(site_server.base_url + url)
            result = page.evaluate(UNISOLATED_LATIN, ".md-content, .md-footer")
            checked += result["checked"]
            if result["found"]:
                found[url] = result["found"][:10]
    finally:
        context.close()
    assert not found, found
    assert checked >= 50, "the Persian guide pages should hold isolated Latin fragments to check"
    assert not watch.problems(), watch.problems()


def test_latin_fragments_are_isolated_on_every_persian_result(checker_page):  # noqa: F811
    found, checked = {}, 0
    page = checker_page.open("fa")
    for outcome, fragment in outcome_fragments():
        page.evaluate("(fragment) => { location.hash = fragment; }", fragment)
        page.wait_for_selector(f"[data-outcome='{outcome}']")
        result = page.evaluate(UNISOLATED_LATIN, "#checker-app")
        checked += result["checked"]
        if result["found"]:
            found[outcome] = result["found"][:10]
        # dates are in Persian digits; amounts are isolated
        dates = page.eval_on_selector_all("#checker-app time", "nodes => nodes.map(n => n.textContent)")
        assert not [text for text in dates if re.search(r"[0-9A-Za-z]", text)], dates
        amounts = page.evaluate("() => [...document.querySelectorAll('#checker-app .checker-amount')]"
                                ".map((n) => n.tagName === 'BDI' || getComputedStyle(n).unicodeBidi === 'isolate')")
        assert all(amounts), outcome
    assert not found, found
    assert checked >= 20


def test_the_detector_flags_an_unisolated_latin_fragment(checker_page):  # noqa: F811
    page = checker_page.open("fa")
    page.evaluate("() => { const p = document.createElement('p'); p.textContent = 'ماده L422-10 قانون';"
                  " document.querySelector('#checker-app').append(p); }")
    assert page.evaluate(UNISOLATED_LATIN, "#checker-app")["found"] == ["ماده L422-10 قانون <p>"]


# Where the first line of each heading and paragraph of the result starts, against its box: with
# right-to-left text it starts at the right edge of the content box (text-align: start).
FIRST_LINES = r"""() => [...document.querySelectorAll('#checker-app h1, #checker-app h2, #checker-app h3, #checker-app p')]
  .filter((e) => e.offsetParent !== null && !e.closest('.checker-visually-hidden') && e.textContent.trim() && getComputedStyle(e).textAlign !== 'center')
  .map((e) => { const range = document.createRange(); range.selectNodeContents(e);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0);
    const top = Math.min(...rects.map((r) => r.top));
    const first = rects.filter((r) => r.top < top + 4);  // the boxes of the first line
    const box = e.getBoundingClientRect(); const style = getComputedStyle(e);
    return {text: e.textContent.trim().slice(0, 40), lineRight: Math.max(...first.map((r) => r.right)),
            lineLeft: Math.min(...first.map((r) => r.left)),
            contentRight: box.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth),
            contentLeft: box.left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth)}; })"""


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}])
def test_the_persian_result_reads_from_the_right_and_fits_the_screen(checker_page, viewport):  # noqa: F811
    """On a phone and on a desktop; the screenshots are saved to test-artifacts/ for review."""
    page = checker_page.open("fa", dict(outcome_fragments())["rece_job"], viewport=viewport, device_scale_factor=1)
    page.wait_for_selector("[data-outcome='rece_job']")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    lines = page.evaluate(FIRST_LINES)
    assert len(lines) >= 5, lines
    not_right = [line for line in lines if abs(line["lineRight"] - line["contentRight"]) > 2]
    assert not not_right, not_right
    # the text is laid out, and inside the screen
    assert all(0 <= line["lineLeft"] < line["lineRight"] <= viewport["width"] for line in lines), lines
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"checker-result-fa-{viewport['width']}.png"), full_page=True)


def test_the_right_edge_check_sees_left_aligned_text(checker_page):  # noqa: F811
    page = checker_page.open("fa", dict(outcome_fragments())["rece_job"], viewport={"width": 1280, "height": 900})
    page.wait_for_selector("[data-outcome='rece_job']")
    page.evaluate("() => { const p = document.createElement('p'); p.textContent = 'کوتاه'; p.style.textAlign = 'left';"
                  " document.querySelector('#checker-app').append(p); }")
    short = [line for line in page.evaluate(FIRST_LINES) if line["text"] == "کوتاه"]
    assert len(short) == 1 and short[0]["contentRight"] - short[0]["lineRight"] > 100
