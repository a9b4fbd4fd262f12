"""`verifier passages` as a library call: the passages the verifier reads for a paper, the debugging view for a
verdict that looks wrong.

A PAPER argument is a file path (`.pdf`, `.txt`, `.md`: extracted directly, nothing cached) or an arXiv id or URL
(resolved through the library like `fetch`: local sources, cache, then arXiv unless offline). Each passage becomes
one record: `arxiv_id`, `version`, `page`, `kind`, `section`, `text`, and for a table row `table` (number, caption,
row path, cells with their column paths)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from papers.errors import PapersError
from papers.models import Paper, Passage
from verifier.settings import Settings

FILE_SUFFIXES = (".pdf", ".txt", ".md")


def passage_record(passage: Passage) -> dict[str, object]:
    """One passage as the JSON-lines record of the contract (the table structure only for table rows)."""
    record: dict[str, object] = {"arxiv_id": passage.arxiv_id, "version": passage.version, "page": passage.page,
                                 "kind": passage.kind, "section": passage.section, "text": passage.text}
    if passage.table is not None:
        table = passage.table
        record["table"] = {"number": table.number, "caption": table.caption, "row": list(table.row),
                           "cells": [{"column": list(cell.column), "value": cell.value} for cell in table.cells]}
    return record


def is_file_argument(text: str) -> bool:
    """Whether a PAPER argument names a file (an existing path, or a name ending in .pdf/.txt/.md)."""
    return Path(text).suffix.lower() in FILE_SUFFIXES or Path(text).is_file()


def file_paper(path: Path, settings: Settings) -> Paper:
    """The passages of a file the user names, as a resolved paper (its id taken from the file name when that is an
    arXiv id, e.g. `2005.13013v2.pdf`)."""
    from papers.ids import parse_arxiv_id
    from papers.library import extract_file
    from verifier.audit.library import library_limits

    arxiv_id, version = "", None
    try:
        ref = parse_arxiv_id(path.stem.replace("_", "/"))
        arxiv_id, version = ref.id, ref.version
    except PapersError:
        pass
    if path.suffix.lower() not in FILE_SUFFIXES:
        raise PapersError(f"{path}: a paper file must be .pdf, .txt or .md")
    extraction = extract_file(path, library_limits(settings), arxiv_id=arxiv_id, version=version)
    return Paper(arxiv_id=arxiv_id, version=version, status="resolved", title=extraction.title,
                 pages=extraction.pages, passages=extraction.passages, source=str(path))


def read_papers(arguments: list[str], settings: Settings, stderr: TextIO) -> tuple[list[Paper], list[PapersError]]:
    """The papers for `arguments` in order (files extracted, ids fetched once each), and the errors of arguments
    that are neither a readable file nor an arXiv id."""
    from papers.ids import parse_arxiv_id
    from verifier.commands.fetch import fetch_ids

    errors: list[PapersError] = []
    good_ids: list[str] = []
    for text in arguments:
        if not is_file_argument(text):
            try:
                parse_arxiv_id(text)
                good_ids.append(text)
            except PapersError as error:
                errors.append(error)
    fetched = iter(fetch_ids(good_ids, settings, stderr)[0] if good_ids else [])
    papers: list[Paper] = []
    for text in arguments:
        if is_file_argument(text):
            try:
                papers.append(file_paper(Path(text), settings))
            except PapersError as error:
                errors.append(error)
        elif text in good_ids:
            papers.append(next(fetched))
    return papers, errors


def render_passages(papers: Iterable[Paper], fmt: str, stream: TextIO) -> None:
    """`jsonl`: one JSON object per passage; `text`: one line per passage (`id vN p. 3 [table] section: text`)."""
    from verifier.escaping import json_text, terminal_text

    for paper in papers:
        for passage in paper.passages:
            if fmt == "jsonl":
                stream.write(json_text(passage_record(passage), indent=None) + "\n")
            else:
                where = f"{passage.arxiv_id or paper.source or ''}{passage.version or ''} p. {passage.page}"
                section = f" {passage.section}:" if passage.section else ""
                stream.write(terminal_text(f"{where} [{passage.kind}]{section} {passage.text}", newlines=False) + "\n")


def unreadable(papers: Iterable[Paper]) -> list[Paper]:
    """The papers whose text could not be had (not_found or unavailable)."""
    return [paper for paper in papers if paper.status != "resolved"]
