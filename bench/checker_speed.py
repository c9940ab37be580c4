"""The in-browser checker in Chromium, against its budgets (each a ratio to a same-run baseline):

- render path: the checker page's HTML + CSS + JS, each gzipped as a server would, is at most
  1.15 × a stock Material page (a one-page MkDocs project, theme: material) built in the same run;
  with the data needed before the first result (the page language's rules.<hash>.json), at most 1.3 ×;
  the bytes to a result (that, the result's code and the result's texts, result-texts.<hash>.json), at
  most 1.45 ×, per language;
- from an answer to the next step rendered (script, style and layout): median at most 1.3 × and p95 at
  most 1.5 × the same-run floor of the same DOM work (the stock page, with the checker's stylesheet,
  showing the markup each step shows, cloned: a history entry, the block replaced, focus, layout),
  unthrottled and with 4× CPU throttling (Chromium's Emulation.setCPUThrottlingRate); the absolute
  figures and the ratios to the floor of a small block (the floor of earlier reports) printed beside.
"""
from __future__ import annotations

import datetime as dt
import gzip
import re
import statistics
import tempfile
import textwrap
from pathlib import Path

from harness.browser import launch
from harness.site import SITE_SUB_PATH, SiteServer, build_site

RENDER_PATH_BUDGET = 1.15
WITH_DATA_BUDGET = 1.3
TO_A_RESULT_BUDGET = 1.45
STEP_MEDIAN_BUDGET = 1.3
STEP_P95_BUDGET = 1.5
RULES_FILE = re.compile(r"/assets/checker/rules\.[0-9a-f]{10}\.json$")
THROTTLING = 4
ROUNDS = 40
RENDER_TYPES = {"document", "stylesheet", "script"}


def stock_material_project(folder: Path) -> Path:
    """A one-page MkDocs project with the stock Material theme."""
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Stock page\n\nA page of the stock Material theme.\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: Stock
        theme:
          name: material
        """), encoding="utf-8")
    return folder


def render_path(browser, url: str) -> tuple[int, int, list[str], int]:
    """(raw bytes, gzip bytes, files, rules.<hash>.json gzip bytes) of what the page loads to render."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    bodies: dict[str, bytes] = {}
    data = {}

    def keep(response):
        request = response.request
        if response.status != 200:
            return
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 - a response without a body (redirect, worker)
            return
        if request.resource_type in RENDER_TYPES:
            bodies[response.url] = body
        elif RULES_FILE.search(response.url):
            data["rules"] = body

    page.on("response", keep)
    page.goto(url, wait_until="networkidle")
    context.close()
    raw = sum(len(body) for body in bodies.values())
    zipped = sum(len(gzip.compress(body, 6)) for body in bodies.values())
    rules = len(gzip.compress(data["rules"], 6)) if "rules" in data else 0
    return raw, zipped, sorted(bodies), rules


STEP_SCRIPT = """async (answers) => {
  const app = document.querySelector('#checker-app');
  const times = [];
  let drawnAtOnce = true;   // every step was drawn in its timed part (none waited for code)
  for (const [id, kind, value] of answers) {
    const form = document.querySelector(`form[data-question="${id}"]`);
    if (!form) throw new Error(`no step ${id} (now ${app.dataset.step}): the bench's answers no longer follow the rules`);
    // a date is typed in its day, month and year boxes
    const parts = kind === 'date' ? Object.entries({ day: value.slice(8), month: value.slice(5, 7), year: value.slice(0, 4) }) : [];
    const field = kind === 'date' ? form.elements.namedItem(`${id}_day`)
      : kind === 'choice' ? form.querySelector(`input[name="${id}"][value="${value}"]`) : form.elements.namedItem(id);
    field.focus();   // as a reader does (the app then loads the result's code)
    if (kind === 'date') for (const [name, part] of parts) form.elements.namedItem(`${id}_${name}`).value = part;
    else if (kind === 'choice') field.checked = true;
    else field.value = value;
    const button = form.querySelector('button[type="submit"]');
    const start = performance.now();
    button.click();
    document.body.getBoundingClientRect();   // style and layout of the new step
    times.push(performance.now() - start);
    drawnAtOnce = drawnAtOnce && app.getAttribute('aria-busy') !== 'true';
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  }
  // the warm-up round may wait for the result's code (later rounds have it: their last step is drawn at once)
  for (let i = 0; i < 250 && app.dataset.step !== 'result'; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  if (app.dataset.step !== 'result') throw new Error('no result at the end: ' + app.dataset.step);
  document.querySelector('[data-action="start-again"]').click();
  return { times, drawnAtOnce };
}"""


