// The checker's DOM: question pages, the result, the answers summary and notices.
// Every text comes from the rules (rules.texts.checker and .common for the interface); nothing is written
// as HTML: nodes are created one by one and texts go in as text nodes.

import { parameterOn } from "./engine.js";
import { inlineNodes, stripInline } from "./inline.js";
import { formatDate, formatSolarHijri, formatAmount, currencyMarks, parseAmount, localDigits, todayIso } from "./dates.js";
import { countryCombobox, countryNames } from "./combobox.js";

const MIN_DATE = "1900-01-01";
const MAX_DATE = "2199-12-31";
const HEADING_ID = "checker-heading";

// --- helpers -----------------------------------------------------------------------------------

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

// Texts of the page's language, rendered with their inline marks. A text is a {en, fr, fa} map or,
// in rules compiled for one language, already that language's string.
// context.today (ISO) and context.answers fill the {amount:…} and {answer:…} marks.
function createContext(rules, lang) {
  // the checker's own texts, then the vocabulary shared with the guide pages
  const interfaceTexts = { ...rules.texts.common, ...rules.texts.checker };
  // a text of the rules of one language is a string; of all languages, {en, fr, fa}
  const pick = (text) => (typeof text === "string" ? text : (text && text[lang])) || "";
  const values = (kind, id) => markValue(context, kind, id);
  const context = {
    rules,
    lang,
    pick,
    today: todayIso(),
    answers: {},
    // a rules text as nodes
    own: (text, params) => inlineNodes(pick(text), params, values),
    // a rules text as plain text (titles, calendar files)
    ownPlain: (text) => stripInline(pick(text), values),
    // an interface text as nodes
    t: (key, params) => inlineNodes(pick(interfaceTexts[key]) || key, params),
    // an interface text as plain text (placeholders filled with plain strings)
    plain: (key, params = {}) => stripInline(pick(interfaceTexts[key]) || key)
      .replace(/\[\[([a-z_]+)\]\]/g, (whole, name) => (name in params ? String(params[name]) : whole)),
    questions: new Map(rules.questions.map((question) => [question.id, question])),
    countryTemplate: null,
    listFormat: new Intl.ListFormat(lang, { type: "conjunction" }),
  };
  return context;
}

// A list of nodes joined the way the language joins them ("A, B and C").
function joinNodes(context, nodes) {
  const out = document.createDocumentFragment();
  const parts = context.listFormat.formatToParts(nodes.map((_, index) => `\u0000${index}\u0000`));
  for (const part of parts) {
    const match = /^\u0000(\d+)\u0000$/.exec(part.value);
    out.append(part.type === "element" && match ? nodes[Number(match[1])] : part.value);
  }
  return out;
}

// A date in the page's language; in Persian with the Solar Hijri date beside it.
function dateNodes(context, iso, dateId = null) {
  const out = document.createDocumentFragment();
  out.append(el("time", { datetime: iso, "data-date": dateId }, formatDate(iso, context.lang)));
  if (context.lang === "fa") {
    out.append(" ", el("span", { class: "checker-hijri", "data-calendar": "persian" },
      context.t("solar_hijri", { date: formatSolarHijri(iso) })));
  }
  return out;
}

// An amount (cents) as the reader reads it, with the text of its unit ("a month", the shared text
// `unit_<unit>`) when the unit has one.
function amountNodes(context, cents, unit = "EUR") {
  const out = document.createDocumentFragment();
  out.append(el("bdi", { class: "checker-amount" }, formatAmount(cents, context.lang)));
  const unitKey = `unit_${unit}`;
  if (unitKey in context.rules.texts.common) out.append(" ", context.t(unitKey));
  return out;
}

// The value of an {amount:<parameter>} (in force on context.today) or {answer:<question>} mark.
function markValue(context, kind, id) {
  if (kind === "amount") {
    const entry = id in context.rules.parameters ? parameterOn(context.rules, id, context.today) : null;
    return entry ? el("bdi", { class: "checker-amount", "data-amount": id }, formatAmount(entry.cents, context.lang)) : null;
  }
  if (!context.questions.has(id) || !(id in context.answers)) return null;
  return el("span", { "data-answer-value": id }, answerNodes(context, id, context.answers[id]));
}

function versionNode(context) {
  return el("bdi", { dir: "ltr" }, context.rules.version);
}

