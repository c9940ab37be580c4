"""The site around the checker on a phone, in English, French and Persian: no sideways scroll without
JavaScript, the checker's button on the home page's first screen, a scroll hint on wide tables, and the
language switcher keeping the guide section being read (docs/assets/javascripts/language-switch.js)."""
from __future__ import annotations

import pytest

from tests.browser import browser  # noqa: F401

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 667}
PREFIX = {"en": "", "fr": "fr/", "fa": "fa/"}
PAGES = ["", "checker/", "guide/eligibility/", "guide/apply/", "guide/fees/", "guide/work/", "guide/special-cases/"]


@pytest.fixture
def phone(browser, site_server):
    contexts = []

    def open_(path: str, javascript: bool = True):
        context = browser.new_context(viewport=PHONE, java_script_enabled=javascript, locale="en-GB",
                                      service_workers="block")
        contexts.append(context)
        page = context.new_page()
        page.goto(site_server.base_url + path)
        return page
    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("lang", ["en", "fr", "fa"])
@pytest.mark.parametrize("javascript", [False, True])
def test_phone_pages_do_not_scroll_sideways(phone, lang, javascript):
    for path in PAGES:
        page = phone(PREFIX[lang] + path, javascript)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{PREFIX[lang] + path}: {width} px wide"


@pytest.mark.parametrize("lang", ["en", "fr", "fa"])
def test_the_home_page_shows_the_checker_button_on_the_first_screen(phone, lang):
    page = phone(PREFIX[lang])
    button = page.locator("a.md-button--primary[href$='checker/']").first
    box = button.bounding_box()
    assert box and box["y"] + box["height"] <= PHONE["height"], box


def test_persian_wide_tables_scroll_and_show_a_hint(phone):
    for javascript in (False, True):
        page = phone("fa/guide/fees/", javascript)
        wide = page.evaluate("""() => [...document.querySelectorAll('.md-typeset table')].map((table) => {
          const scroller = table.closest('.md-typeset__scrollwrap') || table;
          const style = getComputedStyle(scroller);
          return {scrolls: scroller.scrollWidth > scroller.clientWidth, overflow: style.overflowX,
                  hint: style.backgroundImage};
        }).filter((table) => table.scrolls)""")
        assert wide, "a table wider than the phone is expected on this page"
        for table in wide:
            assert table["overflow"] in ("auto", "scroll")
            assert table["hint"].count("gradient") == 4


@pytest.mark.parametrize("start, target", [("en", "fa"), ("fa", "fr")])
def test_the_language_switcher_keeps_the_guide_section(phone, site_server, start, target):
    page = phone(PREFIX[start] + "guide/apply/")
    # the site loads the module on every page
    assert page.locator("script[type=module][src$='assets/javascripts/language-switch.js']").count() == 1
    anchor = page.evaluate("document.querySelectorAll('.md-content h2[id]')[1].id")
    page.evaluate("(id) => document.getElementById(id).scrollIntoView()", anchor)
    link = page.locator(f".md-select__link[hreflang='{target}']")
    link.dispatch_event("pointerdown")
    href = link.get_attribute("href")
    assert href.endswith(f"#{anchor}") or href.endswith("#" + page.evaluate("(id) => encodeURIComponent(id)", anchor))
    page.goto(page.evaluate("(a) => a.href", link.element_handle()))
    assert page.evaluate("document.documentElement.lang") == target
    assert page.evaluate(f"document.getElementById({anchor!r}) !== null")
    assert page.evaluate("decodeURIComponent(location.hash.slice(1))") == anchor
