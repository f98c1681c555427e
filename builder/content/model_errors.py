"""Pydantic's validation errors in an editor's words, at the lines of the file that set them.

`parse_model` validates loaded YAML against a model of `builder.content.models`; each error
becomes `path:line: what is wrong; what was found`, with the allowed fields or values.
"""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from builder.content.fields import CONTENT_FILE, CONTROL, EXPECTED, control_character
from builder.content.models import Located
from builder.problems import Problem

ModelT = TypeVar("ModelT", bound=BaseModel)


def _describe(value: Any) -> str:
    """What was found, as an editor would recognise it."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, int | float):
        return f"{value} (a number)"
    if isinstance(value, list | tuple):
        return "an empty list" if not value else "a list"
    if isinstance(value, dict):
        return "a mapping of fields"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def model_problems(error: ValidationError, model: type[BaseModel], where: Located) -> list[Problem]:
    """Turn pydantic's errors into `path:line: message` problems, one per field."""
    problems: dict[tuple[str | int, ...], Problem] = {}
    for item in error.errors():
        # Validators may add their own names to the location; keep the part of it that is a
        # real key path in the file.
        loc = tuple(item["loc"])
        key: tuple[str | int, ...] = ()
        for part in loc:
            candidate = (*key, part)
            if candidate in where.lines or item["type"] in {"missing", "extra_forbidden"}:
                key = candidate
            else:
                break
        if key in problems or _enough_items(item):
            continue
        problems[key] = Problem(where.path, where.line_of(*key), _message(item, model, key))
    return list(problems.values())


def _enough_items(item: ErrorDetails) -> bool:
    """Whether a list said to be too short holds enough items as written: pydantic counts only
    the valid ones, and each invalid one is reported on its own ("must list at least one item;
    found one item" would contradict itself)."""
    given = item.get("input")
    least = (item.get("ctx") or {}).get("min_length")
    return (
        item["type"] == "too_short"
        and isinstance(given, list | tuple)
        and isinstance(least, int)
        and len(given) >= least
    )


def _message(item: ErrorDetails, model: type[BaseModel], key: tuple[str | int, ...]) -> str:
    """One pydantic error as `what is wrong; what was found`, with the allowed values."""
    name = ".".join(str(part) for part in key) or "(top level)"
    kind = item["type"]
    context = item.get("ctx") or {}
    found = _describe(item.get("input"))
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, key[:-1])
        close = difflib.get_close_matches(str(key[-1]), allowed, n=1)
        message = f"unknown field {name!r}"
        if close:
            message += f"; did you mean {close[0]!r}?"
        return message + f" (allowed: {', '.join(allowed)})"
    if kind == "missing":
        return f"missing required field {name!r}"
    if kind == EXPECTED:
        hint = context.get("hint")
        return f"field {name!r} must be {item['msg']}; found {found}" + (
            f", {hint}" if hint else ""
        )
    if kind == CONTROL:
        return f"field {name!r} {item['msg']}"
    text = item.get("input")
    surrogate = control_character(text) if isinstance(text, str) else None
    if kind == "string_unicode" and surrogate is not None:
        # Pydantic refuses a lone surrogate (`"\\ud800"` in YAML) before our own check.
        return f"field {name!r} holds {surrogate[1]}; remove it"
    if kind == "string_type":
        quote = ": put it in quotes" if isinstance(item.get("input"), int | float | bool) else ""
        return f"field {name!r} must be text; found {found}{quote}"
    if kind == "string_too_short":
        return f"field {name!r} must not be empty"
    if kind == "string_too_long":
        return f"field {name!r} must be at most {context.get('max_length')} characters long"
    if kind in {"enum", "literal_error"}:
        return f"field {name!r} must be {context.get('expected')}; found {found}"
    if kind in {"tuple_type", "list_type"}:
        return f"field {name!r} must be a list ([a, b], or one '- item' a line); found {found}"
    if kind == "too_short":
        least = context.get("min_length")
        items = "one item" if least == 1 else f"{least} items"
        given = item.get("input")
        if isinstance(given, list | tuple) and given:
            # `found a list` would not say why a list of one is refused.
            found = "one item" if len(given) == 1 else f"{len(given)} items"
        return f"field {name!r} must list at least {items}; found {found}"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        fields = ", ".join(_allowed_fields(model, key))
        return f"field {name!r} must be a mapping with the fields {fields}; found {found}"
    return f"field {name!r}: {item['msg']}; found {found}"


def _allowed_fields(model: type[BaseModel], path: tuple[str | int, ...]) -> list[str]:
    """The field names allowed at `path` inside `model` (following nested models)."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if field is None:
            return []
        current = _nested_model(field.annotation)
    return sorted(current.model_fields) if hasattr(current, "model_fields") else []


def _nested_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _nested_model(argument)
        if found is not None:
            return found
    return None


def parse_model(
    data: Any, model: type[ModelT], where: Located
) -> tuple[ModelT | None, list[Problem]]:
    """Validate loaded YAML data against a model, reporting problems at their lines."""
    if not isinstance(data, dict):
        found = "nothing" if data is None else type(data).__name__
        return None, [
            Problem(where.path, where.line_of(), f"expected a mapping of fields, found {found}")
        ]
    try:
        return model.model_validate(data, context=CONTENT_FILE), []
    except ValidationError as error:
        return None, model_problems(error, model, where)
