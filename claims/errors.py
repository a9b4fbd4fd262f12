"""The one error type of the `claims` package."""

from __future__ import annotations

import os
import re
from pathlib import Path

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable_path(path: str | Path) -> str:
    """A path as it can be printed anywhere: undecodable bytes (surrogate escapes) as `\\xNN`, control characters
    (newlines, ESC) as `\\n`, `\\x1b`; ordinary paths unchanged."""
    text = os.fspath(path)
    if any("\udc80" <= char <= "\udcff" for char in text):
        try:
            text = os.fsencode(text).decode("utf-8", "backslashreplace")
        except UnicodeError:
            pass  # other lone surrogates: escaped below
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _CONTROL.sub(lambda match: repr(match.group(0))[1:-1], text)


class ClaimsError(Exception):
    """A report could not be read. The message names the file and, where known, the line."""

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        self.path = printable_path(path) if path is not None else None
        self.line = line
        self.reason = " ".join(message.splitlines())
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.reason}" if where else self.reason


class NotAReportError(ClaimsError):
    """The file reads fine but is not a synthesis report (no claims table, stated claim counts or examined paper).
    Folder walks skip such files; a file named explicitly is an error."""
