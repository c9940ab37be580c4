"""The Python engine's contract: result shape, question path, dates, amounts, errors and the
command line. What each outcome, note and date says is tested by the YAML cases of
checker/rules/cases/ (tests/test_rules_cases.py), through both engines."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from checker.engine import AnswerError, add_months, evaluate, parameter_on
from checker.rules_loader import load_rules, rules_json

TODAY = "2026-11-29"
STUDENT = {"nationality": "IR", "situation": "student_permit", "had_rece": "no", "degree": "master"}
EXAMPLE = {**STUDENT, "degree_date": "2026-07-01", "permit_expiry": "2027-06-30", "goal": "job"}
HOLDER = {"nationality": "IR", "situation": "rece_holder", "rece_expiry": "2027-06-30", "plan": "job"}
RESULT_KEYS = ["rules_version", "complete", "next_question", "outcome", "notes", "dates", "amounts",
               "documents", "alternatives", "facts"]


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def run(rules, answers, today=TODAY):
    return evaluate(rules, answers, today)


def test_the_worked_example(rules):
    """Permit until 2027-06-30, degree 2026-07-01, an Iranian master's student looking for a job."""
    result = run(rules, EXAMPLE)
    assert list(result) == RESULT_KEYS
    assert (result["complete"], result["next_question"], result["outcome"]) == (True, None, "rece_job")
    assert result["notes"] == ["apply_window", "fee_card", "work_rules", "after_filing"]
    assert result["dates"] == {"window_opens": "2027-02-28", "window_closes": "2027-04-30",
                               "file_before": "2027-06-30", "degree_recent_until": "2027-07-01"}
    # the amounts in force that day, read from the parameters (their figures are tested at their dates)
    assert result["amounts"] == {key: parameter_on(rules, key, TODAY)["cents"] for key in
                                 ("work_threshold_monthly", "talent_sq_annual", "blue_card_annual", "fee_card")}
    assert result["documents"] == ["passport", "address_proof", "photos", "student_permit", "diploma",
                                   "health_insurance", "republican_commitment"]
    assert result["facts"][0] == "rece.name"


def test_an_incomplete_result_has_amounts_but_no_outcome_notes_or_documents(rules):
    result = run(rules, {"nationality": "IR"})
    assert (result["complete"], result["next_question"], result["outcome"]) == (False, "situation", None)
    assert (result["notes"], result["documents"], result["facts"]) == ([], [], [])
    assert set(result["amounts"]) == {"work_threshold_monthly", "talent_sq_annual", "blue_card_annual"}


@pytest.mark.parametrize("today, threshold, talent, fee", [
    ("2025-05-02", 270270, 4324320, 7500),
    ("2025-08-30", 270270, 4324320, 7500),
    ("2025-08-31", 270270, 3958200, 7500),
    ("2025-12-31", 270270, 3958200, 7500),
    ("2026-01-01", 273455, 3958200, 7500),
    ("2026-04-30", 273455, 3958200, 7500),
    ("2026-05-01", 273455, 3958200, 15000),
    ("2026-05-31", 273455, 3958200, 15000),
    ("2026-06-01", 280053, 3958200, 15000),
])
def test_amounts_in_force_change_on_their_dates(rules, today, threshold, talent, fee):
    result = run(rules, {**EXAMPLE, "degree_date": add_months(today, -2), "permit_expiry": add_months(today, 6)},
                 today)
    assert result["amounts"]["work_threshold_monthly"] == threshold
    assert result["amounts"]["talent_sq_annual"] == talent
    assert result["amounts"]["fee_card"] == fee


def test_a_parameter_value_names_its_start_and_source(rules):
    value = parameter_on(rules, "work_threshold_monthly", TODAY)
    assert value == {"from": "2026-06-01", "cents": 280053, "source": value["source"]} and value["source"]
    assert parameter_on(rules, "work_threshold_monthly", "2020-01-01") is None


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


def test_the_path_follows_the_question_order(rules):
    assert run(rules, {})["next_question"] == "nationality"
    assert run(rules, {"nationality": "IR"})["next_question"] == "situation"
    assert run(rules, {"nationality": "IR", "situation": "researcher", "had_rece": "no"})["next_question"] \
        == "permit_expiry"
    assert run(rules, {"nationality": "IR", "situation": "rece_holder"})["next_question"] == "rece_expiry"
    assert run(rules, HOLDER)["next_question"] == "gross_salary"


