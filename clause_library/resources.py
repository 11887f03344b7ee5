"""The one place that finds files shipped inside the packages: the library's YAML, the Word templates
and the example requests. They are package data, so they are in the wheel and found through
``importlib.resources`` wherever the package is installed (a plain ``pip install .``, not only an
editable one)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["shipped"]


def shipped(package: str, *parts: str) -> Path:
    """The folder or file ``parts`` shipped inside ``package`` (e.g. ``shipped("generator", "data",
    "templates")``). A package installed by pip is unpacked on disk, so this is a real path that
    python-docx, openpyxl and LibreOffice can open."""
    root = files(package)
    if not isinstance(root, Path):  # a zipped install (zipimport): no file the libraries could open
        raise RuntimeError(f"package {package!r} is not installed as files on disk ({root}); "
                           f"install it with pip, unzipped")
    return root.joinpath(*parts)
