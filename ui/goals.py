"""Mål: a vague wish becomes a SMART goal. The criterion check is shown as a checklist, the rewrite can be edited,
and a goal can go straight into the development plan."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr

from coach import runtime, smart
from coach.workspace import GoalItem, Workspace
from ui import after
from ui.common import (AUTOSAVE, MODEL_EVENT, QUIET, Context, assign, autosave, failed_text, guarded, load, saved_text,
                       short, update)

EXAMPLES = [
    "Jeg vil gerne blive bedre til Excel.",
    "Jeg vil gerne have mere ansvar i projekterne.",
    "Jeg vil blive bedre til at holde oplæg for kunderne inden sommerferien.",
    "Jeg vil gerne tage et kursus i projektledelse.",
]


def check_markdown(result: smart.SmartResult) -> str:
    lines = ["**Dit mål tjekket mod SMART-kriterierne:**", ""]
    for criterion in smart.CRITERIA:
        ok = result.input_check.get(criterion, False)
        lines.append(f"- {'✅' if ok else '❌'} **{smart.TITLES[criterion]}:** {result.reasons.get(criterion, '')}")
    met = sum(result.input_check.get(c, False) for c in smart.CRITERIA)
    lines += ["", f"Dit mål opfylder {met} af {len(smart.CRITERIA)} kriterier."]
    if result.rewrite_check:
        missing = [smart.TITLES[c].lower() for c in smart.CRITERIA if not result.rewrite_check.get(c)]
        if not missing:
            text = "**Forslaget nedenfor** opfylder alle fem kriterier"
            text += ", når du har udfyldt [pladsholderne]." if "[" in result.rewrite else "."
        else:
            text = (f"**Forslaget nedenfor** opfylder {len(smart.CRITERIA) - len(missing)} af {len(smart.CRITERIA)}. "
                    f"Det mangler stadig: {', '.join(missing)}.")
        lines += ["", text]
    lines += [""] + [f"> {w}" for w in result.warnings]
    return "\n".join(lines).rstrip()


def questions_markdown(result: smart.SmartResult) -> str:
    lines = []
    if result.questions:
        lines += ["**Spørgsmål, der kan udfylde hullerne** (og erstatte [pladsholderne]):"]
        lines += [f"- {q}" for q in result.questions]
    if result.responsibility:
        lines += ["", "**Hvem gør hvad:**", result.responsibility]
    if result.follow_up:
        lines += ["", f"**Opfølgning:** {result.follow_up}"]
    return "\n".join(lines).strip()


def example_markdown(result: smart.SmartResult) -> str:
    if not result.example:
        return ""
    return f"**Eksempel – opdigtet, så tilpas det til dig selv:**\n\n{result.example}"


def list_markdown(ws: Workspace) -> str:
    if not ws.goals:
        return "*Ingen mål endnu.*"
    lines = [f"**Dine mål ({len(ws.goals)}):**"]
    for g in ws.goals:
        met = sum(bool(v) for v in g.check.values())
        lines.append(f"- {short(g.rewrite or g.goal, 160)} *(dit oprindelige mål: {met} af {len(g.check) or 5} "
                     "kriterier)*")
    return "\n".join(lines)


def values(ws: Workspace) -> list:
    """[check, rewrite, questions, example, current goal id, saved goals]: a switched workspace starts clean."""
    return ["", "", "", gr.update(value="", visible=False), None, list_markdown(ws)]


# -- handlers --------------------------------------------------------------------------------------------------------
@guarded
def run_smart(ws_id: str | None, goal: str | None, progress=gr.Progress()) -> list:
    """Goal -> SMART check and rewrite, saved as a GoalItem.

    Returns [check, rewrite, questions, example, goal id, saved goals, status]."""
    load(ws_id)
    progress(0.05, desc="Tjekker dit mål og skriver et forslag …")
    result, _trace = smart.run(goal or "", runtime.open_backend())
    item = GoalItem(goal=(goal or "").strip(), rewrite=result.rewrite, check=dict(result.input_check),
                    questions=list(result.questions))
    example = example_markdown(result)
    shown = [check_markdown(result), result.rewrite, questions_markdown(result),
             gr.update(value=example, visible=bool(example))]
    try:
        ws = update(ws_id, lambda w: w.goals.append(item))
    except Exception as exc:
        return [*shown, None, gr.skip(), failed_text(exc)]
    return [*shown, item.id, list_markdown(ws), saved_text(ws)]


@guarded
def save_rewrite(ws_id: str | None, goal_id: str | None, text: str | None) -> tuple:
    """The user edits the proposed goal; returns (saved goals, status)."""
    if not goal_id:
        return gr.skip(), gr.skip()
    result: dict = {}

    def change(ws: Workspace) -> bool:
        result["ws"] = ws
        return any(assign(g, "rewrite", text or "") for g in ws.goals if g.id == goal_id)

    status = autosave(ws_id, change)
    return (list_markdown(result["ws"]) if "ws" in result else gr.skip()), status


@guarded
def add_to_plan(ws_id: str | None, rewrite: str | None, goal: str | None) -> tuple:
    """The (edited) proposal, or the goal as written, goes into the plan; returns (plan rows, status)."""
    text = (rewrite or "").strip() or (goal or "").strip()
    rows, status = after.add_plan_item(ws_id, text)
    gr.Info("Målet er lagt i udviklingsplanen under «Efter samtalen».", title="Tilføjet")
    return rows, status


# -- layout -----------------------------------------------------------------------------------------------------------
def build(ctx: Context) -> SimpleNamespace:
    gr.Markdown("Skriv et udviklingsønske, som du ville sige det. Appen tjekker det mod SMART "
                "(specifikt, målbart, accepteret, relevant, tidsbestemt) og foreslår en skarpere udgave.")
    goal = gr.Textbox(label="Dit mål eller udviklingsønske", lines=1, max_lines=6, max_length=2_000,
                      placeholder="Fx: Jeg vil gerne blive bedre til Excel. (Tryk Enter for at tjekke det.)",
                      elem_id="goal-input")
    gr.Examples(EXAMPLES, goal, label="Eksempler, du kan prøve", api_visibility="private")
    run = gr.Button("Gør målet SMART", variant="primary", elem_id="goal-run")
    with gr.Row():
        with gr.Column(scale=1, min_width=320):
            check = gr.Markdown("", elem_id="goal-check", container=True, padding=True)
        with gr.Column(scale=1, min_width=320):
            rewrite = gr.Textbox(label="Forslag til SMART-mål (ret det gerne)", lines=3, max_lines=10,
                                 max_length=2_000, buttons=["copy"], elem_id="goal-rewrite")
            questions = gr.Markdown("", elem_id="goal-questions", line_breaks=True)
            example = gr.Markdown("", visible=False, elem_id="goal-example", elem_classes=["example-box"],
                                  container=True, padding=True)
            add = gr.Button("Tilføj til udviklingsplanen", elem_id="goal-add-plan")
    goal_id = gr.State(None)
    saved = gr.Markdown("", elem_id="goal-list")

    run.click(run_smart, [ctx.ws, goal], [check, rewrite, questions, example, goal_id, saved, ctx.status],
              **MODEL_EVENT)
    goal.submit(run_smart, [ctx.ws, goal], [check, rewrite, questions, example, goal_id, saved, ctx.status],
                **MODEL_EVENT)
    rewrite.change(save_rewrite, [ctx.ws, goal_id, rewrite], [saved, ctx.status], **AUTOSAVE)
    return SimpleNamespace(outputs=[check, rewrite, questions, example, goal_id, saved], goal=goal, run=run,
                           rewrite=rewrite, add=add)


def wire(ctx: Context, view: SimpleNamespace, plan: gr.Dataframe) -> None:
    """Events that reach into another tab (the plan lives under «Efter samtalen»)."""
    view.add.click(add_to_plan, [ctx.ws, view.rewrite, view.goal], [plan, ctx.status], **QUIET)
