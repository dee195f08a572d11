# pyfora's `bisect`, written in the Python that pyfora runs (the searches;
# `insort` mutates the list in place, as any pyfora code may only when
# nothing else holds it).


def _search(a, x, lo, hi, key, right):
    # The first index in a[lo:hi] whose item (or key of it) is > x when
    # `right`, >= x otherwise.
    if lo < 0:
        raise ValueError("lo must be non-negative")
    if hi is None or hi == -1:
        # (-1 is the C implementation's own default for "the whole list".)
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


def insort_left(a, x, lo=0, hi=None, *, key=None):
    # Inserts into `a` in place: allowed on a list nothing else holds; on a
    # list the caller still holds, pyfora's mutation rule refuses it
    # (InvalidPyforaOperation naming the insert).
    a.insert(_search(a, x if key is None else key(x), lo, hi, key, False), x)


def insort_right(a, x, lo=0, hi=None, *, key=None):
    a.insert(_search(a, x if key is None else key(x), lo, hi, key, True), x)


def insort(a, x, lo=0, hi=None, *, key=None):
    a.insert(_search(a, x if key is None else key(x), lo, hi, key, True), x)
