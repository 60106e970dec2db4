"""One scorer per capability: run a case exactly as the CLI would and return named checks and metrics.

Each scorer module has ``Case`` (the pydantic schema of its cases in ``eval/cases/<capability>/``),
``score(case, backend) -> CaseResult`` and ``summarise(results) -> dict`` for the capability's own figures.
"""

from coach.measure.scorers import decode, rehearse, smart, star

SCORERS = {"star": star, "smart": smart, "decode": decode, "rehearse": rehearse}

__all__ = ["SCORERS"]
