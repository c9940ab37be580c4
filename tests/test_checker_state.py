"""The checker's state in Chromium: changing answers, shared links, broken links, errors,
keyboard use, Persian dates; every test fails on a console error or a request to another origin
(storage and cookies: test_quality_privacy.py)."""
from __future__ import annotations

import re

import pytest

from checker.rules_loader import load_rules
from tests.browser import TODAY, answer, browser, checker_page, click_through  # noqa: F401
from tests.checker_cases import OUTCOME_ANSWERS, fragment_of

pytestmark = pytest.mark.browser
RULES = load_rules()
VERSION = RULES["version"]
PERSIAN_DIGITS = re.compile(r"[۰-۹]")


def step(page) -> str:
    return page.locator("#checker-app").get_attribute("data-step")


def hash_keys(page) -> list[str]:
    return [part.split("=")[0] for part in page.evaluate("location.hash").lstrip("#").split("&") if part]


def test_changing_an_answer_drops_the_answers_no_longer_on_the_path(checker_page):
    answers = OUTCOME_ANSWERS["rece_job"]
    page = checker_page.open("en", fragment_of(answers, VERSION))
    assert page.locator("[data-outcome='rece_job']").is_visible()
    page.click("[data-change='situation']")
    assert step(page) == "situation"
    assert page.locator("input[name='situation'][value='student_permit']").is_checked()
    answer(page, "choice", "situation", "researcher")
    # degree and degree_date are off the path for a researcher: dropped, and said so
    notice = page.locator("[data-notice='dropped']")
    assert notice.is_visible()
    assert "Which French degree" in notice.text_content()
    assert step(page) == "result"
    assert page.locator("[data-outcome='rece_job']").is_visible()
    assert "degree" not in hash_keys(page) and "degree_date" not in hash_keys(page)
    assert page.locator("[data-answer='degree']").count() == 0
    assert page.locator("time[data-date='degree_recent_until']").count() == 0


def test_a_change_that_opens_new_questions_asks_them_then_shows_the_result(checker_page):
    page = checker_page.open("en", fragment_of(OUTCOME_ANSWERS["not_eligible_status"], VERSION))
    page.click("[data-change='situation']")
    answer(page, "choice", "situation", "student_permit")
    assert step(page) == "had_rece"
    answer(page, "choice", "had_rece", "yes")
    assert page.locator("[data-outcome='already_had_rece']").is_visible()


def test_changing_nationality_to_the_eu_drops_everything_after(checker_page):
    page = checker_page.open("fr", fragment_of(OUTCOME_ANSWERS["rece_job"], VERSION))
    page.click("[data-change='nationality']")
    answer(page, "country", "nationality", "IT")
    assert page.locator("[data-outcome='eu_citizen']").is_visible()
    assert page.locator("[data-notice='dropped']").is_visible()
    assert hash_keys(page) == ["nationality", "v"]


def test_back_goes_to_the_previous_question_and_keeps_the_answer(checker_page):
    page = checker_page.open("en")
    answer(page, "country", "nationality", "IR")
    answer(page, "choice", "situation", "left_france")
    assert step(page) == "had_rece"
    page.click(".checker-back")
    assert step(page) == "situation"
    assert page.locator("input[name='situation'][value='left_france']").is_checked()
    assert page.evaluate("document.activeElement.id") == "checker-heading"
    page.click(".checker-back")
    assert step(page) == "nationality"
    assert page.locator("select[name='nationality']").input_value() == "IR"
    assert page.locator("[data-combobox='nationality']").input_value() == "Iran"
    assert page.locator(".checker-back").count() == 0


def test_a_shared_link_round_trips(checker_page):
    answers = OUTCOME_ANSWERS["rece_company"]
    page = checker_page.open("fa")
    click_through(page, RULES, answers)
    link = page.evaluate("location.href")
    shown = page.locator("[data-outcome]").inner_text()
    other = checker_page.open("fa", link.split("#", 1)[1])
    assert other.locator("[data-outcome='rece_company']").is_visible()
    assert other.locator("[data-outcome]").inner_text() == shown
    assert other.locator("[data-notice]").count() == 0
    assert other.evaluate("location.href") == link


