"""Replication harness: rerun a small subset of Phang et al. 2020 (arXiv 2005.13013), English intermediate-task
training for zero-shot cross-lingual transfer with XLM-R, and confirm or refute reports' numeric transfer claims.

Nothing here imports torch or transformers at module level; the heavy modules are `training`, `evaluation`,
`tiny_model` and `runner`, imported only by `verifier replicate`.
"""
