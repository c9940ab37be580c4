// The checker's result: the outcome, its dates, amounts, documents and evidence, the answers summary,
// and the calendar file. Loaded when the reader reaches a result (the site ships it as a second,
// lazily loaded bundle), so the first question needs only app.js and what it imports.

import { detailRow, parameterOn, walkPath } from "./engine.js";
import { stripInline } from "./inline.js";
import { formatDate, localDigits } from "./dates.js";
import { buildCalendar, digest } from "./calendar.js";
import { serialiseFragment } from "./fragment.js";
import { compareRules } from "./compare.js";
import { rulesDiffView } from "./diff.js";
import {
  el, heading, HEADING_ID, amountNodes, answerNodes, dateNodes, joinNodes, questionText, versionNode,
} from "./render.js";

const REMINDER_DAYS = 7;

function section(title, attributes, ...content) {
  return el("section", { class: "checker-section", ...attributes }, el("h3", {}, title), ...content);
}

// Every source of a result is listed once, numbered; facts and amounts refer to it by number.
function sourceRegistry() {
  const order = [];
  return {
    number(sourceId) {
      if (!order.includes(sourceId)) order.push(sourceId);
      return order.indexOf(sourceId) + 1;
    },
    ids: () => order,
  };
}

function sourceRefs(context, registry, sourceIds) {
  return joinNodes(context, sourceIds.map((sourceId) => el("span", { class: "checker-source-ref", "data-source-ref": sourceId },
    localDigits(registry.number(sourceId), context.lang))));
}

function sourceItem(context, sourceId) {
  const source = context.rules.sources[sourceId];
  const title = context.own(source.title);
  const main = source.url
    ? el("a", { href: source.url, rel: "noreferrer", class: "checker-source-link" }, title)
    : el("cite", {}, title);
  const item = el("li", { class: "checker-source", "data-source": sourceId }, main);
  if (source.date_label) item.append(" (", context.own(source.date_label), ")");
  return item;
}

// The date a fact was last looked at, labelled by what was done: "checked against its source on" only
// for a fact whose status is verified (an official text says it), "reviewed on" for every other status.
// The status badge beside it alone names the status (never "Verified verified on").
function checkedOn(context, fact) {
  const verified = fact.status === "verified";
  return context.t(verified ? "fact_verified_on" : "fact_reviewed_on", { date: dateNodes(context, fact.verified_on) });
}

function factView(context, factId, today, registry) {
  const fact = context.rules.facts[factId];
  const item = el("li", { class: `checker-fact checker-fact--${fact.status}`, "data-fact": factId, "data-status": fact.status });
  item.append(el("p", {}, context.own(fact.text)));
  if (fact.status === "contested") {
    if (fact.other_reading) item.append(el("p", {}, el("strong", {}, context.t("other_reading")), " ", context.own(fact.other_reading)));
    if (fact.followed_because) item.append(el("p", {}, el("strong", {}, context.t("followed_because")), " ", context.own(fact.followed_because)));
  }
  const meta = el("p", { class: "checker-fact__meta" },
    el("span", { class: `checker-status checker-status--${fact.status}`, title: context.plain(`status_${fact.status}_hint`) },
      context.t(`status_${fact.status}`)));
  if (fact.status_note) meta.append(" ", context.own(fact.status_note));
  meta.append(" · ", checkedOn(context, fact));
  meta.append(" · ", context.t("sources"), " ", sourceRefs(context, registry, fact.sources));
  item.append(meta);
  if (fact.review_by && fact.review_by < today) {
    item.append(el("p", { class: "checker-review-due", "data-review-due": factId },
      context.t("fact_review_due", { date: dateNodes(context, fact.review_by) })));
  }
  return item;
}

// Lines of the amounts `ids` (parameter ids of result.amounts): each with its unit, the date it took
// effect (its dated value in force on `today`) and its source.
function amountLines(context, result, ids, today, registry) {
  if (!ids.length) return null;
  const lines = ids.map((id) => {
    const parameter = context.rules.parameters[id];
    const entry = parameterOn(context.rules, id, today);
    const line = el("li", { "data-parameter": id, "data-cents": result.amounts[id] }, context.t("parameter_value", {
      label: context.own(parameter.label),
      amount: amountNodes(context, result.amounts[id], parameter.unit),
      since: entry ? context.t("in_force_since", { date: dateNodes(context, entry.from) }) : context.t("in_force_unknown"),
    }));
    if (entry) line.append(" ", context.t("source_ref", { number: sourceRefs(context, registry, [entry.source]) }));
    return line;
  });
  return el("div", { class: "checker-parameters" },
    el("p", {}, context.t("values_on", { date: dateNodes(context, today) })),
    el("ul", {}, ...lines));
}