function heading(level, content, id = HEADING_ID) {
  return el(`h${level}`, { id, class: "checker-heading", tabindex: "-1" }, ...[].concat(content));
}

function questionText(context, questionId) {
  return context.own(context.questions.get(questionId).text);
}

// A country's name in the page's language.
function countryName(context, code) {
  return countryNames(context.rules.countries, context.lang)[code] || code;
}

// An answer as the reader reads it: a country's name, a formatted date, an option's label.
function answerNodes(context, questionId, value) {
  const question = context.questions.get(questionId);
  if (question.kind === "country") return document.createTextNode(countryName(context, value));
  if (question.kind === "date") return dateNodes(context, value);
  if (question.kind === "amount") return amountNodes(context, value * 100);
  const option = question.options.find((candidate) => candidate.id === value);
  return option ? context.own(option.label) : document.createTextNode(value);
}

// --- notices -----------------------------------------------------------------------------------

// notices: [{kind, key, params, items?: [nodes]}]; kind goes into data-notice.
function noticesView(context, notices) {
  if (!notices.length) return null;
  const box = el("div", { class: "checker-notices" });
  for (const notice of notices) {
    const item = el("div", { class: `checker-notice checker-notice--${notice.kind}`, "data-notice": notice.kind });
    item.append(el("p", {}, context.t(notice.key, notice.params || {})));
    if (notice.lines && notice.lines.length) {
      const list = el("ul", {});
      for (const line of notice.lines) list.append(el("li", {}, line));
      item.append(list);
    }
    box.append(item);
  }
  return box;
}

// --- question pages ----------------------------------------------------------------------------

function errorSummary(context, error, onLinkClick) {
  const link = el("a", { href: `#${error.target}`, onclick: (event) => { event.preventDefault(); onLinkClick(error.target); } },
    context.t(error.key, error.params));
  return el("div", { class: "checker-error-summary", tabindex: "-1" },
    el("div", { role: "alert" },
      el("h2", { class: "checker-error-summary__title", id: "checker-error-summary-title" }, context.t("error_summary_title")),
      el("ul", { class: "checker-error-summary__list" }, el("li", {}, link))));
}

function errorMessage(context, error, id) {
  return el("p", { class: "checker-error-message", id },
    el("span", { class: "checker-visually-hidden" }, context.t("error_prefix"), " "), context.t(error.key, error.params));
}

function countrySelect(context, question) {
  if (!context.countryTemplate) {
    const names = countryNames(context.rules.countries, context.lang);
    const collator = new Intl.Collator(context.lang);
    const codes = [...context.rules.countries.codes].sort((a, b) => collator.compare(names[a] || a, names[b] || b));
    const select = el("select", { name: question.id, class: "checker-select", autocomplete: "country" },
      el("option", { value: "" }, context.plain("choose_country")));
    for (const code of codes) select.append(el("option", { value: code }, names[code] || code));
    context.countryTemplate = select;
  }
  return context.countryTemplate.cloneNode(true);
}

function choiceInputs(context, question, value, describedBy) {
  const radios = el("div", { class: "checker-radios" });
  for (const option of question.options) {
    const id = `checker-${question.id}-${option.id}`;
    const hintId = option.hint ? `${id}-hint` : null;
    const input = el("input", {
      type: "radio", class: "checker-radio__input", id, name: question.id, value: option.id,
      "aria-describedby": hintId,
    });
    input.checked = value === option.id;
    radios.append(el("div", { class: "checker-radio" },
      input,
      el("label", { class: "checker-radio__label", for: id }, context.own(option.label)),
      option.hint ? el("p", { class: "checker-hint checker-radio__hint", id: hintId }, context.own(option.hint)) : null));
  }
  return radios;
}

function dateInputs(context, question, value, raw, error) {
  const id = `checker-input-${question.id}`;
  const textId = `${id}-text`;
  const dateInput = el("input", {
    type: "date", id, name: question.id, class: "checker-input checker-input--date", min: MIN_DATE, max: MAX_DATE,
    "aria-invalid": error && error.target === id ? "true" : null,
  });
  dateInput.value = raw ? raw.date : value || "";
  const textInput = el("input", {
    type: "text", id: textId, name: `${question.id}_text`, class: "checker-input checker-input--text",
    inputmode: "numeric", autocomplete: "off", spellcheck: "false", dir: "ltr", "aria-describedby": `${textId}-hint`,
    "aria-invalid": error && error.target === textId ? "true" : null,
  });
  textInput.value = raw ? raw.text : "";
  // whichever field was edited last holds the answer
  dateInput.addEventListener("input", () => { textInput.value = ""; });
  return el("div", { class: "checker-date" },
    el("div", { class: "checker-date__item" },
      el("label", { class: "checker-label", for: id }, context.t("date_label")), dateInput),
    el("div", { class: "checker-date__item" },
      el("label", { class: "checker-label", for: textId }, context.t("date_text_label")),
      el("p", { class: "checker-hint", id: `${textId}-hint` }, context.t("date_text_hint")),
      textInput));
}

