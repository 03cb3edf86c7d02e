"""Babel extraction method for our YAML files (domain responses, content).

Configured in ``babel.cfg``; ``pybabel extract`` then writes every text that
residents can see into ``locales/messages.pot``, with the YAML path of each
text as a translator comment so translators know where it is used.

Options (from ``babel.cfg``):

- ``sections``: top-level keys to look inside (default: the whole file)
- ``fields``: keys whose string values are translatable, wherever they occur
  below those sections
- ``skip``: entries of a section whose key starts with this are not
  extracted (``utter_staff_``: messages to staff, who work in Norwegian)
"""

from __future__ import annotations

from typing import Any, BinaryIO, Dict, Iterator, List, Tuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.i18n.catalogs import has_source_text

Extracted = Tuple[int, None, str, List[str]]


def _split(option: str) -> List[str]:
    return [part.strip() for part in (option or "").split(",") if part.strip()]


def _walk(node: Node, path: str, fields: List[str]) -> Iterator[Extracted]:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child_path = f"{path}.{key}" if path else key
            if key in fields and isinstance(value_node, ScalarNode):
                text = str(value_node.value)
                if has_source_text(text):  # "{name:t}" alone is filled, not translated
                    yield value_node.start_mark.line + 1, None, text, [child_path]
            else:
                yield from _walk(value_node, child_path, fields)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, f"{path}[{index}]", fields)


def extract_yaml(
    fileobj: BinaryIO,
    keywords: Dict[str, Any],
    comment_tags: List[str],
    options: Dict[str, str],
) -> Iterator[Extracted]:
    """Yield ``(lineno, funcname, message, comments)`` as Babel expects."""
    root = yaml.compose(fileobj)
    if not isinstance(root, MappingNode):
        return
    sections = _split(options.get("sections", ""))
    fields = _split(options.get("fields", "text"))
    skip = tuple(_split(options.get("skip", "")))
    for key_node, value_node in root.value:
        if sections and key_node.value not in sections:
            continue
        if skip and isinstance(value_node, MappingNode):
            for entry_key, entry_value in value_node.value:
                if not str(entry_key.value).startswith(skip):
                    yield from _walk(entry_value, f"{key_node.value}.{entry_key.value}", fields)
        else:
            yield from _walk(value_node, str(key_node.value), fields)
