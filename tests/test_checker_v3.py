"""The checker with the rules of version 3, in Chromium: each new branch walked by keyboard in Persian and
French (filed and waiting, a job offer in hand, "I'm not sure" and its alternatives), the answers the
engine refuses (a date after today, an option not offered) shown with a message naming the question,
"How to tell" help, the links of version 3, honest labels beside the facts' dates. Expected values come
from the Python engine on the same answers and day."""
from __future__ import annotations

import re

import pytest

from checker.engine import evaluate, walk_path
from checker.rules_loader import load_rules
from tests.browser import browser, checker_page, fill_date, plain  # noqa: F401
from tests.checker_cases import OUTCOME_ANSWERS, fragment_of, shown_result
from tests.quality import axe_violations

pytestmark = pytest.mark.browser
RULES = load_rules()
VERSION = RULES["version"]
TODAY = "2026-12-07"
QUESTIONS = {question["id"]: question for question in RULES["questions"]}
OUTCOMES = {outcome["id"]: outcome for outcome in RULES["outcomes"]}
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

BRANCHES = {outcome: OUTCOME_ANSWERS[outcome] for outcome in ("deemed_refused", "waiting_decision", "direct_talent", "depends")}


def text(key: str, lang: str, **params) -> str:
    """An interface text as the page shows it (marks stripped, placeholders filled)."""
    entry = RULES["texts"]["checker"].get(key) or RULES["texts"]["common"][key]
    shown = plain(entry[lang])
    for name, value in params.items():
        shown = shown.replace(f"[[{name}]]", value)
    return shown


def step(page) -> str:
    return page.locator("#checker-app").get_attribute("data-step")


def settled(page) -> None:
    page.wait_for_selector("#checker-app:not([aria-busy='true'])", state="attached")


def tab_to(page, name: str, limit: int = 30) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == name:
            return
    raise AssertionError(f"Tab never reached {name}")


def type_text(page, value: str, lang: str) -> None:
    """Persian typed as Persian digits (keyboard.type fires no key events for them: insert the text)."""
    if lang == "fa":
        page.keyboard.insert_text(value.translate(PERSIAN_DIGITS))
    else:
        page.keyboard.type(value)


def keyboard_answer(page, question_id: str, value, lang: str) -> None:
    """Answer the question on screen with the keyboard only, from its focused heading, and send it."""
    assert step(page) == question_id
    kind = QUESTIONS[question_id]["kind"]
    if kind == "country":
        for _ in range(80):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.dataset.combobox") == question_id:
                break
        else:
            raise AssertionError("Tab never reached the country search")
        page.keyboard.insert_text(RULES["countries"]["names"][lang][value])
        page.keyboard.press("Shift")
        page.keyboard.press("Enter")   # picks the highlighted country
        assert page.locator(f"select[name='{question_id}']").input_value() == value
    elif kind == "date":
        tab_to(page, f"{question_id}_day")
        year, month, day = value.split("-")
        for text in (day, month):
            type_text(page, text, lang)
            page.keyboard.press("Tab")
        type_text(page, year, lang)
    elif kind == "amount":
        tab_to(page, question_id)
        type_text(page, str(value), lang)
    else:
        offered = page.eval_on_selector_all(f"input[name='{question_id}']", "nodes => nodes.map((n) => n.value)")
        assert value in offered, (question_id, value, offered)
        tab_to(page, question_id)      # the first radio (none is checked yet)
        index = offered.index(value)
        if index == 0:
            page.keyboard.press("Space")
        for _ in range(index):
            page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.value") == value
    page.keyboard.press("Enter")       # sends the answer (implicit submission)
    settled(page)


def keyboard_walk(page, answers: dict, lang: str) -> None:
    for index in range(len(QUESTIONS) + 1):
        current = step(page)
        if current == "result":
            return
        assert current in answers, f"the checker asks {current!r}, which these answers do not hold"
        if index > 0:   # each step after the first moves focus to its heading
            assert page.evaluate("document.activeElement.id") == "checker-heading"
        keyboard_answer(page, current, answers[current], lang)
    raise AssertionError("the checker kept asking questions")


