"""Speed and memory of `verifier audit`: a 20-claim report against three generated fifteen-page two-column papers.

    .venv/bin/python benchmarks/audit_speed.py [--sections 12] [--cold-runs 3] [--warm-runs 3] [--keep DIR]

Runs the installed console script (`.venv/bin/verifier audit REPORT --papers DIR --offline --cache-dir CACHE`) as a
separate process, so every figure includes interpreter start-up:
* cold: empty cache (PDF extraction in worker processes, model load, every passage embedded in torch), several
  times, median reported;
* warm: the same command again (papers, embeddings and judgements cached: nothing is embedded or judged), several
  times, median reported;
* new report: another 20-claim report (claims worded differently) against the same cached papers, so only its
  claims are embedded (in numpy: the model's weights are read, torch is not imported) and judged;
and prints wall seconds, peak RSS of the process, and whether the warm run imported torch at all.
Targets (issue 10): warm <= 1 s, new report <= 2 s, cold <= 15 s, peak RSS <= 1.5 GB, on the project's 2-core
machine.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from pdfgen import render_paper, synthetic_spec  # noqa: E402

IDS = ["2409.00001", "2409.00002", "2409.00003"]


def build(folder: Path, sections: int, paragraphs: int) -> tuple[Path, Path, list[int]]:
    """Three papers in `folder/papers` and a seed-format report citing them with 20 claims taken from them."""
    papers = folder / "papers"
    papers.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    claims, pages = [], []
    for seed, arxiv_id in enumerate(IDS):
        spec = synthetic_spec(seed, sections=sections, paragraphs=paragraphs, sentences=6, tables=4)
        spec.arxiv_stamp = f"arXiv:{arxiv_id}v1 [cs.CL] 1 Sep 2024"
        rendered = render_paper(papers / f"{arxiv_id}v1.pdf", spec)
        pages.append(rendered.pages)
        sentences = [s for sec in spec.sections for p in sec.paragraphs for s in re.split(r"(?<=\.)\s+", p) if len(s) > 40]
        claims += rng.sample(sentences, 7)
    claims = claims[:20]
    claims[3] = claims[3].replace("1", "7", 1)  # a few changed numbers
    claims[9] = claims[9][:90]  # a truncated claim
    rows = "\n".join(f"{c}\t{'✓' if i % 3 else '×'}\t0.{20 + i}" for i, c in enumerate(claims))
    report = folder / "report.txt"
    report.write_text(
        "Efficient Adaptation Across Three Synthetic Studies\n\nAssignee Research\n\nSeptember 2, 2024\n\n"
        "1 Introduction\n\nThis paper examines: Synthetic Study Number 0 of Efficient Adaptation. "
        "Research question: Which adaptation works best?.\n\n3 Results\n\n"
        "3 papers retrieved. 20 claims extracted; 13 independently verified. Quality review score: 7.5/10.\n\n"
        f"5 Extracted Claims\n\nClaim\tVerified\tConfidence\n{rows}\n\nReferences\n\n"
        + "\n".join(f"- <http://arxiv.org/abs/{i}v1>" for i in IDS) + "\n"
    )
    return report, papers, pages


def measure(command: list[str], env: dict) -> tuple[float, float, str]:
    """Wall seconds and peak RSS (MB) of one process, and its stderr."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    stderr = process.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"command failed ({process.returncode}): {' '.join(command)}\n{stderr[-2000:]}")
    return wall, usage.ru_maxrss / 1024.0, stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sections", type=int, default=12)
    parser.add_argument("--paragraphs", type=int, default=11)
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--warm-runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder and keep it")
    args = parser.parse_args()

    verifier = Path(sys.executable).parent / "verifier"
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    env.pop("VERIFIER_MODEL", None)
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        report, papers, pages = build(folder, args.sections, args.paragraphs)
        cache = folder / "cache"
        command = [str(verifier), "audit", str(report), "--papers", str(papers), "--offline", "--cache-dir", str(cache),
                   "-o", str(folder / "audit.json")]
        print(f"report: 20 claims; papers: {', '.join(f'{i} ({p} pages)' for i, p in zip(IDS, pages))}")
        cold = []
        for _ in range(args.cold_runs):  # each from an empty cache; the last one's cache serves the warm runs
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(measure(command, env))
        walls = [w for w, _, _ in cold]
        print(f"cold audit:  {statistics.median(walls):6.2f} s wall (median of {len(walls)}: "
              f"{', '.join(f'{w:.2f}' for w in walls)}), peak RSS {max(r for _, r, _ in cold):7.1f} MB  "
              "(target <= 15 s, <= 1536 MB)")
        warm = [measure(command, env) for _ in range(args.warm_runs)]
        walls = [w for w, _, _ in warm]
        print(f"warm audit:  {statistics.median(walls):6.2f} s wall (median of {len(walls)}: "
              f"{', '.join(f'{w:.2f}' for w in walls)}), peak RSS {max(r for _, r, _ in warm):7.1f} MB  (target <= 1 s)")
        fresh = folder / "new-report.txt"
        lines = report.read_text().splitlines()
        fresh.write_text("\n".join(f"As reported, {line[0].lower()}{line[1:]}" if "\t" in line and not
                                   line.startswith("Claim\t") else line for line in lines) + "\n")
        new_wall, new_rss, _ = measure([*command[:2], str(fresh), *command[3:]], env)
        print(f"new report:  {new_wall:6.2f} s wall, peak RSS {new_rss:7.1f} MB  (20 new claims, cached papers; "
              f"target <= 2 s)")
        _, _, trace = measure([sys.executable, "-X", "importtime", "-m", "verifier.cli", *command[1:]], env)
        heavy = sorted({m for m in ("torch", "sentence_transformers", "transformers", "pdfplumber")
                        if any(line.rstrip().endswith(f"| {m}") for line in trace.splitlines())})
        print(f"warm run imported: {', '.join(heavy) if heavy else 'none of torch, sentence_transformers, transformers, pdfplumber'}")


if __name__ == "__main__":
    main()
