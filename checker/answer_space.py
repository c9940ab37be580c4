"""The enumerated answer space: every categorical path times a grid of boundary dates.

Used by the rules validation (compact), the engine parity tests, the benchmark and the semantic
diff, so that all of them look at the same profiles.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from checker.disk_cache import cached, digest
from checker.engine import AnswerError, add_days, add_months, evaluate, evaluate_expression, make_scope, options_for
from checker.expressions import references

# Months from `today` (and one day either side of the marked boundaries).
PERMIT_OFFSETS = (-4, -2, -1, 0, 1, 2, 3, 4, 5)
PERMIT_EDGES = (0, 2)
DEGREE_OFFSETS = (-52, -48, -13, -12, 0, 1, 6)
DEGREE_EDGES = (-48, -12, 0)
COMPACT_PERMIT_OFFSETS = (-1, 1, 3, 6)
COMPACT_DEGREE_OFFSETS = (-50, -13, -1, 3)
# Days that are month ends, 29 February and an ordinary day.
BOUNDARY_TODAYS = ("2026-11-27", "2027-02-28", "2028-02-29", "2027-05-31")
# Countries outside every group, for the general case.
OUTSIDERS = ("IR", "US", "CN", "MA")


class AnswerSpaceGap(ValueError):
    """An answer set the walk reached that the engine cannot evaluate (a gap in the rules)."""

    def __init__(self, answers: dict, today: str, errors: list[str]):
        super().__init__(f"{answers} on {today}: {'; '.join(errors)}")
        self.answers, self.today, self.errors = answers, today, errors


def date_grid(today: str, offsets: tuple, edges: tuple) -> list[str]:
    values = []
    for months in offsets:
        day = add_months(today, months)
        values.append(day)
        if months in edges:
            values.extend([add_days(day, -1), add_days(day, 1)])
    return sorted(set(values))


def country_candidates(rules: dict, per_group: int) -> list[str]:
    """The first members of each country group, one country for each bilateral fact, and outsiders."""
    grouped: set[str] = set()
    candidates: list[str] = []
    for group in rules["groups"].values():
        if group["kind"] == "country":
            grouped.update(group["members"])
            candidates.extend(group["members"][:per_group])
    if per_group > 1:
        candidates.extend({entry["fact"]: entry["country"] for entry in reversed(rules["bilateral"])}.values())
    outsiders = [code for code in OUTSIDERS if code not in grouped][:max(1, per_group - 1)]
    return list(dict.fromkeys(candidates + outsiders))


def expressions(rules: dict) -> Iterator[dict]:
    """Every compiled expression tree of the rules."""
    for question in rules["questions"]:
        yield question["when"]
        yield from (option["when"] for option in question["options"])
    for date in rules["dates"]:
        yield date["when"]
        yield date["value"]
    for entry in rules["outcomes"] + rules["notes"] + list(rules["documents"].values()):
        yield entry["when"]
    for outcome in rules["outcomes"]:
        yield from (fact["when"] for fact in outcome["facts"])


def subtrees(tree: dict | None) -> Iterator[dict]:
    if tree is None:
        return
    yield tree
    for child in tree.get("args", []) + tree.get("list", []):
        yield from subtrees(child)


def is_deadline(rules: dict, question_id: str) -> bool:
    """A date question counted back from (add_months(q, -n)): an expiry, not an award date."""
    return any(node.get("call") == "add_months" and node["args"][0].get("ref") == question_id
               and node["args"][1].get("lit", 0) < 0
               for tree in expressions(rules) for node in subtrees(tree))


def day_offsets(rules: dict, question_id: str) -> set[int]:
    """The day counts added to a date answer anywhere (add_days(q, n)): n for each."""
    return {node["args"][1]["lit"] for tree in expressions(rules) for node in subtrees(tree)
            if node.get("call") == "add_days" and node["args"][0].get("ref") == question_id
            and "lit" in node["args"][1]}


def amount_thresholds(rules: dict, question_id: str, today: str) -> list[int]:
    """The amounts (cents, in force on today) that an amount answer is compared with anywhere."""
    found = set()
    for tree in expressions(rules):
        for node in subtrees(tree):
            if node.get("op") not in ("<", "<=", ">", ">=", "==", "!="):
                continue
            for mine, other in (node["args"], reversed(node["args"])):
                if mine.get("ref") == question_id and not references(other)[0]:
                    found.add(evaluate_expression(other, make_scope(rules, {}, today)))
    return sorted(found)


def amount_grid(rules: dict, question: dict, today: str) -> list[int]:
    """Whole euros just below and at each threshold (32 814 and 32 815 € against 32 814,60 €)."""
    values = set()
    for cents in amount_thresholds(rules, question["id"], today):
        at = -(-cents // 100)  # the first whole euro amount that reaches the threshold
        values.update((at - 1, at))
    return sorted(value for value in values if question["min"] <= value <= question["max"]) or [question["min"]]


def candidate_values(rules: dict, question: dict, today: str, per_group: int, compact: bool,
                     answers: dict | None = None) -> list:
    """The values tried for a question after ``answers``: its offered options, country candidates,
    amounts either side of each threshold, or a grid of dates around ``today``."""
    if question["kind"] == "choice":
        return [option["id"] for option in options_for(rules, question, answers or {}, today)]
    return fixed_values(rules, question, today, per_group, compact)


def fixed_values(rules: dict, question: dict, today: str, per_group: int, compact: bool) -> list:
    """The values tried for a country, amount or date question (they do not depend on the answers)."""
    if question["kind"] == "country":
        return country_candidates(rules, per_group)
    if question["kind"] == "amount":
        return amount_grid(rules, question, today)
    if is_deadline(rules, question["id"]):
        values = date_grid(today, COMPACT_PERMIT_OFFSETS if compact else PERMIT_OFFSETS, () if compact else PERMIT_EDGES)
    else:
        values = date_grid(today, COMPACT_DEGREE_OFFSETS if compact else DEGREE_OFFSETS, () if compact else DEGREE_EDGES)
    # the days either side of each day count (filed_on + 90 days reaching today or not)
    for days in day_offsets(rules, question["id"]):
        values.extend([add_days(today, -days), add_days(today, -days - 1)] + ([] if compact else [today]))
    if question["not_after_today"]:
        values = [value for value in values if value <= today]
    return sorted(set(values))


def value_source(rules: dict, today: str, per_group: int, compact: bool):
    """candidate_values for one walk: the fixed values of each question are computed once (reading
    every expression of the rules for each answer set was a tenth of the walk)."""
    fixed = {question["id"]: fixed_values(rules, question, today, per_group, compact)
             for question in rules["questions"] if question["kind"] != "choice"}

    def values_for(question: dict, answers: dict) -> list:
        if question["kind"] == "choice":
            return [option["id"] for option in options_for(rules, question, answers, today)]
        return fixed[question["id"]]
    return values_for


def signature(result: dict) -> tuple:
    """What a reader is told: outcome, notes, dates, documents and amounts (not the facts cited)."""
    return (result["outcome"], tuple(result["notes"]), tuple(sorted(result["dates"].items())),
            tuple(result["documents"]), tuple(sorted(result["amounts"].items())),
            tuple((tuple(entry["if"].items()), entry["outcome"], entry["next_question"], tuple(entry["notes"]))
                  for entry in result["alternatives"]))


def idle_questions(rules: dict, today: str, complete: list | None = None) -> list[tuple[str, dict]]:
    """Questions asked where no answer changes the result: (question id, the answers before it).

    Walks the compact answer space (one country a group) as a tree; a question is idle at a node
    when every answer to it leads to the same set of results. Each idle question is reported once,
    at its first such node. `complete`, when given, receives every complete (answers, result) of
    the walk, in the order of walk_answer_space(rules, today, 1, compact=True), so one walk serves
    both. AnswerSpaceGap at the first answers the engine cannot evaluate.
    """
    questions = {question["id"]: question for question in rules["questions"]}
    values_for = value_source(rules, today, 1, True)
    idle: dict[str, dict] = {}

    def results_below(answers: dict) -> frozenset:
        try:
            result = evaluate(rules, answers, today)
        except AnswerError as error:
            raise AnswerSpaceGap(answers, today, error.errors) from error
        next_question = result["next_question"]
        if next_question is None:
            if complete is not None:
                complete.append((answers, result))
            return frozenset([signature(result)])
        values = values_for(questions[next_question], answers)
        below = [results_below({**answers, next_question: value}) for value in values]
        if len(values) > 1 and all(item == below[0] for item in below) and next_question not in idle:
            idle[next_question] = answers
        return frozenset().union(*below)

    results_below({})
    return list(idle.items())


def walk_answer_space(rules: dict, today: str, countries_per_group: int = 2,
                      compact: bool = False, include_partial: bool = False) -> Iterator[tuple[dict, dict]]:
    """Every answer set reachable by answering the next question, depth first, with its result.

    Complete sets always; the partial ones on the way too when include_partial is set.
    """
    questions = {question["id"]: question for question in rules["questions"]}
    values_for = value_source(rules, today, countries_per_group, compact)
    stack: list[dict] = [{}]
    while stack:
        answers = stack.pop()
        try:
            result = evaluate(rules, answers, today)
        except AnswerError as error:
            raise AnswerSpaceGap(answers, today, error.errors) from error
        next_question = result["next_question"]
        if next_question is None or include_partial:
            yield answers, result
        if next_question is None:
            continue
        values = values_for(questions[next_question], answers)
        for value in reversed(values):
            stack.append({**answers, next_question: value})


def enumerate_answer_sets(rules: dict, today: str, countries_per_group: int = 2,
                          compact: bool = False, include_partial: bool = False) -> Iterator[dict]:
    for answers, _ in walk_answer_space(rules, today, countries_per_group, compact, include_partial):
        yield answers


def validation_todays(rules: dict) -> tuple[str, ...]:
    return (rules["verified_on"] or BOUNDARY_TODAYS[0], "2028-02-29")


def change_days(rules: dict) -> tuple[str, ...]:
    """The day before and the day of each change of a dated parameter within the rules' cover, and of
    each expected change (`next_change`)."""
    days = set()
    for parameter in rules["parameters"].values():
        starts = [entry["from"] for entry in parameter["values"]] + [parameter["next_change"] or ""]
        for start in starts:
            if start > rules["covers_from"]:
                days.update((add_days(start, -1), start))
    return tuple(sorted(days))


def answer_space(rules: dict, todays=BOUNDARY_TODAYS, include_partial: bool = True) -> list[tuple[dict, str]]:
    """The full parity grid: (answers, today) pairs."""
    return [(answers, today) for answers, today, _ in answer_space_with_results(rules, todays, include_partial)]


def answer_space_with_results(rules: dict, todays=BOUNDARY_TODAYS, include_partial: bool = True,
                              compact_todays: tuple = ()) -> list[tuple[dict, str, dict]]:
    """The parity grid with the Python engine's result for each (answers, today): the full space on
    ``todays``, the compact one (one country a group, fewer dates) on ``compact_todays``."""
    full = [(answers, today, result) for today in todays
            for answers, result in walk_answer_space(rules, today, include_partial=include_partial)]
    return full + [(answers, today, result) for today in compact_todays
                   for answers, result in walk_answer_space(rules, today, countries_per_group=1, compact=True,
                                                            include_partial=include_partial)]


# --- the validation walk, kept on disk ------------------------------------------------------------

WALK_CODE = [Path(__file__).with_name(name) for name in ("engine.py", "expressions.py", "answer_space.py")]
# what the engine and the walk read; texts (a mapping of languages) are left out of the walked rules
WALKED_KEYS = ("version", "verified_on", "covers_from", "countries", "parameters", "questions", "question_kinds",
               "groups", "bilateral", "dates", "documents", "outcomes", "notes")


def without_texts(value, languages: frozenset):
    if isinstance(value, list):
        return [without_texts(item, languages) for item in value]
    if isinstance(value, dict):
        return {key: without_texts(item, languages) for key, item in value.items()
                if not (isinstance(item, dict) and item and set(item) <= languages)}
    return value


def walked_rules(rules: dict) -> dict:
    """The part of the rules a walk reads: the engine's keys without the texts. Walking it gives the
    same results as walking the whole rules (a text the engine would read is a KeyError, not a quiet
    difference), and a change to a text or a source does not change it."""
    return without_texts({key: rules[key] for key in WALKED_KEYS}, frozenset(rules["languages"]))


def cached_idle_questions(rules: dict, today: str, complete: list | None = None) -> list[tuple[str, dict]]:
    """idle_questions(rules, today, complete), kept on disk (checker/disk_cache.py) under a hash of
    the walked rules, today and the code of the walk: a copy of the rules that differs only in its
    texts is not walked again."""
    walked = walked_rules(rules)

    def walk() -> tuple:
        found: list = []
        try:
            return idle_questions(walked, today, found), found, None
        except AnswerSpaceGap as gap:
            return None, found, (gap.answers, gap.today, gap.errors)

    key = digest(json.dumps(walked, sort_keys=True), today, *WALK_CODE)
    idle, found, gap = cached("validation-walk", key, walk, keep=40)
    if complete is not None:
        complete.extend(found)
    if gap is not None:
        raise AnswerSpaceGap(*gap)
    return idle