def if_pairs(condition: dict) -> str:
    order = [question["id"] for question in RULES["questions"]]
    return "&".join(f"{key}={condition[key]}" for key in sorted(condition, key=order.index))


def check_result(page, answers: dict, lang: str) -> dict:
    expected = evaluate(RULES, answers, TODAY)
    shown = shown_result(page)
    assert shown["outcome"] == expected["outcome"]
    assert shown["notes"] == expected["notes"]
    assert shown["dates"] == expected["dates"]
    assert shown["alternatives"] == [[if_pairs(entry["if"]), entry["outcome"] or ""]
                                     for entry in expected["alternatives"]]
    assert "{" not in shown["text"] and "[[" not in shown["text"]
    # the fragment holds every answer, as the reader gave it
    fragment = page.evaluate("location.hash")
    for key, value in answers.items():
        assert f"{key}={value}" in fragment
    return shown


# --- each new branch, by keyboard, in Persian and French ------------------------------------------

@pytest.mark.parametrize("lang", ["fa", "fr"])
@pytest.mark.parametrize("branch", sorted(BRANCHES))
def test_each_new_branch_by_keyboard(checker_page, branch, lang):
    answers = BRANCHES[branch]
    page = checker_page.open(lang, today=TODAY)
    keyboard_walk(page, answers, lang)
    shown = check_result(page, answers, lang)
    assert shown["outcome"] == branch
    assert page.evaluate("document.activeElement.id") == "checker-heading"


def test_the_filed_branch_gives_the_dates_of_the_issue(checker_page):
    page = checker_page.open("en", fragment_of(BRANCHES["deemed_refused"], VERSION), today=TODAY)
    shown = check_result(page, BRANCHES["deemed_refused"], "en")
    assert shown["outcome"] == "deemed_refused"
    assert {key: shown["dates"][key] for key in ("deemed_refused_on", "deemed_refused_on_sp", "appeal_by", "receipt_ends")} == {
        "deemed_refused_on": "2026-11-08", "deemed_refused_on_sp": "2026-12-10", "appeal_by": "2027-01-08",
        "receipt_ends": "2026-12-09"}
    assert "receipt_renew" in shown["notes"]
    # a past date is marked past; each date is titled by the rules (dates.yaml), never by its id
    row = page.locator("[data-past] time[data-date='deemed_refused_on']")
    assert row.count() == 1
    assert "deemed_refused_on" not in page.locator("[data-part='dates']").text_content()


def test_the_calendar_file_holds_the_flagged_dates_not_past(checker_page):
    answers = BRANCHES["deemed_refused"]
    page = checker_page.open("en", fragment_of(answers, VERSION), today=TODAY)
    with page.expect_download() as download:
        page.click("[data-action='calendar']")
    ics = download.value.path().read_text(encoding="utf-8")
    dates = evaluate(RULES, answers, TODAY)["dates"]
    flagged = [date["id"] for date in RULES["dates"]
               if date.get("calendar") is True and date["id"] in dates and dates[date["id"]] >= TODAY]
    assert flagged, "no calendar date in the filed branch"
    starts = re.findall(r"DTSTART;VALUE=DATE:(\d{8})", ics)
    assert sorted(starts) == sorted(dates[date_id].replace("-", "") for date_id in flagged)


# --- "I'm not sure": the alternatives and their links -----------------------------------------------

