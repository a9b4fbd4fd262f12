"""How the command line talks to people: verbosity (`-q` / `-v`), colour (none when `NO_COLOR` is set or the stream
is not a terminal, unless `FORCE_COLOR`), and the rich consoles built accordingly. Set once by the CLI."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TextIO

QUIET, NORMAL, VERBOSE = -1, 0, 1
_state = {"verbosity": NORMAL}


def set_verbosity(level: int) -> None:
    """QUIET (errors and results only), NORMAL, or VERBOSE (also which settings and files were used)."""
    _state["verbosity"] = max(QUIET, min(VERBOSE, level))


def verbosity() -> int:
    return _state["verbosity"]


def is_quiet() -> bool:
    return _state["verbosity"] <= QUIET


def is_verbose() -> bool:
    return _state["verbosity"] >= VERBOSE


def note(stream: TextIO, message: str) -> None:
    """An informational line (skipped files, what was written): shown unless quiet. Like every line below, it is
    written as one line without control characters (`log_line`), whatever file names or text it holds."""
    if not is_quiet():
        stream.write(_one_line(message) + "\n")
        stream.flush()


def detail(stream: TextIO, message: str) -> None:
    """A line only `-v` shows (settings used, config file found)."""
    if is_verbose():
        stream.write(_one_line(message) + "\n")
        stream.flush()


def warn(stream: TextIO, messages: list[str]) -> None:
    """`warning: …` lines (shown even when quiet: something was refused or substituted, e.g. a local source that
    links out of its folder)."""
    for message in messages:
        stream.write(f"warning: {_one_line(message)}\n")
    if messages:
        stream.flush()


def _one_line(message: str) -> str:
    from verifier.escaping import log_line

    return log_line(message)


def no_color(environ: Mapping[str, str] | None = None) -> bool:
    """True when the NO_COLOR convention (https://no-color.org: set and not empty) asks for no colour."""
    return bool((environ if environ is not None else os.environ).get("NO_COLOR"))


def force_color(environ: Mapping[str, str] | None = None) -> bool:
    environ = environ if environ is not None else os.environ
    return not no_color(environ) and bool(environ.get("FORCE_COLOR"))


def is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def styled(stream: TextIO) -> bool:
    """Whether escape sequences (colour, bold, cursor movement) may be written to `stream`."""
    return force_color() or (not no_color() and is_terminal(stream))


def rich_console(stream: TextIO, **options: object):
    """A rich Console on `stream` that writes no escape sequence at all unless `styled(stream)`."""
    from rich.console import Console

    if styled(stream):
        return Console(file=stream, force_terminal=True if force_color() else None, **options)  # type: ignore[arg-type]
    return Console(file=stream, color_system=None, force_terminal=False, **options)  # type: ignore[arg-type]
