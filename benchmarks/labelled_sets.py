"""Labelled claim sets for measuring and tuning the engine.

* corpus (a): `benchmarks/corpus/{eval,tune}/*.yaml`, papers written for this project, rendered to two-column PDFs
  with `tests/pdfgen.py` at run time and read back with the papers extractor; every claim is checked against the
  passages of all papers of its part (as in a report citing them all).
* SciFact (`../shared/data/scifact`): each claim against the sentences of its cited abstracts.
* SciTab (`../shared/data/scitab`): each claim against its table, one passage per row.

Tune only on the tune splits: `corpus/tune`, SciFact `claims_train`, SciTab `scitab_tune`.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from papers.models import Passage

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "benchmarks" / "corpus"
SHARED_DATA = ROOT.parent / "shared" / "data"


@dataclass(frozen=True)
class LabelledClaim:
    text: str
    label: str  # supported | contradicted | unsupported
    kind: str = ""
    truncated: bool = False
    evidence: tuple[str, ...] = ()  # the passages annotated as the evidence (SciFact rationales), when known


@dataclass
class Group:
    """Claims checked against one set of passages."""

    passages: list[Passage]
    claims: list[LabelledClaim] = field(default_factory=list)


@dataclass
class LabelledSet:
    name: str
    groups: list[Group]

    @property
    def size(self) -> int:
        return sum(len(g.claims) for g in self.groups)


# -- corpus (a) ---------------------------------------------------------------------------------------------------
def corpus_documents(part: str) -> list[dict]:
    """The YAML documents of `corpus/<part>` (eval or tune), sorted by file name."""
    return [yaml.safe_load(path.read_text()) for path in sorted((CORPUS / part).glob("*.yaml"))]


def paper_spec(document: dict):
    """The pdfgen spec of a corpus paper."""
    sys.path.insert(0, str(ROOT / "tests"))
    from pdfgen import PaperSpec, SectionSpec, TableSpec

    return PaperSpec(
        title=document["title"],
        authors=document.get("authors", []),
        abstract=document.get("abstract", ""),
        sections=[SectionSpec(**s) for s in document["sections"]],
        tables=[TableSpec(**t) for t in document.get("tables", [])],
        arxiv_stamp=f"arXiv:{document['arxiv_id']}{document['version']} [cs.CL] 4 Mar 2024",
        running_header="Preprint. Under review.",
    )


def write_corpus_pdfs(part: str, folder: Path) -> list[Path]:
    """Render every paper of `corpus/<part>` to `folder/<id><version>.pdf` (a `--papers` folder)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from pdfgen import write_paper_pdf

    paths = []
    for document in corpus_documents(part):
        path = Path(folder) / f"{document['arxiv_id']}{document['version']}.pdf"
        write_paper_pdf(path, paper_spec(document))
        paths.append(path)
    return paths


def corpus_claims(part: str) -> list[LabelledClaim]:
    return [LabelledClaim(c["text"], c["label"], c.get("kind", ""), bool(c.get("truncated", False)))
            for document in corpus_documents(part) for c in document["claims"]]


def corpus_set(part: str = "eval") -> LabelledSet:
    """Corpus (a): PDFs generated now, passages extracted by the papers extractor."""
    from papers.extract import extract_pdf

    passages: list[Passage] = []
    with tempfile.TemporaryDirectory() as folder:
        for document, path in zip(corpus_documents(part), write_corpus_pdfs(part, Path(folder))):
            passages.extend(extract_pdf(path, arxiv_id=document["arxiv_id"], version=document["version"]).passages)
    return LabelledSet(f"corpus-{part}", [Group(passages, corpus_claims(part))])


# -- SciFact -------------------------------------------------------------------------------------------------------
SCIFACT_LABELS = {"SUPPORT": "supported", "CONTRADICT": "contradicted"}


