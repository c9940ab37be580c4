"""The result page in Chromium, in English, French and Persian: the result first, then what to do;
the evidence folded with each source once; the language switch keeps the result; the print fits
on two A4 pages; the page's Back and the browser's Back agree."""
from __future__ import annotations

import re

import pytest

from checker.rules_loader import load_rules
from tests.browser import answer, browser, checker_page  # noqa: F401
from tests.checker_cases import OUTCOME_ANSWERS, fragment_of

pytestmark = pytest.mark.browser
RULES = load_rules()
VERSION = RULES["version"]
LANGS = ["en", "fr", "fa"]
NAMES = RULES["countries"]["names"]
LATIN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def step(page) -> str:
    return page.locator("#checker-app").get_attribute("data-step")


def wait_step(page, expected: str) -> None:
    page.wait_for_function(f"() => document.querySelector('#checker-app').dataset.step === {expected!r}")


def dom_order(page, selectors: list[str]) -> list[int]:
    """The position of the first match of each selector in document order."""
    return page.evaluate("""(selectors) => {
      const all = [...document.querySelectorAll('*')];
      return selectors.map((s) => all.indexOf(document.querySelector(s)));
    }""", selectors)


@pytest.mark.parametrize("lang", LANGS)
def test_the_result_comes_first_then_what_to_do_and_the_evidence_is_folded(checker_page, lang):
    page = checker_page.open(lang, fragment_of(OUTCOME_ANSWERS["rece_job"], VERSION))
    order = dom_order(page, [".checker-panel #checker-heading", "[data-part='next-steps']", "[data-part='notes']",
                             "[data-part='documents']", "[data-part='dates']", "[data-part='evidence']",
                             "[data-part='answers']"])
    assert -1 not in order and order == sorted(order)
    # Start again and the way to the answers are near the top, before the next steps
    top = dom_order(page, ["[data-action='start-again-top']", "[data-action='to-answers']", "[data-part='next-steps']"])
    assert top[0] < top[2] and top[1] < top[2]
    evidence = page.locator("details[data-part='evidence']")
    assert evidence.get_attribute("open") is None
    assert page.locator("[data-fact]").first.is_hidden()
    evidence.locator("summary").click()
    assert page.locator("[data-fact]").first.is_visible()
    # every source of the result is listed once, and facts refer to them by number
    listed = page.eval_on_selector_all(".checker-sources [data-source]", "nodes => nodes.map(n => n.dataset.source)")
    assert listed and len(listed) == len(set(listed))
    referred = set(page.eval_on_selector_all("[data-source-ref]", "nodes => nodes.map(n => n.dataset.sourceRef)"))
    assert referred == set(listed)
    assert page.locator("a.checker-source-link").count() == len({s for s in listed if RULES["sources"][s].get("url")})


@pytest.mark.parametrize("lang", LANGS)
def test_the_result_names_the_nationality_it_is_based_on(checker_page, lang):
    page = checker_page.open(lang, fragment_of(OUTCOME_ANSWERS["bilateral_aps"], VERSION))
    based_on = page.locator(".checker-panel [data-based-on='nationality']")
    assert NAMES[lang]["TN"] in based_on.text_content()
    assert page.locator(".checker-panel [data-bilateral='TN']").is_visible()
    # the bilateral wording: the country named once in the panel (the row says "your country"), and no
    # "not found" mark the result does not show
    assert page.locator(".checker-panel").text_content().count(NAMES[lang]["TN"]) == 1
    steps = page.locator("[data-outcome]").text_content()
    assert not any(mark in steps for mark in ("not found", "non trouvé", "یافت نشد"))
    other = checker_page.open(lang, fragment_of(OUTCOME_ANSWERS["rece_job"], VERSION))
    assert NAMES[lang]["IR"] in other.locator("[data-based-on='nationality']").text_content()
    assert other.locator("[data-bilateral]").count() == 0


def test_persian_steps_are_numbered_in_persian_digits(checker_page):
    page = checker_page.open("fa", fragment_of(OUTCOME_ANSWERS["rece_job"], VERSION))
    assert page.evaluate("getComputedStyle(document.querySelector('.checker-steps')).listStyleType") == "persian"


def test_persian_amounts_use_one_format(checker_page):
    page = checker_page.open("fa", fragment_of(OUTCOME_ANSWERS["rece_job"], VERSION))
    amounts = page.eval_on_selector_all(".checker-amount", "nodes => nodes.map(n => n.textContent)")
    assert amounts
    for amount in amounts:
        assert re.fullmatch(r"[۰-۹٬]+(٫[۰-۹]{2})? یورو", amount), amount


def test_french_dates_write_the_first_of_the_month_1er(checker_page):
    # 2026-11-01 + 4 months: the recommended window of a permit ending on 1 March 2027 opens on 1 November 2026
    answers = dict(OUTCOME_ANSWERS["rece_job"], permit_expiry="2027-03-01")
    page = checker_page.open("fr", fragment_of(answers, VERSION))
    texts = page.eval_on_selector_all("time[data-date]", "nodes => nodes.map(n => [n.getAttribute('datetime'), n.textContent])")
    firsts = [text for iso, text in texts if iso.endswith("-01")]
    assert firsts and all(text.startswith("1er ") for text in firsts), texts


