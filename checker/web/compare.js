// What changed for one reader between two rules versions: the answers of a link made under `oldRules`,
// evaluated under both versions on the same day, and the differences (outcome, notes, dates, amounts,
// answers the new rules drop, the changelog entries in between).
//
// Mirrors checker/compare.py function by function (same names in camelCase, same output on the same
// inputs; see that module for the shape). Loaded with the result's code, used only when a link made
// under an older, archived version is opened.

import { answerProblem, conditionHolds, dateProblem, evaluate, makeScope, optionsFor } from "./engine.js";

function firstRefused(rules, answers, today) {
  const validToday = dateProblem(today) === null ? today : null;
  for (const question of rules.questions) {
    if (question.id in answers && answerProblem(rules, question, answers[question.id], validToday)) return question.id;
  }
  const onPath = {};
  for (const question of rules.questions) {
    if (!conditionHolds(question.when, makeScope(rules, onPath, today))) continue;
    if (!(question.id in answers)) break;
    const value = answers[question.id];
    if (question.kind === "choice" && !optionsFor(rules, question, onPath, today).some((option) => option.id === value)) {
      return question.id;
    }
    onPath[question.id] = value;
  }
  return null;
}

// [the answers these rules use, {question id: "not_asked" | "not_accepted"} of the others]
function keptAnswers(rules, answers, today) {
  const questions = rules.questions.map((question) => question.id);
  const kept = {};
  const dropped = {};
  for (const [key, value] of Object.entries(answers)) {
    if (questions.includes(key)) kept[key] = value;
    else dropped[key] = "not_asked";
  }
  for (let round = 0; round <= questions.length; round += 1) {
    const refused = firstRefused(rules, kept, today);
    if (refused === null) break;
    dropped[refused] = "not_accepted";
    delete kept[refused];
  }
  const onPath = {};
  for (const question of rules.questions) {
    if (!conditionHolds(question.when, makeScope(rules, onPath, today))) continue;
    if (!(question.id in kept)) break;
    onPath[question.id] = kept[question.id];
  }
  for (const key of questions) {
    if (key in kept && !(key in onPath)) dropped[key] = "not_asked";
  }
  return [onPath, dropped];
}

function evaluateOrNone(rules, answers, today) {
  const result = evaluate(rules, answers, today);
  return result.errors ? null : result;
}

function change(kind, key, before, after, reason = null) {
  return { kind, id: key, before, after, reason };
}

function inOrder(first, second) {
  return [...first, ...second.filter((item) => !first.includes(item))];
}

function keyedChanges(kind, order, before, after) {
  const value = (map, key) => (key in map ? map[key] : null);
  return order.filter((key) => value(before, key) !== value(after, key))
    .map((key) => change(kind, key, value(before, key), value(after, key)));
}

function shownAmounts(rules, result, answers) {
  const answered = rules.questions.some((question) => question.kind === "amount" && question.id in answers);
  const shown = {};
  for (const [key, cents] of Object.entries(result.amounts)) {
    const parameter = rules.parameters[key];
    const withNote = parameter.in_result !== null && typeof parameter.in_result === "object" && parameter.in_result.with_note;
    if (withNote || answered || result.facts.includes(parameter.fact)) shown[key] = cents;
  }
  return shown;
}

function resultChanges(oldRules, newRules, before, after, answersBefore, answersAfter) {
  const empty = { outcome: null, notes: [], dates: {}, amounts: {}, facts: [] };
  const was = before || empty;
  const now = after || empty;
  const changes = [];
  if (was.outcome !== now.outcome) changes.push(change("outcome", null, was.outcome, now.outcome));
  for (const note of inOrder(was.notes, now.notes)) {
    if (was.notes.includes(note) !== now.notes.includes(note)) {
      changes.push(change("note", note, was.notes.includes(note) ? note : null, now.notes.includes(note) ? note : null));
    }
  }
  const dateOrder = inOrder(oldRules.dates.map((date) => date.id), newRules.dates.map((date) => date.id));
  changes.push(...keyedChanges("date", dateOrder, was.dates, now.dates));
  changes.push(...keyedChanges("amount", inOrder(Object.keys(oldRules.parameters), Object.keys(newRules.parameters)),
    shownAmounts(oldRules, was, answersBefore), shownAmounts(newRules, now, answersAfter)));
  return changes;
}

function droppedChanges(oldRules, answersBefore, droppedAfter) {
  return oldRules.questions
    .filter((question) => question.id in answersBefore && question.id in droppedAfter)
    .map((question) => change("dropped", question.id, answersBefore[question.id], null, droppedAfter[question.id]));
}

function changelogBetween(changelog, fromVersion, toVersion) {
  return changelog
    .filter((entry) => fromVersion < entry.version && entry.version <= toVersion)
    .map((entry) => ({ date: entry.date, version: entry.version, summary: entry.summary }));
}

function compareRules(oldRules, newRules, answers, today) {
  const [answersBefore] = keptAnswers(oldRules, answers, today);
  const [answersAfter, droppedAfter] = keptAnswers(newRules, answers, today);
  const before = evaluateOrNone(oldRules, answersBefore, today);
  const after = evaluateOrNone(newRules, answersAfter, today);
  const changes = [...resultChanges(oldRules, newRules, before, after, answersBefore, answersAfter), ...droppedChanges(oldRules, answersBefore, droppedAfter)];
  return {
    from_version: oldRules.version,
    to_version: newRules.version,
    today,
    before,
    after,
    answers_before: answersBefore,
    answers_after: answersAfter,
    changes,
    changelog: changelogBetween(newRules.changelog || [], oldRules.version, newRules.version),
  };
}

export { compareRules, keptAnswers, changelogBetween };
