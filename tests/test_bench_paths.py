"""The benchmarks' scripted reader (bench/checker_speed.py) still answers every step and reaches a
result, in a left-to-right and a right-to-left language: a change of the questions that breaks the
bench fails here, not on the next `make bench`. Nothing here is timed."""
from __future__ import annotations

import datetime as dt

import pytest

from bench.checker_speed import STEP_SCRIPT, bench_answers
from tests.browser import TODAY, browser, checker_page  # noqa: F401
from tests.quality import rules

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_bench_s_answers_reach_a_result_and_start_again(checker_page, lang):
    answers = bench_answers(dt.date.fromisoformat(TODAY))
    kinds = rules()["question_kinds"]
    assert all(kinds[question_id] == kind for question_id, kind, _ in answers)
    page = checker_page.open(lang)
    for _ in range(2):  # the second round starts from the first question again, as the bench's rounds do
        round_ = page.evaluate(STEP_SCRIPT, answers)
        assert len(round_["times"]) == len(answers)
        assert page.locator("#checker-app").get_attribute("data-step") == rules()["questions"][0]["id"]
