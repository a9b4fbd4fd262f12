"""`verifier parse`, `audit`, `table` and `check`: the commands that read reports."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from verifier.cli.app import (
    CacheOpt,
    ConfigOpt,
    JobsOpt,
    ModelOpt,
    OfflineOpt,
    OutputOpt,
    PapersOpt,
    ParseFormat,
    ReportsArg,
    app,
    error_line,
    project_config,
    skip_files_that_are_not_reports,
    user_errors,
)


@app.command()
@user_errors
def parse(
    reports: ReportsArg,
    format: Annotated[ParseFormat, typer.Option("--format", "-f", help="json (the contract's records), md, tsv or csv (claims only).")] = ParseFormat.json,
    output: OutputOpt = None,
) -> None:
    """Parse reports only: no network, no models.

    Folders are walked for .txt, .md and .pdf reports; several reports (or a folder) give a JSON array, even when
    some of them fail. Each bad file gets one line on stderr, the rest are still written, and the exit code is then 2.
    """
    from claims.collect import parse_paths
    from verifier.output import emit
    from verifier.render.parse import render_parsed

    parsed, errors = parse_paths(reports)
    for error in errors:
        sys.stderr.write(error_line(error))
    if parsed:
        emit(render_parsed(parsed, format.value, many=len(reports) > 1 or any(p.is_dir() for p in reports)), output)
    if errors:
        raise typer.Exit(2)


class AuditFormat(str, Enum):
    json = "json"
    md = "md"
    html = "html"
    junit = "junit"



@app.command()
@user_errors
def audit(
    reports: ReportsArg,
    papers: PapersOpt = None,
    offline: OfflineOpt = None,
    cache_dir: CacheOpt = None,
    model: ModelOpt = None,
    format: Annotated[AuditFormat, typer.Option("--format", "-f", help="json (the contract), md, html (self-contained) or junit (XML).")] = AuditFormat.json,
    output: OutputOpt = None,
    jobs: JobsOpt = None,
    replication: Annotated[Path | None, typer.Option("--replication", metavar="FILE", help="A `verifier replicate` result.json: label the claims it speaks to replicated / not_replicated / inconclusive.")] = None,
    config: ConfigOpt = None,
) -> None:
    """Parse, resolve, fetch, check every claim and write the audit.

    Each claim gets a verdict (supported, partial, contradicted, unsupported, unverifiable), a calibrated confidence, page-anchored evidence and an explanation.

    Findings flag marks that disagree, missing or unreadable references, a title matching no cited paper, and claims stated only in another version.

    Several reports (or a folder) give a JSON array; a report that fails to parse is reported and skipped (exit 2).
    """
    import os

    from verifier.commands.audit import run_audit
    from verifier.output import emit
    from verifier.settings import resolve_settings

    project = project_config(reports, config)
    settings = resolve_settings(project, cache_dir=cache_dir, papers_dir=papers,
                                offline=offline, model=model, jobs=jobs)
    many = len(reports) > 1 or any(Path(p).is_dir() for p in reports)  # by the input, so scripts see one shape
    from verifier.audit.gate import resolve_policy

    policy = resolve_policy(None, None, project) if format == AuditFormat.junit else None  # JUnit fails as `check` would
    errors = run_audit(reports, settings, format.value, many=many, replication=replication,
                       write=lambda text: emit(text, output), stderr=sys.stderr, environ=os.environ, policy=policy)
    if errors:
        raise typer.Exit(2)


@app.command()
@user_errors
def table(
    reports: ReportsArg,
    papers: PapersOpt = None,
    offline: OfflineOpt = None,
    cache_dir: CacheOpt = None,
    model: ModelOpt = None,
    with_evidence: Annotated[bool, typer.Option("--with-evidence", help="Add verdict, paper, page and quote columns.")] = False,
    in_place: Annotated[bool, typer.Option("--in-place", help="Rewrite each REPORT atomically, keeping the original as REPORT.bak (an existing .bak, from an earlier run, is kept).")] = False,
    check: Annotated[bool, typer.Option("--check", help="Write nothing; print a unified diff of what would change and exit 1 when any table would change.")] = False,
    force: Annotated[bool, typer.Option("--force", help="With --in-place or --check, go on even when no claim of a report could be checked.")] = False,
    output: OutputOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Regenerate the report's claims table in its own format (tab or pipe) with our verdict-based mark (✓ only for
    `supported`) and confidence, and correct the restated counts; everything else is kept byte for byte.
    A claim that could not be checked keeps its mark and confidence (a note on stderr says how many); when no claim
    of a report could be checked, --in-place and --check refuse (exit 2) unless --force.
    For a PDF report only the table is written. Several reports need --in-place or --check."""
    from verifier.commands.table import TableRequest, check_request, run_table
    from verifier.settings import resolve_settings

    request = TableRequest(in_place=in_place, check=check, force=force, output=output, with_evidence=with_evidence)
    check_request(reports, request)
    settings = resolve_settings(project_config(reports, config), papers_dir=papers, offline=offline,
                                cache_dir=cache_dir, model=model)
    code = run_table(reports, settings, request, sys.stdout, sys.stderr)
    if code:
        raise typer.Exit(code)


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    junit = "junit"
    sarif = "sarif"


