"""Finding tables on a page, pure: captions, regions bounded by ruling lines, and rule-less regions grown from a
caption by text alignment; each caption attached to the nearest table on its page.

A region is found by its rules (horizontal rules stacked at the same extent, vertical rules between columns, thin
filled rectangles and images drawn as rules all count), or, for a caption that no ruled region is near, by the rows
next to the caption that are laid out as cells (words separated by wide gaps) rather than running text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from papers.layout import Row, Word
from papers.table_captions import Area, Caption, caption_start, find_captions, in_range, is_prose
from papers.table_geometry import SETTINGS, Rule, TableSettings, VerticalRule, gap_limit, merge_rules, segments


@dataclass
class Region:
    """The body of one table (caption excluded), with the rules inside it."""

    x0: float
    x1: float
    top: float
    bottom: float
    rules: list[Rule] = field(default_factory=list)
    verticals: list[VerticalRule] = field(default_factory=list)
    caption: Caption | None = None

    def overlaps_x(self, x0: float, x1: float) -> float:
        """The share of the narrower of the two extents that they have in common."""
        common = min(self.x1, x1) - max(self.x0, x0)
        return max(0.0, common) / max(1.0, min(self.x1 - self.x0, x1 - x0))


def rule_chains(rules: list[Rule], captions: list[Caption], settings: TableSettings) -> list[list[Rule]]:
    """Rules of the same extent stacked one above the other, split where a caption lies between two of them."""
    chains: list[list[Rule]] = []
    for rule in merge_rules(rules, settings):
        for chain in chains:
            head = chain[-1]
            if abs(head.x0 - rule.x0) < 5 and abs(head.x1 - rule.x1) < 5 and rule.y - chain[0].y < settings.chain_max_span \
                    and not any(head.y < c.top and c.bottom < rule.y and c.x1 > rule.x0 and c.x0 < rule.x1
                                for c in captions):
                chain.append(rule)
                break
        else:
            chains.append([rule])
    return chains


def vertical_groups(verticals: list[VerticalRule]) -> list[list[VerticalRule]]:
    """Vertical rules that touch or overlap in height and stand near one another (the column lines of one table)."""
    groups: list[list[VerticalRule]] = []
    for v in sorted(verticals, key=lambda v: (v.top, v.x)):
        for group in groups:
            if v.top <= max(g.bottom for g in group) + 3 and min(abs(g.x - v.x) for g in group) < 80:
                group.append(v)
                break
        else:
            groups.append([v])
    return groups


def absorb_verticals(regions: list[Region], verticals: list[VerticalRule]) -> list[VerticalRule]:
    """Give each vertical rule to the ruled region it stands in (growing its height); the rules left over."""
    left = list(verticals)
    changed = True
    while changed:
        changed = False
        for v in list(left):
            for region in regions:
                if region.x0 - 3 <= v.x <= region.x1 + 3 and v.top <= region.bottom + 3 and v.bottom >= region.top - 3:
                    region.verticals.append(v)
                    region.top, region.bottom = min(region.top, v.top), max(region.bottom, v.bottom)
                    left.remove(v)
                    changed = True
                    break
    return left


def merge_touching(regions: list[Region]) -> list[Region]:
    """Regions that overlap (within 3 pt) are one region."""
    merged = True
    while merged:
        merged = False
        for a in regions:
            for b in regions:
                if a is not b and a.top <= b.bottom + 3 and b.top <= a.bottom + 3 and a.x0 < b.x1 and b.x0 < a.x1:
                    a.x0, a.x1, a.top, a.bottom = min(a.x0, b.x0), max(a.x1, b.x1), min(a.top, b.top), max(a.bottom, b.bottom)
                    a.rules += b.rules
                    a.verticals += b.verticals
                    regions.remove(b)
                    merged = True
                    break
            if merged:
                break
    return regions


def ruled_regions(rules: list[Rule], verticals: list[VerticalRule], captions: list[Caption],
                  settings: TableSettings = SETTINGS) -> list[Region]:
    """Regions bounded by rules: a chain of two or more horizontal rules (with the vertical rules standing in it),
    or a group of vertical rules; regions that overlap are one region."""
    regions: list[Region] = []
    singles: list[Rule] = []
    for chain in rule_chains(rules, captions, settings):
        if len(chain) >= 2:
            regions.append(Region(min(r.x0 for r in chain), max(r.x1 for r in chain), chain[0].y, chain[-1].y,
                                  list(chain)))
        else:
            singles.extend(chain)
    for group in vertical_groups(absorb_verticals(regions, verticals)):
        if len(group) < 2 and group[0].bottom - group[0].top < 20:
            continue
        regions.append(Region(min(v.x for v in group), max(v.x for v in group), min(v.top for v in group),
                              max(v.bottom for v in group), [], list(group)))
    regions = merge_touching(regions)
    for region in regions:  # single rules crossing a region (a header rule inside a grid of vertical lines)
        for rule in singles:
            if region.top - 1 <= rule.y <= region.bottom + 1 and rule.x0 < region.x1 and rule.x1 > region.x0:
                region.rules.append(rule)
                region.x0, region.x1 = min(region.x0, rule.x0), max(region.x1, rule.x1)
    for region in regions:
        region.rules.sort(key=lambda r: r.y)
    return regions


def grow(rows: list[Row], caption: Caption, upwards: bool, taken: list[Region],
         settings: TableSettings) -> list[list[Word]]:
    """Rows laid out as a table next to the caption, walking away from it until running text or a wide gap."""
    x0, x1 = caption.column
    ordered = [r for r in rows if r.bottom <= caption.top + 1] if upwards else [r for r in rows if r.top >= caption.bottom - 1]
    if upwards:
        ordered.reverse()
    picked: list[list[Word]] = []
    gaps: list[float] = []
    edge = caption.top if upwards else caption.bottom
    for row in ordered[:settings.max_rows]:
        words = [w for w in in_range(row, x0, x1) if w not in caption.words]
        if not words:
            continue
        size = max(w.size for w in words)
        gap = edge - row.bottom if upwards else row.top - edge
        if gap > settings.row_gap * size or (len(gaps) >= 2 and gap > settings.row_gap_growth * max(*gaps, 0.5 * size)) \
                or is_prose(words, x1 - x0, settings):
            break
        if picked:
            gaps.append(max(gap, 1.0))
        if any(caption_start(words, 0, settings) for _ in [0]) or any(
                t.top - 1 <= row.top <= t.bottom + 1 and t.overlaps_x(x0, x1) > 0.3 for t in taken):
            break
        picked.append(words)
        edge = row.top if upwards else row.bottom
    if upwards:
        picked.reverse()
    return picked


def multi_cell(words: list[Word], settings: TableSettings) -> bool:
    return len(segments(words, gap_limit(words, settings))) >= 2


def grown_region(rows: list[Row], caption: Caption, taken: list[Region], settings: TableSettings) -> Region | None:
    """The rule-less table above or below a caption: the side with more rows of several cells."""
    best: tuple[int, float, list[list[Word]]] | None = None
    for upwards in (True, False):
        picked = grow(rows, caption, upwards, taken, settings)
        while picked and not multi_cell(picked[0 if upwards else -1], settings) and len(picked) > 1:
            picked = picked[1:] if upwards else picked[:-1]  # a lone heading far from the caption is not the table
        cells = sum(multi_cell(p, settings) for p in picked)
        if cells < 2:
            continue
        near = caption.top - max(w.bottom for w in picked[-1]) if upwards else min(w.top for w in picked[0]) - caption.bottom
        if best is None or (cells, -near) > (best[0], best[1]):
            best = (cells, -near, picked)
    if best is None:
        return None
    words = [w for row in best[2] for w in row]
    return Region(min(w.x0 for w in words) - 1, max(w.x1 for w in words) + 1, min(w.top for w in words) - 1,
                  max(w.bottom for w in words) + 1)


def distance(caption: Caption, region: Region) -> float:
    """Vertical distance from a caption to a region (a caption inside the region's height is at distance 0)."""
    if caption.top >= region.bottom - 2:
        return caption.top - region.bottom
    if caption.bottom <= region.top + 2:
        return region.top - caption.bottom
    return 0.0


def pairing(regions: list[Region], captions: list[Caption], side: str | None,
            settings: TableSettings) -> list[tuple[Caption, Region]]:
    """Captions paired with regions, nearest first, each used once; `side` "below" or "above" keeps only
    captions on that side of their table (None: either side)."""
    pairs = []
    for c in captions:
        for r in regions:
            below = c.top >= r.bottom - 2
            if side is not None and below != (side == "below"):
                continue
            d = distance(c, r)
            if r.overlaps_x(*c.column) > 0.5 and d <= settings.caption_distance * c.size * 2:
                pairs.append((d, id(c), id(r), c, r))
    pairs.sort(key=lambda p: p[:3])
    taken_c: set[int] = set()
    taken_r: set[int] = set()
    out = []
    for _, ic, ir, c, r in pairs:
        if ic in taken_c or ir in taken_r:
            continue
        taken_c.add(ic)
        taken_r.add(ir)
        out.append((c, r))
    return out


def attach_captions(regions: list[Region], captions: list[Caption], settings: TableSettings) -> list[Caption]:
    """Each caption to the nearest region beside it, on the side most captions of the page take (below their
    tables or above them), then the rest to the nearest on either side; the captions left over."""
    free = [r for r in regions if r.caption is None]
    sides = [pairing(free, captions, side, settings) for side in ("below", "above")]
    best = max(sides, key=lambda pairs: (len(pairs), -sum(distance(c, r) for c, r in pairs)))
    for c, r in best:
        r.caption = c
    done = {id(c) for c, _ in best}
    rest = [c for c in captions if id(c) not in done]
    for c, r in pairing([r for r in regions if r.caption is None], rest, None, settings):
        r.caption = c
        done.add(id(c))
    return [c for c in captions if id(c) not in done]


def find_regions(rows: list[Row], rules: list[Rule], verticals: list[VerticalRule], area: Area,
                 settings: TableSettings = SETTINGS) -> list[Region]:
    """All table regions of a page, each with its caption when it has one."""
    captions = find_captions(rows, area, settings, rules)
    regions = ruled_regions(rules, verticals, captions, settings)
    left = attach_captions(regions, captions, settings)
    for caption in left:
        region = grown_region(rows, caption, regions, settings)
        if region is not None:
            region.caption = caption
            regions.append(region)
    return regions
