// The answers in the URL fragment: `#nationality=IR&situation=rece_holder&…&gross_salary=41000&v=<rules version>`
// (an amount in whole euros, digits only).
// Parsing never throws: whatever a link holds, the reader gets the usable answers and a list of
// what was dropped and why. The fragment is never sent to a server.

import { dateProblem, walkPath } from "./engine.js";
import { latinDigits, parseAmount } from "./dates.js";

const MAX_LENGTH = 4000;     // longer fragments are cut here
const MAX_PAIRS = 40;        // more pairs than this are ignored
const MAX_SHOWN = 60;        // characters of an unknown key shown back to the reader
const VERSION = /^[0-9A-Za-z][0-9A-Za-z.+-]{0,39}$/;

function decode(text) {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

function shown(text) {
  const clean = String(text).replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "");
  return clean.length > MAX_SHOWN ? `${clean.slice(0, MAX_SHOWN)}…` : clean;
}

// The answer as the engine expects it, or null when the value is not one the question accepts.
function normalisedAnswer(rules, question, raw) {
  const value = raw.trim();
  if (question.kind === "country") {
    const code = value.toUpperCase();
    return rules.countries.codes.includes(code) ? code : null;
  }
  if (question.kind === "date") {
    const date = latinDigits(value);
    return dateProblem(date) === null ? date : null;
  }
  if (question.kind === "amount") {
    const amount = parseAmount(value, question);
    return amount.error ? null : amount.value;
  }
  return question.options.some((option) => option.id === value) ? value : null;
}

// Parse location.hash. Returns
//   {answers, version, unknown: [keys as shown], bad: [question ids], repeated: [question ids or "v"],
//    offPath: [question ids], badVersion, cut, unreadable, empty: booleans}
function parseFragment(hash, rules, today) {
  const report = {
    answers: {}, version: null, unknown: [], bad: [], repeated: [], offPath: [],
    badVersion: false, cut: false, unreadable: false, empty: false,
  };
  let text = typeof hash === "string" ? hash.replace(/^#/, "") : "";
  if (text.trim() === "") {
    report.empty = true;
    return report;
  }
  if (text.length > MAX_LENGTH) {
    text = text.slice(0, MAX_LENGTH);
    report.cut = true;
  }
  const questions = new Map(rules.questions.map((question) => [question.id, question]));
  const seen = new Set();
  const found = {};
  const pairs = text.split(/[&;]/).filter((pair) => pair !== "");
  if (pairs.length > MAX_PAIRS) report.cut = true;
  for (const pair of pairs.slice(0, MAX_PAIRS)) {
    const equals = pair.indexOf("=");
    const key = decode(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? null : decode(pair.slice(equals + 1));
    if (key === null) {
      report.unreadable = true;
      continue;
    }
    const name = key.trim();
    if (name === "v") {
      if (seen.has("v")) {
        if (!report.repeated.includes("v")) report.repeated.push("v");
      } else if (value !== null && VERSION.test(value.trim())) {
        report.version = value.trim();
      } else {
        report.badVersion = true;
      }
      seen.add("v");
      continue;
    }
    const question = questions.get(name);
    if (!question) {
      const label = shown(name);
      if (label && !report.unknown.includes(label)) report.unknown.push(label);
      else if (!label) report.unreadable = true;
      continue;
    }
    if (seen.has(name)) {
      if (!report.repeated.includes(name)) report.repeated.push(name);
      continue;
    }
    seen.add(name);
    const answer = value === null ? null : normalisedAnswer(rules, question, value);
    if (answer === null) report.bad.push(name);
    else found[name] = answer;
  }
  const [onPath] = walkPath(rules, found, today);
  report.answers = onPath;
  report.offPath = rules.questions.map((question) => question.id).filter((id) => id in found && !(id in onPath));
  return report;
}

// Whether anything was dropped from the link.
function hasProblems(report) {
  return report.unknown.length > 0 || report.bad.length > 0 || report.repeated.length > 0
    || report.offPath.length > 0 || report.badVersion || report.cut || report.unreadable;
}

// The fragment for these answers (in the order of the questions), without the leading '#'.
function serialiseFragment(answers, rules) {
  const parts = [];
  for (const question of rules.questions) {
    if (Object.prototype.hasOwnProperty.call(answers, question.id)) {
      parts.push(`${encodeURIComponent(question.id)}=${encodeURIComponent(answers[question.id])}`);
    }
  }
  if (parts.length === 0) return "";
  parts.push(`v=${encodeURIComponent(rules.version)}`);
  return parts.join("&");
}

export { parseFragment, serialiseFragment, hasProblems };