@pytest.mark.parametrize("lang", ["en", "fa"])
def test_each_alternative_opens_its_result(checker_page, lang):
    answers = BRANCHES["depends"]
    page = checker_page.open(lang, fragment_of(answers, VERSION), today=TODAY)
    expected = evaluate(RULES, answers, TODAY)["alternatives"]
    assert [entry["if"] for entry in expected] == [{"master_level": "yes"}, {"master_level": "no"}]
    assert [entry["outcome"] for entry in expected] == ["status_talent", "status_salarie"]
    shown = check_result(page, answers, lang)
    assert shown["outcome"] == "depends"
    for index, entry in enumerate(expected):
        page.goto(checker_page.url(lang, fragment_of(answers, VERSION)))
        page.wait_for_selector("[data-outcome='depends']")
        line = page.locator("[data-alternative-outcome]").nth(index)
        # one line: the answer, the outcome's title, a link
        title = plain(OUTCOMES[entry["outcome"]]["title"][lang])
        assert title.split("{")[0].strip()[:20] in line.text_content()
        link = line.locator("a")
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_selector(f"[data-outcome='{entry['outcome']}']")
        settled(page)
        # the link holds the answers with that value, less those it takes off the path
        opened, _next, _errors = walk_path(RULES, dict(answers, **entry["if"]), TODAY)
        assert page.evaluate("location.hash") == "#" + fragment_of(opened, VERSION)
        assert shown_result(page)["outcome"] == evaluate(RULES, opened, TODAY)["outcome"] == entry["outcome"]
        assert page.evaluate("document.activeElement.id") == "checker-heading"


def test_not_sure_on_both_questions_lists_every_possibility(checker_page):
    answers = {"nationality": "PK", "situation": "rece_holder", "rece_expiry": "2027-06-30", "plan": "job",
               "gross_salary": 45000, "master_level": "not_sure", "job_related": "not_sure", "contract": "permanent"}
    page = checker_page.open("fr", fragment_of(answers, VERSION), today=TODAY)
    shown = check_result(page, answers, "fr")
    assert len(shown["alternatives"]) >= 2
    # an alternative that needs one more answer has an empty outcome and a link to that question
    for pairs, outcome in shown["alternatives"]:
        assert re.fullmatch(r"[a-z_]+=[a-z_]+(&[a-z_]+=[a-z_]+)*", pairs)


def test_the_not_sure_option_and_its_help(checker_page):
    holder = {key: BRANCHES["depends"][key] for key in ("nationality", "situation", "rece_expiry", "plan", "gross_salary")}
    for lang in ["en", "fr", "fa"]:
        page = checker_page.open(lang, fragment_of(holder, VERSION), today=TODAY)
        assert step(page) == "master_level"
        radios = page.eval_on_selector_all("input[name='master_level']", "nodes => nodes.map((n) => n.value)")
        assert radios == [option["id"] for option in QUESTIONS["master_level"]["options"]]
        assert page.locator("[data-unsure] input[value='not_sure']").count() == 1
        help_box = page.locator("details[data-help='master_level']")
        assert help_box.locator("summary").text_content() == text("how_to_tell", lang)
        assert not help_box.evaluate("node => node.open")
        # opened by keyboard, under the hint
        help_box.locator("summary").focus()
        page.keyboard.press("Enter")
        assert help_box.evaluate("node => node.open")
        assert plain(QUESTIONS["master_level"]["help"][lang])[:30] in plain(help_box.text_content())
    assert text("how_to_tell", "fr") == "Comment savoir"
    assert text("how_to_tell", "fa") == "چگونه بفهمم"


# --- the job offer is offered to students only -----------------------------------------------------

def test_job_offer_is_offered_to_students_only(checker_page):
    student = {key: BRANCHES["direct_talent"][key]
               for key in ("nationality", "situation", "had_rece", "degree", "degree_date", "permit_expiry")}
    page = checker_page.open("en", fragment_of(student, VERSION), today=TODAY)
    assert step(page) == "goal"
    assert page.locator("input[name='goal'][value='job_offer']").count() == 1
    researcher = {"nationality": "CO", "situation": "researcher", "had_rece": "no", "permit_expiry": "2027-01-31"}
    page = checker_page.open("en", fragment_of(researcher, VERSION), today=TODAY)
    assert step(page) == "goal"
    assert page.locator("input[name='goal'][value='job_offer']").count() == 0
    assert page.locator("input[name='goal']").count() >= 2


