"""Every tunable of the claim checker in one object: retrieval breadth, candidate scoring weights, the thresholds of
the decision rules, the learned judge's breadth and the evidence shown. `verifier.settings.Settings.engine` holds one.

Changing a value here changes verdicts; `benchmarks/accuracy.py` measures the effect (tune on the tune splits only).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class EngineSettings(BaseModel):
    """Thresholds and weights of the engine (read-only once built)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # retrieval
    candidates: int = Field(default=8, ge=1, description="Passages taken from each ranking (BM25 and cosine).")
    named_rows: int = Field(
        default=4, ge=0, description="Rows the claim names, of the tables its candidates hold rows of, added to its "
                                     "candidates (`scoring.named_rows`).")
    # candidate scoring (verifier.engine.scoring)
    verbatim: float = Field(default=0.98, description="Lexical score of a word-for-word quote.")
    support_semantic: float = Field(default=0.25, description="Weight of the cosine in a candidate's support score.")
    support_lexical: float = Field(default=0.15, description="Weight of the lexical score in the support score.")
    support_complete: float = Field(default=0.6, description="Weight of completeness in the support score.")
    window_penalty: float = Field(default=0.03, description="Support taken off a two-sentence window.")
    # consistency checks (verifier.engine.consistency, verifier.engine.name_conflicts)
    conflict_topic: float = Field(
        default=0.5, description="Topic coverage evidence needs before a differing number, name or direction counts.")
    lone_swap_topic: float = Field(
        default=0.7, description="Topic coverage for a name conflict when the claim and the evidence each hold one "
                                 "unmatched name that no word alignment places in the same slot.")
    swapped_roles_topic: float = Field(
        default=0.7, description="Topic coverage for two names in exchanged places around a comparison.")
    anchored_swap_topic: float = Field(
        default=0.25, description="Lowest topic coverage at which a name replaced in the same slot of an otherwise "
                                  "aligned phrase still counts as a name conflict (below `conflict_topic`).")
    crossed_values_topic: float = Field(
        default=0.25, description="Lowest topic coverage at which two claim numbers the evidence gives to each "
                                  "other's compared names count as a name conflict (`name_conflicts.crossed_values`).")
    anchored_number_topic: float = Field(
        default=0.4, description="Lowest topic coverage at which a claim number replaced by another of the same kind "
                                 "counts, when the evidence states the claim's other numbers and names (below "
                                 "`conflict_topic`: the numbers it shares anchor it to the claim).")
    swap_anchor_words: int = Field(
        default=2, ge=1, description="Claim content words the aligned words around such a replaced name must hold.")
    shape_swap_anchor_words: int = Field(
        default=4, ge=1, description="The same, where a sure name of the evidence replaces a capitalised word of the "
                                     "claim (names of another shape: `entities.same_kind`).")
    subject_share: float = Field(
        default=0.15, description="Share of a paper's running-text passages that must name a sure name for it to be "
                                  "a name the paper is about (`entities.subject_names`), which evidence may leave out.")
    subject_passages: int = Field(default=8, ge=1, description="Fewest passages naming such a subject name.")
    subject_names: int = Field(default=2, ge=0, description="Most subject names per paper.")
    context_passages: int = Field(
        default=4, ge=0, description="Running-text passages before a sentence, in its flow, whose names it may leave "
                                     "out as it does its paper's subject names (`scoring.context_names`).")
    number_lead_stems: int = Field(
        default=2, ge=1, description="Content words that must lead up to both a claim number and an evidence number "
                                     "(\"backward perplexity is\") for them to measure the same thing when the "
                                     "evidence number stands nearer another name.")
    # the learned judge (verifier.engine.judge)
    judge_candidates: int = Field(default=6, ge=1, description="Best-ranked candidates the pair judge reads.")
    # decision rules (verifier.engine.decision)
    clause_coverage: float = Field(
        default=0.34, description="Share of a joined statement's words the evidence needs for the statement to count.")
    clause_candidates: int = Field(default=3, ge=1, description="Best candidates searched for a joined statement.")
    partial_topic: float = Field(default=0.5, description="Topic coverage evidence needs to state part of a claim.")
    max_confidence: float = Field(
        default=0.99, gt=0.0, le=1.0, description="Highest confidence any verdict gets: no verdict is certain.")
    # evidence shown
    quote_chars: int = Field(default=400, description="Longest quote shown for a piece of evidence.")
    max_evidence: int = Field(default=3, description="Pieces of evidence shown per claim.")
    complete_lead: float = Field(
        default=0.5, description="Completeness above which the best passage, not the table rows, leads a support.")


DEFAULT_ENGINE = EngineSettings()