@pytest.mark.parametrize("start, target", [("en", "fa"), ("fa", "fr"), ("fr", "en")])
def test_switching_language_on_a_result_keeps_the_outcome(checker_page, start, target):
    page = checker_page.open(start)
    page.goto(checker_page.url(start, fragment_of(OUTCOME_ANSWERS["bilateral_aps"], VERSION)))
    wait_step(page, "result")
    switch = page.locator(f"a.md-select__link[hreflang='{target}']")
    assert switch.get_attribute("href").endswith(page.evaluate("location.hash"))
    page.hover(".md-header__option .md-select")
    switch.click()
    page.wait_for_selector("#checker-app[data-state='ready']")
    assert page.evaluate("document.documentElement.lang") == target
    assert page.locator("[data-outcome='bilateral_aps']").is_visible()
    assert page.locator("[data-notice]").count() == 0
    # after a change of answer, the links follow
    page.click("[data-change='permit_expiry']")
    assert page.locator(f"a.md-select__link[hreflang='{start}']").get_attribute("href").endswith(page.evaluate("location.hash"))


@pytest.mark.parametrize("lang", LANGS)
def test_browser_back_after_each_step_restores_the_earlier_answer(checker_page, lang):
    answers = OUTCOME_ANSWERS["rece_job"]
    page = checker_page.open(lang)
    asked = []
    while step(page) != "result":
        current = step(page)
        kind = next(q["kind"] for q in RULES["questions"] if q["id"] == current)
        answer(page, kind, current, answers[current])
        asked.append((current, kind))
    for question, kind in reversed(asked):
        page.go_back()
        wait_step(page, question)
        form = page.locator(f"form[data-question='{question}']")
        if kind == "country":
            assert page.locator("select[name='nationality']").input_value() == answers[question]
            assert form.locator("[data-combobox]").input_value() == NAMES[lang][answers[question]]
        elif kind == "date":  # the day, month and year fields, refilled in the page's digits
            shown = [form.locator(f"input[name='{question}_{part}']").input_value().translate(LATIN_DIGITS)
                     for part in ("year", "month", "day")]
            assert [int(part) for part in shown] == [int(part) for part in answers[question].split("-")]
        else:
            assert form.locator(f"input[value='{answers[question]}']").is_checked()
    # and Forward goes the other way, to the result
    for _ in asked:
        page.go_forward()
    wait_step(page, "result")
    assert page.locator("[data-outcome='rece_job']").is_visible()


def test_the_page_back_is_the_browser_back(checker_page):
    page = checker_page.open("en")
    answer(page, "country", "nationality", "IR")
    answer(page, "choice", "situation", "other")
    assert step(page) == "result"
    length = page.evaluate("history.length")
    page.click(".checker-back")
    wait_step(page, "situation")
    assert page.evaluate("history.length") == length      # no new entry: it went back
    page.go_forward()
    wait_step(page, "result")
    page.click(".checker-back")
    wait_step(page, "situation")
    page.click(".checker-back")
    wait_step(page, "nationality")
    assert page.locator(".checker-back").count() == 0


def test_on_a_shared_link_the_page_back_shows_the_last_question(checker_page):
    page = checker_page.open("en", fragment_of(OUTCOME_ANSWERS["not_eligible_status"], VERSION))
    page.click(".checker-back")
    wait_step(page, "situation")
    assert page.locator("input[value='other']").is_checked()


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("outcome", ["rece_job", "bilateral_aps", "abroad_visa", "depends", "waiting_decision"])
def test_a_printed_result_fits_on_two_a4_pages(checker_page, lang, outcome):
    page = checker_page.open(lang, fragment_of(OUTCOME_ANSWERS[outcome], VERSION))
    pdf = page.pdf(format="A4", print_background=False)
    assert 1 <= pdf_pages(pdf) <= 2, pdf_pages(pdf)
    page.emulate_media(media="print")
    # what the print holds: the result, next steps, documents, dates, answers; not the evidence or buttons
    for part in ["#checker-heading", "[data-part='next-steps']", "[data-part='answers']"]:
        assert page.locator(part).is_visible(), part
    # the notes and "what happens after" are printed (the fee, the 90 days)
    for part in ["[data-part='notes']", "[data-part='after']"]:
        if page.locator(part).count():
            assert page.locator(part).is_visible(), part
    # no box overlaps another: the checklist's boxes stay apart
    boxes = page.eval_on_selector_all("[data-part='documents'] li", "nodes => nodes.map((n) => n.getBoundingClientRect().toJSON())")
    for above, below in zip(boxes, boxes[1:]):
        assert above["bottom"] <= below["top"] + 0.5, (above, below)
    for part in ["[data-part='evidence']", "[data-action='print']", ".checker-back"]:
        assert page.locator(part).is_hidden(), part
