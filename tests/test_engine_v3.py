"""Version 3 of the rules language and interface (checker/rules/DOMAIN.md): day arithmetic, options
offered by a condition, "I'm not sure" answers and their alternatives, dates not after today, the
examples of the domain reference printed by the command line, and one broken-rules fixture per new
loader check. What each outcome and note says is in the YAML cases (tests/test_rules_cases.py)."""

from __future__ import annotations

import json

import pytest

from checker.engine import AnswerError, add_days, evaluate, options_for, parameter_on
from checker.rules_loader import load_rules
from tests.test_engine_spec import cli_in_process
from tests.test_rules_validation import broken_rules, entry, problems_of

TODAY = "2026-12-07"
HOLDER_45K = {"nationality": "IR", "situation": "rece_holder", "rece_expiry": "2027-06-30", "plan": "job",
              "gross_salary": 45000}
COLOMBIAN = {"nationality": "CO", "situation": "student_permit", "had_rece": "no", "degree": "master",
             "degree_date": "2026-09-30", "permit_expiry": "2027-01-31", "goal": "job_offer"}
FILED = {"nationality": "MR", "situation": "filed", "filed_on": "2026-08-10", "receipt_expiry": "2026-12-09"}


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def errors_of(rules, answers, today=TODAY) -> list[str]:
    with pytest.raises(AnswerError) as caught:
        evaluate(rules, answers, today)
    return caught.value.errors


@pytest.mark.parametrize("start, days, expected", [
    ("2026-08-10", 90, "2026-11-08"),
    ("2027-12-15", 90, "2028-03-14"),
    ("2028-01-01", 90, "2028-03-31"),
    ("2026-12-07", -90, "2026-09-08"),
    ("2100-02-28", 1, "2100-03-01"),
    ("2000-02-28", 1, "2000-02-29"),
    ("1999-12-31", 1, "2000-01-01"),
])
def test_day_arithmetic_counts_calendar_days(start, days, expected):
    assert add_days(start, days) == expected


def test_the_result_has_alternatives_after_documents(rules):
    result = evaluate(rules, {"nationality": "IR"}, TODAY)
    assert list(result) == ["rules_version", "complete", "next_question", "outcome", "notes", "dates", "amounts",
                            "documents", "alternatives", "facts"]
    assert result["alternatives"] == []


def test_kosovo_is_offered_and_uninhabited_territories_are_not(rules):
    assert evaluate(rules, {"nationality": "XK"}, TODAY)["next_question"] == "situation"
    assert rules["countries"]["names"]["en"]["XK"] == "Kosovo"
    for code in ("AQ", "BV", "HM", "GS", "TF", "UM"):
        assert code not in rules["countries"]["codes"]
        assert code not in rules["countries"]["names"]["fa"]


def test_job_offer_is_offered_to_students_only(rules):
    goal = next(question for question in rules["questions"] if question["id"] == "goal")
    student = {key: COLOMBIAN[key] for key in ("nationality", "situation", "had_rece", "degree", "degree_date",
                                               "permit_expiry")}
    researcher = {"nationality": "CO", "situation": "researcher", "had_rece": "no", "permit_expiry": "2027-01-31"}
    assert [o["id"] for o in options_for(rules, goal, student, TODAY)] == ["job", "company", "job_offer"]
    assert [o["id"] for o in options_for(rules, goal, researcher, TODAY)] == ["job", "company"]
    assert errors_of(rules, {**researcher, "goal": "job_offer"}) == [
        "goal: 'job_offer' is not one of the options for these answers"]


def test_the_card_holder_not_sure_of_the_master_level_gets_both_possibilities(rules):
    """The example of the domain reference (evaluation interface)."""
    answers = {**HOLDER_45K, "master_level": "not_sure", "job_related": "yes", "contract": "permanent"}
    result = evaluate(rules, answers, TODAY)
    assert result["outcome"] == "depends" and result["documents"] == []
    assert [(entry["if"], entry["complete"], entry["outcome"], entry["next_question"])
            for entry in result["alternatives"]] == [
        ({"master_level": "yes"}, True, "status_talent", None),
        ({"master_level": "no"}, True, "status_salarie", None),
    ]


