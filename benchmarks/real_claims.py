"""Labelled claims about real arXiv papers, checked against the papers' real PDFs (`../shared/real-papers`).

    .venv/bin/python benchmarks/real_claims.py [FILE.yaml ...]     # check every claim's evidence against its PDF

`benchmarks/real_claims/<arXiv id>.yaml` holds claims written for this project, in the style of a synthesis report,
about one of the five real papers, each labelled by hand against the PDF: `supported` and `contradicted` claims give
the page and the words of the paper that decide them (`evidence`, and for a table number the row label and the
printed `value`), `contradicted` and `unsupported` ones say why (`why`). The labels were written without running the
engine. The PDFs are read from ../shared and never copied into the project.

Splits, fixed before any figure was measured: the claims about BERT and ELMo are the tune split (errors may be looked
at), those about XNLI, RoBERTa and XLM the report split (figures only). Each split is one group: a claim is checked
against the passages of every paper of its split, as in a report that cites them all.

A second writer's claims (`real_claims/second/`, 36 about BERT and 36 about ELMo, kinds also `negated`,
`wrong-table-cell` and `comparison`) were written later by another hand, from the PDFs alone, without reading the
first writer's claims or running the engine: a tune set (`accuracy.py --split tune --sets real-papers-second`) that
is never fitted on, which measures how the engine does on claims written in a style the tune claims do not have.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from labelled_sets import Group, LabelledClaim, LabelledSet  # noqa: E402

CLAIMS = ROOT / "benchmarks" / "real_claims"
REAL_PAPERS = ROOT.parent / "shared" / "real-papers"
SPLITS = {"tune": ("1810.04805", "1802.05365"), "report": ("1809.05053", "1907.11692", "1901.07291")}
# who wrote the claims: the first writer's files for all five papers, a second writer's (written later, by another
# hand, without reading the first's or running the engine) for the tune papers only
WRITERS = {"first": CLAIMS, "second": CLAIMS / "second"}
LABELS = ("supported", "contradicted", "unsupported")


def claims_files(writer: str = "first") -> list[Path]:
    return sorted(WRITERS[writer].glob("*.yaml"))


def documents(split: str, writer: str = "first") -> list[dict]:
    folder = WRITERS[writer]
    return [yaml.safe_load((folder / f"{arxiv_id}.yaml").read_text()) for arxiv_id in SPLITS[split]
            if (folder / f"{arxiv_id}.yaml").is_file()]


def pdf_of(document: dict) -> Path:
    return REAL_PAPERS / f"{document['arxiv_id']}{document['version']}.pdf"


def present() -> bool:
    return all((REAL_PAPERS / f"{d['arxiv_id']}{d['version']}.pdf").is_file()
               for split in SPLITS for d in documents(split))


def real_claims_set(split: str = "report", writer: str = "first") -> LabelledSet:
    """The claims of `split` (by `writer`) against the passages the papers extractor reads from the real PDFs."""
    from papers.extract import extract_pdf

    passages, claims = [], []
    for document in documents(split, writer):
        passages += extract_pdf(pdf_of(document), arxiv_id=document["arxiv_id"], version=document["version"]).passages
        claims += [LabelledClaim(c["text"], c["label"], c.get("kind", ""), bool(c.get("truncated", False)))
                   for c in document["claims"]]
    name = f"real-papers-{split}" if writer == "first" else f"real-papers-{split}-{writer}"
    return LabelledSet(name, [Group(passages, claims)])


def squeezed(text: str) -> str:
    """Letters and digits only, lower case, ligatures unfolded: a quote matches across line breaks and hyphenation."""
    return re.sub(r"[^0-9a-z]", "", unicodedata.normalize("NFKC", text).lower())


def page_text(pdf: Path, page: int) -> str:
    done = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True)
    return done.stdout


def problems(path: Path) -> list[str]:
    """What is wrong with one claims file: missing fields, unknown labels, evidence not on the page it names."""
    document = yaml.safe_load(Path(path).read_text())
    pdf = pdf_of(document)
    found: list[str] = []
    pages: dict[int, str] = {}
    for number, claim in enumerate(document.get("claims", []), 1):
        where = f"{Path(path).name} claim {number}"
        if claim.get("label") not in LABELS or not claim.get("text"):
            found.append(f"{where}: needs text and a label in {LABELS}")
            continue
        if claim["label"] != "supported" and not claim.get("why"):
            found.append(f"{where}: a {claim['label']} claim says why")
        if claim["label"] == "unsupported":
            continue
        page = claim.get("page")
        if not isinstance(page, int) or not claim.get("evidence"):
            found.append(f"{where}: needs page and evidence")
            continue
        if page not in pages:
            pages[page] = squeezed(page_text(pdf, page))
        for part in (claim["evidence"], claim.get("value", "")):
            if part and squeezed(str(part)) not in pages[page]:
                found.append(f"{where}: {part!r} is not on page {page}")
    return found


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or [path for writer in WRITERS for path in claims_files(writer)]
    found = [p for path in paths for p in problems(path)]
    for line in found:
        print(line)
    counts = {label: 0 for label in LABELS}
    for path in paths:
        for claim in yaml.safe_load(path.read_text()).get("claims", []):
            counts[claim.get("label", "")] = counts.get(claim.get("label", ""), 0) + 1
    print(f"{len(paths)} files, claims {counts}, {len(found)} problems")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
