"""Resolve, fetch, cache and extract cited arXiv papers.

Public API: `Library` (get / get_many), `parse_arxiv_id`, `extract_pdf`, `extract_text_source`,
`EXTRACTOR_VERSION`, and the records `Paper`, `Passage`, `PaperMetadata`, `ArxivId`, `Extraction`.
Everything but the error and the records is imported on first use, to keep `import papers` light.
"""

from importlib import import_module

from papers.errors import PapersError
from papers.models import Paper, PaperMetadata, Passage

LAZY = {
    "Library": "papers.library",
    "extract_pdf": "papers.extract",
    "EXTRACTOR_VERSION": "papers.extract",
    "Extraction": "papers.document",
    "extract_text_source": "papers.textsource",
    "ArxivId": "papers.ids",
    "parse_arxiv_id": "papers.ids",
}

__all__ = ["Paper", "PaperMetadata", "PapersError", "Passage", *LAZY]


def __getattr__(name: str):
    if name in LAZY:
        return getattr(import_module(LAZY[name]), name)
    raise AttributeError(f"module 'papers' has no attribute {name!r}")
