"""Parser for the Graph API ``fields`` syntax, e.g. ``id,from{id,name},comments.limit(0)``."""

from __future__ import annotations

from dataclasses import dataclass, field


class FieldSyntaxError(ValueError):
    """The ``fields`` value is not well formed."""


@dataclass(slots=True)
class FieldSpec:
    """One requested field: its name, ``.modifier(value)`` calls and ``{sub,fields}``."""

    name: str
    modifiers: dict[str, str] = field(default_factory=dict)
    sub: list[FieldSpec] | None = None

    @property
    def alias(self) -> str:
        return self.modifiers.get("as", self.name)

    def sub_text(self) -> str | None:
        """The sub-field list written back in Graph syntax (for paging links)."""
        return None if self.sub is None else ",".join(s.text() for s in self.sub)

    def text(self) -> str:
        mods = "".join(f".{k}({v})" for k, v in self.modifiers.items())
        inner = "" if self.sub is None else "{" + (self.sub_text() or "") + "}"
        return f"{self.name}{mods}{inner}"


def _split_top(text: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char in "{(":
            depth += 1
        elif char in "})":
            depth -= 1
            if depth < 0:
                raise FieldSyntaxError(f"unbalanced brackets in fields: {text}")
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    if depth != 0:
        raise FieldSyntaxError(f"unbalanced brackets in fields: {text}")
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _parse_one(text: str) -> FieldSpec:
    sub = None
    if text.endswith("}"):
        open_at = text.index("{")
        sub = parse_fields(text[open_at + 1 : -1])
        text = text[:open_at]
    name, *calls = text.split(".")
    spec = FieldSpec(name.strip(), sub=sub)
    for call in calls:
        if not call.endswith(")") or "(" not in call:
            raise FieldSyntaxError(f"bad field modifier: .{call}")
        key, _, value = call[:-1].partition("(")
        spec.modifiers[key] = value
    if not spec.name:
        raise FieldSyntaxError("empty field name")
    return spec


def parse_fields(text: str) -> list[FieldSpec]:
    """Parse a ``fields`` parameter into specs (top level split on commas outside brackets)."""
    return [_parse_one(part) for part in _split_top(text)]
