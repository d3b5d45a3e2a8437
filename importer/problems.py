"""What the import could not do, said where it happened."""

from __future__ import annotations

from dataclasses import dataclass


class ImportProblemError(Exception):
    """A source that cannot be read at all (missing, not HTML/WXR/JSON, malformed); the message says where."""


@dataclass(frozen=True)
class Note:
    """Something in an article the import could not map as it was: `where` is `source:line` or
    `source <element>`; `message` says what happened to it and why."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"
