"""Deterministic Danish analyzers: the part of every capability that must be right without a model."""
