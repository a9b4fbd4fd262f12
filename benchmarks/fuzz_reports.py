"""Fuzz the report parser with hostile reports and print tried / failed per category.

    .venv/bin/python benchmarks/fuzz_reports.py [--n 10000] [--seed 0] [--timeout 10] [--code DIR]

Cases come from `tests/hostile/hostile_cases.py` (mutations of the shared seed reports and the bundled examples,
plus reports made of fragments). Each case is parsed in a worker process; a case still running after `--timeout`
seconds counts as over 2 s and the worker is replaced, so hangs are counted instead of blocking the run. Failure
categories: `exception` (anything but ClaimsError escaped), `over 2 s`, `non-finite` (inf/NaN in the report).
`--code DIR` parses with the `claims` package found in DIR (e.g. an export of an older commit) instead.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path

HOSTILE = Path(__file__).resolve().parents[1] / "tests" / "hostile"
sys.path.insert(0, str(HOSTILE))

from hostile_cases import PARSE_SECONDS, Outcome, cases  # noqa: E402

CATEGORIES = (("exception", "exception"), ("slow", f"over {PARSE_SECONDS:g} s"), ("non_finite", "non-finite"))


def _worker(conn: Connection, code: str | None) -> None:
    if code:
        sys.path.insert(0, code)
    from hostile_cases import check_parse

    while True:
        data = conn.recv()
        if data is None:
            return
        conn.send(check_parse(data))


class Runner:
    """One worker process at a time; a case over the timeout kills it and a fresh one takes over."""

    def __init__(self, code: str | None, timeout: float):
        self.code, self.timeout = code, timeout
        self.context = multiprocessing.get_context("fork")
        self.start()

    def start(self) -> None:
        self.conn, child = self.context.Pipe()
        self.process = self.context.Process(target=_worker, args=(child, self.code), daemon=True)
        self.process.start()

    def run(self, data: bytes) -> Outcome:
        self.conn.send(data)
        if self.conn.poll(self.timeout):
            return self.conn.recv()
        self.process.kill()
        self.process.join()
        self.start()
        return Outcome("slow", self.timeout, f"still running after {self.timeout:g} s")

    def close(self) -> None:
        self.conn.send(None)
        self.process.join(5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of reports (default 10000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds before a case counts as a hang")
    parser.add_argument("--code", help="folder holding the claims package to test (default: this checkout)")
    parser.add_argument("--show", type=int, default=3, help="examples to print per failure category")
    args = parser.parse_args()
    runner = Runner(args.code, args.timeout)
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    started = time.perf_counter()
    slowest = 0.0
    try:
        for label, data in cases(args.n, args.seed):
            outcome = runner.run(data)
            counts[outcome.kind] += 1
            slowest = max(slowest, outcome.seconds)
            if outcome.kind in dict(CATEGORIES):
                examples.setdefault(outcome.kind, []).append(f"{label} ({len(data):,} bytes): {outcome.detail}")
    finally:
        runner.close()
    print(f"fuzzed reports: {args.n:,} (seed {args.seed}), code: {args.code or 'this checkout'}, "
          f"{time.perf_counter() - started:.0f} s, slowest case {slowest:.2f} s")
    print(f"parsed {counts['ok']:,}, refused with ClaimsError {counts['refused']:,}")
    print(f"{'category':<12} {'tried':>7} {'failed':>7}")
    for kind, name in CATEGORIES:
        print(f"{name:<12} {args.n:>7,} {counts[kind]:>7,}")
    for kind, name in CATEGORIES:
        for line in examples.get(kind, [])[: args.show]:
            print(f"  {name}: {line}")


if __name__ == "__main__":
    main()
