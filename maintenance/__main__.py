"""`python -m maintenance <command>`: diff, freshness, translations, links, upstream, release (see CONTRIBUTING.md).

Exit codes: 0 OK, 1 findings, 2 usage or broken input (maintenance/cli.py)."""
from __future__ import annotations

import argparse
import sys

from maintenance import cli, freshness, release, semantic_diff, source_links, translation_drift, upstream

COMMANDS = {"diff": semantic_diff, "freshness": freshness, "translations": translation_drift,
            "links": source_links, "upstream": upstream, "release": release}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m maintenance", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, module in COMMANDS.items():
        module.add_arguments(commands.add_parser(name, help=module.HELP, description=module.__doc__,
                                                 formatter_class=argparse.RawDescriptionHelpFormatter))
    args = parser.parse_args(argv)
    return cli.run(COMMANDS[args.command], args)


if __name__ == "__main__":
    sys.exit(main())
