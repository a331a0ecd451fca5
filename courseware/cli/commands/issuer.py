"""``courseware issuer init|show``: the key and profile that sign the credentials of a class."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from courseware.core.assessment import issuer
from courseware.core.paths import config_dir


def issuer_dir(explicit: Path | None) -> Path:
    """``--issuer-dir``, else ``COURSEWARE_ISSUER``, else ``issuer/`` in the settings directory."""
    if explicit is not None:
        return explicit
    override = os.environ.get("COURSEWARE_ISSUER")
    return Path(override).expanduser() if override else config_dir() / "issuer"


def add_issuer_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--issuer-dir", type=Path, metavar="DIR",
                        help="where the issuer's key and profile live (default: $COURSEWARE_ISSUER, else "
                             "issuer/ in the settings directory)")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
             parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "issuer", parents=[parent], help="create or show the key that signs class credentials",
        description="The issuer signs the Open Badges credentials of exams passed in class mode. 'init' creates "
                    "its Ed25519 key (readable by you only) and its profile (name, URL, public key as a did:key "
                    "and as a JWK); publish the profile so that employers can check credentials against it.")
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    init = actions.add_parser("init", parents=[parent], help="create the issuer's key and profile")
    init.add_argument("--name", required=True, help="the issuer's name, as credentials show it")
    init.add_argument("--url", required=True, help="the issuer's web address")
    init.add_argument("--force", action="store_true", help="replace an existing key (old credentials stay "
                                                           "verifiable only against the old key)")
    add_issuer_dir(init)
    init.set_defaults(handler=run_init)
    show = actions.add_parser("show", parents=[parent], help="print the issuer's profile and public key")
    add_issuer_dir(show)
    show.set_defaults(handler=run_show)


def run_init(args: argparse.Namespace) -> int:
    directory = issuer_dir(args.issuer_dir)
    created = issuer.init(directory, args.name, args.url, force=args.force)
    print(f"issuer: {created.name} ({created.url})")
    print(f"public key: {created.did}")
    print(f"wrote {directory / issuer.KEY_FILE} (private: keep it on the server), "
          f"{directory / issuer.PROFILE_FILE} and {directory / issuer.JWK_FILE} (public: publish them)")
    return 0


def run_show(args: argparse.Namespace) -> int:
    loaded = issuer.load(issuer_dir(args.issuer_dir))
    print(f"issuer: {loaded.name} ({loaded.url})")
    print(f"public key: {loaded.did}")
    return 0