@pytest.mark.parametrize("answers, message", [
    ({"nationality": "IR", "colour": "blue"}, "colour: unknown question"),
    ({"nationality": "XX"}, "nationality: 'XX' is not an ISO 3166-1 alpha-2 country code"),
    ({"nationality": 7}, "nationality: the answer must be a text value"),
    ({"nationality": "IR", "situation": "tourist"}, "situation: 'tourist' is not one of the options"),
    ({**STUDENT, "degree": "mastere"}, "degree: 'mastere' is not one of the options"),
    ({**STUDENT, "degree_date": "2026-02-30"}, "degree_date: '2026-02-30' is not a real date"),
    ({**STUDENT, "degree_date": "30/06/2026"}, "degree_date: must be a date written YYYY-MM-DD"),
    ({**HOLDER, "gross_salary": 41000.5}, "gross_salary: must be a whole number of euros"),
    ({**HOLDER, "gross_salary": "41000"}, "gross_salary: must be a whole number of euros"),
    ({**HOLDER, "gross_salary": True}, "gross_salary: must be a whole number of euros"),
    ({**HOLDER, "gross_salary": -5}, "gross_salary: must be between 1 and 10000000 euros"),
    ({**HOLDER, "gross_salary": 10_000_001}, "gross_salary: must be between 1 and 10000000 euros"),
    ({"nationality": "DE", "situation": "student_permit"}, "situation: not asked for these answers"),
    ({"nationality": "GE", "situation": "student_permit", "had_rece": "no", "degree": "master",
      "degree_date": "2026-09-30", "permit_expiry": "2027-01-31", "goal": "job"}, "goal: not asked"),
    ({**HOLDER, "gross_salary": 41000, "master_level": "yes", "job_related": "yes"}, "job_related: not asked"),
    ({"nationality": "IR", "had_rece": "no"}, "had_rece: not asked"),
])
def test_bad_answers_name_the_question(rules, answers, message):
    with pytest.raises(AnswerError) as caught:
        run(rules, answers)
    assert any(error.startswith(message) for error in caught.value.errors), caught.value.errors


def test_every_problem_is_listed_today_first_then_in_question_order(rules):
    with pytest.raises(AnswerError) as caught:
        run(rules, {"situation": "nope", "nationality": "XX"}, "2027-02-30")
    assert [error.split(":")[0] for error in caught.value.errors] == ["today", "nationality", "situation"]


@pytest.mark.parametrize("today, message", [
    ("2027-02-29", "today: is not a real date"),
    ("2025-05-01", "today: before 2025-05-02, the first date these rules cover"),
])
def test_bad_today_is_reported(rules, today, message):
    with pytest.raises(AnswerError, match=f"^{message}"):
        run(rules, {}, today)


def test_answers_must_be_a_mapping(rules):
    with pytest.raises(AnswerError, match="answers: must be an object"):
        run(rules, ["IR"])


def test_a_whole_float_amount_counts_as_whole_euros(rules):
    assert run(rules, {**HOLDER, "gross_salary": 30000.0}) == run(rules, {**HOLDER, "gross_salary": 30000})


def cli(*args):
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, timeout=120)


def cli_in_process(capsys, *args) -> subprocess.CompletedProcess:
    """The command line's main() in this process (the rules compiled once): exit code and output
    as `python -m checker ARGS` gives them (the subprocess tests prove the entry point)."""
    from checker.__main__ import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(["python", "-m", "checker", *args], code, out, err)


def test_command_line_prints_the_worked_example(rules):
    done = cli("evaluate", "--today", TODAY, "--answers", json.dumps(EXAMPLE))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == run(rules, EXAMPLE)


def test_command_line_takes_a_salary_as_an_integer(rules, capsys):
    answers = {**HOLDER, "gross_salary": 41000, "master_level": "yes"}
    done = cli_in_process(capsys, "evaluate", "--today", TODAY, "--answers", json.dumps(answers))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["outcome"] == "status_talent"


@pytest.mark.parametrize("today, answers, message", [
    (TODAY, '{"nationality": "IR", "situation": "nope"}', "situation: 'nope' is not one of the options"),
    (TODAY, '{"nationality": "IR"', "answers: not valid JSON"),
    (TODAY, json.dumps({**HOLDER, "gross_salary": 41000.5}), "gross_salary: must be a whole number of euros"),
    ("2025-05-01", "{}", "today: before 2025-05-02, the first date these rules cover"),
])
def test_command_line_exits_2_on_bad_input(today, answers, message, capsys):
    done = cli_in_process(capsys, "evaluate", "--today", today, "--answers", answers)
    assert done.returncode == 2
    assert message in done.stderr and done.stdout == ""


def test_command_line_exit_code_2_reaches_the_shell():
    done = cli("evaluate", "--today", TODAY, "--answers", '{"nationality": "IR", "situation": "nope"}')
    assert done.returncode == 2
    assert "situation: 'nope' is not one of the options" in done.stderr and done.stdout == ""


def test_command_line_rules_json_is_what_the_site_ships(rules):
    done = cli("rules-json")
    assert done.returncode == 0, done.stderr
    assert done.stdout == rules_json(rules)
    assert json.loads(done.stdout)["version"] == rules["version"]
