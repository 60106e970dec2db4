"""Which models are installed, which one is active, and how to choose another.

The active model is, in order: ``COACH_MODEL`` (an id or a .gguf path), the user's choice saved by
``coach models use``, the best installed catalogue model that fits in RAM, else the embedded model.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from coach import paths, settings, system
from coach.errors import CoachError, ModelError
from coach.models import gguf, manifest
from coach.models.catalog import Catalog, ModelSpec, load_catalog

GB = 1024**3


@dataclass(frozen=True)
class Choice:
    """The model to run: a catalogue entry (``spec``) and/or a file path chosen by the user."""

    spec: ModelSpec | None
    path: Path | None

    @property
    def id(self) -> str:
        return self.spec.id if self.spec else str(self.path)

    @property
    def label(self) -> str:
        return self.spec.label if self.spec else f"Egen fil: {self.path.name if self.path else '?'}"

    @property
    def embedded(self) -> bool:
        return bool(self.spec and self.spec.embedded)


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


def _resolve(value: str, catalog: Catalog) -> Choice:
    if value.endswith(".gguf") or os.sep in value:
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


def active(catalog: Catalog | None = None) -> Choice:
    """The model the app should use now."""
    catalog = catalog or load_catalog()
    forced = os.environ.get("COACH_MODEL")
    if forced:
        return _resolve(forced, catalog)
    saved = settings.read().get("active_model")
    if isinstance(saved, str) and saved:
        try:
            return _resolve(saved, catalog)
        except CoachError:
            pass  # the saved model was deleted or damaged: fall back quietly to the best one available
    spec = best_installed(catalog)
    return Choice(spec=spec, path=installed_path(spec) if not spec.embedded else None)


def use(value: str) -> Choice:
    """Select a catalogue id or a .gguf path as the active model (saved in the user's settings)."""
    choice = _resolve(value, load_catalog())
    settings.write(active_model=str(choice.path) if choice.spec is None else choice.spec.id)
    return choice


def model_file(choice: Choice) -> Path:
    """The file to load for a choice; assembles the embedded model on first use."""
    if choice.embedded:
        from coach.models import embedded

        return embedded.ensure(choice.spec)  # type: ignore[arg-type]
    assert choice.path is not None
    return choice.path
