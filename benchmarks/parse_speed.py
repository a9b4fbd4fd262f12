"""How fast `verifier parse` is. Prints:

- one report: wall time of the whole command, interpreter start included (target <= 0.5 s);
- which heavy modules (torch, transformers, sentence_transformers, pdfplumber, numpy) that command imported;
- a folder of 1,000 reports (copies of the bundled examples in a temporary folder; target <= 15 s).

Run from the repository root: `.venv/bin/python benchmarks/parse_speed.py [--runs 5] [--reports 1000]`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "reports" / "examples").glob("*_*.*"))
HEAVY = ("torch", "transformers", "sentence_transformers", "pdfplumber", "pdfminer", "numpy")


def verifier_command() -> list[str]:
    """The installed console script when present, else the same entry point through `python -m`."""
    script = Path(sys.executable).with_name("verifier")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "verifier.cli"]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        raise SystemExit(f"benchmark command failed ({completed.returncode}): {' '.join(command)}\n{completed.stderr}")
    return elapsed


def heavy_imports(report: Path) -> list[str]:
    """Top-level heavy packages imported by `verifier parse REPORT` (from `python -X importtime`)."""
    completed = subprocess.run([sys.executable, "-X", "importtime", "-m", "verifier.cli", "parse", str(report)],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    names = {line.split("|")[-1].strip().split(".")[0] for line in completed.stderr.splitlines() if line.startswith("import time:")}
    return sorted(name for name in names if name in HEAVY)


def one_report(runs: int) -> None:
    report = ROOT / "reports" / "examples" / "sparse_adapters_synthesis.txt"
    command = [*verifier_command(), "parse", str(report)]
    timed(command)  # warm the file cache and bytecode
    times = [timed(command) for _ in range(runs)]
    print(f"verifier parse, one report ({' '.join(Path(part).name for part in command[:3])} ...), {runs} runs: "
          f"median {statistics.median(times):.3f} s, min {min(times):.3f} s, max {max(times):.3f} s (target <= 0.5 s)")
    print(f"heavy modules imported on that path: {', '.join(heavy_imports(report)) or 'none'}")


def folder_of_reports(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="parse-speed-") as folder:
        for number in range(count):
            source = EXAMPLES[number % len(EXAMPLES)]
            shutil.copyfile(source, Path(folder) / f"{number:04d}_{source.name}")
        output = Path(folder) / "out"
        output.mkdir()
        command = [*verifier_command(), "parse", folder, "-o", str(output / "all.json")]
        elapsed = timed(command)
        print(f"verifier parse, folder of {count} reports: {elapsed:.2f} s wall "
              f"({1000 * elapsed / count:.2f} ms per report; target <= 15 s for 1,000)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions of the one-report timing")
    parser.add_argument("--reports", type=int, default=1000, help="reports in the folder timing")
    arguments = parser.parse_args()
    one_report(arguments.runs)
    folder_of_reports(arguments.reports)


if __name__ == "__main__":
    main()
