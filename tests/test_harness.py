"""One job per folder: the site build never imports the maintenance commands, the benchmarks never
import the test suite; `make test` finds a Chromium or installs Playwright's (never in CI)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from harness import browser as harness_browser
from harness.site import ROOT


def imported_modules(folder: Path) -> dict[str, set[str]]:
    """For each .py file of a folder: the top-level names of the modules it imports (ast)."""
    found = {}
    for path in sorted(folder.glob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
        found[path.name] = names
    return found


@pytest.mark.parametrize("folder, forbidden", [
    ("build_tools", ("maintenance", "tests", "harness", "bench")),
    ("checker", ("maintenance", "build_tools", "tests", "harness", "bench")),
    ("maintenance", ("tests", "harness", "bench")),
    ("harness", ("tests", "bench", "pytest")),
    ("bench", ("tests",)),
])
def test_each_folder_imports_only_what_its_job_needs(folder, forbidden):
    modules = imported_modules(ROOT / folder)
    assert modules, folder
    wrong = {file: sorted(name for name in names if name.split(".")[0] in forbidden)
             for file, names in modules.items()}
    assert not {file: names for file, names in wrong.items() if names}, wrong


def test_the_scan_sees_imports():
    modules = imported_modules(ROOT / "maintenance")
    assert "build_tools.translations_lock" in modules["translation_drift.py"]
    assert "checker.rules_loader" in modules["source_links.py"]


def test_make_test_uses_the_system_chromium(monkeypatch, capsys):
    monkeypatch.setattr(harness_browser, "chromium_path", lambda: "/opt/chromium")
    installs = []
    assert harness_browser.ensure_chromium({"CI": "true"}, install=lambda: installs.append(1) or 0) == 0
    assert installs == [] and "/opt/chromium" in capsys.readouterr().out


def test_make_test_installs_playwrights_chromium_and_says_so(monkeypatch, capsys):
    monkeypatch.setattr(harness_browser, "chromium_path", lambda: None)
    installs = []
    assert harness_browser.ensure_chromium({}, install=lambda: installs.append(1) or 0) == 0
    assert installs == [1]
    assert "installing Playwright's Chromium" in capsys.readouterr().out
    # a failed install fails `make test`
    assert harness_browser.ensure_chromium({}, install=lambda: 1) == 1


def test_in_ci_a_missing_chromium_is_an_error(monkeypatch, capsys):
    monkeypatch.setattr(harness_browser, "chromium_path", lambda: None)
    installs = []
    assert harness_browser.ensure_chromium({"CI": "true"}, install=lambda: installs.append(1) or 0) == 1
    assert installs == [] and "no system Chromium" in capsys.readouterr().err


def test_the_makefile_runs_the_check_before_the_tests():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert recipe.index("-m harness.browser") < recipe.index("-m pytest")
