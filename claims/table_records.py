"""The records of a claims table: which header cell holds what (`Columns`) and the table as read (`ClaimsTable`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from claims.models import Claim, Finding, TableLayout


@dataclass
class Columns:
    """Which header cell holds what."""

    claim: int
    mark: int | None
    confidence: int | None
    count: int


@dataclass
class ClaimsTable:
    """The claims table as read: layout, claims, problems met while reading, and the lines it occupies."""

    layout: TableLayout
    claims: list[Claim] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    occupied: set[tuple[int, int | None]] = field(default_factory=set)
