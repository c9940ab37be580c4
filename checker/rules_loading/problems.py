"""The problems found in the rules: ``file: key: problem`` lines, and the error that carries them."""

from __future__ import annotations


class RulesError(ValueError):
    """The rules files are broken; ``problems`` lists each one as ``file: key.path: problem``."""

    def __init__(self, problems: list[str]):
        super().__init__("the rules are broken:\n" + "\n".join(f"  {p}" for p in problems))
        self.problems = problems


class Problems(list):
    """The problems found so far, in the order found."""

    def report(self, file: str, path: str, problem: str) -> None:
        self.append(f"{file}: {path}: {problem}")
