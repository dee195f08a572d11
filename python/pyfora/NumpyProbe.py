"""What the local numpy computes in its own way, so that the engine's
arrays give numpy's answers bit for bit or refuse.

Summation order:

numpy adds a float64 array pairwise (eight running sums over blocks of up
to 128 items, halves above that). Before numpy 2.3 its reductions went
through an 8192-item buffer: pairwise within each block, the block sums
added in order. Which one this numpy does is measured once per process on
a fixed array whose two sums differ, and handed to the engine.

Elementwise math: the engine computes ``exp``, ``log``, ``sin`` and the
like with the C library, as ``math`` does. Some numpy builds compute them
with their own vector code on some CPUs, whose results differ in the last
bit. Each such function is compared with ``math`` on a fixed set of inputs
spread over its domain; the ones that differ are handed to the engine,
which then raises ``NotImplementedError`` for them rather than give answers
that differ from numpy's.
"""
from __future__ import annotations

import math
import threading
import types
from typing import List

from pyfora import _core

_BUFFER = 8192
_lock = threading.Lock()
_configured = False


def _pairwise(values: List[float], lo: int, n: int) -> float:
    if n < 8:
        total = 0.0
        for i in range(lo, lo + n):
            total += values[i]
        return total
    if n <= 128:
        acc = values[lo:lo + 8]
        i = 8
        while i < n - n % 8:
            for j in range(8):
                acc[j] += values[lo + i + j]
            i += 8
        total = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))
        for k in range(lo + i, lo + n):
            total += values[k]
        return total
    half = n // 2
    half -= half % 8
    return _pairwise(values, lo, half) + _pairwise(values, lo + half, n - half)


def sumBlock(numpy: types.ModuleType) -> int:
    """0 when ``numpy.sum`` adds pairwise over the whole array, 8192 when it
    adds buffered blocks in order."""
    values = [math.sin(i) * 10.0 ** (i % 7) for i in range(2 * _BUFFER + 5)]
    got = float(numpy.sum(numpy.array(values)))
    whole = 0.0 + _pairwise(values, 0, len(values))
    if got == whole:
        return 0
    blocks = 0.0
    for start in range(0, len(values), _BUFFER):
        blocks += _pairwise(values, start, min(_BUFFER, len(values) - start))
    # Neither: a numpy this module does not know; keep the current order.
    return _BUFFER if got == blocks else 0


_MATH_NAMES = {"arcsin": "asin", "arccos": "acos", "arctan": "atan"}


def _probeInputs(name: str) -> List[float]:
    """Inputs spread over the domain of the numpy function ``name``."""
    if name in ("arcsin", "arccos"):
        return [i / 1024.0 - 1.0 for i in range(2049)] + [math.sin(i) for i in range(1000)]
    if name in ("log", "log10", "log2"):
        return [1.0 + i / 64.0 for i in range(2000)] + [math.exp(i / 37.0 - 20.0) for i in range(1500)]
    if name == "log1p":
        return [i / 256.0 - 0.99 for i in range(2000)] + [math.exp(i / 37.0 - 20.0) for i in range(1500)]
    if name in ("exp", "expm1"):
        return [i / 64.0 - 20.0 for i in range(2600)] + [i / 8.0 for i in range(-60, 60)]
    return [i / 16.0 - 64.0 for i in range(2049)] + [i * 1.37 for i in range(-700, 700)]


def unlikeLibm(numpy: types.ModuleType) -> List[str]:
    """The engine's C-library functions that ``numpy`` computes with other
    results on this machine (compared with ``math`` on fixed inputs)."""
    unlike = []
    for name in _core.numpy_libm_functions():
        inputs = _probeInputs(name)
        reference = getattr(math, _MATH_NAMES.get(name, name))
        expected = [reference(x) for x in inputs]
        got = getattr(numpy, name)(numpy.array(inputs)).tolist()
        if any(a != b and not (a != a and b != b) for a, b in zip(got, expected)):
            unlike.append(name)
    return unlike


def configure(numpy: types.ModuleType) -> None:
    """Tells the engine this process's numpy summation order and which of
    its elementwise functions differ from the C library (once)."""
    global _configured
    if _configured:
        return
    with _lock:
        if not _configured:
            _core.set_numpy_sum_block(sumBlock(numpy))
            with numpy.errstate(all="ignore"):
                _core.set_numpy_unlike_libm(unlikeLibm(numpy))
            _configured = True
