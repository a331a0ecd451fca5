"""One module per subcommand; each defines ``register(subparsers, parent)``.

A module is named after the command it registers (``import_`` and ``class_`` for the two that are Python
keywords): the command line imports only the module of the command it runs, found by that name.
"""
