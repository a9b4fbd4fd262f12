"""Local sources: a folder of `<id>.pdf|.txt|.md` files, the id with or without version.

Old-style ids name their files with `_` for the slash (`hep-th_9901001v1.pdf`). File names are never built from
raw input: only from a parsed id's `filename_stem`, matched against the folder's own listing.
"""

from __future__ import annotations

import re
from pathlib import Path

from papers.errors import PapersError
from papers.ids import ArxivId

SUFFIXES = (".pdf", ".txt", ".md")


class LocalSources:
    """The files of one folder, indexed by name once."""

    def __init__(self, directory: Path):
        self.dir = Path(directory).expanduser()
        if not self.dir.is_dir():
            problem = "is a file, not a folder" if self.dir.exists() else "folder does not exist"
            raise PapersError(f"{self.dir}: --papers {problem}")
        self.by_stem: dict[str, list[Path]] = {}
        for path in sorted(self.dir.iterdir()):
            if path.suffix.lower() in SUFFIXES and path.is_file():
                self.by_stem.setdefault(path.stem, []).append(path)

    def first(self, stem: str) -> Path | None:
        """The file for a stem, preferring .pdf, then .txt, then .md."""
        paths = self.by_stem.get(stem, [])
        for suffix in SUFFIXES:
            for path in paths:
                if path.suffix.lower() == suffix:
                    return path
        return None

    def versions(self, paper: ArxivId) -> dict[str, Path]:
        """Versioned files of a paper: {"v1": path, ...}, in version order."""
        pattern = re.compile(re.escape(paper.bare_stem) + r"(v[1-9]\d{0,2})")
        found = {}
        for stem in self.by_stem:
            match = pattern.fullmatch(stem)
            if match and (path := self.first(stem)):
                found[match[1]] = path
        return dict(sorted(found.items(), key=lambda item: int(item[0][1:])))

    def find(self, paper: ArxivId) -> tuple[Path, str | None] | None:
        """The source for a cited paper and the version it holds (None: unversioned file).

        Cited version: `<id>vN.*`, else `<id>.*` (assumed to be that version). No version: `<id>.*`, else the
        highest `<id>vN.*`.
        """
        if paper.version:
            exact = self.first(paper.filename_stem)
            if exact:
                return exact, paper.version
            bare = self.first(paper.bare_stem)
            return (bare, paper.version) if bare else None
        bare = self.first(paper.bare_stem)
        if bare:
            return bare, None
        versions = self.versions(paper)
        if versions:
            version, path = list(versions.items())[-1]
            return path, version
        return None
