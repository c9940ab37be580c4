"""Fresh-machine check (`make fresh-check`; `.ci/run` runs it as its own step after `make test`).

A clone of the committed HEAD, set up with the README's own Makefile (a fresh .venv with the pinned
dependencies of pyproject.toml and constraints.txt, nothing from this checkout's .venv or caches),
then a real subset of the suite and the strict build, run inside the clone. The subset proves the
clone is complete: rules, engines, generator, hook and theme overrides all come from git.

Standard library only, so that it runs before any set-up. Exit status 0 when the clone passes,
1 (with the failing command's output) when it does not. `--keep` leaves the clone for inspection.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMPORTS = ("import mkdocs, material, mkdocs_static_i18n, yaml, babel, pycountry, pytest, hypothesis, playwright, "
           "py_mini_racer, icalendar, axe_playwright_python, xdist")
SUBSET = ("tests/test_engine_spec.py", "tests/test_rules_validation.py")
PAGES = ("index.html", "fr/index.html", "fa/index.html", "checker/index.html", "fa/guide/work/index.html")


class Failed(Exception):
    pass


def clean_environment() -> dict:
    """This process's environment without this checkout: no virtualenv, no pytest or cache settings,
    no PATH entry inside the project."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("VIRTUAL_ENV", "PYTEST", "PYTHONPATH", "COV_", "STAY_CACHE"))}
    env["PATH"] = os.pathsep.join(part for part in env.get("PATH", "").split(os.pathsep)
                                  if not part.startswith(str(ROOT)))
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def run(command: list[str], cwd: Path, timeout: int = 1800) -> str:
    started = time.monotonic()
    print(f"fresh-check: {' '.join(command)}", flush=True)
    result = subprocess.run(command, cwd=cwd, env=clean_environment(), capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0:
        raise Failed(f"{' '.join(command)} failed (exit {result.returncode}):\n"
                     f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    print(f"fresh-check:   done in {time.monotonic() - started:.0f} s", flush=True)
    return result.stdout


def check(clone: Path) -> None:
    if not (ROOT / ".git").exists():
        raise Failed("the fresh-machine check needs the project's git repository")
    run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], cwd=ROOT)
    head = run(["git", "rev-parse", "HEAD"], cwd=ROOT).strip()
    if run(["git", "rev-parse", "HEAD"], cwd=clone).strip() != head:
        raise Failed("the clone is not at this checkout's HEAD")
    if (clone / ".venv").exists() or (clone / "docs" / "guide").exists() or (clone / ".cache").exists():
        raise Failed("the clone holds generated files (.venv, docs/guide or .cache): they must not be in git")
    # the README's commands start with the Makefile's set-up steps (Python packages, esbuild); run exactly those
    python = shutil.which("python3.11") or sys.executable
    run(["make", f"PYTHON={python}", ".venv/.installed", "js"], cwd=clone)
    venv_python = clone / ".venv" / "bin" / "python"
    if not venv_python.exists():
        raise Failed("make .venv/.installed made no .venv/bin/python")
    # every import the tests and the build need resolves inside the fresh .venv
    run([str(venv_python), "-c", IMPORTS], cwd=clone)
    run([str(venv_python), "-m", "pytest", "-q", "-p", "no:cacheprovider", *SUBSET], cwd=clone)
    run([str(clone / ".venv" / "bin" / "mkdocs"), "build", "--strict", "--quiet"], cwd=clone)
    missing = [page for page in PAGES if not (clone / "site" / page).is_file()]
    if missing:
        raise Failed(f"the build in the clone lacks {', '.join(missing)}")
    # the hook generated the guide pages inside the clone (they are not in git)
    if not (clone / "docs" / "guide" / "work.fa.md").is_file():
        raise Failed("the build in the clone did not generate docs/guide/work.fa.md")


def main(argv: list[str]) -> int:
    started = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="fresh-check-"))
    try:
        check(folder / "clone")
    except (Failed, subprocess.TimeoutExpired) as error:
        print(f"fresh-check: FAILED: {error}", file=sys.stderr)
        return 1
    finally:
        if "--keep" in argv:
            print(f"fresh-check: the clone is kept in {folder / 'clone'}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"fresh-check: passed in {time.monotonic() - started:.0f} s (clone, install, {len(SUBSET)} test files, "
          "strict build)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
