"""The domain core: course model, loading and validation, grading, calculators, scheduling, store.

Nothing in this package may import Textual; a test enforces it so the core stays usable from the
command line, from scripts and in tests without a terminal.
"""
