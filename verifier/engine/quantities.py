"""Numbers as claims state them: integers with thousands separators, decimals, percentages, points, signs,
scale words, number words and ranges, with the rounding tolerance that the written precision implies.

Identifiers are not quantities: digits glued to letters (`XLM-R`, `GPT-2`, `v2`, `L6`), references to tables,
figures, sections and equations, bracketed citations and arXiv ids are skipped; four-digit years get their own unit
so that they are compared only with years.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "hundred": 100, "dozen": 12,
}
SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "millions": 1e6, "b": 1e9, "billion": 1e9, "billions": 1e9}
REFERENCE_WORDS = ("table", "tables", "figure", "figures", "fig", "fig.", "section", "sections", "sec", "sec.", "§",
                   "eq", "eq.", "equation", "appendix", "chapter", "step", "line", "lines", "page", "pages", "p.",
                   "algorithm", "row", "column", "layer", "version", "arxiv", "ref", "[")
MINUS_SIGNS = "-\u2212\u2013\u2014"
_MINUS_CLASS = r"\-\u2212\u2013\u2014"

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_SCALE = r"(?:\s?(?:thousand|millions?|billions?)\b|[kKMB]\b)"
_UNIT = r"(?:\s?%|\s?percent(?:age)?(?:\s+points?)?\b|\s?(?:points?|pts?\.?|pp)\b)"
_PATTERN = re.compile(
    rf"(?P<sign>[+±{_MINUS_CLASS}])?(?P<num>{_NUM})(?P<scale>{_SCALE})?(?P<unit>{_UNIT})?"
    rf"(?:\s?(?:[{_MINUS_CLASS}]|to)\s?(?P<sign2>[+{_MINUS_CLASS}])?(?P<num2>{_NUM})(?P<scale2>{_SCALE})?(?P<unit2>{_UNIT})?)?"
)
_SINGLE = re.compile(rf"(?P<sign>[+±{_MINUS_CLASS}])?(?P<num>{_NUM})(?P<scale>{_SCALE})?(?P<unit>{_UNIT})?")
_WORD_PATTERN = re.compile(r"\b(" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)
_YEAR = re.compile(r"^(19|20)\d\d$")


@dataclass(frozen=True)
class Quantity:
    """One number (or range) in a text, with what its written form says about unit and precision."""

    value: float
    text: str
    start: int
    end: int
    unit: str = "plain"  # plain | percent | points | year
    tolerance: float = 0.0  # half a unit of the last written digit
    signed: bool = False  # an explicit + or - was written
    high: float | None = None  # upper end of a range

    @property
    def is_range(self) -> bool:
        return self.high is not None


def _decimals(digits: str) -> int:
    return len(digits.split(".", 1)[1]) if "." in digits else 0


def _unit_of(unit: str | None) -> str:
    if not unit:
        return "plain"
    unit = unit.strip().lower()
    if unit.startswith("%") or (unit.startswith("percent") and "point" not in unit):
        return "percent"
    return "points"


def _scale_of(scale: str | None) -> float:
    if not scale:
        return 1.0
    return SCALES.get(scale.strip().lower(), 1.0)


def _value(sign: str | None, digits: str, scale: str | None) -> tuple[float, float]:
    """The signed value and its rounding tolerance."""
    factor = _scale_of(scale)
    value = float(digits.replace(",", "")) * factor
    tolerance = 0.5 * 10 ** (-_decimals(digits)) * factor
    if digits.replace(",", "").isdigit() and factor == 1.0:
        tolerance = 0.0  # an exact integer count
    if sign and sign in MINUS_SIGNS:
        value = -value
    return value, tolerance


def _is_identifier(text: str, start: int, end: int) -> bool:
    """Digits glued to letters or dots (`GPT-2`, `v2`, `L6`, `2005.13013`), or a table/figure/section reference."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isalpha() or before == "_" or after.isalpha() or after == "_":
        return True
    if before in MINUS_SIGNS + "/" and start > 1 and text[start - 2].isalnum():
        return True  # XLM-R-2 style names, 1/2 fractions, dates
    if after == "." and end + 1 < len(text) and text[end + 1].isdigit():
        return True  # dotted identifiers: 2005.13013.1, 1.2.3
    if before == "[" or (before == " " and start > 1 and text[start - 2] == "["):
        return True  # bracketed citation numbers
    words = text[max(0, start - 12):start].lower().split()
    return bool(words) and words[-1].rstrip(":") in REFERENCE_WORDS


def _from_match(text: str, match: re.Match) -> Quantity | None:
    if _is_identifier(text, match.start("num"), match.end()):
        return None
    sign = match.group("sign")
    if sign and match.start("sign") > 0 and text[match.start("sign") - 1].isalnum():
        sign = None  # a hyphen inside a word (`zero-shot 5`), not a sign
    if sign == "±":
        return None  # a standard deviation, not a quantity of its own
    digits = match.group("num")
    parts = match.groupdict()
    unit = _unit_of(parts["unit"] or parts.get("unit2"))
    value, tolerance = _value(sign, digits, parts["scale"] or parts.get("scale2"))
    high = None
    if parts.get("num2"):
        high, _ = _value(match.group("sign2"), match.group("num2"), match.group("scale2"))
    if unit == "plain" and high is None and not parts["scale"] and _YEAR.match(digits) and not sign \
            and _reads_as_year(text, match.start("num"), match.end()):
        unit = "year"
    start = match.start("sign") if match.group("sign") and sign else match.start("num")
    return Quantity(value, text[start:match.end()].strip(), start, match.end(), unit, tolerance, bool(sign), high)


