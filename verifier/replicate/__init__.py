"""Replication harness: rerun a small subset of Phang et al. 2020 (arXiv 2005.13013), English intermediate-task
training for zero-shot cross-lingual transfer with XLM-R, and confirm or refute reports' numeric transfer claims.

Entry points: `runner.run_replication(config)` runs a configuration (`config.load_preset` / `config.load_config`);
`results.read_result(path)` reads its result.json; `confirm.confirm_claims(report, result)` labels a parsed report's
transfer claims. Nothing here imports torch or transformers at module level; only the modules that train or
evaluate (`runner`, `training`, `evaluation`, `encoders`, `tiny_model`, `hardware`) import them, inside functions.
"""
