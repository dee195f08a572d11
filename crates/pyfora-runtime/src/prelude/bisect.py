# pyfora's `bisect`, written in the Python that pyfora runs (the searches;
# `insort` would mutate the caller's list, which pyfora code cannot do).


def _search(a, x, lo, hi, key, right):
    # The first index in a[lo:hi] whose item (or key of it) is > x when
    # `right`, >= x otherwise.
    if lo < 0:
        raise ValueError("lo must be non-negative")
    if hi is None:
        hi = len(a)
    while lo < hi:
        mid = (lo + hi) // 2
        item = a[mid] if key is None else key(a[mid])
        if (x < item) if right else not (item < x):
            hi = mid
        else:
            lo = mid + 1
    return lo


def bisect_left(a, x, lo=0, hi=None, *, key=None):
    return _search(a, x, lo, hi, key, False)


def bisect_right(a, x, lo=0, hi=None, *, key=None):
    return _search(a, x, lo, hi, key, True)


def bisect(a, x, lo=0, hi=None, *, key=None):
    return _search(a, x, lo, hi, key, True)
