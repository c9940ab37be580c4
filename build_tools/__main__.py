"""`python -m build_tools generate`: write the rules JSON and the generated guide pages.

The maintenance commands (diff, freshness, translations, links) are `python -m maintenance`."""
import argparse
import sys
from pathlib import Path

from build_tools.generate import DOCS_DIR, RULES_DIR, WEB_DIR, generate


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="write docs/guide/*.md and docs/assets/checker/")
    gen.add_argument("--docs-dir", type=Path, default=DOCS_DIR)
    gen.add_argument("--rules-dir", type=Path, default=RULES_DIR)
    gen.add_argument("--web-dir", type=Path, default=WEB_DIR)
    args = parser.parse_args(argv)

    changed = generate(args.docs_dir, args.rules_dir, args.web_dir, force=True)
    for path in changed:
        print(f"wrote {path.as_posix()}")
    print(f"{len(changed)} file(s) changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