// Where each amount of the result is shown: {parameter id: note id, or null for the amounts section}.
// A fee goes with its note (`in_result: {with_note}`); another amount with the first note of the result
// whose facts explain it, else in the amounts section when the reader gave an amount or a fact of the
// result explains it; otherwise it is not shown.
function placeAmounts(context, result, answers) {
  const { rules } = context;
  const amountAnswered = rules.questions.some((question) => question.kind === "amount" && question.id in answers);
  const notes = rules.notes.filter((note) => result.notes.includes(note.id));
  const places = {};
  for (const id of Object.keys(rules.parameters)) {
    if (!(id in result.amounts)) continue;
    const parameter = rules.parameters[id];
    if (parameter.in_result && parameter.in_result.with_note) {
      places[id] = parameter.in_result.with_note;
      continue;
    }
    const note = notes.find((candidate) => candidate.facts.includes(parameter.fact));
    if (note) places[id] = note.id;
    else if (amountAnswered || result.facts.includes(parameter.fact)) places[id] = null;
  }
  return places;
}

// The reader's row of the bilateral table, on an outcome flagged `detail: bilateral_country`: the
// length of the APS, its renewal, the degrees it requires and the status of the row's fact.
function bilateralView(context, outcome, answers) {
  const { rules } = context;
  const entry = detailRow(rules, outcome, { answers });
  if (!entry) return null;
  // the country is named once, above it ("For your nationality: …"): the row says "your country"
  const fact = rules.facts[entry.fact];
  const length = entry.length_months
    ? context.t("bilateral_length", { months: localDigits(entry.length_months, context.lang) })
    : context.t("bilateral_length_unknown");
  const row = el("div", { class: "checker-bilateral", "data-bilateral": entry.country },
    el("p", {}, length, " ", context.t(`renewal_${entry.renewal}`), " ", context.t(`bilateral_degrees_${entry.degrees}`)));
  if (fact) {
    row.append(el("p", { class: "checker-fact__meta", "data-fact-status": fact.status },
      el("span", { class: `checker-status checker-status--${fact.status}`, title: context.plain(`status_${fact.status}_hint`) },
        context.t(`status_${fact.status}`)),
      " ", checkedOn(context, fact)));
  }
  return row;
}

// The result `depends` (an answer "I'm not sure"): one line per possibility of the result's
// `alternatives`, with the outcome it gives and a link that opens it (the current answers with that
// value, those it takes off the path dropped). Contract: [data-alternative-outcome] (the outcome id,
// empty when that possibility needs one more answer) and data-alternative-if (`question=value` pairs
// joined by `&`, in question order).
function alternativesView(context, result, answers, today) {
  const { rules } = context;
  if (!Array.isArray(result.alternatives) || !result.alternatives.length) return null;
  const list = el("ul", { class: "checker-alternatives" });
  for (const alternative of result.alternatives) {
    const ids = rules.questions.map((question) => question.id).filter((id) => id in alternative.if);
    const conditions = joinNodes(context, ids.map((id) => context.t("alternative_condition", {
      question: questionText(context, id), answer: answerNodes(context, id, alternative.if[id]),
    })));
    const [onPath] = walkPath(rules, { ...answers, ...alternative.if }, today);
    const outcome = alternative.outcome ? rules.outcomes.find((candidate) => candidate.id === alternative.outcome) : null;
    const line = outcome
      ? context.t("alternative_line", { conditions, outcome: el("strong", {}, context.own(outcome.title)) })
      : context.t("alternative_incomplete", { conditions, question: el("q", {}, questionText(context, alternative.next_question)) });
    const link = el("a", { href: `#${serialiseFragment(onPath, rules)}`, class: "checker-alternative__link" },
      context.t(outcome ? "alternative_open" : "alternative_continue"));
    list.append(el("li", {
      class: "checker-alternative",
      "data-alternative-outcome": alternative.outcome || "",
      "data-alternative-if": ids.map((id) => `${id}=${alternative.if[id]}`).join("&"),
    }, line, " ", link));
  }
  return section(context.t("alternatives_heading"), { "data-part": "alternatives" },
    el("p", {}, context.t("alternatives_intro")), list);
}

