"""The rules loader, one step per module (checker.rules_loader.load_rules runs them in this order):

1. ``reader``      bytes → YAML documents: UTF-8 only, no duplicate keys, no empty file;
2. ``schema``      every document against its declared model (pydantic): unknown keys, types, dates,
                   whole numbers within ±2^53, versions in the link format, texts in en, fr and fa;
3. ``resolve``     references between files (fact, source, question, group ids…) while building the
                   compiled, JSON-ready rules;
4. ``typecheck``   every expression: the names, groups, parameters and values it uses, and its type;
5. ``invariants``  the rules' own invariants: no cycle between dates, statuses, review dates, notes…;
6. ``reachability`` a walk of the answer space: every outcome reached, no idle question.

Each step adds ``file: key: problem`` lines to one ``Problems`` list, and ``RulesError`` carries them.
Steps 1 and 2 run on every file; each later step runs only when the steps before it found nothing
(4 and 5 run together), so a file that cannot be read or does not fit its schema is reported alone,
without the cascade of consequential messages it would cause further on.
"""
