"""Both engines give identical result objects: the enumerated answer space, then Hypothesis."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.answer_space import BOUNDARY_TODAYS, answer_space_with_results, change_days
from checker.engine import options_for, parameter_on
from checker.rules_loader import load_rules
from harness.js_engine import V8Engine, node_evaluate_many, python_result


RULES = load_rules()


@pytest.fixture(scope="module")
def rules():
    return RULES


@pytest.fixture(scope="module")
def v8(rules):
    return V8Engine(rules)


@pytest.fixture(scope="module")
def space_with_results(rules):
    """Four boundary days, plus (compact) the day before and the day of each change of a dated amount."""
    return answer_space_with_results(rules, BOUNDARY_TODAYS, compact_todays=change_days(rules))


@pytest.fixture(scope="module")
def space(space_with_results):
    return [(answers, today) for answers, today, _ in space_with_results]


def assert_same(rules, cases, js_results):
    assert len(js_results) == len(cases)
    for (answers, today), js_result in zip(cases, js_results):
        assert js_result == python_result(rules, answers, today), (answers, today)


def test_answer_space_covers_every_outcome_note_and_date(rules, space_with_results):
    results = [result for _, _, result in space_with_results]
    assert {r["outcome"] for r in results} >= {o["id"] for o in rules["outcomes"]}
    assert {n for r in results for n in r["notes"]} == {n["id"] for n in rules["notes"]}
    assert {d for r in results for d in r["dates"]} == {d["id"] for d in rules["dates"]}
    assert "2028-02-29" in BOUNDARY_TODAYS and len(results) > 20000


def test_parity_on_the_enumerated_answer_space(v8, space_with_results):
    cases = [(answers, today) for answers, today, _ in space_with_results]
    js_results = v8.evaluate_many(cases)
    mismatches = [(case, js) for case, js in zip(space_with_results, js_results) if js != case[2]]
    assert len(js_results) == len(cases) and not mismatches, mismatches[:3]


def test_answer_space_reaches_every_document_and_amount(rules, space_with_results):
    results = [result for _, _, result in space_with_results]
    assert {d for r in results for d in r["documents"]} == set(rules["documents"])
    assert {a for r in results for a in r["amounts"]} == {
        p["id"] for p in rules["parameters"].values() if p["in_result"]}


def test_parity_under_node_with_an_unchanged_mjs_copy(rules, space, tmp_path):
    sample = space[::11]
    assert_same(rules, sample, node_evaluate_many(rules, [list(case) for case in sample], tmp_path))


def test_parity_of_the_amounts_in_force(rules, v8):
    days = ["2020-01-01", "2030-06-15", *change_days(rules)]
    cases = [[parameter, day] for parameter in rules["parameters"] for day in days]
    assert len(cases) > 20
    assert v8.run("parameterOn", cases) == [parameter_on(rules, parameter, day) for parameter, day in cases]


def test_month_arithmetic_parity(v8):
    from checker.engine import add_months
    starts = ["2024-02-29", "2027-06-30", "2027-05-31", "2026-01-31", "2100-12-31", "1999-12-31"]
    cases = [[start, months] for start in starts for months in range(-60, 61)]
    script = f"JSON.stringify({cases}.map(([d, m]) => engine.addMonths(d, m)))"
    import json
    assert json.loads(v8.context.eval(script)) == [add_months(d, m) for d, m in cases]


QUESTION_IDS = [question["id"] for question in RULES["questions"]]
dates = st.dates().map(lambda d: d.isoformat())
text_dates = st.one_of(dates, st.text(max_size=12), st.from_regex(r"\d{4}-\d{2}-\d{2}", fullmatch=True))


def answer_values(rules):
    options = [o["id"] for q in rules["questions"] for o in q["options"]]
    return st.one_of(st.sampled_from(options), st.sampled_from(rules["countries"]["codes"]), text_dates,
                     st.integers(), st.integers(-5, 20_000_000), st.floats(allow_nan=False, allow_infinity=False),
                     st.none(), st.booleans(), st.lists(st.integers(), max_size=2))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_parity_on_generated_answer_sets(v8, data):
    rules = RULES
    keys = st.one_of(st.sampled_from(QUESTION_IDS), st.text(max_size=8))
    answers = data.draw(st.dictionaries(keys, answer_values(rules), max_size=8))
    today = data.draw(st.one_of(dates, st.sampled_from(BOUNDARY_TODAYS), st.text(max_size=10)))
    assert v8.evaluate_many([(answers, today)]) == [python_result(rules, answers, today)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_parity_on_generated_valid_paths(v8, data):
    """Answer the next question with a generated valid value until complete."""
    rules = RULES
    today = data.draw(st.dates(dt.date.fromisoformat(rules["covers_from"]), dt.date(2149, 12, 31)).map(str))
    answers = {}
    questions = {q["id"]: q for q in rules["questions"]}
    for _ in range(len(QUESTION_IDS)):
        result = python_result(rules, answers, today)
        assert v8.evaluate_many([(answers, today)]) == [result]
        if result["next_question"] is None:
            break
        question = questions[result["next_question"]]
        if question["kind"] == "choice":  # the options offered for the answers so far
            value = data.draw(st.sampled_from([o["id"] for o in options_for(rules, question, answers, today)]))
        elif question["kind"] == "country":
            value = data.draw(st.sampled_from(rules["countries"]["codes"]))
        elif question["kind"] == "amount":
            value = data.draw(st.integers(question["min"], question["max"]))
        else:
            latest = dt.date.fromisoformat(today) if question["not_after_today"] else dt.date(2149, 12, 31)
            value = data.draw(st.dates(dt.date(1950, 1, 1), latest).map(str))
        answers[question["id"]] = value
    assert result["complete"] is True and result["outcome"]
