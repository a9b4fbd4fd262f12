"""Parsing many reports: files and folders (walked recursively), going on past bad files."""

from __future__ import annotations

from pathlib import Path

from claims.errors import ClaimsError, NotAReportError
from claims.models import Report
from claims.parser import REPORT_SUFFIXES, parse_file


def report_files(folder: Path) -> list[Path]:
    """`.txt`, `.md` and `.pdf` files under `folder`, sorted; hidden files and folders and README files are left out."""
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or path.stem.lower() == "readme":
            continue
        if path.suffix.lower() in REPORT_SUFFIXES and path.is_file():
            found.append(path)
    return sorted(found)


def parse_paths(paths: list[Path]) -> tuple[list[Report], list[ClaimsError]]:
    """Parse every report named or found in a named folder. A bad file gives an error and the rest are still
    parsed; a missing path or a folder without reports is an error; files in a folder that are not reports are
    skipped. A report whose table has malformed rows is returned and also gives one error per such row."""
    reports: list[Report] = []
    errors: list[ClaimsError] = []
    for path in map(Path, paths):
        if path.is_dir():
            _parse_folder(path, reports, errors)
        elif not path.exists():
            errors.append(ClaimsError("no such file or folder", path=path))
        else:
            _parse_one(path, reports, errors)
    return reports, errors


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
