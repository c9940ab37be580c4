// The eligibility checker: entry point. It finds <div id="checker-app" data-lang data-rules>,
// loads the rules JSON from the same origin and runs the questions, one per step, then the result
// (result.js, imported when the reader starts answering: the first question does not need it).
// The answers live only in the URL fragment: nothing is stored and nothing is sent. Every step is a
// history entry (its state: the step shown), so the page's Back and the browser's Back agree.

import { evaluate, walkPath } from "./engine.js";
import { parseFragment, serialiseFragment, hasProblems, usableAnswers, offeredOptions } from "./fragment.js";
import { parseTypedDate, todayIso } from "./dates.js";
import {
  el, createContext, joinNodes, questionText, noticesView, questionView, readAnswer, versionNode, clockView, answerError,
} from "./render.js";

const LANGUAGES = ["en", "fr", "fa"];

class Checker {
  constructor(mount, rules, lang) {
    this.mount = mount;
    this.rules = rules;
    this.lang = lang;
    this.context = createContext(rules, lang);
    this.answers = {};
    // every answer given on this page, to fill in a question the reader comes back to
    this.remembered = {};
    this.depth = 0;
    this.view = { kind: "question", id: rules.questions[0].id };
    this.changing = false;
    this.notices = [];
    this.writtenHash = null;
    this.pageTitle = document.title;
    this.result = null;   // result.js, once loaded (loadResult)
    this.onFailure = () => {};
    this.waiting = false;   // a result drawn as soon as its code arrives
  }

  today() {
    return todayIso();
  }

  start() {
    this.live = el("div", { class: "checker-visually-hidden", "aria-live": "polite", "data-live": "" });
    this.stage = el("div", { class: "checker-stage" });
    this.mount.replaceChildren(el("div", { class: "checker" }, this.live, this.stage));
    this.mount.dataset.state = "ready";
    this.mount.removeAttribute("aria-busy");
    if (this.today() < this.rules.covers_from) {
      // a wrong clock: say so, and leave the answers in the address untouched
      this.render(true);
      return;
    }
    // the result's code loads when the reader starts answering (it is not needed for the first question)
    const prefetch = () => loadResult().catch(() => {});   // a failure shows when the result is drawn
    for (const type of ["focusin", "pointerdown"]) this.mount.addEventListener(type, prefetch, { once: true });
    window.addEventListener("popstate", (event) => this.fromHistory(event.state));
    window.addEventListener("hashchange", () => this.fromLocation(false));
    this.fromLocation(true);
  }

  // the browser's Back or Forward to one of the checker's own entries
  fromHistory(state) {
    if (!state || !state.checker) {
      this.fromLocation(false);
      return;
    }
    const pending = this.pendingBack;
    this.pendingBack = null;
    const report = parseFragment(location.hash, this.rules, this.today());
    this.answers = report.answers;
    if (pending && pending.kind === state.checker.view.kind && pending.id === state.checker.view.id) {
      this.changing = state.checker.changing;
      this.depth = state.checker.depth;
      this.writtenHash = location.hash;
      this.linkLanguages();
      return;
    }
    this.view = state.checker.view;
    this.changing = state.checker.changing;
    this.depth = state.checker.depth;
    this.notices = [];
    this.writtenHash = location.hash;
    if (this.view.kind === "question" && !this.walk().path.includes(this.view.id)) this.goToNext(null);
    this.linkLanguages();
    this.render(true);
  }

  // --- the URL fragment ------------------------------------------------------------------------

  fromLocation(initial) {
    let hash = location.hash;
    if (hash === this.writtenHash) return;
    if (isAnchor(hash)) {
      // a link to an element of the page (the skip link, a heading): not answers. On arrival, start from
      // the beginning; later, put the answers back into the address (the browser made an entry for it)
      if (initial) {
        hash = "";
      } else {
        this.depth += 1;
        this.record(false);
        return;
      }
    }
    const report = parseFragment(hash, this.rules, this.today());
    this.notices = this.linkNotices(report);
    this.answers = report.answers;
    Object.assign(this.remembered, report.answers);
    this.changing = false;
    this.goToNext(null);
    if (!initial) this.depth += 1;   // the browser made an entry for the new address
    this.record(false);
    this.render(!initial || this.notices.length > 0);
  }

