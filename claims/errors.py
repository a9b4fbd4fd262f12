"""The one error type of the `claims` package."""

from __future__ import annotations

from pathlib import Path


class ClaimsError(Exception):
    """A report could not be read. The message names the file and, where known, the line."""

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        self.reason = message
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.reason}" if where else self.reason


class NotAReportError(ClaimsError):
    """The file reads fine but is not a synthesis report (no claims table, stated claim counts or examined paper).
    Folder walks skip such files; a file named explicitly is an error."""