def test_copy_link_copies_the_address_with_the_answers(checker_page):
    page = checker_page.open("en", fragment_of(OUTCOME_ANSWERS["rece_job"], VERSION),
                             permissions=["clipboard-read", "clipboard-write"])
    page.click("[data-action='copy']")
    page.wait_for_function("() => document.querySelector('.checker-copy-status').textContent.length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == page.evaluate("location.href")


def test_copy_link_without_clipboard_shows_the_link_to_copy(checker_page):
    page = checker_page.open("en", fragment_of(OUTCOME_ANSWERS["eu_citizen"], VERSION))
    page.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.click("[data-action='copy']")
    field = page.locator(".checker-copy-field")
    assert field.input_value() == page.evaluate("location.href")


def test_an_older_version_link_shows_a_notice_and_the_result(checker_page):
    page = checker_page.open("en", fragment_of(OUTCOME_ANSWERS["rece_job"], "2025.01.01"))
    notice = page.locator("[data-notice='version']")
    assert notice.is_visible()
    assert "2025.01.01" in notice.text_content() and VERSION in notice.text_content()
    assert page.locator("[data-outcome='rece_job']").is_visible()
    # the address now carries the current version
    assert page.evaluate("location.hash").endswith(f"v={VERSION}")


GARBAGE = {
    "unknown key": ("nationality=IR&colour=blue", "situation", ["link"]),
    "bad country": ("nationality=ZZ", "nationality", ["link"]),
    "bad option": ("nationality=IR&situation=astronaut", "situation", ["link"]),
    "impossible date": (fragment_of(dict(OUTCOME_ANSWERS["rece_job"], permit_expiry="2027-02-30")), "permit_expiry", ["link"]),
    "off-path key": ("nationality=DE&situation=student_permit", "result", ["link"]),
    "repeated key": ("nationality=IR&nationality=FR", "situation", ["link"]),
    "broken escapes": ("%E0%A4%A&nationality=%ZZ", "nationality", ["link"]),
    "not a fragment": ("!!!@@@###", "nationality", ["link"]),
    "huge": ("nationality=" + "A" * 200_000, "nationality", ["link"]),
    "many pairs": ("&".join(["x=1"] * 5000), "nationality", ["link"]),
    "script": ("nationality=<img src=x onerror=alert(1)>&<script>=1", "nationality", ["link"]),
    "bad version": ("nationality=IR&v=<b>", "situation", ["link"]),
}


@pytest.mark.parametrize("name", sorted(GARBAGE))
def test_garbage_fragments_show_a_message_and_never_crash(checker_page, name):
    fragment, expected_step, notices = GARBAGE[name]
    page = checker_page.open("en", fragment)
    assert step(page) == expected_step
    for notice in notices:
        assert page.locator(f"[data-notice='{notice}']").is_visible()
    assert page.locator("img[src='x']").count() == 0
    # what is left in the address is only usable answers
    for key in hash_keys(page):
        assert key in {question["id"] for question in RULES["questions"]} | {"v"}


def test_a_link_to_a_heading_of_the_page_is_not_taken_for_answers(checker_page):
    page = checker_page.open("en", "checker-app")
    assert step(page) == "nationality"
    assert page.locator("[data-notice]").count() == 0
    answer(page, "country", "nationality", "IR")
    assert step(page) == "situation"
    # the app handles hashchange synchronously; a listener added now runs after the app's
    after_hash_change = """(fragment) => new Promise((resolve) => {
        window.addEventListener('hashchange', () => resolve({step: document.querySelector('#checker-app').dataset.step,
            notices: document.querySelectorAll('[data-notice]').length}), {once: true});
        location.hash = fragment;
    })"""
    assert page.evaluate(after_hash_change, "checker-app") == {"step": "situation", "notices": 0}
    # the same listener sees a fragment of answers taken: it observes the app's handling (the result's
    # code and texts, fetched since the first answer, are here: a slow machine may still be fetching them)
    page.wait_for_load_state("networkidle")
    assert page.evaluate(after_hash_change, fragment_of(OUTCOME_ANSWERS["rece_job"], VERSION)) == \
        {"step": "result", "notices": 0}


def test_persian_digits_in_a_link_date_are_accepted(checker_page):
    answers = dict(OUTCOME_ANSWERS["rece_job"], permit_expiry="۲۰۲۷-۰۶-۳۰", degree_date="٢٠٢٦-٠٧-٠١")
    page = checker_page.open("fa", fragment_of(answers, VERSION))
    assert page.locator("[data-outcome='rece_job']").is_visible()
    assert page.locator("[data-notice]").count() == 0
    assert page.locator("time[data-date='file_before']").get_attribute("datetime") == "2027-06-30"
    assert "permit_expiry=2027-06-30" in page.evaluate("location.hash")


def test_the_browser_history_steps_back_through_the_answers(checker_page):
    page = checker_page.open("en")
    answer(page, "country", "nationality", "IR")
    answer(page, "choice", "situation", "other")
    assert step(page) == "result"
    page.go_back()
    page.wait_for_function("() => document.querySelector('#checker-app').dataset.step === 'situation'")
    page.go_back()
    page.wait_for_function("() => document.querySelector('#checker-app').dataset.step === 'nationality'")


def test_continue_without_an_answer_shows_the_error_summary(checker_page):
    page = checker_page.open("en")
    page.click("form[data-question='nationality'] button[type='submit']")
    summary = page.locator(".checker-error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('checker-error-summary')")
    assert page.title().startswith("Error:")
    assert page.locator("[data-combobox='nationality']").get_attribute("aria-invalid") == "true"
    summary.locator("a").click()
    assert page.evaluate("document.activeElement.dataset.combobox") == "nationality"
    assert page.evaluate("location.hash") == ""
    answer(page, "country", "nationality", "IR")
    page.click("form[data-question='situation'] button[type='submit']")
    page.locator(".checker-error-summary a").click()
    assert page.evaluate("document.activeElement.name") == "situation"


@pytest.mark.parametrize("typed, error, invalid", [
    ({"day": "", "month": "", "year": ""}, "error_date_empty", ["day", "month", "year"]),
    ({"day": "30", "month": "2", "year": "2027"}, "error_date_impossible", ["day", "month"]),
    ({"day": "۰۱", "month": "۱۳", "year": "۲۰۲۷"}, "error_date_month", ["month"]),
    ({"day": "30", "month": "June", "year": "2027"}, "error_date_month", ["month"]),
    ({"day": "32", "month": "6", "year": "2027"}, "error_date_day", ["day"]),
    ({"day": "30", "month": "6", "year": "27"}, "error_date_year", ["year"]),
    ({"day": "30", "month": "", "year": "2027"}, "error_date_missing_month", ["month"]),
    ({"day": "۳۰/۰۶/۲۰۲۷", "month": "", "year": ""}, "error_date_whole", ["day"]),   # a whole date in one box
    ({"day": "9", "month": "4", "year": "۱۴۰۵"}, "error_date_range", ["year"]),   # a Solar Hijri year
    ({"day": "9", "month": "4", "year": "2015"}, "error_date_too_early", ["year"]),
])
def test_bad_typed_dates_get_a_clear_error_on_their_field(checker_page, typed, error, invalid):
    answers = OUTCOME_ANSWERS["rece_job"]
    page = checker_page.open("fa", fragment_of({k: answers[k] for k in list(answers)[:5]}, VERSION))
    assert step(page) == "permit_expiry"
    answer(page, "date", "permit_expiry", typed)
    message = RULES["texts"]["checker"][error]["fa"].split("[[")[0].replace("{ltr:", "").replace("}", "")
    assert message in page.locator(".checker-error-summary").text_content()
    assert step(page) == "permit_expiry"
    marked = page.eval_on_selector_all("form [aria-invalid='true']", "nodes => nodes.map((n) => n.name)")
    assert marked == [f"permit_expiry_{name}" for name in invalid]
    # the summary's link leads to the first field at fault
    page.locator(".checker-error-summary a").click()
    assert page.evaluate("document.activeElement.name") == f"permit_expiry_{invalid[0]}"


def test_a_date_typed_in_persian_digits_is_accepted(checker_page):
    answers = OUTCOME_ANSWERS["rece_job"]
    page = checker_page.open("fa", fragment_of({k: answers[k] for k in list(answers)[:5]}, VERSION))
    answer(page, "date", "permit_expiry", {"day": "۳۰", "month": "۶", "year": "۲۰۲۷"})
    assert step(page) == "goal"
    answer(page, "choice", "goal", "job")
    assert page.locator("time[data-date='file_before']").get_attribute("datetime") == "2027-06-30"


def test_persian_page_shows_persian_digits_and_the_solar_hijri_date(checker_page):
    page = checker_page.open("fa", fragment_of(OUTCOME_ANSWERS["rece_job"], VERSION))
    time = page.locator("time[data-date='file_before']")
    text = time.text_content()
    assert PERSIAN_DIGITS.search(text) and not re.search(r"[0-9]", text)
    assert "۲۰۲۷" in text and "۳۰" in text
    hijri = page.locator("time[data-date='file_before'] + .checker-hijri")
    assert hijri.get_attribute("data-calendar") == "persian"
    # 30 June 2027 is 9 Tir 1406 in the Solar Hijri calendar
    assert "۱۴۰۶" in hijri.text_content() and "تیر" in hijri.text_content() and "۹" in hijri.text_content()
    assert page.evaluate("getComputedStyle(document.querySelector('.checker')).direction") == "rtl"


def test_english_and_french_dates_are_in_the_page_language(checker_page):
    english = checker_page.open("en", fragment_of(OUTCOME_ANSWERS["rece_job"], VERSION))
    assert english.locator("time[data-date='file_before']").text_content() == "30 June 2027"
    french = checker_page.open("fr", fragment_of(OUTCOME_ANSWERS["rece_job"], VERSION))
    assert french.locator("time[data-date='file_before']").text_content() == "30 juin 2027"
    assert french.locator(".checker-hijri").count() == 0


def test_countries_are_all_listed_and_sorted_for_the_language(checker_page):
    page = checker_page.open("fr")
    options = page.eval_on_selector_all("select[name='nationality'] option", "nodes => nodes.map(n => [n.value, n.textContent])")
    codes = [value for value, _ in options if value]
    assert sorted(codes) == sorted(RULES["countries"]["codes"])
    names = [name for value, name in options if value]
    assert names.index("Égypte") < names.index("Espagne") < names.index("Estonie")
    assert dict(options)["DE"] == RULES["countries"]["names"]["fr"]["DE"]


def tab_to(page, name: str, limit: int = 20) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == name:
            return
    raise AssertionError(f"Tab never reached {name}")


def test_a_keyboard_only_run_completes(checker_page):
    page = checker_page.open("en")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.combobox") == "nationality":
            break
    else:
        raise AssertionError("Tab never reached the nationality search")
    page.keyboard.type("Iran")
    assert page.locator("select[name='nationality']").input_value() == "IR"
    page.keyboard.press("Enter")   # picks Iran, highlighted first
    page.keyboard.press("Enter")   # sends the answer
    assert step(page) == "situation"
    page.keyboard.press("Tab")   # from the heading to the first radio
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert step(page) == "had_rece"
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # "no"
    page.keyboard.press("Enter")      # implicit submission from a radio
    assert step(page) == "degree"
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # master
    page.keyboard.press("Enter")
    assert step(page) == "degree_date"
    tab_to(page, "degree_date_day")   # day, month, year: three fields
    for text in ("1", "7", "2026"):
        page.keyboard.type(text)
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")      # on Continue
    assert step(page) == "permit_expiry"
    page.keyboard.press("Tab")        # the day comes first
    assert page.evaluate("document.activeElement.name") == "permit_expiry_day"
    page.keyboard.type("30")
    page.keyboard.press("Tab")
    page.keyboard.type("6")
    page.keyboard.press("Tab")
    page.keyboard.type("2027")
    page.keyboard.press("Enter")      # implicit submission from the year field
    assert step(page) == "goal"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    assert page.locator("[data-outcome='rece_job']").is_visible()
    # Change by keyboard
    page.focus("[data-change='goal']")
    page.keyboard.press("Enter")
    assert step(page) == "goal"


def test_start_again_clears_the_answers_and_the_address(checker_page):
    page = checker_page.open("en", fragment_of(OUTCOME_ANSWERS["rece_job"], VERSION))
    page.click("[data-action='start-again']")
    assert step(page) == "nationality"
    assert page.evaluate("location.hash") == ""
    assert page.locator("select[name='nationality']").input_value() == ""
    assert page.locator("[data-combobox='nationality']").input_value() == ""


def test_the_page_works_at_320_pixels(checker_page):
    page = checker_page.open("fa", fragment_of(OUTCOME_ANSWERS["rece_job"], VERSION),
                             viewport={"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.click("[data-change='degree']")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_skip_link_keeps_the_answers_in_the_address(checker_page, lang):
    """Material's "Skip to content" link points at the page's first heading: following it by keyboard
    moves to the content, and the address still holds the answers (to copy, to reload)."""
    answers = OUTCOME_ANSWERS["rece_job"]
    page = checker_page.open(lang, fragment_of(answers, RULES["version"]))
    page.wait_for_selector("[data-outcome='rece_job']")
    before = page.evaluate("location.hash")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    page.keyboard.press("Enter")
    page.wait_for_function("(before) => location.hash === before", arg=before)
    assert page.locator("[data-outcome='rece_job']").is_visible()
    page.reload()
    page.wait_for_selector("[data-outcome='rece_job']")
    assert page.evaluate("location.hash") == before
