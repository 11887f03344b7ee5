"""Hypothesis profiles for the fuzz suite, and the warm-up every forked run shares.

Profiles: ``fuzz`` (the default: 3 derandomized examples per property, or what ``harness.scaled`` says,
seconds in all, the same cases on every run) and ``fuzz-long`` (180 random examples per property,
``harness.LONG_FACTOR`` times the default). Choose the long one
with ``python3 -m pytest tests/fuzz --fuzz-long`` or ``CONTRACTS_FUZZ=long``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.internal.conjecture import providers

from . import harness

# Hypothesis mixes in constants found in whichever local modules are imported at the time, so a derandomized
# test would draw other examples in a full run than alone; with none, every run draws the same examples.
providers._get_local_constants = lambda: providers._local_constants

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
            HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much]
settings.register_profile("fuzz", max_examples=3, deadline=None, derandomize=True, database=None,
                          suppress_health_check=_SLOW_OK, print_blob=False,
                          phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.target))
settings.register_profile("fuzz-long", max_examples=180, deadline=None, derandomize=False,
                          suppress_health_check=_SLOW_OK, print_blob=True)


def pytest_configure(config: pytest.Config) -> None:
    long = config.getoption("--fuzz-long", default=False) or os.environ.get("CONTRACTS_FUZZ") == "long"
    settings.load_profile("fuzz-long" if long else "fuzz")
    harness.long_run = bool(long)


@pytest.fixture(scope="session", autouse=True)
def warm(drafted: dict[str, Path]) -> dict[str, Path]:
    """The drafted examples, with the library loaded and the reviewer's patterns compiled in this
    process, so every forked run starts warm (a fork copies them)."""
    import signoff.pack  # noqa: F401
    from generator.pack import nda_pack
    from review.review import review_document
    from tests.conftest import EXAMPLES, STANDALONE_PACK

    review_document(drafted["it_contract_zh.yaml"])
    with tempfile.TemporaryDirectory(prefix="fuzz-warm-") as tmp:
        nda_pack(STANDALONE_PACK, EXAMPLES / "roster.xlsx", Path(tmp))
    return drafted
