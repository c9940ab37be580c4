// The country field: a search box built to the ARIA 1.2 combobox pattern (list autocomplete) over the
// native <select>, which stays in the form, hidden, and holds the answer. Without this module (no
// JavaScript, or an error while building it) the reader gets the plain select.
// The search matches anywhere in a name, ignores case, accents, Arabic/Persian letter variants and
// zero-width joiners, and knows every language's names and the synonyms of rules.countries.synonyms.
// It never chooses for the reader: a country is chosen by picking an option, or by typing one
// country's whole name (or synonym).

const MAX_OPTIONS = 10;
const MARKS = /[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]/g;
const JOINERS = /[\u200b-\u200f\u2066-\u2069\u061c\u0640]/g;
const PUNCTUATION = /[\s'’‘`´.,;:()\-–—_/]+/g;

// A name or a query as the search compares it: "Côte d’Ivoire" -> "cote d ivoire"; «ايران» -> «ایران».
function fold(text) {
  return String(text).normalize("NFD").replace(MARKS, "").replace(JOINERS, "").toLowerCase()
    .replace(/[يىئ]/g, "ی").replace(/ك/g, "ک").replace(/[ةۀە]/g, "ه").replace(/[أإآٱ]/g, "ا").replace(/ؤ/g, "و")
    .replace(/[\u06f0-\u06f9]/g, (digit) => String(digit.charCodeAt(0) - 0x06f0))
    .replace(PUNCTUATION, " ").trim();
}

// {code: name} in the page's language, from the rules of one language (names: {code: name}) or of all
// languages (names: {lang: {code: name}}).
function countryNames(countries, lang) {
  const first = Object.values(countries.names)[0];
  return typeof first === "string" ? countries.names : countries.names[lang];
}

// The searchable names of every country: [{code, names: [{text, folded, compact, own}]}], built once per
// rules and language (the country question drawn again reuses it; nothing changes it).
// `own`: the name shown on this page; the others (synonyms, other languages) are shown beside it when matched.
const builtIndexes = new WeakMap();
function searchIndex(countries, lang) {
  if (!builtIndexes.has(countries)) builtIndexes.set(countries, new Map());
  const byLang = builtIndexes.get(countries);
  if (!byLang.has(lang)) byLang.set(lang, buildSearchIndex(countries, lang));
  return byLang.get(lang);
}

function buildSearchIndex(countries, lang) {
  return countries.codes.map((code) => {
    const seen = new Set();
    const names = [];
    const add = (text, own) => {
      const folded = fold(text);
      if (!folded || seen.has(folded)) return;
      seen.add(folded);
      names.push({ text, folded, compact: folded.replace(/ /g, ""), own });
    };
    const own = countryNames(countries, lang);
    add(own[code] || code, true);
    const synonyms = countries.synonyms || {};
    const perLanguage = own !== countries.names;
    for (const language of [lang, ...Object.keys(perLanguage ? countries.names : synonyms).filter((other) => other !== lang)]) {
      for (const synonym of (synonyms[language] || {})[code] || []) add(synonym, false);
      if (perLanguage) add(countries.names[language][code] || code, false);
    }
    return { code, label: own[code] || code, names };
  });
}

// How well a name matches: 0 the whole name, 1 its start, 2 the start of a word, 3 anywhere; null: no match.
function score(name, query) {
  if (name.folded === query.folded || name.compact === query.compact) return 0;
  if (name.compact.startsWith(query.compact)) return 1;
  if (name.folded.split(" ").some((word, index, words) => words.slice(index).join("").startsWith(query.compact))) return 2;
  return name.compact.includes(query.compact) ? 3 : null;
}

// The countries matching a query, best first: [{code, label, alias}] (alias: the matched name when not the label).
function search(index, text, collator) {
  const folded = fold(text);
  if (!folded) return [];
  const query = { folded, compact: folded.replace(/ /g, "") };
  const found = [];
  for (const country of index) {
    let best = null;
    for (const name of country.names) {
      const value = score(name, query);
      if (value === null) continue;
      const rank = value * 2 + (name.own ? 0 : 1);
      if (best === null || rank < best.rank) best = { rank, name };
    }
    if (best) found.push({ code: country.code, label: country.label, alias: best.name.own ? null : best.name.text, rank: best.rank });
  }
  return found.sort((a, b) => a.rank - b.rank || collator.compare(a.label, b.label));
}

// The one country whose whole name (or synonym) is this text, else null.
function exactCountry(index, text) {
  const folded = fold(text);
  if (!folded) return null;
  const compact = folded.replace(/ /g, "");
  const codes = index.filter((country) => country.names.some((name) => name.compact === compact)).map((country) => country.code);
  return codes.length === 1 ? codes[0] : null;
}

// Turn `select` (inside `field`) into a combobox. options: {lang, countries, texts: {results(count), none,
// chosen(name)}, inputId, describedBy, invalid, text (the search typed before), el}. Returns the text input.
function countryCombobox(select, options) {
  const { el, lang, texts } = options;
  const collator = new Intl.Collator(lang);
  const index = searchIndex(options.countries, lang);
  const listId = `${options.inputId}-list`;
  const statusId = `${options.inputId}-status`;
  const input = el("input", {
    type: "text", id: options.inputId, class: "checker-input checker-combobox__input", role: "combobox",
    "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": listId,
    "aria-describedby": options.describedBy, "aria-invalid": options.invalid ? "true" : null,
    autocomplete: "off", autocapitalize: "none", spellcheck: "false", "data-combobox": select.name,
  });
  const list = el("ul", { id: listId, role: "listbox", class: "checker-combobox__list", hidden: true, "aria-label": texts.label });
  const none = el("p", { class: "checker-combobox__none", hidden: true }, texts.none);
  const status = el("div", { id: statusId, class: "checker-visually-hidden", role: "status" });
  const wrapper = el("div", { class: "checker-combobox" }, input, list, none, status);
  let shown = [];
  let active = -1;
  let statusTimer = null;

  const nameOf = (code) => countryNames(options.countries, lang)[code] || code;
  input.value = select.value ? nameOf(select.value) : options.text || "";

  function setActive(position) {
    active = position;
    list.querySelectorAll("[role='option']").forEach((node, i) => node.setAttribute("aria-selected", String(i === active)));
    if (active >= 0) {
      const node = list.children[active];
      input.setAttribute("aria-activedescendant", node.id);
      node.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
  }

  function announce(text) {
    clearTimeout(statusTimer);
    statusTimer = setTimeout(() => { status.textContent = text; }, 400);
  }

  function choose(code) {
    select.value = code;
    input.value = nameOf(code);
    close();
    announce(texts.chosen(nameOf(code)));
  }

  function update() {
    shown = search(index, input.value, collator).slice(0, MAX_OPTIONS);
    // the field holds a country only while its text names that country
    const exact = exactCountry(index, input.value);
    select.value = exact || "";
    list.replaceChildren(...shown.map((match, position) => el("li", {
      id: `${listId}-${position}`, role: "option", class: "checker-combobox__option", "aria-selected": "false",
      "data-code": match.code, onmousedown: (event) => event.preventDefault(), onclick: () => { choose(match.code); input.focus(); },
    }, match.label, match.alias ? el("span", { class: "checker-combobox__alias" }, " (", el("bdi", {}, match.alias), ")") : null)));
    none.hidden = shown.length > 0 || !fold(input.value);
    if (!shown.length) {
      close();
      if (!fold(input.value)) status.textContent = "";
      else announce(texts.none);
      return;
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    // the first option is highlighted, so Enter picks what the reader sees first; nothing is picked without it
    setActive(0);
    announce(shown.length ? texts.results(shown.length) : texts.none);
  }

  input.addEventListener("input", update);
  input.addEventListener("keydown", (event) => {
    const open = !list.hidden && shown.length > 0;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (list.hidden) update();
      else if (shown.length) setActive(Math.min(active + 1, shown.length - 1));
    } else if (event.key === "ArrowUp") {
      if (!open) return;
      event.preventDefault();
      setActive(Math.max(active - 1, 0));
    } else if (event.key === "Enter" && open && active >= 0) {
      // picks the highlighted country; the next Enter submits the form
      event.preventDefault();
      choose(shown[active].code);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", () => { close(); none.hidden = true; });
  // the select may still be set directly (tests, browser form filling)
  select.addEventListener("change", () => { input.value = select.value ? nameOf(select.value) : ""; });
  select.hidden = true;
  select.tabIndex = -1;
  select.id = `${options.inputId}-select`;
  select.after(wrapper);
  return input;
}

export { countryCombobox, countryNames, fold, search, searchIndex, exactCountry };
