"""Whether two numbers state the same value: at the claim's written precision (a rounding tolerance), within how
loosely it is meant ("about 100", "up to 5.4"), a signed change against its size, a share against its percentage,
and only between numbers that could count the same thing (their kinds, `quantities.Quantity.kind`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from grammar.lexicon import SETTING_NAMES, SHARE_KINDS
from verifier.engine.quantities import Quantity


@dataclass(frozen=True)
class Loosening:
    """How far an approximate number may be from the value that states it."""

    about: float = 0.05  # "about 100": within 5%
    bound: float = 0.5  # "over 100" (at least): up to 50% more; "up to 5.4" (at most): down to 50% less


LOOSENING = Loosening()


def same_kind(a: Quantity, b: Quantity) -> bool:
    """Could `a` and `b` count the same thing? Yes when either kind is unknown, when they are equal, or when both are
    shares of a score (percent and points); a setting's value (`SETTING_NAMES`: "batch size 64") only with the
    same setting's."""
    if a.kind != b.kind and (a.kind in _SETTINGS or b.kind in _SETTINGS):
        return False
    return not a.kind or not b.kind or a.kind == b.kind or {a.kind, b.kind} <= SHARE_KINDS


_SETTINGS = frozenset(SETTING_NAMES.values())


def values_match(claim: Quantity, evidence: Quantity) -> bool:
    """True when the evidence states the claim's number at the claim's precision (ranges match on either end), counting
    the same kind of thing; an approximate claim ("about 100", "over 100") matches the values it allows."""
    if (claim.unit == "year") != (evidence.unit == "year") or not same_kind(claim, evidence):
        return False
    if claim.prefix:
        return _digits(evidence.text).startswith(_digits(claim.text)) and bool(_digits(claim.text))
    if _exact(claim, evidence):
        return True
    if claim.is_range or evidence.is_range:
        return False
    return (bool(claim.approx) and _loosely(claim, evidence.value)) \
        or (bool(evidence.approx) and _loosely(evidence, claim.value))


def _exact(claim: Quantity, evidence: Quantity) -> bool:
    if claim.is_range:
        return evidence.is_range and _close(claim.value, evidence.value, claim) \
            and _close(claim.high, evidence.high, claim)
    candidates = [evidence.value] if evidence.high is None else [evidence.value, evidence.high]
    return any(_close_signed(claim, value, evidence) for value in candidates)


def _digits(text: str) -> str:
    return re.sub(r"[^0-9.]", "", text.replace(",", "")).strip(".")


def _loosely(approximate: Quantity, value: float, loosening: Loosening = LOOSENING) -> bool:
    """`value` fits an approximate number: near it ("about"), at or above it ("over"), at or below it ("up to")."""
    a, v = abs(approximate.value), abs(value)
    slack = approximate.tolerance + 1e-12 * max(1.0, a)
    if approximate.approx == "about":
        return abs(v - a) <= loosening.about * a + slack
    if approximate.approx == "at least":
        return a - slack <= v <= a * (1 + loosening.bound) + slack
    return a * (1 - loosening.bound) - slack <= v <= a + slack


def _close_signed(claim: Quantity, value: float, evidence: Quantity) -> bool:
    if claim.signed and evidence.signed:
        return _close(claim.value, value, claim)
    return _close(abs(claim.value), abs(value), claim) or _scaled_percent(claim, evidence, value)


def _scaled_percent(claim: Quantity, evidence: Quantity, value: float) -> bool:
    """85% in the claim and 0.85 in the evidence (or the reverse) are the same number."""
    if claim.unit == "percent" and evidence.unit == "plain" and abs(value) <= 1.0:
        return _close(abs(claim.value), abs(value) * 100, claim)
    if evidence.unit == "percent" and claim.unit == "plain" and abs(claim.value) <= 1.0:
        return _close(abs(claim.value) * 100, abs(value), claim)
    return False


def _close(a: float | None, b: float | None, precision: Quantity) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) <= precision.tolerance + 1e-12 * max(1.0, abs(a))


def comparable(a: Quantity, b: Quantity) -> bool:
    """Could `a` and `b` measure the same thing? (years only with years; numbers of different known kinds never.)"""
    return (a.unit == "year") == (b.unit == "year") and same_kind(a, b)
