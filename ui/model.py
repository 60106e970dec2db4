"""Model: the catalogue (size, RAM need, fits this machine, downloaded, active), download with progress and a stop
button, and «Brug denne model». Downloading does not touch the loaded model; switching does (model queue).

Below the catalogue: GGUF models already on this machine (LM Studio, Ollama, the Hugging Face cache, Jan, GPT4All),
used where they lie, and a model server of the user's own (Ollama, LM Studio, llama-server, vLLM …). A server on
another machine needs the checkbox first, and while it is active the page's banner names the host."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import gradio as gr

from coach import system
from coach.backend import runtime
from coach.cancel import CancelRegistry
from coach.errors import CancelledError, CoachError
from coach.models import adapter, discovery, download, registry
from coach.models.catalog import ModelSpec, load_catalog
from ui.common import (
    INSTANT,
    MODEL_EVENT,
    QUIET,
    Context,
    guarded,
    problem,
    session_id,
    to_gr_error,
)

DOWNLOADS = CancelRegistry()  # per browser session, separate from the model's stop flags
HEADERS = ["Aktiv", "Model", "Størrelse", "RAM-behov", "Passer til maskinen", "Hentet", "Kvalitet"]  # model_rows()
NO_MODEL = "Vælg først en model i listen."

EMBEDDED_BANNER = (
    "**Du bruger den indbyggede lille model** med dens danske tilpasning. Den virker uden download og skriver selv, "
    "men den er lille: appens regler tjekker hvert svar og viser deres eget udkast, når modellens ikke holder. "
    "Hent en større model under *Model* for mere naturlige formuleringer (fx Gemma 3 4B eller 12B)."
)
EMBEDDED_NOTE = (
    "**Om den indbyggede model.** Gemma 3 270M følger med appen og virker uden internet, men den er meget lille. "
    "Den er trænet til netop appens opgaver med en dansk tilpasning, så den selv skriver STAR-udsagn, SMART-mål, "
    "forklaringer af indirekte feedback og lederens replikker ud fra det, du skriver. Appens faste danske regler "
    "tjekker hvert svar: tilføjer eller taber det et tal, finder det på noget, eller er det ikke rigtigt dansk, "
    "viser appen sit eget udkast i stedet og siger det. "
    "En større model giver mere naturligt sprog og bedre opfølgning på det, du siger – til gengæld fylder den "
    "4–8 GB, skal hentes én gang og kræver mere hukommelse. Intet af det, du skriver, forlader din computer, "
    "medmindre du selv vælger en modelserver på en anden maskine (nederst på siden)."
)
SERVER_NOTE = (
    "Kører du allerede en model i Ollama, LM Studio, Jan, llama.cpp's `llama-server` eller vLLM, kan appen bruge den. "
    "Skriv serverens adresse, fx `http://127.0.0.1:11434/v1` (Ollama), `http://127.0.0.1:1234/v1` (LM Studio) eller "
    "`http://127.0.0.1:8080/v1` (llama-server). Har serveren flere modeller, så skriv modellens navn efter `#`, fx "
    "`http://127.0.0.1:11434/v1#gemma3:12b`. En server på din egen computer (127.0.0.1 eller localhost) holder alt "
    "hos dig. Ligger serveren på en anden maskine, sendes dine tekster dertil, og det skal du bekræfte først."
)
REMOTE_CONFIRM = "Send mine tekster til serveren, selv om den ligger på en anden maskine"
NO_SERVER = "Skriv serverens adresse først, fx http://127.0.0.1:11434/v1"
NO_FOUND = "Vælg først en model i listen over modeller på din maskine."


def remote_banner(host: str) -> str:
    return (f"**Dine tekster sendes til {host}.** Du bruger en modelserver på en anden maskine: noter, mål, feedback og "
            "øvesamtaler, du beder appen om hjælp til, sendes dertil og behandles der. Vælg en anden model under "
            "*Model* for at holde alt på din egen computer.")


def _ram(spec: ModelSpec) -> str:
    return f"{spec.min_ram_gb:g} GB".replace(".", ",")


def model_rows() -> list[list[str]]:
    catalog = load_catalog()
    active = registry.active(catalog)
    return [["✓" if spec.id == active.id else "", spec.label, system.gb(spec.size_bytes), _ram(spec),
             "ja" if registry.fits_in_ram(spec) else "nej", "ja" if registry.is_installed(spec) else "nej", spec.quality]
            for spec in catalog.by_quality()]


def table_markdown() -> str:
    """The catalogue as a list of short cards (readable at any window width, in the page's own font); the quality
    note of the chosen model is shown below the list. The active model is marked «✓ I brug»."""
    lines = []
    for active, label, size, ram, fits, installed, _quality in model_rows():
        name = label.replace("[", "(").replace("]", ")")
        facts = [size, f"kræver mindst {ram} RAM",
                 "passer til denne computer" if fits == "ja" else "**for stor til denne computer**",
                 "hentet" if installed == "ja" else "ikke hentet"]
        mark = " · **✓\u00a0I\u00a0brug**" if active else ""
        lines.append(f"- **{name}**{mark}  \n{' · '.join(facts)}")
    return "\n".join(lines)


def model_choices() -> list[tuple[str, str]]:
    return [(spec.label, spec.id) for spec in load_catalog().by_quality()]


def active_markdown() -> str:
    try:
        active = registry.active()
    except CoachError as exc:
        return f"**Aktiv model:** kan ikke bruges lige nu. {exc}"
    return f"**Aktiv model:** {active.label}"


def banner_update():
    """The page's banner: the host the texts go to while a remote server is active, the embedded model's note
    while that one is, else hidden."""
    try:
        active = registry.active()
    except CoachError:
        return gr.update(value="", visible=False)
    if active.remote_host:
        return gr.update(value=remote_banner(active.remote_host), visible=True)
    return gr.update(value=EMBEDDED_BANNER, visible=active.embedded)


def model_info(model_id: str | None) -> str:
    if not model_id:
        return ""
    try:
        spec = load_catalog().get(model_id)
    except CoachError as exc:
        return str(exc)
    installed = registry.is_installed(spec)
    fits = registry.fits_in_ram(spec)
    lines = [f"**{spec.label}**", "", spec.quality, "",
             f"- Størrelse: {system.gb(spec.size_bytes)} · kræver mindst {_ram(spec)} RAM "
             f"(denne computer har {system.gb(system.total_ram())})",
             f"- Passer til denne computer: {'ja' if fits else 'nej – den vil sandsynligvis køre meget langsomt'}",
             f"- Hentet: {'ja' if installed else 'nej'}" + (" (følger med appen)" if spec.embedded else ""),
             *([f"- {adapter.status(spec)[:1].upper()}{adapter.status(spec)[1:]}"] if spec.adapter else []),
             f"- Licens: {spec.license}" + (" · kræver login hos Hugging Face" if spec.gated else "")]
    return "\n".join(lines)


def _bar(done: int, total: int) -> str:
    if total <= 0:
        return ""
    filled = round(20 * min(done, total) / total)
    return "▰" * filled + "▱" * (20 - filled)


def progress_text(spec: ModelSpec, done: int, total: int) -> str:
    if total and done >= total:
        return f"Kontrollerer **{spec.label}** (kontrolsum) … det tager et øjeblik."
    if done <= 0:
        return f"Forbinder til Hugging Face og begynder at hente **{spec.label}** ({system.gb(total)}) …"
    pct = int(100 * done / total) if total else 0
    return f"Henter **{spec.label}** … {system.gb(done)} af {system.gb(total)} ({pct} %)\n\n`{_bar(done, total)}`"


@guarded
def download_model(model_id: str | None, request: gr.Request = None):
    """Download in a worker thread and report progress twice a second. Yields [status, table, info]."""
    if not model_id:
        raise problem(NO_MODEL)
    spec = load_catalog().get(model_id)
    if spec.embedded:
        yield "Den indbyggede model følger med appen og skal ikke hentes.", gr.skip(), gr.skip()
        return
    if registry.is_installed(spec):
        yield f"**{spec.label}** er allerede hentet. Tryk på «Brug denne model» for at bruge den.", gr.skip(), gr.skip()
        return
    download.preflight(spec)  # disk space and RAM: a clear Danish message before anything is fetched
    key = session_id(request)
    cancel = DOWNLOADS.start(key)
    state: dict = {"done": 0, "total": spec.size_bytes}

    def report(done: int, total: int) -> None:
        state["done"], state["total"] = done, total or spec.size_bytes

    def work() -> None:
        try:
            state["path"] = download.download(spec, progress=report, cancel=cancel)
        except BaseException as exc:  # handed to the UI thread below
            state["error"] = exc

    worker = threading.Thread(target=work, name=f"download-{spec.id}", daemon=True)
    worker.start()
    try:
        yield progress_text(spec, 0, spec.size_bytes), gr.skip(), gr.skip()
        while worker.is_alive():
            worker.join(0.5)
            yield progress_text(spec, state["done"], state["total"]), gr.skip(), gr.skip()
        if isinstance(state.get("error"), CancelledError):
            yield str(state["error"]), gr.skip(), gr.skip()
            return
        if "error" in state:
            raise to_gr_error(state["error"], "download")
        yield (f"✓ **{spec.label}** er hentet og kontrolleret. Tryk på «Brug denne model» for at skifte til den.",
               table_markdown(), model_info(model_id))
    finally:
        if worker.is_alive():  # the page was closed or reloaded: stop the download, leave nothing half-done
            cancel.set()
        DOWNLOADS.finish(key, cancel)


def cancel_download(request: gr.Request = None) -> None:
    DOWNLOADS.cancel(session_id(request))


@guarded
def use_model(model_id: str | None) -> list:
    """Make a downloaded model the active one; returns [active, table, banner, info, status]."""
    if not model_id:
        raise problem(NO_MODEL)
    spec = load_catalog().get(model_id)
    if not registry.is_installed(spec):
        raise problem(f"«{spec.label}» er ikke hentet endnu. Tryk på «Hent modellen» først, og vælg den så.")
    choice = registry.use(model_id)
    runtime.reset()  # the next call loads the new model
    note = f"✓ Du bruger nu **{choice.label}**. Den indlæses, næste gang du beder appen om noget."
    if not registry.fits_in_ram(spec):
        note += (f"\n\n⚠ Modellen kræver mindst {_ram(spec)} RAM, og denne computer har "
                 f"{system.gb(system.total_ram())}. Den kan blive meget langsom eller ikke kunne starte.")
    return [active_markdown(), table_markdown(), banner_update(), model_info(model_id), note]


# -- models already on this machine, and model servers ---------------------------------------------------------------
def found_markdown(found: list[discovery.Found] | None = None) -> str:
    found = discovery.scan() if found is None else found
    if not found:
        return ("Appen fandt ingen GGUF-modeller fra LM Studio, Ollama, Hugging Face, Jan eller GPT4All på denne "
                "computer.")
    return "\n".join(f"- **{f.name.replace('[', '(').replace(']', ')')}** fra {f.source}  \n"
                     f"{system.gb(f.size)} · {f.architecture} · fundet på din maskine" for f in found)


def found_choices(found: list[discovery.Found] | None = None) -> list[tuple[str, str]]:
    found = discovery.scan() if found is None else found
    return [(f"{f.name} ({f.source})", f.ref) for f in found]


def servers_markdown() -> str:
    rows = []
    for server in registry.servers():
        name = f" · {registry.short_model(server.model)}" if server.model else ""
        where = f" · ⚠ dine tekster sendes til {server.host}" if not server.loopback else " · på denne computer"
        rows.append(f"- `{server.base_url}`{name}{where}")
    return ("**Servere, du har brugt:**\n" + "\n".join(rows)) if rows else ""


def _switched(choice: registry.Choice, note: str) -> list:
    runtime.reset()  # the next call uses the new model
    return [active_markdown(), table_markdown(), banner_update(), note, servers_markdown()]


@guarded
def use_found(ref: str | None) -> list:
    """Use a GGUF found on this machine, where it lies; returns [active, table, banner, status, servers]."""
    if not ref:
        raise problem(NO_FOUND)
    choice = registry.use(ref)  # checks the file like any GGUF (magic and version) before it is chosen
    return _switched(choice, f"✓ Du bruger nu **{choice.label}**. Filen bliver liggende, hvor den er, og indlæses, "
                             "næste gang du beder appen om noget.")


@guarded
def use_server(url: str | None, allow_remote: bool, api_key: str | None) -> list:
    """Connect to a model server and make it the active model; returns [active, table, banner, status, servers]."""
    from coach.backend.openai_server import ServerBackend

    url = (url or "").strip()
    if not url:
        raise problem(NO_SERVER)
    if not registry.is_server_ref(url):
        raise problem(f"«{url}» er ikke en serveradresse. {NO_SERVER}")
    choice = registry.resolve(url, allow_remote=bool(allow_remote))  # refuses a remote host before connecting
    key = (api_key or "").strip() or None
    probe = ServerBackend(choice.server, api_key=key or registry.api_key(choice.server))  # type: ignore[arg-type]
    try:
        probe.probe()  # a clear Danish message now if it is down or the model is unknown
        model, context, source = probe.model, probe.context_size, probe.context_source
    finally:
        probe.close()
    server = registry.Server(choice.server.base_url, model)  # type: ignore[union-attr]
    chosen = registry.use(server.ref, allow_remote=bool(allow_remote), api_key=key)
    note = (f"✓ Du bruger nu **{registry.short_model(model or '')}** på serveren {server.address}. Kontekst: "
            f"{context} tokens ({source}).")
    if chosen.remote_host:
        note += f"\n\n⚠ Dine tekster sendes til **{chosen.remote_host}**, når du beder appen om hjælp."
    return _switched(chosen, note)


def build_servers(ctx: Context, active: gr.Markdown, table: gr.Markdown) -> SimpleNamespace:
    found = discovery.scan()
    gr.Markdown("### Modeller, du allerede har på din maskine")
    found_md = gr.Markdown(found_markdown(found), elem_id="model-found")
    choices = found_choices(found)
    found_select = gr.Dropdown(label="Vælg en fundet model", choices=choices, value=choices[0][1] if choices else None,
                               visible=bool(choices), elem_id="model-found-select")
    found_use = gr.Button("Brug den fundne model", visible=bool(choices), elem_id="model-found-use")
    gr.Markdown("### Din egen modelserver")
    gr.Markdown(SERVER_NOTE, elem_id="model-server-note")
    with gr.Row(equal_height=True):
        url = gr.Textbox(label="Serverens adresse", placeholder="http://127.0.0.1:11434/v1#gemma3:12b", max_lines=1,
                         max_length=500, scale=3, min_width=260, elem_id="model-server-url")
        key = gr.Textbox(label="API-nøgle (kun hvis serveren kræver en)", type="password", max_lines=1,
                         max_length=500, scale=2, min_width=200, elem_id="model-server-key")
    remote = gr.Checkbox(label=REMOTE_CONFIRM, value=False, elem_id="model-server-remote")
    connect = gr.Button("Forbind og brug serveren", variant="primary", elem_id="model-server-use")
    servers = gr.Markdown(servers_markdown(), elem_id="model-servers")
    status = gr.Markdown("", elem_id="model-server-status")
    outputs = [active, table, ctx.banner, status, servers]
    found_use.click(use_found, found_select, outputs, **MODEL_EVENT)
    connect.click(use_server, [url, remote, key], outputs, **MODEL_EVENT)
    return SimpleNamespace(found=found_md, found_select=found_select, url=url, key=key, remote=remote,
                           connect=connect, servers=servers, status=status)


def build(ctx: Context) -> SimpleNamespace:
    active = gr.Markdown(active_markdown(), elem_id="model-active")
    gr.Markdown(EMBEDDED_NOTE, elem_id="model-embedded-note")
    gr.Markdown("### Modeller, appen kender (bedst på dansk først)")
    table = gr.Markdown(table_markdown(), elem_id="model-table")
    choices = model_choices()
    select = gr.Dropdown(label="Vælg en model", choices=choices, value=choices[0][1] if choices else None,
                         elem_id="model-select")
    info = gr.Markdown(model_info(choices[0][1]) if choices else "", elem_id="model-info")
    with gr.Row():
        fetch = gr.Button("Hent modellen", variant="primary", elem_id="model-download")
        cancel = gr.Button("Stop download", variant="stop", elem_id="model-cancel")
        use = gr.Button("Brug denne model", elem_id="model-use")
    status = gr.Markdown("", elem_id="model-status")

    select.change(model_info, select, info, **QUIET)
    fetch.click(download_model, select, [status, table, info], concurrency_id="download", concurrency_limit=1,
                api_name=False)
    cancel.click(cancel_download, None, None, **INSTANT)
    use.click(use_model, select, [active, table, ctx.banner, info, status], **MODEL_EVENT)
    own = build_servers(ctx, active, table)
    return SimpleNamespace(outputs=[active, table, info], table=table, active=active, select=select, info=info,
                           own=own)


def values() -> list:
    """Fresh model facts when a page opens (a download in another tab may have finished)."""
    return [active_markdown(), table_markdown()]
