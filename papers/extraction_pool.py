"""Several papers extracted at once, in worker processes.

PDF extraction is pure Python (pdfplumber), so threads fetching several papers still extract one page at a time;
`ExtractionPool` hands each extraction to one of `workers` spawned processes instead, so a batch citing three new
papers extracts them side by side on a multi-core machine. The result is the same `Extraction` (the worker runs
`papers.library.extract_bytes`); its errors come back as the same `PapersError` subclasses with their fields
(`PapersError` pickles them), and a worker that dies (killed, out of memory) is an `UnreadableSource` for that
paper, never a hang of the others. Workers are spawned, not forked: the caller has threads and open databases.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from papers.document import Extraction
from papers.errors import UnreadableSource

Extractor = Callable[[bytes, str, str, str, "str | None"], Extraction]


class ExtractionPool:
    """`workers` processes running `extractor(data, kind, name, arxiv_id, version)`, started on the first
    `extract` call; use as a context manager. `extractor` must be a module-level function (it is sent by name)."""

    def __init__(self, workers: int, extractor: Extractor):
        self.workers = max(1, workers)
        self.extractor = extractor
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def extract(self, data: bytes, kind: str, name: str, arxiv_id: str, version: str | None) -> Extraction:
        """`extractor(data, kind, name, arxiv_id, version)`, computed in a worker process."""
        if self._executor is None:
            self._executor = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        try:
            return self._executor.submit(self.extractor, data, kind, name, arxiv_id, version).result()
        except BrokenProcessPool as error:
            raise UnreadableSource(f"{name}: extraction stopped (its worker process died)", path=name,
                                   reason="worker process died") from error
