"""What changed for one reader between two rules versions.

``compare_rules(old_rules, new_rules, answers, today)`` evaluates the answers of a link made under
``old_rules`` under both versions, on the same day, and lists the differences::

    {"from_version", "to_version", "today",
     "before": result or None, "after": result or None,    # engine results (None: no result)
     "answers_before": {...}, "answers_after": {...},      # the answers each version uses
     "changes": [{"kind", "id", "before", "after", "reason"}, ...],
     "changelog": [{"date", "version", "summary"}, ...]}   # new_rules' entries after the old version

A change's ``kind`` is ``outcome`` (id None), ``note``, ``date``, ``amount`` or ``dropped`` (an
answer the new rules no longer ask, ``reason: "not_asked"``, or no longer accept, ``"not_accepted"``);
``before`` and ``after`` are outcome or note ids, ISO dates, cents or the answer given, None when
absent. No change: ``changes`` is empty.

checker/web/compare.js mirrors this module function by function, with the same names in camelCase.
"""
from __future__ import annotations

from checker.engine import (
    AnswerError, answer_problem, condition_holds, date_problem, evaluate, make_scope, options_for,
)


def first_refused(rules: dict, answers: dict, today: str) -> str | None:
    """The first question (in question order) whose answer these rules refuse: a value the question does
    not accept, or an option not offered for the answers before it on the path; None when none is."""
    valid_today = today if date_problem(today) is None else None
    for question in rules["questions"]:
        if question["id"] in answers and answer_problem(rules, question, answers[question["id"]], valid_today):
            return question["id"]
    on_path: dict = {}
    for question in rules["questions"]:
        if not condition_holds(question["when"], make_scope(rules, on_path, today)):
            continue
        if question["id"] not in answers:
            break
        value = answers[question["id"]]
        if question["kind"] == "choice" and value not in [option["id"] for option in options_for(rules, question, on_path, today)]:
            return question["id"]
        on_path[question["id"]] = value
    return None


def kept_answers(rules: dict, answers: dict, today: str) -> tuple[dict, dict]:
    """The answers these rules use (on their path, accepted), and the others: {question id: reason},
    ``not_asked`` (not a question of these rules, or off the path) or ``not_accepted``."""
    questions = [question["id"] for question in rules["questions"]]
    kept = {key: value for key, value in answers.items() if key in questions}
    dropped = {key: "not_asked" for key in answers if key not in questions}
    for _ in range(len(questions) + 1):
        refused = first_refused(rules, kept, today)
        if refused is None:
            break
        dropped[refused] = "not_accepted"
        del kept[refused]
    on_path: dict = {}
    for question in rules["questions"]:
        if not condition_holds(question["when"], make_scope(rules, on_path, today)):
            continue
        if question["id"] not in kept:
            break
        on_path[question["id"]] = kept[question["id"]]
    for key in questions:
        if key in kept and key not in on_path:
            dropped[key] = "not_asked"
    return on_path, dropped


def evaluate_or_none(rules: dict, answers: dict, today: str) -> dict | None:
    """The engine's result, or None when there is none (a day the rules do not cover, a gap)."""
    try:
        return evaluate(rules, answers, today)
    except AnswerError:
        return None


def change(kind: str, key, before, after, reason=None) -> dict:
    return {"kind": kind, "id": key, "before": before, "after": after, "reason": reason}


def in_order(first: list, second: list) -> list:
    """The items of `first`, then those of `second` not in `first`."""
    return list(first) + [item for item in second if item not in first]


def keyed_changes(kind: str, order: list, before: dict, after: dict) -> list[dict]:
    """One change per key (in `order`) whose value differs between two maps (None when absent)."""
    return [change(kind, key, before.get(key), after.get(key)) for key in order
            if before.get(key) != after.get(key)]


def shown_amounts(rules: dict, result: dict, answers: dict) -> dict:
    """The amounts of a result the reader is shown (checker/web/result.js, placeAmounts): a fee with its
    note, and any other amount when the reader gave an amount or a fact of the result explains it."""
    answered = any(question["kind"] == "amount" and question["id"] in answers for question in rules["questions"])
    shown = {}
    for key, cents in result["amounts"].items():
        parameter = rules["parameters"][key]
        with_note = isinstance(parameter["in_result"], dict) and parameter["in_result"].get("with_note")
        if with_note or answered or parameter["fact"] in result["facts"]:
            shown[key] = cents
    return shown


def result_changes(old_rules: dict, new_rules: dict, before: dict | None, after: dict | None,
                   answers_before: dict, answers_after: dict) -> list[dict]:
    """The outcome, notes added or removed, dates and amounts shown that differ between two results."""
    empty = {"outcome": None, "notes": [], "dates": {}, "amounts": {}, "facts": []}
    before = before or empty
    after = after or empty
    changes = []
    if before["outcome"] != after["outcome"]:
        changes.append(change("outcome", None, before["outcome"], after["outcome"]))
    for note in in_order(before["notes"], after["notes"]):
        if (note in before["notes"]) != (note in after["notes"]):
            changes.append(change("note", note, note if note in before["notes"] else None,
                                  note if note in after["notes"] else None))
    date_order = in_order([date["id"] for date in old_rules["dates"]], [date["id"] for date in new_rules["dates"]])
    changes += keyed_changes("date", date_order, before["dates"], after["dates"])
    changes += keyed_changes("amount", in_order(list(old_rules["parameters"]), list(new_rules["parameters"])),
                             shown_amounts(old_rules, before, answers_before), shown_amounts(new_rules, after, answers_after))
    return changes


def dropped_changes(old_rules: dict, answers_before: dict, dropped_after: dict) -> list[dict]:
    """The answers the old rules used that the new rules drop, in the old rules' question order."""
    return [change("dropped", question["id"], answers_before[question["id"]], None, dropped_after[question["id"]])
            for question in old_rules["questions"]
            if question["id"] in answers_before and question["id"] in dropped_after]


def changelog_between(changelog: list, from_version: str, to_version: str) -> list[dict]:
    """The changelog entries after `from_version`, up to `to_version`, as listed (newest first)."""
    return [{"date": entry["date"], "version": entry["version"], "summary": entry["summary"]}
            for entry in changelog if from_version < entry["version"] <= to_version]


def compare_rules(old_rules: dict, new_rules: dict, answers: dict, today: str) -> dict:
    """The answers of a link made under `old_rules`, under both versions on `today`, and what changed."""
    answers_before, _ = kept_answers(old_rules, answers, today)
    answers_after, dropped_after = kept_answers(new_rules, answers, today)
    before = evaluate_or_none(old_rules, answers_before, today)
    after = evaluate_or_none(new_rules, answers_after, today)
    changes = result_changes(old_rules, new_rules, before, after, answers_before, answers_after) + dropped_changes(old_rules, answers_before, dropped_after)
    return {
        "from_version": old_rules["version"],
        "to_version": new_rules["version"],
        "today": today,
        "before": before,
        "after": after,
        "answers_before": answers_before,
        "answers_after": answers_after,
        "changes": changes,
        "changelog": changelog_between(new_rules.get("changelog") or [], old_rules["version"], new_rules["version"]),
    }
