"""`verifier table` on files: read each report's text in its own encoding, audit them as one batch, regenerate the
claims tables, and write the results to stdout, a file, back in place (atomically, keeping the first
`REPORT.bak`), or only compare them (`--check`: a unified diff of what would change)."""

from __future__ import annotations

import difflib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from claims.models import Report
from verifier.errors import VerifierError
from verifier.escaping import data_text, plain_path
from verifier.models import Audit
from verifier.output import write_bytes_atomic
from verifier.render.claims_table import keeps_report_values, regenerate_table, render_table_only
from verifier.settings import Settings


@dataclass
class Regenerated:
    """One report's table before and after: `before` is the source text (for a PDF, its table written with the
    report's own marks), `after` the regenerated text; `checked` counts the claims that got a verdict from text."""

    path: Path
    before: str
    after: str
    encoding: str
    claims: int
    checked: int
    pdf: bool = False

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @property
    def nothing_checked(self) -> bool:
        return self.claims > 0 and self.checked == 0


def read_source(path: Path) -> tuple[str, str]:
    """The report's text and the encoding that gives its bytes back exactly: the parser's own decoding (UTF-8 with
    any BOM kept as U+FEFF, UTF-16 with a BOM, else cp1252 or latin-1)."""
    from claims.decoding import decode_exactly, read_limited

    decoded = decode_exactly(read_limited(path))
    if decoded is None:
        raise VerifierError(f"{path}: not a text report (binary data)")
    return decoded


def source_file(source: str, given: list[Path]) -> Path:
    """The file a report's `source` names. The parser writes a name that is not printable (a newline, invalid
    UTF-8) escaped (`claims.errors.printable_path`), so such a source is looked up among the files given (and
    those walked in the folders given) by its printable form."""
    from claims.collect import report_files
    from claims.errors import printable_path

    path = Path(source)
    if path.exists():
        return path
    for item in given:
        for candidate in report_files(item) if item.is_dir() else [item]:
            if printable_path(candidate) == source:
                return candidate
    return path


def regenerate(report: Report, audit: Audit, with_evidence: bool, given: list[Path] | None = None) -> Regenerated:
    """The regenerated table of one audited report (a PDF gives its table alone); `given` are the paths named by
    the user (to find a report whose name the parser had to escape)."""
    from verifier.records import audit_skeleton

    path = source_file(report.source, list(given or []))
    checked = sum(1 for claim in audit.claims if not keeps_report_values(claim))
    if path.suffix.lower() == ".pdf":
        before = render_table_only(report, audit_skeleton(report), with_evidence=False)
        after = render_table_only(report, audit, with_evidence)
        return Regenerated(path, before, after, "utf-8", len(audit.claims), checked, pdf=True)
    text, encoding = read_source(path)
    after = regenerate_table(text, report, audit, with_evidence)
    return Regenerated(path, text, after, encoding, len(audit.claims), checked)


def regenerate_files(paths: list[Path], settings: Settings, with_evidence: bool, embedder=None,
                     progress=None) -> tuple[list[Regenerated], list[Exception]]:
    """Audit `paths` as one batch and regenerate each report's table; the inputs that failed come back as errors
    (a report without a claims table included), the others are still regenerated."""
    from verifier.audit.batch import run_batch

    result = run_batch(list(paths), settings, embedder=embedder, progress=progress)
    done, errors = [], list(result.errors)
    for report, audit in zip(result.reports, result.audits):
        try:
            done.append(regenerate(report, audit, with_evidence, list(paths)))
        except (VerifierError, OSError) as error:
            errors.append(error)
    return done, errors


def regenerate_file(path: Path, settings: Settings, with_evidence: bool, embedder=None) -> tuple[str, str]:
    """(new text, encoding) of one report with its claims table regenerated from a fresh audit. For a PDF report
    only the regenerated table is returned (its bytes cannot be edited in place)."""
    done, errors = regenerate_files([path], settings, with_evidence, embedder)
    if errors:
        raise errors[0]
    return done[0].after, done[0].encoding


def coverage_note(item: Regenerated) -> str | None:
    """The stderr line for a table with claims that could not be checked; None when every claim was checked."""
    if item.checked == item.claims:
        return None
    if item.nothing_checked:
        return (f"{plain_path(item.path)}: none of its {item.claims} claims could be checked (no cited paper could be read); "
                "their marks and confidences are kept, so the table is unchanged")
    missing = item.claims - item.checked
    return (f"{plain_path(item.path)}: {missing} of {item.claims} claims could not be checked; their marks and confidences "
            "are kept")


