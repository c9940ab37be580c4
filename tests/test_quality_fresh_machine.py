"""Fresh-machine gate. The check itself (a clone of HEAD, installed with the README's Makefile, then a
real subset of the suite and the strict build inside it) is `make fresh-check` (.ci/fresh_check.py),
which `.ci/run` runs as its own step on every CI run, after `make test`: it takes minutes and a
second install, so it is not nested in the suite. These tests keep that step in place.
"""
from __future__ import annotations

import importlib.util
import re

from harness.site import ROOT


def test_the_readme_starts_with_the_two_make_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```", 2)[1]
    assert "make serve" in first_block and "make test" in first_block


def test_ci_runs_the_fresh_clone_check_and_fails_with_it():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in script.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert any(re.fullmatch(r"make test\b.*\|\| status=1", line) for line in commands), commands
    assert any(re.fullmatch(r"make fresh-check\b.*\|\| status=1", line) for line in commands), commands
    assert commands[-1] == 'exit "$status"'
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^fresh-check:.*\n\t.*\.ci/fresh_check\.py", makefile, re.MULTILINE)


def test_the_fresh_clone_check_leaves_this_checkout_out_of_its_environment(monkeypatch):
    spec = importlib.util.spec_from_file_location("fresh_check", ROOT / ".ci" / "fresh_check.py")
    fresh_check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fresh_check)
    monkeypatch.setenv("VIRTUAL_ENV", str(ROOT / ".venv"))
    monkeypatch.setenv("STAY_CACHE_DIR", str(ROOT / ".cache"))
    monkeypatch.setenv("PATH", f"{ROOT / '.venv' / 'bin'}:/usr/bin")
    env = fresh_check.clean_environment()
    assert "VIRTUAL_ENV" not in env and "STAY_CACHE_DIR" not in env and env["PATH"] == "/usr/bin"
