"""Shared fixtures. Keep this file small: add fixtures, do not change existing ones."""
from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# the site is built and served under a project sub-path, as on GitHub Pages
SITE_SUB_PATH = "/stay-in-france/"


def build_site(site_dir: Path, project_dir: Path = ROOT, site_url: str | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of a project folder into site_dir."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1",
               SITE_URL=site_url or f"https://example.org{SITE_SUB_PATH}")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir),
         "--config-file", str(project_dir / "mkdocs.yml")],
        cwd=project_dir, env=env, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole site, built once per test run (shared by the xdist workers)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    site_dir = shared / "built-site"
    with open(shared / "built-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (site_dir / ".complete").exists():
            result = build_site(site_dir)
            assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr[-4000:]}"
            (site_dir / ".complete").write_text("ok")
    return site_dir


@pytest.fixture(scope="session")
def site_server(built_site):
    """The built site served at http://127.0.0.1:<port>/stay-in-france/."""
    from tests.site_server import SiteServer
    with SiteServer(built_site, SITE_SUB_PATH) as server:
        yield server
