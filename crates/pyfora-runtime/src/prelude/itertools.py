# pyfora's `itertools`, written in the Python that pyfora runs. Each public
# function checks its arguments and takes what CPython takes when the call
# is made (iterators, or whole pools for combinatorics), then hands the
# work to a generator, so errors and consumption happen where CPython's
# happen.


def _index(value, name):
    if value is None:
        return None
    try:
        return value.__index__() if not isinstance(value, int) else value
    except AttributeError:
        raise ValueError(name) from None


def _ssize(value):
    # An argument CPython converts to a C `Py_ssize_t`: an int or an
    # object with `__index__`, within 64 bits.
    if not isinstance(value, int):
        try:
            value = value.__index__()
        except AttributeError:
            raise TypeError("'" + type(value).__name__ + "' object cannot be interpreted as an integer") from None
    if value > 9223372036854775807 or value < -9223372036854775808:
        raise OverflowError("Python int too large to convert to C ssize_t")
    return int(value)


def _is_number(value):
    # CPython's `PyNumber_Check`.
    if isinstance(value, (int, float)):
        return True
    return hasattr(value, "__index__") or hasattr(value, "__int__") or hasattr(value, "__float__")


def count(start=0, step=1):
    if not _is_number(start) or not _is_number(step):
        raise TypeError("a number is required")
    # CPython counts in machine ints when both are ints and the step is 1:
    # the items are then plain ints even from a bool start.
    if isinstance(start, int) and isinstance(step, int) and step == 1:
        return _count(int(start), 1)
    return _count(start, step)


def _count(n, step):
    while True:
        yield n
        n = n + step


def cycle(iterable):
    return _cycle(iter(iterable))


def _cycle(it):
    saved = []
    for x in it:
        yield x
        saved.append(x)
    while saved:
        for x in saved:
            yield x


def repeat(object, *args, **kwargs):
    # `times` left out repeats forever; `times=None` is a TypeError.
    if len(args) + len(kwargs) > 1 or (kwargs and "times" not in kwargs):
        raise TypeError("repeat() takes at most 2 arguments")
    if not args and not kwargs:
        return _repeat_forever(object)
    times = args[0] if args else kwargs["times"]
    return _repeat(object, range(_ssize(times)))


def _repeat_forever(obj):
    while True:
        yield obj


def _repeat(obj, counter):
    for _ in counter:
        yield obj


def accumulate(iterable, func=None, *, initial=None):
    return _accumulate(iter(iterable), func, initial)


def _accumulate(it, func, total):
    if total is None:
        for first in it:
            total = first
            break
        else:
            return
    yield total
    for x in it:
        total = total + x if func is None else func(total, x)
        yield total


def chain(*iterables):
    return _chain(iterables)


def _chain_from_iterable(iterables):
    # `chain.from_iterable` (see `get_attr` of functions).
    return _chain(iterables)


def _chain(iterables):
    for iterable in iterables:
        for x in iterable:
            yield x


def compress(data, selectors):
    return _compress(iter(data), iter(selectors))


def _compress(data, selectors):
    for d, s in zip(data, selectors):
        if s:
            yield d


def dropwhile(predicate, iterable):
    return _dropwhile(predicate, iter(iterable))


def _dropwhile(predicate, it):
    for x in it:
        if not predicate(x):
            yield x
            break
    for x in it:
        yield x


def takewhile(predicate, iterable):
    return _takewhile(predicate, iter(iterable))


def _takewhile(predicate, it):
    for x in it:
        if not predicate(x):
            return
        yield x


def filterfalse(predicate, iterable):
    return _filterfalse(predicate, iter(iterable))


def _filterfalse(predicate, it):
    for x in it:
        if not (bool(x) if predicate is None else predicate(x)):
            yield x


def starmap(function, iterable):
    return _starmap(function, iter(iterable))


def _starmap(function, it):
    for args in it:
        yield function(*args)


