"""``python -m contracts``: the same as the ``contracts`` command."""

from contracts.cli import main

main()
