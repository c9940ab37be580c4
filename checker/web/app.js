// The eligibility checker: entry point. It finds <div id="checker-app" data-lang data-rules>,
// loads the rules JSON from the same origin and runs the questions, one per step, then the result
// (result.js, imported when the reader starts answering: the first question does not need it).
// A link made under an older rules version that the site keeps (rules.archive) also loads those rules
// (archive/rules-<version>.json beside the rules) to show, above the result, what changed for these answers.
// What only a result shows (facts, sources, the outcomes' texts…) is a second file,
// result-texts.<hash>.json (data-result-texts), fetched with the result's code.
// The answers live only in the URL fragment: nothing is stored and nothing is sent. Every step is a
// history entry (its state: the step shown), so the page's Back and the browser's Back agree.

import { evaluate, walkPath } from "./engine.js";
import { parseFragment, serialiseFragment, hasProblems, usableAnswers, offeredOptions, fragmentVersion } from "./fragment.js";
import { parseTypedDate, todayIso } from "./dates.js";
import {
  el, createContext, joinNodes, questionText, noticesView, questionView, readAnswer, versionNode, clockView, answerError,
} from "./render.js";

const LANGUAGES = ["en", "fr", "fa"];
// a link's older rules version that cannot be compared: the notice that says why
const VERSION_NOTICES = { unknown: { key: "diff_unknown" }, newer: { key: "diff_newer" }, failed: { key: "diff_failed" } };

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
    this.rulesUrl = null;   // where rules.json came from: the archived versions are beside it
    this.archives = new Map();   // version -> {rules} or {failed: true}, once fetched
    this.link = null;   // the link's older rules version: {version, hash, status, rules?, report?}
    this.textsJoined = false;   // what only a result shows is in this.rules (loadTexts)
  }

  // What only a result shows (the page's second file), fetched once and put into the rules.
  loadTexts() {
    if (this.textsJoined) return Promise.resolve();
    return loadResultTexts().then((texts) => {
      if (!this.textsJoined) {
        // both files are named by their content, so only a broken cache pairs files of two releases: the
        // format and the language are what the app relies on
        if (!(texts !== null && typeof texts === "object" && texts.language === this.rules.language && texts.format === this.rules.format)) {
          forgetResultTexts();
          throw new Error("the result's texts are of another release");
        }
        joinResultTexts(this.rules, texts);
        this.textsJoined = true;
      }
    });
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
    const prefetch = () => {   // a failure shows when the result is drawn
      loadResult().catch(() => {});
      this.loadTexts().catch(() => {});
    };
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
    this.link = this.linkVersion(report.version, hash);
    this.notices = this.linkNotices(report);
    this.answers = report.answers;
    Object.assign(this.remembered, report.answers);
    this.changing = false;
    this.goToNext(null);
    if (!initial) this.depth += 1;   // the browser made an entry for the new address
    // a link of an archived rules version stays as it was made until the reader changes an answer:
    // reloaded, bookmarked or shared again, it still shows what changed since
    const archived = this.link && ["compare", "loading", "failed"].includes(this.link.status);
    this.record(false, archived ? hash : null);
    this.render(!initial || this.notices.length > 0);
  }

  // What a link's older rules version allows: {version, hash, status} with status "compare" (its rules
  // are here: `rules`, and `report`, the link read with them), "loading", "failed", "unknown" (a version
  // the site does not keep) or "newer"; null for a link of the current version or without one.
  linkVersion(version, hash) {
    if (!version || version === this.rules.version) return null;
    const link = { version, hash };
    if (/^[0-9]{4}\.[0-9]{2}\.[0-9]{2}$/.test(version) && version > this.rules.version) return { ...link, status: "newer" };
    if (!(this.rules.archive || []).includes(version)) return { ...link, status: "unknown" };
    const archived = this.archives.get(version);
    if (!archived) {
      this.fetchArchive(version);
      return { ...link, status: "loading" };
    }
    if (archived.failed) return { ...link, status: "failed" };
    try {
      return { ...link, status: "compare", rules: archived.rules, report: parseFragment(hash, archived.rules, this.today()) };
    } catch {
      this.archives.set(version, { failed: true });
      return { ...link, status: "failed" };
    }
  }

  // An archived version asked for after the page opened (a new link in the address): drawn when it arrives.
  fetchArchive(version) {
    loadArchive(this.rulesUrl, version).then((entry) => {
      this.archives.set(version, entry);
      const { link } = this;
      if (!link || link.version !== version || link.status !== "loading") return;
      this.link = this.linkVersion(version, link.hash);
      const report = this.link.status === "compare" ? this.link.report : parseFragment(link.hash, this.rules, this.today());
      this.notices = this.linkNotices(report);
      this.render(false);
    });
  }

  linkNotices(report) {
    const notices = [];
    const { context } = this;
    const { link } = this;
    if (link && link.status in VERSION_NOTICES) {
      notices.push({
        kind: "version", ...VERSION_NOTICES[link.status],
        params: { old: el("bdi", { dir: "ltr" }, link.version), new: versionNode(context) },
      });
    } else if (link && link.status === "compare") {
      // the section above the result says which versions, and what changed; the link's problems are
      // those of its own version (an answer the current rules drop is a change, listed there)
      report = link.report;
    } else if (report.version && report.version !== this.rules.version) {
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
  // `hash`: the address's fragment kept as it is (a link of another rules version).
  record(push, hash = null) {
    const fragment = hash !== null ? hash.replace(/^#/, "") : serialiseFragment(this.answers, this.rules);
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
    // and so is their evaluation (the result, when they are complete): never done twice for one step
    this.evaluated = { answers: onPath, today, result: usable.evaluation };
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
    if (this.view.kind === "result" && !(this.result && this.textsJoined) && this.today() >= this.rules.covers_from) {
      this.waitForResult(moveFocus);
      return;
    }
    const notices = noticesView(context, this.notices);
    // what of the page's H1 and intro shows above the step (showIntro)
    let intro = "all";
    let content;
    let title;
    const today = this.today();
    context.today = today;
    if (today < this.rules.covers_from) {
      // the reader's clock is wrong (or the page is far older than the rules): no result can be right
      content = clockView(context, today);
      title = context.plain("clock_title");
    } else if (this.view.kind === "result") {
      const kept = this.evaluated;
      const result = kept && kept.answers === this.answers && kept.today === today ? kept.result
        : evaluate(this.rules, this.answers, today);
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
      intro = "heading";
    } else {
      const question = context.questions.get(this.view.id);
      const { path, next } = this.walk();
      const canGoBack = path.indexOf(question.id) > 0 || (this.changing && next === null);
      // the start (the first question, nothing answered) stays under the page's H1 and intro; every other
      // question step is a page of its own, whose H1 is the question (GOV.UK question pages)
      const start = question.id === this.rules.questions[0].id && Object.keys(this.answers).length === 0;
      intro = start ? "all" : "none";
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
    // read before the page changes (no layout forced between the new step and its paint): replacing the
    // stage's content does not move the stage
    const header = moveFocus ? document.querySelector(".md-header") : null;
    const top = moveFocus ? this.stage.getBoundingClientRect().top : 0;
    const headerHeight = header ? header.offsetHeight : 0;
    const rulesDiff = this.view.kind === "result" && today >= this.rules.covers_from ? this.rulesDiff(today) : null;
    this.stage.replaceChildren(...[notices, rulesDiff, content].filter(Boolean));
    showIntro(this.mount, intro);
    const step = today < this.rules.covers_from ? "clock" : this.view.kind === "result" ? "result" : this.view.id;
    this.mount.dataset.step = step;
    document.title = `${title} – ${this.pageTitle}`;
    if (step === "result") this.announce(context.plain("result_announce", { title }));
    if (moveFocus && !this.view.error) {
      const headingNode = this.stage.querySelector(".checker-heading");
      if (headingNode) {
        // the step from its top (the Back link above the heading), below the theme's sticky header
        if (top < headerHeight || top > window.innerHeight) this.stage.scrollIntoView({ block: "start" });
        headingNode.focus({ preventScroll: true });
      }
    }
  }

  // Above the result of a link made under an older version the site keeps: what changed for these
  // answers (result.js's compareRules and rulesDiffView), while the answers are still the link's.
  rulesDiff(today) {
    const { link } = this;
    if (!link || link.status !== "compare") return null;
    if (!this.comparison || this.comparison.link !== link || this.comparison.today !== today) {
      // the changelog entries since the link's version come with its archived rules
      const current = { ...this.rules, changelog: link.rules.later_changelog || [] };
      this.comparison = { link, today, value: this.result.compareRules(link.rules, current, link.report.given, today) };
    }
    const comparison = this.comparison.value;
    if (!sameAnswers(comparison.answers_after, this.answers)) return null;
    return this.result.rulesDiffView(this.context, comparison, link.rules);
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
    Promise.all([loadResult(), this.loadTexts()]).then(([module]) => {
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
      const message = el("div", { class: "checker-waiting checker-waiting--failed", role: "alert", tabindex: "-1", "data-waiting": "" },
        el("p", {}, context.t("result_failed")), ...guideLinks());
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
    // a link of an older version: the events of the file that version gave are updated (same UIDs)
    const shown = this.rulesDiff(this.today()) && this.comparison.value;
    const linkAnswers = shown ? { answers: shown.answers_before, rules: this.link.rules } : null;
    const { text, filename } = this.result.calendarFile(this.context, result, this.answers, dateIds, host, linkAnswers,
      location.href);
    const url = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
    const link = el("a", { href: url, download: filename, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }
}

// Set by the build (bundle.py's define): the result code's published name (it carries its content hash)
// and the format of the rules file this app reads. Unbundled, the sources' own names and no check.
const RESULT_FILE = typeof __RESULT_FILE__ === "string" ? __RESULT_FILE__ : "result.js";
const RULES_FORMAT = typeof __RULES_FORMAT__ === "number" ? __RULES_FORMAT__ : null;

// How long a request of the checker may take before the page says it failed (ms); a test may set
// window.checkerLoadTimeout to a shorter bound before the page loads.
function loadTimeout() {
  const set = Number(window.checkerLoadTimeout);
  return set > 0 ? set : 10000;
}

// `promise`, or a rejection once the bound has passed (`onTimeout` stops what is still running).
function bounded(promise, onTimeout = () => {}) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout();
      reject(new Error("the request took too long"));
    }, loadTimeout());
    promise.then((value) => { clearTimeout(timer); resolve(value); }, (error) => { clearTimeout(timer); reject(error); });
  });
}

// The result's code (result.<hash>.js), imported once: when the reader starts answering, or at once when
// the page opens with answers (the address may lead to a result). A failed, truncated or stalled import is
// tried again when next needed, at a new address: the browser keeps a failed module as failed under its
// address for the life of the page.
let resultImport = null;
let resultTries = 0;
function loadResult() {
  if (!resultImport) {
    const url = new URL(`./${RESULT_FILE}`, import.meta.url);
    if (resultTries > 0) url.search = `retry=${resultTries}`;
    resultTries += 1;
    const address = url.href;
    resultImport = bounded(import(address)).then((module) => {
      // a file cut short at a statement's end still parses: its exports are missing
      if (typeof module.resultView !== "function" || typeof module.calendarFile !== "function") {
        throw new Error("the result's code is incomplete");
      }
      return module;
    }).catch((error) => { resultImport = null; throw error; });
  }
  return resultImport;
}

// The rules of an archived version, for one language (the site publishes archive/rules-<version>.json
// beside rules.json): {rules}, or {failed: true} when they cannot be fetched or are not that version's rules.
async function loadArchive(rulesUrl, version) {
  try {
    const url = new URL(`archive/rules-${encodeURIComponent(version)}.json`, rulesUrl);
    if (url.origin !== location.origin) throw new Error("the rules must come from this site");
    const controller = new AbortController();
    // a published version does not change, but its changelog entries since do: revalidated
    const response = await bounded(fetch(url, { credentials: "same-origin", cache: "no-cache", signal: controller.signal }), () => controller.abort());
    if (!response.ok) throw new Error(String(response.status));
    const rules = await bounded(response.json());
    const usable = rules && rules.version === version && Array.isArray(rules.questions) && Array.isArray(rules.outcomes)
      && Array.isArray(rules.notes) && Array.isArray(rules.dates) && rules.parameters && rules.countries;
    if (!usable) throw new Error("not the rules of that version");
    return { rules };
  } catch {
    return { failed: true };
  }
}

function sameAnswers(first, second) {
  const keys = Object.keys(first);
  return keys.length === Object.keys(second).length && keys.every((key) => key in second && first[key] === second[key]);
}

// What only a result shows (result-texts.<hash>.json, the page's data-result-texts), parsed: fetched once,
// and at a new address after a failure or a stall, like the result's code.
let resultTextsUrl = null;
let textsRequest = null;
let textsTries = 0;
function loadResultTexts() {
  if (!textsRequest) {
    const url = new URL(resultTextsUrl);
    if (textsTries > 0) url.search = `retry=${textsTries}`;
    textsTries += 1;
    const controller = new AbortController();
    textsRequest = bounded(fetch(url, { credentials: "same-origin", signal: controller.signal }).then((response) => {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }), () => controller.abort()).catch((error) => { textsRequest = null; throw error; });
  }
  return textsRequest;
}

function forgetResultTexts() {
  textsRequest = null;
}

// The second file's texts put into the rules' entries (checker/localise.py's join_parts), in place: a
// section the first file lacks comes whole; another brings, for each entry id, the keys moved out of it.
function joinResultTexts(rules, texts) {
  for (const [section, moved] of Object.entries(texts)) {
    if (moved === null || typeof moved !== "object") continue; // format, language, version
    if (!(section in rules)) {
      rules[section] = moved;
      continue;
    }
    const entries = Array.isArray(rules[section]) ? rules[section] : Object.values(rules[section]);
    for (const entry of entries) Object.assign(entry, moved[entry.id]);
  }
}

// The country names the build left out (those Intl.DisplayNames gives as the build's own): this page's
// language's names, and the other languages' names as search words beside the synonyms.
function fillCountryNames(countries, lang) {
  const browserNames = (language) => {
    try {
      const names = new Intl.DisplayNames([language], { type: "region", fallback: "none" });
      return (code) => names.of(code) || code;
    } catch {
      return (code) => code;
    }
  };
  const own = browserNames(lang);
  const names = {};
  for (const code of countries.codes) names[code] = countries.names[code] || own(code);
  const synonyms = {};
  for (const [language, table] of Object.entries(countries.synonyms)) {
    if (language === lang) {
      synonyms[language] = table;
      continue;
    }
    const other = browserNames(language);
    const overrides = (countries.other_names || {})[language] || {};
    synonyms[language] = {};
    for (const code of countries.codes) synonyms[language][code] = [...(table[code] || []), overrides[code] || other(code)];
  }
  countries.names = names;
  countries.synonyms = synonyms;
  delete countries.other_names;
}

// The rules of the page's language, parsed; `again`: from the server, past every cache (the file
// the first request gave was of another release).
function fetchRules(url, again) {
  const controller = new AbortController();
  const address = new URL(url);
  if (again) address.search = "reload";
  const request = fetch(address, {
    credentials: "same-origin", cache: again ? "reload" : "default", signal: controller.signal,
  }).then((response) => {
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  });
  return bounded(request, () => controller.abort());
}

// Rules this app can read: of its format and of the page's language.
function readable(rules, lang) {
  return rules !== null && typeof rules === "object" && rules.language === lang
    && (RULES_FORMAT === null || rules.format === RULES_FORMAT);
}

// Whether the answers in the address lead to a result (no question left to answer).
function leadsToResult(rules) {
  const today = todayIso();
  if (today < rules.covers_from) return false;   // a wrong clock: the page says so, no result
  const [, next] = walkPath(rules, parseFragment(location.hash, rules, today).answers, today);
  return next === null;
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

// The guide's links of the page's failure message (its last paragraph), for another failure message.
function guideLinks() {
  const links = document.querySelector("#checker-messages [data-checker-message='failed'] p:last-child");
  return links ? [links.cloneNode(true)] : [];
}

// The checker page's H1 and intro (what comes before the mount, but its messages): `shown` "all" (the
// start), "heading" (a result: the H1 above it, the intro about answering gone) or "none" (a question
// step, whose H1 is the question; the skip link then goes to the question).
function showIntro(mount, shown) {
  for (const node of mount.parentElement.children) {
    if (node === mount) break;
    if (node.id === "checker-messages" || node.tagName === "NOSCRIPT") continue;
    node.hidden = shown === "none" || (shown === "heading" && node.tagName !== "H1");
  }
  const skip = document.querySelector(".md-skip");
  if (!skip) return;
  if (!skip.dataset.href) skip.dataset.href = skip.getAttribute("href");
  skip.setAttribute("href", shown === "none" ? `#${mount.id}` : skip.dataset.href);
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
  const lang = LANGUAGES.includes(mount.dataset.lang) ? mount.dataset.lang : "en";
  // what only a result shows (data-result-texts; the site publishes result-texts.<hash>.json beside the rules)
  resultTextsUrl = new URL(mount.dataset.resultTexts || "result-texts.json", mount.dataset.resultTexts ? document.baseURI : import.meta.url);
  // a link with answers may open on a result: its code and texts load beside the rules (never a half-drawn step)
  const linked = Boolean(location.hash) && !isAnchor(location.hash) && resultTextsUrl.origin === location.origin;
  const resultCode = linked ? loadResult().catch(() => null) : null;
  const resultTexts = linked ? loadResultTexts().catch(() => null) : null;
  // the rules of the page's language (data-rules; the site publishes rules.<hash>.<lang>.json at <lang>/assets/checker/rules.<hash>.json)
  const rulesUrl = mount.dataset.rules
    ? new URL(mount.dataset.rules, document.baseURI)
    : new URL("rules.json", import.meta.url);
  let rules;
  try {
    if (rulesUrl.origin !== location.origin) throw new Error("the rules must come from this site");
    rules = await fetchRules(rulesUrl, false);
    // a file of another release (a cache that kept it under this address): fetched once more
    if (!readable(rules, lang)) rules = await fetchRules(rulesUrl, true);
    if (!readable(rules, lang)) throw new Error("the rules are of another release");
    fillCountryNames(rules.countries, lang);
  } catch {
    // the page's message with the guide's links; the answers stay in the address
    showMessage(mount, "failed");
    return;
  }
  // an error of the checker (bad rules, an engine error) leaves the message, never an empty or half-drawn area
  const fail = () => showMessage(mount, "failed");
  window.addEventListener("error", (event) => {
    if (event.filename && event.filename.startsWith(new URL(".", import.meta.url).href)) fail();
  });
  // a link made under an older version the site keeps: those rules load beside the result's code
  const linkedVersion = linked ? fragmentVersion(location.hash) : null;
  const archive = linkedVersion && linkedVersion !== rules.version && (rules.archive || []).includes(linkedVersion)
    ? loadArchive(rulesUrl, linkedVersion) : null;
  try {
    const checker = new Checker(mount, rules, lang);
    checker.onFailure = fail;
    checker.rulesUrl = rulesUrl;
    if (linked && leadsToResult(rules)) {
      // both files were asked for with the rules: shown as soon as they are here; if they are slow, the
      // page says the result is being prepared (the answers stay in the address)
      const both = Promise.all([resultCode, resultTexts]);
      const quick = await Promise.race([both.then(() => true), new Promise((resolve) => { setTimeout(() => resolve(false), 100); })]);
      if (!quick) {
        mount.dataset.state = "preparing";
        mount.replaceChildren(el("p", { class: "checker-waiting", role: "status", "data-waiting": "" }, checker.context.t("result_waiting")));
      }
      const [code, texts] = await both;
      checker.result = code;
      // put into the rules (a failure is tried again, then said, when the result is drawn)
      if (texts) await checker.loadTexts().catch(() => {});
    }
    if (archive) checker.archives.set(linkedVersion, await archive);
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
