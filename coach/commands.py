"""Capability commands for the CLI (star, smart, decode, …) register here; see coach.cli."""
