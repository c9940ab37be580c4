"""countries.yaml: the country search's synonyms, compiled by the loader into rules.countries.synonyms."""
from __future__ import annotations

import shutil

import pytest
import yaml

from checker.rules_loader import RULES_DIR, RulesError, load_rules


def test_synonyms_are_compiled_per_language():
    synonyms = load_rules()["countries"]["synonyms"]
    assert set(synonyms) == {"en", "fr", "fa"}
    assert "USA" in synonyms["en"]["US"] and "آمریکا" in synonyms["fa"]["US"]
    assert "Holland" in synonyms["en"]["NL"] and "Angleterre" in synonyms["fr"]["GB"]


@pytest.mark.parametrize("synonyms, expected", [
    ({"XX": {"en": ["Nowhere"]}}, "countries.yaml: synonyms.XX: unknown country code 'XX'"),
    ({"US": {"de": ["Amerika"]}}, "countries.yaml: synonyms.US.de: unknown language 'de'"),
    ({"US": {"en": "USA"}}, "countries.yaml: synonyms.US.en: must be a list of names"),
    ({"US": {"en": [""]}}, "countries.yaml: synonyms.US.en: must be a list of names"),
])
def test_bad_synonyms_are_reported(tmp_path, synonyms, expected):
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    (folder / "countries.yaml").write_text(yaml.safe_dump({"synonyms": synonyms}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RulesError) as error:
        load_rules(folder)
    assert any(problem.startswith(expected) for problem in error.value.problems), error.value.problems
