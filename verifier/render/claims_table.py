"""Regenerate a report's claims table with our verdicts, in the report's own style, leaving every other byte alone.

Pure text in, text out: the rows of the claims table get the mark from our verdict (the report's positive mark
only for `supported`) and our confidence; a claim that could not be checked (`unverifiable`, or no verdict) keeps
its mark and confidence byte for byte; `with_evidence` appends verdict, paper, page and quote columns; the
restated counts sentence ("N claims extracted; M independently verified") is corrected to match the table.

Rows are cut into cells by the parser's own grammar (`claims.cells.pipe_cell_spans`, `tsv_cell_spans`), so exactly
the mark and confidence cells the parser read are the ones rewritten; every other byte of the row is kept.
"""

from __future__ import annotations

import re

from claims.cells import escape_pipe_cell, pipe_cell_spans, tsv_cell_spans
from claims.models import Report, TableLayout
from verifier.errors import VerifierError
from verifier.escaping import data_text, markdown_text
from verifier.models import Audit, ClaimResult
from verifier.tally import best_evidence, paper_label, short_quote

EVIDENCE_COLUMNS: tuple[str, ...] = ("Verdict", "Paper", "Page", "Quote")
NO_VALUE = "–"  # an empty trailing cell would be ambiguous in a pipe table without outer pipes
MARK_PAIRS: tuple[tuple[str, str], ...] = (
    ("✓", "×"), ("✓", "✗"), ("✅", "❌"), ("✔", "✘"), ("✔", "✗"), ("✔", "×"), ("☑", "☐"), ("☑", "☒"),
    ("yes", "no"), ("Yes", "No"), ("YES", "NO"), ("true", "false"), ("True", "False"), ("TRUE", "FALSE"),
)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_COUNTS = re.compile(r"(\d+)(\s+claims?)(\s+extracted;\s+)(\d+)(\s+independently\s+verified)", re.IGNORECASE)
_WORD = re.compile(r"\S+")


def split_lines(text: str) -> list[tuple[str, str]]:
    """`text` as (content, line ending) pairs; joining them gives `text` back exactly."""
    pairs = []
    for match in _LINE.finditer(text):
        line = match.group()
        if not line:
            continue
        body = line.rstrip("\r\n")
        pairs.append((body, line[len(body):]))
    return pairs


def regenerate_table(source_text: str, report: Report, audit: Audit, with_evidence: bool = False) -> str:
    """`source_text` with its claims table rewritten from `audit`; every byte outside the table is kept."""
    layout = _layout(report)
    lines = split_lines(source_text)
    style = TableStyle.from_rows(layout, [lines[c.line - 1][0] for c in report.claims if c.line <= len(lines)])
    by_line = {claim.line: claim for claim in audit.claims}
    out = [body for body, _ in lines]
    if with_evidence:
        out[layout.header_line - 1] = style.extend(out[layout.header_line - 1], list(EVIDENCE_COLUMNS))
        if layout.separator_line:
            out[layout.separator_line - 1] = style.extend_separator(out[layout.separator_line - 1], len(EVIDENCE_COLUMNS))
    for line, claim in by_line.items():
        if not 1 <= line <= len(lines):
            raise VerifierError(f"{report.source}:{line}: claim row is outside the file; parse the report again")
        out[line - 1] = style.rewrite_row(out[line - 1], claim, with_evidence)
    _correct_counts(out, report, audit)
    return "".join(body + ending for body, (_, ending) in zip(out, lines))


def render_table_only(report: Report, audit: Audit, with_evidence: bool = False) -> str:
    """The regenerated claims table alone, in the report's style (for reports whose source is not text, e.g. PDF);
    a claim that could not be checked is written with the report's own mark and confidence."""
    layout = _layout(report)
    if layout.style == "spaced":
        layout = layout.model_copy(update={"style": "tsv"})
    style = TableStyle(layout, MARK_PAIRS[0], None)
    header = style.join(list(layout.columns) + (list(EVIDENCE_COLUMNS) if with_evidence else []))
    lines = [header]
    if layout.style == "pipe":
        lines.append(style.join(["---"] * (len(layout.columns) + (4 if with_evidence else 0))))
    for claim in audit.claims:
        text = claim.text.replace("\t", " ") if layout.style != "pipe" else escape_pipe_cell(claim.text)
        kept = {"claim": text, "mark": style.mark(claim), "confidence": style.confidence(claim.reported_confidence)}
        empty = "" if layout.style != "pipe" else " "
        cells = [kept[role] if role == "claim" or keeps_report_values(claim) and role in kept else empty
                 for role in style.roles]
        lines.append(style.rewrite_row(style.join(cells), claim, with_evidence))
    return "\n".join(lines) + "\n"


