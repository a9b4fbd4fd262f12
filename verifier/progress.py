"""Progress for batch runs on stderr: a rich progress bar on a terminal, plain log lines otherwise (CI logs)."""

from __future__ import annotations

from typing import Protocol, TextIO


class Progress(Protocol):
    """What the batch runner reports while it works."""

    def stage(self, name: str, total: int) -> None: ...

    def advance(self, label: str) -> None: ...

    def log(self, message: str) -> None: ...

    def close(self) -> None: ...


class SilentProgress:
    """Reports nothing (library use and tests)."""

    def stage(self, name: str, total: int) -> None:
        pass

    def advance(self, label: str) -> None:
        pass

    def log(self, message: str) -> None:
        pass

    def close(self) -> None:
        pass


class LineProgress:
    """One plain line per step, e.g. `[fetch 2/3] 2005.13013v2`, for logs that are not terminals."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.name, self.total, self.done = "", 0, 0

    def stage(self, name: str, total: int) -> None:
        self.name, self.total, self.done = name, total, 0

    def advance(self, label: str) -> None:
        self.done += 1
        self.log(f"[{self.name} {self.done}/{self.total}] {label}")

    def log(self, message: str) -> None:
        self.stream.write(message + "\n")
        self.stream.flush()

    def close(self) -> None:
        pass


class BarProgress:
    """A rich progress bar per stage, drawn on a terminal."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = Console(file=stream)
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            TextColumn("{task.fields[label]}"), console=self.console, transient=False)
        self.bar.start()
        self.task = None

    def stage(self, name: str, total: int) -> None:
        self.task = self.bar.add_task(name, total=total, label="")

    def advance(self, label: str) -> None:
        if self.task is not None:
            self.bar.update(self.task, advance=1, label=label[-60:])

    def log(self, message: str) -> None:
        self.bar.console.print(message, markup=False, highlight=False)

    def close(self) -> None:
        self.bar.stop()


def progress_for(stream: TextIO, enabled: bool = True) -> Progress:
    """A bar when `stream` is a terminal, plain lines when it is not, nothing when disabled."""
    if not enabled:
        return SilentProgress()
    isatty = getattr(stream, "isatty", None)
    return BarProgress(stream) if isatty is not None and isatty() else LineProgress(stream)
