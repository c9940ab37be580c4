"""`mkdocs serve` rebuilds the generated pages when a rules file changes.

It runs in a clone of the committed HEAD, so the edit never touches this checkout.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.error import URLError

import pytest
import yaml

from harness.site import ROOT

pytestmark = pytest.mark.build
NEW_TEXT = "The card lasts twelve months (serve test edit)."


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def page_text(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (URLError, OSError):
        return None


def wait_for(url: str, wanted: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = page_text(url)
        if text is not None and wanted in text:
            return True
        time.sleep(0.5)
    return False


def edit_english_text(facts_file: Path, fact_id: str, text: str) -> None:
    data = yaml.safe_load(facts_file.read_text(encoding="utf-8"))
    next(fact for fact in data["facts"] if fact["id"] == fact_id)["text"]["en"] = text
    facts_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_serve_rebuilds_when_a_rule_changes(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=120)
    # the clone bundles the checker with the esbuild that `make` installed here (node_modules is not cloned)
    (clone / "build_tools" / "js" / "node_modules").symlink_to(ROOT / "build_tools" / "js" / "node_modules")
    port = free_port()
    url = f"http://127.0.0.1:{port}/guide/apply/"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=f"http://127.0.0.1:{port}/")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=clone, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(url, "12", 180), "mkdocs serve did not serve the apply page"
        assert NEW_TEXT not in page_text(url)
        edit_english_text(clone / "checker" / "rules" / "facts.yaml", "rece.duration", NEW_TEXT)
        assert wait_for(url, NEW_TEXT, 120), "the served page did not follow the rules change"
        assert NEW_TEXT in (clone / "docs" / "guide" / "apply.en.md").read_text(encoding="utf-8")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
