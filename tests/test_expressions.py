"""The rules language: parsing, type checking, and the two interpreters on generated trees."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.engine import evaluate_expression, make_scope
from checker.expressions import ExpressionError, infer_type, parse_expression
from checker.rules_loader import load_rules
from harness.js_engine import V8Engine

RULES = load_rules()
NAMES = {"degree_date": "date", "permit_expiry": "date", "today": "date", "degree": "text",
         "window_opens": "date", "gross_salary": "amount", "outcome": "text"}
PARAMETERS = {"work_threshold_monthly"}


def type_of(source: str) -> str:
    return infer_type(parse_expression(source), NAMES, PARAMETERS)


@pytest.mark.parametrize("source, expected", [
    ("degree_date < today", "yes/no"),
    ("add_months(permit_expiry, -4)", "date"),
    ("12 * param(work_threshold_monthly)", "amount"),
    ("param(work_threshold_monthly) * 12", "amount"),
    ("gross_salary >= 12 * param(work_threshold_monthly)", "yes/no"),
    ("degree in ['master', 'licence_pro'] and not answered(degree_date)", "yes/no"),
    ("2 * 3", "number"),
])
def test_well_typed_expressions(source, expected):
    assert type_of(source) == expected


@pytest.mark.parametrize("source, message", [
    ("degree_date < 5", "compares values of one type, not date with number"),
    ("answered(degree) == 1", "not yes/no with number"),
    ("gross_salary >= 30000", "not amount with number"),
    ("degree < 'master'", "orders dates, amounts or numbers, not text"),
    ("param(work_threshold_monthly) * param(work_threshold_monthly)", "multiplies an amount by a whole number"),
    ("add_months(degree, 2)", "add_months() takes a date and a whole number"),
    ("degree_date and today", "'and' combines yes/no conditions"),
    ("degree in degree", "tests a text against a list"),
    ("param(nothing) > gross_salary", "unknown parameter 'nothing'"),
    ("['a', 2]", "a list holds only texts"),
])
def test_ill_typed_expressions_are_named(source, message):
    with pytest.raises(ExpressionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        type_of(source)


def test_multiplication_binds_tighter_than_comparison():
    assert parse_expression("gross_salary >= 12 * param(x)") == {"op": ">=", "args": [
        {"ref": "gross_salary"}, {"op": "*", "args": [{"lit": 12}, {"param": "x"}]}]}


# --- both interpreters on generated well-typed trees -------------------------------------------

def names_of_type(kind: str) -> list[str]:
    found = [q["id"] for q in RULES["questions"]
             if {"date": "date", "amount": "amount"}.get(q["kind"], "text") == kind]
    if kind == "date":
        found += [d["id"] for d in RULES["dates"]] + ["today"]
    return found


def trees(kind: str, depth: int = 3):
    """Well-typed expression trees of a type over the real rules' names, groups and parameters."""
    leaves = {
        "date": st.sampled_from(names_of_type("date")).map(lambda n: {"ref": n}),
        "amount": st.one_of(*[st.sampled_from(names_of_type("amount")).map(lambda n: {"ref": n})][
                            :bool(names_of_type("amount"))],
                            st.sampled_from(sorted(RULES["parameters"])).map(lambda p: {"param": p})),
        "number": st.integers(-60, 60).map(lambda n: {"lit": n}),
        "text": st.one_of(st.sampled_from(names_of_type("text")).map(lambda n: {"ref": n}),
                          st.sampled_from(["master", "yes", "no", "IR", "GE", "job", ""]).map(lambda t: {"lit": t})),
        "list": st.one_of(st.sampled_from(sorted(RULES["groups"])).map(lambda g: {"group": g}),
                          st.lists(st.sampled_from(["master", "job", "IR"]), max_size=3).map(
                              lambda items: {"list": [{"lit": i} for i in items]})),
        "yes/no": st.one_of(st.booleans().map(lambda b: {"lit": b}),
                            st.sampled_from([q["id"] for q in RULES["questions"]]).map(
                                lambda n: {"call": "answered", "args": [{"ref": n}]})),
    }
    if depth == 0:
        return leaves[kind]
    sub = lambda k: trees(k, depth - 1)  # noqa: E731
    op = lambda name, *args: st.tuples(*args).map(lambda a: {"op": name, "args": list(a)})  # noqa: E731
    if kind == "date":
        return st.one_of(leaves["date"], st.tuples(sub("date"), sub("number")).map(
            lambda a: {"call": "add_months", "args": list(a)}))
    if kind == "amount":
        return st.one_of(leaves["amount"], op("*", sub("number"), sub("amount")), op("*", sub("amount"), sub("number")))
    if kind == "yes/no":
        comparable = st.sampled_from(["date", "amount", "number"]).flatmap(
            lambda k: st.sampled_from(["<", "<=", ">", ">=", "==", "!="]).flatmap(lambda o: op(o, sub(k), sub(k))))
        return st.one_of(
            leaves["yes/no"], comparable,
            st.sampled_from(["==", "!="]).flatmap(lambda o: op(o, sub("text"), sub("text"))),
            st.sampled_from(["in", "not in"]).flatmap(lambda o: op(o, sub("text"), sub("list"))),
            st.sampled_from(["and", "or"]).flatmap(lambda o: st.lists(sub("yes/no"), min_size=2, max_size=3).map(
                lambda args: {"op": o, "args": args})),
            sub("yes/no").map(lambda a: {"op": "not", "args": [a]}),
        )
    return leaves[kind]


@pytest.fixture(scope="module")
def v8():
    return V8Engine(RULES)


def answer_sets():
    values = {"date": st.dates().map(lambda d: d.isoformat()), "amount": st.integers(1, 10_000_000)}
    parts = {}
    for question in RULES["questions"]:
        if question["kind"] == "choice":
            parts[question["id"]] = st.sampled_from([o["id"] for o in question["options"]])
        elif question["kind"] == "country":
            parts[question["id"]] = st.sampled_from(["IR", "GE", "DE", "DZ", "TN", "LB"])
        else:
            parts[question["id"]] = values[question["kind"]]
    return st.fixed_dictionaries({}, optional=parts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_both_interpreters_agree_on_generated_trees(v8, data):
    kind = data.draw(st.sampled_from(["yes/no", "date", "amount"]))
    tree = data.draw(trees(kind))
    names = {q["id"]: {"date": "date", "amount": "amount"}.get(q["kind"], "text") for q in RULES["questions"]}
    names.update({d["id"]: "date" for d in RULES["dates"]}, today="date")
    assert infer_type(tree, names, set(RULES["parameters"])) == kind
    answers = data.draw(answer_sets())
    today = data.draw(st.dates(min_value=__import__("datetime").date.fromisoformat(RULES["covers_from"]))
                      .map(lambda d: d.isoformat()))
    python = evaluate_expression(tree, make_scope(RULES, answers, today))
    assert v8.expressions_many([[tree, answers, today]]) == [python]
