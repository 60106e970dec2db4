"""Scripted rehearsals (the CLI's ``--script``, the eval) and the time-to-first-token bench."""

from __future__ import annotations

from coach.backend import Backend
from coach.backend.base import StreamStats
from coach.capabilities.rehearse.session import Session, Setup

__all__ = ["BENCH_TURNS", "bench_ttft", "run_script"]


def run_script(setup: Setup, lines: list[str], backend: Backend | None) -> Session:
    """The manager opens; each line is one employee turn followed by the manager's reply.

    Every line is played, also after the manager has closed (the closing line stays the summary; later replies
    acknowledge), so the debrief sees all of the employee's turns.
    """
    session = Session(setup)
    for _ in session.manager_stream(backend):
        pass
    for line in lines:
        session.add_employee(line)
        for _ in session.manager_stream(backend):
            pass
    return session


BENCH_TURNS = [
    "Tak, det lyder godt. Jeg vil gerne tale om mine resultater og om et kursus.",
    "I år reducerede jeg ventetiden i kundeservice fra 14 til 9 dage med en ny vagtplan.",
    "Jeg har også lært to nye kolleger op, og det gik rigtig godt.",
    "Samarbejdet i teamet fungerer godt, men vi har travlt i perioder.",
    "Jeg trives, men jeg vil gerne have lidt mere ansvar.",
    "Jeg kunne godt tænke mig et kursus i projektledelse, fordi vi får flere projekter.",
    "Kan du give et eksempel på, hvad du mener med mere synlig?",
    "Jeg foreslår, at vi følger op om tre måneder på vores 1:1.",
    "Jeg synes, du kunne give lidt mere sparring på de store sager.",
    "Så aftaler vi, at jeg undersøger kurset inden 1. marts.",
]


def bench_ttft(backend: Backend, turns: int = 10) -> list[float]:
    """Time to the first token of each manager turn over a scripted rehearsal (prefix reuse keeps it flat)."""
    session = Session(Setup(persona="stoettende", length="lang"))
    times: list[float] = []
    for _ in session.manager_stream(backend):  # the opening (on a base model it comes from the agenda, untimed)
        pass
    for i in range(turns):
        session.add_employee(BENCH_TURNS[i % len(BENCH_TURNS)])
        stats = StreamStats()
        for _ in session.manager_stream(backend, stats=stats):
            pass
        times.append(round(stats.ttft_s, 4))
    return times
