"""Turning a report file's bytes into text: size limit, BOMs, UTF-8 with a cp1252/latin-1 fallback, binary refusal."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from claims.errors import ClaimsError

MAX_REPORT_BYTES = 50 * 1024 * 1024
"""Reports larger than this are refused before being read."""

_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
"""Control characters other than ordinary whitespace (tab, line feed, vertical tab, form feed, carriage return)."""
_MAX_CONTROL_SHARE = 0.02
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def check_size(path: Path) -> int:
    """The file's size in bytes; a ClaimsError when it exceeds MAX_REPORT_BYTES (the file is not read)."""
    return check_length(path.stat().st_size, path)


def check_length(size: int, source: str | Path) -> int:
    """`size` (bytes of a report); a ClaimsError naming `source` when it exceeds MAX_REPORT_BYTES."""
    if size > MAX_REPORT_BYTES:
        megabytes = size / (1024 * 1024)
        raise ClaimsError(
            f"file is {megabytes:.0f} MB, larger than the {MAX_REPORT_BYTES // (1024 * 1024)} MB a report may have",
            path=source,
        )
    return size


def read_limited(path: Path) -> bytes:
    """The file's bytes, refusing files over the size limit without reading them (also if it grows meanwhile) and
    anything but a regular file (opening a FIFO would wait for a writer forever)."""
    if not path.is_file():
        raise ClaimsError("not a regular file (a FIFO, device or socket); reports are regular files", path=path)
    check_size(path)
    with path.open("rb") as handle:
        data = handle.read(MAX_REPORT_BYTES + 1)
    if len(data) > MAX_REPORT_BYTES:
        raise ClaimsError("file grew past the size limit while being read", path=path)
    return data


def control_share(text: str) -> float:
    """Share of characters that are control characters other than ordinary whitespace."""
    if not text:
        return 0.0
    return len(_CONTROLS.findall(text)) / len(text)


def _looks_like_text(text: str) -> bool:
    return "\x00" not in text and control_share(text) <= _MAX_CONTROL_SHARE


def decode_report(data: bytes, source: str) -> str:
    """Decode report bytes: UTF-8 (BOM optional), UTF-16 with a BOM, else cp1252 then latin-1 when the result reads
    as text. Raises ClaimsError for empty input and for binary data."""
    if not data.strip():
        raise ClaimsError("file is empty", path=source)
    decoded = decode_exactly(data)
    if decoded is None:
        raise ClaimsError("not a text report: binary data (not UTF-8, cp1252 or latin-1 text)", path=source)
    text = decoded[0].lstrip("\ufeff")
    if not text.strip():
        raise ClaimsError("file is empty", path=source)
    return text


def decode_exactly(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) for the first decoding that succeeds and reads as text, or None for binary data. The text
    gives the bytes back exactly when encoded again (a UTF-8 BOM stays as U+FEFF)."""
    if data.startswith(_UTF16_BOMS):
        candidates: tuple[str, ...] = ("utf-16",)
    elif b"\x00" in data:
        return None
    else:
        candidates = ("utf-8", "cp1252", "latin-1")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, encoding
    return None
