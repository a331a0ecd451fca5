"""``courseware settings``: where the settings file is, what is in effect, and what is wrong with it."""

from __future__ import annotations

import argparse
import sys

from courseware.core.settings import EXAMPLE, load_settings
from courseware.tui import bindings
from courseware.tui.settings_check import checked_settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
             parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "settings", parents=[parent], help="show the settings file's path, the settings in effect and any problem",
        description="Show where the settings file is ($COURSEWARE_CONFIG overrides the directory), the "
                    "settings in effect, and every problem in the file (the same the app reports). "
                    "Exit 1 when the file has problems.")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--example", action="store_true", help="print an example settings file")
    what.add_argument("--keys", action="store_true",
                      help="list every key binding: screen, binding id (for [keys]), keys in effect and what it does")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.example:
        print(EXAMPLE, end="")
        return 0
    loaded = checked_settings(load_settings())
    if args.keys:
        for screen, binding in bindings.all_bindings():
            keys = bindings.keys_of(binding.id or "", loaded.settings.keys)
            print(f"{screen:<32} {binding.id:<28} {keys:<32} {binding.description}")
    else:
        state = "" if loaded.path.exists() else " (not created yet: defaults apply)"
        print(f"settings file: {loaded.path}{state}")
        for name, value in loaded.settings.model_dump().items():
            if name == "keys":
                for binding_id, keys in value.items():
                    print(f"keys.{binding_id} = {keys!r}")
            else:
                print(f"{name} = {value!r}")
    for problem in loaded.problems:
        print(f"courseware: warning: {problem}", file=sys.stderr)
    return 1 if loaded.problems else 0
