"""Helpers of the maintenance tests: copies of the real rules with some YAML changed."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from checker.rules_loader import RULES_DIR

ROOT = Path(__file__).resolve().parent.parent


def rules_copy(tmp_path: Path, name: str = "rules", **changes) -> Path:
    """A copy of checker/rules; each keyword `file_yaml=function` edits that file's parsed YAML
    (e.g. groups_yaml=add_country)."""
    folder = tmp_path / name
    shutil.copytree(RULES_DIR, folder)
    for key, mutate in changes.items():
        path = folder / key.replace("_yaml", ".yaml").replace("__", "/")
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        mutate(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def entry(data: dict, key: str, entry_id: str) -> dict:
    return next(item for item in data[key] if item["id"] == entry_id)


def run_maintenance(*args: str) -> subprocess.CompletedProcess:
    """`python -m maintenance ARGS` from the project folder."""
    return subprocess.run([sys.executable, "-m", "maintenance", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