def islice(iterable, *args):
    if not 1 <= len(args) <= 3:
        raise TypeError("islice expected at most 4 arguments, got %d" % (len(args) + 1))
    bounds = slice(*args)
    message = "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize."
    start = _index(bounds.start, message)
    stop = _index(bounds.stop, message)
    step = _index(bounds.step, "Step for islice() must be a positive integer or None.")
    if (start is not None and not 0 <= start <= 9223372036854775807) or (stop is not None and not 0 <= stop <= 9223372036854775807):
        raise ValueError(message)
    if step is not None and step < 1:
        raise ValueError("Step for islice() must be a positive integer or None.")
    return _islice(iter(iterable), 0 if start is None else start, stop, 1 if step is None else step)


def _islice(it, following, stop, step):
    # CPython's counting: skip to the next index, stop at `stop`.
    taken = 0
    while True:
        while taken < following:
            for _ in it:
                break
            else:
                return
            taken += 1
        if stop is not None and taken >= stop:
            return
        for item in it:
            break
        else:
            return
        taken += 1
        following += step
        if stop is not None and following > stop:
            following = stop
        yield item


def zip_longest(*iterables, fillvalue=None):
    return _zip_longest([iter(x) for x in iterables], fillvalue)


def _zip_longest(iterators, fillvalue):
    active = len(iterators)
    if not active:
        return
    done = [False] * len(iterators)
    while True:
        row = []
        for i, it in enumerate(iterators):
            value = fillvalue
            if not done[i]:
                for value in it:
                    break
                else:
                    done = done[:i] + [True] + done[i + 1:]
                    active -= 1
                    if not active:
                        return
                    value = fillvalue
            row.append(value)
        yield tuple(row)


def pairwise(iterable, /):
    return _pairwise(iter(iterable))


def _pairwise(it):
    for previous in it:
        break
    else:
        return
    for x in it:
        yield (previous, x)
        previous = x


def batched(iterable, n, *, strict=False):
    n = _ssize(n)
    if n < 1:
        raise ValueError("n must be at least one")
    return _batched(iter(iterable), n, strict)


def _batched(it, n, strict):
    while True:
        batch = tuple(islice(it, n))
        if not batch:
            return
        if strict and len(batch) != n:
            raise ValueError("batched(): incomplete batch")
        yield batch


def groupby(iterable, key=None):
    source = _group_source(iter(iterable), key)
    next(source)
    return _groupby(source)


def _group_source(it, keyfunc):
    # What CPython keeps in the groupby object, shared by it and its
    # groups: the current item (read lazily), whether it was consumed, and
    # the number of the group allowed to read (an older group is over).
    # Driven by `send`: "peek" reads the current item, "take" consumes it,
    # "group" tells the current group's number, "new" starts the next.
    done = False
    consumed = True
    k = v = None
    group = 0
    command = yield
    while True:
        if command == "peek":
            if consumed and not done:
                done = True
                for v in it:
                    done = False
                    k = v if keyfunc is None else keyfunc(v)
                    consumed = False
                    break
            command = yield (done, k, v)
        elif command == "take":
            consumed = True
            command = yield None
        elif command == "group":
            command = yield group
        else:
            group += 1
            command = yield group


def _groupby(source):
    first = True
    target = None
    while True:
        group = source.send("new")
        done, k, v = source.send("peek")
        while not done and not first and target == k:
            source.send("take")
            done, k, v = source.send("peek")
        if done:
            return
        first = False
        target = k
        yield k, _grouper(source, k, group)


def _grouper(source, target, group):
    while source.send("group") == group:
        done, k, v = source.send("peek")
        if done or not target == k:
            return
        source.send("take")
        yield v


def tee(iterable, n=2, /):
    n = _ssize(n)
    if n < 0:
        raise ValueError("n must be >= 0")
    if n == 0:
        return ()
    source = _tee_source(iter(iterable), n)
    next(source)
    return tuple(_tee_branch(source, i) for i in range(n))


