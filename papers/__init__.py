"""Resolve, fetch, cache and extract cited arXiv papers."""

from papers.errors import PapersError
from papers.models import Paper, Passage

__all__ = ["Paper", "PapersError", "Passage"]
