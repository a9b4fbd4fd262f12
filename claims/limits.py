"""Bounds on what a report may make the parser do: line and field lengths, number sizes, PDF inflation, and a
per-file time budget. All tunables live in `LIMITS` (one place); functions read it at call time."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from claims.errors import ClaimsError


@dataclass(frozen=True)
class ParseLimits:
    """What one report may cost. Exceeding a limit is bad input (a ClaimsError or a finding), never a hang."""

    parse_seconds: float = 20.0
    """Wall-clock budget for parsing one file; past it the file is refused as too complex."""
    max_line_chars: int = 200_000
    """Longest line a text report may have."""
    max_shown_chars: int = 80
    """Longest piece of report text quoted in a message."""
    max_number_digits: int = 15
    """Longest stated count or score (digits); longer ones give a `number_too_large` finding."""
    max_pdf_pages: int = 2_000
    """Most pages a PDF report may have."""
    pdf_page_seconds: float = 2.0
    """Time added to a PDF report's budget for each of its pages (text extraction is slow)."""
    max_inflated_bytes: int = 256 * 1024 * 1024
    """Most bytes one compressed PDF object may inflate to."""


LIMITS = ParseLimits()

_deadline: ContextVar[tuple[float, str] | None] = ContextVar("claims_parse_deadline", default=None)


def shorten(text: str, limit: int | None = None) -> str:
    """`text` cut to `limit` characters (default `LIMITS.max_shown_chars`) with `…` marking the cut."""
    limit = LIMITS.max_shown_chars if limit is None else limit
    return text if len(text) <= limit else text[: limit - 1] + "…"


@contextmanager
def time_budget(source: str) -> Iterator[None]:
    """Give the parse of `source` `LIMITS.parse_seconds`; `check_time` inside raises once it is spent. Nested uses
    keep the outer budget."""
    if _deadline.get() is not None:
        yield
        return
    token = _deadline.set((time.monotonic() + LIMITS.parse_seconds, source))
    try:
        yield
    finally:
        _deadline.reset(token)


def extend_time(seconds: float) -> None:
    """Give the current parse `seconds` more (e.g. for each page of a PDF); no-op outside `time_budget`."""
    current = _deadline.get()
    if current is not None:
        _deadline.set((current[0] + seconds, current[1]))


def check_time(line: int | None = None) -> None:
    """Raise a ClaimsError when the current parse has used up its time budget (no-op outside `time_budget`)."""
    current = _deadline.get()
    if current is not None and time.monotonic() > current[0]:
        raise ClaimsError(
            f"parsing took longer than {LIMITS.parse_seconds:g} s; the file is too large or too complex to be a report",
            path=current[1], line=line,
        )
