"""`verifier replicate`: rerun the XLM-R intermediate-task transfer subset."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from verifier.cli.app import (
    app,
    user_errors,
)


@app.command()
@user_errors
def replicate(
    preset: Annotated[str | None, typer.Option("--preset", help="tiny (CPU, synthetic, <1 min), small (one GPU, est. 5-11 min on an H100) or paper (full, est. hours).")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="YAML, JSON or TOML run configuration; `preset: NAME` in it starts from a preset.")] = None,
    device: Annotated[str | None, typer.Option("--device", help="cpu or cuda (default: cuda when present).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output folder for results and checkpoints (default: replication/<preset>).")] = None,
    report: Annotated[list[Path] | None, typer.Option("--report", help="Report (file or folder) whose transfer claims to confirm; repeatable.")] = None,
    result: Annotated[Path | None, typer.Option("--result", help="Confirm against an existing result.json instead of running.")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue a killed run in the same output folder (same configuration).")] = False,
    download: Annotated[bool, typer.Option("--download", help="Fetch missing MNLI/PAWS-X/XNLI files with Hugging Face `datasets` (if installed).")] = False,
    model: Annotated[str | None, typer.Option("--model", help="Pretrained model: Hugging Face name or local folder (e.g. xlm-roberta-base).")] = None,
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="Folder with mnli/, xnli/, pawsx/, tatoeba/ in their standard formats.")] = None,
    seeds: Annotated[str | None, typer.Option("--seeds", help="Comma-separated run seeds, e.g. 1,2,3.")] = None,
) -> None:
    """Run the replication subset of the XLM-R intermediate-task transfer experiments and compare with reports.

    Writes result.json and result.md into the output folder (scores per task and language, mean ± 95% interval over seeds, deltas, cost, environment) and prints the markdown.

    With --report, labels each numeric transfer claim replicated, not_replicated or inconclusive and writes claims-<report>.json beside the result.
    """
    from verifier.output import emit
    from verifier.replicate.command import ReplicateRequest, replicate_and_confirm

    request = ReplicateRequest(
        preset=preset, config_file=config, device=device, output_dir=output, reports=report or [], result_file=result,
        download=download, resume=resume, model=model, data_dir=data_dir, seeds=seeds,
    )
    def progress(line: str) -> None:
        sys.stderr.write(line + "\n")

    emit(replicate_and_confirm(request, progress=progress), None)


