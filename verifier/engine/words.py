"""Content stems for lexical matching, built on the project's one tokenizer and stemmer (`grammar.lexicon`)."""

from __future__ import annotations

from grammar.lexicon import STOPWORDS, stem, tokens

__all__ = ["content_stems", "is_number"]


def content_stems(text: str) -> list[str]:
    """Stems of the non-stop-word tokens of `text`, in order (numbers included as written)."""
    return [stem(token) for token in tokens(text) if token not in STOPWORDS]


def is_number(token: str) -> bool:
    return token[:1].isdigit()