  linkNotices(report) {
    const notices = [];
    const { context } = this;
    if (report.version && report.version !== this.rules.version) {
      notices.push({
        kind: "version", key: "link_version",
        params: { old: el("bdi", { dir: "ltr" }, report.version), new: versionNode(context) },
      });
    }
    if (hasProblems(report)) {
      const lines = [];
      const names = (ids) => joinNodes(context, ids.map((id) => (context.questions.has(id)
        ? el("q", {}, questionText(context, id)) : el("code", { dir: "ltr" }, id))));
      if (report.bad.length) {
        // one line for the answers not valid; an answer refused for the other answers or the day adds its
        // reason, naming the question
        const line = document.createDocumentFragment();
        line.append(context.t("link_bad", { items: names(report.bad) }));
        context.today = this.today();
        for (const [id, message] of Object.entries(report.refused)) {
          const error = answerError(context, context.questions.get(id), message, report.given[id]);
          line.append(" ", context.t(error.key, error.params));
        }
        lines.push(line);
      }
      if (report.offPath.length) lines.push(context.t("link_off_path", { items: names(report.offPath) }));
      if (report.repeated.length) lines.push(context.t("link_repeated", { items: names(report.repeated) }));
      if (report.unknown.length) lines.push(context.t("link_unknown", { items: names(report.unknown) }));
      if (report.badVersion) lines.push(context.t("link_bad_version"));
      if (report.cut || report.unreadable) lines.push(context.t("link_unreadable"));
      const nothingUsed = Object.keys(report.answers).length === 0;
      notices.push({ kind: "link", key: nothingUsed ? "link_nothing_used" : "link_partly_used", lines });
    }
    return notices;
  }

  // Writes the answers into the address and the step into the history entry: a new entry (push) or this one.
  record(push) {
    const fragment = serialiseFragment(this.answers, this.rules);
    const url = `${location.pathname}${location.search}${fragment ? `#${fragment}` : ""}`;
    if (push) this.depth += 1;
    const state = { checker: { view: { kind: this.view.kind, id: this.view.id }, changing: this.changing, depth: this.depth } };
    if (push) history.pushState(state, "", url);
    else history.replaceState(state, "", url);
    this.writtenHash = location.hash;
    this.linkLanguages();
  }

  // The language switcher's links carry the answers, so the other language opens on the same step.
  linkLanguages() {
    for (const link of document.querySelectorAll("a[hreflang]")) {
      const href = link.getAttribute("href").split("#")[0];
      link.setAttribute("href", `${href}${location.hash}`);
    }
  }

  // --- moving through the questions ------------------------------------------------------------

  // The questions on the path of the current answers: {onPath, next, path}. Walked once per step: kept
  // until the answers (a new object at each change) or the day change.
  walk() {
    const today = this.today();
    if (this.walked && this.walked.answers === this.answers && this.walked.today === today) return this.walked;
    const [onPath, next] = walkPath(this.rules, this.answers, today);
    return this.keepWalk(this.answers, today, onPath, next);
  }

  keepWalk(answers, today, onPath, next) {
    const path = this.rules.questions.map((question) => question.id).filter((id) => id in onPath || id === next);
    this.walked = { answers, today, onPath, next, path };
    return this.walked;
  }

  // after answering `answeredId` (null: from a link), show the following step
  goToNext(answeredId) {
    const { next, path } = this.walk();
    if (next === null) {
      this.view = { kind: "result" };
      this.changing = false;
      return;
    }
    if (answeredId === null || this.changing) {
      this.view = { kind: "question", id: next };
      return;
    }
    const after = path[path.indexOf(answeredId) + 1];
    this.view = { kind: "question", id: after || next };
  }

  // The options of a choice question offered for the current answers (all of them for another kind).
  offered(question) {
    return question.kind === "choice" ? offeredOptions(this.rules, question, this.answers, this.today()) : null;
  }

  showError(question, error, raw, value, confirm) {
    this.view = { kind: "question", id: question.id, error, raw, value, confirm };
    this.render(false);
    const summary = this.stage.querySelector(".checker-error-summary");
    if (summary) summary.focus();
  }

