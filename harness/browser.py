"""Chromium for the browser tests and the benchmarks (Playwright).

The browser is the system Chromium ($CHROMIUM, else /usr/bin/chromium, else `chromium` on PATH),
else Playwright's own (`python -m playwright install chromium`, which `make test` runs when there
is no system Chromium). A missing browser is an error, never a skip.
"""
from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
from pathlib import Path

LAUNCH_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
NO_BROWSER = ("no Chromium to run: set CHROMIUM to a Chromium binary, install the system package (chromium), "
              "or install Playwright's own with `.venv/bin/python -m playwright install chromium` "
              "(`make test` does it when no system Chromium is found)")


def chromium_path() -> str | None:
    """The system Chromium, or None to use Playwright's own browser."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def launch(playwright):
    """A headless Chromium; RuntimeError (naming the fixes) when there is none to launch."""
    from playwright.sync_api import Error

    executable = chromium_path()
    options = {"args": LAUNCH_ARGS, "headless": True}
    if executable:
        options["executable_path"] = executable
    try:
        return playwright.chromium.launch(**options)
    except Error as error:
        if "Executable doesn't exist" in str(error):
            raise RuntimeError(NO_BROWSER) from error
        raise


def ensure_chromium(environ=os.environ, install=None) -> int:
    """`python -m harness.browser` (run by `make test`): make sure the browser tests have a Chromium.

    The system Chromium when there is one; otherwise, outside CI, install Playwright's own and say
    so on stdout; in CI (CI=true) a missing system Chromium is an error (exit 1). Returns the exit code.
    `install` (for tests) replaces the `python -m playwright install chromium` subprocess."""
    found = chromium_path()
    if found:
        print(f"browser tests: system Chromium {found}")
        return 0
    if environ.get("CI", "").lower() == "true":
        print("browser tests: no system Chromium (CHROMIUM, /usr/bin/chromium, chromium on PATH); "
              "in CI it must be installed beforehand (.ci/run installs Debian's chromium)", file=sys.stderr)
        return 1
    command = [sys.executable, "-m", "playwright", "install", "chromium"]
    print("browser tests: no system Chromium found (CHROMIUM, /usr/bin/chromium, chromium on PATH); "
          "installing Playwright's Chromium (python -m playwright install chromium)", flush=True)
    return (install or (lambda: subprocess.run(command).returncode))()


_shared: dict = {}


def shared_browser():
    """One Playwright and one Chromium per process: Playwright's sync API cannot run twice at once.
    Closed when the process exits."""
    if "browser" not in _shared:
        from playwright.sync_api import sync_playwright
        manager = sync_playwright()
        playwright = manager.start()
        try:
            _shared.update(manager=manager, browser=launch(playwright))
        except BaseException:
            manager.__exit__(None, None, None)
            raise
        atexit.register(_stop_shared)
    return _shared["browser"]


def _stop_shared():
    browser = _shared.pop("browser", None)
    manager = _shared.pop("manager", None)
    try:
        if browser is not None:
            browser.close()
    finally:
        if manager is not None:
            manager.__exit__(None, None, None)


if __name__ == "__main__":
    sys.exit(ensure_chromium())
