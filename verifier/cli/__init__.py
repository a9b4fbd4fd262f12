"""The `verifier` command line: thin shells over library calls.

Conventions: `-h`/`--help`, `-V`/`--version`, `-q`/`-v` before the command, shell completion
(`--install-completion`), no escape sequences when `NO_COLOR` is set or the output is not a terminal, `-` as a
REPORT reads stdin and `-o -` writes stdout, and every usage error is one `error: ...` line on stderr (exit 2).
The application and its shared options are in `verifier.cli.app`; importing this package registers every command.
"""

from __future__ import annotations

from verifier.cli import papers, replicate, reports  # noqa: F401 - each module registers its commands on `app`
from verifier.cli.app import app


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
