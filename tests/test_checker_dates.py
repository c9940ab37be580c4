"""Dates the GOV.UK way (issue 22), in real Chromium: three labelled fields (day, month, year) in the
page's reading order, no native picker, the date read echoed in words before Continue, errors per field,
and dates that cannot be right for the question refused. A day typed first is never stored as a month."""
from __future__ import annotations

import re

import pytest

from checker.rules_loader import load_rules
from tests.browser import TODAY, browser, checker_page, fill_date, plain  # noqa: F401
from tests.checker_cases import fragment_of
from tests.quality import axe_violations

RULES = load_rules()
VERSION = RULES["version"]
TEXTS = RULES["texts"]["checker"]
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# up to the permit's end date (a student with a master)
BEFORE_PERMIT = {"nationality": "IR", "situation": "student_permit", "had_rece": "no", "degree": "master",
                 "degree_date": "2026-07-01"}
# the date in words, as the echo and the answers summary write it
IN_WORDS = {"en": "11 May 2027", "fr": "11 mai 2027", "fa": "۱۱ مهٔ ۲۰۲۷"}


def step(page) -> str:
    return page.locator("#checker-app").get_attribute("data-step")


def settled(page) -> None:
    page.wait_for_selector("#checker-app:not([aria-busy='true'])", state="attached")


@pytest.mark.parametrize("lang", ["en", "fr", "fa"])
def test_day_month_year_store_the_right_date_and_echo_it(checker_page, lang):
    page = checker_page.open(lang, fragment_of(BEFORE_PERMIT, VERSION))
    assert step(page) == "permit_expiry"
    form = page.locator("form[data-question='permit_expiry']")
    assert form.locator("input[type='date']").count() == 0
    # three labelled fields, day first in the page's reading order (on the right in Persian)
    names = form.locator("input").evaluate_all("nodes => nodes.map((n) => n.name)")
    assert names == ["permit_expiry_day", "permit_expiry_month", "permit_expiry_year"]
    for name in ("day", "month", "year"):
        assert form.get_by_label(plain(TEXTS[f"date_{name}"][lang]), exact=True).count() == 1
    boxes = [form.locator(f"input[name='permit_expiry_{name}']").bounding_box() for name in ("day", "year")]
    assert (boxes[0]["x"] > boxes[1]["x"]) if lang == "fa" else (boxes[0]["x"] < boxes[1]["x"])
    # a French student types 11 May 2027 day first (Persian digits on the Persian page)
    digits = (lambda text: text.translate(PERSIAN)) if lang == "fa" else (lambda text: text)
    form.locator("input[name='permit_expiry_day']").click()
    page.keyboard.insert_text(digits("11"))
    page.keyboard.press("Tab")
    page.keyboard.insert_text(digits("5"))
    page.keyboard.press("Tab")
    page.keyboard.insert_text(digits("2027"))
    echo = form.locator("[data-date-echo]")
    assert echo.get_attribute("data-value") == "2027-05-11"
    assert IN_WORDS[lang] in echo.text_content()
    assert plain(TEXTS["date_echo"][lang]).split("[[")[0].strip() in echo.text_content()
    page.keyboard.press("Enter")
    settled(page)
    assert step(page) == "goal"
    assert "permit_expiry=2027-05-11" in page.evaluate("location.hash")
    assert "2027-11-05" not in page.evaluate("location.hash")


@pytest.mark.parametrize("lang", ["en", "fr", "fa"])
def test_a_day_over_12_in_the_month_field_is_refused_never_swapped(checker_page, lang):
    page = checker_page.open(lang, fragment_of(BEFORE_PERMIT, VERSION))
    form = page.locator("form[data-question='permit_expiry']")
    hash_before = page.evaluate("location.hash")
    # 15 September typed month first (the browser's American order)
    fill_date(form, "permit_expiry", {"day": "9", "month": "15", "year": "2026"})
    assert form.locator("[data-date-echo]").text_content().strip() == ""
    form.locator("button[type='submit']").click()
    summary = page.locator(".checker-error-summary")
    assert plain(TEXTS["error_date_month"][lang]) in summary.text_content()
    assert form.locator("input[name='permit_expiry_month']").get_attribute("aria-invalid") == "true"
    assert form.locator("input[name='permit_expiry_day']").get_attribute("aria-invalid") is None
    assert page.evaluate("location.hash") == hash_before
    assert step(page) == "permit_expiry"


@pytest.mark.parametrize("lang, year, key", [
    ("en", "1950", "error_date_too_early"), ("fr", "2150", "error_date_too_late"), ("fa", "۱۹۵۰", "error_date_too_early"),
])
def test_a_diploma_date_that_cannot_be_right_gets_a_clear_message(checker_page, lang, year, key):
    answers = {key_: BEFORE_PERMIT[key_] for key_ in ("nationality", "situation", "had_rece", "degree")}
    page = checker_page.open(lang, fragment_of(answers, VERSION))
    assert step(page) == "degree_date"
    form = page.locator("form[data-question='degree_date']")
    fill_date(form, "degree_date", {"day": "1", "month": "7", "year": year})
    form.locator("button[type='submit']").click()
    message = page.locator(".checker-error-summary").text_content()
    assert plain(TEXTS[key][lang]).split("[[")[0] in message
    # the bound is a date in words, ten years before today or three after
    bound = {"en": ("27 November 2016", "27 November 2029"), "fr": ("27 novembre 2016", "27 novembre 2029"),
             "fa": ("۲۷ نوامبر ۲۰۱۶", "۲۷ نوامبر ۲۰۲۹")}[lang][0 if key.endswith("early") else 1]
    assert bound in message, message
    assert form.locator("input[name='degree_date_year']").get_attribute("aria-invalid") == "true"
    assert step(page) == "degree_date"
    assert axe_violations(page) == []


def test_a_date_the_reader_comes_back_to_is_shown_in_the_three_fields(checker_page):
    page = checker_page.open("fa", fragment_of({**BEFORE_PERMIT, "permit_expiry": "2027-06-30", "goal": "job"}, VERSION))
    page.locator("[data-change='permit_expiry']").click()
    form = page.locator("form[data-question='permit_expiry']")
    values = [form.locator(f"input[name='permit_expiry_{name}']").input_value() for name in ("day", "month", "year")]
    assert values == ["۳۰", "۶", "۲۰۲۷"]
    assert re.search("۳۰", form.locator("[data-date-echo]").text_content())
