"""Hostile report inputs, shared by the `tests/hostile` suite and `benchmarks/fuzz_reports.py`: mutations of real
reports (the shared seed reports and the bundled examples) and the checks every parse must pass."""

from __future__ import annotations

import json
import math
import random
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seed-reports"
EXAMPLES = ROOT / "reports" / "examples"
_DIGITS = re.compile(r"[0-9]+(?:\.[0-9]+)?")
PARSE_SECONDS = 2.0
"""Every case must parse (or be refused) within this time."""

RUNS = (" ", "\t", "0", "9", ".", ",", "|", "#", "*", "_", ":", "-", "v", "a", "\\", "✓", "×", "%", "١", "\u00a0")
FRAGMENTS = (
    "| Claim | Verified | Confidence |", "|---|---|---|", "Claim\tVerified\tConfidence", "## References", "References",
    "Results", "**Results**", "1. Introduction", "IV) Discussion", "This paper examines: ", "Research question: ",
    "claims extracted", " claims verified", " papers retrieved", "quality score of ", "/10", "arXiv:",
    "arXiv:2401.0123",
    "https://arxiv.org/abs/", "2005.13013v2", "hep-th/9901001", "v0", "0٠01.0000", "Abstract: ", "June 25, 2026",
    "✓", "×", "yes", "no", "1e309", "9" * 400, "nan", "inf", "\x1b[31m", "\ufeff", "\r", "\u2028",
)


@dataclass(frozen=True)
class Outcome:
    """How one case went: `kind` is `ok`, `refused` (a ClaimsError), `exception` (anything else), `slow` (over
    PARSE_SECONDS) or `non_finite` (an infinite or NaN number in the report)."""

    kind: str
    seconds: float
    detail: str = ""


def base_reports() -> list[tuple[str, str]]:
    """(name, text) of the seed reports (when the shared folder is present) and the bundled examples."""
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    files += sorted(path for path in EXAMPLES.glob("*.*") if path.suffix in (".md", ".txt") and path.stem != "README")
    return [(path.name, path.read_text(encoding="utf-8")) for path in files]


def _insert(rng: random.Random, text: str, piece: str) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + piece + text[at:]


def _run(rng: random.Random) -> str:
    return rng.choice(RUNS) * rng.choice((1, 3, 40, 300, 3_000, 30_000))


def _mutate_line(rng: random.Random, lines: list[str]) -> None:
    index = rng.randrange(len(lines))
    line = lines[index]
    choice = rng.randrange(7)
    if choice == 6:
        lines[index] = _DIGITS.sub(lambda _: "9" * rng.choice((400, 5_000)), line, count=1)
    elif choice == 0:
        lines[index] = line + _run(rng) + rng.choice(("", "x", "!", ":", "#", "|"))
    elif choice == 1:
        lines[index:index + 1] = [line] * rng.choice((2, 50, 2_000))
    elif choice == 2:
        lines[index] = line.replace("|", " " * rng.choice((30, 300)) + "|")
    elif choice == 3:
        lines[index] = rng.choice(("#", "##", "**", "1.", "IV)", "")) + " " * rng.choice((3, 300, 3_000)) + line
    elif choice == 4:
        del lines[index]
    else:
        lines[index] = _insert(rng, line, rng.choice(FRAGMENTS) + _run(rng))


def mutate(text: str, rng: random.Random) -> bytes:
    """One to four random mutations of `text`: runs of one character, repeated or padded lines, heading and table
    look-alikes, id and number fragments, cut-off ends, and (sometimes) flipped bytes."""
    for _ in range(rng.randint(1, 4)):
        lines = text.split("\n") or [""]
        choice = rng.randrange(5)
        if choice <= 1:
            _mutate_line(rng, lines)
            text = "\n".join(lines)
        elif choice == 2:
            text = _insert(rng, text, rng.choice(FRAGMENTS) + _run(rng))
        elif choice == 3:
            text = text[: rng.randrange(len(text) + 1)]
        else:
            text = _insert(rng, text, "".join(rng.choice(FRAGMENTS + RUNS) for _ in range(rng.randint(1, 30))))
    data = text.encode("utf-8")
    if data and rng.random() < 0.1:
        flipped = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
        data = bytes(flipped)
    return data


def random_report(rng: random.Random) -> bytes:
    """A report assembled from fragments and runs alone (no seed), for inputs far from any real report."""
    parts = [rng.choice(FRAGMENTS + RUNS) if rng.random() < 0.7 else _run(rng) for _ in range(rng.randint(1, 60))]
    joiners = ("", " ", "\n", "\t", " | ")
    return "".join(part + rng.choice(joiners) for part in parts).encode("utf-8")


def cases(count: int, seed: int = 0) -> Iterator[tuple[str, bytes]]:
    """`count` hostile inputs, (label, bytes): four in five mutate a real report, one in five is random."""
    rng = random.Random(seed)
    bases = base_reports()
    for number in range(count):
        if bases and number % 5:
            name, text = bases[rng.randrange(len(bases))]
            yield f"{number}:{name}", mutate(text, rng)
        else:
            yield f"{number}:random", random_report(rng)


def non_finite_numbers(value: object) -> list[str]:
    """Paths of every infinite or NaN float inside a dumped report (dicts, lists, scalars)."""
    if isinstance(value, float):
        return [] if math.isfinite(value) else ["$"]
    if isinstance(value, dict):
        return [f"{key}.{path}" for key, item in value.items() for path in non_finite_numbers(item)]
    if isinstance(value, list):
        return [f"{index}.{path}" for index, item in enumerate(value) for path in non_finite_numbers(item)]
    return []


def _reject_constant(name: str) -> float:
    raise ValueError(f"non-finite number {name} in JSON")


def check_parse(data: bytes, parse: Callable[[bytes, str], object] | None = None) -> Outcome:
    """Parse `data` as a report and classify the result (see `Outcome`)."""
    from claims import ClaimsError, parse_bytes

    parse = parse or parse_bytes
    started = time.perf_counter()
    try:
        report = parse(data, "fuzz.md")
    except ClaimsError:
        return _timed("refused", started)
    except Exception as error:  # the point: nothing but ClaimsError may escape
        return _timed("exception", started, f"{type(error).__name__}: {str(error)[:200]}")
    try:
        json.loads(report.model_dump_json(), parse_constant=_reject_constant)  # type: ignore[attr-defined]
        bad = non_finite_numbers(report.model_dump())  # type: ignore[attr-defined]
    except Exception as error:
        return _timed("exception", started, f"dumping: {type(error).__name__}: {str(error)[:200]}")
    if bad:
        return _timed("non_finite", started, ", ".join(bad[:5]))
    return _timed("ok", started)


def _timed(kind: str, started: float, detail: str = "") -> Outcome:
    seconds = time.perf_counter() - started
    if kind in ("ok", "refused") and seconds > PARSE_SECONDS:
        return Outcome("slow", seconds, f"{seconds:.1f} s")
    return Outcome(kind, seconds, detail)
