"""Step 4: every expression of the rules, type-checked: the names, groups, parameters, outcomes,
options and country codes it uses exist, conditions are yes/no and date values are dates."""

from __future__ import annotations

from checker.expressions import ExpressionError, infer_type, literals, references
from checker.rules_loading.invariants import names_used
from checker.rules_loading.problems import Problems

# the type an answer of each kind has inside expressions (amounts in cents)
ANSWER_TYPES = {"country": "text", "choice": "text", "date": "date", "amount": "amount"}


def check_expressions(rules: dict, problems: Problems) -> None:
    """Every name, group, parameter and compared value an expression uses must exist, and every
    expression must be well typed: conditions are yes/no, date values are dates."""
    questions = {question["id"]: question for question in rules["questions"]}
    outcome_ids = {outcome["id"] for outcome in rules["outcomes"]}
    names = {question_id: ANSWER_TYPES.get(question["kind"], "text") for question_id, question in questions.items()}
    names.update({date["id"]: "date" for date in rules["dates"]}, today="date")
    parameters = set(rules["parameters"])

    def check(tree, file: str, path: str, allow_outcome: bool, expected: str = "yes/no") -> None:
        if tree is None:
            return
        _, groups = references(tree)
        for group in sorted(groups):
            if group not in rules["groups"]:
                problems.report(file, path, f"unknown group '@{group}'")
        try:
            found = infer_type(tree, {**names, "outcome": "text"} if allow_outcome else names, parameters)
        except ExpressionError as error:
            unknown = str(error).startswith("unknown")
            problems.report(file, path, str(error) if unknown else f"ill-typed expression: {error}")
            return
        if found != expected:
            problems.report(file, path, f"ill-typed expression: must be {expected}, not {found}")
        for name, value in literals(tree):
            if name == "outcome" and value not in outcome_ids:
                problems.report(file, path, f"unknown outcome '{value}'")
            question = questions.get(name)
            if question is None:
                continue
            if question["kind"] == "choice" and value not in {o["id"] for o in question["options"]}:
                problems.report(file, path, f"unknown option '{value}' of question {name}")
            if question["kind"] == "country" and value not in rules["countries"]["codes"]:
                problems.report(file, path, f"unknown country code '{value}'")

    for question in rules["questions"]:
        check(question["when"], "questions.yaml", f"questions.{question['id']}.when", False)
        for option in question["options"]:
            check(option["when"], "questions.yaml", f"questions.{question['id']}.options.{option['id']}.when", False)
    for date in rules["dates"]:
        check(date["when"], "dates.yaml", f"dates.{date['id']}.when", False)
        check(date["value"], "dates.yaml", f"dates.{date['id']}.value", False, "date")
        if date["id"] in names_used(date):
            problems.report("dates.yaml", f"dates.{date['id']}", "a date cannot depend on itself")
    for outcome in rules["outcomes"]:
        check(outcome["when"], "outcomes.yaml", f"outcomes.{outcome['id']}.when", False)
        for index, entry in enumerate(outcome["facts"]):
            check(entry["when"], "outcomes.yaml", f"outcomes.{outcome['id']}.facts[{index}].when", False)
    for note in rules["notes"]:
        check(note["when"], "notes.yaml", f"notes.{note['id']}.when", True)
    for document in rules["documents"].values():
        check(document["when"], "documents.yaml", f"documents.{document['id']}.when", True)