  submit(question, form) {
    const read = readAnswer(question, form, parseTypedDate, this.context, this.offered(question));
    if (read.error) {
      this.showError(question, read.error, read.raw, undefined, read.confirm);
      return;
    }
    if (read.confirm) {
      // an amount that looks monthly: "Is this a monthly amount?" under it, before moving on
      this.view = { kind: "question", id: question.id, raw: read.raw, confirm: read.confirm };
      this.render(false);
      this.stage.querySelector("[data-monthly]").focus();
      return;
    }
    const candidate = { ...this.answers, [question.id]: read.value };
    const today = this.today();
    // the engine's checks (a date after today, an option not offered…): the answer is refused, with its
    // message, and every other answer stays
    const usable = usableAnswers(this.rules, candidate, today);
    if (question.id in usable.problems) {
      this.context.today = today;
      this.showError(question, answerError(this.context, question, usable.problems[question.id], read.value, read.raw), read.raw, read.value);
      return;
    }
    const onPath = usable.answers;
    const { next } = usable;
    const dropped = this.rules.questions.map((q) => q.id).filter((id) => id in candidate && !(id in onPath));
    this.answers = onPath;
    // the walk of the kept answers is this one: the answers off the path never decide the path
    this.keepWalk(onPath, today, onPath, next);
    this.notices = [];
    if (dropped.length) {
      this.notices.push({
        kind: "dropped", key: "answers_dropped",
        params: { items: joinNodes(this.context, dropped.map((id) => el("q", {}, questionText(this.context, id)))) },
      });
    }
    Object.assign(this.remembered, onPath);
    this.goToNext(question.id);
    this.record(true);
    this.render(true);
  }

  // The page's Back: the browser's Back when the previous step is an entry of this page,
  // else (the page opened on a link) the previous step in place of this one.
  back() {
    this.previousStep();
    this.notices = [];
    if (this.depth > 0) {
      // shown at once; the browser's entry arrives after (fromHistory) and only corrects a difference
      this.pendingBack = { kind: this.view.kind, id: this.view.id };
      this.render(true);
      history.back();
      return;
    }
    this.record(false);
    this.render(true);
  }

  previousStep() {
    const { next, path } = this.walk();
    if (this.view.kind === "result") {
      this.view = { kind: "question", id: path[path.length - 1] };
    } else if (this.changing && next === null) {
      this.view = { kind: "result" };
      this.changing = false;
    } else {
      const index = path.indexOf(this.view.id);
      if (index > 0) this.view = { kind: "question", id: path[index - 1] };
    }
  }

  change(questionId) {
    this.notices = [];
    this.changing = true;
    this.view = { kind: "question", id: questionId };
    this.record(true);
    this.render(true);
  }

  startAgain() {
    this.answers = {};
    this.remembered = {};
    this.notices = [];
    this.changing = false;
    this.view = { kind: "question", id: this.rules.questions[0].id };
    this.record(true);
    this.render(true);
  }

  // --- drawing ---------------------------------------------------------------------------------

