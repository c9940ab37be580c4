"""Time each engine over the whole enumerated answer space (the parity grid).

The Python engine is the baseline; the browser engine runs in an embedded V8 in one bulk call.
"""

from __future__ import annotations

import json
import statistics
import time

from checker.answer_space import answer_space
from checker.rules_loader import load_rules
from harness.js_engine import V8Engine, python_result

ROUNDS = 3


def best_of(function) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def run() -> list[str]:
    rules = load_rules()
    cases = answer_space(rules)
    v8 = V8Engine(rules)
    payload = json.dumps(cases)
    python_seconds = best_of(lambda: [python_result(rules, answers, today) for answers, today in cases])
    js_seconds = best_of(lambda: v8.evaluate_many(cases))
    transfer_seconds = best_of(lambda: v8.context.eval(f"JSON.stringify({payload}.length)"))
    per_case = [python_seconds / len(cases) * 1e6, js_seconds / len(cases) * 1e6]
    return [
        f"answer sets (complete and partial, {len(set(t for _, t in cases))} todays): {len(cases)}",
        f"Python engine: {python_seconds:.3f} s ({per_case[0]:.1f} µs per answer set) [baseline]",
        f"JS engine in V8, one bulk call: {js_seconds:.3f} s ({per_case[1]:.1f} µs per answer set), "
        f"ratio to Python {js_seconds / python_seconds:.2f}×",
        f"of which JSON transfer into V8: {transfer_seconds:.3f} s",
        f"median µs per answer set: {statistics.median(per_case):.1f}",
    ]
