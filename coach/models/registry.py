"""Which models are installed, which one is active, and how to choose another.

The active model is, in order: ``COACH_MODEL`` (an id, a .gguf path or a server address), the user's choice saved
by ``coach models use``, the best installed catalogue model that fits in RAM, else the embedded model.

A choice is a catalogue model, a GGUF file (chosen by path, or found on this machine by ``discovery``, e.g.
``ollama:gemma3:12b``), or an OpenAI-compatible server: ``http://127.0.0.1:11434/v1#gemma3:12b`` (``#name`` may be
left out when the server has one model). Resolving a choice never opens a connection. A server on this machine
(127.0.0.1, localhost, ::1) needs no ceremony; any other host must be confirmed first (``allow_remote``, the CLI's
``--allow-remote``, the Model tab's checkbox, or ``COACH_ALLOW_REMOTE=<host>`` for one run), because the user's
texts are then sent there. Servers the user chose are kept in the 0600 settings file, with an optional API key
(``COACH_API_KEY`` wins) that is never printed, logged or exported.
"""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from coach import paths, settings, system
from coach.errors import CoachError, ModelError
from coach.models import gguf, manifest
from coach.models.catalog import Catalog, ModelSpec, load_catalog

GB = 1024**3
API_KEY_ENV = "COACH_API_KEY"
ALLOW_REMOTE_ENV = "COACH_ALLOW_REMOTE"
OLLAMA_PREFIX = "ollama:"


@dataclass(frozen=True)
class Server:
    """An OpenAI-compatible server the user chose: its base URL (ending in the API root, usually /v1) and model."""

    base_url: str
    model: str | None = None

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    @property
    def address(self) -> str:
        """host:port as the user would recognise it (the default port spelled out)."""
        parts = urlsplit(self.base_url)
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{parts.port or (443 if parts.scheme == 'https' else 80)}"

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    @property
    def ref(self) -> str:
        """The choice as the user writes it: base URL, and ``#model`` when one is named."""
        return f"{self.base_url}#{self.model}" if self.model else self.base_url


def short_model(name: str) -> str:
    """A server's model name as people say it: llama-cpp-python's server names a model by its file path."""
    return name.replace("\\", "/").rsplit("/", 1)[-1] if name.lower().endswith(".gguf") else name


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_server_ref(value: str) -> bool:
    """Whether a choice is written as an address (``scheme://…``); only http and https are then accepted."""
    return re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", value.strip()) is not None