def _tee_source(it, n):
    # The buffer the branches of one `tee` share, driven by `send`: a
    # branch sends its number and is answered with (done, item) for its
    # next position. Items every branch has passed are dropped.
    buffer = []
    base = 0
    positions = [0] * n
    answer = None
    while True:
        branch = yield answer
        at = positions[branch]
        if at - base == len(buffer):
            try:
                for item in it:
                    buffer.append(item)
                    break
                else:
                    answer = (True, None)
                    continue
            except BaseException as error:
                # Raised by the branch that asked; the source stays usable.
                answer = (None, error)
                continue
        answer = (False, buffer[at - base])
        positions[branch] = at + 1
        if at == base and len(buffer) >= 64:
            lowest = min(positions)
            if lowest - base >= len(buffer) // 2:
                buffer = buffer[lowest - base:]
                base = lowest


def _tee_branch(source, branch):
    while True:
        done, item = source.send(branch)
        if done:
            return
        if done is None:
            raise item
        yield item


def product(*iterables, repeat=1):
    repeat = _ssize(repeat)
    if repeat < 0:
        raise ValueError("repeat argument cannot be negative")
    if repeat == 0:
        # CPython reads none of the inputs then.
        return _product([])
    pools = [tuple(pool) for pool in iterables] * repeat
    return _product(pools)


def _product(pools):
    result = [()]
    for pool in pools:
        result = [x + (y,) for x in result for y in pool]
    for prod in result:
        yield prod


def permutations(iterable, r=None):
    pool = tuple(iterable)
    n = len(pool)
    if r is None:
        r = n
    elif not isinstance(r, int):
        raise TypeError("Expected int as r")
    elif r > 9223372036854775807 or r < -9223372036854775808:
        raise OverflowError("Python int too large to convert to C ssize_t")
    if r < 0:
        raise ValueError("r must be non-negative")
    return _permutations(pool, n, r)


def _permutations(pool, n, r):
    if r > n:
        return
    indices = list(range(n))
    cycles = list(range(n, n - r, -1))
    yield tuple(pool[i] for i in indices[:r])
    while n:
        for i in reversed(range(r)):
            cycles = cycles[:i] + [cycles[i] - 1] + cycles[i + 1:]
            if cycles[i] == 0:
                indices = indices[:i] + indices[i + 1:] + indices[i:i + 1]
                cycles = cycles[:i] + [n - i] + cycles[i + 1:]
            else:
                j = cycles[i]
                indices = indices[:]
                indices[i], indices[-j] = indices[-j], indices[i]
                yield tuple(pool[k] for k in indices[:r])
                break
        else:
            return


def combinations(iterable, r):
    r = _ssize(r)
    pool = tuple(iterable)
    if r < 0:
        raise ValueError("r must be non-negative")
    return _combinations(pool, len(pool), r)


def _combinations(pool, n, r):
    if r > n:
        return
    indices = list(range(r))
    yield tuple([pool[k] for k in indices])
    while True:
        i = r - 1
        while i >= 0 and indices[i] == i + n - r:
            i -= 1
        if i < 0:
            return
        indices[i] += 1
        for j in range(i + 1, r):
            indices[j] = indices[j - 1] + 1
        yield tuple([pool[k] for k in indices])


def combinations_with_replacement(iterable, r):
    r = _ssize(r)
    pool = tuple(iterable)
    if r < 0:
        raise ValueError("r must be non-negative")
    return _combinations_with_replacement(pool, len(pool), r)


def _combinations_with_replacement(pool, n, r):
    if not n and r:
        return
    indices = [0] * r
    yield tuple([pool[k] for k in indices])
    while True:
        i = r - 1
        while i >= 0 and indices[i] == n - 1:
            i -= 1
        if i < 0:
            return
        value = indices[i] + 1
        for j in range(i, r):
            indices[j] = value
        yield tuple([pool[k] for k in indices])
