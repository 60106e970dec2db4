"""Errors that carry a Danish message meant for the user.

Every error a user can trigger is a CoachError: its ``message`` is shown as is in the CLI and the UI.
Anything else is a bug and is reported with a generic Danish message (never a stack trace in the UI).
"""

from __future__ import annotations


class CoachError(Exception):
    """An error with a clear Danish message for the user."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} {self.hint}"


class InputError(CoachError):
    """The user's input cannot be used (empty, binary, far too long ...)."""

    exit_code = 2


class InputTooLong(InputError):
    """The input does not fit in the model's context window next to the instructions."""

    def __init__(self, *, prompt_tokens: int, max_tokens: int, context: int) -> None:
        room = context - max_tokens
        over = prompt_tokens - room
        words = max(1, round(over * 0.6))
        super().__init__(
            f"Teksten er for lang til modellen: den fylder ca. {prompt_tokens} tokens med instruktionerne, "
            f"men der er kun plads til {room} (kontekst {context}, heraf {max_tokens} reserveret til svaret).",
            hint=f"Forkort teksten med mindst ca. {over} tokens (omkring {words} ord), eller del den op.",
        )
        self.prompt_tokens = prompt_tokens
        self.max_tokens = max_tokens
        self.context = context


class ModelError(CoachError):
    """The model file is missing, corrupt or cannot be loaded."""

    exit_code = 3


class DownloadError(CoachError):
    """A model download failed; nothing half-done is left behind."""

    exit_code = 4


class ResourceError(CoachError):
    """Not enough RAM or disk for what was asked."""

    exit_code = 5


class CancelledError(CoachError):
    """The user stopped the operation."""

    exit_code = 130

    def __init__(self, message: str = "Stoppet.") -> None:
        super().__init__(message)
