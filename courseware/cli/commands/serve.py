"""``courseware serve``: the same study app in a web browser, safe by default.

Personal mode binds 127.0.0.1 and prints an address with a random token; class mode (``--class DIR``)
shows a sign-in screen and gives each learner their own progress store. Either way each browser tab runs
its own app process on this machine, at most ``--max-sessions`` at once, ended when the tab closes.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from courseware.core.errors import CoursewareError, UsageError
from courseware.core.paths import course_dir

if TYPE_CHECKING:
    from courseware.cli.serving.guards import Guards
    from courseware.cli.serving.server import Launcher

DEFAULT_MAX_SESSIONS = 3


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
             parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "serve", parents=[parent], help="serve the study app in a web browser",
        description="Serve the study app over HTTP; open the printed address (it carries a secret token) in a "
                    "browser. With --class DIR, each browser session starts at a sign-in screen and each "
                    "learner of the class gets their own progress. Binding to an address other than "
                    "127.0.0.1 needs --class or --token; the traffic is not encrypted, so put a TLS reverse "
                    "proxy in front (docs/serve.md).")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    parser.add_argument("--public-url", metavar="URL",
                        help="the address browsers use, when it differs from http://HOST:PORT (e.g. behind a proxy)")
    parser.add_argument("--token", help="the secret to require instead of a random one (needed to serve "
                                        "personal mode on a non-loopback address); default: random, or none "
                                        "in class mode, where learners sign in")
    parser.add_argument("--class", dest="class_dir", metavar="DIR", type=Path,
                        help="class mode: learners sign in with the names and passwords of this class "
                             "directory ('courseware class add'), each with their own progress")
    parser.add_argument("--max-sessions", type=int, metavar="N",
                        help=f"most app processes at once (default: {DEFAULT_MAX_SESSIONS}, or in class mode "
                             "the number of learners)")
    parser.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                        help="another host name browsers may use to reach the server (repeatable)")
    parser.set_defaults(handler=run)


def app_launcher(course: str | None) -> Launcher:
    """The app process for a connection: this Python, this course; its data is chosen by the server."""
    argv = [sys.executable, "-m", "courseware"]
    if course:
        argv += ["--course", str(Path(course_dir(course)).resolve())]

    def launch(_learner_dir: Path | None) -> tuple[Sequence[str], Mapping[str, str]]:
        return argv, os.environ

    return launch


def run(args: argparse.Namespace) -> int:
    from courseware.cli.serving.guards import Guards, is_loopback
    from courseware.core.classroom.roster import Roster

    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port} is not a port number (1-65535)")
    roster = Roster.open(args.class_dir) if args.class_dir else None
    if not is_loopback(args.host) and roster is None and not args.token:
        raise UsageError(f"--host {args.host} would let anyone on the network use your progress: serve a class "
                         "(--class DIR) or give a secret with --token")
    if args.token is not None and len(args.token) < 16:
        raise UsageError("--token is too easy to guess: give at least 16 characters")
    max_sessions = args.max_sessions if args.max_sessions is not None else (
        max(1, len(roster.learners)) if roster else DEFAULT_MAX_SESSIONS)
    if max_sessions < 1:
        raise UsageError("--max-sessions must be at least 1")
    token = args.token if args.token or roster else secrets.token_urlsafe(32)
    guards = Guards(args.host, args.port, token, args.public_url,
                    frozenset(name.lower() for name in args.allow_host))
    base = (args.public_url or f"http://{_url_host(args.host)}:{args.port}").rstrip("/") + "/"
    print(f"courseware serve: open {base}?token={token}" if token else f"courseware serve: open {base}", flush=True)
    if roster is not None:
        print(f"class mode: {len(roster.learners)} learners in {args.class_dir}; at most {max_sessions} sessions",
              flush=True)
    if not is_loopback(args.host):
        print("courseware serve: warning: the traffic is not encrypted: anyone on the network path can read "
              "the token, passwords and screens; put a TLS reverse proxy in front (see docs/serve.md)",
              file=sys.stderr, flush=True)
    return _serve(args, guards, max_sessions)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _serve(args: argparse.Namespace, guards: Guards, max_sessions: int) -> int:
    from aiohttp import web

    from courseware.cli.serving.server import CoursewareServer, ServeOptions
    from courseware.core.course.loader import load_course

    title = load_course(course_dir(args.course)).meta.title
    options = ServeOptions(guards=guards, launcher=app_launcher(args.course), max_sessions=max_sessions,
                           title=f"courseware: {title}", class_dir=args.class_dir)
    try:
        web.run_app(CoursewareServer(options).application(), host=args.host, port=args.port, print=None,
                    access_log=None)
    except OSError as error:
        raise CoursewareError(f"cannot serve on {args.host}:{args.port}: {error.strerror or error}") from None
    return 0
