"""The one seam between the app and a language model."""

from coach.backend.base import Backend, Completion, Message, PromptInput, Sampling
from coach.backend.fake import FakeBackend

__all__ = ["Backend", "Completion", "FakeBackend", "Message", "PromptInput", "Sampling"]
