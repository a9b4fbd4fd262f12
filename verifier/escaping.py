"""Text from reports, papers and file names made safe for where it is written, so input cannot forge output.

- `terminal_text`: for anything written to a terminal or a CI log — control characters (ESC/CSI/OSC sequences, BEL,
  backspace, carriage return, C1 controls, bidirectional overrides) removed; newlines kept only where allowed.
- `plain_path`: a path or name inside one line of plain text (`FAIL report.md:12 ...`): quoted the way a shell
  would read it back when it holds anything but ordinary printable characters, so a newline in a file name can
  never start a new line (a forged `::error` workflow command, a fake "check passed").
- `markdown_text`: one line of Markdown — newlines folded, HTML and Markdown markup characters escaped.
- `csv_cell`: a spreadsheet cell — a value starting with `=`, `+`, `-`, `@`, tab or carriage return is prefixed
  with `'` (the usual formula-injection defence); plain numbers are left alone.
- `rich_text`: text printed through rich — its markup brackets escaped, then `terminal_text`.
- `data_text`: report text in a data format that must read back the same (tsv, md tables, csv): escape sequences
  and C0/C1 control characters removed (a terminal acts on those), newlines folded, everything else kept.
- `log_line`: one line of a log or terminal message (`error: …`, `warning: …`): `terminal_text` with newlines folded.
- `markdown_name`: a file name in Markdown — kept as it is when ordinary, else `markdown_text`.
- `json_text`: a JSON document that strict parsers accept and terminals cannot act on: non-finite numbers become
  null (never `Infinity`/`NaN`), and C1 controls, bidirectional overrides and line separators inside strings are
  written as `\\uXXXX` escapes (the decoded value is unchanged).

A leaf module (standard library only; rich is imported inside `rich_text`), so the terminal helpers, progress,
the gate, the commands and the renderers can all use it without depending on one another.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), other two-character escapes.
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*+[ -/]*+[@-~]|\][^\x07\x1b]*+(?:\x07|\x1b\\)?|[@-Z\\-_]?)")
_BIDI = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"}
_SAFE_PATH = re.compile(r"[\w./\\:@%+,=~-]+")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")
_ORDINARY_NAME = re.compile(r"[\w./:@%+,=-]+")
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]")
_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _is_control(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf") and char not in "\n\t" or char in _BIDI


def terminal_text(text: str, *, newlines: bool = True) -> str:
    """`text` without escape sequences and control characters; with `newlines=False` a newline becomes a space."""
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = text.replace("\r\n", "\n")
    if not newlines:
        text = text.replace("\n", " ").replace("\t", " ")
    return "".join(char for char in text if not _is_control(char) and char != "\x1b")


def plain_path(path: object) -> str:
    """A path (or any name) for one line of plain text: as it is when it is ordinary, else single-quoted with every
    character that is not printable written as an escape (`'x\\n::error ...'`), so the line cannot be split."""
    text = str(path)
    if text and _SAFE_PATH.fullmatch(text):
        return text
    escaped = []
    for char in text:
        if char == "'":
            escaped.append("\\'")
        elif char == "\\":
            escaped.append("\\\\")
        elif char.isprintable() and char not in _BIDI:
            escaped.append(char)
        else:
            escaped.append(char.encode("unicode_escape", errors="backslashreplace").decode("ascii"))
    return "'" + "".join(escaped) + "'"


def data_text(text: object) -> str:
    """`text` for a cell of a data format that must read back the same (tsv, Markdown tables, csv): escape sequences
    and C0/C1 control characters removed (tab kept), newlines folded into spaces; format characters (zero-width
    joiners, soft hyphens) are kept, so text without control characters is unchanged."""
    text = _ESCAPE_SEQUENCE.sub("", str(text)).replace("\r\n", " ").replace("\n", " ")
    return "".join(char for char in text if char == "\t" or unicodedata.category(char) != "Cc")


def log_line(text: object) -> str:
    """One line for a terminal or CI log: no control character, no escape sequence, no newline (so report text in
    an `error: …` line can never start a line of its own, e.g. a forged `::error` workflow command)."""
    return terminal_text(str(text), newlines=False)


def markdown_text(text: str) -> str:
    """One line of Markdown: control characters removed, newlines and runs of white space folded into one space,
    Markdown markup (emphasis, links, code, tables, headings) escaped with backslashes and HTML's `&`, `<`, `>`
    written as entities (no tag can open)."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(terminal_text(str(text), newlines=False).split()))
    return "".join(_HTML_SPECIAL.get(char, char) for char in escaped)


def markdown_name(name: object) -> str:
    """A file name in Markdown: unchanged when it is an ordinary path (letters, digits, `./_-` and the like; fit for
    a code span), else `markdown_text` (so a name holding a newline or `<img …>` stays inert text)."""
    text = str(name)
    return text if _ORDINARY_NAME.fullmatch(text) else markdown_text(text)


def csv_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula (numbers are kept as they are)."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_START) or _NUMBER.fullmatch(value):
        return value
    return "'" + value


def rich_text(text: str) -> str:
    """Text to print through rich: no markup is interpreted and no control character reaches the terminal."""
    from rich.markup import escape

    return escape(terminal_text(text))


def finite_values(value: object) -> object:
    """`value` (JSON-ready: dicts, lists, scalars) with every non-finite float (inf, -inf, nan) replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite_values(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite_values(item) for item in value]
    return value


def json_text(value: object, indent: int | None = 2) -> str:
    """`value` as JSON (UTF-8 text kept readable, `ensure_ascii=False`) that strict parsers accept: non-finite
    numbers are null (and `allow_nan=False` refuses any that slipped through), and characters a terminal could act
    on (C1 controls such as the one-byte CSI, bidirectional overrides, U+2028/9) are `\\uXXXX`-escaped; json
    already escapes the C0 controls. No final newline."""
    text = json.dumps(finite_values(value), ensure_ascii=False, indent=indent, allow_nan=False)
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text)
