"""`verifier fetch` as a library call: parse the ids (a bad one is reported, the others still fetched), fetch each
distinct paper once with a progress bar on a terminal, and print the result table."""

from __future__ import annotations

from typing import TextIO

from papers.errors import PapersError
from papers.models import Paper
from verifier.settings import Settings


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
    from rich.console import Console
    from rich.progress import Progress

    from verifier.audit.library import open_library

    items, errors = parse_ids(texts)
    if not items:
        return [], errors
    console = Console(file=stderr)
    with Progress(console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("fetching papers", total=len(dict.fromkeys(items)))
        with open_library(settings, progress=lambda paper: bar.advance(task)) as library:
            return library.get_many(items, jobs=settings.jobs), errors


def print_papers(papers: list[Paper], stream: TextIO) -> None:
    """The fetch table: id, version, title, pages, passages, status, note."""
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "version", "title", "pages", "passages", "status", "note")
    for paper in papers:
        table.add_row(paper.arxiv_id, paper.version or "", paper.title or "", str(paper.pages),
                      str(len(paper.passages)), paper.status, paper.message or "")
    Console(file=stream, soft_wrap=False).print(table)
