"""The Nu HTML checker (npm package vnu-jar, installed by `make test` or, when missing, here with
`npm ci` in tests/validator) finds no error in the markup the checker adds: a question, an error
state, a result and the failure message, in every language."""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from checker.rules_loader import load_rules
from tests.browser import RULES_FILE, browser, checker_page, open_page  # noqa: F401
from tests.checker_cases import OUTCOME_ANSWERS, fragment_of

pytestmark = pytest.mark.browser
RULES = load_rules()
VALIDATOR_DIR = Path(__file__).parent / "validator"
JAR = VALIDATOR_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="module")
def vnu() -> Path:
    if not JAR.exists():
        npm = shutil.which("npm")
        assert npm, "npm is needed to install the Nu HTML checker (tests/validator/package.json)"
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=VALIDATOR_DIR, check=True, timeout=600)
    assert shutil.which("java"), "Java is needed to run the Nu HTML checker"
    return JAR


def nu_errors(jar: Path, pages: dict[str, str]) -> dict[str, list[dict]]:
    """Errors of each page's HTML: {name: [{message, extract}]}; warnings and info are left out."""
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for name, html in pages.items():
            path = Path(tmp) / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            files[str(path)] = name
        run = subprocess.run(["java", "-jar", str(jar), "--format", "json", "--exit-zero-always", *files],
                             capture_output=True, text=True, timeout=300)
        report = json.loads(run.stderr or run.stdout)
    errors: dict[str, list[dict]] = {name: [] for name in pages}
    for message in report["messages"]:
        if message.get("type") == "error":
            errors[files[message["url"].removeprefix("file:")]].append(message)
    return errors


def checker_markup(page) -> str:
    """The page with only the checker's part of the body: the theme's own markup is not the project's."""
    return page.evaluate("""() => {
      const html = document.documentElement.cloneNode(true);
      const mount = html.querySelector('#checker-app');
      const body = html.querySelector('body');
      body.replaceChildren(mount);
      html.querySelectorAll('head script, head link[rel=preload]').forEach((node) => node.remove());
      return '<!doctype html>\\n' + html.outerHTML;
    }""")


@pytest.mark.parametrize("lang", ["en", "fr", "fa"])
def test_the_checker_adds_no_html_error(vnu, checker_page, browser, site_server, lang):
    pages = {}
    page = checker_page.open(lang)
    pages["question"] = checker_markup(page)
    page.click("form[data-question='nationality'] button[type='submit']")
    assert page.locator(".checker-error-summary").is_visible()
    pages["error"] = checker_markup(page)
    page.locator("[data-combobox='nationality']").fill("ir")
    pages["search"] = checker_markup(page)
    result = checker_page.open(lang, fragment_of(OUTCOME_ANSWERS["rece_job"], RULES["version"]))
    result.locator("details[data-part='evidence'] summary").click()
    pages["result"] = checker_markup(result)
    context, failed, _ = open_page(browser, site_server.base_url)
    try:
        failed.route(RULES_FILE, lambda route: route.abort())
        failed.goto(checker_page.url(lang))
        failed.wait_for_selector("#checker-app[data-state='failed']")
        pages["failed"] = checker_markup(failed)
    finally:
        context.close()
    errors = nu_errors(vnu, pages)
    assert errors == {name: [] for name in pages}, json.dumps(errors, ensure_ascii=False, indent=1)[:4000]


def test_the_whole_checker_page_has_no_error_from_the_checker(vnu, checker_page):
    """The full page, theme included: any error must not be in the checker's markup."""
    page = checker_page.open("fa", fragment_of(OUTCOME_ANSWERS["bilateral_aps"], RULES["version"]))
    html = "<!doctype html>\n" + page.evaluate("document.documentElement.outerHTML")
    errors = nu_errors(vnu, {"page": html})["page"]
    ours = [error for error in errors if "checker" in error.get("extract", "")]
    assert ours == [], ours
