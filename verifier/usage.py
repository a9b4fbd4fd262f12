"""One-line wording for bad values and bad usage, in words rather than validator jargon:
`--jobs: expected a whole number, got 'x'` instead of "Input should be a valid integer, unable to parse string".

Used for command-line options (the CLI hands over its parser's exceptions, read here by their attributes so this
module needs no CLI library), for `VERIFIER_*` variables and for keys of a configuration file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def expected_phrase(problem: Mapping[str, Any]) -> str:
    """What a valid value looks like, from one pydantic error (`ValidationError.errors()[i]`)."""
    kind = str(problem.get("type", ""))
    ctx = problem.get("ctx") or {}
    bounds = {
        "greater_than_equal": ("at least", "ge"), "greater_than": ("more than", "gt"),
        "less_than_equal": ("at most", "le"), "less_than": ("less than", "lt"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        return f"a number of {words} {ctx.get(key)}"
    if kind.startswith("int_"):
        return "a whole number"
    if kind.startswith("float_") or kind.startswith("decimal_"):
        return "a number"
    if kind.startswith("bool_"):
        return "true or false"
    if kind.startswith("string_") or kind == "str_type":
        return "text"
    if kind.startswith("path_"):
        return "a path"
    if kind in ("list_type", "tuple_type"):
        return "a list"
    if kind in ("enum", "literal_error") and ctx.get("expected"):
        return f"one of {ctx['expected']}"
    message = str(problem.get("msg", "a valid value"))
    message = message.removeprefix("Value error, ").removeprefix("Input should be ")
    return message[:1].lower() + message[1:]


def invalid_value(name: str, problem: Mapping[str, Any]) -> str:
    """`NAME: expected PHRASE, got 'VALUE'` for one pydantic error about the setting called `name`
    (`NAME: REASON, got 'VALUE'` when a validator gave its own reason)."""
    given = "input" in problem and not isinstance(problem["input"], Mapping)
    if problem.get("type") == "value_error":
        reason = str(problem.get("msg", "invalid value")).removeprefix("Value error, ")
        return f"{name}: {reason}, got {problem['input']!r}" if given else f"{name}: {reason}"
    if given:
        return f"{name}: expected {expected_phrase(problem)}, got {problem['input']!r}"
    return f"{name}: expected {expected_phrase(problem)}"


def _option_name(param: Any) -> str:
    """`--jobs` for an option (its longest spelling), `REPORT` for an argument."""
    opts: Sequence[str] = getattr(param, "opts", None) or []
    if getattr(param, "param_type_name", "") == "argument" or not opts:
        return str(getattr(param, "metavar", None) or getattr(param, "name", "value") or "value").upper()
    return max(opts, key=len)


def _choices(param: Any) -> list[str]:
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or not getattr(descriptor, "is_choice", False):
        return []
    return [str(getattr(choice, "value", choice)) for choice in getattr(descriptor, "choices", None) or []]


def usage_line(error: Exception) -> str:
    """The one-line message for a command-line usage error (bad value, missing argument, unknown option or
    command). Duck-typed on the parser's exception: `param`, `message`, `ctx`, `__cause__`."""
    param = getattr(error, "param", None)
    message = str(getattr(error, "message", "") or error).strip().rstrip(".")
    kind = type(error).__name__
    if param is not None:
        name = _option_name(param)
        if kind == "MissingParameter":
            what = "argument" if getattr(param, "param_type_name", "") == "argument" else "option"
            return f"missing {what} {name}"
        errors = getattr(error.__cause__, "errors", None)  # a pydantic ValidationError behind the message
        problems = errors() if callable(errors) else []
        if problems:
            choices = _choices(param)
            if choices and "input" in problems[0]:
                return f"{name}: expected one of {', '.join(choices)}, got {problems[0]['input']!r}"
            return invalid_value(name, problems[0])
        return f"{name}: {message[:1].lower() + message[1:]}"
    ctx = getattr(error, "ctx", None)
    command = getattr(ctx, "command_path", None)
    formatted = getattr(error, "format_message", None)
    text = str(formatted() if callable(formatted) else message).strip().rstrip(".")
    text = text[:1].lower() + text[1:]
    return f"{command}: {text}" if command else text