// A GOV.UK text input with the euro sign before or after, as the page's language writes amounts.
function amountInput(context, question, state, describedBy) {
  const id = `checker-input-${question.id}`;
  const marks = currencyMarks(context.lang);
  const input = el("input", {
    type: "text", id, name: question.id, class: "checker-input checker-input--amount", inputmode: "numeric",
    autocomplete: "off", spellcheck: "false", dir: "ltr", "aria-describedby": describedBy,
    "aria-invalid": state.error ? "true" : null,
  });
  input.value = state.raw ? state.raw.text : state.value === undefined || state.value === null ? "" : String(state.value);
  const affix = (kind, text) => (text ? el("div", { class: `checker-input__${kind}`, "aria-hidden": "true" }, text) : null);
  return el("div", { class: "checker-input__wrapper" }, affix("prefix", marks.prefix), input, affix("suffix", marks.suffix));
}

// The form of one question: heading (or legend), hint, error, inputs, Continue.
// state: {value, raw, error, canGoBack}; actions: {submit(form), back(), focusField(id)}
function questionView(context, question, state, actions) {
  const hintId = question.hint ? "checker-hint" : null;
  const errorId = state.error ? "checker-error" : null;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || null;
  const form = el("form", { class: "checker-form", novalidate: true, "data-question": question.id });
  form.addEventListener("submit", (event) => { event.preventDefault(); actions.submit(form); });
  if (state.error) form.append(errorSummary(context, state.error, actions.focusField));
  const hint = question.hint ? el("p", { class: "checker-hint", id: hintId }, context.own(question.hint)) : null;
  const message = state.error ? errorMessage(context, state.error, errorId) : null;
  const field = el("div", { class: `checker-field${state.error ? " checker-field--error" : ""}` });
  if (question.kind === "country") {
    const select = countrySelect(context, question);
    const inputId = `checker-input-${question.id}`;
    select.id = inputId;
    select.value = state.value || "";
    if (describedBy) select.setAttribute("aria-describedby", describedBy);
    if (state.error) select.setAttribute("aria-invalid", "true");
    const searchHint = el("p", { class: "checker-hint", id: `${inputId}-hint` }, context.t("country_search_hint"));
    field.append(
      heading(2, el("label", { for: select.id }, context.own(question.text))),
      ...[hint, searchHint, message, select].filter(Boolean));
    try {
      countryCombobox(select, {
        el, lang: context.lang, countries: context.rules.countries, inputId, invalid: Boolean(state.error),
        text: state.raw ? state.raw.text : "",
        describedBy: [hintId, searchHint.id, errorId].filter(Boolean).join(" "),
        texts: {
          label: context.plain("country_list_label"),
          none: context.plain("country_none"),
          results: (count) => context.plain("country_results", { count: localDigits(count, context.lang) }),
          chosen: (name) => context.plain("country_chosen", { country: name }),
        },
      });
    } catch {
      // the plain select stays: it answers the question just as well
      searchHint.remove();
      select.hidden = false;
      select.id = inputId;
    }
  } else if (question.kind === "amount") {
    field.append(heading(2, el("label", { for: `checker-input-${question.id}` }, context.own(question.text))),
      ...[hint, message, amountInput(context, question, state, describedBy)].filter(Boolean));
  } else {
    const fieldset = el("fieldset", { class: "checker-fieldset", "aria-describedby": describedBy },
      el("legend", { class: "checker-legend" }, heading(2, context.own(question.text))),
      hint, message,
      question.kind === "date"
        ? dateInputs(context, question, state.value, state.raw, state.error)
        : choiceInputs(context, question, state.value, describedBy));
    field.append(fieldset);
  }
  form.append(field, el("div", { class: "checker-actions" },
    el("button", { type: "submit", class: "checker-button" }, context.t("continue"))));
  const page = el("div", { class: "checker-page" });
  if (state.canGoBack) {
    page.append(el("button", { type: "button", class: "checker-back", onclick: actions.back }, context.t("back")));
  }
  page.append(form);
  return page;
}

