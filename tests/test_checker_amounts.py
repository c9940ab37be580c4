"""The checker with the rules of version 2, in Chromium: the salary question (an amount), the
{amount:} and {answer:} marks, panels, the bilateral row, dated amounts, documents, calendar dates
and links, in English, French and Persian. Expected values come from the Python engine, the
scenario cases of the rules and checker/typography.py (the guide pages' amount formatter)."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from checker.engine import evaluate, parameter_on
from checker.rules_loader import load_rules
from checker.typography import amount
from tests.browser import TODAY, answer, browser, checker_page, click_through  # noqa: F401
from tests.checker_cases import case_per_outcome, fragment_of, scenario_cases
from tests.quality import axe_violations

RULES = load_rules()


def in_force(parameter_id: str) -> int:
    """The cents of a parameter on the browser tests' day, read from the compiled parameters."""
    return parameter_on(RULES, parameter_id, TODAY)["cents"]
VERSION = RULES["version"]
LANGUAGES = ["en", "fr", "fa"]
WEB = Path(__file__).resolve().parent.parent / "checker" / "web"
HOLDER = {"nationality": "IR", "situation": "rece_holder", "rece_expiry": "2027-06-30", "plan": "job"}
QUESTIONS = {question["id"]: question for question in RULES["questions"]}
OUTCOMES = {outcome["id"]: outcome for outcome in RULES["outcomes"]}


def text(key: str, lang: str, **params) -> str:
    """An interface text as the page shows it (marks stripped, placeholders filled)."""
    entry = RULES["texts"]["checker"].get(key) or RULES["texts"]["common"][key]
    shown = re.sub(r"\{(?:fr|ltr):([^{}]*)\}", r"\1", entry[lang])
    for name, value in params.items():
        shown = shown.replace(f"[[{name}]]", value)
    return shown


def shown_result(page) -> dict:
    return page.evaluate("""() => {
        const root = document.querySelector('[data-outcome]');
        return {
          outcome: root.dataset.outcome,
          panel: root.querySelector('.checker-panel').dataset.panel,
          panelTitle: root.querySelector('.checker-panel__title').textContent,
          notes: [...root.querySelectorAll('[data-note]')].map((node) => node.dataset.note),
          dates: Object.fromEntries([...root.querySelectorAll('time[data-date]')]
            .map((node) => [node.dataset.date, node.getAttribute('datetime')])),
          documents: [...root.querySelectorAll('[data-document]')].map((node) => node.dataset.document),
          elsewhere: (root.querySelector("[data-documents='elsewhere']") || {}).textContent || null,
          amounts: Object.fromEntries([...root.querySelectorAll('[data-parameter]')]
            .map((node) => [node.dataset.parameter, Number(node.dataset.cents)])),
          amountTexts: Object.fromEntries([...root.querySelectorAll('[data-parameter]')]
            .map((node) => [node.dataset.parameter, node.querySelector('.checker-amount').textContent])),
          text: root.textContent,
        };
    }""")


def expected_result(answers: dict, today: str) -> dict:
    result = evaluate(RULES, answers, today)
    return {"outcome": result["outcome"], "notes": result["notes"], "dates": result["dates"],
            "documents": result["documents"], "amounts": result["amounts"]}


def check_result(page, answers: dict, today: str, lang: str) -> dict:
    """The result on the page is the Python engine's for the same answers and day; returns it."""
    shown = shown_result(page)
    expected = expected_result(answers, today)
    outcome = OUTCOMES[expected["outcome"]]
    assert shown["outcome"] == expected["outcome"]
    assert shown["notes"] == expected["notes"]
    assert shown["dates"] == expected["dates"]
    assert shown["documents"] == expected["documents"]
    # every amount shown is the engine's, formatted as the guide pages format it; fees with their note
    with_notes = {pid for pid, p in RULES["parameters"].items()
                  if isinstance(p.get("in_result"), dict) and p["in_result"]["with_note"] in expected["notes"]}
    assert with_notes <= set(shown["amounts"])
    for parameter, cents in shown["amounts"].items():
        assert cents == expected["amounts"][parameter]
        assert shown["amountTexts"][parameter] == amount(cents, lang)
    assert shown["panel"] == outcome["panel"]
    assert shown["panelTitle"] == text(f"panel_{outcome['panel']}", lang)
    if not expected["documents"]:
        assert shown["elsewhere"] == re.sub(r"\{(?:fr|ltr):([^{}]*)\}", r"\1", outcome["after"][lang])
    assert "{" not in shown["text"] and "[[" not in shown["text"]
    return shown


