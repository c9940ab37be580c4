"""Real-Chromium fixtures for the checker's browser tests (Playwright).

Import the fixtures you need in a test module: `from tests.browser import browser, checker_page  # noqa: F401`.

- The browser: harness/browser.py (the system Chromium, else Playwright's own; a missing browser
  is an error, never a skip).
- Every page runs with the clock fixed (Playwright's page.clock), every request is routed: any
  request to another origin is aborted and fails the test, and so does any console error.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from harness.browser import chromium_path, launch, shared_browser  # noqa: F401 (also re-exported)

TODAY = "2026-11-27"


def plain(text: str) -> str:
    """A rules text as the page shows it: without its inline marks, ASCII white space folded (the no-break
    spaces of French typography are kept)."""
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"\{(?:fr|ltr):([^{}]*)\}", r"\1", text)).strip()


CHECKER_PATHS = {"en": "checker/", "fr": "fr/checker/", "fa": "fa/checker/"}
# the checker's files, named with a hash of their content (build_tools/generate.py), with or without the
# query string of a new try: for page.route and for matching request URLs
RULES_FILE = re.compile(r"/assets/checker/rules\.[0-9a-f]{10}\.json(\?[^/]*)?$")
RESULT_CODE = re.compile(r"/assets/checker/result\.[0-9a-f]{10}\.js(\?[^/]*)?$")


@dataclass
class Watch:
    """What a page did that a test must not allow."""
    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    off_origin: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return ([f"console error: {text}" for text in self.console_errors]
                + [f"uncaught error: {text}" for text in self.page_errors]
                + [f"request to another origin: {url}" for url in self.off_origin])


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def open_page(browser, base_url: str, today: str = TODAY, **context_options):
    """A fresh context and page, watched; returns (context, page, watch)."""
    context = browser.new_context(locale="en-GB", timezone_id="Europe/Paris", accept_downloads=True,
                                  service_workers="block", **context_options)
    watch = Watch(origin=origin_of(base_url))

    def route(route_, request):
        if origin_of(request.url) == watch.origin:
            route_.continue_()
        else:
            watch.off_origin.append(request.url)
            route_.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda message: watch.console_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
    page.clock.set_fixed_time(f"{today}T10:00:00")
    return context, page, watch


class CheckerPages:
    """Opens the checker page of a language on the served site; checks the page stayed clean."""

    def __init__(self, browser, base_url: str):
        self.browser = browser
        self.base_url = base_url
        self.opened = []

    def url(self, lang: str = "en", fragment: str = "") -> str:
        return self.base_url + CHECKER_PATHS[lang] + (f"#{fragment}" if fragment else "")

    def open(self, lang: str = "en", fragment: str = "", today: str = TODAY, wait: bool = True,
             before=None, **options):
        """`before(page)` runs before the first navigation (to install request routes)."""
        context, page, watch = open_page(self.browser, self.base_url, today, **options)
        self.opened.append((context, page, watch))
        if before:
            before(page)
        page.goto(self.url(lang, fragment))
        if wait:
            page.wait_for_selector("#checker-app[data-state='ready']")
        page.watch = watch
        return page

    def close(self) -> list[str]:
        problems = []
        for context, _page, watch in self.opened:
            problems += watch.problems()
            context.close()
        self.opened = []
        return problems


@pytest.fixture(scope="session")
def browser():
    """One Chromium per process (every test module that imports this fixture gets its own
    definition; they all share harness.browser's one browser)."""
    return shared_browser()


@pytest.fixture
def checker_page(browser, site_server):
    """checker_page.open(lang, fragment) -> a Playwright page on the served checker page."""
    pages = CheckerPages(browser, site_server.base_url)
    yield pages
    problems = pages.close()
    assert not problems, "\n".join(problems)


# --- answering the checker's questions (the test contract of issue 4) ------------------------------

def question_kinds(rules: dict) -> dict[str, str]:
    return {question["id"]: question["kind"] for question in rules["questions"]}


def answer(page, kind: str, question_id: str, value: str, typed: bool = False) -> None:
    """Answer the question on screen and press its submit button; returns once the next step is drawn
    (a result waits, busy, for the result's code)."""
    form = page.locator(f"form[data-question='{question_id}']")
    if kind == "country":
        # the native select under the country search (hidden, it still holds the answer)
        form.locator(f"select[name='{question_id}']").select_option(value, force=True)
    elif kind == "date":
        fill_date(form, question_id, value)
    elif kind == "amount":
        form.locator(f"input[name='{question_id}']").fill(str(value))
    else:
        form.locator(f"input[name='{question_id}'][value='{value}']").check()
    form.locator("button[type='submit']").click()
    if kind == "amount" and form.locator("[data-monthly]").count():
        # an amount that looks monthly: "Is this a monthly amount?"; the value given is the yearly one
        form.locator(f"input[name='{question_id}_monthly'][value='no']").check()
        form.locator("button[type='submit']").click()
    page.wait_for_selector("#checker-app:not([aria-busy='true'])", state="attached")


def date_parts(value: str) -> dict[str, str]:
    """An ISO date (or "year-month-day" with any digits) as the three fields' texts, without leading zeros."""
    year, month, day = re.split(r"[-/]", value)
    strip = (lambda text: text.lstrip("0") or "0") if value.isascii() else (lambda text: text)
    return {"day": strip(day), "month": strip(month), "year": year}


def fill_date(form, question_id: str, value) -> None:
    """Types a date into the day, month and year fields (value: ISO "YYYY-MM-DD" or {day, month, year})."""
    parts = value if isinstance(value, dict) else date_parts(value)
    for name in ("day", "month", "year"):
        form.locator(f"input[name='{question_id}_{name}']").fill(parts[name])


def click_through(page, rules: dict, answers: dict) -> None:
    """Answer, in order, every question the checker asks, checking each step's heading gets focus."""
    kinds = question_kinds(rules)
    for _ in range(len(kinds) + 1):
        step = page.locator("#checker-app").get_attribute("data-step")
        if step == "result":
            return
        assert step in answers, f"the checker asks {step!r}, which these answers do not hold"
        answer(page, kinds[step], step, answers[step])
    raise AssertionError("the checker kept asking questions")