def parse_server(value: str) -> Server:
    """``http(s)://host[:port][/path][#model]`` → Server; a bare host gets the usual API root ``/v1``."""
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise ModelError(f"Serveradressen kan ikke læses: {value}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ModelError(f"Serveradressen kan ikke læses: {value}", hint="Skriv den som fx http://127.0.0.1:11434/v1")
    if parts.username or parts.password:
        raise ModelError("Skriv ikke brugernavn eller adgangskode i serveradressen.",
                         hint=f"En API-nøgle gives i miljøvariablen {API_KEY_ENV} eller gemmes under «Model».")
    if parts.query:
        raise ModelError(f"Serveradressen må ikke have en forespørgsel ('?…'): {value}")
    path = parts.path.rstrip("/") or "/v1"
    netloc = parts.netloc.lower()
    model = unquote(parts.fragment).strip() or None
    return Server(base_url=f"{parts.scheme}://{netloc}{path}", model=model)


@dataclass(frozen=True)
class Choice:
    """The model to run: a catalogue entry (``spec``), a file path chosen by the user, or a model server."""

    spec: ModelSpec | None
    path: Path | None
    server: Server | None = None
    #: how to name a file found on this machine (e.g. "gemma3:12b fra Ollama"); the saved choice for it
    title: str | None = None
    saved_as: str | None = None

    @property
    def id(self) -> str:
        if self.server is not None:
            return self.server.ref
        if self.saved_as:
            return self.saved_as
        return self.spec.id if self.spec else str(self.path)

    @property
    def label(self) -> str:
        if self.server is not None:
            model = f": {short_model(self.server.model)}" if self.server.model else ""
            where = f"på denne computer ({self.server.address})" if self.server.loopback else f"på {self.server.address}"
            return f"Modelserver {where}{model}"
        if self.title:
            return self.title
        return self.spec.label if self.spec else f"Egen fil: {self.path.name if self.path else '?'}"

    @property
    def embedded(self) -> bool:
        return bool(self.spec and self.spec.embedded)

    @property
    def remote_host(self) -> str | None:
        """The host the user's texts are sent to, when it is not this machine."""
        return self.server.host if self.server is not None and not self.server.loopback else None


def installed_path(spec: ModelSpec) -> Path | None:
    """The verified file of a downloaded model (cheap check), or None. The embedded model is always there."""
    if spec.embedded:
        entry = manifest.get(spec.id)
        return Path(entry.path) if entry else paths.models_dir() / spec.filename
    from coach.models import (
        download,  # one definition of "installed": manifest, catalogue sha256, cheap check
    )

    return download.is_installed(spec)


def is_installed(spec: ModelSpec) -> bool:
    return spec.embedded or installed_path(spec) is not None


def fits_in_ram(spec: ModelSpec) -> bool:
    return system.total_ram() >= spec.min_ram_gb * GB


def best_installed(catalog: Catalog | None = None) -> ModelSpec:
    catalog = catalog or load_catalog()
    for spec in catalog.by_quality():
        if not spec.embedded and fits_in_ram(spec) and installed_path(spec) is not None:
            return spec
    return catalog.embedded


# -- servers the user chose (settings) -----------------------------------------------------------------------------
def _servers() -> dict[str, dict]:
    data = settings.read().get("servers")
    return {k: v for k, v in data.items() if isinstance(v, dict)} if isinstance(data, dict) else {}


def servers() -> list[Server]:
    """The servers the user has chosen before (their base URLs, with the model last chosen on each)."""
    return [Server(base, entry.get("model") or None) for base, entry in _servers().items()]


def server_setting(server: Server, key: str):
    return _servers().get(server.base_url, {}).get(key)


def remember_server(server: Server, **changes) -> None:
    """Save facts about a server (``allow_remote``, ``context``, ``api_key``, ``model``); None removes a key."""
    data = _servers()
    entry = dict(data.get(server.base_url, {}))
    entry.update(changes)
    data[server.base_url] = {k: v for k, v in entry.items() if v is not None}
    settings.write(servers=data)


def forget_server(value: str) -> bool:
    server = parse_server(value)
    data = _servers()
    if data.pop(server.base_url, None) is None:
        return False
    changes: dict = {"servers": data}
    saved = settings.read().get("active_model")
    if isinstance(saved, str) and is_server_ref(saved) and parse_server(saved).base_url == server.base_url:
        changes["active_model"] = None
    settings.write(**changes)
    return True


def api_key(server: Server) -> str | None:
    """The API key for a server: ``COACH_API_KEY``, else the one saved for it. Never print or log it."""
    return os.environ.get(API_KEY_ENV) or server_setting(server, "api_key") or None


def remote_confirmed(server: Server) -> bool:
    if server.loopback or server_setting(server, "allow_remote") is True:
        return True
    allowed = {h.strip().strip("[]").lower() for h in os.environ.get(ALLOW_REMOTE_ENV, "").split(",")}
    return server.host.lower() in allowed


def _remote_refusal(server: Server) -> ModelError:
    return ModelError(
        f"Serveren {server.host} ligger ikke på din egen computer. Hvis du bruger den, sendes dine tekster "
        f"(noter, mål, feedback og øvesamtaler) til {server.host}.",
        hint=f"Er det i orden, så bekræft det én gang: coach models use {server.ref} --allow-remote "
             "(eller sæt kryds ved «Send mine tekster til serveren» under «Model»).",
    )


# -- choosing --------------------------------------------------------------------------------------------------------
def resolve(value: str, catalog: Catalog | None = None, *, allow_remote: bool = False) -> Choice:
    """A choice from what the user typed: catalogue id, .gguf path, ``ollama:name`` or server address."""
    catalog = catalog or load_catalog()
    value = value.strip()
    if is_server_ref(value):
        server = parse_server(value)
        if not (allow_remote or remote_confirmed(server)):
            raise _remote_refusal(server)
        return Choice(spec=None, path=None, server=server)
    if value.startswith(OLLAMA_PREFIX):
        from coach.models import discovery

        found = discovery.ollama_model(value[len(OLLAMA_PREFIX):])
        return Choice(spec=None, path=found.path, title=found.title, saved_as=found.ref)
    if value.endswith(".gguf") or os.sep in value or value.startswith("~"):
        path = Path(value).expanduser()
        if not path.is_file():
            raise ModelError(f"Filen findes ikke: {path}")
        gguf.check_header(path)
        return Choice(spec=None, path=path.resolve())
    spec = catalog.get(value)
    if not is_installed(spec):
        raise ModelError(
            f"Modellen '{spec.id}' er ikke hentet endnu.", hint=f"Hent den med: coach models download {spec.id}"
        )
    return Choice(spec=spec, path=None if spec.embedded else installed_path(spec))


_resolve = resolve  # the old name


def active(catalog: Catalog | None = None) -> Choice:
    """The model the app should use now."""
    catalog = catalog or load_catalog()
    forced = os.environ.get("COACH_MODEL")
    if forced:
        return resolve(forced, catalog)
    saved = settings.read().get("active_model")
    if isinstance(saved, str) and saved:
        try:
            return resolve(saved, catalog)
        except CoachError:
            pass  # the saved model was deleted or damaged: fall back quietly to the best one available
    spec = best_installed(catalog)
    return Choice(spec=spec, path=installed_path(spec) if not spec.embedded else None)


def use(value: str, *, allow_remote: bool = False, api_key: str | None = None, context: int | None = None) -> Choice:
    """Select a catalogue id, a .gguf path, a found model or a server as the active model (saved in settings).

    ``allow_remote`` is the user's explicit yes to sending texts to a server on another machine; it is saved with
    that server. ``api_key`` and ``context`` (the server's context length, where it does not report it) likewise."""
    choice = resolve(value, load_catalog(), allow_remote=allow_remote)
    if api_key is not None and not (api_key.isascii() and api_key.isprintable() and " " not in api_key):
        raise ModelError("API-nøglen kan ikke bruges: den må kun bestå af almindelige tegn (a–z, 0–9 og tegn som - "
                         "og _), uden mellemrum.")
    if choice.server is not None:
        server = choice.server
        remember_server(server, model=server.model,
                        allow_remote=True if not server.loopback else None,
                        **({"api_key": api_key} if api_key else {}),
                        **({"context": int(context)} if context else {}))
    settings.write(active_model=choice.id if (choice.server or choice.saved_as) else
                   (str(choice.path) if choice.spec is None else choice.spec.id))
    return choice


def model_file(choice: Choice) -> Path:
    """The file to load for a choice; assembles the embedded model on first use."""
    if choice.embedded:
        from coach.models import embedded

        return embedded.ensure(choice.spec)  # type: ignore[arg-type]
    if choice.server is not None:
        raise ModelError(f"{choice.label} er en server, ikke en fil.")
    assert choice.path is not None
    return choice.path
