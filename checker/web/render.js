// The checker's DOM: question pages, the result, the answers summary and notices.
// Every text comes from the rules (rules.texts.checker and .common for the interface); nothing is written
// as HTML: nodes are created one by one and texts go in as text nodes.

import { parameterOn } from "./engine.js";
import { inlineNodes, stripInline } from "./inline.js";
import {
  formatDate, formatSolarHijri, formatAmount, currencyMarks, parseAmount, localDigits, todayIso, parseDateParts, dateBounds, DATE_FIELDS,
} from "./dates.js";
import { countryCombobox, countryNames } from "./combobox.js";

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

// The value of an {amount:<parameter>} (in force on context.today), {next_change:<parameter>} (the
// date its new value is expected) or {answer:<question>} mark.
function markValue(context, kind, id) {
  if (kind === "next_change") {
    const parameter = context.rules.parameters[id];
    return parameter && parameter.next_change ? dateNodes(context, parameter.next_change) : null;
  }
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

// The radios of the options offered for the answers so far (`options`, from the engine's optionsFor);
// an "I'm not sure" option (`unsure`) is a radio like the others.
function choiceInputs(context, question, options, value) {
  const radios = el("div", { class: "checker-radios" });
  for (const option of options) {
    const id = `checker-${question.id}-${option.id}`;
    const hintId = option.hint ? `${id}-hint` : null;
    const input = el("input", {
      type: "radio", class: "checker-radio__input", id, name: question.id, value: option.id,
      "aria-describedby": hintId,
    });
    input.checked = value === option.id;
    radios.append(el("div", { class: "checker-radio", "data-unsure": option.unsure ? "" : null },
      input,
      el("label", { class: "checker-radio__label", for: id }, context.own(option.label)),
      option.hint ? el("p", { class: "checker-hint checker-radio__hint", id: hintId }, context.own(option.hint)) : null));
  }
  return radios;
}

// A date as three GOV.UK text fields (day, month, year: the order in which the page's language writes a
// date, so in Persian the day is on the right), no native picker: a date on a document is typed, not
// searched for. Under them, the date read, in words in the page's language, as soon as it is a real
// date ("You entered: 5 November 2027"), so a day and a month typed in the wrong fields show at once.
function dateInputs(context, question, state, describedBy) {
  const { value, raw, error } = state;
  const base = `checker-input-${question.id}`;
  const invalid = new Set(error ? error.fields || DATE_FIELDS : []);
  const shown = raw || (value ? (([year, month, day]) => ({ year, month: String(Number(month)), day: String(Number(day)) }))(value.split("-")) : {});
  const echo = el("p", { class: "checker-date__echo", id: `${base}-echo`, "aria-live": "polite", "data-date-echo": question.id });
  const inputs = {};
  const items = DATE_FIELDS.map((name) => {
    const input = el("input", {
      type: "text", id: `${base}-${name}`, name: `${question.id}_${name}`,
      class: `checker-input checker-date__input checker-date__input--${name}`,
      inputmode: "numeric", autocomplete: "off", spellcheck: "false", dir: "ltr",
      "aria-describedby": describedBy, "aria-invalid": invalid.has(name) ? "true" : null,
    });
    input.value = shown[name] === undefined ? "" : localDigits(shown[name], context.lang);
    inputs[name] = input;
    return el("div", { class: "checker-date__item" },
      el("label", { class: "checker-label checker-date__label", for: input.id }, context.t(`date_${name}`)), input);
  });
  const update = () => {
    const parsed = parseDateParts(Object.fromEntries(DATE_FIELDS.map((name) => [name, inputs[name].value])));
    echo.replaceChildren(...(parsed.value ? [context.t("date_echo", { date: dateNodes(context, parsed.value) })] : []));
    echo.dataset.value = parsed.value || "";
  };
  for (const input of Object.values(inputs)) input.addEventListener("input", update);
  update();
  return el("div", { class: "checker-date-input" }, el("div", { class: "checker-date", "data-date": question.id }, ...items), echo);
}

// The date `iso` in the page's language, without the Solar Hijri date (for messages).
function dayNode(context, iso) {
  return el("time", { datetime: iso }, formatDate(iso, context.lang));
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

// An amount in the page's language, as a node (a new one at each call: a text may hold it twice).
function euroNode(context, cents) {
  return el("bdi", { class: "checker-amount" }, formatAmount(cents, context.lang));
}

// Whether `value` (whole euros) of an amount question with a `monthly_check` looks like a monthly amount:
// below 12 × the monthly parameter in force and below the check's `below`.
function looksMonthly(context, question, value) {
  const check = question.monthly_check;
  if (!check || value >= check.below) return false;
  const entry = check.parameter in context.rules.parameters ? parameterOn(context.rules, check.parameter, context.today) : null;
  return Boolean(entry) && value * 100 < 12 * entry.cents;
}

// "Is this a monthly amount?" under an amount that looks monthly (`monthly`, whole euros): yes (× 12) or
// no (kept), GOV.UK radios; the answer stored is the yearly amount either way.
function monthlyView(context, question, monthly, message) {
  const base = `checker-${question.id}-monthly`;
  const hintId = `${base}-hint`;
  const radios = el("div", { class: "checker-radios" });
  const labels = {
    yes: context.t("monthly_yes", { year: euroNode(context, monthly * 1200), amount: euroNode(context, monthly * 100) }),
    no: context.t("monthly_no", { amount: euroNode(context, monthly * 100) }),
  };
  for (const [id, label] of Object.entries(labels)) {
    const inputId = `${base}-${id}`;
    radios.append(el("div", { class: "checker-radio" },
      el("input", { type: "radio", class: "checker-radio__input", id: inputId, name: `${question.id}_monthly`, value: id }),
      el("label", { class: "checker-radio__label", for: inputId }, label)));
  }
  return el("fieldset", {
    class: "checker-fieldset checker-monthly", tabindex: "-1", "data-monthly": String(monthly),
    "aria-describedby": [hintId, message ? message.id : null].filter(Boolean).join(" "),
  },
  el("legend", { class: "checker-legend checker-monthly__legend" }, context.t("monthly_title")),
  el("p", { class: "checker-hint", id: hintId }, context.t("monthly_hint", { amount: euroNode(context, monthly * 100) })),
  message, radios);
}

// A question's "how to tell" help (`help`), as a GOV.UK details component under the hint: folded,
// opened by its summary (a native <details>, so keyboard and screen readers work without code).
function helpView(context, question) {
  if (!question.help) return null;
  const paragraphs = context.pick(question.help).split(/\n\s*\n/).filter((text) => text.trim() !== "");
  return el("details", { class: "checker-details", "data-help": question.id },
    el("summary", { class: "checker-details__summary" }, el("span", { class: "checker-details__summary-text" }, context.t("how_to_tell"))),
    el("div", { class: "checker-details__text" }, ...paragraphs.map((text) => el("p", {}, context.own(text)))));
}

// The form of one question: heading (or legend), hint, "how to tell", error, inputs, Continue.
// state: {value, raw, error, canGoBack, options (a choice question's offered options), level (the heading's)};
// actions: {submit(form), back(), focusField(id)}
function questionView(context, question, state, actions) {
  // the question is the page's H1, but under the checker page's own H1 and intro (its start) an H2
  const level = state.level || 2;
  const hintId = question.hint ? "checker-hint" : null;
  const errorId = state.error ? "checker-error" : null;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || null;
  const form = el("form", { class: "checker-form", novalidate: true, "data-question": question.id });
  form.addEventListener("submit", (event) => { event.preventDefault(); actions.submit(form); });
  if (state.error) form.append(errorSummary(context, state.error, actions.focusField));
  const hint = question.hint ? el("p", { class: "checker-hint", id: hintId }, context.own(question.hint)) : null;
  const help = helpView(context, question);
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
      heading(level, el("label", { for: select.id }, context.own(question.text))),
      ...[hint, help, searchHint, message, select].filter(Boolean));
    try {
      countryCombobox(select, {
        el, lang: context.lang, countries: context.rules.countries, inputId, invalid: Boolean(state.error),
        text: state.raw ? state.raw.text : "",
        describedBy: [hintId, searchHint.id, errorId].filter(Boolean).join(" "),
        texts: {
          label: context.plain("country_list_label"),
          none: context.plain("country_none"),
          // one match, in the singular (the language's plural rules, CLDR through Intl)
          results: (count) => {
            const one = new Intl.PluralRules(context.lang).select(count) === "one";
            return context.plain(one ? "country_result_one" : "country_results", { count: localDigits(count, context.lang) });
          },
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
    // an error about the monthly confirmation goes with it, not with the amount
    const aboutMonthly = Boolean(state.error && state.error.monthly);
    field.append(heading(level, el("label", { for: `checker-input-${question.id}` }, context.own(question.text))),
      ...[hint, help, aboutMonthly ? null : message,
        amountInput(context, question, aboutMonthly ? { ...state, error: null } : state, aboutMonthly ? hintId : describedBy)].filter(Boolean));
    if (state.confirm) field.append(monthlyView(context, question, state.confirm, aboutMonthly ? message : null));
  } else if (question.kind === "date") {
    const exampleId = "checker-date-example";
    const example = el("p", { class: "checker-hint", id: exampleId }, context.t("date_example"));
    const dateDescribedBy = [hintId, exampleId, errorId].filter(Boolean).join(" ");
    const fieldset = el("fieldset", { class: "checker-fieldset", role: "group", "aria-describedby": dateDescribedBy },
      el("legend", { class: "checker-legend" }, heading(level, context.own(question.text))),
      hint, help, example, message, dateInputs(context, question, state, errorId));
    field.append(fieldset);
  } else {
    const fieldset = el("fieldset", { class: "checker-fieldset", "aria-describedby": describedBy },
      el("legend", { class: "checker-legend" }, heading(level, context.own(question.text))),
      hint, help, message,
      choiceInputs(context, question, state.options || question.options, state.value));
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

// The id of the field an error of `question` points to (the error summary's link, aria-invalid).
function fieldId(question, options = null) {
  if (question.kind === "date") return `checker-input-${question.id}-day`;
  if (!["amount", "country"].includes(question.kind)) {
    const first = (options || question.options)[0];
    return `checker-${question.id}-${first ? first.id : ""}`;
  }
  return `checker-input-${question.id}`;
}

// What the form holds: {value} or {error: {key, target}, raw}. `options`: the offered options of a choice.
function readAnswer(question, form, parseTypedDate, context = null, options = null) {
  if (question.kind === "date") {
    const raw = Object.fromEntries(DATE_FIELDS.map((name) => [name, form.elements.namedItem(`${question.id}_${name}`).value]));
    const parsed = parseDateParts(raw);
    const target = (name) => `checker-input-${question.id}-${name}`;
    if (!parsed.value) {
      return { raw, error: { key: `error_date_${parsed.error}`, target: target(parsed.fields[0]), fields: parsed.fields } };
    }
    // a date that cannot be right for this question (a diploma in 1950, a permit that ended 20 years ago)
    const { min, max } = context ? dateBounds(question, context.today) : { min: null, max: null };
    const outside = min && parsed.value < min ? ["too_early", min] : max && parsed.value > max ? ["too_late", max] : null;
    if (outside) {
      const params = { date: dayNode(context, outside[1]), answer: dayNode(context, parsed.value) };
      return { raw, error: { key: `error_date_${outside[0]}`, target: target("year"), fields: ["year"], params } };
    }
    return { value: parsed.value, raw };
  }
  if (question.kind === "amount") {
    const input = form.elements.namedItem(question.id);
    const parsed = parseAmount(input.value, question);
    if (parsed.value && context && looksMonthly(context, question, parsed.value)) {
      // asked "Is this a monthly amount?" for this amount: its answer; else the question is asked
      const raw = { text: input.value };
      const asked = form.querySelector(`[data-monthly='${parsed.value}']`);
      if (!asked) return { raw, confirm: parsed.value };
      const chosen = form.querySelector(`input[name="${question.id}_monthly"]:checked`);
      if (!chosen) {
        return {
          raw, confirm: parsed.value,
          error: { key: "error_monthly", target: `checker-${question.id}-monthly-yes`, monthly: true, params: { amount: euroNode(context, parsed.value * 100) } },
        };
      }
      return { value: chosen.value === "yes" ? parsed.value * 12 : parsed.value, raw };
    }
    if (parsed.value) return { value: parsed.value, raw: { text: input.value } };
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
  return { error: { key: "error_choice", target: fieldId(question, options) } };
}

// The engine's answer errors (checker/engine.py's messages, `<question id>: <problem>`) as interface
// texts; any other problem the engine names gets the general message. Every message names the question.
const ENGINE_ERRORS = [
  { pattern: /: is after today$/, key: "error_after_today" },
  { pattern: /is not one of the options/, key: "error_not_offered" },
];
const OTHER_ENGINE_ERROR = { key: "error_answer" };

// An engine error about the answer `value` of `question` as a question page's error ({key, target,
// params}); raw: what the reader typed (the field that held it is the one marked).
function answerError(context, question, message, value, raw = null) {
  const { key } = ENGINE_ERRORS.find((candidate) => candidate.pattern.test(message)) || OTHER_ENGINE_ERROR;
  const params = {
    question: questionText(context, question.id),
    answer: value === undefined || value === null ? "" : answerNodes(context, question.id, value),
    // the day alone (without the Solar Hijri date: the message holds it in brackets already)
    today: el("time", { datetime: context.today }, formatDate(context.today, context.lang)),
  };
  return { key, target: fieldId(question), params };
}

// The message shown when the reader's clock says a day before the rules' first day.
function clockView(context, today) {
  return el("div", { class: "checker-page" }, el("div", { class: "checker-warning", "data-notice": "clock" },
    heading(2, context.t("clock_title")),
    el("p", {}, context.t("clock_wrong", { today: dateNodes(context, today), date: dateNodes(context, context.rules.covers_from) }))));
}

export {
  el, createContext, dateNodes, joinNodes, questionText, noticesView, questionView, readAnswer, versionNode,
  countryName, clockView, amountNodes, answerNodes, heading, HEADING_ID, fieldId, answerError,
};
