"""Numbers as claims state them: integers with thousands separators, decimals, percentages, points, signs,
scale words, number words ("nine", "a dozen", "twice") and ranges, with the rounding tolerance that the written
precision implies, what the number counts (its kind: "130,319 training examples" counts examples, "7.0 points" is
points) and how loosely it is meant ("about 100", "up to 5.4", "over 100").

Identifiers are not quantities: digits glued to letters (`XLM-R`, `GPT-2`, `v2`, `L6`), version numbers
("version 1.1"), references to tables, figures, sections and equations, bracketed citations and arXiv ids are
skipped, and so are number words inside hyphenated words ("zero-shot", "one-to-many") unless hyphenated to what they
count ("four-layer"); four-digit years get their own unit so that they are compared only with years. Two numbers of
different known kinds ("7 epochs", "7.0 points") are different quantities. The last number of a truncated claim
may have lost digits: it is a prefix (`5.4` of `5.43`). Whether two numbers state the same value is
`value_matching.values_match`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from grammar.lexicon import (
    APPROXIMATIONS,
    BOUND_OPENERS,
    MONTH_NAMES,
    MULTIPLIERS,
    NUMBER_WORDS,
    PREPOSITIONAL_BOUNDS,
    QUANTITY_KINDS,
    SCALES,
    SETTING_NAMES,
    is_negation,
    measure_direction,
)
from verifier.engine.number_forms import YEAR, footnote_markers, fractions, powers

REFERENCE_WORDS = ("table", "tables", "figure", "figures", "fig", "fig.", "section", "sections", "sec", "sec.", "§",
                   "eq", "eq.", "equation", "appendix", "chapter", "step", "line", "lines", "page", "pages", "p.",
                   "algorithm", "row", "column", "layer", "version", "versions", "release", "v.", "arxiv", "ref", "[")
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
_WORD_PATTERN = re.compile(r"(?<![\w-])(?:(?P<a>an?)\s+)?(?P<word>" + "|".join([*NUMBER_WORDS, *MULTIPLIERS])
                           + r")(?!\w)", re.IGNORECASE)
_SETTING_KINDS = frozenset({"shots", "times"})  # "zero-shot", "one-time": names of a setting, not counts


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
    kind: str = ""  # what it counts (`grammar.lexicon.QUANTITY_KINDS`: examples, epochs, points, ...); "" unknown
    approx: str = ""  # about | at most | at least, from the words before it ("about 100", "up to 5.4")
    prefix: bool = False  # the last number of a truncated claim: more digits may have been cut off
    denied: bool = False  # the text denies this value ("is not 22.3", "never 5")

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
    if after in "x×" and not text[end + 1:end + 2].isalnum() and not before.isalnum():
        return False  # a factor: "2x faster", "3× more"
    if before.isalpha() or before == "_" or after.isalpha() or after == "_":
        return True
    if before in MINUS_SIGNS + "/" and start > 1 and text[start - 2].isalnum():
        return True  # XLM-R-2 style names, 1/2 fractions, dates
    if after == "." and end + 1 < len(text) and text[end + 1].isdigit():
        return True  # dotted identifiers: 2005.13013.1, 1.2.3
    if before == "[" or (before == " " and start > 1 and text[start - 2] == "["):
        return True  # bracketed citation numbers
    if before == "(" and after == ")" and text[start:end].isdigit() and re.search(r"[A-Za-z+)]\s?$", text[:start - 1]):
        return True  # a numbered variant of a name: "GCN+RC+LA (9)", "Model (2)"
    words = text[max(0, start - 12):start].lower().split()
    return (bool(words) and words[-1].lstrip("([").rstrip(":") in REFERENCE_WORDS) or _version_after_name(text, start, end)


_VERSION = re.compile(r"\d\.\d")
_NAME_BEFORE = re.compile(r"(?:^|\s)(?P<name>[A-Za-z][A-Za-z0-9+-]*[A-Z][A-Za-z0-9+-]*|[A-Z][A-Za-z0-9+-]*[a-z][A-Z][A-Za-z]*)\s$")


def _version_after_name(text: str, start: int, end: int) -> bool:
    """"SQuAD 2.0", "CoNLL-U 2.4": a single-digit version number right after a name (not after a measure: "BLEU 2.1"
    is a score) and without a unit."""
    if not _VERSION.fullmatch(text[start:end]) or re.match(r"\s?(?:%|points?\b|pp\b)", text[end:end + 8]):
        return False
    name = _NAME_BEFORE.search(text[max(0, start - 40):start])
    return name is not None and measure_direction(name.group("name")) == 0


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
    if unit == "plain" and high is None and not parts["scale"] and YEAR.match(digits) and not sign \
            and _reads_as_year(text, match.start("num"), match.end()):
        unit = "year"
    start = match.start("sign") if match.group("sign") and sign else match.start("num")
    return Quantity(value, text[start:match.end()].strip(), start, match.end(), unit, tolerance, bool(sign), high)


def extract_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, in order of appearance; number words (`nine`) count as exact integers.

    "3-5" and "3 to 5" are ranges, but "from 0.18 to 0.05" (a change) and "5-3" are two numbers.
    """
    return list(_quantities(text))