function summaryView(context, answers, onChange) {
  const list = el("dl", { class: "checker-summary" });
  for (const question of context.rules.questions) {
    if (!(question.id in answers)) continue;
    const hidden = el("span", { class: "checker-visually-hidden" }, " ", context.plain("change_hidden", { question: stripInline(context.pick(question.text)) }));
    list.append(el("div", { class: "checker-summary__row", "data-answer": question.id },
      el("dt", { class: "checker-summary__key" }, questionText(context, question.id)),
      el("dd", { class: "checker-summary__value" }, answerNodes(context, question.id, answers[question.id])),
      el("dd", { class: "checker-summary__actions" },
        el("button", { type: "button", class: "checker-link", "data-change": question.id, onclick: () => onChange(question.id) },
          context.t("change"), hidden))));
  }
  return list;
}

// The ids of the dates that go into the calendar file (flagged `calendar: true`), in the rules'
// order, past dates left out.
function calendarDateIds(rules, result, today) {
  return rules.dates
    .filter((date) => date.calendar === true && date.id in result.dates && result.dates[date.id] >= today)
    .map((date) => date.id);
}

// A date's title: its title for this outcome when the rules give one, else its label.
function dateLabel(date, outcomeId) {
  return (date.outcome_labels && date.outcome_labels[outcomeId]) || date.label;
}

// The deadline line of the panel, on a result where the reader can apply: the first date of the rules
// with a `deadline` text that the result has and that is still to come ("File your request before
// 31 January 2027"), and "file now" when a note of the result says so (`file_now`); null when none.
function deadlineView(context, outcome, result, today) {
  if (outcome.panel !== "can_apply") return null;
  const date = context.rules.dates.find((candidate) => candidate.deadline && candidate.id in result.dates
    && result.dates[candidate.id] >= today);
  if (!date) return null;
  const line = el("p", { class: "checker-panel__deadline", "data-deadline": date.id },
    el("strong", {}, context.own(date.deadline, { date: dateNodes(context, result.dates[date.id]) })));
  const fileNow = context.rules.notes.some((note) => note.file_now && result.notes.includes(note.id));
  if (fileNow) line.append(" ", el("strong", { class: "checker-tag checker-tag--now", "data-file-now": "" }, context.t("file_now")));
  return line;
}

// The services the reader uses next (services.yaml): other sites (an ordinary link, marked when the site
// is in French only and the page is not) and this guide's pages.
function servicesView(context, outcome) {
  const { rules } = context;
  const ids = (rules.outcome_services || {})[outcome.id] || [];
  if (!ids.length) return null;
  const list = el("ul", { class: "checker-services" });
  for (const id of ids) {
    const service = rules.services[id];
    const item = el("li", { class: "checker-service", "data-service": id });
    if (service.url) {
      const french = service.french_only && context.lang !== "fr";
      item.append(el("a", { href: service.url, rel: "noreferrer", class: "checker-service__link", hreflang: service.french_only ? "fr" : null },
        context.own(service.label)));
      if (french) item.append(" ", el("span", { class: "checker-service__language", "data-french-only": "" }, context.t("service_french_only")));
    } else {
      item.append(el("a", { href: `../guide/${service.page}/`, class: "checker-service__link", "data-page": service.page },
        context.own(service.label)));
    }
    list.append(item);
  }
  return section(context.t("services_heading"), { "data-part": "services" }, list);
}

