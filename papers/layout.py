"""Page geometry, pure: characters -> words -> rows (super- and subscripts joined to their line).

Coordinates are PDF points measured from the top-left corner of the page (`top` grows downwards).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|medi|cmbx|cmssbx|\bbd\b|-bd|bx\d", re.IGNORECASE)


@dataclass(slots=True)
class Char:
    """One upright glyph; `base` is its baseline (glyph origin), which fonts with different descents share."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    base: float


@dataclass(slots=True)
class Word:
    """Characters without a gap between them. A table placeholder has `table` set (its index on the page)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: float  # fraction of bold characters
    table: int | None = None


@dataclass(slots=True)
class Row:
    """Words sharing a baseline, left to right (both columns of a two-column page at once)."""

    words: list[Word]
    top: float
    bottom: float

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def size(self) -> float:
        return max(w.size for w in self.words)


@dataclass(slots=True)
class Line:
    """A row's words within one region and column: the unit of reading order."""

    words: list[Word]
    top: float
    bottom: float
    x0: float
    x1: float
    region: int
    column: int  # 0 left or full width, 1 right

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def size(self) -> float:
        return median(w.size for w in self.words)

    @property
    def bold(self) -> float:
        chars = sum(len(w.text) for w in self.words) or 1
        return sum(w.bold * len(w.text) for w in self.words) / chars


def words_from_chars(chars: list[Char], settings: ScriptSettings | None = None) -> list[Word]:
    """Join characters of one row (sorted left to right) into words, splitting at spaces and gaps.

    A superscript (smaller, raised above the character before it, touching it) stays in its word behind a "^":
    "10" + raised "19" is "10^19". Subscripts join their word unmarked ("BERT" + lowered "LARGE": "BERTLARGE").
    """
    settings = settings or SCRIPTS
    small, raised, reach = settings.small, settings.raised, settings.reach
    words: list[Word] = []
    current: list[Char] = []
    marks: set[int] = set()
    # the last character of the word set at the line's own size and baseline, and what a superscript of it is under
    anchor: Char | None = None
    below_size = above_base = 0.0
    in_script = False  # whether the last character added is a superscript of the anchor
    for ch in chars:
        text = ch.text
        if not text or text.isspace():
            if current:
                words.append(make_word(current, marks))
                current, marks, anchor = [], set(), None
            continue
        superscript = anchor is not None and ch.size < below_size and ch.base <= above_base
        if current:
            last = current[-1]
            gap = ch.x0 - last.x1
            if superscript and gap <= reach * ch.size:
                if not in_script:
                    marks.add(len(current))
                current.append(ch)
                in_script = True
                continue
            if gap > 0.15 * min(ch.size, last.size):
                words.append(make_word(current, marks))
                current, marks, anchor = [], set(), None
                superscript = False
        current.append(ch)
        if not superscript:
            anchor, below_size, above_base = ch, small * ch.size, ch.base - raised * ch.size
        in_script = superscript
    if current:
        words.append(make_word(current, marks))
    return join_signs(words)


SIGNS = ("+", "-", "\u2212")
UNARY_BEFORE = tuple("([{:,;=|")


def join_signs(words: list[Word]) -> list[Word]:
    """A sign set apart from the number it belongs to keeps it: "( + 8.3" and a table cell "- 0.8" read "+8.3" and
    "-0.8". A sign between two operands ("2L + 1", "6 - 20%") stays apart."""
    joined: list[Word] = []
    i = 0
    while i < len(words):
        w = words[i]
        following = words[i + 1] if i + 1 < len(words) else None
        if w.text in SIGNS and following is not None and following.text[:1].isdigit() and (
                following.x0 - w.x1 <= 0.3 * w.size):
            before = joined[-1] if joined else None
            apart = before is None or w.x0 - before.x1 > w.size or before.text.endswith(UNARY_BEFORE)
            if apart:
                joined.append(Word(w.text + following.text, w.x0, following.x1, min(w.top, following.top),
                                   max(w.bottom, following.bottom), max(w.size, following.size),
                                   (w.bold + following.bold) / 2))
                i += 2
                continue
        joined.append(w)
        i += 1
    return joined


def make_word(chars: list[Char], marks: set[int] | frozenset = frozenset()) -> Word:
    first = chars[0]
    if marks:
        text = "".join(("^" + c.text) if i in marks else c.text for i, c in enumerate(chars))
    else:
        text = "".join([c.text for c in chars])
    x1, top, bottom, size, bold = first.x1, first.top, first.bottom, first.size, 0
    for c in chars:  # one pass: this runs for every word of every page
        if c.x1 > x1:
            x1 = c.x1
        if c.top < top:
            top = c.top
        if c.bottom > bottom:
            bottom = c.bottom
        if c.size > size:
            size = c.size
        bold += c.bold
    return Word(text, first.x0, x1, top, bottom, size, bold / len(chars))