@functools.lru_cache(maxsize=8192)
def _quantities(text: str) -> tuple[Quantity, ...]:
    """`extract_quantities`, memoised: a passage is read once, not once per claim it is a candidate for."""
    found = [Quantity(f.value, f.text, f.start, f.end, "plain", f.tolerance) for f in fractions(text) + powers(text)]
    taken = [(q.start, q.end) for q in found] + footnote_markers(text)
    position = 0
    while (match := _PATTERN.search(text, position)) is not None:
        if match.group("num2") and (_is_change(text, match) or _descending(match)
                                    or _is_identifier(text, match.start("num"), match.end("num"))):
            match = _SINGLE.match(text, match.start()) or match  # "F1 to 87.4": a name's digit starts no range
        position = match.end()
        quantity = _from_match(text, match)
        if quantity is not None and not any(a <= quantity.start < b for a, b in taken):
            found.append(quantity)
    for match in _WORD_PATTERN.finditer(text):
        word = match.group("word").lower()
        if word == "one" and _looks_pronoun(text, match.end()):
            continue
        if text.startswith("-", match.end()) and (not (kind := _hyphen_kind(text, match.end())) or kind in _SETTING_KINDS):
            continue  # a number word hyphenated to a word that is no count noun ("one-to-many") or names a setting
        if word in MULTIPLIERS:
            found.append(Quantity(float(MULTIPLIERS[word]), match.group("word"), match.start("word"), match.end(),
                                  kind="times"))
        elif word in ("dozen", "hundred") and not match.group("a") and _after_number(text, match.start("word")):
            continue  # "two dozen", "three hundred": the scale of the number before
        else:
            found.append(Quantity(float(NUMBER_WORDS[word]), match.group(0), match.start(), match.end()))
    return tuple(_with_kinds(text, sorted(found, key=lambda q: q.start)))


def _after_number(text: str, start: int) -> bool:
    words = text[max(0, start - 12):start].split()
    return bool(words) and words[-1].lower() in NUMBER_WORDS


_KIND_WINDOW = 3  # words after a number that may name what it counts ("nine intermediate tasks")
_NEXT_WORDS = re.compile(r"\s*(%|[A-Za-z][A-Za-z-]*|[^\sA-Za-z%]+)")
_LIST_JOIN = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)$")
_HYPHEN_KIND = re.compile(r"-(?P<word>[A-Za-z]+)")


def _hyphen_kind(text: str, end: int) -> str | None:
    """The kind named by the word hyphenated to a number ending at `end` ("5-shot", "four-layer"): "" when that word
    counts nothing ("one-to-many"), None when no word is hyphenated to it."""
    hyphen = _HYPHEN_KIND.match(text, end)
    return None if hyphen is None else QUANTITY_KINDS.get(hyphen.group("word").lower(), "")


def kind_of(words: str) -> str:
    """The kind a text names, e.g. a column header ("# Epochs" -> epochs, "Params" -> parameters, "Batch size"), or
    ""."""
    found = re.findall(r"%|[A-Za-z]+", words.lower())
    for n in (2, 1):
        for k in range(len(found) - n + 1):
            if (setting := SETTING_NAMES.get(" ".join(found[k:k + n]))) is not None:
                return setting
    for word in found:
        if word in QUANTITY_KINDS and word not in ("x", "h", "min", "sec", "time", "times"):
            return QUANTITY_KINDS[word]
    return ""


