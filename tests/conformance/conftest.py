"""Fixtures for the pyfora conformance corpus.

``executor`` is session scoped and parametrized over the engine tiers listed in
``PYFORA_TEST_TIERS`` (comma separated, default ``"interpreter"``):

* ``interpreter`` -> ``PYFORA_JIT=0``
* ``native``      -> ``PYFORA_JIT=1``
* ``serial``      -> ``PYFORA_JIT=0`` on one thread (where the interpreter
  lends references to callee frames instead of counting them)

``PYFORA_JIT`` is set before ``pyfora`` is imported and while connecting (the
engine reads it then), and restored right after. Each tier gets its own
executor, closed when the session (or the tier) ends.
"""

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

TIER_JIT = {"interpreter": "0", "native": "1", "serial": "0"}
# Tiers that run on a fixed number of threads (the rest on every core).
TIER_THREADS = {"serial": 1}


def selected_tiers():
    raw = os.environ.get("PYFORA_TEST_TIERS", "interpreter")
    tiers = [t.strip() for t in raw.split(",") if t.strip()]
    unknown = [t for t in tiers if t not in TIER_JIT]
    if unknown:
        raise pytest.UsageError(
            "PYFORA_TEST_TIERS: unknown tier(s) %r (known: %s)"
            % (unknown, ", ".join(sorted(TIER_JIT)))
        )
    return tiers or ["interpreter"]


@pytest.fixture(scope="session", params=selected_tiers())
def executor(request):
    tier = request.param
    previous = os.environ.get("PYFORA_JIT")
    os.environ["PYFORA_JIT"] = TIER_JIT[tier]
    import pyfora

    threads = TIER_THREADS.get(tier)
    try:
        ex = pyfora.connect() if threads is None else pyfora.connect(threads=threads)
    finally:
        # The engine read it when connecting; tests elsewhere in the
        # session connect with the environment they were given.
        if previous is None:
            os.environ.pop("PYFORA_JIT", None)
        else:
            os.environ["PYFORA_JIT"] = previous
    try:
        yield ex
    finally:
        ex.close()
