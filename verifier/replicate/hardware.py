"""Where the run computes: device choice, bf16 autocast and TF32 on CUDA, peak memory and the environment record."""

from __future__ import annotations

import contextlib
import os
import platform
import resource
import sys
from dataclasses import dataclass

from verifier.errors import VerifierError


@dataclass(frozen=True)
class Compute:
    """The resolved device and precision of a run."""

    device: str  # "cpu" or "cuda"
    bf16: bool

    def autocast(self):
        """bf16 autocast when enabled, else a no-op context."""
        import torch

        if not self.bf16:
            return contextlib.nullcontext()
        return torch.autocast(device_type=self.device, dtype=torch.bfloat16)


def resolve_compute(device: str, precision: str) -> Compute:
    """`auto` picks CUDA when present; `auto` precision is bf16 autocast on CUDA and fp32 on CPU. Enables TF32 on CUDA."""
    import torch

    if device == "cuda" and not torch.cuda.is_available():
        raise VerifierError("--device cuda was asked for but torch sees no CUDA device (torch is a CPU build or no GPU is visible)")
    chosen = "cuda" if device == "cuda" or (device == "auto" and torch.cuda.is_available()) else "cpu"
    if chosen == "cuda":
        torch.set_float32_matmul_precision("high")  # TF32 for fp32 matmuls outside autocast
        torch.backends.cudnn.allow_tf32 = True
    return Compute(chosen, precision == "bf16" or (precision == "auto" and chosen == "cuda"))


@contextlib.contextmanager
def cpu_threads(count: int | None):
    """Run with `count` torch CPU threads (tiny models gain nothing from more, and lose much on a busy machine)."""
    import torch

    previous = torch.get_num_threads()
    if count is not None:
        torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def reset_peak_memory(compute: Compute) -> None:
    import torch

    if compute.device == "cuda":
        torch.cuda.reset_peak_memory_stats()


def peak_gpu_memory(compute: Compute) -> int | None:
    """Bytes at the peak of torch's CUDA allocator since the last reset (None on CPU)."""
    import torch

    return int(torch.cuda.max_memory_allocated()) if compute.device == "cuda" else None


def peak_rss_bytes() -> int:
    """Peak resident memory of this process (Linux reports kilobytes, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def environment(compute: Compute) -> dict[str, object]:
    """Versions and hardware that produced a result."""
    import torch
    import transformers

    cuda = compute.device == "cuda"
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "cuda": torch.version.cuda,
        "cudnn": torch.backends.cudnn.version() if cuda else None,
        "device": compute.device,
        "device_name": torch.cuda.get_device_name() if cuda else platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "precision": "bf16 autocast" if compute.bf16 else "fp32",
        "tf32": cuda and torch.get_float32_matmul_precision() != "highest",
    }
