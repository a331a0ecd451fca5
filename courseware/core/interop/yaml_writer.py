"""Quiz and deck models written as clean YAML that ``courseware validate`` accepts.

Only what differs from the defaults is written, keys come in the order a person reads them (id, type,
prompt first), and multi-line text uses ``|`` blocks, so an imported file is pleasant to edit by hand.
"""

from __future__ import annotations

from typing import Any

import yaml

from courseware.core.model import Deck, Quiz

_FIRST_KEYS = ("kind", "id", "type", "title", "prompt", "front", "back")


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key, ``|`` for text with line breaks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _number(dumper: yaml.SafeDumper, value: float) -> yaml.ScalarNode:
    if value.is_integer():
        return dumper.represent_int(int(value))
    return dumper.represent_float(value)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(float, _number)


def _ordered(value: Any) -> Any:
    if isinstance(value, dict):
        keys = [key for key in _FIRST_KEYS if key in value] + [key for key in value if key not in _FIRST_KEYS]
        return {key: _ordered(value[key]) for key in keys}
    if isinstance(value, list):
        return [_ordered(item) for item in value]
    return value


def dump_model(model: Quiz | Deck) -> str:
    """The model as a YAML document, defaults left out."""
    data = _ordered(model.model_dump(mode="json", exclude_defaults=True))
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096,
                     default_flow_style=False)