# The floor of a step on this machine, on the stock Material page: what every step does at the least (a
# history entry, a block of the page replaced, focus moved to its heading, style and layout), without the
# checker. The same-run baseline for the step figures.
FLOOR_SCRIPT = """async (rounds) => {
  const article = document.querySelector('article') || document.body;
  const times = [];
  for (let i = 0; i < rounds; i += 1) {
    const start = performance.now();
    const block = document.createElement('div');
    const heading = document.createElement('h2');
    heading.tabIndex = -1;
    heading.textContent = 'Step ' + i;
    block.append(heading, Object.assign(document.createElement('p'), { textContent: 'x '.repeat(50) }));
    (article.querySelector('[data-floor]') || article.appendChild(document.createElement('div'))).replaceWith(block);
    block.dataset.floor = '';
    history.pushState({ i }, '', location.pathname + '#step=' + i);
    heading.focus();
    document.body.getBoundingClientRect();
    times.push(performance.now() - start);
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  }
  return times;
}"""


# What each step of the bench's reader shows (the stage's markup after the answer), recorded once on the
# checker page for the floor below.
CAPTURE_SCRIPT = STEP_SCRIPT.replace(
    "    times.push(performance.now() - start);",
    "    times.push(document.querySelector('#checker-app .checker-stage').innerHTML);")

# The floor of the same DOM work: the stock page, with the checker's stylesheet, replaces a block with the
# markup each step of the checker shows (cloned from a template parsed before the clock starts), records a
# history entry, moves focus to the step's heading and lays out: what a step costs the browser without
# the checker's own code (its engine, routing and building of the step from the rules).
MARKUP_FLOOR_SCRIPT = """async ([markups, css, rounds]) => {
  const article = document.querySelector('article') || document.body;
  document.head.append(Object.assign(document.createElement('style'), { textContent: css }));
  const templates = markups.map((markup) => Object.assign(document.createElement('template'), { innerHTML: markup }));
  const times = [];
  for (let i = 0; i < rounds; i += 1) {
    const template = templates[i % templates.length];
    const start = performance.now();
    const block = document.createElement('div');
    block.className = 'checker-stage';
    block.append(template.content.cloneNode(true));
    (article.querySelector('[data-floor]') || article.appendChild(document.createElement('div'))).replaceWith(block);
    block.dataset.floor = '';
    history.pushState({ i }, '', location.pathname + '#step=' + i);
    const heading = block.querySelector('.checker-heading');
    if (heading) heading.focus({ preventScroll: true });
    document.body.getBoundingClientRect();
    times.push(performance.now() - start);
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  }
  return times;
}"""


