"""Checking JSON-LD against the schema.org vocabulary (from the pydantic2-schemaorg package).

`invalid_properties(node)` lists every property a node (and the nodes inside it) uses that its
@type does not have, so a typo or an invented property fails a test.
"""

import importlib
import json
import re


def json_ld_blocks(html):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def properties_of(type_name):
    module = importlib.import_module(f"pydantic2_schemaorg.{type_name}")
    model = getattr(module, type_name)
    return {field.alias for field in model.__fields__.values()}


def invalid_properties(node, path="$"):
    """Every "path.property" in node that schema.org does not define for its @type."""
    problems = []
    if isinstance(node, list):
        for position, item in enumerate(node):
            problems += invalid_properties(item, f"{path}[{position}]")
        return problems
    if not isinstance(node, dict):
        return problems
    types = node.get("@type")
    if types is not None:
        allowed = set()
        for type_name in types if isinstance(types, list) else [types]:
            allowed |= properties_of(type_name)
        for key in node:
            if not key.startswith("@") and key not in allowed:
                problems.append(f"{path}.{key} (not a property of {types})")
    for key, value in node.items():
        problems += invalid_properties(value, f"{path}.{key}")
    return problems
