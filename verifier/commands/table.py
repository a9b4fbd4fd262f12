"""`verifier table` on a file: read the report's text in its own encoding, audit it, regenerate the table, and
write the result to stdout, a file, or back in place (atomically, keeping `REPORT.bak`)."""

from __future__ import annotations

import shutil
from pathlib import Path

from verifier.errors import VerifierError
from verifier.output import write_bytes_atomic
from verifier.settings import Settings
from verifier.render.claims_table import regenerate_table, render_table_only


def read_source(path: Path) -> tuple[str, str]:
    """The report's text and the encoding that gives its bytes back exactly: the parser's own decoding (UTF-8 with
    any BOM kept as U+FEFF, UTF-16 with a BOM, else cp1252 or latin-1)."""
    from claims.decoding import decode_exactly, read_limited

    decoded = decode_exactly(read_limited(path))
    if decoded is None:
        raise VerifierError(f"{path}: not a text report (binary data)")
    return decoded


def regenerate_file(path: Path, settings: Settings, with_evidence: bool, embedder=None) -> tuple[str, str]:
    """(new text, encoding) of `path` with its claims table regenerated from a fresh audit. For a PDF report only
    the regenerated table is returned (its bytes cannot be edited in place)."""
    from verifier.audit.batch import run_batch

    result = run_batch([path], settings, embedder=embedder)
    if result.errors:
        raise result.errors[0]
    report, audit = result.reports[0], result.audits[0]
    if path.suffix.lower() == ".pdf":
        return render_table_only(report, audit, with_evidence), "utf-8"
    text, encoding = read_source(path)
    return regenerate_table(text, report, audit, with_evidence), encoding


def write_in_place(path: Path, text: str, encoding: str) -> Path:
    """Copy `path` to `path.bak`, then replace `path` atomically with `text`; returns the backup's path."""
    if path.suffix.lower() == ".pdf":
        raise VerifierError(f"{path}: --in-place cannot rewrite a PDF; use -o FILE for the regenerated table")
    backup = path.with_name(path.name + ".bak")
    shutil.copy2(path, backup)
    write_bytes_atomic(path, text.encode(encoding))
    return backup
