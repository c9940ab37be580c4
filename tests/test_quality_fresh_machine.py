"""Fresh-machine gate: a clone of the committed HEAD, set up with the README's own Makefile (a fresh
.venv with the pinned dependencies of pyproject.toml and constraints.txt, nothing from this
checkout's .venv), then a real subset of the suite and the strict build, run inside the clone.

The whole suite is not nested here (it is what `make test` runs); the subset proves the clone is
complete: rules, engines, generator, hook and theme overrides all come from git.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness.site import ROOT


def run(command: list[str], cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("VIRTUAL_ENV", "PYTEST", "PYTHONPATH", "COV_"))}
    env["PATH"] = os.pathsep.join(part for part in env.get("PATH", "").split(os.pathsep)
                                  if not part.startswith(str(ROOT)))
    env["NO_MKDOCS_2_WARNING"] = "1"
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory) -> Path:
    if not (ROOT / ".git").exists():
        pytest.fail("the fresh-machine check needs the project's git repository")
    clone = tmp_path_factory.mktemp("fresh") / "clone"
    run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], cwd=ROOT)
    head = run(["git", "rev-parse", "HEAD"], cwd=ROOT).stdout.strip()
    assert run(["git", "rev-parse", "HEAD"], cwd=clone).stdout.strip() == head
    assert not (clone / ".venv").exists() and not (clone / "docs" / "guide").exists()
    # the README's commands start with the Makefile's set-up steps (Python packages, esbuild); run exactly those
    python = shutil.which("python3.11") or sys.executable
    run(["make", f"PYTHON={python}", ".venv/.installed", "js"], cwd=clone)
    return clone


def test_the_readme_starts_with_the_two_make_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```", 2)[1]
    assert "make serve" in first_block and "make test" in first_block


@pytest.mark.build
def test_a_fresh_clone_installs_and_passes_a_real_subset(fresh_clone):
    venv_python = fresh_clone / ".venv" / "bin" / "python"
    assert venv_python.exists()
    # every import the tests and the build need resolves inside the fresh .venv
    run([str(venv_python), "-c", "import mkdocs, material, mkdocs_static_i18n, yaml, babel, pycountry, pytest, "
         "hypothesis, playwright, py_mini_racer, icalendar, axe_playwright_python, xdist"], cwd=fresh_clone)
    run([str(venv_python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_engine_spec.py",
         "tests/test_rules_validation.py"], cwd=fresh_clone)
    run([str(fresh_clone / ".venv" / "bin" / "mkdocs"), "build", "--strict", "--quiet"], cwd=fresh_clone)
    site = fresh_clone / "site"
    for page in ("index.html", "fr/index.html", "fa/index.html", "checker/index.html", "fa/guide/work/index.html"):
        assert (site / page).is_file(), page
    # the hook generated the guide pages inside the clone (they are not in git)
    assert (fresh_clone / "docs" / "guide" / "work.fa.md").is_file()
