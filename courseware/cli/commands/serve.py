"""``courseware serve``: the same study app in a web browser, through textual-serve.

Each browser tab runs its own copy of the app (``python -m courseware``) on this machine, with the
course and the learner data of the person who started the server.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from courseware.core.errors import CoursewareError, UsageError
from courseware.core.paths import course_dir


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
             parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "serve", parents=[parent], help="serve the study app in a web browser",
        description="Serve the study app over HTTP with textual-serve; open the printed address in a browser. "
                    "Anyone who can reach the address can use the app with your progress: keep the default "
                    "host (localhost) unless you mean to share it.")
    parser.add_argument("--host", default="localhost", help="address to listen on (default: localhost)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    parser.add_argument("--public-url", metavar="URL",
                        help="the address browsers use, when it differs from http://HOST:PORT (e.g. behind a proxy)")
    parser.set_defaults(handler=run)


def app_command(course: str | None) -> str:
    """The shell command textual-serve runs for each browser session: this Python, this course."""
    parts = [sys.executable, "-m", "courseware"]
    if course:
        parts += ["--course", str(Path(course_dir(course)).resolve())]
    return shlex.join(parts)


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port} is not a port number (1-65535)")
    from textual_serve.server import Server

    server = Server(app_command(args.course), host=args.host, port=args.port, title="courseware",
                    public_url=args.public_url)
    try:
        server.serve()
    except OSError as error:
        raise CoursewareError(f"cannot serve on {args.host}:{args.port}: {error.strerror or error}") from None
    return 0