// What the form holds: {value} or {error: {key, target}, raw}.
function readAnswer(question, form, parseTypedDate, context = null) {
  if (question.kind === "date") {
    const dateInput = form.elements.namedItem(question.id);
    const textInput = form.elements.namedItem(`${question.id}_text`);
    const raw = { date: dateInput.value, text: textInput.value };
    const typed = raw.text.trim() !== "";
    const parsed = parseTypedDate(typed ? raw.text : raw.date);
    if (parsed.value) return { value: parsed.value };
    return { raw, error: { key: `error_date_${parsed.error}`, target: typed || parsed.error !== "empty" ? textInput.id : dateInput.id } };
  }
  if (question.kind === "amount") {
    const input = form.elements.namedItem(question.id);
    const parsed = parseAmount(input.value, question);
    if (parsed.value) return { value: parsed.value };
    const params = context && parsed.error === "range"
      ? { min: formatAmount(question.min * 100, context.lang), max: formatAmount(question.max * 100, context.lang) } : {};
    return { raw: { text: input.value }, error: { key: `error_amount_${parsed.error}`, target: input.id, params } };
  }
  if (question.kind === "country") {
    const select = form.elements.namedItem(question.id);
    if (select.value) return { value: select.value };
    const search = form.querySelector(`[data-combobox='${question.id}']`);
    return { error: { key: "error_country", target: `checker-input-${question.id}` }, raw: { text: search ? search.value : "" } };
  }
  const checked = form.querySelector(`input[name="${question.id}"]:checked`);
  if (checked) return { value: checked.value };
  return { error: { key: "error_choice", target: `checker-${question.id}-${question.options[0].id}` } };
}

// --- the result --------------------------------------------------------------------------------

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
  meta.append(" · ", context.t("fact_checked_on", { date: dateNodes(context, fact.verified_on) }));
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
  if (outcome.detail !== "bilateral_country") return null;
  const { rules } = context;
  const countries = rules.questions.filter((question) => question.kind === "country" && question.id in answers)
    .map((question) => answers[question.id]);
  const entry = rules.bilateral.find((candidate) => countries.includes(candidate.country));
  if (!entry) return null;
  const name = countryName(context, entry.country);
  const fact = rules.facts[entry.fact];
  const length = entry.length_months
    ? context.t("bilateral_length", { country: name, months: localDigits(entry.length_months, context.lang) })
    : context.t("bilateral_length_unknown", { country: name });
  const row = el("div", { class: "checker-bilateral", "data-bilateral": entry.country },
    el("p", {}, length, " ", context.t(`renewal_${entry.renewal}`), " ", context.t(`bilateral_degrees_${entry.degrees}`)));
  if (fact) {
    row.append(el("p", { class: "checker-fact__meta", "data-fact-status": fact.status },
      el("span", { class: `checker-status checker-status--${fact.status}`, title: context.plain(`status_${fact.status}_hint`) },
        context.t(`status_${fact.status}`)),
      " ", context.t("fact_checked_on", { date: dateNodes(context, fact.verified_on) })));
  }
  return row;
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

// The message shown when the reader's clock says a day before the rules' first day.
function clockView(context, today) {
  return el("div", { class: "checker-page" }, el("div", { class: "checker-warning", "data-notice": "clock" },
    heading(2, context.t("clock_title")),
    el("p", {}, context.t("clock_wrong", { today: dateNodes(context, today), date: dateNodes(context, context.rules.covers_from) }))));
}

// A date's title: its title for this outcome when the rules give one, else its label.
function dateLabel(date, outcomeId) {
  return (date.outcome_labels && date.outcome_labels[outcomeId]) || date.label;
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
  root.append(panel);

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
  const places = placeAmounts(context, result, answers);
  const placed = (noteId) => Object.keys(places).filter((id) => places[id] === noteId);
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

export {
  el, createContext, dateNodes, joinNodes, questionText, noticesView, questionView, readAnswer, resultView, versionNode,
  calendarDateIds, dateLabel, countryName, clockView, amountNodes,
};
