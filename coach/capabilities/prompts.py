"""Danish prompt templates: ``prompts/<capability>/<variant>.md`` with YAML front-matter.

Front-matter (validated, unknown keys rejected)::

    ---
    version: 1
    style: completion            # or chat
    description: …
    variables: [notes, draft]    # exactly the variables the body uses
    sampling: {temperature: 0.3, max_tokens: 200, stop: ["\\n\\n"]}
    ---

The body is Jinja2 with StrictUndefined. A chat template is split into messages by lines that are exactly
``[system]``, ``[user]`` or ``[assistant]``. User text only ever enters as a variable value: Jinja does not
evaluate values, so ``{{`` typed by a user stays text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import jinja2
import jinja2.meta
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coach import paths
from coach.backend.base import Message, PromptInput, Sampling
from coach.errors import CoachError

_ROLE_LINE = re.compile(r"^\[(system|user|assistant)\]\s*$", re.MULTILINE)


class PromptMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1)
    style: Literal["chat", "completion"]
    description: str = ""
    variables: list[str] = []
    sampling: dict = {}
    #: text the prompt ends with, which belongs to the answer (completion prompts start the first field)
    prefill: str = ""


class Template:
    """One prompt file."""

    def __init__(self, capability: str, variant: str, meta: PromptMeta, body: str, env: jinja2.Environment):
        self.capability = capability
        self.variant = variant
        self.meta = meta
        self.body = body
        self._template = env.from_string(body)
        self.used_variables = jinja2.meta.find_undeclared_variables(env.parse(body))

    @property
    def id(self) -> str:
        return f"{self.capability}/{self.variant}@{self.meta.version}"

    @property
    def sampling(self) -> Sampling:
        data = dict(self.meta.sampling)
        if "stop" in data:
            data["stop"] = tuple(data["stop"])
        return Sampling(**data)

    def render(self, **variables) -> PromptInput:
        missing = set(self.meta.variables) - set(variables)
        if missing:
            raise CoachError(f"Skabelonen {self.id} mangler variablerne: {', '.join(sorted(missing))}")
        if self.meta.style == "completion":
            # the answer continues right after the last label ("Situation:")
            return self._template.render(**variables).rstrip()
        # Chat: render string values as sentinels, split into messages, then put the values in, so a user
        # line such as "[system]" can never start a message of its own.
        sentinels = {k: f"\ue010{i}\ue011" for i, (k, v) in enumerate(variables.items()) if isinstance(v, str)}
        text = self._template.render(**(variables | sentinels))
        messages = split_messages(text)
        for message in messages:
            content = message["content"]
            for key, mark in sentinels.items():
                content = content.replace(mark, variables[key])
            message["content"] = content
        return messages


def split_messages(text: str) -> list[Message]:
    parts = _ROLE_LINE.split(text)
    messages: list[Message] = []
    # parts = [before, role, content, role, content, ...]
    for role, content in zip(parts[1::2], parts[2::2]):
        messages.append({"role": role, "content": content.strip("\n")})  # type: ignore[typeddict-item]
    if not messages:
        raise CoachError("En chatskabelon skal have mindst én [system]- eller [user]-sektion.")
    return messages


def _environment(root: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        keep_trailing_newline=True,
    )


def parse_file(path: Path, env: jinja2.Environment) -> Template:
    raw = path.read_text(encoding="utf-8")
    m = re.match(r"^---\n(.*?)\n---\n(.*)$", raw, re.DOTALL)
    if not m:
        raise CoachError(f"Skabelonen {path} mangler front-matter (--- … ---).")
    try:
        meta = PromptMeta.model_validate(yaml.safe_load(m.group(1)) or {})
    except (yaml.YAMLError, ValidationError) as exc:
        raise CoachError(f"Front-matter i {path} er ugyldig: {exc}") from exc
    return Template(path.parent.name, path.stem, meta, m.group(2), env)


@lru_cache(maxsize=64)
def _load(root: str, capability: str, variant: str) -> Template:
    root_path = Path(root)
    path = root_path / capability / f"{variant}.md"
    if not path.is_file():
        raise CoachError(f"Skabelonen {capability}/{variant} findes ikke i {root_path}.")
    return parse_file(path, _environment(root_path))


def load(capability: str, variant: str) -> Template:
    """Load ``prompts/<capability>/<variant>.md`` (cached)."""
    return _load(str(paths.prompts_dir()), capability, variant)


def for_style(capability: str, style: str) -> Template:
    """The chat or completion variant of a capability's prompt."""
    return load(capability, "chat" if style == "chat" else "completion")


def all_templates() -> list[Template]:
    root = paths.prompts_dir()
    env = _environment(root)
    return [parse_file(p, env) for p in sorted(root.glob("*/*.md")) if not p.parent.name.startswith("_")]
