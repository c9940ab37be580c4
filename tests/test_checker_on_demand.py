"""Data on demand (build_tools/generate.py checker_files, checker/localise.py split_for_result, app.js):
the questions need only the first rules file; what only a result shows is a second file per language,
fetched while the reader answers, so a result never waits on the network; a link with complete answers
loads both at once; the country names the browser's Intl.DisplayNames gives as the build's are not shipped."""
from __future__ import annotations

import re

import pytest

from build_tools.generate import checker_files
from checker.engine import evaluate
from checker.rules_loader import LANGUAGES, load_rules
from tests.browser import CHECKER_PATHS, RESULT_CODE, TODAY, browser, click_through, open_page, plain  # noqa: F401
from tests.checker_cases import OUTCOME_ANSWERS, fragment_of

pytestmark = pytest.mark.browser
RULES = load_rules()
RESULT_TEXTS = re.compile(r"/assets/checker/result-texts\.[0-9a-f]{10}\.json(\?[^/]*)?$")
GUIDE_PAGES = ["eligibility", "apply", "documents", "work", "special-cases", "fees"]
ANSWERS = OUTCOME_ANSWERS["rece_job"]


@pytest.fixture
def page_of(browser, site_server):
    opened = []

    def make():
        context, page, watch = open_page(browser, site_server.base_url)
        opened.append(context)
        page.watch = watch
        return page
    yield make
    for context in opened:
        context.close()


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_a_result_needs_no_request_after_it_is_shown(page_of, site_server, lang):
    page = page_of()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_server.base_url + CHECKER_PATHS[lang])
    page.wait_for_selector("#checker-app[data-state='ready']")
    page.wait_for_load_state("networkidle")
    # the first question needs neither the result's code nor its texts
    assert not [url for url in requested if RESULT_TEXTS.search(url) or RESULT_CODE.search(url)]
    click_through(page, RULES, ANSWERS)
    page.wait_for_selector("[data-outcome]")
    assert page.locator("[data-outcome]").get_attribute("data-outcome") == evaluate(RULES, ANSWERS, TODAY)["outcome"]
    shown = len(requested)
    assert len([url for url in requested if RESULT_TEXTS.search(url)]) == 1
    # the result's evidence (facts, sources) is there, and opening it asks for nothing
    page.locator("details[data-part='evidence'] summary").click()
    assert page.locator("[data-fact]").count() > 0 and page.locator("[data-source]").count() > 0
    page.wait_for_load_state("networkidle")
    assert requested[shown:] == [], requested[shown:]
    assert not page.watch.problems(), page.watch.problems()


def test_a_link_with_answers_waits_for_a_slow_second_file(page_of, site_server):
    page = page_of()
    held = []
    page.route(RESULT_TEXTS, lambda route: held.append(route))
    fragment = fragment_of(ANSWERS, RULES["version"])
    page.goto(site_server.base_url + CHECKER_PATHS["fr"] + "#" + fragment, wait_until="domcontentloaded")
    # both files are asked for at once, with the rules
    page.wait_for_function("() => true")
    page.wait_for_selector("#checker-app[data-state='preparing']")
    status = page.locator("#checker-app [data-waiting][role='status']")
    assert status.text_content() == plain(RULES["texts"]["checker"]["result_waiting"]["fr"])
    assert page.locator("#checker-app").get_attribute("aria-busy") == "true"
    page.wait_for_timeout(3000)
    assert held and page.locator("#checker-app").get_attribute("data-state") == "preparing"
    held[0].continue_()
    page.wait_for_selector("#checker-app[data-state='ready']")
    assert page.locator("[data-outcome]").get_attribute("data-outcome") == evaluate(RULES, ANSWERS, TODAY)["outcome"]
    assert page.evaluate("location.hash") == "#" + fragment
    assert not page.watch.problems(), page.watch.problems()


def test_a_link_with_answers_whose_second_file_fails_gives_the_message(page_of, site_server):
    page = page_of()
    page.route(RESULT_TEXTS, lambda route: route.abort())
    fragment = fragment_of(ANSWERS, RULES["version"])
    page.goto(site_server.base_url + CHECKER_PATHS["fa"] + "#" + fragment)
    message = page.locator("#checker-app [data-checker-message='failed']")
    message.wait_for()
    assert message.get_attribute("role") == "alert"
    hrefs = message.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert hrefs == [f"{site_server.base_url}fa/guide/{name}/" for name in GUIDE_PAGES]
    assert page.evaluate("location.hash") == "#" + fragment


def test_a_second_file_that_fails_while_answering_says_so_and_continue_tries_again(page_of, site_server):
    page = page_of()
    blocked = [True]
    page.route(RESULT_TEXTS, lambda route: route.abort() if blocked[0] else route.continue_())
    page.goto(site_server.base_url + CHECKER_PATHS["en"])
    page.wait_for_selector("#checker-app[data-state='ready']")
    page.locator("select[name='nationality']").select_option("DE", force=True)
    page.click("form[data-question='nationality'] button[type='submit']")
    message = page.locator("[data-waiting][role='alert']")
    message.wait_for()
    assert message.locator("a").count() == len(GUIDE_PAGES)
    blocked[0] = False
    page.click("form[data-question='nationality'] button[type='submit']")
    page.wait_for_selector("[data-outcome='eu_citizen']")
    assert "nationality=DE" in page.evaluate("location.hash")


def test_country_names_from_the_browser_equal_the_build_s_or_ship(page_of, site_server):
    """Every code in every language: the name the app shows (Chromium's Intl.DisplayNames, or the
    override the build shipped) is the build's (Babel's, with the rules' own names)."""
    page = page_of()
    page.goto(site_server.base_url + CHECKER_PATHS["en"])
    codes = RULES["countries"]["codes"]
    chromium = page.evaluate("""([codes, languages]) => Object.fromEntries(languages.map((lang) => {
        const names = new Intl.DisplayNames([lang], { type: "region", fallback: "none" });
        return [lang, Object.fromEntries(codes.map((code) => [code, names.of(code) || null]))];
    }))""", [codes, list(LANGUAGES)])
    for lang in LANGUAGES:
        first, _ = checker_files(RULES, lang)
        shipped = first["countries"]
        overrides = {lang: shipped["names"], **shipped["other_names"]}
        for other in LANGUAGES:
            for code in codes:
                shown = overrides[other].get(code) or chromium[other][code]
                assert shown == RULES["countries"]["names"][other][code], (
                    f"{other} name of {code}: Chromium says {shown!r}, the build "
                    f"{RULES['countries']['names'][other][code]!r}: add {code} to countries.yaml always_ship_names")
        # the names the browser gives are not shipped: only the differing ones
        # (the rules' own `names` overrides among them): a few per language, not the ~250 names
        for names in (shipped["names"], *shipped["other_names"].values()):
            assert len(names) <= len(codes) // 20, sorted(names)
