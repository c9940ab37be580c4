"""Sources: URLs well-formed and unique, every source used by a fact (offline; --online is never run here)."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from checker.rules_loader import RULES_DIR, load_rules
from maintenance.source_links import check_sources, url_problem
from tests.maintenance_fixtures import entry, rules_copy, run_maintenance


def test_the_real_sources_pass_offline():
    problems, urls = check_sources(RULES_DIR)
    assert problems == []
    listed = [source["url"] for source in load_rules()["sources"].values() if source.get("url")]
    assert len(urls) == len(listed) == len(set(listed)) >= 3
    for url in listed:
        assert url_problem(url) is None, url
        assert urlsplit(url).scheme == "https"

    result = run_maintenance("links")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Every source URL is well-formed and unique" in result.stdout
    assert "checked online" not in result.stdout
    assert "--online" in run_maintenance("links", "--help").stdout


@pytest.mark.parametrize("url, problem", [
    ("http://www.service-public.gouv.fr/particuliers/vosdroits/F17319", "must start with https://"),
    ("https://", "has no valid host name"),
    ("https://localhost/page", "has no valid host name"),
    ("https://www.example.org/a page", "contains spaces"),
    ("https://user:secret@example.org/", "must not contain a user name or password"),
])
def test_malformed_urls_are_named(url, problem):
    assert url_problem(url) == problem


def test_duplicate_unused_and_malformed_sources_fail(tmp_path):
    def break_sources(data):
        first = data["sources"][0]
        entry(data, "sources", "CF-APS")["url"] = "http://www.campusfrance.org/fr/aps"
        data["sources"].append({**first, "id": "SP-COPY"})  # same URL, and no fact uses it

    folder = rules_copy(tmp_path, sources_yaml=break_sources)
    problems, urls = check_sources(folder)
    assert any(p.startswith("sources.yaml: sources.CF-APS.url:") and "https://" in p for p in problems)
    assert any(p.startswith("sources.yaml: sources.SP-COPY.url: same URL as source") for p in problems)
    assert "sources.yaml: sources.SP-COPY: not used by any fact (facts.yaml)" in problems
    assert "SP-COPY" not in dict(urls)

    result = run_maintenance("links", "--rules-dir", str(folder))
    assert result.returncode == 1
    assert "sources.SP-COPY: not used by any fact" in result.stdout