// result: the engine's result; extra: {answers, documents, today};
// actions: {change, startAgain, copyLink, calendar, back}
function resultView(context, result, extra, actions) {
  const { rules } = context;
  const { answers, documents, today } = extra;
  context.today = today;
  context.answers = answers;
  const outcome = rules.outcomes.find((candidate) => candidate.id === result.outcome);
  const registry = sourceRegistry();
  const root = el("section", { class: "checker-result", "data-outcome": outcome.id, "aria-labelledby": HEADING_ID });
  root.append(el("button", { type: "button", class: "checker-back", onclick: actions.back }, context.t("back")));

  // the result in one sentence, in a panel of the outcome's kind ("You can apply", "You need another route"…)
  const kind = outcome.panel;
  const panel = el("div", { class: `checker-panel checker-panel--${kind}`, "data-panel": kind },
    heading(2, [el("span", { class: "checker-panel__title" }, context.t(`panel_${kind}`)), " ",
      el("span", { class: "checker-panel__body" }, context.own(outcome.title))]));
  const countryIds = rules.questions.filter((question) => question.kind === "country" && question.id in answers).map((question) => question.id);
  for (const id of countryIds) {
    panel.append(el("p", { class: "checker-panel__based-on", "data-based-on": id },
      context.t("result_based_on", { answer: el("strong", {}, answerNodes(context, id, answers[id])) })));
  }
  const bilateral = bilateralView(context, outcome, answers);
  if (bilateral) panel.append(bilateral);
  const deadline = deadlineView(context, outcome, result, today);
  if (deadline) panel.append(deadline);
  root.append(panel);

  const alternatives = alternativesView(context, result, answers, today);
  if (alternatives) root.append(alternatives);

  const overdue = result.facts.filter((factId) => rules.facts[factId].review_by && rules.facts[factId].review_by < today);
  if (overdue.length) {
    root.append(el("div", { class: "checker-warning", "data-notice": "review" }, el("p", {}, context.t("review_warning"))));
  }

  // the answers, near the top as well: a way down to them, and Start again
  const answersId = "checker-answers";
  root.append(el("div", { class: "checker-toolbar" },
    el("button", { type: "button", class: "checker-link", "data-action": "to-answers",
      onclick: () => { const target = document.getElementById(answersId); target.scrollIntoView(); target.focus(); } },
    context.t("check_answers")),
    el("button", { type: "button", class: "checker-link", "data-action": "start-again-top", onclick: actions.startAgain }, context.t("start_again"))));

  if (outcome.next_steps.length) {
    root.append(section(context.t("next_steps_heading"), { "data-part": "next-steps" },
      el("ol", { class: "checker-steps" }, ...outcome.next_steps.map((step) => el("li", {}, context.own(step))))));
  }
  const services = servicesView(context, outcome);
  if (services) root.append(services);
  const places = placeAmounts(context, result, answers);
  const placed = (noteId) => Object.keys(places).filter((id) => places[id] === noteId);
  // the notes change what to do (file now, a fee, a date): before the documents
  if (result.notes.length) {
    const notes = el("div", { class: "checker-notes" });
    for (const note of rules.notes) {
      if (!result.notes.includes(note.id)) continue;
      notes.append(el("div", { class: "checker-note", "data-note": note.id },
        el("p", {}, context.own(note.text)),
        amountLines(context, result, placed(note.id), today, registry)));
    }
    root.append(section(context.t("notes_heading"), { "data-part": "notes" }, notes));
  }
  // the checklist, or (none on this result) where the list is found
  const afterInDocuments = !documents.length && result.complete && Boolean(outcome.after);
  if (documents.length) {
    root.append(section(context.t("documents_heading"), { "data-part": "documents" },
      el("ul", { class: "checker-checklist" },
        ...documents.map((id) => el("li", { "data-document": id }, context.own(rules.documents[id].text))))));
  } else if (afterInDocuments) {
    root.append(section(context.t("documents_heading"), { "data-part": "documents" },
      el("p", { "data-documents": "elsewhere" }, context.own(outcome.after))));
  }
  const amounts = amountLines(context, result, placed(null), today, registry);
  if (amounts) root.append(section(context.t("amounts_heading"), { "data-part": "amounts" }, amounts));

  const dateIds = rules.dates.map((date) => date.id).filter((id) => id in result.dates);
  if (dateIds.length) {
    const list = el("dl", { class: "checker-dates" });
    for (const id of dateIds) {
      const date = rules.dates.find((candidate) => candidate.id === id);
      const past = result.dates[id] < today;
      list.append(el("div", { class: `checker-dates__row${past ? " checker-dates__row--past" : ""}`, "data-past": past ? "" : null },
        el("dt", {}, context.own(dateLabel(date, outcome.id))),
        el("dd", {}, dateNodes(context, result.dates[id], id),
          past ? el("strong", { class: "checker-tag checker-tag--past" }, context.t("date_past")) : null)));
    }
    const calendarIds = calendarDateIds(rules, result, today);
    const calendarButton = calendarIds.length
      ? el("button", { type: "button", class: "checker-button checker-button--secondary", "data-action": "calendar", onclick: () => actions.calendar(calendarIds) },
        context.t("add_to_calendar"))
      : null;
    root.append(section(context.t("dates_heading"), { "data-part": "dates" }, list, calendarButton));
  }

  if (outcome.after && !afterInDocuments) root.append(section(context.t("after_heading"), { "data-part": "after" }, el("p", {}, context.own(outcome.after))));

  // the evidence, folded: facts with statuses, then each source once
  if (result.facts.length) {
    const facts = el("ul", { class: "checker-facts" }, ...result.facts.map((factId) => factView(context, factId, today, registry)));
    const sources = el("ol", { class: "checker-sources" }, ...registry.ids().map((sourceId) => sourceItem(context, sourceId)));
    // unfolded when a fact is due for review: the warning above points to it
    root.append(el("details", { class: "checker-evidence", "data-part": "evidence", open: overdue.length > 0 },
      el("summary", {}, el("h3", { class: "checker-evidence__title" }, context.t("why_heading"))),
      facts,
      el("h4", {}, context.t("sources_heading")),
      sources));
  }

  const answersSection = section(context.t("answers_heading"), { "data-part": "answers", id: answersId, tabindex: "-1" },
    summaryView(context, answers, actions.change));
  answersSection.append(el("p", { class: "checker-meta" }, context.t("result_meta", {
    version: versionNode(context), date: dateNodes(context, rules.verified_on), today: dateNodes(context, today),
  })));
  root.append(answersSection);

  const status = el("p", { class: "checker-copy-status", role: "status" });
  root.append(el("div", { class: "checker-actions checker-actions--result" },
    el("button", { type: "button", class: "checker-button checker-button--secondary", "data-action": "copy", onclick: () => actions.copyLink(status) },
      context.t("copy_link")),
    el("button", { type: "button", class: "checker-button checker-button--secondary", "data-action": "print", onclick: () => window.print() },
      context.t("print")),
    el("button", { type: "button", class: "checker-button checker-button--warning", "data-action": "start-again", onclick: actions.startAgain },
      context.t("start_again"))),
  status);
  return root;
}

