"""Shared fixtures and the test markers. Keep this file small: add fixtures, do not change existing ones.

Markers (pyproject.toml), applied here by fixture use: `build` for tests that need the built site
(built_site, site_server), `browser` for tests that run Chromium (browser, checker_page). A test
that builds on its own (a project copy, a fresh clone, `mkdocs serve`) is marked where it is
defined, and so are the `slow` bulk gates. The fast loop is
`pytest -m "not browser and not build and not slow"` (CONTRIBUTING.md).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from harness.site import SITE_SUB_PATH, SiteServer, built_once

ROOT = Path(__file__).resolve().parent.parent
# one disk cache of answer-space walks (checker/disk_cache.py) for every process of the run, project
# copies and clones included: they inherit this setting
os.environ.setdefault("STAY_CACHE_DIR", str(ROOT / ".cache"))
MARKED_BY_FIXTURE = {"built_site": "build", "site_server": "build", "browser": "browser", "checker_page": "browser"}


def pytest_collection_modifyitems(items):
    for item in items:
        for marker in sorted({MARKED_BY_FIXTURE[name] for name in getattr(item, "fixturenames", ())
                              if name in MARKED_BY_FIXTURE}):
            item.add_marker(marker)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole site, built once per test run (shared by the xdist workers)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    try:
        return built_once(shared / "built-site")
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def site_server(built_site):
    """The built site served at http://127.0.0.1:<port>/stay-in-france/."""
    with SiteServer(built_site, SITE_SUB_PATH) as server:
        yield server