def scifact_set(split: str, limit: int | None = None) -> LabelledSet:
    """SciFact `claims_<split>.jsonl` (train to tune, dev to report): claims against their cited abstracts."""
    folder = SHARED_DATA / "scifact"
    wanted = [json.loads(line) for line in (folder / f"claims_{split}.jsonl").read_text().splitlines() if line.strip()]
    wanted = wanted[:limit] if limit else wanted
    doc_ids = {d for claim in wanted for d in claim["cited_doc_ids"]}
    abstracts = {}
    with open(folder / "corpus.jsonl") as handle:
        for line in handle:
            doc = json.loads(line)
            if doc["doc_id"] in doc_ids:
                abstracts[doc["doc_id"]] = doc
    groups = []
    for claim in wanted:
        labels = {e["label"] for evidence in claim["evidence"].values() for e in evidence}
        label = SCIFACT_LABELS[sorted(labels)[0]] if labels else "unsupported"
        passages = [Passage(arxiv_id=str(d), page=1, section="Abstract", text=sentence)
                    for d in claim["cited_doc_ids"] if d in abstracts for sentence in abstracts[d]["abstract"]]
        rationale = tuple(abstracts[int(d)]["abstract"][i] for d, sets in claim["evidence"].items() if int(d) in abstracts
                          for e in sets for i in e["sentences"])
        groups.append(Group(passages, [LabelledClaim(claim["claim"], label, "scifact", evidence=rationale)]))
    return LabelledSet(f"scifact-{split}", groups)


# -- SciTab --------------------------------------------------------------------------------------------------------
SCITAB_LABELS = {"supports": "supported", "refutes": "contradicted", "not enough info": "unsupported"}


def scitab_clean(text: str) -> str:
    """A SciTab cell without its `[BOLD]` / `[ITALIC]` / `[EMPTY]` or `<bold>…</bold>` markup (the extractor
    writes none)."""
    return re.sub(r"\[(BOLD|ITALIC|EMPTY)\]\s*|</?(?:bold|italic|b|i|u)>", "", text, flags=re.IGNORECASE).strip()


def table_passages(item: dict) -> list[Passage]:
    """One passage per row, with the row's structure (`Passage.table`) and the extractor's text for it:
    "Table: caption | row label | column: value | ..."."""
    from papers.models import TableCell, TableRowRecord

    caption = scitab_clean(item["table_caption"])
    caption = caption if caption.lower().startswith("table") else f"Table: {caption}"
    columns = [scitab_clean(c) for c in item["table_column_names"]]
    passages = []
    for row in item["table_content_values"]:
        row = [scitab_clean(v) for v in row]
        cells = [f"{c}: {v}" for c, v in zip(columns[1:], row[1:])]
        text = " | ".join([caption, row[0] if row else "", *cells])
        record = TableRowRecord(caption=caption, row=[row[0]] if row and row[0] else [], page=1,
                                cells=[TableCell(column=[c] if c else [], value=v) for c, v in zip(columns[1:], row[1:]) if v])
        passages.append(Passage(arxiv_id=item["paper_id"].split("v")[0], page=1, kind="table", text=text, table=record))
    return passages


def scitab_set(split: str, limit: int | None = None) -> LabelledSet:
    """SciTab `scitab_<split>.json` (tune or eval): claims against their own table."""
    items = json.loads((SHARED_DATA / "scitab" / f"scitab_{split}.json").read_text())
    items = items[:limit] if limit else items
    by_table: dict[str, Group] = {}
    for item in items:
        key = item["table_id"]
        if key not in by_table:
            by_table[key] = Group(table_passages(item))
        by_table[key].claims.append(LabelledClaim(item["claim"], SCITAB_LABELS[item["label"]], "scitab"))
    return LabelledSet(f"scitab-{split}", list(by_table.values()))


# -- Check-COVID (report only) -------------------------------------------------------------------------------------
CHECK_COVID_LABELS = {"SUPPORT": "supported", "REFUTE": "contradicted", "NOTENOUGHINFO": "unsupported"}


