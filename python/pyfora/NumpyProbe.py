"""Which summation order the local numpy uses, so that the engine's array
sums are bit-identical to it.

numpy adds a float64 array pairwise (eight running sums over blocks of up
to 128 items, halves above that). Before numpy 2.3 its reductions went
through an 8192-item buffer: pairwise within each block, the block sums
added in order. Which one this numpy does is measured once per process on
a fixed array whose two sums differ, and handed to the engine.
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


def configure(numpy: types.ModuleType) -> None:
    """Tells the engine this process's numpy summation order (once)."""
    global _configured
    if _configured:
        return
    with _lock:
        if not _configured:
            _core.set_numpy_sum_block(sumBlock(numpy))
            _configured = True