# --- the salary branch, clicked through ---------------------------------------------------------

SALARY_CASES = {
    "status_talent": dict(HOLDER, gross_salary=41000, master_level="yes"),
    # above 12 × the monthly threshold in force on TODAY (12 × €2,800.53 = €33,606.36 from 2026-06-01)
    "status_salarie": dict(HOLDER, gross_salary=34000, job_related="yes", contract="permanent"),
    "status_temporary_worker": dict(HOLDER, gross_salary=34000, job_related="yes", contract="fixed_6_plus"),
    "status_ordinary": dict(HOLDER, gross_salary=30000),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_salary_branch_end_to_end(checker_page, lang):
    page = checker_page.open(lang)
    for outcome, answers in SALARY_CASES.items():
        page.goto(checker_page.url(lang))
        page.wait_for_selector("#checker-app[data-state='ready']")
        click_through(page, RULES, answers)
        shown = check_result(page, answers, TODAY, lang)
        assert shown["outcome"] == outcome
        # the three salary thresholds of the day are shown with the date they took effect
        assert {"work_threshold_monthly", "talent_sq_annual", "blue_card_annual"} <= set(shown["amounts"])
        assert page.locator("[data-parameter='talent_sq_annual'] time").get_attribute("datetime") == "2025-08-31"
        # an amount with a unit is followed by the unit's text, the one the guide pages show
        assert f"{amount(in_force('talent_sq_annual'), lang)} {text('unit_EUR_per_year', lang)}" in \
            page.locator("[data-parameter='talent_sq_annual']").text_content()
        assert f"gross_salary={answers['gross_salary']}" in page.evaluate("location.hash")
        # the answer is shown formatted in the summary
        assert page.locator("[data-answer='gross_salary'] .checker-summary__value").text_content() == \
            amount(answers["gross_salary"] * 100, lang)
    # the ordinary route says why, with the numbers: the reader's salary and the threshold
    steps = page.locator("[data-part='next-steps']").text_content()
    assert amount(3000000, lang) in steps
    assert amount(in_force("work_threshold_monthly"), lang) in steps


# --- the amount field ------------------------------------------------------------------------------

def salary_question(checker_page, lang: str):
    page = checker_page.open(lang, fragment_of(HOLDER, VERSION))
    assert page.locator("#checker-app").get_attribute("data-step") == "gross_salary"
    return page


@pytest.mark.parametrize("typed,lang", [
    ("41 000", "en"), ("41.000", "fr"), ("41\u202f000", "fr"), ("41,000", "en"), ("۴۱٬۰۰۰", "fa"),
    ("٤١٠٠٠", "fa"), ("41000 €", "en"), ("€41000", "en"), ("۴۱۰۰۰ یورو", "fa"),
    # a contract's notation, with zero cents: whole euros
    ("41 000,00", "fr"), ("41 000,00 €", "fr"), ("41\u00a0000,00\u00a0€", "fr"), ("41\u202f000,00\u202f€", "fr"),
    ("41,000.00", "en"), ("۴۱٬۰۰۰٫۰۰", "fa"), ("٤١٠٠٠٫٠٠ یورو", "fa"),
])
def test_amount_variants_are_read_as_the_same_salary(checker_page, typed, lang):
    page = salary_question(checker_page, lang)
    field = page.locator("input[name='gross_salary']")
    assert field.get_attribute("inputmode") == "numeric"
    field.fill(typed)
    field.press("Enter")
    assert page.locator("#checker-app").get_attribute("data-step") == "master_level"
    assert "gross_salary=41000&" in page.evaluate("location.hash")
    answer(page, "choice", "master_level", "yes")
    assert page.locator("[data-outcome]").get_attribute("data-outcome") == "status_talent"


REJECTED = {"41000,50": "error_amount_decimal", "-5": "error_amount_negative", "abc": "error_amount_format",
            "20000000": "error_amount_range", "": "error_amount_empty"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_bad_amounts_are_refused_with_a_message_and_nothing_is_lost(checker_page, lang):
    page = salary_question(checker_page, lang)
    hash_before = page.evaluate("location.hash")
    question = QUESTIONS["gross_salary"]
    for typed, key in REJECTED.items():
        page.locator("input[name='gross_salary']").fill(typed)
        page.locator("form[data-question='gross_salary'] button[type='submit']").click()
        message = text(key, lang, min=amount(question["min"] * 100, lang), max=amount(question["max"] * 100, lang))
        summary = page.locator(".checker-error-summary")
        assert summary.locator("a").text_content() == message
        assert page.evaluate("document.activeElement.classList.contains('checker-error-summary')")
        assert page.locator(".checker-error-message").text_content().endswith(message)
        field = page.locator("input[name='gross_salary']")
        assert field.input_value() == typed
        assert field.get_attribute("aria-invalid") == "true"
        assert page.title().startswith(text("error_prefix", lang))
        # the other answers are kept
        assert page.evaluate("location.hash") == hash_before
    # the summary's link moves to the field, by keyboard
    page.locator(".checker-error-summary a").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == "gross_salary"


def test_the_salary_question_tells_apart_the_degrees_and_shows_the_euro_sign(checker_page):
    for lang, prefix, suffix in [("en", "€", None), ("fr", None, "€"), ("fa", None, "یورو")]:
        page = salary_question(checker_page, lang)
        wrapper = page.locator(".checker-input__wrapper")
        assert (wrapper.locator(".checker-input__prefix").text_content() if prefix else None) == prefix
        assert (wrapper.locator(".checker-input__suffix").text_content() if suffix else None) == suffix
        assert page.locator("label[for='checker-input-gross_salary']").text_content() == QUESTIONS["gross_salary"]["text"][lang]
    # the degree question's options carry the hints that tell a master, the grade and a school title apart
    page = checker_page.open("en", fragment_of({"nationality": "IR", "situation": "student_permit", "had_rece": "no"}, VERSION))
    for option in ("master", "grade_master", "school_title"):
        hint = next(o for o in QUESTIONS["degree"]["options"] if o["id"] == option)["hint"]["en"]
        shown = page.locator(f"#checker-degree-{option}-hint").text_content()
        assert shown == re.sub(r"\{(?:fr|ltr):([^{}]*)\}", r"\1", hint)
        assert page.locator(f"#checker-degree-{option}").get_attribute("aria-describedby") == f"checker-degree-{option}-hint"


# --- the issue's inputs, and every outcome ------------------------------------------------------

def issue_cases() -> list[dict]:
    cases = scenario_cases()
    picks = [
        next(c for c in cases if c["answers"].get("nationality") == "GE" and c["expect"]["outcome"] == "bilateral_aps"),
        next(c for c in cases if c["answers"].get("situation") == "researcher" and c["expect"]["documents"]),
        next(c for c in cases if c["answers"].get("nationality") == "IN" and c["expect"]["outcome"] == "bilateral_aps"),
        next(c for c in cases if c["expect"]["outcome"] == "renew_student_permit"),
        next(c for c in cases if c["expect"]["outcome"] == "permit_expired"),
    ]
    return picks


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("case", issue_cases(), ids=lambda case: case["name"][:50])
def test_the_inputs_of_the_issue(checker_page, case, lang):
    page = checker_page.open(lang, fragment_of(case["answers"], VERSION), today=case["today"])
    shown = check_result(page, case["answers"], case["today"], lang)
    expect = case["expect"]
    assert shown["outcome"] == expect["outcome"]
    assert shown["notes"] == expect["notes"]
    assert shown["documents"] == expect["documents"]
    assert shown["dates"] == {key: str(value) for key, value in expect["dates"].items()}
    outcome = OUTCOMES[expect["outcome"]]
    # dates are titled for this outcome where the rules say so
    for date in RULES["dates"]:
        if date["id"] in shown["dates"]:
            title = (date.get("outcome_labels") or {}).get(outcome["id"], date["label"])[lang]
            row = page.locator(f".checker-dates__row:has(time[data-date='{date['id']}']) dt")
            assert row.text_content() == re.sub(r"\{(?:fr|ltr):([^{}]*)\}", r"\1", title)
    # the reader's row of the bilateral table, with its fact's status, where the outcome asks for it
    row = page.locator("[data-bilateral]")
    if outcome.get("detail") == "bilateral_country":
        entry = next(e for e in RULES["bilateral"] if e["country"] == case["answers"]["nationality"])
        assert row.get_attribute("data-bilateral") == entry["country"]
        status = RULES["facts"][entry["fact"]]["status"]
        assert row.locator("[data-fact-status]").get_attribute("data-fact-status") == status
        assert text(f"renewal_{entry['renewal']}", lang) in row.text_content()
        assert text(f"bilateral_degrees_{entry['degrees']}", lang) in row.text_content()
    else:
        assert row.count() == 0


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_mark_is_ever_shown_raw(checker_page, lang):
    """Every outcome, reached with a scenario case of the rules: no {amount:…}, {answer:…} or any
    other brace or placeholder in the result, in its title or in the calendar's titles."""
    for outcome, case in sorted(case_per_outcome().items()):
        page = checker_page.open(lang, fragment_of(case["answers"], VERSION), today=case["today"])
        shown = shown_result(page)
        assert shown["outcome"] == outcome
        assert "{" not in shown["text"] and "}" not in shown["text"] and "[[" not in shown["text"], (outcome, lang)
        assert "{" not in page.title()
        # the {answer:nationality} mark is the country's name in the page's language
        for node in page.locator("[data-answer-value='nationality']").all():
            assert node.text_content() == RULES["countries"]["names"][lang][case["answers"]["nationality"]]
        for node in page.locator("[data-amount]").all():
            parameter = node.get_attribute("data-amount")
            cents = [v for v in RULES["parameters"][parameter]["values"] if v["from"] <= case["today"]][-1]["cents"]
            assert node.text_content() == amount(cents, lang)
        page.context.close()


# --- links --------------------------------------------------------------------------------------

def test_a_link_with_a_salary_round_trips(checker_page):
    answers = SALARY_CASES["status_talent"]
    page = checker_page.open("fr", fragment_of(answers, VERSION))
    assert page.locator("[data-outcome]").get_attribute("data-outcome") == "status_talent"
    assert page.evaluate("location.hash") == "#" + fragment_of(answers, VERSION)
    # the other languages' links carry it
    assert page.locator(".md-select__link[hreflang='fa']").first.get_attribute("href").endswith("#" + fragment_of(answers, VERSION))
    # changing the salary shows the answer given, and a new one changes the result
    page.click("[data-change='gross_salary']")
    field = page.locator("input[name='gross_salary']")
    assert field.input_value() == "41000"
    field.fill("30 000")
    field.press("Enter")
    assert page.locator("[data-outcome]").get_attribute("data-outcome") == "status_ordinary"
    assert "gross_salary=30000&" in page.evaluate("location.hash")
    assert "master_level" not in page.evaluate("location.hash")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_bad_answers_in_a_link_are_named_and_the_others_kept(checker_page, lang):
    link = "&".join([fragment_of(HOLDER), "gross_salary=41000,50", "degree=master", f"v={VERSION}"])
    page = checker_page.open(lang, link)
    notice = page.locator("[data-notice='link']").text_content()
    for question in ("gross_salary", "degree"):
        assert re.sub(r"\{(?:fr|ltr):([^{}]*)\}", r"\1", QUESTIONS[question]["text"][lang]) in notice
    assert page.locator("[data-notice='link'] code").count() == 0   # no internal id shown
    assert page.locator("#checker-app").get_attribute("data-step") == "gross_salary"
    assert page.evaluate("location.hash") == "#" + fragment_of(HOLDER, VERSION)
    student = {"nationality": "IR", "situation": "student_permit", "had_rece": "no"}
    page = checker_page.open(lang, fragment_of(dict(student, degree="phd_abroad"), VERSION))
    assert re.sub(r"\{(?:fr|ltr):([^{}]*)\}", r"\1", QUESTIONS["degree"]["text"][lang]) in \
        page.locator("[data-notice='link']").text_content()
    assert page.locator("#checker-app").get_attribute("data-step") == "degree"


def test_a_clock_before_the_rules_shows_a_clear_message(checker_page):
    page = checker_page.open("fr", fragment_of(SALARY_CASES["status_talent"], VERSION), today="2020-01-01")
    assert page.locator("#checker-app").get_attribute("data-step") == "clock"
    message = page.locator("[data-notice='clock']")
    assert message.locator("h2").text_content() == text("clock_title", "fr")
    assert message.locator("time").nth(1).get_attribute("datetime") == RULES["covers_from"]
    assert page.locator("[data-outcome]").count() == 0
    assert page.evaluate("location.hash") == "#" + fragment_of(SALARY_CASES["status_talent"], VERSION)


# --- the amount formatter, against the guide pages' ------------------------------------------------

FORMAT_CENTS = [0, 5, 1202, 7500, 15000, 273455, 280053, 3958200, 4100000, 100000000]


def test_the_app_formats_amounts_like_the_guide_pages():
    script = (f"import {{ formatAmount }} from {json.dumps((WEB / 'dates.js').as_uri())};"
              f"console.log(JSON.stringify({json.dumps(LANGUAGES)}.map((lang) => "
              f"{json.dumps(FORMAT_CENTS)}.map((cents) => formatAmount(cents, lang)))));")
    output = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    shown = json.loads(output.stdout)
    assert shown == [[amount(cents, lang) for cents in FORMAT_CENTS] for lang in LANGUAGES]


# --- accessibility -------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "fa"])
def test_no_axe_violation_on_the_salary_question_with_an_error_and_a_status_result(checker_page, lang):
    page = salary_question(checker_page, lang)
    page.locator("input[name='gross_salary']").fill("41000,50")
    page.locator("form[data-question='gross_salary'] button[type='submit']").click()
    assert page.locator(".checker-error-summary").count() == 1
    assert axe_violations(page) == []
    result = checker_page.open(lang, fragment_of(SALARY_CASES["status_salarie"], VERSION))
    assert result.locator("[data-outcome='status_salarie']").count() == 1
    assert axe_violations(result) == []


# --- a monthly salary typed where the yearly one is asked -----------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_monthly_looking_salary_asks_whether_it_is_monthly(checker_page, lang):
    """3417 (under 12 × the monthly threshold in force and under 10 000) asks "Is this a monthly
    amount?" before moving on; yes stores 12 × 3417 in the link, no stores 3417; 41000 is not asked."""
    page = salary_question(checker_page, lang)
    hash_before = page.evaluate("location.hash")
    form = page.locator("form[data-question='gross_salary']")
    form.locator("input[name='gross_salary']").fill("3417")
    form.locator("button[type='submit']").click()
    box = form.locator("[data-monthly]")
    assert box.get_attribute("data-monthly") == "3417"
    assert page.evaluate("document.activeElement.hasAttribute('data-monthly')")
    assert box.locator("legend").text_content() == text("monthly_title", lang)
    assert amount(4100400, lang) in box.text_content() and amount(341700, lang) in box.text_content()
    assert page.locator("#checker-app").get_attribute("data-step") == "gross_salary"
    assert page.evaluate("location.hash") == hash_before
    assert axe_violations(page) == []
    # Continue without a choice: an error that names the amount, on the confirmation
    form.locator("button[type='submit']").click()
    summary = page.locator(".checker-error-summary a")
    assert summary.text_content() == text("error_monthly", lang, amount=amount(341700, lang))
    assert page.locator("input[name='gross_salary']").get_attribute("aria-invalid") is None
    summary.click()
    assert page.evaluate("document.activeElement.id") == "checker-gross_salary-monthly-yes"
    assert axe_violations(page) == []
    # yes: the yearly amount, 12 × 3417, goes into the link
    page.keyboard.press("Space")
    page.locator("form[data-question='gross_salary'] button[type='submit']").click()
    assert "gross_salary=41004&" in page.evaluate("location.hash")
    assert page.locator("#checker-app").get_attribute("data-step") == "master_level"
    # Back: the yearly amount in the field; no: the amount typed is kept as a yearly one
    page.locator(".checker-back").click()
    assert page.locator("input[name='gross_salary']").input_value() == "41004"
    page.locator("input[name='gross_salary']").fill("3417")
    page.locator("form[data-question='gross_salary'] button[type='submit']").click()
    page.locator("input[name='gross_salary_monthly'][value='no']").check()
    page.locator("form[data-question='gross_salary'] button[type='submit']").click()
    assert "gross_salary=3417&" in page.evaluate("location.hash")


@pytest.mark.parametrize("typed", ["41000", "41 000,00", "10000"])
def test_a_yearly_salary_is_not_asked_whether_it_is_monthly(checker_page, typed):
    page = salary_question(checker_page, "en")
    page.locator("input[name='gross_salary']").fill(typed)
    page.locator("form[data-question='gross_salary'] button[type='submit']").click()
    assert page.locator("[data-monthly]").count() == 0
    assert page.locator("#checker-app").get_attribute("data-step") != "gross_salary"
