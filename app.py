"""MUS Coach in the browser (Gradio). Wiring only: every handler calls into the coach package.

Run it with ``make run`` (or ``coach serve``): http://127.0.0.1:7860, local only.
"""

from __future__ import annotations

from coach import privacy

privacy.apply_env()  # before gradio is imported: analytics off, private temp dir, no env-driven exposure

import gradio as gr  # noqa: E402

from coach import ask, models, runtime, system  # noqa: E402
from coach.cancel import CancelRegistry  # noqa: E402
from coach.catalog import load_catalog  # noqa: E402
from coach.errors import CoachError  # noqa: E402

MODEL_GROUP = "model"  # every event that touches the model shares one queue slot
CANCELS = CancelRegistry()

EMBEDDED_BANNER = (
    "**Du bruger den indbyggede lille model.** Den virker uden download, men er svag på dansk: "
    "appens faste regler bærer indholdet, og modellen pynter kun lidt på sproget. "
    "Hent en større model under *Model* for bedre formuleringer (fx Gemma 3 4B eller 12B)."
)


def _session(request: gr.Request | None) -> str:
    return getattr(request, "session_hash", None) or "cli"


def answer(question: str, request: gr.Request):
    """Stream a short answer; Danish message instead of a stack trace."""
    event = CANCELS.start(_session(request))
    text = ""
    try:
        backend = runtime.open_backend()
        for piece in ask.stream(backend, question, cancel=event):
            text += piece
            yield text
        if not text.strip():
            yield "Modellen gav et tomt svar. Prøv at formulere spørgsmålet lidt anderledes."
    except CoachError as exc:
        raise gr.Error(str(exc), print_exception=False) from None
    finally:
        CANCELS.finish(_session(request), event)


def stop(request: gr.Request) -> None:
    CANCELS.cancel(_session(request))


def model_rows() -> list[list[str]]:
    catalog = load_catalog()
    active = models.active(catalog)
    rows = []
    for spec in catalog.by_quality():
        rows.append(
            [
                "✓" if spec.id == active.id else "",
                spec.label,
                system.gb(spec.size_bytes),
                f"{spec.min_ram_gb:g} GB".replace(".", ","),
                "ja" if models.is_installed(spec) else "nej",
                "ja" if models.fits_in_ram(spec) else "nej",
                spec.quality,
            ]
        )
    return rows


def build_demo() -> gr.Blocks:
    active = models.active()
    with gr.Blocks(title="MUS Coach", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        gr.Markdown("# MUS Coach\nForbered din medarbejderudviklingssamtale. Alt kører på din egen computer.")
        if active.embedded:
            gr.Markdown(EMBEDDED_BANNER, elem_id="embedded-banner")
        with gr.Tab("Spørg"):
            question = gr.Textbox(
                label="Dit spørgsmål om MUS",
                placeholder="Fx: Hvordan beder jeg om et kursus?",
                lines=2,
                max_lines=6,
                max_length=2000,
            )
            with gr.Row():
                send = gr.Button("Spørg", variant="primary")
                halt = gr.Button("Stop", variant="stop")
            reply = gr.Markdown(label="Svar", elem_id="answer")
            gr.Examples(["Hvordan forbereder jeg mig til min MUS?", "Hvad skal jeg sige, hvis jeg er uenig?"], question)
            ev = dict(fn=answer, inputs=question, outputs=reply, concurrency_id=MODEL_GROUP, concurrency_limit=1,
                      api_name=False)
            send.click(**ev)
            question.submit(**ev)
            halt.click(stop, None, None, queue=False, api_name=False)
        with gr.Tab("Model"):
            gr.Markdown(f"**Aktiv model:** {active.label}")
            gr.Dataframe(
                headers=["Aktiv", "Model", "Størrelse", "RAM-behov", "Hentet", "Passer til maskinen", "Kvalitet"],
                value=model_rows(),
                interactive=False,
                wrap=True,
            )
            gr.Markdown("Hent en model i terminalen med `coach models download ID` og vælg den med `coach models use ID`.")
    demo.queue(default_concurrency_limit=1, max_size=32, api_open=False)
    return demo


def main() -> None:
    demo = build_demo()
    kwargs = privacy.launch_kwargs()
    print(f"MUS Coach kører på http://{kwargs['server_name']}:{kwargs['server_port']}  (stop med Ctrl+C)", flush=True)
    demo.launch(quiet=True, **kwargs)


if __name__ == "__main__":
    main()
