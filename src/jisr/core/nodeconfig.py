"""This node's configuration file (``node.json`` in its data folder)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings


def config_path() -> Path:
    return Path(settings.JISR_HOME) / "node.json"


def read_config() -> dict[str, Any]:
    path = config_path()
    if not path.exists():
        return {}
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def write_config(**values: Any) -> dict[str, Any]:
    data = read_config()
    data.update(values)
    config_path().write_text(json.dumps(data, indent=2, sort_keys=True))
    return data


def is_demo() -> bool:
    return bool(read_config().get("demo"))
