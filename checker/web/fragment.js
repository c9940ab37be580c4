// The answers in the URL fragment: `#nationality=IR&situation=rece_holder&…&gross_salary=41000&v=<rules version>`
// (an amount in whole euros, digits only).
// Parsing never throws: whatever a link holds, the reader gets the usable answers and a list of
// what was dropped and why. The fragment is never sent to a server.

import { dateProblem, evaluate, optionsFor, walkPath } from "./engine.js";
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
  // an option of the question; whether it is offered for the other answers is checked after (usableAnswers)
  return question.options.some((option) => option.id === value) ? value : null;
}

// The answers given before `questionId`, in question order (what an option's condition may read).
function answersBefore(rules, answers, questionId) {
  const before = {};
  for (const question of rules.questions) {
    if (question.id === questionId) break;
    if (Object.prototype.hasOwnProperty.call(answers, question.id)) before[question.id] = answers[question.id];
  }
  return before;
}

// The options of a choice question offered for the answers before it (the engine's optionsFor).
function offeredOptions(rules, question, answers, today) {
  return optionsFor(rules, question, answersBefore(rules, answers, question.id), today);
}

// The question an engine error names (`<question id>: …`), or null (`today: …`, `answers: …`).
function erroredQuestion(rules, message) {
  const match = /^([A-Za-z0-9_-]+):/.exec(message);
  return match && rules.questions.some((question) => question.id === match[1]) ? match[1] : null;
}

// The answers on the path that the engine accepts: {answers, next, problems: {question id: engine
// message}}. An answer the engine refuses (an option not offered for the earlier answers, a date after
// today…) is left out, with the answers that only it put on the path; the reader is asked again.
function usableAnswers(rules, answers, today) {
  const kept = { ...answers };
  const problems = {};
  for (let round = 0; round <= rules.questions.length; round += 1) {
    const [onPath, next] = walkPath(rules, kept, today);
    const found = {};
    for (const question of rules.questions) {
      if (!(question.id in onPath) || question.kind !== "choice") continue;
      if (!offeredOptions(rules, question, onPath, today).some((option) => option.id === onPath[question.id])) {
        found[question.id] = `${question.id}: '${onPath[question.id]}' is not one of the options`;
      }
    }
    for (const message of evaluate(rules, onPath, today).errors || []) {
      const id = erroredQuestion(rules, message);
      if (id && id in onPath && !(id in found)) found[id] = message;
    }
    if (Object.keys(found).length === 0) return { answers: onPath, next, problems };
    // the first refused answer goes; the path after it may change, so walk again
    const first = rules.questions.find((question) => question.id in found).id;
    problems[first] = found[first];
    delete kept[first];
  }
  const [onPath, next] = walkPath(rules, {}, today);
  return { answers: onPath, next, problems };
}

// Parse location.hash. Returns
//   {answers, version, unknown: [keys as shown], bad: [question ids], repeated: [question ids or "v"],
//    given: {the readable answers, before the walk}, offPath: [question ids], refused: {question id: engine message}, badVersion, cut, unreadable, empty: booleans}
// bad: values the question does not accept, and answers the engine refuses given the other answers or the
// day (those are also in refused, with the engine's message).
function parseFragment(hash, rules, today) {
  const report = {
    answers: {}, given: {}, version: null, unknown: [], bad: [], repeated: [], offPath: [], refused: {},
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
  report.given = found;
  const usable = usableAnswers(rules, found, today);
  report.answers = usable.answers;
  report.refused = usable.problems;
  // a refused answer is a bad one (dropped, named); `refused` keeps the engine's reason
  report.bad = rules.questions.map((question) => question.id)
    .filter((id) => report.bad.includes(id) || id in usable.problems);
  report.offPath = rules.questions.map((question) => question.id)
    .filter((id) => id in found && !(id in usable.answers) && !(id in usable.problems));
  return report;
}

// The rules version a fragment names (its first readable `v=`), or null; before the rules are loaded.
function fragmentVersion(hash) {
  const text = typeof hash === "string" ? hash.replace(/^#/, "").slice(0, MAX_LENGTH) : "";
  for (const pair of text.split(/[&;]/).slice(0, MAX_PAIRS)) {
    const equals = pair.indexOf("=");
    if (equals === -1 || decode(pair.slice(0, equals)) === null || decode(pair.slice(0, equals)).trim() !== "v") continue;
    const value = decode(pair.slice(equals + 1));
    return value !== null && VERSION.test(value.trim()) ? value.trim() : null;
  }
  return null;
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

export { parseFragment, serialiseFragment, hasProblems, usableAnswers, offeredOptions, erroredQuestion, fragmentVersion };
