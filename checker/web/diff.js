// "What changed for you": a link made under an older rules version, its answers evaluated under that
// version and the current one (compare.js), shown above the result in the reader's language.
// Contract: <section data-rules-diff data-from-version data-to-version>, one element per change
// [data-diff="outcome" | "note:<id>" | "date:<id>" | "amount:<id>" | "dropped:<question>"] with
// data-before and data-after (ids, ISO dates, cents or the answer; empty when absent), the changelog
// entries in between [data-changelog-version], and [data-diff-nothing] when nothing changed.

import { el, createContext, amountNodes, answerNodes, dateNodes } from "./render.js";

const VERSION_DATE = /^([0-9]{4})\.([0-9]{2})\.([0-9]{2})$/;

// A rules version (YYYY.MM.DD) as a date of the page's language; another version as it is written.
function versionNodes(context, version) {
  const match = VERSION_DATE.exec(version);
  return match ? dateNodes(context, `${match[1]}-${match[2]}-${match[3]}`) : el("bdi", { dir: "ltr" }, version);
}

function attribute(value) {
  return value === null || value === undefined ? "" : String(value);
}

// The texts of the link's version: its own questions, outcomes, notes, dates and amounts, with the
// interface texts and country names of the current rules.
function oldContext(context, oldRules, answers) {
  const old = createContext({ ...oldRules, texts: context.rules.texts, countries: context.rules.countries }, context.lang);
  old.today = context.today;
  old.answers = answers;
  return old;
}

function outcomeTitle(context, outcomeId) {
  const outcome = outcomeId && context.rules.outcomes.find((candidate) => candidate.id === outcomeId);
  if (!outcome) return el("strong", {}, context.t("diff_no_result"));
  // quoted in a sentence: without its own full stop ("…refused”." rather than "…refused.”.")
  const title = typeof outcome.title === "string" ? outcome.title.replace(/[.۔]\s*$/u, "") : outcome.title;
  return el("strong", {}, context.own(title));
}

function byId(list, id) {
  return list.find((item) => item.id === id);
}

// One change as a sentence: the new rules' texts for what is new or still there, the old ones for what went.
function changeLine(context, old, comparison, change) {
  const { rules } = context;
  const { before, after } = change;
  if (change.kind === "outcome") {
    return context.t("diff_outcome", { before: outcomeTitle(old, before), after: outcomeTitle(context, after) });
  }
  if (change.kind === "note") {
    return after !== null
      ? context.t("diff_note_added", { note: context.own(byId(rules.notes, after).text) })
      : context.t("diff_note_removed", { note: old.own(byId(old.rules.notes, before).text) });
  }
  if (change.kind === "date") {
    const date = byId(rules.dates, change.id) || byId(old.rules.dates, change.id);
    const source = byId(rules.dates, change.id) ? context : old;
    const label = source.own(date.label);
    if (before === null) return context.t("diff_date_added", { label, after: dateNodes(context, after) });
    if (after === null) return context.t("diff_date_removed", { label, before: dateNodes(context, before) });
    return context.t("diff_date_moved", { label, before: dateNodes(context, before), after: dateNodes(context, after) });
  }
  if (change.kind === "amount") {
    const parameter = rules.parameters[change.id] || old.rules.parameters[change.id];
    const source = rules.parameters[change.id] ? context : old;
    const label = source.own(parameter.label);
    const amount = (cents) => amountNodes(context, cents, parameter.unit);
    if (before === null) return context.t("diff_amount_added", { label, after: amount(after) });
    if (after === null) return context.t("diff_amount_removed", { label, before: amount(before) });
    return context.t("diff_amount_changed", { label, before: amount(before), after: amount(after) });
  }
  // dropped: an answer the current rules no longer ask, or no longer accept
  const question = old.questions.get(change.id);
  const refused = change.reason === "not_accepted";
  return context.t(refused ? "diff_dropped_not_accepted" : "diff_dropped_not_asked", {
    question: old.own(question.text), answer: el("strong", {}, answerNodes(old, change.id, before)),
  });
}

// comparison: compareRules(oldRules, current rules, the link's answers, today); oldRules: the link's version.
function rulesDiffView(context, comparison, oldRules) {
  const old = oldContext(context, oldRules, comparison.answers_before);
  const root = el("section", {
    class: "checker-rules-diff", "data-rules-diff": "", "data-from-version": comparison.from_version,
    "data-to-version": comparison.to_version, "aria-labelledby": "checker-diff-heading",
  }, el("h2", { id: "checker-diff-heading", class: "checker-rules-diff__title" }, context.t("diff_heading")),
  el("p", {}, context.t("diff_versions", {
    old: versionNodes(context, comparison.from_version), new: versionNodes(context, comparison.to_version),
  })));
  if (!comparison.changes.length) {
    root.append(el("p", { "data-diff-nothing": "" }, context.t("diff_nothing")));
  } else {
    root.append(el("ul", { class: "checker-rules-diff__changes" }, ...comparison.changes.map((change) => el("li", {
      "data-diff": change.kind === "outcome" ? "outcome" : `${change.kind}:${change.id}`,
      "data-before": attribute(change.before),
      "data-after": attribute(change.after),
    }, changeLine(context, old, comparison, change)))));
  }
  if (comparison.changelog.length) {
    root.append(el("h3", {}, context.t("diff_changelog_heading")),
      el("ul", { class: "checker-rules-diff__changelog" }, ...comparison.changelog.map((entry) => el("li",
        { "data-changelog-version": entry.version },
        context.t("diff_changelog_entry", { date: versionNodes(context, entry.version), summary: context.own(entry.summary) })))));
  }
  return root;
}

export { rulesDiffView };
