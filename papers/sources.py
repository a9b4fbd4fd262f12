"""Local sources: a folder of `<id>.pdf|.txt|.md` files, the id with or without version.

Old-style ids name their files with `_` for the slash (`hep-th_9901001v1.pdf`). File names are never built from
raw input: only from a parsed id's `filename_stem`, matched against the folder's own listing. Only regular files
inside the folder are used: a link whose target lies outside the folder (or is not a regular file), a FIFO or a
device is refused, and the refusal kept in `refused` so it can be reported.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from papers.errors import PapersError, UnreadableSource
from papers.files import is_inside, read_regular_file
from papers.ids import ArxivId
from papers.limits import Limits

SUFFIXES = (".pdf", ".txt", ".md")


class LocalSources:
    """The files of one folder, indexed by name once."""

    def __init__(self, directory: Path, limits: Limits | None = None):
        self.dir = Path(directory).expanduser()
        self.limits = limits or Limits()
        if not self.dir.is_dir():
            problem = "is a file, not a folder" if self.dir.exists() else "folder does not exist"
            raise PapersError(f"{self.dir}: --papers {problem}")
        self.root = self.dir.resolve()
        self.by_stem: dict[str, list[Path]] = {}
        self.refused: dict[Path, str] = {}  # a source-named entry not used -> why
        try:
            entries = sorted(self.dir.iterdir())
        except OSError as error:
            raise PapersError(f"{self.dir}: cannot list --papers folder ({error.strerror or error})") from error
        for path in entries:
            if path.suffix.lower() not in SUFFIXES:
                continue
            refusal = self.problem(path)
            if refusal:
                self.refused[path] = refusal
            else:
                self.by_stem.setdefault(path.stem, []).append(path)

    def problem(self, path: Path) -> str | None:
        """Why an entry of the folder cannot be a source (None: it can)."""
        if not is_inside(path, self.root):
            return f"a link to {os.path.realpath(path)}, outside {self.dir}; not read"
        try:
            mode = path.stat().st_mode
        except OSError as error:
            return f"cannot be read ({error.strerror or error})"
        if not stat.S_ISREG(mode):
            return "not a regular file; not read"
        return None

    def warnings(self) -> list[str]:
        """One line per refused entry."""
        return [f"{path}: refused as a local source: {why}" for path, why in self.refused.items()]

    def refusal_for(self, paper: ArxivId) -> str | None:
        """The refusal of an entry named like this paper's files, if any."""
        stems = (paper.filename_stem, paper.bare_stem)
        pattern = re.compile(re.escape(paper.bare_stem) + r"(v[1-9]\d{0,2})?")
        for path, why in self.refused.items():
            if path.stem in stems or pattern.fullmatch(path.stem):
                return f"{path}: refused as a local source: {why}"
        return None

    def read(self, path: Path) -> bytes:
        """The bytes of one listed source, checked again at read time: inside the folder, regular, not too large."""
        if not is_inside(path, self.root):
            raise UnreadableSource(f"{path}: refused as a local source: it leads outside {self.dir}", path=str(path),
                                   reason="outside the folder")
        return read_regular_file(path.resolve(), self.limits.max_local_bytes)

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

    def nearest(self, paper: ArxivId) -> tuple[Path, str] | None:
        """For a cited version the folder does not hold: another version of the paper that it does hold -- the
        latest one before the cited version, else the earliest one after it. None when there is none."""
        if not paper.version:
            return None
        cited = int(paper.version[1:])
        versions = [(int(v[1:]), v, p) for v, p in self.versions(paper).items() if v != paper.version]
        before = [item for item in versions if item[0] < cited]
        after = [item for item in versions if item[0] > cited]
        pick = before[-1] if before else (after[0] if after else None)
        return (pick[2], pick[1]) if pick else None
