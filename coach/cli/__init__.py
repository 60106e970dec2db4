"""The ``coach`` command line (``main``); one module per group of commands, ``io`` for what they share."""

from coach.cli.main import main

__all__ = ["main"]