def table_diff(item: Regenerated) -> str:
    """A unified diff from the report as it is to the regenerated one, for a terminal or CI log: the file name
    quoted when it is not ordinary, control characters and escape sequences of the report's lines removed."""
    name = plain_path(item.path)
    diff = difflib.unified_diff(item.before.splitlines(keepends=True), item.after.splitlines(keepends=True),
                                fromfile=name, tofile=f"{name} (regenerated)")
    lines = (data_text(line.rstrip("\r\n")) + line[len(line.rstrip("\r\n")):] for line in diff)
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)


def keep_backup(path: Path) -> tuple[Path, bool]:
    """Copy `path` to `path.bak` unless that backup already exists (the first backup is kept); returns the backup's
    path and whether it was written now. The backup is created exclusively (never through a symlink, never over an
    existing file); an existing `.bak` that is not a regular file is an error."""
    backup = path.with_name(path.name + ".bak")
    data = path.read_bytes()
    info = path.stat()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(backup, flags, 0o600)
    except FileExistsError:
        if backup.is_symlink() or not backup.is_file():
            raise VerifierError(f"{backup}: exists and is not a regular file; remove it and run again") from None
        return backup, False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), stat.S_IMODE(info.st_mode))
        os.utime(backup, ns=(info.st_atime_ns, info.st_mtime_ns))
    except BaseException:
        backup.unlink(missing_ok=True)
        raise
    return backup, True


def write_in_place(path: Path, text: str, encoding: str) -> tuple[Path, bool]:
    """Keep the first `path.bak`, then replace `path` atomically with `text`; returns the backup's path and whether
    it was written by this run."""
    if path.suffix.lower() == ".pdf":
        raise VerifierError(f"{path}: --in-place cannot rewrite a PDF; use -o FILE for the regenerated table")
    backup, created = keep_backup(path)
    write_bytes_atomic(path, text.encode(encoding))
    return backup, created


@dataclass(frozen=True)
class TableRequest:
    """What `verifier table` is asked to do with the regenerated reports."""

    in_place: bool = False
    check: bool = False
    force: bool = False
    output: Path | None = None
    with_evidence: bool = False


def check_request(reports: list[Path], request: TableRequest) -> None:
    """Refuse combinations that cannot be honoured, before anything is audited."""
    if any(str(report) == "-" for report in reports):
        raise VerifierError("-: table needs the report as a file (it keeps every byte of it); stdin is not supported")
    if request.in_place and request.output is not None:
        raise VerifierError("use either --in-place or -o/--output, not both")
    if request.check and (request.in_place or request.output is not None):
        raise VerifierError("--check writes nothing; use it without --in-place and -o/--output")
    if not (request.in_place or request.check) and (len(reports) > 1 or any(Path(p).is_dir() for p in reports)):
        raise VerifierError("several reports (or a folder) need --in-place or --check; stdout and -o take one report")
    for report in reports:
        if request.in_place and report.suffix.lower() == ".pdf":
            raise VerifierError(f"{report}: --in-place cannot rewrite a PDF; use -o FILE for the regenerated table")


def run_table(reports: list[Path], settings: Settings, request: TableRequest, stdout: TextIO, stderr: TextIO) -> int:
    """Regenerate each report's table and write, rewrite or diff it as asked; the exit code: 2 when a report could
    not be read or (without --force) nothing of it could be checked, 1 when --check found a table that would
    change, else 0."""
    from verifier.escaping import log_line
    from verifier.terminal import note as say

    done, errors = regenerate_files(reports, settings, request.with_evidence)
    failed, changed = len(errors), 0
    for error in errors:
        stderr.write(f"error: {log_line(error)}\n")
    for item in done:
        note = coverage_note(item)
        if item.nothing_checked and (request.in_place or request.check) and not request.force:
            action = "rewrite" if request.in_place else "check"
            stderr.write(f"error: {plain_path(item.path)}: none of its {item.claims} claims could be checked "
                         f"(no cited paper could be read); refusing to {action} it without --force\n")
            failed += 1
            continue
        if note:
            say(stderr, f"note: {note}")
        if request.check:
            if item.changed:
                changed += 1
                stdout.write(table_diff(item))
        elif request.in_place:
            backup, created = write_in_place(item.path, item.after, item.encoding)
            kept = "original kept as" if created else "kept the earlier backup"
            say(stderr, f"rewrote {plain_path(item.path)} ({kept} {plain_path(backup)})")
        elif request.output is not None:
            write_bytes_atomic(request.output, item.after.encode(item.encoding))
        else:
            stdout.write(item.after)
    if request.check:
        say(stderr, f"table --check: {changed} of {len(done)} table{'s' if len(done) != 1 else ''} would change")
    if failed:
        return 2
    return 1 if request.check and changed else 0
