"""Mål: a vague wish becomes a SMART goal. The criterion check is shown as a checklist, the rewrite can be edited,
and a goal can go straight into the development plan."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr

from coach import guard
from coach.capabilities import smart
from coach.store.workspace import GoalItem, Workspace
from ui import after
from ui.common import (
    AUTOSAVE,
    INSTANT,
    QUIET,
    Context,
    assign,
    autosave,
    clear,
    draft,
    failed_text,
    guarded,
    load,
    model_event,
    not_danish,
    not_saved,
    problem,
    progress_line,
    save_draft,
    saved_text,
    short,
    stop,
    update,
)
from ui.jobs import Job, attempt_text, common_phase

EXAMPLES = [
    "Jeg vil gerne blive bedre til Excel.",
    "Jeg vil gerne have mere ansvar i projekterne.",
    "Jeg vil blive bedre til at holde oplæg for kunderne inden sommerferien.",
    "Jeg vil gerne tage et kursus i projektledelse.",
]
DRAFT = "goal"  # the goal you are still writing, kept in Workspace.drafts
GOAL_LIMIT = smart.CAPABILITY.max_chars  # the core's limit; the box itself never cuts a paste short
REWRITE_LIMIT = 2_000
CHECKING = "Tjekker forslaget mod SMART-kriterierne …"
FINDING = "Tjekker dit mål mod SMART-kriterierne …"
# Older cores wrote a vague internal verdict into the warnings; the user gets plain words instead.
FALLBACK_NOTE = ("Modellens forslag levede ikke op til SMART-tjekket, så her er appens egen skabelon med "
                 "pladsholdere, som du selv udfylder.")
MET, MISSING = "✓", "✗"  # plain Unicode (no emoji font needed), always with the words «opfyldt» / «mangler»


def criterion_line(title: str, ok: bool, reason: str) -> str:
    """One line of the SMART checklist: the mark and the word carry the verdict, the reason explains it."""
    verdict = f"{MET} **{title}: opfyldt.**" if ok else f"{MISSING} **{title}: mangler.**"
    return f"- {verdict}" + (f" {reason}" if reason else "")


def check_markdown(result: smart.SmartResult) -> str:
    lines = ["**Dit mål tjekket mod SMART-kriterierne:**", ""]
    for criterion in smart.CRITERIA:
        ok = result.input_check.get(criterion, False)
        lines.append(criterion_line(smart.TITLES[criterion], ok, result.reasons.get(criterion, "")))
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
    warnings = [FALLBACK_NOTE if w.startswith("Modellens forslag holdt ikke") else w for w in result.warnings]
    lines += [""] + [f"> {w}" for w in dict.fromkeys(warnings)]
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
    """[goal (the unfinished draft), check, rewrite, questions, example, current goal id, saved goals]: the results
    of a switched workspace start clean."""
    return [draft(ws, DRAFT), "", "", "", gr.update(value="", visible=False), None, list_markdown(ws)]


# -- handlers --------------------------------------------------------------------------------------------------------
def progress_text(watch) -> str:
    if (text := common_phase(watch)) is not None:
        return text
    if watch.phase == "writing":
        return attempt_text(watch, "et forslag til et SMART-mål")
    return CHECKING if watch.phase == "checking" else FINDING


@guarded
def run_smart(ws_id: str | None, goal: str | None, request: gr.Request = None):
    """Goal -> SMART check and rewrite, saved as a GoalItem.

    Yields [progress, check, rewrite, questions, example, goal id, saved goals, status]: first what is happening,
    then the result. An empty, too long, garbled or non-Danish goal gives a Danish warning before any model work,
    and nothing changes on the page."""
    guard.check(goal, what=smart.CAPABILITY.what, max_chars=GOAL_LIMIT)
    foreign = not_danish(goal, "dit mål")
    if foreign:
        raise problem(foreign)
    load(ws_id)
    job = Job(request, lambda backend, cancel: smart.run(goal or "", backend, cancel=cancel))
    for watch in job.progress():
        yield [progress_text(watch), *[gr.skip()] * 7]
    if job.closed:
        return  # the tab is gone: nothing saved from an unfinished run
    result, _trace = job.result
    item = GoalItem(goal=(goal or "").strip(), rewrite=result.rewrite, check=dict(result.input_check),
                    questions=list(result.questions))
    example = example_markdown(result)
    shown = [check_markdown(result), result.rewrite, questions_markdown(result),
             gr.update(value=example, visible=bool(example))]
    try:
        ws = update(ws_id, lambda w: w.goals.append(item))
    except Exception as exc:
        yield ["", *shown, None, gr.skip(), failed_text(exc)]
        return
    yield ["", *shown, item.id, list_markdown(ws), saved_text(ws)]


@guarded
def save_rewrite(ws_id: str | None, goal_id: str | None, text: str | None) -> tuple:
    """The user edits the proposed goal; returns (saved goals, status)."""
    if not goal_id:
        return gr.skip(), gr.skip()
    result: dict = {}

    def change(ws: Workspace) -> bool:
        result["ws"] = ws
        return any(assign(g, "rewrite", text or "") for g in ws.goals if g.id == goal_id)

    if (refused := not_saved(text, REWRITE_LIMIT)) is not None:
        return gr.skip(), refused
    status = autosave(ws_id, change)
    return (list_markdown(result["ws"]) if "ws" in result else gr.skip()), status


@guarded
def add_to_plan(ws_id: str | None, rewrite: str | None, goal: str | None) -> tuple:
    """The (edited) proposal, or the goal as written, goes into the plan; returns (plan rows, status)."""
    text = (rewrite or "").strip() or (goal or "").strip()
    if not text:
        raise problem("Der er intet mål at tilføje. Skriv dit mål, og tryk på «Gør målet SMART» først.")
    rows, status = after.add_plan_item(ws_id, text)
    gr.Info("Målet er lagt i udviklingsplanen under «Efter samtalen».", title="Tilføjet")
    return rows, status


# -- layout -----------------------------------------------------------------------------------------------------------
def build(ctx: Context) -> SimpleNamespace:
    gr.Markdown("Skriv et udviklingsønske, som du ville sige det. Appen tjekker det mod SMART "
                "(specifikt, målbart, accepteret, relevant, tidsbestemt) og foreslår en skarpere udgave.")
    goal = gr.Textbox(label="Dit mål eller udviklingsønske", lines=1, max_lines=6,
                      placeholder="Fx: Jeg vil gerne blive bedre til Excel. (Tryk Enter for at tjekke det.)",
                      elem_id="goal-input")
    gr.Examples(EXAMPLES, goal, label="Eksempler, du kan prøve", api_visibility="private")
    with gr.Row(elem_classes=["run-row"]):
        run = gr.Button("Gør målet SMART", variant="primary", scale=4, elem_id="goal-run")
        halt = gr.Button("Stop", variant="stop", scale=1, min_width=100, elem_id="goal-stop")
    progress = progress_line("goal-progress")
    with gr.Row():
        with gr.Column(scale=1, min_width=320):
            check = gr.Markdown("", elem_id="goal-check", container=True, padding=True,
                                elem_classes=["hide-when-empty"])
        with gr.Column(scale=1, min_width=320):
            rewrite = gr.Textbox(label="Forslag til SMART-mål (ret det gerne)", lines=3, max_lines=10,
                                 buttons=["copy"], elem_id="goal-rewrite")
            questions = gr.Markdown("", elem_id="goal-questions", line_breaks=True)
            example = gr.Markdown("", visible=False, elem_id="goal-example", elem_classes=["example-box"],
                                  container=True, padding=True)
            add = gr.Button("Tilføj til udviklingsplanen", elem_id="goal-add-plan")
    goal_id = gr.State(None)
    saved = gr.Markdown("", elem_id="goal-list")

    gr.on([run.click, goal.submit], run_smart, [ctx.ws, goal],
          [progress, check, rewrite, questions, example, goal_id, saved, ctx.status], **model_event(progress)).then(
        clear, None, progress, **INSTANT)  # also after a failure: the progress line never sticks
    halt.click(stop, None, None, **INSTANT)
    goal.change(save_goal_draft, [ctx.ws, goal], ctx.status, **AUTOSAVE)
    rewrite.change(save_rewrite, [ctx.ws, goal_id, rewrite], [saved, ctx.status], **AUTOSAVE)
    return SimpleNamespace(outputs=[goal, check, rewrite, questions, example, goal_id, saved], goal=goal, run=run,
                           rewrite=rewrite, add=add, stop=halt)


@guarded
def save_goal_draft(ws_id: str | None, goal: str | None):
    """The goal you are still writing is kept in the workspace (restored when it opens)."""
    return save_draft(ws_id, DRAFT, goal, GOAL_LIMIT)


def wire(ctx: Context, view: SimpleNamespace, plan: gr.Dataframe) -> None:
    """Events that reach into another tab (the plan lives under «Efter samtalen»)."""
    view.add.click(add_to_plan, [ctx.ws, view.rewrite, view.goal], [plan, ctx.status], **QUIET)
