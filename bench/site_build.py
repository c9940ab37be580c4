"""Time the full site build against a stock Material build of the same three-language Markdown.

Full: `mkdocs build` of the project (hook, generator, overrides, link check).
Baseline: the same Markdown files (generated pages included, as plain files), the same nav,
Markdown extensions and i18n languages, with stock Material: no hooks, no overrides, no watch.
Both are run as fresh processes, alternately, best of ROUNDS. Goal: ratio <= 1.2.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 5
GOAL = 1.2


def stock_project(folder: Path) -> Path:
    """A copy of docs/ with a stock mkdocs.yml; returns the config file."""
    subprocess.run([sys.executable, "-m", "build_tools", "generate"], cwd=ROOT, check=True,
                   capture_output=True)
    shutil.copytree(ROOT / "docs", folder / "docs")
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    for key in ("hooks", "watch", "validation", "not_in_nav"):
        config.pop(key, None)
    config["site_url"] = "https://example.org/"
    config["theme"] = {"name": "material", "language": "en", "font": False}
    config["markdown_extensions"] = [e for e in config["markdown_extensions"] if not isinstance(e, dict)] + ["toc"]
    config_file = folder / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_file


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, dropping its !ENV and !!python tags."""


_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def timed_build(config_file: Path, site_dir: Path) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL="https://example.org/stay-in-france/")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config_file),
                    "--site-dir", str(site_dir)], cwd=config_file.parent, env=env, check=True)
    return time.perf_counter() - start


def run() -> list[str]:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        stock_config = stock_project(folder / "stock")
        full, stock = [], []
        for _ in range(ROUNDS):
            stock.append(timed_build(stock_config, folder / "stock-site"))
            full.append(timed_build(ROOT / "mkdocs.yml", folder / "full-site"))
    ratio = min(full) / min(stock)
    return [
        f"stock Material, same three-language Markdown: {min(stock):.2f} s [baseline]",
        f"full site (generator, hook, overrides, link check): {min(full):.2f} s",
        f"ratio {ratio:.2f}× (goal <= {GOAL}×): {'ok' if ratio <= GOAL else 'OVER'}",
    ]