def check_covid_set(kind: str = "extracted", limit: int | None = None, evidence: str = "abstract") -> LabelledSet:
    """Check-COVID test claims (`extracted` from news, or `composed` by annotators). Report-only: nothing is tuned
    on it.

    Check-COVID gives each label against an evidence set (sentence indices into the abstract), not against the
    abstract: a NOTENOUGHINFO row pairs a claim with a sentence that does not decide it, and the same claim, against
    the same abstract, is also a SUPPORT or REFUTE row with the sentences that do (in the test files every
    NOTENOUGHINFO row has such a twin). Read against the whole abstract, such a row asks for two answers to one
    question. So `evidence`:

    * `abstract`: each claim against its abstract's sentences; rows the abstract is labelled both as deciding and as
      not deciding (a NOTENOUGHINFO row whose claim has a SUPPORT or REFUTE row on the same abstract) are left out.
    * `sentences`: each claim against the sentences its label is given on (its evidence set, in the abstract's
      order), all three labels.
    """
    if evidence not in ("abstract", "sentences"):
        raise ValueError(f"evidence must be 'abstract' or 'sentences', not {evidence!r}")
    folder = SHARED_DATA / "check-covid"
    lines = (folder / f"covidCheck_test_{kind}.json").read_text().splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    rows = rows[:limit] if limit else rows
    abstracts = {}
    for line in (folder / "corpus.json").read_text().splitlines():
        if line.strip():
            doc = json.loads(line)
            abstracts[doc["cord_id"]] = doc["abstract"]
    groups: dict[object, Group] = {}
    if evidence == "abstract":
        decided = {(r["claim"], r["cord_id"]) for r in rows if r["label"] != "NOTENOUGHINFO"}
        for row in rows:
            if row["label"] == "NOTENOUGHINFO" and (row["claim"], row["cord_id"]) in decided:
                continue
            cord = row["cord_id"]
            if cord not in groups:
                groups[cord] = Group([Passage(arxiv_id=cord, page=1, section="Abstract", text=sentence)
                                      for sentence in abstracts.get(cord, [])])
            groups[cord].claims.append(LabelledClaim(row["claim"], CHECK_COVID_LABELS[row["label"]], "check-covid"))
        return LabelledSet(f"check-covid-test-{kind}", list(groups.values()))
    for row in rows:
        sentences = abstracts.get(row["cord_id"], [])
        chosen = sorted({e["sent_index"] for e in row["evidence_set"] if 0 <= e["sent_index"] < len(sentences)})
        key = (row["cord_id"], tuple(chosen))
        if key not in groups:
            groups[key] = Group([Passage(arxiv_id=row["cord_id"], page=1, section="Abstract", text=sentences[i])
                                 for i in chosen])
        groups[key].claims.append(LabelledClaim(row["claim"], CHECK_COVID_LABELS[row["label"]], "check-covid"))
    return LabelledSet(f"check-covid-test-{kind}-sentences", list(groups.values()))


def shared_data_present() -> bool:
    return (SHARED_DATA / "scifact").is_dir() and (SHARED_DATA / "scitab").is_dir()


# -- running the engine ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Prediction:
    claim: LabelledClaim
    verdict: str
    confidence: float
    features: dict
    probabilities: dict
    explanation: str
    rules: tuple[str, ...] = ()  # decision rules that changed the model's verdict
    model_verdict: str = ""  # the calibrated model's first choice


def predict(checker, labelled: LabelledSet) -> list[Prediction]:
    """Run `checker` (a `verifier.engine.checker.ClaimChecker`) over every group of `labelled`."""
    from verifier.engine.checker import ClaimToCheck

    predictions = []
    for group in labelled.groups:
        if not group.passages:
            predictions += [Prediction(c, "unverifiable", 1.0, {}, {}, "no passages") for c in group.claims]
            continue
        index = checker.index(group.passages)
        outcomes = checker.check(index, [ClaimToCheck(c.text, c.truncated) for c in group.claims])
        for claim, outcome in zip(group.claims, outcomes):
            j = outcome.judgement
            probabilities = dict(outcome.probabilities)
            predictions.append(Prediction(claim, j.verdict, j.confidence, dict(outcome.record.features), probabilities,
                                          j.explanation, j.rules, max(probabilities, key=lambda c: probabilities[c])))
    return predictions
