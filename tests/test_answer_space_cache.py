"""The disk cache of answer-space walks (checker/disk_cache.py): a value is computed once per key, the
key follows what the walk reads (a text change keeps it, a logic change replaces it), and a walk of
the rules without their texts gives the results of a walk of the whole rules."""
from __future__ import annotations

import copy
import json

import pytest

from checker import disk_cache
from checker.answer_space import AnswerSpaceGap, cached_idle_questions, walk_answer_space, walked_rules
from checker.rules_loader import load_rules

RULES = load_rules()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("STAY_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_value_is_computed_once_per_key_and_kept_whole(cache):
    calls = []

    def compute():
        calls.append(1)
        return {"value": len(calls)}

    assert disk_cache.cached("kind", "k1", compute) == {"value": 1}
    assert disk_cache.cached("kind", "k1", compute) == {"value": 1}
    assert disk_cache.cached("kind", "k2", compute) == {"value": 2}
    assert len(calls) == 2
    assert sorted(path.name for path in (cache / "kind").glob("*.pickle")) == ["k1.pickle", "k2.pickle"]
    assert not list((cache / "kind").glob("*.partial"))


def test_a_failed_computation_stores_nothing(cache):
    def fail():
        raise ValueError("no")

    with pytest.raises(ValueError):
        disk_cache.cached("kind", "k", fail)
    assert not list((cache / "kind").glob("*.pickle"))


def test_only_the_most_recently_used_files_are_kept(cache):
    for key in ("a", "b", "c"):
        disk_cache.cached("kind", key, lambda: key, keep=2)
    assert sorted(path.stem for path in (cache / "kind").glob("*.pickle")) == ["b", "c"]


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("STAY_CACHE_DIR", "off")
    calls = []
    for _ in range(2):
        disk_cache.cached("kind", "k", lambda: calls.append(1))
    assert len(calls) == 2 and disk_cache.cache_folder("kind") is None


def test_the_digest_covers_every_part_and_its_boundaries(tmp_path):
    file = tmp_path / "code.py"
    file.write_text("x = 1\n")
    first = disk_cache.digest("ab", "c", file)
    assert disk_cache.digest("a", "bc", file) != first
    file.write_text("x = 2\n")
    assert disk_cache.digest("ab", "c", file) != first


def test_the_walked_rules_leave_out_texts_only():
    walked = walked_rules(RULES)
    text = json.dumps(walked, ensure_ascii=False)
    question = RULES["questions"][1]
    assert question["text"]["en"] not in text and question["text"]["fr"] not in text
    assert [q["id"] for q in walked["questions"]] == [q["id"] for q in RULES["questions"]]
    assert walked["questions"][1]["when"] == question["when"]
    assert walked["countries"]["codes"] == RULES["countries"]["codes"]
    assert "sources" not in walked and "texts" not in walked

    changed_text = copy.deepcopy(RULES)
    changed_text["outcomes"][0]["title"]["en"] = "Another title."
    assert walked_rules(changed_text) == walked
    changed_logic = copy.deepcopy(RULES)
    changed_logic["bilateral"] = changed_logic["bilateral"][1:]
    assert walked_rules(changed_logic) != walked


def test_walking_the_rules_without_texts_gives_the_same_results():
    today = "2027-02-28"
    whole = list(walk_answer_space(RULES, today, countries_per_group=1, compact=True, include_partial=True))
    assert whole == list(walk_answer_space(walked_rules(RULES), today, countries_per_group=1, compact=True,
                                           include_partial=True))
    assert len(whole) > 1000


def test_a_gap_is_kept_and_raised_again(cache):
    rules = copy.deepcopy(RULES)
    rules["outcomes"] = [outcome for outcome in rules["outcomes"] if outcome["id"] != "eu_citizen"]
    for _ in range(2):
        complete = []
        with pytest.raises(AnswerSpaceGap) as raised:
            cached_idle_questions(rules, "2027-02-28", complete)
        assert raised.value.answers["nationality"] in rules["groups"]["eu"]["members"]
        assert "no outcome matches" in raised.value.errors[0]
    assert len(list((cache / "validation-walk").glob("*.pickle"))) == 1


def test_the_semantic_diff_walks_a_version_once(cache, monkeypatch):
    from maintenance import semantic_diff

    calls = []

    def counted_walk(rules, today, per_group):  # what is walked is not the subject here: when it is
        calls.append(per_group)
        yield {"nationality": rules["bilateral"][0]["country"]}, {"outcome": today, "per_group": per_group}

    monkeypatch.setattr(semantic_diff, "walk", counted_walk)
    monkeypatch.setattr(semantic_diff, "_walks", {})
    first = semantic_diff.cached_walk(RULES, "2027-02-28", 1)
    semantic_diff._walks.clear()  # another process: only the disk cache is left
    changed_text = copy.deepcopy(RULES)
    changed_text["notes"][0]["text"]["fa"] = "متن دیگری."
    assert semantic_diff.cached_walk(changed_text, "2027-02-28", 1) == first and calls == [1]
    changed_logic = copy.deepcopy(RULES)
    changed_logic["bilateral"] = changed_logic["bilateral"][1:]
    semantic_diff.cached_walk(changed_logic, "2027-02-28", 1)
    semantic_diff.cached_walk(RULES, "2027-02-28", 2)
    assert calls == [1, 1, 2]
    assert len(list((cache / "diff-walk").glob("*.pickle"))) == 3
