"""Test setup for the pyfora client.

Makes ``python/`` importable when pyfora is not installed, and, when the
compiled engine ``pyfora._core`` is not built, installs a stub module with the
exception classes of ``_core.pyi`` (its ``Engine`` refuses to start). The
tests here run the client against the pure-Python ``fake_engine.FakeEngine``.
"""
import importlib.util
import os
import sys
import types

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

if importlib.util.find_spec("pyfora") is None:
    sys.path.insert(0, os.path.join(ROOT, "python"))


class _EngineNotBuilt:
    def __init__(self, *args, **kwargs):
        raise ImportError(
            "pyfora._core (the compiled engine) is not built: run `pip install .` "
            "(tests/python only use a pure-Python fake engine)"
        )


def _install_stub_core() -> None:
    """A stand-in ``pyfora._core``: the exception classes of ``_core.pyi`` and an
    Engine that refuses to start (only the fake engine is used here)."""
    module = types.ModuleType("pyfora._core")
    for name in ("RemoteException", "ConversionError", "InvalidOperation"):
        setattr(module, name, type(name, (Exception,), {"__module__": "pyfora._core"}))
    module.Engine = _EngineNotBuilt
    module.__fake__ = True
    sys.modules["pyfora._core"] = module


try:
    import pyfora  # noqa: F401
except ImportError as error:
    if "_core" not in str(error) and getattr(error, "name", None) != "pyfora._core":
        raise
    _install_stub_core()
    import pyfora  # noqa: F401

import fake_engine  # noqa: E402


@pytest.fixture
def engine():
    return fake_engine.FakeEngine()


@pytest.fixture
def executor(engine):
    ex = pyfora.Executor.Executor(engine)
    engine.lookup = ex._walker.objectForId
    yield ex
    ex.close()
