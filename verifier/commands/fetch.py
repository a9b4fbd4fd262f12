"""`verifier fetch` as a library call: parse the ids (a bad one is reported, the others still fetched), fetch each
distinct paper once with a progress bar on a terminal, and print the papers as a table or as JSON.

The table is drawn with rich on a terminal; piped (not a terminal) it is tab-separated with a header line, so ids,
titles and statuses are never cut to the width of a terminal that is not there."""

from __future__ import annotations

from typing import TextIO

from papers.errors import PapersError
from papers.models import Paper
from verifier.settings import Settings

COLUMNS = ("id", "version", "title", "pages", "passages", "status", "note")
FAILED_STATUSES = frozenset({"not_found", "unavailable"})


def parse_ids(texts: list[str]) -> tuple[list[tuple[str, None]], list[PapersError]]:
    """(versioned id, None) for each text that is an arXiv id or URL, and an error for each that is not."""
    from papers.ids import parse_arxiv_id

    items, errors = [], []
    for text in texts:
        try:
            items.append((parse_arxiv_id(text).versioned, None))
        except PapersError as error:
            errors.append(error)
    return items, errors


def fetch_ids(texts: list[str], settings: Settings, stderr: TextIO) -> tuple[list[Paper], list[PapersError]]:
    """The papers for the good ids among `texts` (each distinct one fetched once) and the errors for the bad ones."""
    from verifier.audit.library import open_library
    from verifier.progress import progress_for
    from verifier.terminal import styled, warn

    items, errors = parse_ids(texts)
    if not items:
        return [], errors
    progress = progress_for(stderr, enabled=styled(stderr))  # a bar on a terminal; piped output stays clean
    progress.stage("fetch", len(dict.fromkeys(items)))
    try:
        with open_library(settings, progress=lambda paper: progress.advance(f"{paper.arxiv_id}{paper.version or ''}")) \
                as library:
            papers, refused = library.get_many(items, jobs=settings.jobs), library.warnings()
    finally:
        progress.close()
    warn(stderr, refused)
    return papers, errors


def paper_row(paper: Paper) -> tuple[str, ...]:
    """The fetch table's cells for one paper (see COLUMNS)."""
    return (paper.arxiv_id, paper.version or "", paper.title or "", str(paper.pages), str(len(paper.passages)),
            str(paper.status), paper.message or "")


def paper_record(paper: Paper) -> dict[str, object]:
    """One paper for `--format json`: the table's fields, with numbers as numbers and no note as null."""
    return {"arxiv_id": paper.arxiv_id, "version": paper.version, "title": paper.title, "pages": paper.pages,
            "passages": len(paper.passages), "status": str(paper.status), "note": paper.message,
            "versions": paper.versions, "source": paper.source}


def render_papers(papers: list[Paper], fmt: str, stream: TextIO) -> None:
    """Write the papers to `stream`: `json` (an array), or `table` (rich on a terminal, tab-separated when piped).
    Titles and notes come from arXiv and local files: in the table they are plain text (no control character, no
    rich markup: `[/]` or `[link=…]` in a title prints as it is)."""
    from verifier.escaping import json_text, log_line, rich_text
    from verifier.terminal import is_terminal, rich_console

    if fmt == "json":
        stream.write(json_text([paper_record(paper) for paper in papers]) + "\n")
        return
    rows = [paper_row(paper) for paper in papers]
    if not is_terminal(stream):
        for cells in (COLUMNS, *rows):
            stream.write("\t".join(log_line(cell).replace("\t", " ") for cell in cells) + "\n")
        return
    from rich.table import Table

    table = Table(*COLUMNS)
    for column in ("id", "version", "status"):
        table.columns[COLUMNS.index(column)].no_wrap = True
    for cells in rows:
        table.add_row(*(rich_text(cell) for cell in cells))
    rich_console(stream, soft_wrap=False).print(table)


def any_failed(papers: list[Paper]) -> bool:
    """True when some paper is not_found or unavailable (`fetch` then exits 1)."""
    return any(str(paper.status) in FAILED_STATUSES for paper in papers)
