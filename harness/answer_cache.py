"""The parity answer space with the Python engine's result for each answer set, computed once per
rules and engine and kept on disk (checker/disk_cache.py: `.cache/answer-space/`).

The key is a hash of the walked rules (checker/answer_space.py: walked_rules, the rules without
their texts), of the Python code that walks and evaluates them and of the days walked: a change to
any of them computes the space afresh. The xdist workers share one computation (a file lock), and
later runs reuse it.
"""
from __future__ import annotations

import json

from checker.answer_space import WALK_CODE, answer_space_with_results, walked_rules
from checker.disk_cache import cached, digest


def cached_answer_space_with_results(rules: dict, todays: tuple, compact_todays: tuple = ()) -> list:
    """answer_space_with_results(rules, todays, compact_todays=compact_todays), computed on the
    walked rules (the same results: the engine reads no text), from the disk cache when this space
    was computed before by any process."""
    walked = walked_rules(rules)
    key = digest(json.dumps(walked, sort_keys=True), repr((tuple(todays), tuple(compact_todays))), *WALK_CODE)
    return cached("answer-space", key,
                  lambda: answer_space_with_results(walked, todays, compact_todays=compact_todays), keep=3)