def test_changing_the_situation_drops_an_option_no_longer_offered(checker_page):
    answers = BRANCHES["direct_talent"]
    page = checker_page.open("en", fragment_of(answers, VERSION), today=TODAY)
    page.wait_for_selector("[data-outcome='direct_talent']")
    page.click("[data-change='situation']")
    page.locator("input[name='situation'][value='researcher']").check()
    page.locator("form[data-question='situation'] button[type='submit']").click()
    settled(page)
    assert "goal=" not in page.evaluate("location.hash")
    assert page.locator("[data-notice='dropped']").is_visible()


# --- answers the engine refuses ----------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "fr", "fa"])
def test_a_filing_date_after_today_is_refused_with_a_message(checker_page, lang):
    page = checker_page.open(lang, fragment_of({"nationality": "MR", "situation": "filed"}, VERSION), today=TODAY)
    assert step(page) == "filed_on"
    # no date picker: three fields
    assert page.locator("form[data-question='filed_on'] input[type='date']").count() == 0
    hash_before = page.evaluate("location.hash")
    form = page.locator("form[data-question='filed_on']")
    fill_date(form, "filed_on", "2026-12-08")
    page.locator("form[data-question='filed_on'] button[type='submit']").click()
    summary = page.locator(".checker-error-summary")
    assert summary.is_visible()
    message = summary.locator("a").text_content()
    # the message names the question, in the page's language
    assert text("error_after_today", lang).split("[[")[0] in message
    assert plain(QUESTIONS["filed_on"]["text"][lang]) in message
    assert page.locator(".checker-error-message").text_content().endswith(message)
    assert page.evaluate("document.activeElement.classList.contains('checker-error-summary')")
    field = page.locator("input[name='filed_on_day']")
    assert field.input_value() in ("8", "۸")  # kept as typed, or refilled in the page's digits
    assert field.get_attribute("aria-invalid") == "true"
    assert page.title().startswith(text("error_prefix", lang))
    # nothing is lost, nothing is added
    assert page.evaluate("location.hash") == hash_before
    assert step(page) == "filed_on"
    # today itself is accepted
    field.fill("7")
    page.locator("form[data-question='filed_on'] button[type='submit']").click()
    settled(page)
    assert step(page) == "receipt_expiry"


BAD_LINKS = {
    # a date after today: refused, with the reason and the question named
    "filed_on_after_today": ({"nationality": "MR", "situation": "filed", "filed_on": "2026-12-20"}, "filed_on", "filed_on"),
    # an option not offered to a researcher
    "job_offer_researcher": ({"nationality": "CO", "situation": "researcher", "had_rece": "no",
                              "permit_expiry": "2027-01-31", "goal": "job_offer"}, "goal", "goal"),
    # "not sure" is not an answer to this question; the contracts of version 2 are gone
    "not_sure_elsewhere": ({"nationality": "IR", "situation": "other", "had_rece": "not_sure"}, None, "had_rece"),
    "old_contract": ({"nationality": "PK", "situation": "rece_holder", "rece_expiry": "2027-02-05", "plan": "job",
                      "gross_salary": 34000, "job_related": "yes", "contract": "fixed_under_12"}, "contract", "contract"),
    # a récépissé date without the filing date: off the path
    "receipt_without_filing": ({"nationality": "MR", "situation": "rece_holder", "receipt_expiry": "2026-12-09"},
                               "rece_expiry", "receipt_expiry"),
}


