"""Grammars shared by `claims` and `papers`. A leaf package: it imports nothing of the project.

`grammar.arxiv_id`: the one grammar of arXiv identifiers (`parse_arxiv_id`, `find_arxiv_ids`, `ArxivIdError`).
"""

from grammar.arxiv_id import ArxivIdError, IdMatch, ParsedId, find_arxiv_ids, parse_arxiv_id, parse_version

__all__ = ["ArxivIdError", "IdMatch", "ParsedId", "find_arxiv_ids", "parse_arxiv_id", "parse_version"]