def extract_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, in order of appearance; number words (`nine`) count as exact integers.

    "3-5" and "3 to 5" are ranges, but "from 0.18 to 0.05" (a change) and "5-3" are two numbers.
    """
    found: list[Quantity] = fractions(text)
    taken = [(q.start, q.end) for q in found]
    position = 0
    while (match := _PATTERN.search(text, position)) is not None:
        if match.group("num2") and (_is_change(text, match) or _descending(match)):
            match = _SINGLE.match(text, match.start())
        position = match.end()
        quantity = _from_match(text, match)
        if quantity is not None and not any(a <= quantity.start < b for a, b in taken):
            found.append(quantity)
    for match in _WORD_PATTERN.finditer(text):
        word = match.group(1).lower()
        if (word == "one" and _looks_pronoun(text, match.end())) or text[match.end():match.end() + 5] == "-shot":
            continue
        found.append(Quantity(float(NUMBER_WORDS[word]), match.group(1), match.start(), match.end()))
    return sorted(found, key=lambda q: q.start)


_FRACTION = re.compile(r"(?<![\w/.,])(?P<a>\d+)(?:\s?/\s?|\sin\s)(?P<b>\d{1,3}(?:,\d{3})+|\d+)(?![\w/]|[.,]\d)")


def fractions(text: str) -> list[Quantity]:
    """Rates written as fractions, "1/2000", "3/1000", "1 in 2,000", as the value they state. Pairs of scores
    ("70/80"), dates (12/05/2020) and "5 in 2019" are not fractions."""
    found = []
    for match in _FRACTION.finditer(text):
        a, b = int(match.group("a")), int(match.group("b").replace(",", ""))
        slash = "/" in match.group(0)
        rate = (a == 1 or b >= 100) if slash else (a == 1 and b >= 10 and not _YEAR.match(match.group("b")))
        if b == 0 or a >= b or not rate:
            continue
        value = a / b
        found.append(Quantity(value, match.group(0), match.start(), match.end(), "plain", 1e-9 * value))
    return found


YEAR_CUES = frozenset("in since from until by of year years during early late mid before after around circa".split())
MONTH_NAMES = frozenset("january february march april may june july august september october november december".split())


def _reads_as_year(text: str, start: int, end: int) -> bool:
    """A four-digit number in a date or citation context (`in 2019`, `(2019)`, `et al., 2019`, `June 2019`)."""
    before = text[max(0, start - 20):start].lower().replace(",", " ").split()
    after = text[end:end + 2]
    if before and (before[-1] in YEAR_CUES or before[-1] in MONTH_NAMES or before[-1].rstrip(".") == "al"):
        return True
    return text[start - 1:start] == "(" or after[:1] in (")", ";") or not text[end:].strip(" ")


def _is_change(text: str, match: re.Match) -> bool:
    """"from A to B" states two values, not a range."""
    return text[max(0, match.start() - 5):match.start()].lower().strip().endswith("from")


def _descending(match: re.Match) -> bool:
    try:
        return float(match.group("num2").replace(",", "")) < float(match.group("num").replace(",", ""))
    except ValueError:
        return False


def _looks_pronoun(text: str, end: int) -> bool:
    """`one of the`, `one can`, `the one`: not a count."""
    rest = text[end:end + 6].lower()
    return rest.startswith((" of", " can", " may", " might", " would", " should", " could", " another"))


def values_match(claim: Quantity, evidence: Quantity) -> bool:
    """True when the evidence states the claim's number at the claim's precision (ranges match on either end)."""
    if (claim.unit == "year") != (evidence.unit == "year"):
        return False
    if claim.is_range:
        return evidence.is_range and _close(claim.value, evidence.value, claim) and _close(claim.high, evidence.high, claim)
    candidates = [evidence.value] if evidence.high is None else [evidence.value, evidence.high]
    return any(_close_signed(claim, value, evidence) for value in candidates)


def _close_signed(claim: Quantity, value: float, evidence: Quantity) -> bool:
    if claim.signed and evidence.signed:
        return _close(claim.value, value, claim)
    return _close(abs(claim.value), abs(value), claim) or _scaled_percent(claim, evidence, value)


def _scaled_percent(claim: Quantity, evidence: Quantity, value: float) -> bool:
    """85% in the claim and 0.85 in the evidence (or the reverse) are the same number."""
    if claim.unit == "percent" and evidence.unit == "plain" and abs(value) <= 1.0:
        return _close(abs(claim.value), abs(value) * 100, claim)
    if evidence.unit == "percent" and claim.unit == "plain" and abs(claim.value) <= 1.0:
        return _close(abs(claim.value) * 100, abs(value), claim)
    return False


def _close(a: float | None, b: float | None, precision: Quantity) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) <= precision.tolerance + 1e-12 * max(1.0, abs(a))


def comparable(a: Quantity, b: Quantity) -> bool:
    """Could `a` and `b` measure the same thing? (years only with years; percent and points with anything else.)"""
    return (a.unit == "year") == (b.unit == "year")
