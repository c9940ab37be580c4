"""The Python engine against every outcome, note and date of the spec, with explicit values."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from checker.engine import AnswerError, add_months, documents_for, evaluate, parameter_on
from checker.rules_loader import load_rules, rules_json

TODAY = "2026-11-27"
STUDENT = {"nationality": "IR", "situation": "student_permit", "had_rece": "no", "degree": "master"}
SPEC_EXAMPLE = {**STUDENT, "degree_date": "2026-07-01", "permit_expiry": "2027-06-30", "goal": "job"}


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def run(rules, answers, today=TODAY):
    return evaluate(rules, answers, today)


def test_spec_example_of_section_7(rules):
    result = run(rules, SPEC_EXAMPLE)
    assert result["rules_version"] == rules["version"]
    assert result["complete"] is True
    assert result["next_question"] is None
    assert result["outcome"] == "rece_job"
    assert result["notes"] == ["apply_window", "fee", "work_rules"]
    assert result["dates"] == {
        "window_opens": "2027-02-28", "window_closes": "2027-04-30",
        "file_before": "2027-06-30", "degree_recent_until": "2027-07-01",
    }
    assert result["facts"][:3] == ["rece.name", "rece.duration", "elig.degrees"]
    assert set(result["facts"]) >= {"fee.amount", "work.during", "work.threshold", "apply.window"}
    assert list(result) == ["rules_version", "complete", "next_question", "outcome", "notes", "dates", "facts"]


@pytest.mark.parametrize("nationality", ["DE", "FR", "IS", "LI", "NO", "CH"])
def test_eu_eea_swiss_citizens(rules, nationality):
    result = run(rules, {"nationality": nationality})
    assert (result["complete"], result["outcome"], result["notes"], result["dates"]) == (True, "eu_citizen", [], {})
    assert "eu" in result["facts"]


def test_algerian_nationals(rules):
    result = run(rules, {"nationality": "DZ"})
    assert (result["outcome"], result["notes"]) == ("algeria", [])
    assert "algeria" in result["facts"]


def test_no_student_status(rules):
    assert run(rules, {"nationality": "IR", "situation": "other"})["outcome"] == "not_eligible_status"


@pytest.mark.parametrize("situation", ["student_permit", "researcher", "left_france"])
def test_already_had_the_card(rules, situation):
    result = run(rules, {"nationality": "IR", "situation": situation, "had_rece": "yes"})
    assert result["outcome"] == "already_had_rece"


@pytest.mark.parametrize("degree", ["licence", "short_degree", "not_french"])
@pytest.mark.parametrize("situation", ["student_permit", "left_france"])
def test_ineligible_degrees(rules, degree, situation):
    answers = {"nationality": "IR", "situation": situation, "had_rece": "no", "degree": degree}
    result = run(rules, answers)
    assert (result["complete"], result["outcome"]) == (True, "not_eligible_degree")
    assert "elig.not_degrees" in result["facts"]


@pytest.mark.parametrize("degree", ["licence_pro", "master", "engineer", "mastere_specialise", "msc_cge",
                                    "iep", "accounting", "doctorate", "health_doctorate"])
def test_eligible_degrees_lead_to_the_degree_date(rules, degree):
    result = run(rules, {**STUDENT, "degree": degree})
    assert (result["complete"], result["next_question"], result["outcome"]) == (False, "degree_date", None)
    assert result["notes"] == [] and result["facts"] == []


def test_abroad_within_four_years_leap_day(rules):
    answers = {"nationality": "IR", "situation": "left_france", "had_rece": "no", "degree": "master",
               "degree_date": "2024-02-29"}
    partial = run(rules, answers, "2028-02-29")
    assert partial["next_question"] == "goal"
    assert partial["dates"] == {"degree_recent_until": "2025-02-28", "abroad_apply_by": "2028-02-29"}
    result = run(rules, {**answers, "goal": "job"}, "2028-02-29")
    assert (result["outcome"], result["notes"]) == ("abroad_visa", ["fee"])
    assert "abroad.visa" in result["facts"]


def test_abroad_too_late_the_day_after(rules):
    answers = {"nationality": "IR", "situation": "left_france", "had_rece": "no", "degree": "doctorate",
               "degree_date": "2024-02-29"}
    result = run(rules, answers, "2028-03-01")
    assert (result["complete"], result["outcome"], result["notes"]) == (True, "abroad_too_late", [])
    with pytest.raises(AnswerError, match="^goal: "):
        run(rules, {**answers, "goal": "job"}, "2028-03-01")


def test_permit_expired(rules):
    answers = {**STUDENT, "degree_date": "2026-06-30", "permit_expiry": "2026-11-26"}
    result = run(rules, answers)
    assert (result["complete"], result["outcome"], result["notes"]) == (True, "permit_expired", [])
    assert result["dates"]["file_before"] == "2026-11-26"


def test_permit_expiring_today_is_still_valid(rules):
    answers = {**STUDENT, "degree_date": "2026-06-30", "permit_expiry": TODAY}
    assert run(rules, answers)["next_question"] == "goal"
    result = run(rules, {**answers, "goal": "job"})
    assert result["outcome"] == "rece_job"
    assert result["notes"] == ["apply_now", "fee", "work_rules"]


@pytest.mark.parametrize("nationality, country_fact", [("TN", "bilateral.TN"), ("GA", "bilateral.GA"),
                                                       ("BF", "bilateral.BF"), ("IN", "bilateral.IN"),
                                                       ("BJ", "bilateral.other"), ("RS", "bilateral.other")])
def test_bilateral_aps(rules, nationality, country_fact):
    answers = {**SPEC_EXAMPLE, "nationality": nationality}
    result = run(rules, answers)
    assert result["outcome"] == "bilateral_aps"
    assert result["notes"] == ["apply_window", "fee"]
    assert "bilateral.countries" in result["facts"] and country_fact in result["facts"]
    others = {"bilateral.TN", "bilateral.GA", "bilateral.BF", "bilateral.IN", "bilateral.other"} - {country_fact}
    assert not others & set(result["facts"])


def test_bilateral_researchers_take_the_general_card(rules):
    answers = {"nationality": "TN", "situation": "researcher", "had_rece": "no",
               "permit_expiry": "2027-06-30", "goal": "company"}
    result = run(rules, answers)
    assert result["outcome"] == "rece_company"
    assert result["dates"] == {"window_opens": "2027-02-28", "window_closes": "2027-04-30",
                               "file_before": "2027-06-30"}


def test_company_documents_only_for_the_company_goal(rules):
    company = documents_for(rules, {**SPEC_EXAMPLE, "goal": "company"}, TODAY)
    job = documents_for(rules, SPEC_EXAMPLE, TODAY)
    assert "company_project" in company and "company_project" not in job
    assert set(company) - {"company_project"} == set(job)
    assert run(rules, {**SPEC_EXAMPLE, "goal": "company"})["outcome"] == "rece_company"


@pytest.mark.parametrize("degree_date, expected", [("2025-11-26", True), ("2025-11-27", False)])
def test_note_degree_over_12_months(rules, degree_date, expected):
    result = run(rules, {**SPEC_EXAMPLE, "degree_date": degree_date})
    assert ("degree_over_12_months" in result["notes"]) is expected
    assert result["notes"][-3:] == ["apply_window", "fee", "work_rules"]


def test_note_degree_over_12_months_is_for_in_france_outcomes_only(rules):
    answers = {"nationality": "IR", "situation": "left_france", "had_rece": "no", "degree": "master",
               "degree_date": "2024-01-15", "goal": "job"}
    assert run(rules, answers)["notes"] == ["fee"]


def test_note_degree_not_yet(rules):
    result = run(rules, {**SPEC_EXAMPLE, "degree_date": "2026-12-15"})
    assert result["notes"] == ["degree_not_yet", "apply_window", "fee", "work_rules"]


def test_note_degree_after_expiry(rules):
    result = run(rules, {**SPEC_EXAMPLE, "degree_date": "2027-07-15"})
    assert result["notes"] == ["degree_not_yet", "degree_after_expiry", "apply_window", "fee", "work_rules"]


def test_notes_on_an_incomplete_evaluation_are_empty(rules):
    result = run(rules, {**STUDENT, "degree_date": "2027-07-15", "permit_expiry": "2027-06-30"})
    assert (result["complete"], result["next_question"], result["notes"]) == (False, "goal", [])
    assert result["dates"]["degree_recent_until"] == "2028-07-15"


@pytest.mark.parametrize("permit_expiry, note", [
    ("2027-01-15", "apply_now"),   # window closed on 2026-11-15
    ("2027-01-28", "apply_window"),  # window closes 2026-11-28
    ("2027-01-27", "apply_window"),  # window closes today
    ("2026-11-28", "apply_now"),
])
def test_apply_now_or_window(rules, permit_expiry, note):
    result = run(rules, {**SPEC_EXAMPLE, "degree_date": "2026-06-30", "permit_expiry": permit_expiry})
    assert [n for n in result["notes"] if n.startswith("apply_")] == [note]


@pytest.mark.parametrize("start, months, expected", [
    ("2027-06-30", -4, "2027-02-28"),
    ("2028-06-30", -4, "2028-02-29"),
    ("2027-05-31", -2, "2027-03-31"),
    ("2024-02-29", 48, "2028-02-29"),
    ("2024-02-29", 12, "2025-02-28"),
    ("2027-03-31", -1, "2027-02-28"),
    ("2026-01-31", -2, "2025-11-30"),
    ("2026-12-15", 1, "2027-01-15"),
    ("2100-03-31", -1, "2100-02-28"),
    ("2000-03-31", -1, "2000-02-29"),
])
def test_month_arithmetic_clamps_to_the_month_end(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize("permit_expiry, dates", [
    ("2027-06-30", ("2027-02-28", "2027-04-30")),
    ("2028-06-30", ("2028-02-29", "2028-04-30")),
    ("2027-05-31", ("2027-01-31", "2027-03-31")),
])
def test_window_dates_in_evaluation(rules, permit_expiry, dates):
    result = run(rules, {**SPEC_EXAMPLE, "permit_expiry": permit_expiry})
    assert (result["dates"]["window_opens"], result["dates"]["window_closes"]) == dates


def test_dates_are_computed_from_whatever_is_answered(rules):
    result = run(rules, {"nationality": "IR", "situation": "researcher", "had_rece": "no",
                         "permit_expiry": "2027-05-31"})
    assert result["next_question"] == "goal"
    assert result["dates"] == {"window_opens": "2027-01-31", "window_closes": "2027-03-31",
                               "file_before": "2027-05-31"}


def test_question_order(rules):
    assert [question["id"] for question in rules["questions"]] == [
        "nationality", "situation", "had_rece", "degree", "degree_date", "permit_expiry", "goal"]
    assert run(rules, {})["next_question"] == "nationality"
    assert run(rules, {"nationality": "IR"})["next_question"] == "situation"
    assert run(rules, {"nationality": "IR", "situation": "researcher"})["next_question"] == "had_rece"
    assert run(rules, {"nationality": "IR", "situation": "researcher", "had_rece": "no"})["next_question"] \
        == "permit_expiry"


@pytest.mark.parametrize("answers, message", [
    ({"nationality": "IR", "colour": "blue"}, "colour: unknown question"),
    ({"nationality": "XX"}, "nationality: 'XX' is not an ISO 3166-1 alpha-2 country code"),
    ({"nationality": "ir"}, "nationality: 'ir' is not an ISO 3166-1 alpha-2 country code"),
    ({"nationality": 7}, "nationality: the answer must be a text value"),
    ({"nationality": "IR", "situation": "tourist"}, "situation: 'tourist' is not one of the options"),
    ({**STUDENT, "degree_date": "2026-02-30"}, "degree_date: '2026-02-30' is not a real date"),
    ({**STUDENT, "degree_date": "30/06/2026"}, "degree_date: must be a date written YYYY-MM-DD"),
    ({**STUDENT, "degree_date": "1066-10-14"}, "degree_date: '1066-10-14' must be between the years"),
    ({"nationality": "DE", "situation": "student_permit"}, "situation: not asked for these answers"),
    ({"nationality": "IR", "situation": "other", "had_rece": "no"}, "had_rece: not asked for these answers"),
    ({**STUDENT, "degree": "licence", "degree_date": "2026-06-30"}, "degree_date: not asked"),
])
def test_bad_answers_name_the_question(rules, answers, message):
    with pytest.raises(AnswerError) as caught:
        run(rules, answers)
    assert any(error.startswith(message) for error in caught.value.errors), caught.value.errors


def test_bad_today_is_reported(rules):
    with pytest.raises(AnswerError, match="^today: is not a real date"):
        run(rules, {}, "2027-02-29")


def test_answers_must_be_a_mapping(rules):
    with pytest.raises(AnswerError, match="answers: must be an object"):
        run(rules, ["IR"])


def test_threshold_in_force_by_date(rules):
    assert parameter_on(rules, "work_threshold", "2024-10-31") is None
    assert parameter_on(rules, "work_threshold", "2025-12-31")["value"] == 2702.70
    assert parameter_on(rules, "work_threshold", "2026-01-01")["value"] == 2734.55
    assert parameter_on(rules, "work_threshold", TODAY)["source"] == "SP-F17319"


def cli(*args):
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, timeout=120)


def test_command_line_prints_the_spec_example():
    done = cli("evaluate", "--today", TODAY, "--answers", json.dumps(SPEC_EXAMPLE))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["outcome"] == "rece_job" and result["notes"] == ["apply_window", "fee", "work_rules"]
    assert result["dates"] == {"window_opens": "2027-02-28", "window_closes": "2027-04-30",
                               "file_before": "2027-06-30", "degree_recent_until": "2027-07-01"}


@pytest.mark.parametrize("answers, message", [
    ('{"nationality": "IR", "situation": "nope"}', "situation: 'nope' is not one of the options"),
    ('{"nationality": "IR"', "answers: not valid JSON"),
])
def test_command_line_exits_2_on_bad_answers(answers, message):
    done = cli("evaluate", "--today", TODAY, "--answers", answers)
    assert done.returncode == 2
    assert message in done.stderr and done.stdout == ""


def test_command_line_rules_json_is_what_the_site_ships(rules):
    done = cli("rules-json")
    assert done.returncode == 0, done.stderr
    assert done.stdout == rules_json(rules)
    assert json.loads(done.stdout)["version"] == rules["version"]
