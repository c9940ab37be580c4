"""When the checker cannot work (rules not loaded, rules it cannot read, an error while answering), the
page says so in its language, with the guide's links; while the rules load, a message keeps the space."""
from __future__ import annotations

import json

import pytest

from checker.engine import evaluate
from checker.rules_loader import load_rules
from tests.browser import CHECKER_PATHS, TODAY, browser, open_page, plain  # noqa: F401

pytestmark = pytest.mark.browser
RULES = load_rules()
GUIDE_PAGES = ["eligibility", "apply", "documents", "work", "special-cases", "fees"]
FAILED = {"en": "could not start", "fr": "n'a pas pu démarrer", "fa": "اجرا نشد"}
LOADING = {"en": "Loading", "fr": "Chargement", "fa": "بارگذاری"}


@pytest.fixture
def raw_page(browser, site_server):
    """A page whose console errors are expected (a blocked request logs one)."""
    opened = []

    def make(route_rules=None):
        context, page, _watch = open_page(browser, site_server.base_url)
        opened.append(context)
        if route_rules:
            page.route("**/rules.json", route_rules)
        return page
    yield make
    for context in opened:
        context.close()


def assert_failure_message(page, site_server, lang):
    message = page.locator("#checker-app [data-checker-message='failed']")
    message.wait_for()
    assert message.is_visible()
    assert page.locator("#checker-app").get_attribute("data-state") == "failed"
    assert message.get_attribute("role") == "alert"
    assert FAILED[lang] in message.text_content()
    hrefs = message.locator("a").evaluate_all("links => links.map(a => a.href)")
    prefix = site_server.base_url + ("" if lang == "en" else f"{lang}/") + "guide/"
    assert hrefs == [f"{prefix}{name}/" for name in GUIDE_PAGES]
    for href in hrefs:
        assert page.request.get(href).status == 200


@pytest.mark.parametrize("lang", ["en", "fr", "fa"])
def test_rules_that_do_not_load_give_a_message_and_the_guide_links(raw_page, site_server, lang):
    page = raw_page(lambda route: route.abort())
    page.goto(site_server.base_url + CHECKER_PATHS[lang])
    assert_failure_message(page, site_server, lang)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_rules_the_checker_cannot_read_give_the_message(raw_page, site_server, lang):
    broken = {key: value for key, value in RULES.items() if key != "questions"}
    page = raw_page(lambda route: route.fulfill(body=json.dumps(broken), content_type="application/json"))
    page.goto(site_server.base_url + CHECKER_PATHS[lang])
    assert_failure_message(page, site_server, lang)


def test_an_error_while_answering_gives_the_message(raw_page, site_server):
    rules = json.loads(json.dumps(RULES))
    # a condition that names a group the rules do not have: the engine fails on the second question
    second = rules["questions"][1]
    first = rules["questions"][0]["id"]
    second["when"] = {"op": "and", "args": [{"call": "answered", "args": [{"ref": first}]},
                                           {"op": "in", "args": [{"ref": first}, {"group": "no_such_group"}]}]}
    page = raw_page(lambda route: route.fulfill(body=json.dumps(rules), content_type="application/json"))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_server.base_url + CHECKER_PATHS["fr"])
    page.wait_for_selector("#checker-app[data-state='ready']")
    page.locator("select[name='nationality']").select_option("IR", force=True)
    page.click("form[data-question='nationality'] button[type='submit']")
    assert_failure_message(page, site_server, "fr")
    assert errors   # the error itself is not hidden from the console


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_a_loading_message_keeps_the_space_until_the_rules_arrive(raw_page, site_server, lang):
    held = []
    page = raw_page(lambda route: held.append(route))
    page.goto(site_server.base_url + CHECKER_PATHS[lang], wait_until="domcontentloaded")
    page.wait_for_selector("#checker-app[data-state='loading']")
    mount = page.locator("#checker-app")
    assert LOADING[lang] in mount.text_content()
    assert mount.get_attribute("aria-busy") == "true"
    assert mount.bounding_box()["height"] >= 300
    page.wait_for_function("() => true")
    assert held, "the rules were requested"
    held[0].continue_()
    page.wait_for_selector("#checker-app[data-state='ready']")
    assert mount.get_attribute("aria-busy") is None
    assert page.locator("#checker-app [data-checker-message]").count() == 0


def test_result_code_that_does_not_load_says_so_and_continue_tries_again(raw_page, site_server):
    """The result's code (result.js) is a second file: when it cannot load, the question stays with a
    message saying so (focused), and Continue tries again."""
    blocked = [True]
    page = raw_page()
    page.route("**/assets/checker/result.js", lambda route: route.abort() if blocked[0] else route.continue_())
    page.goto(site_server.base_url + CHECKER_PATHS["fa"])
    page.wait_for_selector("#checker-app[data-state='ready']")
    page.locator("select[name='nationality']").select_option("DE", force=True)   # a result at once
    page.click("form[data-question='nationality'] button[type='submit']")
    message = page.locator("[data-waiting][role='alert']")
    message.wait_for()
    assert plain(RULES["texts"]["checker"]["result_failed"]["fa"]) in " ".join(message.text_content().split())
    assert page.evaluate("document.activeElement.getAttribute('role')") == "alert"
    assert page.locator("#checker-app").get_attribute("data-state") == "ready"
    assert "nationality=DE" in page.evaluate("location.hash")
    blocked[0] = False
    page.click("form[data-question='nationality'] button[type='submit']")
    page.wait_for_selector("[data-outcome='eu_citizen']")


def test_a_link_to_a_result_whose_code_does_not_load_gives_the_message(raw_page, site_server):
    page = raw_page()
    page.route("**/assets/checker/result.js*", lambda route: route.abort())  # at every address it is tried
    page.goto(site_server.base_url + CHECKER_PATHS["en"] + "#nationality=DE")
    assert_failure_message(page, site_server, "en")


def test_a_slow_result_shows_a_status_and_counts_a_changed_answer(raw_page, site_server):
    held = []
    page = raw_page()
    page.route("**/assets/checker/result.js", lambda route: held.append(route))
    page.goto(site_server.base_url + CHECKER_PATHS["en"])
    page.wait_for_selector("#checker-app[data-state='ready']")
    page.locator("select[name='nationality']").select_option("DE", force=True)
    page.click("form[data-question='nationality'] button[type='submit']")
    status = page.locator("[data-waiting][role='status']")
    status.wait_for()
    assert status.is_visible() and status.text_content() == plain(RULES["texts"]["checker"]["result_waiting"]["en"])
    assert page.locator("#checker-app").get_attribute("aria-busy") == "true"
    # the reader changes the answer while waiting: that answer counts
    page.locator("select[name='nationality']").select_option("DZ", force=True)
    page.click("form[data-question='nationality'] button[type='submit']")
    assert page.locator("[data-waiting]").count() == 1
    page.wait_for_function("() => true")
    held[0].continue_()
    page.wait_for_selector("[data-outcome]")
    assert page.locator("[data-outcome]").get_attribute("data-outcome") == evaluate(RULES, {"nationality": "DZ"}, TODAY)["outcome"]
    assert page.locator("#checker-app").get_attribute("aria-busy") is None
    assert "nationality=DZ" in page.evaluate("location.hash")
