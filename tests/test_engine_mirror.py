"""The two engines are mirrors: checker/engine.py and checker/web/engine.js define the same
top-level functions, in the same order, with the same names (snake_case in Python, camelCase in
JavaScript). A function in one engine only must be on the allow-list below, with the reason."""
from __future__ import annotations

import ast
import re

from harness.site import ROOT

ENGINE_PY = ROOT / "checker" / "engine.py"
ENGINE_JS = ROOT / "checker" / "web" / "engine.js"

# In Python only: JavaScript's default sort already orders strings by UTF-16 code units.
PYTHON_ONLY = {"utf16_order"}
# In JavaScript only: the checks Python writes inline (isinstance(answers, dict), `id in answers`),
# and the split of evaluate: Python's evaluate raises AnswerError (evaluateOrThrow's body), the
# browser's evaluate catches it into result.errors.
JAVASCRIPT_ONLY = {"isPlainObject", "hasAnswer", "evaluateOrThrow"}

JS_FUNCTION = re.compile(r"^(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(", re.MULTILINE)


def camel_case(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def python_functions(source: str) -> list[str]:
    """Names of the module's top-level functions, in source order (ast)."""
    return [node.name for node in ast.parse(source).body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]


def javascript_functions(source: str) -> list[str]:
    """Names of the top-level `function name(` declarations (not indented), in source order."""
    return JS_FUNCTION.findall(source)


def test_the_engines_define_the_same_functions_in_the_same_order():
    python = [camel_case(name) for name in python_functions(ENGINE_PY.read_text(encoding="utf-8"))
              if name not in PYTHON_ONLY]
    javascript = [name for name in javascript_functions(ENGINE_JS.read_text(encoding="utf-8"))
                  if name not in JAVASCRIPT_ONLY]
    assert len(python) >= 20
    assert python == javascript, "\n".join(
        f"{index}: {py!r:28} {js!r}" for index, (py, js) in enumerate(zip(python + ["-"] * len(javascript),
                                                                          javascript + ["-"] * len(python)))
        if py != js)


def test_the_allow_list_names_functions_that_exist():
    assert PYTHON_ONLY <= set(python_functions(ENGINE_PY.read_text(encoding="utf-8")))
    assert JAVASCRIPT_ONLY <= set(javascript_functions(ENGINE_JS.read_text(encoding="utf-8")))


def test_the_listing_sees_only_top_level_functions():
    assert python_functions("def a_b():\n    def inner():\n        pass\nclass C:\n    def m(self): pass\n") == ["a_b"]
    assert javascript_functions("function aB(x) {\n  function inner() {}\n}\nasync function c() {}\n") == ["aB", "c"]
    assert camel_case("evaluate_expression") == "evaluateExpression" and camel_case("is_true") == "isTrue"