  render(moveFocus) {
    const { context } = this;
    if (this.view.kind === "result" && !this.result && this.today() >= this.rules.covers_from) {
      this.waitForResult(moveFocus);
      return;
    }
    const notices = noticesView(context, this.notices);
    let start = true;
    let content;
    let title;
    const today = this.today();
    context.today = today;
    if (today < this.rules.covers_from) {
      // the reader's clock is wrong (or the page is far older than the rules): no result can be right
      content = clockView(context, today);
      title = context.plain("clock_title");
    } else if (this.view.kind === "result") {
      const result = evaluate(this.rules, this.answers, today);
      if (result.outcome === null) {
        // cannot happen with answers from walkPath; start again rather than show a broken page
        throw new Error("no outcome matches these answers");
      }
      const documents = result.documents;
      content = this.result.resultView(context, result, { answers: this.answers, documents, today }, {
        back: () => this.back(),
        change: (id) => this.change(id),
        startAgain: () => this.startAgain(),
        copyLink: (status) => this.copyLink(status),
        calendar: (ids) => this.downloadCalendar(result, ids),
      });
      const outcome = this.rules.outcomes.find((candidate) => candidate.id === result.outcome);
      title = context.ownPlain(outcome.title);
    } else {
      const question = context.questions.get(this.view.id);
      const { path, next } = this.walk();
      const canGoBack = path.indexOf(question.id) > 0 || (this.changing && next === null);
      // the start (the first question, nothing answered) stays under the page's H1 and intro; every other
      // question step is a page of its own, whose H1 is the question (GOV.UK question pages)
      start = question.id === this.rules.questions[0].id && Object.keys(this.answers).length === 0;
      const value = "value" in this.view && this.view.value !== undefined ? this.view.value
        : question.id in this.answers ? this.answers[question.id] : this.remembered[question.id];
      content = questionView(context, question, {
        value, raw: this.view.raw, error: this.view.error, confirm: this.view.confirm, canGoBack, options: this.offered(question),
        level: start ? 2 : 1,
      }, {
        submit: (form) => this.submit(question, form),
        back: () => this.back(),
        focusField: (id) => { const field = document.getElementById(id); if (field) field.focus(); },
      });
      title = context.ownPlain(question.text);
      if (this.view.error) title = `${context.plain("error_prefix")} ${title}`;
    }
    this.stage.replaceChildren(...[notices, content].filter(Boolean));
    showIntro(this.mount, start);
    const step = today < this.rules.covers_from ? "clock" : this.view.kind === "result" ? "result" : this.view.id;
    this.mount.dataset.step = step;
    document.title = `${title} – ${this.pageTitle}`;
    if (step === "result") this.announce(context.plain("result_announce", { title }));
    if (moveFocus && !this.view.error) {
      const headingNode = this.stage.querySelector(".checker-heading");
      if (headingNode) {
        // the step from its top (the Back link above the heading), below the theme's sticky header
        const header = document.querySelector(".md-header");
        const top = this.stage.getBoundingClientRect().top;
        if (top < (header ? header.offsetHeight : 0) || top > window.innerHeight) this.stage.scrollIntoView({ block: "start" });
        headingNode.focus({ preventScroll: true });
      }
    }
  }

  // The result's code has not arrived yet: the last question stays, with a visible status (an answer
  // changed meanwhile counts: the result drawn is the one of the answers then). If the code cannot load,
  // the status says so and Continue tries again; the answers stay in the address.
  waitForResult(moveFocus) {
    const { context, stage } = this;
    for (const old of stage.querySelectorAll("[data-waiting]")) old.remove();
    stage.append(el("p", { class: "checker-waiting", role: "status", "data-waiting": "" }, context.t("result_waiting")));
    if (this.waiting) return;
    this.waiting = true;
    this.mount.setAttribute("aria-busy", "true");
    const done = () => {
      this.waiting = false;
      this.mount.removeAttribute("aria-busy");
    };
    loadResult().then((module) => {
      this.result = module;
      done();
      this.render(moveFocus);
    }, () => {
      done();
      // opened on a result (no question on the page to try again from): the page's own message
      if (!stage.querySelector("form")) {
        this.onFailure();
        return;
      }
      const message = el("p", { class: "checker-waiting checker-waiting--failed", role: "alert", tabindex: "-1", "data-waiting": "" },
        context.t("result_failed"));
      // the status of the last Continue (an answer given while waiting drew a new one)
      for (const old of stage.querySelectorAll("[data-waiting]")) old.remove();
      stage.append(message);
      message.focus();
    });
  }

  announce(text) {
    this.live.textContent = "";
    setTimeout(() => { this.live.textContent = text; }, 50);
  }

  // --- sharing ---------------------------------------------------------------------------------

  async copyLink(status) {
    const link = location.href;
    status.replaceChildren();
    try {
      await navigator.clipboard.writeText(link);
      status.append(this.context.t("link_copied"));
    } catch {
      const field = el("input", { type: "text", readonly: true, dir: "ltr", class: "checker-input checker-copy-field", "aria-label": this.context.plain("link_label") });
      field.value = link;
      status.append(this.context.t("copy_failed"), " ", field);
      field.focus();
      field.select();
    }
  }

