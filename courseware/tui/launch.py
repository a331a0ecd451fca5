"""Start the study app from the command line."""

from __future__ import annotations

import argparse
import gc

from courseware.core.paths import course_dir, data_dir


def run_app(args: argparse.Namespace) -> int:
    """Build the app and run it until the learner quits.

    The collector is paused while the app, its libraries and the course load: they allocate many objects
    that live as long as the process and no garbage to speak of, and a collector scanning them over and over
    made start-up a tenth slower. They are then frozen out of its sight, so the app's own collections stay
    short too.
    """
    gc.disable()
    try:
        from courseware.tui.app import create_app

        app = create_app(course_root=course_dir(args.course), data_root=data_dir())
    finally:
        gc.freeze()
        gc.enable()
    app.run()
    return app.return_code or 0