def _kind_after(text: str, q: Quantity) -> str:
    """What a number counts: its unit, the word it is hyphenated to ("5-shot"), or a count noun among the next few
    words, before any punctuation, number or stop of the phrase ("130,319 training examples")."""
    if q.unit in ("percent", "points"):
        return q.unit
    if q.unit == "year":
        return "years"
    if "/" in q.text or " in " in q.text:
        return ""  # a rate ("3/1000 patients"): a share, whatever it counts
    if (hyphened := _hyphen_kind(text, q.end)) is not None:
        return hyphened
    position = q.end
    for _ in range(_KIND_WINDOW):
        match = _NEXT_WORDS.match(text, position)
        if match is None:
            return ""
        word = match.group(1).lower()
        if word in QUANTITY_KINDS:
            return QUANTITY_KINDS[word]
        if not word[:1].isalpha() or word in ("of", "and", "or", "on", "in", "for", "to", "than", "with", "by"):
            return ""
        position = match.end()
    return ""


_SETTING_LINKS = frozenset("of = is was to at set as".split())  # words between a setting's name and its value


def _setting_before(text: str, q: Quantity) -> str:
    """The setting a value is written after ("batch size 64", "a learning rate of 2e-5", "dropout = 0.1"), or ""."""
    words = re.findall(r"[a-z]+|=", text[max(0, q.start - 40):q.start].lower())
    while words and words[-1] in _SETTING_LINKS:
        words.pop()
    for n in (2, 1):
        if len(words) >= n and (setting := SETTING_NAMES.get(" ".join(words[-n:]))) is not None:
            return setting
    return ""


def _approx_before(text: str, q: Quantity) -> str:
    words = text[max(0, q.start - 40):q.start].lower().replace(",", " , ").replace("(", " ( ").split()
    before = " " + " ".join(words[-3:])  # whole words: "cover five" is no "over five"
    for phrase, meaning in APPROXIMATIONS.items():
        if before.endswith((" " + phrase, " " + phrase + " a", " " + phrase + " an")):
            if phrase in PREPOSITIONAL_BOUNDS:
                at = len(words) - 1 - words[::-1].index(phrase)
                if at > 0 and words[at - 1] not in BOUND_OPENERS:
                    return ""  # "averaged over 14 languages": a preposition, not a bound
            return meaning
    return ""


def _denied(text: str, q: Quantity) -> bool:
    """A negation right before the number, or before its copula: "is not 22.3", "not 5 but 7", "isn't 3"."""
    words = text[max(0, q.start - 24):q.start].lower().split()[-3:]
    return any(is_negation(w) for w in words[-2:]) and not (words[-1:] == ["than"] or "only" in words)


def _with_kinds(text: str, found: list[Quantity]) -> list[Quantity]:
    """Each quantity with its kind and approximation; numbers in a list ("8.2, 7.5 and 7.0 points") share the kind
    and unit written after the last of them."""
    found = [replace(q, kind=q.kind or _kind_after(text, q) or _setting_before(text, q),
                     approx=_approx_before(text, q), denied=_denied(text, q))
             for q in found]
    for i in range(len(found) - 2, -1, -1):
        q, following = found[i], found[i + 1]
        if not q.kind and following.kind and _LIST_JOIN.match(text[q.end:following.start]) \
                and q.unit in ("plain", following.unit):
            found[i] = replace(q, kind=following.kind, unit=following.unit)
    return found


YEAR_CUES = frozenset("in since from until by of year years during early late mid before after around circa".split())


def _reads_as_year(text: str, start: int, end: int) -> bool:
    """A four-digit number in a date or citation context (`in 2019`, `(2019)`, `et al., 2019`, `June 2019`), or the
    edition of a named event or benchmark (`CoNLL 2012`, `WMT 2014`: a name of capitals, no value to check)."""
    written = text[max(0, start - 20):start].split()
    if written and written[-1].isalpha() and sum(c.isupper() for c in written[-1]) >= 2:
        return True
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


def truncated_tail(quantities: list[Quantity] | tuple[Quantity, ...], text: str) -> list[Quantity]:
    """The quantities of a truncated claim's visible text, its last number a prefix when the text ends with it."""
    found = list(quantities)
    if found and not text[found[-1].end:].strip(" ,;:") and found[-1].text[-1:].isdigit():
        found[-1] = replace(found[-1], prefix=True)
    return found
