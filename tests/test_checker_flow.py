"""The checker in Chromium: every outcome reached by clicking through the questions, in each
language, with the result the Python engine gives for the same answers and date."""
from __future__ import annotations

import pytest

from checker.engine import evaluate
from checker.rules_loader import load_rules
from checker.typography import amount
from tests.browser import TODAY, browser, checker_page, click_through  # noqa: F401
from tests.checker_cases import OUTCOME_ANSWERS, shown_result

pytestmark = pytest.mark.browser
RULES = load_rules()
LANGUAGES = ["en", "fr", "fa"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("outcome", sorted(OUTCOME_ANSWERS))
def test_every_outcome_is_reached_by_clicking(checker_page, lang, outcome):
    answers = OUTCOME_ANSWERS[outcome]
    page = checker_page.open(lang)
    click_through(page, RULES, answers)
    expected = evaluate(RULES, answers, TODAY)
    shown = shown_result(page)
    assert shown["outcome"] == outcome == expected["outcome"]
    assert shown["notes"] == expected["notes"]
    assert shown["dates"] == expected["dates"]
    assert shown["documents"] == expected["documents"]
    assert shown["facts"] == expected["facts"]
    assert shown["answers"] == list(answers)
    # focus went to the result's heading, and the result is announced
    assert shown["heading"] == "checker-heading"
    title = RULES["outcomes"][[o["id"] for o in RULES["outcomes"]].index(outcome)]["title"][lang]
    page.wait_for_function("() => document.querySelector('[data-live]').textContent.length > 0")
    announced = page.locator("[data-live]").text_content()
    title = title.replace("{answer:nationality}", RULES["countries"]["names"][lang][answers["nationality"]])
    if "gross_salary" in answers:
        title = title.replace("{answer:gross_salary}", amount(answers["gross_salary"] * 100, lang))
    if "{answer:" in title:
        # a date answer in the title (the filing date): as the result's panel shows it, every mark filled
        title = page.locator(".checker-panel__body").text_content()
        assert "{" not in title
    assert announced.endswith(title.replace("{fr:", "").replace("{ltr:", "").replace("}", ""))
    # the fragment holds the answers and the rules version
    fragment = page.evaluate("location.hash")
    for key, value in answers.items():
        assert f"{key}={value}" in fragment
    assert f"v={RULES['version']}" in fragment
    # every result shows the rules version and the verified-on date
    meta = page.locator(".checker-meta")
    assert meta.locator("time").first.get_attribute("datetime") == RULES["verified_on"]


def test_each_step_moves_focus_to_the_question_heading(checker_page):
    page = checker_page.open("en")
    answers = OUTCOME_ANSWERS["rece_job"]
    kinds = {question["id"]: question for question in RULES["questions"]}
    from tests.browser import answer
    for question_id, value in list(answers.items())[:-1]:
        answer(page, kinds[question_id]["kind"], question_id, value)
        step = page.locator("#checker-app").get_attribute("data-step")
        assert page.evaluate("document.activeElement.id") == "checker-heading"
        assert page.evaluate("document.activeElement.textContent") == kinds[step]["text"]["en"].replace(
            "{fr:", "").replace("{ltr:", "").replace("}", "")


def test_company_proof_is_listed_only_for_a_company(checker_page):
    job = dict(OUTCOME_ANSWERS["rece_job"])
    company = dict(job, goal="company")
    page = checker_page.open("en")
    click_through(page, RULES, job)
    assert page.locator("[data-document='company_project']").count() == 0
    page2 = checker_page.open("en")
    click_through(page2, RULES, company)
    assert page2.locator("[data-outcome='rece_company']").count() == 1
    assert page2.locator("[data-document='company_project']").count() == 1


def test_threshold_in_force_today_is_shown_with_work_rules(checker_page):
    page = checker_page.open("en", "&".join(f"{k}={v}" for k, v in OUTCOME_ANSWERS["rece_job"].items()))
    line = page.locator("[data-note='work_rules'] [data-parameter='work_threshold_monthly']")
    # the SMIC's mid-year revaluation: 1.5 × €1,867.02 from 1 June 2026
    assert "2,800.53" in line.text_content()
    assert line.locator("time").first.get_attribute("datetime") == "2026-06-01"
    older = checker_page.open("en", "&".join(f"{k}={v}" for k, v in dict(
        OUTCOME_ANSWERS["rece_job"], degree_date="2025-07-01", permit_expiry="2026-06-30").items()), today="2025-12-01")
    line = older.locator("[data-note='work_rules'] [data-parameter='work_threshold_monthly']")
    assert "2,702.70" in line.text_content()
    # the fee goes with its note, as in force on the reader's day (it changed on 2026-05-01)
    assert page.locator("[data-note='fee_card'] [data-parameter='fee_card'] .checker-amount").text_content() == "€150"
    assert older.locator("[data-note='fee_card'] [data-parameter='fee_card'] .checker-amount").text_content() == "€75"


def test_bilateral_result_shows_the_country_length(checker_page):
    answers = OUTCOME_ANSWERS["bilateral_aps"]
    page = checker_page.open("en", "&".join(f"{k}={v}" for k, v in answers.items()))
    assert page.locator("[data-bilateral='TN']").text_content().count("6") >= 1
    page = checker_page.open("en", "&".join(f"{k}={v}" for k, v in dict(answers, nationality="BJ").items()))
    assert page.locator("[data-bilateral='BJ']").is_visible()


def test_a_fact_past_its_review_date_shows_a_warning(checker_page):
    answers = dict(OUTCOME_ANSWERS["not_eligible_status"])
    fresh = checker_page.open("en", "&".join(f"{k}={v}" for k, v in answers.items()))
    assert fresh.locator("[data-notice='review']").count() == 0
    review_by = RULES["facts"]["elig.status"]["review_by"]
    late = "2099-01-01" if review_by is None else review_by[:4] + "-12-31"
    stale = checker_page.open("en", "&".join(f"{k}={v}" for k, v in answers.items()), today=late)
    assert stale.locator("[data-notice='review']").is_visible()
    assert stale.locator("[data-review-due='elig.status']").is_visible()
