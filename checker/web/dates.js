// Dates and numbers for the reader: digit normalisation, typed dates, Intl formatting in the
// page's language, and the Solar Hijri date beside the Gregorian one in Persian.

import { dateProblem } from "./engine.js";

const LOCALES = { en: "en-GB", fr: "fr-FR", fa: "fa-IR" };
const TYPED_DATE = /^(\d{4})\s*[-/.\s]\s*(\d{1,2})\s*[-/.\s]\s*(\d{1,2})$|^(\d{4})(\d{2})(\d{2})$/;
const formatters = new Map();

// Persian (۰-۹) and Arabic-Indic (٠-٩) digits to ASCII digits.
function latinDigits(text) {
  return String(text)
    .replace(/[\u06F0-\u06F9]/g, (digit) => String(digit.charCodeAt(0) - 0x06f0))
    .replace(/[\u0660-\u0669]/g, (digit) => String(digit.charCodeAt(0) - 0x0660));
}

// A date typed as text: {value: "YYYY-MM-DD"} or {error: "empty" | "format" | "impossible" | "range"}.
function parseTypedDate(text) {
  const cleaned = latinDigits(text)
    .replace(/[\u200c\u200e\u200f\u061c]/g, "")
    .replace(/[\u2010-\u2015\u2212\u066b\u060c]/g, "-")
    .trim();
  if (cleaned === "") return { error: "empty" };
  const match = TYPED_DATE.exec(cleaned);
  if (!match) return { error: "format" };
  const [year, month, day] = match[1] ? match.slice(1, 4) : match.slice(4, 7);   // 2027-6-30 or 20270630
  const value = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  const problem = dateProblem(value);
  if (problem === null) return { value };
  return { error: problem === "is not a real date" ? "impossible" : "range" };
}