def test_not_sure_on_both_questions_lists_every_possibility_once(rules):
    answers = {**HOLDER_45K, "master_level": "not_sure", "job_related": "not_sure", "contract": "fixed_6_plus"}
    alternatives = evaluate(rules, answers, TODAY)["alternatives"]
    # master level yes: job_related is no longer asked, so its two values give one entry
    assert [(entry["if"], entry["outcome"]) for entry in alternatives] == [
        ({"master_level": "yes"}, "status_talent"),
        ({"master_level": "no", "job_related": "yes"}, "status_temporary_worker"),
        ({"master_level": "no", "job_related": "no"}, "status_ordinary"),
    ]


def test_an_alternative_that_needs_another_answer_names_the_question(rules):
    """Below the Blue Card amount, an unrelated job asks no contract: a 'not sure' with no contract
    answered yet is complete for 'no' and needs the contract for 'yes'."""
    answers = {**HOLDER_45K, "gross_salary": 34000, "job_related": "not_sure", "contract": "permanent"}
    alternatives = evaluate(rules, answers, TODAY)["alternatives"]
    assert [(entry["if"], entry["complete"], entry["outcome"]) for entry in alternatives] == [
        ({"job_related": "yes"}, True, "status_salarie"),
        ({"job_related": "no"}, True, "status_ordinary"),
    ]


@pytest.mark.parametrize("filed_on, outcome", [
    (TODAY, "waiting_decision"),
    (add_days(TODAY, -90), "waiting_decision"),
    (add_days(TODAY, -91), "deemed_refused"),
])
def test_the_silence_counts_as_a_refusal_after_90_days(rules, filed_on, outcome):
    answers = {**FILED, "filed_on": filed_on, "receipt_expiry": "2027-03-01"}
    result = evaluate(rules, answers, TODAY)
    assert result["outcome"] == outcome
    assert result["dates"]["deemed_refused_on"] == add_days(filed_on, 90)


@pytest.mark.parametrize("answers, message", [
    ({**FILED, "filed_on": "2026-12-08"}, "filed_on: is after today"),
    ({**HOLDER_45K, "plan": "not_sure"}, "plan: 'not_sure' is not one of the options"),
    ({**HOLDER_45K, "gross_salary": 34000, "job_related": "yes", "contract": "fixed_12_plus"},
     "contract: 'fixed_12_plus' is not one of the options"),
    ({**HOLDER_45K, "gross_salary": 34000, "job_related": "yes", "contract": "fixed_under_12"},
     "contract: 'fixed_under_12' is not one of the options"),
    ({"nationality": "MR", "situation": "filed", "receipt_expiry": "2026-12-09"}, "receipt_expiry: not asked"),
    ({"nationality": "GE", "situation": "student_permit", "had_rece": "no", "degree": "master",
      "degree_date": "2026-09-30", "permit_expiry": "2027-01-31", "goal": "job"}, "goal: not asked"),
])
def test_v3_bad_answers_name_the_question(rules, answers, message):
    assert any(error.startswith(message) for error in errors_of(rules, answers)), errors_of(rules, answers)


def test_today_before_the_first_covered_day_is_an_error(rules):
    assert rules["covers_from"] == "2025-05-02"
    assert errors_of(rules, {}, "2025-05-01") == ["today: before 2025-05-02, the first date these rules cover"]
    assert evaluate(rules, {}, "2025-05-02")["next_question"] == "nationality"


def test_the_threshold_is_one_and_a_half_smic_on_every_date(rules):
    for day in ("2025-05-02", "2026-05-31", "2026-06-01", TODAY):
        smic = parameter_on(rules, "smic_monthly", day)["cents"]
        assert parameter_on(rules, "work_threshold_monthly", day)["cents"] == (3 * smic + 1) // 2
    assert parameter_on(rules, "work_threshold_monthly", "2026-06-01")["cents"] == 280053
    for parameter_id in ("work_threshold_monthly", "smic_monthly"):
        parameter = rules["parameters"][parameter_id]
        assert parameter["next_change"] is None or parameter["next_change"] > parameter["values"][-1]["from"]
    assert rules["parameters"]["work_threshold_monthly"]["next_change"] == rules["parameters"]["smic_monthly"]["next_change"]


