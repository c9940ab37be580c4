"""Parser for the rules' small expression language (see rules/README.md).

It turns a condition such as ``situation == 'other' and had_rece != 'yes'`` into the JSON tree
that both engines interpret. Parsing happens once, when the rules are loaded; the engines only
ever see the tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

COMPARISONS = ("==", "!=", "<=", ">=", "<", ">")
FUNCTIONS = {"answered": 1, "add_months": 2, "add_days": 2, "param": 1, "next_change": 1}
# bounds that keep parsing quick and the trees shallow (a clear message beyond them)
MAX_LENGTH, MAX_DEPTH = 2000, 40
TYPES = ("date", "amount", "number", "text", "yes/no", "list")

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<number>-?\d+)
      | (?P<string>'[^']*')
      | (?P<group>@[A-Za-z_][A-Za-z0-9_]*)
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,|\*)
    )""",
    re.VERBOSE,
)


class ExpressionError(ValueError):
    """A malformed expression; the message says where."""


@dataclass
class Token:
    kind: str
    text: str
    position: int


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    source = source.rstrip()
    while position < len(source):
        match = _TOKEN.match(source, position)
        if not match or match.end() == position:
            raise ExpressionError(f"unexpected character {source[position:].strip()[:1]!r} at {position + 1}")
        kind = match.lastgroup
        tokens.append(Token(kind, match.group(kind), match.start(kind)))
        position = match.end()
    return tokens


class _Parser:
    """Recursive descent: or > and > not > comparison > product > primary."""

    def __init__(self, source: str):
        self.source = source
        if len(source) > MAX_LENGTH:
            raise ExpressionError(f"longer than {MAX_LENGTH} characters")
        self.tokens = tokenize(source)
        self.index = 0
        self.depth = 0

    def peek(self, offset: int = 0) -> Token | None:
        at = self.index + offset
        return self.tokens[at] if at < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise ExpressionError("the expression ends too early")
        self.index += 1
        return token

    def expect(self, text: str) -> None:
        if self.peek() is None:
            raise ExpressionError(f"expected {text!r} before the end")
        token = self.take()
        if token.text != text:
            raise ExpressionError(f"expected {text!r} at {token.position + 1}, found {token.text!r}")

    def at_word(self, word: str, offset: int = 0) -> bool:
        token = self.peek(offset)
        return token is not None and token.kind == "name" and token.text == word

    def parse(self) -> dict:
        if not self.tokens:
            raise ExpressionError("the expression is empty")
        tree = self.parse_or()
        extra = self.peek()
        if extra is not None:
            raise ExpressionError(f"unexpected {extra.text!r} at {extra.position + 1}")
        return tree

    def parse_or(self) -> dict:
        self.deeper()
        args = [self.parse_and()]
        while self.at_word("or"):
            self.take()
            args.append(self.parse_and())
        self.depth -= 1
        return args[0] if len(args) == 1 else {"op": "or", "args": args}

    def deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(f"nested more than {MAX_DEPTH} levels deep (parentheses, calls or 'not')")

    def parse_and(self) -> dict:
        args = [self.parse_not()]
        while self.at_word("and"):
            self.take()
            args.append(self.parse_not())
        return args[0] if len(args) == 1 else {"op": "and", "args": args}

    def parse_not(self) -> dict:
        if self.at_word("not"):
            self.take()
            self.deeper()
            tree = {"op": "not", "args": [self.parse_not()]}
            self.depth -= 1
            return tree
        return self.parse_comparison()

    def parse_comparison(self) -> dict:
        left = self.parse_product()
        token = self.peek()
        if token is None:
            return left
        if token.kind == "op" and token.text in COMPARISONS:
            self.take()
            return {"op": token.text, "args": [left, self.parse_product()]}
        if self.at_word("in"):
            self.take()
            return {"op": "in", "args": [left, self.parse_product()]}
        if self.at_word("not") and self.at_word("in", 1):
            self.take()
            self.take()
            return {"op": "not in", "args": [left, self.parse_product()]}
        return left

    def parse_product(self) -> dict:
        args = [self.parse_primary()]
        while self.peek() and self.peek().text == "*":
            self.take()
            args.append(self.parse_primary())
        tree = args[0]
        for right in args[1:]:
            tree = {"op": "*", "args": [tree, right]}
        return tree

    def parse_primary(self) -> dict:
        token = self.take()
        if token.kind == "number":
            return {"lit": int(token.text)}
        if token.kind == "string":
            return {"lit": token.text[1:-1]}
        if token.kind == "group":
            return {"group": token.text[1:]}
        if token.text == "(":
            inner = self.parse_or()
            self.expect(")")
            return inner
        if token.text == "[":
            items = []
            while not (self.peek() and self.peek().text == "]"):
                items.append(self.parse_primary())
                if self.peek() and self.peek().text == ",":
                    self.take()
            self.expect("]")
            return {"list": items}
        if token.kind == "name":
            if token.text in ("true", "false"):
                return {"lit": token.text == "true"}
            if token.text in ("and", "or", "not", "in"):
                raise ExpressionError(f"unexpected {token.text!r} at {token.position + 1}")
            if self.peek() and self.peek().text == "(":
                return self.parse_call(token)
            return {"ref": token.text}
        raise ExpressionError(f"unexpected {token.text!r} at {token.position + 1}")

    def parse_call(self, name: Token) -> dict:
        if name.text not in FUNCTIONS:
            raise ExpressionError(f"unknown function {name.text!r} (known: {', '.join(FUNCTIONS)})")
        self.expect("(")
        args = [self.parse_or()]
        while self.peek() and self.peek().text == ",":
            self.take()
            args.append(self.parse_or())
        self.expect(")")
        if len(args) != FUNCTIONS[name.text]:
            raise ExpressionError(f"{name.text}() takes {FUNCTIONS[name.text]} argument(s), got {len(args)}")
        if name.text == "answered" and "ref" not in args[0]:
            raise ExpressionError("answered() takes a question id")
        if name.text in ("param", "next_change"):
            if "ref" not in args[0]:
                raise ExpressionError(f"{name.text}() takes a parameter id")
            return {name.text: args[0]["ref"]}
        if name.text in ("add_months", "add_days") and "lit" in args[1] and not isinstance(args[1]["lit"], int):
            raise ExpressionError(f"{name.text}() takes a whole number")
        return {"call": name.text, "args": args}


