"""Run checker/web/engine.js from Python: in an embedded V8 (bulk) and under Node (an .mjs copy)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from py_mini_racer import MiniRacer

from checker.engine import AnswerError, evaluate

ENGINE_JS = Path(__file__).resolve().parent.parent / "checker" / "web" / "engine.js"
COMPARE_JS = ENGINE_JS.with_name("compare.js")
EXPORT = re.compile(r"^export \{([^}]*)\};\s*$", re.MULTILINE)
ENGINE_IMPORT = re.compile(r'^import \{[^}]*\} from "\./engine\.js";\s*$', re.MULTILINE)


def engine_as_script() -> str:
    """engine.js for a plain-script V8: only its final `export {…}` becomes `globalThis.engine = {…}`."""
    source = ENGINE_JS.read_text(encoding="utf-8")
    export = EXPORT.search(source)
    assert export, "engine.js must end with one `export { … };` statement"
    return source[: export.start()] + f"globalThis.engine = {{{export.group(1)}}};\n"


def compare_as_script() -> str:
    """engine.js then compare.js for a plain-script V8: compare.js's import of the engine dropped (its
    functions are the script's), its export becomes `globalThis.compare = {…}`."""
    source = COMPARE_JS.read_text(encoding="utf-8")
    export = EXPORT.search(source)
    assert export and ENGINE_IMPORT.search(source), "compare.js must import from ./engine.js and end with `export { … };`"
    body = ENGINE_IMPORT.sub("", source[: export.start()])
    return engine_as_script() + "{\n" + body + f"globalThis.compare = {{{export.group(1)}}};\n}}\n"


def python_result(rules: dict, answers, today) -> dict:
    """The Python engine's answer in the browser engine's shape (errors in a list)."""
    try:
        return evaluate(rules, answers, today)
    except AnswerError as error:
        return {"rules_version": rules["version"], "complete": False, "next_question": None, "outcome": None,
                "notes": [], "dates": {}, "amounts": {}, "documents": [], "alternatives": [], "facts": [], "errors": error.errors}


class V8Engine:
    """One V8 isolate holding the engine and the rules; cases go in and out in bulk as JSON."""

    CHUNK = 4000

    def __init__(self, rules: dict):
        self.context = MiniRacer()
        self.context.eval(engine_as_script())
        self.context.eval(f"globalThis.RULES = {json.dumps(rules)};")

    def run(self, function: str, cases: list) -> list:
        results = []
        for start in range(0, len(cases), self.CHUNK):
            chunk = json.dumps(cases[start:start + self.CHUNK])
            script = f"JSON.stringify({chunk}.map((c) => engine.{function}(RULES, ...c)))"
            results.extend(json.loads(self.context.eval(script)))
        return results

    def evaluate_many(self, cases: list) -> list:
        return self.run("evaluate", [[answers, today] for answers, today in cases])

    def expressions_many(self, cases: list) -> list:
        """evaluateExpression(tree, makeScope(RULES, answers, today)) for each (tree, answers, today)."""
        chunk = json.dumps(cases)
        script = (f"JSON.stringify({chunk}.map(([tree, answers, today]) => "
                  "engine.evaluateExpression(tree, engine.makeScope(RULES, answers, today))))")
        return json.loads(self.context.eval(script))


class V8Compare:
    """One V8 isolate holding the engine, compare.js and two rule sets (old, new): compareRules in bulk."""

    def __init__(self, old_rules: dict, new_rules: dict):
        self.context = MiniRacer()
        self.context.eval(compare_as_script())
        self.context.eval(f"globalThis.OLD = {json.dumps(old_rules)}; globalThis.NEW = {json.dumps(new_rules)};")

    def compare_many(self, cases: list) -> list:
        """compareRules(OLD, NEW, answers, today) for each (answers, today)."""
        script = f"JSON.stringify({json.dumps(cases)}.map(([a, t]) => compare.compareRules(OLD, NEW, a, t)))"
        return json.loads(self.context.eval(script))


NODE_RUNNER = """
import { readFileSync, writeFileSync } from "node:fs";
import { evaluate } from "./engine.mjs";
const { rules, cases } = JSON.parse(readFileSync(process.argv[2], "utf8"));
writeFileSync(process.argv[3], JSON.stringify(cases.map(([answers, today]) => evaluate(rules, answers, today))));
"""


def node_evaluate_many(rules: dict, cases: list, workdir: Path) -> list:
    """All cases in one Node process, importing an unchanged .mjs copy of engine.js."""
    node = shutil.which("node")
    assert node, "Node.js is required for the Node parity test"
    shutil.copy(ENGINE_JS, workdir / "engine.mjs")
    (workdir / "run.mjs").write_text(NODE_RUNNER, encoding="utf-8")
    (workdir / "in.json").write_text(json.dumps({"rules": rules, "cases": cases}), encoding="utf-8")
    subprocess.run([node, "run.mjs", "in.json", "out.json"], cwd=workdir, check=True, timeout=300)
    return json.loads((workdir / "out.json").read_text(encoding="utf-8"))
