"""`verifier fetch`, `passages` and `cache`: the commands about papers and the paper cache."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from verifier.cli.app import (
    CacheOpt,
    ConfigOpt,
    OfflineOpt,
    PapersOpt,
    VerifierGroup,
    VerifierTyper,
    app,
    error_line,
    project_config,
    user_errors,
)


class FetchFormat(str, Enum):
    table = "table"
    json = "json"


@app.command()
@user_errors
def fetch(
    ids: Annotated[list[str], typer.Argument(metavar="ID_OR_URL", help="arXiv ids or URLs (abs/pdf/html, arXiv:ID, old-style ids, with or without version).")],
    cache_dir: CacheOpt = None,
    papers: PapersOpt = None,
    offline: OfflineOpt = None,
    format: Annotated[FetchFormat, typer.Option("--format", "-f", help="table (tab-separated when piped) or json (an array of papers).")] = FetchFormat.table,
    config: ConfigOpt = None,
) -> None:
    """Resolve, download and extract papers into the cache, then print id, version, title, pages, passages, status.

    A paper arXiv does not have (or a cited version that does not exist) is `not_found`; one that cannot be
    fetched now (offline without a local source, network trouble) is `unavailable`; the note says why, and the
    exit code is 1. An argument that is not an arXiv id gets one error line; the others are still fetched, and the
    exit code is 2.
    """
    from verifier.commands.fetch import any_failed, fetch_ids, render_papers
    from verifier.settings import resolve_settings

    settings = resolve_settings(project_config([], config), cache_dir=cache_dir, papers_dir=papers, offline=offline)
    fetched, errors = fetch_ids(ids, settings, sys.stderr)
    for error in errors:
        sys.stderr.write(error_line(error))
    if fetched:
        render_papers(fetched, format.value, sys.stdout)
    if errors:
        raise typer.Exit(2)
    if any_failed(fetched):
        raise typer.Exit(1)


class PassagesFormat(str, Enum):
    jsonl = "jsonl"
    text = "text"


@app.command()
@user_errors
def passages(
    papers_args: Annotated[list[str], typer.Argument(metavar="PAPER", help="arXiv ids or URLs, or .pdf/.txt/.md files.")],
    papers: PapersOpt = None,
    offline: OfflineOpt = None,
    cache_dir: CacheOpt = None,
    format: Annotated[PassagesFormat, typer.Option("--format", "-f", help="jsonl (one JSON object per passage) or text (one line per passage).")] = PassagesFormat.jsonl,
    config: ConfigOpt = None,
) -> None:
    """Print the passages the verifier reads for each PAPER: page, kind (text, table, figure, reference, footnote),
    section and text, and for a table row its number, caption, row path and cells with their column paths.

    A file is extracted directly; an id is resolved like `fetch` (local sources, cache, arXiv unless offline). A
    paper whose text cannot be had is named on stderr and the exit code is 1; an argument that is neither a file
    nor an arXiv id is bad input (exit 2).
    """
    from verifier.commands.passages import read_papers, render_passages, unreadable
    from verifier.settings import resolve_settings

    settings = resolve_settings(project_config([], config), cache_dir=cache_dir, papers_dir=papers, offline=offline)
    found, errors = read_papers(papers_args, settings, sys.stderr)
    for error in errors:
        sys.stderr.write(error_line(error))
    render_passages(found, format.value, sys.stdout)
    for paper in unreadable(found):
        sys.stderr.write(error_line(f"{paper.arxiv_id}{paper.version or ''}: {paper.status}: {paper.message or 'no text'}"))
    if errors:
        raise typer.Exit(2)
    if unreadable(found):
        raise typer.Exit(1)



cache_app = VerifierTyper(
    cls=VerifierGroup, name="cache", no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]},
    help="Inspect, check and empty the cache folder (papers, their extractions, embeddings).",
)
app.add_typer(cache_app, name="cache")


class InfoFormat(str, Enum):
    text = "text"
    json = "json"


def cache_folder(cache_dir: Path | None, config: Path | None) -> Path:
    from verifier.settings import resolve_settings

    return resolve_settings(project_config([], config), cache_dir=cache_dir).cache_dir


@cache_app.command("info")
@user_errors
def cache_info(
    cache_dir: CacheOpt = None,
    format: Annotated[InfoFormat, typer.Option("--format", "-f", help="text or json.")] = InfoFormat.text,
    config: ConfigOpt = None,
) -> None:
    """Size, papers, versions, stored files, extractor versions and embeddings in the cache.

    Changes nothing. A damaged index is reported with what to do about it (exit 1)."""
    from verifier.commands.cache import info_record, print_info

    record, problems = info_record(cache_folder(cache_dir, config))
    print_info(record, format.value, sys.stdout)
    for problem in problems:
        sys.stderr.write(error_line(problem))
    if problems:
        raise typer.Exit(1)


@cache_app.command("verify")
@user_errors
def cache_verify(cache_dir: CacheOpt = None, config: ConfigOpt = None) -> None:
    """Re-hash every stored file and check the index; exit 1 on any problem.

    Checks SQLite integrity, passage counts, versions pointing to stored files, stray or temporary files, and
    that the embedding cache reads. Prints each problem; changes nothing."""
    from verifier.commands.cache import verify

    result = verify(cache_folder(cache_dir, config))
    for problem in result.problems:
        sys.stdout.write(f"problem: {problem}\n")
    verdict = "ok" if result.ok else f"{len(result.problems)} problem{'s' if len(result.problems) != 1 else ''}"
    sys.stdout.write(f"{verdict}: {result.path}, {result.files_checked} files re-hashed\n")
    if not result.ok:
        raise typer.Exit(1)


@cache_app.command("clear")
@user_errors
def cache_clear(cache_dir: CacheOpt = None, config: ConfigOpt = None) -> None:
    """Delete everything the cache holds: index, files, embeddings.

    Nothing else in the folder is touched; works when the index is damaged. The next run fetches and extracts
    again."""
    from verifier.commands.cache import clear, human_size
    from verifier.terminal import note

    folder = cache_folder(cache_dir, config)
    freed = clear(folder)
    note(sys.stderr, f"cleared {folder} ({human_size(freed)} freed)")