def parse_expression(source: str | bool) -> dict:
    """Parse an expression string (YAML may hand us a bare true/false)."""
    if isinstance(source, bool):
        return {"lit": source}
    if not isinstance(source, str):
        raise ExpressionError(f"an expression must be a string, not {type(source).__name__}")
    return _Parser(source).parse()


def references(tree: dict) -> tuple[set[str], set[str]]:
    """The names and the @groups an expression tree uses."""
    names: set[str] = set()
    groups: set[str] = set()

    def walk(node: dict) -> None:
        if "ref" in node:
            names.add(node["ref"])
        elif "group" in node:
            groups.add(node["group"])
        for child in node.get("args", []) + node.get("list", []):
            walk(child)

    walk(tree)
    return names, groups


def literals(tree: dict) -> list:
    """Every literal value in an expression tree, with the name it is compared to where there is one."""
    found: list[tuple[str | None, object]] = []

    def walk(node: dict) -> None:
        args = node.get("args", [])
        if node.get("op") in ("==", "!=", "in", "not in") and len(args) == 2 and "ref" in args[0]:
            right = args[1]
            values = [right] if "lit" in right else right.get("list", [])
            found.extend((args[0]["ref"], item["lit"]) for item in values if "lit" in item)
        for child in args + node.get("list", []):
            walk(child)

    walk(tree)
    return found


def infer_type(node: dict, names: dict[str, str], parameters: set[str]) -> str:
    """The type of an expression tree (one of TYPES), or ExpressionError naming the ill-typed part.

    ``names`` maps each name the expression may use to its type (questions, dates, today, outcome);
    ``parameters`` is the set of known parameter ids. Amounts are integers in cents.
    """
    if "lit" in node:
        value = node["lit"]
        if isinstance(value, bool):
            return "yes/no"
        return "number" if isinstance(value, int) else "text"
    if "ref" in node:
        if node["ref"] not in names:
            raise ExpressionError(f"unknown question or date '{node['ref']}'")
        return names[node["ref"]]
    if "group" in node:
        return "list"
    for kind, result in (("param", "amount"), ("next_change", "date")):
        if kind in node:
            if node[kind] not in parameters:
                raise ExpressionError(f"unknown parameter '{node[kind]}'")
            return result
    if "list" in node:
        for item in node["list"]:
            if infer_type(item, names, parameters) != "text":
                raise ExpressionError("a list holds only texts, e.g. ['job', 'company']")
        return "list"
    args = node["args"]
    if "call" in node:
        if node["call"] == "answered":
            return "yes/no"
        start, count = (infer_type(arg, names, parameters) for arg in args)
        if start != "date" or count != "number":
            raise ExpressionError(f"{node['call']}() takes a date and a whole number, not {start} and {count}")
        return "date"
    operator = node["op"]
    types = [infer_type(arg, names, parameters) for arg in args]
    if operator in ("and", "or", "not"):
        if any(kind != "yes/no" for kind in types):
            raise ExpressionError(f"'{operator}' combines yes/no conditions, not {' and '.join(types)}")
        return "yes/no"
    left, right = types
    if operator == "*":
        if sorted(types) == ["amount", "number"]:
            return "amount"
        if types == ["number", "number"]:
            return "number"
        raise ExpressionError(f"'*' multiplies an amount by a whole number, not {left} by {right}")
    if operator in ("in", "not in"):
        if left != "text" or right != "list":
            raise ExpressionError(f"'{operator}' tests a text against a list, not {left} against {right}")
        return "yes/no"
    if left != right:
        raise ExpressionError(f"'{operator}' compares values of one type, not {left} with {right}")
    if operator in ("==", "!=") and left == "list":
        raise ExpressionError(f"'{operator}' cannot compare lists")
    if operator not in ("==", "!=") and left not in ("date", "amount", "number"):
        raise ExpressionError(f"'{operator}' orders dates, amounts or numbers, not {left}")
    return "yes/no"
