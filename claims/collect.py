"""Parsing many reports: files and folders (walked recursively), going on past bad files."""

from __future__ import annotations

import sys
from pathlib import Path

from claims.decoding import MAX_REPORT_BYTES
from claims.errors import ClaimsError, NotAReportError
from claims.models import Report
from claims.parser import REPORT_SUFFIXES, parse_bytes, parse_file

STDIN = "-"


def report_files(folder: Path) -> list[Path]:
    """`.txt`, `.md` and `.pdf` regular files under `folder`, sorted; hidden files and folders, README files and
    links leading out of the folder are left out."""
    root = folder.resolve()
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or path.stem.lower() == "readme":
            continue
        if path.suffix.lower() in REPORT_SUFFIXES and path.is_file() and _inside(path, root):
            found.append(path)
    return sorted(found)


def _inside(path: Path, root: Path) -> bool:
    """`path`, with every link followed, lies inside `root`."""
    return path.resolve().is_relative_to(root)


def parse_paths(paths: list[Path]) -> tuple[list[Report], list[ClaimsError]]:
    """Parse every report named or found in a named folder. A bad file gives an error and the rest are still
    parsed; a missing path or a folder without reports is an error; files in a folder that are not reports are
    skipped. A report whose table has malformed rows is returned and also gives one error per such row.
    The path `-` is standard input (text or PDF; its source is `-`)."""
    reports: list[Report] = []
    errors: list[ClaimsError] = []
    for path in map(Path, paths):
        if str(path) == STDIN:
            _parse_stdin(reports, errors)
        elif path.is_dir():
            _parse_folder(path, reports, errors)
        elif not path.exists():
            errors.append(ClaimsError("no such file or folder", path=path))
        else:
            _parse_one(path, reports, errors)
    return reports, errors


def split_non_reports(paths: list[Path]) -> tuple[list[Path], list[NotAReportError]]:
    """`paths` without the named files that read fine but are not synthesis reports (paper sources kept beside
    reports, notes), and the error of each one left out. Folders, `-` and files that fail otherwise are kept, for
    the real run to read and report."""
    kept: list[Path] = []
    skipped: list[NotAReportError] = []
    for path in map(Path, paths):
        if str(path) != STDIN and path.is_file():
            try:
                parse_file(path)
            except NotAReportError as error:
                skipped.append(error)
                continue
            except ClaimsError:
                pass
        kept.append(path)
    return kept, skipped


def _parse_stdin(reports: list[Report], errors: list[ClaimsError]) -> None:
    stream = getattr(sys.stdin, "buffer", None)
    try:
        data = stream.read(MAX_REPORT_BYTES + 1) if stream is not None else sys.stdin.read().encode("utf-8")
    except OSError as error:
        errors.append(ClaimsError(f"cannot read standard input: {error.strerror or error}", path=STDIN))
        return
    if len(data) > MAX_REPORT_BYTES:
        errors.append(ClaimsError(f"standard input is larger than {MAX_REPORT_BYTES // 2**20} MB", path=STDIN))
        return
    try:
        reports.append(parse_bytes(data, STDIN))
    except ClaimsError as error:
        errors.append(error)


def _parse_folder(folder: Path, reports: list[Report], errors: list[ClaimsError]) -> None:
    candidates = sum(_parse_one(path, reports, errors, skip_non_reports=True) for path in report_files(folder))
    if candidates == 0:
        errors.append(ClaimsError("folder contains no reports (.txt, .md or .pdf synthesis reports)", path=folder))


def _parse_one(path: Path, reports: list[Report], errors: list[ClaimsError], *, skip_non_reports: bool = False) -> bool:
    """Parse `path` into `reports`, or record its error. False when it was skipped as not a report."""
    try:
        report = parse_file(path)
    except NotAReportError as error:
        if skip_non_reports:
            return False
        errors.append(error)
        return True
    except ClaimsError as error:
        errors.append(error)
        return True
    reports.append(report)
    errors.extend(
        ClaimsError(finding.message + (f" (page {finding.page})" if finding.page else ""), path=path, line=finding.line)
        for finding in report.findings
        if finding.code == "malformed_row"
    )
    return True
