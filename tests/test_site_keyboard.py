"""The site by keyboard and without JavaScript (issue 22): at 375 px Tab goes from the header to the
checker's first field without passing the closed drawer's or search's links, and the header's menu button
opens the drawer by keyboard; without JavaScript the checker page shows no form control that does nothing
and offers the guide; the language menu marks the page's own language, in English, French and Persian."""
from __future__ import annotations

import time

import pytest

from tests.browser import browser, open_page  # noqa: F401
from tests.quality import axe_violations

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 667}
PREFIX = {"en": "", "fr": "fr/", "fa": "fa/"}
FOCUSED = """() => { const e = document.activeElement; const r = e.getBoundingClientRect();
  return {tag: e.tagName, id: e.id, cls: String(e.className), text: (e.textContent || '').trim().slice(0, 40),
          shown: r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth
                 && e.checkVisibility({visibilityProperty: true, opacityProperty: true})}; }"""


def wait_until(page, function: str, arg=None, timeout: float = 5.0) -> None:
    """Polls `function` (a JS function, called with `arg`) until it returns true (wait_for_function would
    evaluate a string, which the site's Content-Security-Policy forbids)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(function, arg):
        assert time.monotonic() < deadline, f"never true: {function}"
        page.wait_for_timeout(50)


@pytest.fixture
def pages(browser, site_server):
    opened = []

    def open_(path: str, **options):
        context, page, watch = open_page(browser, site_server.base_url, **options)
        opened.append((context, watch))
        page.goto(site_server.base_url + path)
        return page
    yield open_
    problems = [problem for _context, watch in opened for problem in watch.problems()]
    for context, _watch in opened:
        context.close()
    assert not problems, problems


@pytest.mark.parametrize("lang", ["en", "fr", "fa"])
def test_tab_at_375_px_reaches_the_first_field_without_hidden_links(pages, lang):
    page = pages(PREFIX[lang] + "checker/", viewport=PHONE)
    page.wait_for_selector("#checker-app[data-state='ready']")
    page.evaluate("document.activeElement.blur()")
    passed = []
    for _ in range(15):
        page.keyboard.press("Tab")
        # a menu shown on focus fades in
        page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)))")
        focused = page.evaluate(FOCUSED)
        if focused["id"].startswith("checker-input-"):
            break
        passed.append(focused)
    else:
        raise AssertionError(f"Tab never reached the first field: {passed}")
    # the skip link shows once focused (after a transition): every other stop is on screen
    hidden = [item for item in passed if not item["shown"] and "md-skip" not in item["cls"]]
    assert hidden == [], hidden
    assert not any("md-nav__link" in item["cls"] for item in passed)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_menu_button_opens_the_drawer_by_keyboard(pages, lang):
    page = pages(PREFIX[lang] + "checker/", viewport=PHONE)
    page.wait_for_selector("#checker-app[data-state='ready']")
    button = page.locator(".md-header button.md-header__button[data-toggles='__drawer']")
    assert button.get_attribute("aria-label")
    assert button.get_attribute("aria-expanded") == "false"
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    wait_until(page, "() => document.activeElement.closest('.md-sidebar--primary') !== null")
    # the drawer slides in (a transition): the focused link is judged where it comes to rest
    page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)))")
    focused = page.evaluate(FOCUSED)
    assert focused["shown"], focused
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.dataset.toggles") == "__drawer"
    assert axe_violations(page) == []


@pytest.mark.parametrize("lang", ["en", "fr", "fa"])
def test_without_javascript_the_checker_page_has_no_dead_control(pages, lang):
    page = pages(PREFIX[lang] + "checker/", viewport=PHONE, java_script_enabled=False)
    controls = page.evaluate("""() => [...document.querySelectorAll('#checker-app input, #checker-app select,'
        + ' #checker-app button, #checker-app textarea, #checker-app label')]
        .filter((e) => e.getClientRects().length > 0).map((e) => e.outerHTML.slice(0, 80))""")
    assert controls == []
    links = page.locator(".checker-noscript a")
    assert links.count() >= 5
    assert all(link.is_visible() for link in links.all())
    # with JavaScript the question is there
    page = pages(PREFIX[lang] + "checker/", viewport=PHONE)
    page.wait_for_selector("#checker-app[data-state='ready']")
    assert page.locator("#checker-app form button[type='submit']").is_visible()


@pytest.mark.parametrize("lang", ["en", "fr", "fa"])
@pytest.mark.parametrize("path", ["", "checker/", "guide/apply/"])
def test_the_language_menu_marks_the_current_language(pages, lang, path):
    page = pages(PREFIX[lang] + path)
    current = page.locator(".md-select__link[aria-current='page']")
    assert current.count() == 1
    assert current.get_attribute("hreflang") == lang
    assert page.locator(".md-select__link:not([aria-current])").count() == 2
    # a visible mark: the link is bold and has a mark before it
    page.locator(".md-select button").focus()
    style = current.evaluate("(a) => [getComputedStyle(a).fontWeight, getComputedStyle(a, '::before').content]")
    assert int(style[0]) >= 700 and "✓" in style[1]


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_a_wide_table_at_320_px_is_a_named_region_the_keyboard_scrolls(pages, lang):
    page = pages(PREFIX[lang] + "guide/fees/", viewport={"width": 320, "height": 640})
    page.wait_for_selector("[data-scroll-region]")
    regions = page.locator("[data-scroll-region]")
    for region in regions.all():
        assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
        name = region.evaluate("(n) => n.getAttribute('aria-label')"
                               " || document.getElementById(n.getAttribute('aria-labelledby')).textContent")
        assert name.strip() and "¶" not in name
        # the visible cue: shadows on the sides (gradients) of the scrolling box
        assert region.evaluate("(n) => getComputedStyle(n).backgroundImage").count("gradient") == 4
    region = regions.first
    region.focus()
    before = region.evaluate("(n) => n.scrollLeft")
    page.keyboard.press("ArrowRight" if lang == "en" else "ArrowLeft")
    wait_until(page, "([n, b]) => n.scrollLeft !== b", [region.element_handle(), before])
    assert axe_violations(page) == []
    # at 1280 px nothing scrolls: no region, nothing extra to Tab through
    page.set_viewport_size({"width": 1280, "height": 800})
    wait_until(page, "() => document.querySelectorAll('[data-scroll-region]').length === 0")


@pytest.mark.parametrize("lang", ["en", "fr", "fa"])
def test_the_apply_page_links_the_services_it_names(pages, lang):
    page = pages(PREFIX[lang] + "guide/apply/")
    links = page.locator("a.guide-service")
    assert links.count() == 4
    for link in links.all():
        assert link.get_attribute("rel") == "noreferrer" and link.get_attribute("href").startswith("https://")
    assert axe_violations(page) == []


HEADINGS = """() => [...document.querySelectorAll('h1, h2')].filter((h) => h.getClientRects().length > 0)
  .map((h) => [h.tagName, h.id, h.textContent.trim()])"""


@pytest.mark.parametrize("lang", ["en", "fr", "fa"])
def test_a_question_step_has_the_question_as_its_h1(pages, lang):
    from tests.browser import answer
    from tests.quality import FULL_PATH
    page = pages(PREFIX[lang] + "checker/")
    page.wait_for_selector("#checker-app[data-state='ready']")
    # the start: the page's H1 and intro, the first question under them
    shown = page.evaluate(HEADINGS)
    assert [h[0] for h in shown if h[0] == "H1"] == ["H1"] and shown[0][1] != "checker-heading"
    assert page.locator("#checker-heading").evaluate("(h) => h.tagName") == "H2"
    first, value = next(iter(FULL_PATH.items()))
    answer(page, "country", first, value)
    # the next step: one H1, the question, focused; the intro is gone, the skip link goes to the question
    shown = page.evaluate(HEADINGS)
    h1s = [h for h in shown if h[0] == "H1"]
    assert len(h1s) == 1 and h1s[0][1] == "checker-heading"
    assert page.evaluate("document.activeElement.id") == "checker-heading"
    assert page.locator(".md-content article > ul").first.is_hidden()
    assert page.locator(".md-skip").get_attribute("href") == "#checker-app"
    assert axe_violations(page) == []


@pytest.mark.parametrize("lang", ["en", "fr", "fa"])
def test_a_result_opened_from_a_link_starts_on_the_first_screen_at_375_px(pages, lang):
    from tests.quality import FULL_PATH, fragment_of, rules
    page = pages(PREFIX[lang] + "checker/#" + fragment_of(FULL_PATH, rules()["version"]), viewport=PHONE)
    page.wait_for_selector("#checker-app[data-step='result']")
    # the page's H1 stays above the result; the intro about answering (its paragraph and list) is gone
    shown = page.evaluate(HEADINGS)
    assert [h[1] for h in shown if h[0] == "H1"] != ["checker-heading"] and len([h for h in shown if h[0] == "H1"]) == 1
    assert page.locator(".md-content article > ul").first.is_hidden()
    assert page.locator(".md-content article > p").first.is_hidden()
    top = page.locator("[data-outcome]").first.evaluate("(node) => node.getBoundingClientRect().top")
    assert 0 <= top < PHONE["height"] / 2, top
    assert page.locator(".md-skip").get_attribute("href") != "#checker-app"
    assert axe_violations(page) == []


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_error_summary_is_not_hidden_under_the_sticky_header_at_375_px(pages, lang):
    from tests.browser import fill_date
    from tests.quality import question_prefixes
    prefix = dict(question_prefixes())["degree_date"]
    page = pages(PREFIX[lang] + "checker/#" + prefix, viewport=PHONE)
    page.wait_for_selector("#checker-app[data-step='degree_date']")
    form = page.locator("form[data-question='degree_date']")
    fill_date(form, "degree_date", "2026-02-31")
    form.locator("button[type='submit']").click()
    summary = page.locator(".checker-error-summary")
    summary.wait_for()
    assert page.evaluate("document.activeElement.classList.contains('checker-error-summary')")
    header = page.locator(".md-header").evaluate("(node) => node.getBoundingClientRect().bottom")
    top = summary.evaluate("(node) => node.getBoundingClientRect().top")
    assert header <= top < PHONE["height"], (header, top)
    # the summary's link moves focus to the field, also below the header
    summary.locator("a").first.click()
    field = page.evaluate("document.activeElement.getBoundingClientRect().top")
    assert header <= field < PHONE["height"], (header, field)
