"""Judgements remembered across runs: the one cache of what the engine concluded about a claim.

Repeating an audit (CI on every push, a report re-run after editing its prose) asks the same claims of the same
passages. `JudgementStore` keeps each claim's judgement and calibrated probabilities in a SQLite file in the cache
folder (`judgements.sqlite`, beside the embeddings), keyed by a digest of everything that decides them:

* the claim's text and whether it was cut off;
* the content of every passage it was checked against, in order (`checker.passages_digest`);
* the checker's identity (`checker_identity`): the engine settings, the embedder's name (model and weights),
  the calibration coefficients, the judge's weights, and the source code of the engine, the embedder and the
  grammar, so a changed rule or threshold never reuses an old verdict.

Values are JSON (never pickle), validated when read; a row that does not read back is ignored and recomputed.
Several processes may share the file (WAL, busy timeout).
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from verifier.engine.verdicts import Judgement
from verifier.models import VERDICTS, Evidence
from verifier.sqlite_file import damaged, open_sqlite

JUDGEMENTS_FILE = "judgements.sqlite"
WHAT = "judgement cache"
_CHUNK = 500
_ROOT = Path(__file__).resolve().parents[2]
_DECIDING_CODE = ("grammar", "verifier/engine", "verifier/embedding", "verifier/models.py")
"""The sources whose change can change a judgement (hashed into every key)."""


@dataclass(frozen=True)
class Ruling:
    """What is remembered of an outcome: the judgement shown and the calibrated model's probabilities."""

    judgement: Judgement
    probabilities: dict[str, float]


@functools.cache
def deciding_code_digest() -> str:
    """A digest of the engine's, the embedder's and the grammar's source files."""
    digest = hashlib.blake2b(digest_size=16)
    for entry in _DECIDING_CODE:
        path = _ROOT / entry
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(str(file.relative_to(_ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def checker_identity(parts: Sequence[str | bytes]) -> bytes:
    """A digest of the deciding code and `parts` (settings, embedder name, calibration, judge weights)."""
    digest = hashlib.blake2b(deciding_code_digest().encode(), digest_size=16)
    for part in parts:
        digest.update(b"\x00")
        digest.update(part.encode() if isinstance(part, str) else part)
    return digest.digest()


def ruling_key(identity: bytes, passages: bytes, text: str, truncated: bool) -> bytes:
    """The key of one claim's ruling: checker identity, passages digest, claim text and cut-off flag."""
    digest = hashlib.blake2b(identity + passages, digest_size=20)
    digest.update(b"\x01" if truncated else b"\x00")
    digest.update(text.encode("utf-8"))
    return digest.digest()


def _encode(judgement: Judgement, probabilities: dict[str, float]) -> str:
    return json.dumps({
        "verdict": judgement.verdict, "confidence": judgement.confidence, "explanation": judgement.explanation,
        "rules": list(judgement.rules), "evidence": [e.model_dump(mode="json") for e in judgement.evidence],
        "probabilities": probabilities,
    }, sort_keys=True)


def _decode(text: str) -> Ruling | None:
    try:
        value = json.loads(text)
        if value["verdict"] not in VERDICTS:
            return None
        judgement = Judgement(
            verdict=value["verdict"],
            confidence=float(value["confidence"]),
            evidence=[Evidence.model_validate(e) for e in value["evidence"]],
            explanation=str(value["explanation"]), rules=tuple(str(r) for r in value["rules"]),
        )
        probabilities = {str(k): float(v) for k, v in value["probabilities"].items()}
    except (ValueError, KeyError, TypeError, AttributeError, ValidationError):
        return None
    return Ruling(judgement, probabilities)


class JudgementStore:
    """Rulings by key in one SQLite file."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._db = open_sqlite(self.path, "CREATE TABLE IF NOT EXISTS rulings (key BLOB PRIMARY KEY, value TEXT NOT NULL)"
                               " WITHOUT ROWID", WHAT)

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, Ruling]:
        found: dict[bytes, Ruling] = {}
        unique = list(dict.fromkeys(keys))
        try:
            for start in range(0, len(unique), _CHUNK):
                chunk = unique[start:start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                for key, value in self._db.execute(f"SELECT key, value FROM rulings WHERE key IN ({marks})", chunk):
                    ruling = _decode(value) if isinstance(value, str) else None
                    if ruling is not None:
                        found[bytes(key)] = ruling
        except sqlite3.Error as error:
            raise damaged(self.path, WHAT, error) from error
        return found

    def put_many(self, items: Sequence[tuple[bytes, Ruling]]) -> None:
        rows = [(key, _encode(ruling.judgement, ruling.probabilities)) for key, ruling in items]
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany("INSERT OR REPLACE INTO rulings VALUES (?, ?)", rows)
        except sqlite3.Error as error:
            raise damaged(self.path, WHAT, error) from error

    def close(self) -> None:
        self._db.close()
