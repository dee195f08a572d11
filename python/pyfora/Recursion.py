"""Room on Python's recursion limit for walking deeply nested values.

Shipping and downloading values recurse a few Python frames per level of
nesting, so the default limit of 1000 frames would refuse a linked list of
a few hundred nodes. :func:`roomFor` raises the limit while such a walk
runs, enough for the deepest nesting pyfora converts (the walks stop on
their own at that depth, well within the C stack: each level takes a few
frames).
"""
from __future__ import annotations

import contextlib
import sys
import threading
from typing import Iterator

# Python frames each level of nesting may take (measured: 6 to 7 for the
# walker, 3 for the rebuilder), with some to spare.
_FRAMES_PER_LEVEL = 10

_lock = threading.Lock()
_active = 0
_previous = 0


@contextlib.contextmanager
def roomFor(levels: int) -> Iterator[None]:
    """Within the block, the recursion limit leaves room for ``levels``
    levels of nesting beyond the current depth. Nested and concurrent uses
    share one raise; the last to leave puts the limit back."""
    global _active, _previous
    needed = _depth() + levels * _FRAMES_PER_LEVEL + 200
    with _lock:
        if _active == 0:
            _previous = sys.getrecursionlimit()
        _active += 1
        if sys.getrecursionlimit() < needed:
            sys.setrecursionlimit(needed)
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                sys.setrecursionlimit(_previous)


def _depth() -> int:
    frame = sys._getframe(1)
    depth = 0
    while frame is not None:
        depth += 1
        frame = frame.f_back
    return depth
