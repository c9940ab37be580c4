"""Step 5: the rules' own invariants, once every reference resolves and every expression is well
typed: no cycle between computed dates, notes that contradict known notes, unsure options with an
outcome that lists the alternatives, statuses, inline marks, review dates."""

from __future__ import annotations

import re

from checker.expressions import references
from checker.rules_loading.problems import Problems

# a fact that says something was not found cannot be `verified`
NOT_FOUND = re.compile(r"\b(not found|was not found|were not found|not confirmed|no source)\b", re.IGNORECASE)


def names_used(date: dict) -> set[str]:
    """The answers and dates a computed date's value and condition use."""
    return {name for tree in (date["value"], date["when"]) if tree is not None for name in references(tree)[0]}


def date_cycles(rules: dict, problems: Problems) -> None:
    """A computed date may use other dates, but never itself, even through others (a → b → a)."""
    uses = {date["id"]: sorted(names_used(date) - {date["id"]}) for date in rules["dates"]}
    done: set[str] = set()
    reported: set[frozenset] = set()

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            cycle = trail[trail.index(name):] + [name]
            if frozenset(cycle) not in reported:
                reported.add(frozenset(cycle))
                problems.report("dates.yaml", f"dates.{cycle[0]}",
                                f"the dates depend on each other: {' → '.join(cycle)}")
            return
        if name in done:
            return
        for other in uses.get(name, ()):
            if other in uses:
                visit(other, trail + [name])
        done.add(name)

    for name in uses:
        visit(name, [])


def check_invariants(rules: dict, marks: list, problems: Problems) -> None:
    """The rules' own invariants: references between entries, statuses and review dates."""
    note_ids = {note["id"] for note in rules["notes"]}
    for parameter in rules["parameters"].values():
        shown = parameter["in_result"]
        if isinstance(shown, dict) and shown["with_note"] not in note_ids:
            problems.report("parameters.yaml", f"parameters.{parameter['id']}.in_result",
                        f"unknown note {shown['with_note']!r}")
    for note in rules["notes"]:
        for other in note["contradicts"]:
            if other not in note_ids or other == note["id"]:
                problems.report("notes.yaml", f"notes.{note['id']}.contradicts", f"unknown or same note {other!r}")
    for date in rules["dates"]:
        for outcome in date["outcome_labels"]:
            if outcome not in {o["id"] for o in rules["outcomes"]}:
                problems.report("dates.yaml", f"dates.{date['id']}.outcome_labels", f"unknown outcome {outcome!r}")
    unsure = [f"{q['id']}.{o['id']}" for q in rules["questions"] for o in q["options"] if o["unsure"]]
    listing = [outcome["id"] for outcome in rules["outcomes"] if outcome["alternatives"]]
    if unsure and not listing:
        problems.report("outcomes.yaml", "outcomes", f"the unsure options ({', '.join(unsure)}) need an outcome "
                    "with `alternatives: true`, which lists what each sure answer gives")
    if listing and not unsure:
        problems.report("outcomes.yaml", f"outcomes.{listing[0]}.alternatives",
                    "no option is `unsure: true`, so there are never alternatives to list")
    for fact in rules["facts"].values():
        if fact["status"] == "verified" and NOT_FOUND.search((fact["text"] or {}).get("en", "")):
            problems.report("facts.yaml", f"facts.{fact['id']}.status",
                        "a fact that says something was not found or is not confirmed cannot be `verified`")
    for file, path, kind, value in marks:
        known = {"amount": rules["parameters"], "answer": rules["question_kinds"],
                 "next_change": {p["id"] for p in rules["parameters"].values() if p["next_change"]}}.get(kind)
        if known is not None and value not in known:
            what = {"amount": "parameter", "answer": "question", "next_change": "parameter with a `next_change`"}[kind]
            problems.report(file, path, f"{{{kind}:{value}}}: unknown {what}")
    # a fact that states or explains a parameter is reviewed no later than the parameter
    for parameter in rules["parameters"].values():
        if parameter["review_by"] is None:
            continue
        for fact in rules["facts"].values():
            uses = parameter["fact"] == fact["id"] or any(
                f"{{amount:{parameter['id']}}}" in text for text in (fact["text"] or {}).values())
            if uses and (fact["review_by"] or "9999") > parameter["review_by"]:
                problems.report("facts.yaml", f"facts.{fact['id']}.review_by",
                            f"must be {parameter['review_by']} or earlier: it depends on the parameter "
                            f"{parameter['id']}, to be reviewed by then")
