"""courseware: train for the Certified Customer Success Manager credential in the terminal."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("courseware")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
