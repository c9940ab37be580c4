"""The parity answer space with the Python engine's result for each answer set, computed once per
rules and engine and kept on disk (checker/disk_cache.py: `.cache/answer-space/`).

The key is a hash of the walked rules (checker/answer_space.py: walked_rules, the rules without
their texts), of the Python code that walks and evaluates them and of the days walked: a change to
any of them computes the space afresh. The xdist workers share one computation (a file lock), and
later runs reuse it. A computation walks its days in parallel processes (one a core).
"""
from __future__ import annotations

import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from checker.answer_space import WALK_CODE, answer_space_with_results, walked_rules
from checker.disk_cache import cached, digest


def one_day(rules: dict, today: str, compact: bool) -> list:
    """answer_space_with_results for one day (full or compact)."""
    return answer_space_with_results(rules, () if compact else (today,), compact_todays=(today,) if compact else ())


def in_parallel(rules: dict, todays: tuple, compact_todays: tuple) -> list:
    """answer_space_with_results(rules, todays, compact_todays=compact_todays), each day in its own
    process (fresh interpreters: the caller may hold threads, V8's among them), results in the same order."""
    days = [(today, False) for today in todays] + [(today, True) for today in compact_todays]
    workers = min(len(days), os.cpu_count() or 1)
    if workers < 2:
        return answer_space_with_results(rules, todays, compact_todays=compact_todays)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        parts = list(pool.map(one_day, [rules] * len(days), *zip(*days)))
    return [case for part in parts for case in part]


def cached_answer_space_with_results(rules: dict, todays: tuple, compact_todays: tuple = ()) -> list:
    """answer_space_with_results(rules, todays, compact_todays=compact_todays), computed on the
    walked rules (the same results: the engine reads no text), from the disk cache when this space
    was computed before by any process."""
    walked = walked_rules(rules)
    key = digest(json.dumps(walked, sort_keys=True), repr((tuple(todays), tuple(compact_todays))), *WALK_CODE)
    return cached("answer-space", key, lambda: in_parallel(walked, tuple(todays), tuple(compact_todays)), keep=2)
