"""Progress for batch runs on stderr: a rich progress bar on a terminal, plain log lines otherwise (CI logs, a pipe,
or `NO_COLOR`), nothing with `-q`. Labels hold report names and paper messages: they are written without control
characters, and the bar never reads them as rich markup."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from rich.progress import TaskID


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
        from verifier.escaping import log_line

        self.stream.write(log_line(message) + "\n")
        self.stream.flush()

    def close(self) -> None:
        pass


class BarProgress:
    """A rich progress bar per stage, drawn on a terminal."""

    def __init__(self, stream: TextIO) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        from verifier.terminal import rich_console

        self.console = rich_console(stream)
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            TextColumn("{task.fields[label]}"), console=self.console, transient=False)
        self.bar.start()
        self.task: TaskID | None = None

    def stage(self, name: str, total: int) -> None:
        self.task = self.bar.add_task(name, total=total, label="")

    def advance(self, label: str) -> None:
        if self.task is not None:
            from verifier.escaping import log_line, rich_text

            self.bar.update(self.task, advance=1, label=rich_text(log_line(label)[-60:]))

    def log(self, message: str) -> None:
        from verifier.escaping import terminal_text

        self.bar.console.print(terminal_text(message), markup=False, highlight=False)

    def close(self) -> None:
        self.bar.stop()


def progress_for(stream: TextIO, enabled: bool = True) -> Progress:
    """A bar when `stream` is a terminal that takes escape sequences, plain lines when it is not, nothing when
    disabled or quiet (`-q`)."""
    from verifier.terminal import is_quiet, styled

    if not enabled or is_quiet():
        return SilentProgress()
    return BarProgress(stream) if styled(stream) else LineProgress(stream)
