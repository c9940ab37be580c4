"""Shared helpers of the whole-site quality gates (tests/test_quality_*.py).

They reuse the site fixtures (tests/conftest.py: one strict build, served under a sub-path) and
the browser fixtures (tests/browser.py: one Chromium per session, watched pages).
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from checker.rules_loader import load_rules
from tests.checker_cases import OUTCOME_ANSWERS, fragment_of

LANGUAGES = ("en", "fr", "fa")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# The path of answers that asks every question once, in order.
FULL_PATH = OUTCOME_ANSWERS["rece_job"]


@lru_cache(maxsize=1)
def rules() -> dict:
    return load_rules()


def page_urls(site_dir: Path) -> list[str]:
    """Every built HTML page as a URL path relative to the site root ('' is the home page)."""
    urls = []
    for path in sorted(Path(site_dir).rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        urls.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    return urls


def lang_of(url: str) -> str:
    first = url.split("/", 1)[0]
    return first if first in ("fr", "fa") else "en"


@lru_cache(maxsize=1)
def axe_source() -> str:
    """axe-core as packaged by the PyPI package axe-playwright-python (nothing is fetched)."""
    import axe_playwright_python
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page) -> list[str]:
    """axe-core violations of the page as it is now, one line per rule (with up to 3 targets)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    # let transitions settle first (Material's header fades the page title in when the page scrolls)
    page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)))")
    results = page.evaluate(
        "async (tags) => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']}); return r.violations.map((v) => ({id: v.id, impact: v.impact,"
        " help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' '))})); }", AXE_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {json.dumps(v['targets'], ensure_ascii=False)}"
            for v in results]


def question_prefixes() -> list[tuple[str, str]]:
    """(question id, fragment) for each question: the fragment answers every question before it."""
    items = list(FULL_PATH.items())
    version = rules()["version"]
    return [(question_id, fragment_of(dict(items[:index]), version) if index else "")
            for index, (question_id, _value) in enumerate(items)]


def outcome_fragments() -> list[tuple[str, str]]:
    version = rules()["version"]
    return [(outcome, fragment_of(answers, version)) for outcome, answers in sorted(OUTCOME_ANSWERS.items())]


def step(page) -> str:
    return page.locator("#checker-app").get_attribute("data-step")
