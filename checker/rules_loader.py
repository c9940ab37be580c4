"""Load, validate and compile the rules files (checker/rules/*.yaml) into one JSON-ready dict.

The steps are in checker/rules_loading/ (read → schema → resolve → typecheck → invariants →
reachability); this module runs them and keeps the entry points other code imports. Every problem
is reported as ``file: key.path: problem`` and all the problems of a step are collected before
``RulesError`` is raised, so a maintainer sees the whole list at once.
"""

from __future__ import annotations

import json
from pathlib import Path

from checker.rules_loading import invariants, reachability, reader, schema, typecheck
from checker.rules_loading.problems import Problems, RulesError
from checker.rules_loading.resolve import Resolver, country_table
from checker.rules_loading.schema import LANGUAGES
from checker.urls import url_problem

__all__ = ["FILES", "LANGUAGES", "RULES_DIR", "RulesError", "country_table", "load_rules", "rules_json",
           "url_problem"]

RULES_DIR = Path(__file__).parent / "rules"
FILES = (
    "meta.yaml", "sources.yaml", "facts.yaml", "parameters.yaml", "groups.yaml",
    "questions.yaml", "outcomes.yaml", "notes.yaml", "dates.yaml", "documents.yaml",
    "claims.yaml", "pages.yaml", "services.yaml", "countries.yaml",
)


def read_documents(folder: Path, problems: Problems) -> dict:
    """Steps 1 and 2: every rules file read and checked against its schema. A file that cannot be read
    is reported once; its schema, and every later step, are not run (they would only repeat it)."""
    names = [*FILES, *(f"texts/{path.name}" for path in sorted((folder / "texts").glob("*.yaml")))]
    documents = {name: reader.read(folder, name, problems) for name in names}
    for name, document in documents.items():
        if document is not None:
            schema.validate(name, document, problems)
    return documents


def compile_rules(folder: Path) -> dict:
    """The compiled rules of a folder; RulesError with every problem of the first step that has any."""
    problems = Problems()
    documents = read_documents(folder, problems)
    if problems:
        raise RulesError(problems)
    resolver = Resolver(documents, problems)
    rules = resolver.build()
    if problems:
        raise RulesError(problems)
    typecheck.check_expressions(rules, problems)
    invariants.date_cycles(rules, problems)
    invariants.check_invariants(rules, resolver.marks, problems)
    if problems:
        raise RulesError(problems)
    reachability.check_reachability(rules, problems)
    if problems:
        raise RulesError(problems)
    return rules


_cache: dict[tuple[str, float], dict] = {}


def load_rules(rules_dir: Path | str | None = None) -> dict:
    """The compiled rules; cached until a rules file changes."""
    folder = Path(rules_dir or RULES_DIR)
    stamp = max((path.stat().st_mtime for path in folder.rglob("*.yaml")), default=0.0)
    key = (str(folder.resolve()), stamp)
    if key not in _cache:
        _cache[key] = compile_rules(folder)
    return json.loads(json.dumps(_cache[key]))


def rules_json(rules: dict) -> str:
    """The JSON the site ships: compact, UTF-8, keys in the rules' own order."""
    return json.dumps(rules, ensure_ascii=False, separators=(",", ":")) + "\n"