@pytest.mark.parametrize("branch", ["status", "direct"])
def test_the_revaluation_note_comes_with_a_deadline_after_the_next_change(rules, branch):
    """threshold_changes, read from the rules' next change (so that moving it changes no case): a
    deadline on or after it gets the note, a deadline the day before does not."""
    next_change = rules["parameters"]["work_threshold_monthly"]["next_change"]
    assert next_change, "the SMIC is revalued every 1 January: the threshold has a next change"
    today = add_days(next_change, -25)
    for deadline, shown in ((next_change, True), (add_days(next_change, 60), True), (add_days(next_change, -1), False)):
        if branch == "status":
            answers = {"nationality": "PK", "situation": "rece_holder", "rece_expiry": deadline, "plan": "job",
                       "gross_salary": 33600}
        else:
            answers = {**COLOMBIAN, "degree_date": add_days(today, -68), "permit_expiry": deadline, "gross_salary": 33600}
        result = evaluate(rules, answers, today)
        assert result["outcome"] == f"{branch}_ordinary", (deadline, result["outcome"], result.get("errors"))
        assert ("threshold_changes" in result["notes"]) is shown, (deadline, result["notes"])


@pytest.mark.parametrize("today, salary, related_asked", [
    ("2026-06-01", 33606, False), ("2026-06-01", 33607, True),
    ("2026-05-31", 32814, False), ("2026-05-31", 32815, True),
])
def test_the_yearly_threshold_boundaries(rules, today, salary, related_asked):
    answers = {**HOLDER_45K, "rece_expiry": "2027-06-30", "gross_salary": salary}
    result = evaluate(rules, answers, today)
    assert (result["next_question"] == "job_related") is related_asked
    if not related_asked:
        assert result["outcome"] == "status_ordinary"


# --- the command line prints the domain reference's examples ------------------------------------

EXAMPLES = [
    (COLOMBIAN | {"gross_salary": 42000}, {"outcome": "direct_talent"}),
    (COLOMBIAN | {"gross_salary": 34000, "job_related": "yes", "contract": "permanent"},
     {"outcome": "direct_salarie"}),
    (COLOMBIAN | {"gross_salary": 33600}, {"outcome": "direct_ordinary"}),
    (FILED, {"outcome": "deemed_refused", "notes": ["receipt_renew"],
             "dates": {"deemed_refused_on": "2026-11-08", "deemed_refused_on_sp": "2026-12-10",
                       "appeal_by": "2027-01-08", "receipt_ends": "2026-12-09"}}),
    ({"nationality": "IN", "situation": "student_permit", "had_rece": "no", "degree": "licence_pro",
      "degree_date": "2026-09-10", "permit_expiry": "2027-02-28", "goal": "job"}, {"outcome": "rece_job"}),
    ({"nationality": "PK", "situation": "rece_holder", "rece_expiry": "2027-02-05", "plan": "job",
      "gross_salary": 33600}, {"outcome": "status_ordinary"}),
]


@pytest.mark.parametrize("answers, expected", EXAMPLES)
def test_the_command_line_prints_the_examples(answers, expected, capsys):
    done = cli_in_process(capsys, "evaluate", "--today", TODAY, "--answers", json.dumps(answers))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    for key, value in expected.items():
        assert result[key] == value, (key, result[key])


def test_the_command_line_notes_the_examples(capsys):
    india, pakistan = EXAMPLES[4][0], EXAMPLES[5][0]
    # the revaluation note as long as the threshold's next change falls before the card ends
    next_change = load_rules()["parameters"]["work_threshold_monthly"]["next_change"]
    revalued = next_change is not None and TODAY < next_change <= pakistan["rece_expiry"]
    for answers, note, shown in ((india, "bilateral_degree_outside", True), (pakistan, "threshold_changes", revalued)):
        done = cli_in_process(capsys, "evaluate", "--today", TODAY, "--answers", json.dumps(answers))
        result = json.loads(done.stdout)
        assert (note in result["notes"]) is shown
    assert result["amounts"]["work_threshold_monthly"] == parameter_on(load_rules(), "work_threshold_monthly", TODAY)["cents"]


def test_the_command_line_prints_alternatives(capsys):
    answers = {**HOLDER_45K, "master_level": "not_sure", "job_related": "yes", "contract": "permanent"}
    done = cli_in_process(capsys, "evaluate", "--today", TODAY, "--answers", json.dumps(answers))
    result = json.loads(done.stdout)
    assert [(entry["if"], entry["outcome"]) for entry in result["alternatives"]] == [
        ({"master_level": "yes"}, "status_talent"), ({"master_level": "no"}, "status_salarie")]


