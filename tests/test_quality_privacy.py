"""Privacy gate: loading every page of the site, and running the checker to a result in each
language, makes no request to another origin, sets no cookie, writes nothing to localStorage or
sessionStorage (nor IndexedDB or Cache Storage), and logs no console error.

Writes are caught as they happen: an init script wraps Storage.prototype.setItem and the
document.cookie setter before any page script runs; the end state is checked too.
"""
from __future__ import annotations

import pytest

from tests.browser import browser, click_through, open_page  # noqa: F401
from tests.checker_cases import OUTCOME_ANSWERS
from tests.quality import LANGUAGES, page_urls, rules

pytestmark = pytest.mark.browser

SPY = """(() => {
  const log = [];
  Object.defineProperty(window, '__privacyLog', { value: log });
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    log.push(`${this === window.localStorage ? 'localStorage' : 'sessionStorage'}.setItem(${key})`);
    return setItem.call(this, key, value);
  };
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true,
    get() { return cookie.get.call(this); },
    set(value) { log.push(`document.cookie = ${String(value).split('=')[0]}`); return cookie.set.call(this, value); },
  });
})();"""

STATE = """async () => ({
  log: window.__privacyLog ? [...window.__privacyLog] : ['the spy did not run'],
  cookie: document.cookie,
  local: localStorage.length,
  session: sessionStorage.length,
  databases: indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [],
  caches: 'caches' in window ? await caches.keys() : [],
})"""

CLEAN = {"log": [], "cookie": "", "local": 0, "session": 0, "databases": [], "caches": []}


def watched_context(browser, base_url):  # noqa: F811
    context, page, watch = open_page(browser, base_url)
    context.add_init_script(SPY)
    failed = []
    page.on("response", lambda response: response.status >= 400 and failed.append(f"{response.status} {response.url}"))
    return context, page, watch, failed


def test_every_page_stays_private(browser, built_site, site_server):  # noqa: F811
    context, page, watch, failed = watched_context(browser, site_server.base_url)
    problems = {}
    try:
        for url in page_urls(built_site):
            page.goto(site_server.base_url + url, wait_until="networkidle")
            if url.endswith("checker/"):
                page.wait_for_selector("#checker-app[data-state='ready']")
            state = page.evaluate(STATE)
            if state != CLEAN:
                problems[url or "/"] = state
        cookies = context.cookies()
    finally:
        context.close()
    assert not problems, problems
    assert cookies == []
    assert not watch.problems(), watch.problems()
    assert not failed, failed


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_checker_run_to_a_result_stays_private(browser, site_server, lang):  # noqa: F811
    context, page, watch, failed = watched_context(browser, site_server.base_url)
    try:
        page.goto(site_server.base_url + {"en": "", "fr": "fr/", "fa": "fa/"}[lang] + "checker/")
        page.wait_for_selector("#checker-app[data-state='ready']")
        states = []
        for outcome in ("rece_company", "bilateral_aps"):
            click_through(page, rules(), OUTCOME_ANSWERS[outcome])
            page.wait_for_selector(f"[data-outcome='{outcome}']")
            states.append(page.evaluate(STATE))
            page.click("[data-action='start-again']")
            page.wait_for_selector("#checker-app[data-step='nationality']")
        # a shared link opened directly
        page.goto(page.url.split("#")[0] + "#" + "&".join(f"{k}={v}" for k, v in OUTCOME_ANSWERS["rece_job"].items()))
        page.wait_for_selector("[data-outcome='rece_job']")
        # the result's own actions: copy the link, download the calendar file
        page.click("[data-action='copy']")
        with page.expect_download():
            page.click("[data-action='calendar']")
        page.wait_for_load_state("networkidle")
        states.append(page.evaluate(STATE))
        cookies = context.cookies()
    finally:
        context.close()
    assert all(state == CLEAN for state in states), states
    assert cookies == []
    assert not watch.problems(), watch.problems()
    assert not failed, failed


def test_the_spy_sees_a_write(browser, site_server):  # noqa: F811
    """The instrument itself works: a write to storage or a cookie is caught."""
    context, page, _watch, _failed = watched_context(browser, site_server.base_url)
    try:
        page.goto(site_server.base_url + "privacy/")
        page.evaluate("() => { sessionStorage.setItem('k', '1'); document.cookie = 'c=1'; }")
        state = page.evaluate(STATE)
    finally:
        context.close()
    assert state["log"] == ["sessionStorage.setItem(k)", "document.cookie = c"]
    assert state["session"] == 1 and state["cookie"] == "c=1"
