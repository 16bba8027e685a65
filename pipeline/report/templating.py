"""One Jinja environment for the report and the web view, with autoescape always on."""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

HERE = Path(__file__).resolve().parent
TEMPLATE_DIRS = [HERE / "templates", HERE.parent / "web" / "templates"]


def environment() -> Environment:
    # autoescape=True for every template, whatever its name: article text is untrusted.
    return Environment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in TEMPLATE_DIRS]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
