"""The scenario cases of checker/rules/cases/*.yaml, run through both engines.

Each file holds the cases of one outcome (OpenFisca-style YAML tests): a maintainer of the law adds
a case without writing Python. Shape (see checker/rules/README.md, "Cases"):

    cases:
      - name: …
        today: 2026-11-29
        answers: {…}
        expect: {outcome: …, notes: […], dates: {…}, amounts: {…}, documents: […]}

Every key of `expect` is optional: a case states the outputs it is about. `amounts` lists only the
parameters it tests (a boundary case at a dated value), compared one by one; an id that is not a
parameter fails the case, and so does a listed parameter the result does not give. `notes` is the
whole list, in order; `notes_include` lists the notes the case is about, in order, among others (so
that a case about an outcome does not break when the date of the next revaluation moves). Each entry
of `alternatives` is compared on the keys it gives.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from checker.engine import parameter_on
from checker.rules_loader import RULES_DIR, load_rules
from harness.js_engine import V8Engine, python_result

CASES_DIR = RULES_DIR / "cases"
EXPECT_KEYS = ("complete", "next_question", "outcome", "notes", "notes_include", "dates", "amounts", "documents",
               "alternatives", "facts", "errors")
RULES = load_rules()


def iso(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def load_cases(folder: Path = CASES_DIR) -> list[tuple[str, dict]]:
    cases = []
    for path in sorted(folder.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for index, case in enumerate(document.get("cases") or []):
            name = case.get("name") or f"case {index + 1}"
            cases.append((f"{path.stem}: {name}", case))
    return cases


CASES = load_cases()


@pytest.fixture(scope="module")
def v8():
    return V8Engine(RULES)


def normalised(case: dict) -> tuple[dict, str, dict]:
    answers = {key: iso(value) for key, value in (case.get("answers") or {}).items()}
    expect = case.get("expect") or {}
    unknown = set(expect) - set(EXPECT_KEYS)
    assert not unknown, f"unknown keys in expect: {sorted(unknown)} (known: {', '.join(EXPECT_KEYS)})"
    if "dates" in expect:
        expect = {**expect, "dates": {key: iso(value) for key, value in expect["dates"].items()}}
    return answers, iso(case["today"]), expect


@pytest.mark.parametrize("case", [case for _, case in CASES], ids=[name for name, _ in CASES])
def test_case_in_both_engines(case, v8):
    answers, today, expect = normalised(case)
    python = python_result(RULES, answers, today)
    [javascript] = v8.evaluate_many([(answers, today)])
    assert javascript == python, "the two engines disagree"
    if "errors" in expect:
        assert python.get("errors"), f"expected errors, got the outcome {python['outcome']}"
        for fragment in expect["errors"]:
            assert any(fragment in message for message in python["errors"]), (fragment, python["errors"])
        return
    assert not python.get("errors"), python.get("errors")
    assert python["complete"] is expect.get("complete", True)
    unknown_notes = set(expect.get("notes_include") or []) - {note["id"] for note in RULES["notes"]}
    assert not unknown_notes, f"notes_include: unknown note ids {sorted(unknown_notes)}"
    for key in EXPECT_KEYS[1:-1]:
        if key == "amounts" and key in expect:
            assert_amounts(expect["amounts"], python["amounts"])
        elif key == "notes_include" and key in expect:
            shown = [note for note in python["notes"] if note in expect[key]]
            assert shown == expect[key], f"notes_include: expected {expect[key]!r} among {python['notes']!r}"
        elif key == "alternatives" and key in expect:
            given = [{k: v for k, v in alternative.items() if k in wanted}
                     for alternative, wanted in zip(python[key], expect[key])]
            assert len(python[key]) == len(expect[key]) and given == expect[key], (
                f"alternatives: expected {expect[key]!r}, got {python[key]!r}")
        elif key in expect:
            assert python[key] == expect[key], f"{key}: expected {expect[key]!r}, got {python[key]!r}"


def assert_amounts(expected: dict, given: dict) -> None:
    """The listed amounts only (a subset of the result's), each one compared; unknown ids fail."""
    unknown = set(expected) - set(RULES["parameters"])
    assert not unknown, f"amounts: unknown parameter ids {sorted(unknown)}"
    for parameter_id, cents in expected.items():
        assert parameter_id in given, f"amounts: {parameter_id} is not in the result ({sorted(given)})"
        assert given[parameter_id] == cents, f"amounts: {parameter_id} expected {cents!r}, got {given[parameter_id]!r}"


def test_cases_cover_every_outcome_note_date_document_and_amount():
    results = [python_result(RULES, *normalised(case)[:2]) for _, case in CASES]
    assert {r["outcome"] for r in results} >= {o["id"] for o in RULES["outcomes"]}
    assert {n for r in results for n in r["notes"]} >= {n["id"] for n in RULES["notes"]}
    assert {d for r in results for d in r["dates"]} >= {d["id"] for d in RULES["dates"]}
    assert {d for r in results for d in r["documents"]} >= set(RULES["documents"])
    assert {a for r in results for a in r["amounts"]} >= {
        p["id"] for p in RULES["parameters"].values() if p["in_result"]}


def test_each_outcome_has_its_case_file():
    files = {path.stem for path in CASES_DIR.glob("*.yaml")}
    assert files == {outcome["id"] for outcome in RULES["outcomes"]}


def test_a_wrong_expectation_fails(v8):
    """The runner really compares: a case with a wrong outcome does not pass."""
    name, case = next((name, case) for name, case in CASES if "outcome" in (case.get("expect") or {}))
    wrong = {**case, "expect": {**case["expect"], "outcome": "no_such_outcome"}}
    with pytest.raises(AssertionError, match="outcome"):
        test_case_in_both_engines(wrong, v8)


def test_a_case_lists_only_the_amounts_it_tests(v8):
    """A subset of the amounts is compared; a wrong amount, an unknown id or an absent one fails."""
    case = {"today": "2026-06-01", "answers": {"nationality": "CH"},
            "expect": {"outcome": "eu_citizen", "amounts": {"work_threshold_monthly": on("work_threshold_monthly", "2026-06-01")}}}
    test_case_in_both_engines(case, v8)
    for amounts, message in (({"work_threshold_monthly": 1}, "expected 1"),
                             ({"no_such_amount": 1}, "unknown parameter ids"),
                             ({"fee_card": on("fee_card", "2026-06-01")}, "not in the result")):
        with pytest.raises(AssertionError, match=message):
            test_case_in_both_engines({**case, "expect": {**case["expect"], "amounts": amounts}}, v8)


def on(parameter_id: str, day: str) -> int:
    """The cents of a parameter in force on a day, read from the compiled parameters."""
    return parameter_on(RULES, parameter_id, day)["cents"]


def test_notes_include_and_alternatives_compare_what_the_case_gives(v8):
    """notes_include: the listed notes in order among others; an alternative: the keys it gives."""
    case = {"today": "2026-11-29",
            "answers": {"nationality": "IR", "situation": "rece_holder", "rece_expiry": "2027-06-30", "plan": "job",
                        "gross_salary": 60000, "master_level": "no", "job_related": "yes", "contract": "permanent"},
            "expect": {"outcome": "status_salarie", "notes_include": ["blue_card_possible"]}}
    test_case_in_both_engines(case, v8)
    for notes, message in ((["apply_window"], "notes_include"), (["no_such_note"], "unknown note ids")):
        with pytest.raises(AssertionError, match=message):
            test_case_in_both_engines({**case, "expect": {**case["expect"], "notes_include": notes}}, v8)
