"""MUS Coach: a local-first Danish assistant for preparing the annual MUS."""

__version__ = "0.1.0"
