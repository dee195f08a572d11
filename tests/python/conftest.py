"""Test setup for the pyfora client: every test runs against the real
embedded engine (`pyfora._core`), built by `pip install .`."""
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import pyfora  # noqa: E402


@pytest.fixture
def executor():
    ex = pyfora.connect()
    yield ex
    ex.close()


@pytest.fixture
def engine(executor):
    """The engine behind the executor (for handle bookkeeping checks)."""
    return executor._engine
