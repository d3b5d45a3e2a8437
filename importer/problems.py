"""What the import could not do, said where it happened."""

from __future__ import annotations

from dataclasses import dataclass


class ImportProblemError(Exception):
    """A source that cannot be read at all (missing, not HTML/WXR/JSON, malformed): `where` names the file
    (`file` or `file:line`), `reason` says what is wrong with it."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


@dataclass(frozen=True)
class Note:
    """Something in an article the import could not map as it was: `where` is `source:line` or
    `source <element>`; `message` says what happened to it and why."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"