def step_markups(browser, url: str) -> list[str]:
    """The stage's markup after each answer of bench_answers, on the checker page at `url`."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#checker-app[data-state='ready']")
    page.evaluate(CAPTURE_SCRIPT, bench_answers(dt.date.today()))  # loads the result's code
    markups = page.evaluate(CAPTURE_SCRIPT, bench_answers(dt.date.today()))["times"]
    context.close()
    return markups


def markup_floor_times(browser, url: str, markups: list[str], css: str, throttling: int = 1) -> list[float]:
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.goto(url)
    if throttling > 1:
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttling})
    page.evaluate(MARKUP_FLOOR_SCRIPT, [markups, css, 10])  # warm-up
    times = page.evaluate(MARKUP_FLOOR_SCRIPT, [markups, css, ROUNDS * len(markups)])
    context.close()
    return times


def floor_times(browser, url: str, throttling: int = 1) -> list[float]:
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.goto(url)
    if throttling > 1:
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttling})
    page.evaluate(FLOOR_SCRIPT, 10)  # warm-up
    times = page.evaluate(FLOOR_SCRIPT, ROUNDS * 7)
    context.close()
    return times


def bench_answers(today: dt.date) -> list[tuple[str, str, str]]:
    """The reader the step figures follow, (question id, kind, value) in order, to a result on `today`:
    a master's graduate from Iran with a student permit, looking for a job (tests/test_bench_paths.py
    checks that these answers still reach a result)."""
    return [
        ("nationality", "country", "IR"), ("situation", "choice", "student_permit"), ("had_rece", "choice", "no"),
        ("degree", "choice", "master"), ("degree_date", "date", (today - dt.timedelta(days=150)).isoformat()),
        ("permit_expiry", "date", (today + dt.timedelta(days=210)).isoformat()), ("goal", "choice", "job"),
    ]


def step_times(browser, url: str, lang: str, throttling: int = 1) -> list[float]:
    answers = bench_answers(dt.date.today())
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#checker-app[data-state='ready']")
    if throttling > 1:
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttling})
    page.evaluate(STEP_SCRIPT, answers)  # warm-up (it also loads the result's code)
    times = []
    for _ in range(ROUNDS):
        round_ = page.evaluate(STEP_SCRIPT, answers)
        if not round_["drawnAtOnce"]:
            raise RuntimeError("a timed step waited for code: the figures would be too low")
        times += round_["times"]
    context.close()
    return times


def verdict_of(ratio: float, budget: float) -> str:
    return "within" if ratio <= budget else "OVER"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run() -> list[str]:
    from playwright.sync_api import sync_playwright

    lines = []
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        site, stock_site = folder / "site", folder / "stock-site"
        result = build_site(site)
        if result.returncode != 0:
            return [f"the site build failed:\n{result.stderr[-2000:]}"]
        stock = stock_material_project(folder / "stock")
        result = build_site(stock_site, project_dir=stock)
        if result.returncode != 0:
            return [f"the stock Material build failed:\n{result.stderr[-2000:]}"]
        with SiteServer(site, SITE_SUB_PATH) as server, SiteServer(stock_site, SITE_SUB_PATH) as stock_server, \
                sync_playwright() as playwright:
            browser = launch(playwright)
            stock_raw, stock_gzip, stock_files, _ = render_path(browser, stock_server.base_url)
            lines.append(f"stock Material page: {len(stock_files)} files, {stock_raw / 1024:.1f} KiB, "
                         f"{stock_gzip / 1024:.1f} KiB gzip [baseline]")
            [result_file] = (site / "assets" / "checker").glob("result.*.js")
            result_code = len(gzip.compress(result_file.read_bytes(), 6))
            for lang, path in (("en", "checker/"), ("fr", "fr/checker/"), ("fa", "fa/checker/")):
                raw, zipped, files, rules = render_path(browser, server.base_url + path)
                [texts_file] = (site / path.replace("checker/", "") / "assets" / "checker").glob("result-texts.*.json")
                texts = len(gzip.compress(texts_file.read_bytes(), 6))
                ratio = zipped / stock_gzip
                total = (zipped + rules) / stock_gzip
                to_result = zipped + rules + result_code + texts
                lines.append(f"checker page /{path} ({lang}): {len(files)} files, {raw / 1024:.1f} KiB, "
                             f"{zipped / 1024:.1f} KiB gzip, ratio {ratio:.3f}× ({verdict_of(ratio, RENDER_PATH_BUDGET)} the "
                             f"{RENDER_PATH_BUDGET}× budget); + the data needed before the first result (the {lang} "
                             f"rules) {rules / 1024:.1f} KiB gzip = {(zipped + rules) / 1024:.1f} KiB, {total:.3f}× "
                             f"({verdict_of(total, WITH_DATA_BUDGET)} the {WITH_DATA_BUDGET}× budget); bytes to a result "
                             f"(+ the result's code {result_code / 1024:.1f} KiB and the {lang} result texts "
                             f"{texts / 1024:.1f} KiB gzip, fetched while the reader answers) {to_result / 1024:.1f} KiB, "
                             f"{to_result / stock_gzip:.3f}× ({verdict_of(to_result / stock_gzip, TO_A_RESULT_BUDGET)} "
                             f"the {TO_A_RESULT_BUDGET}× budget)")
            floors = {}
            for throttling in (1, THROTTLING):
                times = floor_times(browser, stock_server.base_url, throttling)
                floors[throttling] = (statistics.median(times), percentile(times, 0.95))
                how = f"{throttling}× CPU throttling" if throttling > 1 else "unthrottled"
                lines.append(f"floor of a step on the stock page ({len(times)} steps, {how}; a history entry, a small "
                             f"block replaced, focus, layout): median {floors[throttling][0]:.2f} ms, "
                             f"p95 {floors[throttling][1]:.2f} ms")
            [css_file] = (site / "assets" / "checker").glob("checker*.css")
            css = css_file.read_text(encoding="utf-8")
            for lang, path in (("en", "checker/"), ("fa", "fa/checker/")):
                markups = step_markups(browser, server.base_url + path)
                for throttling in (1, THROTTLING):
                    how = f"{throttling}× CPU throttling" if throttling > 1 else "unthrottled"
                    floor = markup_floor_times(browser, stock_server.base_url, markups, css, throttling)
                    floor_median, floor_p95 = statistics.median(floor), percentile(floor, 0.95)
                    lines.append(f"floor of the same DOM work ({lang}, {len(floor)} steps, {how}; the stock page with "
                                 f"the checker's stylesheet shows each step's own markup: a history entry, the block "
                                 f"replaced, focus, layout) [baseline]: median {floor_median:.2f} ms, p95 {floor_p95:.2f} ms")
                    times = step_times(browser, server.base_url + path, lang, throttling)
                    median, p95 = statistics.median(times), percentile(times, 0.95)
                    median_ratio, p95_ratio = median / floor_median, p95 / floor_p95
                    lines.append(f"answer -> next step rendered ({lang}, {len(times)} steps, {how}): median "
                                 f"{median:.2f} ms, p95 {p95:.2f} ms, max {max(times):.2f} ms; to the floor of the same "
                                 f"DOM work: median {median_ratio:.2f}× ({verdict_of(median_ratio, STEP_MEDIAN_BUDGET)} "
                                 f"{STEP_MEDIAN_BUDGET}×), p95 {p95_ratio:.2f}× ({verdict_of(p95_ratio, STEP_P95_BUDGET)} "
                                 f"{STEP_P95_BUDGET}×); to the small-block floor: median "
                                 f"{median / floors[throttling][0]:.2f}×, p95 {p95 / floors[throttling][1]:.2f}×")
            browser.close()
    return lines