@app.command()
@user_errors
def check(
    reports: ReportsArg,
    fail_on: Annotated[str | None, typer.Option("--fail-on", help="Comma-separated finding codes and claim verdicts that fail the gate; `none` for nothing. Default: contradicted,count_mismatch,malformed_reference,reference_not_found,title_mismatch, or `fail-on` in the tool.claims-verifier table of the nearest pyproject.toml.")] = None,
    min_confidence: Annotated[float | None, typer.Option("--min-confidence", help="Ignore verdicts (and claim findings) below this confidence, 0..1 (or `min-confidence` in pyproject.toml).")] = None,
    papers: PapersOpt = None,
    offline: OfflineOpt = None,
    cache_dir: CacheOpt = None,
    model: ModelOpt = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Papers fetched in parallel (default 4; arXiv API calls stay rate-limited).")] = None,
    allow_unverifiable: Annotated[bool | None, typer.Option("--allow-unverifiable/--no-allow-unverifiable", help="Pass claims that could not be checked and cited papers that could not be read (default: they fail; or `allow-unverifiable` in pyproject.toml).")] = None,
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="text (the gate's lines), json (gate record and audits), junit (XML) or sarif (2.1.0, for GitHub code scanning).")] = CheckFormat.text,
    output: OutputOpt = None,
    config: ConfigOpt = None,
    skip_non_reports: Annotated[bool, typer.Option("--skip-non-reports", help="Skip, with a note, named files that are not synthesis reports (paper sources or notes under reports/) instead of failing on them (exit 2); for pre-commit and CI, which pass every matching file.")] = False,
) -> None:
    """The CI gate: audit, print findings, exit 1 when anything in fail-on occurs or when a claim could not be
    checked or a cited paper could not be read (unless --allow-unverifiable); 0 clean, 2 bad input.
    With -o FILE the chosen format goes to FILE and the gate's lines to stdout, in the same run.
    Under GitHub Actions (GITHUB_ACTIONS=true) it also prints ::error/::warning annotations on stderr."""
    import os

    from verifier.audit.gate import resolve_policy
    from verifier.commands.check import run_check
    from verifier.output import emit
    from verifier.settings import resolve_settings

    if skip_non_reports:
        reports = skip_files_that_are_not_reports(reports)
        if not reports:
            sys.stdout.write("check passed: nothing to check (no synthesis report among the files given)\n")
            raise typer.Exit(0)
    project = project_config(reports, config)
    policy = resolve_policy(fail_on, min_confidence, project, allow_unverifiable)
    settings = resolve_settings(project, papers_dir=papers, offline=offline, cache_dir=cache_dir, model=model, jobs=jobs)
    write = None if output is None or str(output) == "-" else (lambda text: emit(text, output))
    raise typer.Exit(run_check(reports, settings, policy, sys.stdout, sys.stderr, os.environ, format.value, write))