@dataclass(frozen=True)
class ScriptSettings:
    """Tunables of joining super- and subscripts to their line (shares of a font size unless said otherwise)."""

    baseline: float = 1.0  # points: characters whose baselines are this close share a line
    small: float = 0.85  # a script is set smaller than this share of its line's size (or of the page's text)
    gap: float = 0.3  # a run of characters ends at a gap wider than this
    reach: float = 0.6  # a script touches its line: a character of the line this close to it
    raised: float = 0.2  # a superscript's baseline sits at least this much above its line's
    max_chars: int = 12  # longer runs are lines of their own (footnotes, figure labels), never scripts


SCRIPTS = ScriptSettings()


def rows_from_chars(chars: list[Char], settings: ScriptSettings = SCRIPTS) -> list[Row]:
    """Cluster characters by baseline; raised or lowered small characters (super/subscripts) join their line."""
    ordered = sorted(chars, key=lambda c: (c.base, c.x0))
    groups: list[list[Char]] = []
    for ch in ordered:
        if groups and ch.base - groups[-1][-1].base <= settings.baseline:
            groups[-1].append(ch)
        else:
            groups.append([ch])
    rows = []
    for group in attach_scripts(groups, settings):
        words = words_from_chars(group, settings)
        if words:
            rows.append(Row(words, min(w.top for w in words), max(w.bottom for w in words)))
    return rows


def runs(group: list[Char], settings: ScriptSettings) -> list[list[Char]]:
    """A line's characters (left to right) cut into runs at gaps and at changes of font size."""
    found: list[list[Char]] = []
    for ch in group:
        if not ch.text.strip():
            continue
        last = found[-1][-1] if found else None
        if last is not None and ch.x0 - last.x1 <= settings.gap * last.size and (
                min(ch.size, last.size) >= settings.small * max(ch.size, last.size)):
            found[-1].append(ch)
        else:
            found.append([ch])
    return found


def host_of(run: list[Char], size: float, groups: list[list[Char]], index: int, settings: ScriptSettings) -> int | None:
    """The line a small run belongs to: one with a bigger character touching the run whose height holds its middle.

    A bigger character touching it on the same baseline keeps it where it is (small capitals, not a script).
    """
    x0, x1 = run[0].x0, run[-1].x1
    middle = (min(c.top for c in run) + max(c.bottom for c in run)) / 2
    base = run[0].base
    best, best_gap = None, settings.reach * size
    lo = index
    while lo > 0 and base - groups[lo - 1][-1].base <= 1.5 * size:
        lo -= 1
    hi = index
    while hi + 1 < len(groups) and groups[hi + 1][0].base - base <= 1.5 * size:
        hi += 1
    for j in range(lo, hi + 1):
        for ch in groups[j]:
            if ch.size * settings.small <= size or not ch.top <= middle <= ch.bottom:
                continue
            gap = max(ch.x0 - x1, x0 - ch.x1, 0.0)
            if j == index and gap <= settings.reach * size and abs(ch.base - base) < settings.raised * ch.size:
                return None
            if gap <= best_gap:
                best, best_gap = j, gap
    return best


def attach_scripts(groups: list[list[Char]], settings: ScriptSettings = SCRIPTS) -> list[list[Char]]:
    """Move each short run of small characters to the line it is raised or lowered from (touching it)."""
    if not groups:
        return groups
    sizes = sorted(c.size for g in groups for c in g)
    typical = sizes[len(sizes) // 2]
    moves = []
    for index, group in enumerate(groups):
        group.sort(key=lambda c: c.x0)
        smallest, largest = min(c.size for c in group), max(c.size for c in group)
        limit = settings.small * max(largest, typical)
        if smallest >= limit:
            continue  # nothing in this line is set small enough to be a script
        for run in runs(group, settings):
            size = max(c.size for c in run)
            if len(run) > settings.max_chars or size >= limit:
                continue
            host = host_of(run, size, groups, index, settings)
            if host is not None and host != index:
                moves.append((index, host, run))
    if not moves:
        return groups
    touched = {i for index, host, _ in moves for i in (index, host)}
    pieces: dict[int, list[list[Char]]] = {i: [[c] for c in groups[i]] for i in touched}
    for index, host, run in moves:
        taken = {id(c) for c in run}
        pieces[index] = [p for p in pieces[index] if id(p[0]) not in taken]
        pieces[host].append(run)
    result = []
    for i, group in enumerate(groups):
        if i not in touched:
            result.append(group)
            continue
        group_pieces = pieces[i]  # a moved run stays in one piece: a stacked sub- and superscript do not interleave
        group_pieces.sort(key=lambda p: p[0].x0)
        if group_pieces:
            result.append([c for p in group_pieces for c in p])
    return result