// The .ics file of the dates `dateIds` (future dates only, see calendarDateIds), each with a reminder a
// week before: {text, filename}. UIDs depend on the date's id and the answers only, so a newer file
// updates the same events. host: the site's host name, for the UIDs and the product id. linkAnswers: on
// the result of a link made under an older version, {answers, rules} of that version (answers the current
// rules dropped included), so that the file updates the events of the file that version gave.
// `pageUrl`: the checker page's address (an event links to the guide page of its date, beside it).
function calendarFile(context, result, answers, dateIds, host, linkAnswers = null, pageUrl = null) {
  const { rules, lang } = context;
  const outcome = rules.outcomes.find((candidate) => candidate.id === result.outcome);
  const person = linkAnswers
    ? digest(serialiseFragment(linkAnswers.answers, { ...linkAnswers.rules, version: "" }))
    : digest(serialiseFragment(answers, { ...rules, version: "" }));
  const digits = (text) => localDigits(text, lang);
  const events = dateIds.map((id) => {
    const date = rules.dates.find((candidate) => candidate.id === id);
    const summary = context.ownPlain(dateLabel(date, outcome.id));
    const lines = [summary];
    const seen = new Set();
    for (const factId of date.facts) {
      for (const sourceId of rules.facts[factId].sources) {
        if (seen.has(sourceId)) continue;
        seen.add(sourceId);
        const source = rules.sources[sourceId];
        lines.push(context.plain(source.url ? "calendar_source" : "calendar_source_no_url", {
          title: stripInline(context.pick(source.title)), url: source.url || "",
        }));
      }
    }
    lines.push(context.plain("calendar_verified", { date: formatDate(rules.verified_on, lang), version: digits(rules.version) }));
    const guideUrl = date.guide && pageUrl ? new URL(`../guide/${date.guide}/`, pageUrl).href : null;
    const firstUrl = guideUrl || [...seen].map((sourceId) => rules.sources[sourceId].url).find(Boolean);
    return {
      uid: `${id}-${digest(`${id}|${person}`)}@${host}`,
      date: result.dates[id],
      summary,
      description: lines.join("\n"),
      url: firstUrl,
      alarm: { days: REMINDER_DAYS, description: context.plain("calendar_reminder", { title: summary, days: digits(REMINDER_DAYS) }) },
    };
  });
  const text = buildCalendar(events, { productId: `-//${host}//checker//${lang.toUpperCase()}`, language: lang });
  return { text, filename: context.plain("calendar_filename") };
}

// compareRules and rulesDiffView: a link made under an older rules version (app.js, rulesDiff)
export { resultView, calendarFile, compareRules, rulesDiffView };
