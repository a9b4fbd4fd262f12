"""Reading a report's transfer claims: which intermediate task, which target task, what effect (a delta in points,
a direction, or 'no benefit'). Pure, rule-based, over the task vocabulary of Phang et al. 2020 and XTREME."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from claims.models import Report
from grammar.lexicon import DIRECTIONS

INTERMEDIATE_TASKS = {
    "squad": r"squad(?:\s*v?[12](?:\.[01])?)?", "mnli": r"mnli|multinli", "hellaswag": r"hella\s*swag",
    "anli": r"anli\+?", "qqp": r"qqp", "cosmosqa": r"cosmos\s*qa", "commonsenseqa": r"commonsense\s*qa",
    "ccg": r"ccg", "sst2": r"sst-?2",
}  # fmt: skip
TARGET_TASKS = {
    "pawsx": r"paws-?x", "xnli": r"xnli", "tatoeba": r"tatoeba", "bucc": r"bucc(?:\s*2018)?", "tydiqa": r"tydi\s*-?qa",
    "xquad": r"xquad", "mlqa": r"mlqa", "udpos": r"ud-?pos", "panx": r"pan-?x",
}  # fmt: skip
TASK_NAMES = {
    "squad": "SQuAD", "mnli": "MNLI", "hellaswag": "HellaSwag", "anli": "ANLI+", "qqp": "QQP", "cosmosqa": "CosmosQA",
    "commonsenseqa": "CommonsenseQA", "ccg": "CCG", "sst2": "SST-2", "multi-task": "multi-task training on all 9 tasks",
    "best-per-task": "the best intermediate task per target task", "pawsx": "PAWS-X", "xnli": "XNLI", "tatoeba": "Tatoeba",
    "bucc": "BUCC", "tydiqa": "TyDiQA", "xquad": "XQuAD", "mlqa": "MLQA", "udpos": "UDPOS", "panx": "PANX",
    "target-average": "the average over target tasks", "xtreme-average": "the XTREME benchmark average",
}  # fmt: skip
TARGET_AVERAGE, XTREME_AVERAGE = "target-average", "xtreme-average"

INTERMEDIATE_WORD = re.compile(r"\bintermediate\b", re.I)
NO_BENEFIT = re.compile(r"\b(?:does not|do not|doesn't|don't|did not|fails? to)\s+(?:see\s+|show\s+|get\s+)?(?:any\s+)?"
                        r"(?:benefit|improve|gain|help)|\bno\s+(?:benefit|improvement|gain)s?\b", re.I)  # fmt: skip


def _direction_words(sign: int) -> str:
    """An alternation of the lexicon's effect and amount words of one sign (improve/increase vs hurt/decrease)."""
    words = sorted((w for w, d in DIRECTIONS.items() if d.family in ("effect", "amount") and d.sign == sign),
                   key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


DECREASE = re.compile(rf"\b(?:{_direction_words(-1)}|negative transfer)\b", re.I)
INCREASE = re.compile(rf"\b(?:{_direction_words(+1)})\b", re.I)
QUALIFIER = re.compile(r"\b(dramatic|large|substantial|consistent|significant|small|modest)\b", re.I)
NUMBER = r"[+-]?\d+(?:\.\d+)?"
DELTAS = re.compile(
    rf"(?:improv\w*|gains?|increases?|drops?|decreases?|by|of)\s+(?:about\s+|around\s+|up to\s+)?"
    rf"({NUMBER}(?:\s*,\s*(?:and\s+)?{NUMBER})*(?:,?\s+and\s+{NUMBER})?)(?:\s*(?:points?|pts|%|percentage points?))?",
    re.I,
)
CLAUSE_BREAK = re.compile(r",?\s+(?:whereas|while|but)\s+|;\s+", re.I)


Direction = Literal["increase", "decrease", "none"]


class TransferStatement(BaseModel):
    """One claimed effect of intermediate-task training on a target task."""

    intermediate: str | None = Field(description="Intermediate task key; None when the claim names none (any/most tasks).")
    target: str = Field(description="Target task key, `target-average` or `xtreme-average`.")
    direction: Direction | None = Field(description="None when the visible text states no effect.")
    delta: float | None = Field(default=None, description="Claimed change in points (signed).")
    qualifier: str | None = None


class MappedClaim(BaseModel):
    index: int
    line: int
    text: str
    truncated: bool
    statements: list[TransferStatement]


def mentions(text: str, vocabulary: dict[str, str]) -> list[str]:
    """Task keys mentioned in `text`, in order of first mention."""
    found = []
    for key, pattern in vocabulary.items():
        match = re.search(rf"(?<![\w-])(?:{pattern})(?![\w])", text, re.I)
        if match:
            found.append((match.start(), key))
    return [key for _, key in sorted(found)]


def claimed_deltas(text: str) -> list[float]:
    """The numbers of an effect phrase: 'improvement of 7.5 points', 'improvements of 8.2, 7.5, and 7.0 point'."""
    match = DELTAS.search(text)
    return [float(number) for number in re.findall(NUMBER, match.group(1))] if match else []


def direction_of(text: str) -> Direction | None:
    if NO_BENEFIT.search(text):
        return "none"
    if DECREASE.search(text):
        return "decrease"
    return "increase" if INCREASE.search(text) else None


def intermediates_of(text: str) -> list[str | None]:
    if re.search(r"\bmulti-?task\b", text, re.I):
        return ["multi-task"]
    if re.search(r"\bbest[- ]performing models?\b", text, re.I):
        return ["best-per-task"]
    found: list[str | None] = list(mentions(text, INTERMEDIATE_TASKS))
    return found or [None]


def targets_of(text: str) -> list[str]:
    named = mentions(text, TARGET_TASKS)
    if named:
        return named
    if re.search(r"\bxtreme\b", text, re.I) and re.search(r"\baverage\b", text, re.I):
        return [XTREME_AVERAGE]
    return [TARGET_AVERAGE]


def clause_statements(clause: str, truncated: bool) -> list[TransferStatement]:
    """Statements of one clause: every intermediate task × target task, numbers paired in order when they line up."""
    direction = direction_of(clause)
    deltas = claimed_deltas(clause) if direction in ("increase", "decrease") else []
    named_target = bool(mentions(clause, TARGET_TASKS)) or bool(re.search(r"\btarget[- ]tasks?\b", clause, re.I))
    if direction is None and not (truncated and named_target):
        return []
    if direction is not None and not (deltas or named_target or re.search(r"\bperformance\b", clause, re.I)):
        return []
    intermediates, targets = intermediates_of(clause), targets_of(clause)
    qualifier = QUALIFIER.search(clause)
    statements = []
    for position, intermediate in enumerate(intermediates):
        delta = deltas[position] if len(deltas) == len(intermediates) else (deltas[0] if len(deltas) == 1 else None)
        if delta is not None and direction == "decrease":
            delta = -abs(delta)
        for target in targets:
            statements.append(TransferStatement(intermediate=intermediate, target=target, direction=direction, delta=delta,
                                                qualifier=qualifier.group(1).lower() if qualifier else None))  # fmt: skip
    return statements


def transfer_statements(text: str, truncated: bool = False) -> list[TransferStatement]:
    """The transfer effects a claim states; empty for claims about anything else (data sizes, models, methods)."""
    about_transfer = INTERMEDIATE_WORD.search(text) or mentions(text, INTERMEDIATE_TASKS)
    benchmark_gain = re.search(r"\bxtreme\b", text, re.I) and claimed_deltas(text)
    if not (about_transfer or benchmark_gain):
        return []
    clauses = CLAUSE_BREAK.split(text)
    statements = []
    for number, clause in enumerate(clauses):
        statements += clause_statements(clause, truncated and number == len(clauses) - 1)
    return statements


def map_claims(report: Report) -> list[MappedClaim]:
    """Every claim of `report` that states an effect of intermediate-task training on a target task."""
    mapped = []
    for claim in report.claims:
        statements = transfer_statements(claim.text, claim.truncated)
        if statements:
            mapped.append(MappedClaim(index=claim.index, line=claim.line, text=claim.text, truncated=claim.truncated, statements=statements))
    return mapped
