// The browser rule engine: a function-by-function mirror of checker/engine.py.
// evaluate(rules, answers, today) returns the result object (checker/rules/README.md, "Evaluation"):
// dates as ISO strings, amounts in integer cents. Where the Python engine raises AnswerError, this one
// returns the same messages in `errors`.
// No imports, no dependencies: it runs unchanged in a browser, under Node and in an embedded V8.

const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const SAFE_VALUE = /^[A-Za-z0-9_-]{1,40}$/;
const FIRST_YEAR = 1900;
const LAST_YEAR = 2199;

class AnswerError extends Error {
  constructor(errors) {
    super(errors.join("; "));
    this.errors = errors;
  }
}

// --- dates -------------------------------------------------------------------------------------

function daysInMonth(year, month) {
  if (month === 2) {
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function dateProblem(value) {
  if (typeof value !== "string") return "must be a date written YYYY-MM-DD";
  const match = ISO_DATE.exec(value);
  if (!match) return "must be a date written YYYY-MM-DD";
  const [year, month, day] = match.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return "is not a real date";
  if (year < FIRST_YEAR || year > LAST_YEAR) return `must be between the years ${FIRST_YEAR} and ${LAST_YEAR}`;
  return null;
}

function addMonths(isoDate, months) {
  const [year, month, day] = isoDate.split("-").map(Number);
  const total = year * 12 + (month - 1) + months;
  const newYear = Math.floor(total / 12);
  const newMonth = total - newYear * 12 + 1;
  const newDay = Math.min(day, daysInMonth(newYear, newMonth));
  const pad = (number, width) => String(number).padStart(width, "0");
  return `${pad(newYear, 4)}-${pad(newMonth, 2)}-${pad(newDay, 2)}`;
}

function daysFromCivil(year, month, day) {
  year -= month <= 2 ? 1 : 0;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function civilFromDays(days) {
  days += 719468;
  const era = Math.floor(days / 146097);
  const dayOfEra = days - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524)
    - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth + (shiftedMonth < 10 ? 3 : -9);
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function addDays(isoDate, days) {
  const [year, month, day] = civilFromDays(daysFromCivil(...isoDate.split("-").map(Number)) + days);
  const pad = (number, width) => String(number).padStart(width, "0");
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

// --- input checks ------------------------------------------------------------------------------

function quoted(value) {
  return typeof value === "string" && SAFE_VALUE.test(value) ? ` '${value}'` : "";
}

function amountProblem(question, value) {
  if (typeof value !== "number" || !Number.isInteger(value)) return "must be a whole number of euros";
  if (value < question.min || value > question.max) {
    return `must be between ${question.min} and ${question.max} euros`;
  }
  return null;
}

function answerProblem(rules, question, value, today) {
  const kind = question.kind;
  if (kind === "date") {
    const problem = dateProblem(value);
    if (problem === null && question.not_after_today && today !== null && value > today) {
      return `${question.id}: is after today`;
    }
    return problem ? `${question.id}:${quoted(value)} ${problem}` : null;
  }
  if (kind === "amount") {
    const problem = amountProblem(question, value);
    return problem ? `${question.id}: ${problem}` : null;
  }
  if (typeof value !== "string") return `${question.id}: the answer must be a text value`;
  if (kind === "country") {
    if (!rules.countries.codes.includes(value)) {
      return `${question.id}:${quoted(value)} is not an ISO 3166-1 alpha-2 country code (upper case)`;
    }
    return null;
  }
  if (!question.options.map((option) => option.id).includes(value)) {
    return `${question.id}:${quoted(value)} is not one of the options`;
  }
  return null;
}

function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function checkInputs(rules, answers, today) {
  const errors = [];
  const problem = dateProblem(today);
  if (problem) errors.push(`today: ${problem}`);
  else if (today < rules.covers_from) errors.push(`today: before ${rules.covers_from}, the first date these rules cover`);
  const validToday = problem ? null : today;
  if (!isPlainObject(answers)) {
    return errors.concat(["answers: must be an object mapping question ids to answers"]);
  }
  const questionIds = rules.questions.map((question) => question.id);
  for (const questionId of Object.keys(answers).sort()) {
    if (!questionIds.includes(questionId)) {
      errors.push(`${SAFE_VALUE.test(questionId) ? questionId : "answers"}: unknown question`);
    }
  }
  for (const question of rules.questions) {
    if (hasAnswer(answers, question.id)) {
      const answerError = answerProblem(rules, question, answers[question.id], validToday);
      if (answerError) errors.push(answerError);
    }
  }
  return errors;
}

function hasAnswer(answers, questionId) {
  return Object.prototype.hasOwnProperty.call(answers, questionId);
}

// --- expressions -------------------------------------------------------------------------------

function makeScope(rules, answers, today, outcome = null) {
  return { rules, answers, today, outcome };
}

function resolveName(name, scope) {
  if (name === "today") return scope.today;
  if (name === "outcome") return scope.outcome;
  if (hasAnswer(scope.answers, name)) return answerValue(scope.rules, name, scope.answers[name]);
  for (const date of scope.rules.dates) {
    if (date.id === name) return computeDate(date, scope);
  }
  return null;
}

function evaluateExpression(node, scope) {
  if ("lit" in node) return node.lit;
  if ("ref" in node) return resolveName(node.ref, scope);
  if ("group" in node) return scope.rules.groups[node.group].members;
  if ("list" in node) return node.list.map((item) => evaluateExpression(item, scope));
  if ("param" in node) return parameterOn(scope.rules, node.param, scope.today).cents;
  if ("next_change" in node) return scope.rules.parameters[node.next_change].next_change;
  if ("call" in node) return callFunction(node.call, node.args, scope);
  return applyOperator(node.op, node.args, scope);
}

function answerValue(rules, questionId, value) {
  if (rules.question_kinds[questionId] === "amount") return value * 100;
  return value;
}

function callFunction(name, args, scope) {
  if (name === "answered") return hasAnswer(scope.answers, args[0].ref);
  const start = evaluateExpression(args[0], scope);
  const count = evaluateExpression(args[1], scope);
  if (start === null || count === null) return null;
  return name === "add_days" ? addDays(start, count) : addMonths(start, count);
}

function applyOperator(operator, args, scope) {
  if (operator === "and") return args.every((arg) => isTrue(evaluateExpression(arg, scope)));
  if (operator === "or") return args.some((arg) => isTrue(evaluateExpression(arg, scope)));
  if (operator === "not") return !isTrue(evaluateExpression(args[0], scope));
  const left = evaluateExpression(args[0], scope);
  const right = evaluateExpression(args[1], scope);
  if (operator === "*") return left === null || right === null ? null : left * right;
  if (left === null || right === null) return false;
  switch (operator) {
    case "==": return left === right;
    case "!=": return left !== right;
    case "<": return left < right;
    case "<=": return left <= right;
    case ">": return left > right;
    case ">=": return left >= right;
    case "in": return right.includes(left);
    default: return !right.includes(left); // "not in"
  }
}

function isTrue(value) {
  return value === true;
}

function conditionHolds(condition, scope) {
  return condition === null || isTrue(evaluateExpression(condition, scope));
}

// --- evaluation --------------------------------------------------------------------------------

function optionsFor(rules, question, answers, today) {
  const scope = makeScope(rules, answers, today);
  return question.options.filter((option) => conditionHolds(option.when, scope));
}

function walkPath(rules, answers, today) {
  const onPath = {};
  let nextQuestion = null;
  const errors = [];
  for (const question of rules.questions) {
    if (conditionHolds(question.when, makeScope(rules, onPath, today))) {
      if (!hasAnswer(answers, question.id)) {
        nextQuestion = question.id;
        break;
      }
      const value = answers[question.id];
      if (question.kind === "choice"
          && !optionsFor(rules, question, onPath, today).map((option) => option.id).includes(value)) {
        errors.push(`${question.id}:${quoted(value)} is not one of the options for these answers`);
      }
      onPath[question.id] = value;
    }
  }
  errors.push(...rules.questions
    .filter((question) => hasAnswer(answers, question.id) && !hasAnswer(onPath, question.id))
    .map((question) => `${question.id}: not asked for these answers (the question is off the path)`));
  return [onPath, nextQuestion, errors];
}

function computeDate(date, scope) {
  if (!conditionHolds(date.when, scope)) return null;
  return evaluateExpression(date.value, scope);
}

function computeDates(rules, scope) {
  const dates = {};
  for (const date of rules.dates) {
    const value = computeDate(date, scope);
    if (value !== null) dates[date.id] = value;
  }
  return dates;
}

function findOutcome(rules, scope) {
  for (const outcome of rules.outcomes) {
    if (conditionHolds(outcome.when, scope)) return outcome.id;
  }
  return null;
}

function collectNotes(rules, scope) {
  return rules.notes.filter((note) => conditionHolds(note.when, scope)).map((note) => note.id);
}

function countryQuestion(rules) {
  return rules.questions.find((question) => question.kind === "country").id;
}

function detailRow(rules, outcome, scope) {
  if (outcome.detail !== "bilateral_country") return null;
  const country = scope.answers[countryQuestion(rules)];
  return rules.bilateral.find((row) => row.country === country) || null;
}

function collectFacts(rules, outcomeId, noteIds, scope) {
  const facts = [];
  const outcome = rules.outcomes.find((candidate) => candidate.id === outcomeId);
  const entries = [...outcome.facts];
  const row = detailRow(rules, outcome, scope);
  if (row !== null) entries.push({ fact: row.fact, when: null });
  for (const note of rules.notes) {
    if (noteIds.includes(note.id)) entries.push(...note.facts.map((fact) => ({ fact, when: null })));
  }
  for (const entry of entries) {
    if (!facts.includes(entry.fact) && conditionHolds(entry.when, scope)) facts.push(entry.fact);
  }
  return facts;
}

function collectDocuments(rules, outcomeId, scope) {
  const outcome = rules.outcomes.find((candidate) => candidate.id === outcomeId);
  return outcome.documents.filter((documentId) => conditionHolds(rules.documents[documentId].when, scope));
}

function unsureQuestions(rules, answers) {
  return rules.questions.filter((question) => hasAnswer(answers, question.id)
    && question.options.some((option) => option.unsure && option.id === answers[question.id]));
}

function collectAlternatives(rules, outcomeId, answers, today) {
  const outcome = rules.outcomes.find((candidate) => candidate.id === outcomeId);
  if (!outcome.alternatives) return [];
  const unsure = unsureQuestions(rules, answers);
  const choices = unsure.map((question) => optionsFor(rules, question, answers, today)
    .filter((option) => !option.unsure).map((option) => option.id));
  // every combination, the first question varying slowest (Python's itertools.product)
  let combinations = [[]];
  for (const values of choices) {
    combinations = combinations.flatMap((combination) => values.map((value) => [...combination, value]));
  }
  const alternatives = [];
  for (const values of combinations) {
    const replaced = { ...answers };
    unsure.forEach((question, index) => { replaced[question.id] = values[index]; });
    const [kept] = walkPath(rules, replaced, today);
    const condition = {};
    unsure.forEach((question, index) => { if (hasAnswer(kept, question.id)) condition[question.id] = values[index]; });
    const key = JSON.stringify(condition);
    if (alternatives.some((entry) => JSON.stringify(entry.if) === key)) continue;
    const result = evaluateOrThrow(rules, kept, today);
    alternatives.push({ if: condition, complete: result.complete, outcome: result.outcome,
      next_question: result.next_question, notes: result.notes });
  }
  return alternatives;
}

function collectAmounts(rules, noteIds, today) {
  const amounts = {};
  for (const parameter of Object.values(rules.parameters)) {
    const shown = parameter.in_result;
    if (shown === "always" || (shown !== null && noteIds.includes(shown.with_note))) {
      amounts[parameter.id] = parameterOn(rules, parameter.id, today).cents;
    }
  }
  return amounts;
}

function evaluateOrThrow(rules, answers, today) {
  let errors = checkInputs(rules, answers, today);
  let onPath = {};
  let nextQuestion = null;
  if (errors.length === 0) [onPath, nextQuestion, errors] = walkPath(rules, answers, today);
  if (errors.length > 0) throw new AnswerError(errors);
  const scope = makeScope(rules, onPath, today);
  const result = {
    rules_version: rules.version,
    complete: nextQuestion === null,
    next_question: nextQuestion,
    outcome: null,
    notes: [],
    dates: computeDates(rules, scope),
    amounts: {},
    documents: [],
    alternatives: [],
    facts: [],
  };
  if (nextQuestion === null) {
    const outcome = findOutcome(rules, scope);
    if (outcome === null) throw new AnswerError(["answers: no outcome matches these answers (a gap in the rules)"]);
    scope.outcome = outcome;
    result.outcome = outcome;
    result.notes = collectNotes(rules, scope);
    result.documents = collectDocuments(rules, outcome, scope);
    result.alternatives = collectAlternatives(rules, outcome, onPath, today);
    result.facts = collectFacts(rules, outcome, result.notes, scope);
  }
  result.amounts = collectAmounts(rules, result.notes, today);
  return result;
}

function evaluate(rules, answers, today) {
  try {
    return evaluateOrThrow(rules, answers, today);
  } catch (error) {
    if (!(error instanceof AnswerError)) throw error;
    return {
      rules_version: rules.version, complete: false, next_question: null, outcome: null,
      notes: [], dates: {}, amounts: {}, documents: [], alternatives: [], facts: [], errors: error.errors,
    };
  }
}

// --- helpers for the result page ---------------------------------------------------------------

function parameterOn(rules, parameterId, day) {
  let inForce = null;
  for (const entry of rules.parameters[parameterId].values) {
    if (entry.from <= day) inForce = entry;
  }
  return inForce;
}

export {
  evaluate, evaluateExpression, makeScope, detailRow, parameterOn, addMonths, addDays, dateProblem, walkPath,
  optionsFor, unsureQuestions, answerProblem, conditionHolds,
};