def _layout(report: Report) -> TableLayout:
    if report.table is None or not report.claims:
        raise VerifierError(f"{report.source}: the report has no claims table to regenerate")
    return report.table


def _correct_counts(out: list[str], report: Report, audit: Audit) -> int | None:
    """Fix "N claims extracted; M independently verified" (on the stated line, else its first occurrence) to count
    the rewritten table: ✓ for each supported claim and each unchecked claim the report marked ✓."""
    extracted = len(audit.claims)
    verified = sum(1 for claim in audit.claims
                   if (claim.reported_verified if keeps_report_values(claim) else claim.verdict == "supported"))
    candidates = [report.stated.line - 1] if report.stated.line else range(len(out))
    for index in candidates:
        if 0 <= index < len(out) and _COUNTS.search(out[index]):
            out[index] = _COUNTS.sub(lambda m: _counts_text(m, extracted, verified), out[index], count=1)
            return index + 1
    return None


def _counts_text(match: re.Match, extracted: int, verified: int) -> str:
    noun = match.group(2).rstrip("sS") + ("" if extracted == 1 else "s")
    return f"{extracted}{noun}{match.group(3)}{verified}{match.group(5)}"


def keeps_report_values(claim: ClaimResult) -> bool:
    """A claim that could not be checked keeps the report's mark and confidence (nothing was found to change them)."""
    return claim.verdict in (None, "unverifiable")


class TableStyle:
    """How one report writes its table: separator, which column holds what, its mark pair and number format."""

    def __init__(self, layout: TableLayout, marks: tuple[str, str], sample_confidence: str | None) -> None:
        self.layout = layout
        self.marks = marks
        self.percent = bool(sample_confidence and sample_confidence.strip().endswith("%"))
        self.decimals = _decimals(sample_confidence)
        self.roles = column_roles(layout)

    @classmethod
    def from_rows(cls, layout: TableLayout, rows: list[str]) -> TableStyle:
        """Learn the mark vocabulary and confidence format from the report's existing rows."""
        probe = cls(layout, MARK_PAIRS[0], None)
        marks, confidences = [], []
        for row in rows:
            cells = probe.split(row)
            marks += [cells[i].strip() for i, role in enumerate(probe.roles) if role == "mark" and i < len(cells)]
            confidences += [cells[i].strip() for i, role in enumerate(probe.roles) if role == "confidence" and i < len(cells)]
        sample = next((c for c in confidences if c), None)
        return cls(layout, _mark_pair(marks), sample)

    def spans(self, row: str) -> list[tuple[int, int]]:
        """Where each cell lies in `row`, by the parser's grammar for this table style."""
        if self.layout.style == "pipe":
            return pipe_cell_spans(row)
        if self.layout.style == "tsv":
            return tsv_cell_spans(row)
        return _spaced_spans(row, len(self.layout.columns))

    def split(self, row: str) -> list[str]:
        """Raw cells of a row (surrounding spaces and escapes kept, outer pipes dropped)."""
        return [row[start:end] for start, end in self.spans(row)]

    def join(self, cells: list[str]) -> str:
        """Cells back into a row in this style."""
        if self.layout.style != "pipe":
            return "\t".join(cells)
        padded = [cell if cell.startswith(" ") or cell.endswith(" ") else f" {cell} " for cell in cells]
        row = "|".join(padded)
        return f"|{row}|" if self.layout.outer_pipes else row.strip()

    def extend(self, row: str, extra: list[str]) -> str:
        """`row` with `extra` cells appended, keeping the existing cells' bytes."""
        if self.layout.style != "pipe":
            gap = "\t" if self.layout.style == "tsv" else "  "
            return row + "".join(gap + cell for cell in extra)
        stripped = row.rstrip()
        trailing = row[len(stripped):]
        tail = "".join(f" {cell} |" for cell in extra)
        spans = pipe_cell_spans(stripped)
        closed = bool(spans) and stripped[spans[-1][1]:].strip() == "|"
        if closed:
            return stripped + tail + trailing
        return stripped + " |" + tail[:-2].rstrip() + trailing

    def extend_separator(self, row: str, count: int) -> str:
        """A pipe table's `|---|` line with `count` more dash cells, spaced like the existing ones."""
        stripped = row.rstrip()
        spaced = "| -" in stripped or "| :" in stripped
        if stripped.endswith("|"):
            return stripped + (" --- |" if spaced else "---|") * count + row[len(stripped):]
        return stripped + (" | ---" if spaced else "|---") * count + row[len(stripped):]

    def rewrite_row(self, row: str, claim: ClaimResult, with_evidence: bool) -> str:
        """`row` with its mark and confidence cells replaced (every other byte kept), plus evidence cells. A claim
        that could not be checked keeps its cells."""
        rebuilt = row
        if not keeps_report_values(claim):
            values = {"mark": self.mark(claim), "confidence": self.confidence(claim.confidence)}
            spans = self.spans(row)
            for position in reversed(range(min(len(spans), len(self.roles)))):
                role = self.roles[position]
                if role in values:
                    start, end = spans[position]
                    rebuilt = rebuilt[:start] + self._fill(row[start:end], values[role]) + rebuilt[end:]
        return self.extend(rebuilt, self.evidence_cells(claim)) if with_evidence else rebuilt

    def _fill(self, raw: str, value: str) -> str:
        """`value` in place of a cell's text, keeping the cell's own spaces (an empty pipe cell gets one each side)."""
        if not raw.strip():
            return f" {value} " if self.layout.style == "pipe" and raw else value
        lead = raw[: len(raw) - len(raw.lstrip())]
        trail = raw[len(raw.rstrip()):]
        return f"{lead}{value}{trail}"

    def mark(self, claim: ClaimResult) -> str:
        """The positive mark only for `supported`, else the negative one; a claim that could not be checked keeps
        the report's own mark."""
        if keeps_report_values(claim):
            return "" if claim.reported_verified is None else self.marks[0 if claim.reported_verified else 1]
        return self.marks[0] if claim.verdict == "supported" else self.marks[1]

    def confidence(self, value: float | None) -> str:
        """Our confidence written like the report's (0.19 or 19%)."""
        if value is None:
            return ""
        if self.percent:
            return f"{value * 100:.{max(self.decimals - 2, 0)}f}%"
        return f"{value:.{self.decimals}f}"

    def evidence_cells(self, claim: ClaimResult) -> list[str]:
        """Verdict, paper, page and a short quote (cell-safe) for the `--with-evidence` columns. The quote is paper
        text: no control character, and in a pipe (Markdown) table inert Markdown (no tag, link or emphasis)."""
        evidence = best_evidence(claim)
        if evidence is None:
            return [claim.verdict or NO_VALUE, NO_VALUE, NO_VALUE, NO_VALUE]
        quote = short_quote(evidence.quote, 100)
        quote = data_text(quote).replace("\t", " ") if self.layout.style != "pipe" else markdown_text(quote)
        return [claim.verdict or NO_VALUE, paper_label(evidence), str(evidence.page), quote or NO_VALUE]


