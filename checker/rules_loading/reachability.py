"""Step 6: a walk of a compact answer space, once the rules are otherwise sound: every outcome is
reached, every complete answer set has one, no question is idle, no contradictory notes meet."""

from __future__ import annotations

import json

from checker.rules_loading.problems import Problems


def check_reachability(rules: dict, problems: Problems) -> None:
    """Walk a compact answer space: every outcome is reached, every complete answer set has one,
    no question is idle (asked where no answer changes the result), no contradictory notes meet."""
    from checker.answer_space import AnswerSpaceGap, cached_idle_questions, validation_todays

    reached: set[str] = set()
    contradicts = {(note["id"], other) for note in rules["notes"] for other in note["contradicts"]}
    try:
        for today in validation_todays(rules):
            complete: list = []  # one walk of the compact space: idle questions, then the complete answers
            idle, gap = [], None
            try:
                idle = cached_idle_questions(rules, today, complete)
            except AnswerSpaceGap as error:  # the complete answers before it are still checked
                gap = error
            for answers, result in complete:
                reached.add(result["outcome"])
                for note, other in sorted(contradicts):
                    if note in result["notes"] and other in result["notes"]:
                        problems.report("notes.yaml", f"notes.{note}.contradicts", f"'{note}' and '{other}' are "
                                    f"both given for {json.dumps(answers)} on {today}")
                        contradicts.discard((note, other))
            for question_id, answers in idle:
                problems.report("questions.yaml", f"questions.{question_id}", "idle question: no answer changes "
                            f"the result after {json.dumps(answers)} on {today}")
            if gap:
                raise gap
    except AnswerSpaceGap as gap:
        problems.report("outcomes.yaml", "outcomes", f"no outcome for the complete answers "
                    f"{json.dumps(gap.answers)} on {gap.today}")
        return
    for outcome in rules["outcomes"]:
        if outcome["id"] not in reached:
            problems.report("outcomes.yaml", f"outcomes.{outcome['id']}", "can never be reached")