@pytest.mark.parametrize("case", sorted(BAD_LINKS))
def test_bad_answers_in_a_link_are_named_and_the_others_kept(checker_page, case):
    answers, next_step, named = BAD_LINKS[case]
    page = checker_page.open("en", fragment_of(answers, VERSION), today=TODAY)
    notice = page.locator("[data-notice='link']")
    assert notice.is_visible()
    assert plain(QUESTIONS[named]["text"]["en"]) in notice.text_content() or named in notice.text_content()
    kept = {key: value for key, value in answers.items() if key != named}
    fragment = page.evaluate("location.hash")
    assert f"{named}=" not in fragment
    for key, value in kept.items():
        if key in {"nationality", "situation"}:
            assert f"{key}={value}" in fragment
    if next_step:
        assert step(page) == next_step
    if case == "filed_on_after_today":
        assert text("error_after_today", "en").split("[[")[0] in notice.text_content()


# --- the links of version 3 --------------------------------------------------------------------------

def test_links_carry_the_answers_of_version_3(checker_page):
    for answers in BRANCHES.values():
        page = checker_page.open("en", fragment_of(answers, VERSION), today=TODAY)
        assert page.locator("[data-notice='link']").count() == 0
        assert page.evaluate("location.hash") == "#" + fragment_of(answers, VERSION)
        assert step(page) == "result"
    for value in ("goal=job_offer", "filed_on=2026-08-10", "receipt_expiry=2026-12-09", "master_level=not_sure"):
        assert any(value in fragment_of(answers) for answers in BRANCHES.values())


# --- honest labels ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "fr", "fa"])
def test_only_verified_facts_say_verified_on(checker_page, lang):
    answers = BRANCHES["deemed_refused"]
    page = checker_page.open(lang, fragment_of(answers, VERSION), today=TODAY)
    metas = page.eval_on_selector_all("[data-fact] .checker-fact__meta",
                                      "nodes => nodes.map((n) => [n.closest('[data-fact]').dataset.status, n.textContent])")
    assert metas
    verified = text("fact_verified_on", lang).split("[[")[0].strip()
    reviewed = text("fact_reviewed_on", lang).split("[[")[0].strip()
    statuses = set()
    for status, meta in metas:
        statuses.add(status)
        if status == "verified":
            assert verified in meta and reviewed not in meta, meta
        else:
            assert reviewed in meta and verified not in meta, meta
    assert {"reviewed on": "en", "revu le": "fr", "بازبینی‌شده در": "fa"}.get(reviewed) == lang
    # one status label per fact: the badge names the status, the date's label never repeats it
    for status, meta in metas + page.eval_on_selector_all(
            "[data-bilateral] [data-fact-status]", "nodes => nodes.map((n) => [n.dataset.factStatus, n.textContent])"):
        label = text(f"status_{status}", lang)
        assert meta.lower().startswith(label.lower()), meta
        assert label.lower() not in verified.lower() and label.lower() not in reviewed.lower()
        assert not re.search(rf"{re.escape(label)}\W+{re.escape(label)}", meta, re.I), meta
    # the rules' own date says what it is
    meta = page.locator(".checker-meta").text_content()
    assert text("result_meta", lang).split("[[")[0] in meta


# --- accessibility of the new screens ---------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "fa"])
def test_no_axe_violation_on_the_new_screens(checker_page, lang):
    holder = {key: BRANCHES["depends"][key] for key in ("nationality", "situation", "rece_expiry", "plan", "gross_salary")}
    page = checker_page.open(lang, fragment_of(holder, VERSION), today=TODAY)
    page.locator("details[data-help='master_level'] summary").click()
    assert axe_violations(page) == []
    page = checker_page.open(lang, fragment_of({"nationality": "MR", "situation": "filed"}, VERSION), today=TODAY)
    fill_date(page.locator("form[data-question='filed_on']"), "filed_on", "2026-12-08")
    page.locator("form[data-question='filed_on'] button[type='submit']").click()
    page.wait_for_selector(".checker-error-summary")
    assert axe_violations(page) == []
    page = checker_page.open(lang, fragment_of(BRANCHES["depends"], VERSION), today=TODAY)
    page.wait_for_selector("[data-alternative-outcome]")
    assert axe_violations(page) == []
