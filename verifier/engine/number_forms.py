"""Numbers written in forms the main quantity pattern does not read: rates as fractions ("1/2000", "1 in 2,000"),
powers of ten as the extractor writes superscripts ("2.3 · 10^19", "10^9"), and footnote markers ("BERT^6"),
which are no numbers at all."""

from __future__ import annotations

import re
from typing import NamedTuple

YEAR = re.compile(r"^(19|20)\d\d$")


class NumberForm(NamedTuple):
    """A number read from one of these forms: its value, written text, span and tolerance."""

    value: float
    text: str
    start: int
    end: int
    tolerance: float

_FRACTION = re.compile(r"(?<![\w/.,])(?P<a>\d+)(?:\s?/\s?|\sin\s)(?P<b>\d{1,3}(?:,\d{3})+|\d+)(?![\w/]|[.,]\d)")


def fractions(text: str) -> list[NumberForm]:
    """Rates written as fractions, "1/2000", "3/1000", "1 in 2,000", as the value they state. Pairs of scores
    ("70/80"), dates (12/05/2020) and "5 in 2019" are not fractions."""
    found = []
    for match in _FRACTION.finditer(text):
        a, b = int(match.group("a")), int(match.group("b").replace(",", ""))
        slash = "/" in match.group(0)
        rate = (a == 1 or b >= 100) if slash else (a == 1 and b >= 10 and not YEAR.match(match.group("b")))
        if b == 0 or a >= b or not rate:
            continue
        value = a / b
        found.append(NumberForm(value, match.group(0), match.start(), match.end(), 1e-9 * value))
    return found


_POWER = re.compile(r"(?<![\w.])(?:(?P<m>\d+(?:\.\d+)?)\s*[·×x*]\s*)?10\^(?P<e>[+-−]?\d{1,3})(?![\d.])")
_MARKER = re.compile(r"(?<=[A-Za-z)\]])\^\d{1,2}(?![\d.])")


def powers(text: str) -> list[NumberForm]:
    """Powers of ten with the mantissa before them: "2.3 · 10^19" is 2.3e19, "10^9" is 1e9 (a superscript kept as
    `^` by the extractor). The tolerance is half a unit of the mantissa's last digit, scaled."""
    found = []
    for match in _POWER.finditer(text):
        mantissa = match.group("m") or "1"
        exponent = int(match.group("e").replace("−", "-"))
        decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
        scale = 10.0 ** exponent
        found.append(NumberForm(float(mantissa) * scale, match.group(0), match.start(), match.end(),
                                0.5 * 10.0 ** -decimals * scale))
    return found


def footnote_markers(text: str) -> list[tuple[int, int]]:
    """Spans of footnote markers, a superscript number right after a word ("BERT^6", "results)^2")."""
    return [(match.start(), match.end()) for match in _MARKER.finditer(text)]