  // The .ics file of the dates `dateIds`, downloaded (result.js's calendarFile writes it).
  downloadCalendar(result, dateIds) {
    const host = location.hostname || "localhost";
    const { text, filename } = this.result.calendarFile(this.context, result, this.answers, dateIds, host);
    const url = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
    const link = el("a", { href: url, download: filename, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }
}

// The result's code (result.js), imported once: when the reader starts answering, or at once when the
// page opens with answers (the address may lead to a result). A failed import is tried again when next
// needed, at a new address: the browser keeps a failed module as failed under its address for the life
// of the page.
let resultImport = null;
let resultTries = 0;
function loadResult() {
  if (!resultImport) {
    resultTries += 1;
    const load = resultTries === 1
      ? import("./result.js")
      : import(new URL(`./result.js?retry=${resultTries - 1}`, import.meta.url).href);
    resultImport = load.catch((error) => { resultImport = null; throw error; });
  }
  return resultImport;
}

// A fragment that points at an element of the page (a skip link, a heading), not at answers.
function isAnchor(hash) {
  if (!hash || hash === "#" || hash.includes("=")) return false;
  try {
    return document.getElementById(decodeURIComponent(hash.slice(1))) !== null;
  } catch {
    return false;
  }
}

// The checker page's H1 and intro (what comes before the mount, but its messages), shown or hidden; the
// skip link goes to the question while they are hidden.
function showIntro(mount, shown) {
  for (const node of mount.parentElement.children) {
    if (node === mount) break;
    if (node.id !== "checker-messages" && node.tagName !== "NOSCRIPT") node.hidden = !shown;
  }
  const skip = document.querySelector(".md-skip");
  if (!skip) return;
  if (!skip.dataset.href) skip.dataset.href = skip.getAttribute("href");
  skip.setAttribute("href", shown ? skip.dataset.href : `#${mount.id}`);
}

// The page's own messages (docs/checker.*.md, #checker-messages): they work without the rules.
function showMessage(mount, kind) {
  const template = document.querySelector(`#checker-messages [data-checker-message='${kind}']`);
  mount.dataset.state = kind;
  mount.setAttribute("aria-busy", String(kind === "loading"));
  mount.replaceChildren(...(template ? [template.cloneNode(true)] : []));
}

// While the rules load, the page's own first question (generated into the HTML) stays where it is:
// the loading message goes in for screen readers only, so nothing on the page moves.
function showLoading(mount) {
  mount.dataset.state = "loading";
  mount.setAttribute("aria-busy", "true");
  const template = document.querySelector("#checker-messages [data-checker-message='loading']");
  if (!mount.querySelector("[data-checker-static]")) {
    showMessage(mount, "loading");
  } else if (template) {
    const message = template.cloneNode(true);
    message.classList.add("checker-visually-hidden");
    mount.append(message);
  }
}

// What the reader did with the page's first question before the app took it over: {id, value, focused}.
function staticAnswer(mount) {
  const field = mount.querySelector("[data-checker-static] form [name]");
  if (!field) return null;
  return { id: field.name, value: field.value, focused: mount.contains(document.activeElement) };
}

async function main() {
  const mount = document.getElementById("checker-app");
  if (!mount) return;
  showLoading(mount);
  // a link with answers may open on a result: its code loads beside the rules (never a half-drawn step)
  const resultCode = location.hash && !isAnchor(location.hash) ? loadResult().catch(() => null) : null;
  const lang = LANGUAGES.includes(mount.dataset.lang) ? mount.dataset.lang : "en";
  // the rules of the page's language (data-rules; the site publishes rules.<lang>.json at <lang>/assets/checker/rules.json)
  const rulesUrl = mount.dataset.rules
    ? new URL(mount.dataset.rules, document.baseURI)
    : new URL("rules.json", import.meta.url);
  let rules;
  try {
    if (rulesUrl.origin !== location.origin) throw new Error("the rules must come from this site");
    const response = await fetch(rulesUrl, { credentials: "same-origin" });
    if (!response.ok) throw new Error(String(response.status));
    rules = await response.json();
  } catch {
    showMessage(mount, "failed");
    return;
  }
  // an error of the checker (bad rules, an engine error) leaves the message, never an empty or half-drawn area
  const fail = () => showMessage(mount, "failed");
  window.addEventListener("error", (event) => {
    if (event.filename && event.filename.startsWith(new URL(".", import.meta.url).href)) fail();
  });
  try {
    const checker = new Checker(mount, rules, lang);
    checker.onFailure = fail;
    checker.result = await resultCode;
    const before = staticAnswer(mount);
    if (before && before.value) checker.remembered[before.id] = before.value;
    checker.start();
    if (before && before.focused) {
      const field = document.getElementById(`checker-input-${before.id}`);
      if (field) field.focus();
    }
  } catch {
    fail();
  }
}

main();

export { Checker };