@pytest.mark.parametrize("answers, message", [
    ('{"nationality": "IR", "nationality": "FR"}', "answers: the key 'nationality' is given twice"),
    ('{"gross_salary": ' + "9" * 5000 + "}", "answers: a number is beyond ±2^53"),
    ('{"gross_salary": 9007199254740993}', "answers: a number is beyond ±2^53"),
    ("[" * 100_000 + "]" * 100_000, "answers: nested too deeply"),
    (json.dumps({**FILED, "filed_on": "2026-12-08"}), "filed_on: is after today"),
    (json.dumps({"nationality": "CO", "situation": "researcher", "had_rece": "no", "permit_expiry": "2027-01-31",
                 "goal": "job_offer"}), "goal: 'job_offer' is not one of the options for these answers"),
])
def test_the_command_line_refuses_unusable_answers_with_exit_2(answers, message, capsys):
    done = cli_in_process(capsys, "evaluate", "--today", TODAY, "--answers", answers)
    assert done.returncode == 2 and done.stdout == ""
    assert message in done.stderr and "Traceback" not in done.stderr


def test_the_command_line_exits_2_for_broken_rules(tmp_path, capsys):
    def break_goal(data):
        entry(data, "questions", "goal")["when"] = "permit_expiry < 5"

    folder = broken_rules(tmp_path, "questions.yaml", break_goal)
    done = cli_in_process(capsys, "--rules", str(folder), "rules-json")
    assert done.returncode == 2 and "questions.yaml: questions.goal.when: ill-typed expression" in done.stderr


# --- the loader's new checks: one broken-rules fixture each -------------------------------------

def derived_off_by_a_cent(data):
    entry(data, "parameters", "work_threshold_monthly")["values"][-1]["cents"] += 1


def next_change_before_last_value(data):
    entry(data, "parameters", "smic_monthly")["next_change"] = "2026-01-01"


def not_after_today_on_a_choice(data):
    entry(data, "questions", "plan")["not_after_today"] = True


def unsure_without_alternatives(data):
    entry(data, "outcomes", "depends")["alternatives"] = False


def where_an_unknown_degree_column(data):
    entry(data, "groups", "bilateral_master_only")["where"] = {"degrees": "doctorate"}


def add_a_code_iso_has(data):
    data["add"] = ["FR"]


def ill_typed_option_condition(data):
    option = next(o for o in entry(data, "questions", "goal")["options"] if o["id"] == "job_offer")
    option["when"] = "situation == 5"


def deeply_nested_condition(data):
    entry(data, "questions", "goal")["when"] = "(" * 60 + "true" + ")" * 60


# the last dated values, read from the parameters so that a new dated value changes no message here
_THRESHOLD, _SMIC = (load_rules()["parameters"][key]["values"] for key in ("work_threshold_monthly", "smic_monthly"))


@pytest.mark.parametrize("file, mutate, expected", [
    ("parameters.yaml", derived_off_by_a_cent,
     f"parameters.yaml: parameters.work_threshold_monthly.values[{len(_THRESHOLD) - 1}].cents: "
     f"must be {_THRESHOLD[-1]['cents']} (3/2 × smic_monthly"),
    ("parameters.yaml", next_change_before_last_value,
     f"parameters.yaml: parameters.smic_monthly.next_change: must be after the last dated value ({_SMIC[-1]['from']})"),
    ("questions.yaml", not_after_today_on_a_choice,
     "questions.yaml: questions.plan.not_after_today: only a date question can have it"),
    ("outcomes.yaml", unsure_without_alternatives, "outcomes.yaml: outcomes: the unsure options (master_level.not_sure"),
    ("groups.yaml", where_an_unknown_degree_column,
     "groups.yaml: groups.bilateral_master_only.where.degrees: must be one of licence_pro_or_master, master_level, unknown"),
    ("countries.yaml", add_a_code_iso_has, "countries.yaml: add.FR: must be a code CLDR names and ISO 3166-1 lacks"),
    ("questions.yaml", ill_typed_option_condition,
     "questions.yaml: questions.goal.options.job_offer.when: ill-typed expression"),
    ("questions.yaml", deeply_nested_condition,
     "questions.yaml: questions.goal.when: bad expression: nested more than 40 levels deep"),
])
def test_v3_broken_rules_are_reported_precisely(tmp_path, file, mutate, expected):
    problems = problems_of(broken_rules(tmp_path, file, mutate))
    assert any(problem.startswith(expected) for problem in problems), problems
