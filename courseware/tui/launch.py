"""Start the study app from the command line."""

from __future__ import annotations

import argparse

from courseware.core.paths import course_dir, data_dir


def run_app(args: argparse.Namespace) -> int:
    from courseware.tui.app import create_app

    app = create_app(course_root=course_dir(args.course), data_root=data_dir())
    app.run()
    return app.return_code or 0