def _spaced_spans(row: str, count: int) -> list[tuple[int, int]]:
    """Cells of a space-separated row as the parser reads them: the last `count - 1` words are cells, the claim is
    everything before them."""
    words = [match.span() for match in _WORD.finditer(row)]
    if count < 2 or len(words) < count:
        return [(0, len(row))]
    tail = words[len(words) - count + 1:]
    return [(words[0][0], words[len(words) - count][1]), *tail]


def column_roles(layout: TableLayout) -> list[str]:
    """`claim`, `mark`, `confidence` or `other` for each column: the parser's indices when given, else by header name."""
    if layout.mark_column is None and layout.confidence_column is None:
        return [_role(name) for name in layout.columns]
    roles = ["other"] * len(layout.columns)
    for index, role in ((layout.claim_column, "claim"), (layout.mark_column, "mark"), (layout.confidence_column, "confidence")):
        if index is not None and 0 <= index < len(roles):
            roles[index] = role
    return roles


def _role(column: str) -> str:
    name = column.strip().lower()
    if "conf" in name or "score" in name:
        return "confidence"
    if "verif" in name or "mark" in name or "status" in name or name in {"ok", "✓", "supported"}:
        return "mark"
    return "claim" if "claim" in name else "other"


def _mark_pair(marks: list[str]) -> tuple[str, str]:
    seen = [m for m in marks if m]
    best, best_hits = MARK_PAIRS[0], 0
    for pair in MARK_PAIRS:
        hits = sum(1 for m in seen if m in pair)
        if hits > best_hits:
            best, best_hits = pair, hits
    return best


def _decimals(sample: str | None) -> int:
    if not sample:
        return 2
    digits = sample.strip().rstrip("%")
    places = len(digits.split(".", 1)[1]) if "." in digits else 0
    return places + 2 if sample.strip().endswith("%") else max(places, 2)


