"""What `verifier replicate` does behind its typer shell: resolve the configuration, run (or reuse) a replication,
confirm reports' claims against it, and return the markdown it prints."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from verifier.errors import VerifierError
from verifier.output import write_atomic
from verifier.replicate.config import ReplicationConfig, load_config, load_preset, with_overrides
from verifier.replicate.results import ReplicationResult, read_result

Progress = Callable[[str], None]


@dataclass
class ReplicateRequest:
    """The command-line options of `verifier replicate`."""

    preset: str | None = None
    config_file: Path | None = None
    device: str | None = None
    output_dir: Path | None = None
    reports: list[Path] = field(default_factory=list)
    result_file: Path | None = None
    download: bool = False
    resume: bool = False
    model: str | None = None
    data_dir: Path | None = None
    seeds: str | None = None


def parse_seeds(text: str | None) -> list[int] | None:
    if text is None:
        return None
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise VerifierError(f"--seeds {text!r}: give comma-separated integers, e.g. 1,2,3") from None


def resolve_config(request: ReplicateRequest) -> ReplicationConfig:
    """Preset or file, then the command-line overrides (the output folder defaults to replication/<preset>)."""
    if (request.preset is None) == (request.config_file is None):
        raise VerifierError("give exactly one of --preset (tiny, small, paper) or --config FILE")
    if request.preset:
        config = load_preset(request.preset)
    else:
        assert request.config_file is not None  # exactly one of the two is given (checked above)
        config = load_config(request.config_file)
    overrides = {
        "device": request.device, "output_dir": request.output_dir, "model.name": request.model,
        "data.data_dir": request.data_dir, "seeds": parse_seeds(request.seeds),
    }  # fmt: skip
    if request.model and config.model.tiny is not None:
        raise VerifierError("--model does not apply to the tiny preset, which builds its own random model")
    return with_overrides(config, **overrides)


def step_printer(progress: Progress) -> Callable[[str, int, int, float], None]:
    """Progress lines about ten times per training phase."""

    def on_step(phase: str, step: int, total: int, loss: float) -> None:
        if step == total or step % max(1, total // 10) == 0:
            progress(f"    {phase}: step {step}/{total}, loss {loss:.4f}")

    return on_step


def run_or_load(request: ReplicateRequest, progress: Progress) -> tuple[ReplicationResult, Path]:
    """The result to report on and the folder to write claim files into."""
    if request.result_file is not None:
        return read_result(request.result_file), request.output_dir or Path(request.result_file).parent
    from verifier.replicate.runner import run_replication

    config = resolve_config(request)
    if request.download:
        from verifier.replicate.download import download_data

        download_data(config, progress)
    result, workspace = run_replication(
        config, resume=request.resume, download=request.download, on_event=progress, on_step=step_printer(progress)
    )
    progress(f"wrote {workspace.result_json} and {workspace.result_md}")
    return result, workspace.root


def confirmations_markdown(source: str, replications: list) -> list[str]:
    lines = [f"## Claims of {source}", ""]
    if not replications:
        return lines + ["No numeric transfer claim (intermediate task → target task) found.", ""]
    lines += ["| # | line | label | explanation |", "| ---: | ---: | --- | --- |"]
    for item in replications:
        lines.append(f"| {item.index} | {item.line} | {item.label} | {item.explanation.replace('|', '/')} |")
    return lines + [""]


def replicate_and_confirm(request: ReplicateRequest, progress: Progress) -> str:
    """Run or load the replication, confirm the given reports' claims, write their JSON beside the result, and return
    the markdown to print."""
    from claims.collect import parse_paths
    from verifier.replicate.confirm import confirm_claims
    from verifier.replicate.result_markdown import render_markdown

    if request.reports:
        reports, errors = parse_paths(request.reports)  # parse first: a bad report fails before hours of training
        if errors:
            raise VerifierError(str(errors[0]))
    result, folder = run_or_load(request, progress)
    lines = [render_markdown(result)]
    for report in reports if request.reports else []:
        replications = confirm_claims(report, result)
        path = folder / f"claims-{Path(report.source).stem}.json"
        payload = {"report": report.source, "result_fingerprint": result.fingerprint, "claims": [r.model_dump(mode="json") for r in replications]}
        write_atomic(path, json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        progress(f"wrote {path}")
        lines += confirmations_markdown(report.source, replications)
    return "\n".join(lines)