// A date typed in three fields (GOV.UK date input), {day, month, year} as typed (Persian and
// Arabic-Indic digits accepted): {value: "YYYY-MM-DD"} or {error, fields}: error is "empty",
// "whole" (a whole date typed into one field, "15/07/2026"),
// "missing_day" | "missing_month" | "missing_year", "day" | "month" | "year" (not a number in range),
// "impossible" (31 February) or "range"; fields: the fields at fault, in reading order.
const DATE_FIELDS = ["day", "month", "year"];
function parseDateParts(parts) {
  const cleaned = {};
  for (const name of DATE_FIELDS) {
    cleaned[name] = latinDigits(parts[name] || "").replace(/[\s\u200c\u200e\u200f\u061c\u2066-\u2069]/g, "");
  }
  const missing = DATE_FIELDS.filter((name) => cleaned[name] === "");
  if (missing.length === DATE_FIELDS.length) return { error: "empty", fields: DATE_FIELDS };
  // a whole date typed into one field: said so, rather than "the date must include a month"
  const whole = DATE_FIELDS.find((name) => /^[0-9]{1,4}[./\-\u066b\u060c][0-9]{1,2}[./\-\u066b\u060c][0-9]{1,4}$/.test(cleaned[name]));
  if (whole) return { error: "whole", fields: [whole] };
  if (missing.length) return { error: `missing_${missing[0]}`, fields: missing };
  const number = (text, digits) => (new RegExp(`^[0-9]{${digits}}$`).test(text) ? Number(text) : NaN);
  const day = number(cleaned.day, "1,2");
  const month = number(cleaned.month, "1,2");
  const year = number(cleaned.year, "4");
  if (!(day >= 1 && day <= 31)) return { error: "day", fields: ["day"] };
  if (!(month >= 1 && month <= 12)) return { error: "month", fields: ["month"] };
  if (!(year >= 1000)) return { error: "year", fields: ["year"] };
  const value = `${String(year)}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  const problem = dateProblem(value);
  if (problem === null) return { value };
  return problem === "is not a real date" ? { error: "impossible", fields: ["day", "month"] } : { error: "range", fields: ["year"] };
}

// The date `years` years after `iso` (before, when negative); 29 February becomes 28 February.
function addYears(iso, years) {
  const [year, month, day] = iso.split("-").map(Number);
  const shifted = year + years;
  const leap = (shifted % 4 === 0 && shifted % 100 !== 0) || shifted % 400 === 0;
  const safeDay = month === 2 && day === 29 && !leap ? 28 : day;
  return `${String(shifted).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(safeDay).padStart(2, "0")}`;
}

// The plausible dates of a date question on `today`: {min, max} (ISO, either null), from the question's
// earliest_years_before_today and latest_years_after_today.
function dateBounds(question, today) {
  const before = question.earliest_years_before_today;
  const after = question.latest_years_after_today;
  return {
    min: Number.isInteger(before) ? addYears(today, -before) : null,
    max: Number.isInteger(after) ? addYears(today, after) : null,
  };
}

// The reader's local date, YYYY-MM-DD.
function todayIso(now = new Date()) {
  const pad = (number, width) => String(number).padStart(width, "0");
  return `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1, 2)}-${pad(now.getDate(), 2)}`;
}

function formatter(key, make) {
  if (!formatters.has(key)) formatters.set(key, make());
  return formatters.get(key);
}

function utcDate(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day, 12));
}

const DAY_MONTH_YEAR = { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" };

// The Gregorian date in the page's language (Persian digits in Persian; French "1er janvier").
function formatDate(iso, lang) {
  const locale = lang === "fa" ? "fa-IR-u-ca-gregory-nu-arabext" : LOCALES[lang] || "en-GB";
  const text = formatter(`date:${locale}`, () => new Intl.DateTimeFormat(locale, DAY_MONTH_YEAR)).format(utcDate(iso));
  return lang === "fr" ? text.replace(/^1(?=\s)/, "1er") : text;
}

// The same day in the Solar Hijri calendar, in Persian.
function formatSolarHijri(iso) {
  const locale = "fa-IR-u-ca-persian-nu-arabext";
  return formatter(`date:${locale}`, () => new Intl.DateTimeFormat(locale, DAY_MONTH_YEAR)).format(utcDate(iso));
}

// An amount in euro cents as a reader of the page's language writes it, whole amounts without
// decimals: en "€2,734.55", fr "2 734,55 €" (U+202F between groups, U+00A0 before €), fa Persian
// digits and the word یورو ("۲٬۷۳۴٫۵۵ یورو"). The checker's one amount formatter, identical to
// checker/typography.py amount() used by the guide pages.
function formatAmount(cents, lang) {
  const whole = cents % 100 === 0;
  const digits = { minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: whole ? 0 : 2 };
  const value = cents / 100;
  if (lang === "fa") {
    const number = formatter(`num:fa:${whole}`, () => new Intl.NumberFormat("fa-IR-u-nu-arabext", digits)).format(value);
    return `${number} یورو`;
  }
  const locale = LOCALES[lang] || "en-GB";
  return formatter(`eur:${locale}:${whole}`, () => new Intl.NumberFormat(locale, { style: "currency", currency: "EUR", ...digits })).format(value);
}

// The currency mark written before and after an amount in the page's language ({prefix, suffix}).
function currencyMarks(lang) {
  const sample = formatAmount(100, lang);
  const match = /^([^0-9\u06F0-\u06F9]*?)\s*[0-9\u06F0-\u06F9]\s*(.*)$/u.exec(sample);
  return { prefix: match[1], suffix: match[2] };
}

const GROUPED = /^[0-9]{1,3}(?:[ \u00a0\u202f\u2009,.\u066c][0-9]{3})+$/;
const DECIMAL = /^[0-9][0-9 \u00a0\u202f\u2009,.\u066c]*[,.\u066b][0-9]{1,2}$/;

// A whole number of euros typed by the reader: {value} (an integer) or
// {error: "empty" | "decimal" | "negative" | "range" | "format"}. Accepts Persian and Arabic-Indic
// digits, group separators between groups of three digits (space, no-break or thin space, comma, dot,
// Persian ٬), zero cents (",00", ".00", Persian "٫۰۰") and the euro sign or word before or after; the
// range is [min, max] euros.
function parseAmount(text, { min = 1, max = 10000000 } = {}) {
  const cleaned = latinDigits(text)
    .replace(/[\u200c\u200e\u200f\u061c\u2066-\u2069]/g, "")
    .replace(/€|\beuros?\b|یورو/giu, "")
    .trim()
    // zero cents, as a contract writes whole euros ("41 000,00", Persian "۴۱٬۰۰۰٫۰۰"): the whole euros
    .replace(/^([0-9][0-9 \u00a0\u202f\u2009,.\u066c]*)[,.\u066b]00?$/, (whole, euros) => (GROUPED.test(euros) || /^[0-9]+$/.test(euros) ? euros : whole));
  if (cleaned === "") return { error: "empty" };
  if (/^[-\u2212\u2012\u2013]\s*[0-9]/.test(cleaned)) return { error: "negative" };
  if (DECIMAL.test(cleaned) && !GROUPED.test(cleaned)) return { error: "decimal" };
  if (!/^[0-9]+$/.test(cleaned) && !GROUPED.test(cleaned)) return { error: "format" };
  const value = Number(cleaned.replace(/[^0-9]/g, ""));
  if (!Number.isSafeInteger(value) || value < min || value > max) return { error: "range" };
  return { value };
}

// Digits of a plain number or code in the page's script (Persian digits in Persian).
function localDigits(text, lang) {
  if (lang !== "fa") return String(text);
  return String(text).replace(/[0-9]/g, (digit) => String.fromCharCode(0x06f0 + Number(digit)));
}

export { LOCALES, latinDigits, parseTypedDate, parseDateParts, addYears, dateBounds, DATE_FIELDS, todayIso, formatDate, formatSolarHijri, formatAmount, currencyMarks, parseAmount, localDigits };
