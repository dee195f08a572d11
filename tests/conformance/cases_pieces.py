"""Comprehensions large enough to run in interpreted pieces on several
threads (bodies native code does not take: strings, dicts, interpreted
calls), over ranges, lists, tuples and strings, with filters, nested loops
and errors: the items and the exception must be the sequential program's."""

_WORDS = [str(i * 7919 % 10007) for i in range(3000)]
_TEXT = "pyfora é€ 𝄞 " * 400


def _tag(i):
    s = str(i)
    return {c: s.count(c) for c in s}


def case_pieces_string_bodies_over_a_range():
    return [str(i).replace("1", "one")[::-1] for i in range(5000)]


def case_pieces_over_a_list_with_a_filter():
    return [w.upper() + "!" for w in _WORDS if "7" in w]


def case_pieces_over_a_tuple_of_interpreted_calls():
    return [sorted(_tag(i).items()) for i in tuple(range(2000))]


def case_pieces_over_a_string_of_many_widths():
    return [c * 2 for c in _TEXT if c != " "]


def case_pieces_with_a_nested_loop_and_a_negative_step():
    return [str(i) + c for i in range(3000, 0, -3) for c in "ab" if (i + len(c)) % 4]


def case_pieces_of_list_tuple_and_sorted_of_generators():
    return (list(str(i)[::-1] for i in range(2500)), tuple(w[:2] for w in _WORDS), sorted(w + "x" for w in _WORDS))


def case_pieces_reading_enclosing_variables():
    suffix = "-" * 3
    table = {"1": "one", "2": "two"}
    return [table.get(str(i)[-1], "?") + suffix for i in range(4000)]


def case_pieces_raise_the_first_error_raises():
    # Items 700 and 2900 both fail; the sequential program stops at 700.
    return [str(10 // ((i - 700) * (i - 2900))) for i in range(4000)]


def case_pieces_raise_inside_a_called_function_raises():
    return [_tag(i)["x"] if i > 3500 else str(i) for i in range(4000)]


def case_pieces_of_a_generator_raise_raises():
    return list(int(w) // (int(w) % 97) for w in _WORDS)


def case_pieces_dict_comprehension_keeps_the_last_value_and_first_position():
    return list({str(i % 700): str(i)[::-1] for i in range(5000)}.items())


def case_pieces_set_comprehension_of_strings():
    return sorted({w[:2] for w in _WORDS})


def case_pieces_set_and_dict_comprehensions_of_numbers():
    squares = {i * i % 1009 for i in range(5000)}
    table = {i: i * 0.5 for i in range(0, 6000, 3)}
    return (sorted(squares), list(table.items())[-5:], len(table))


def case_pieces_dict_comprehension_over_a_string():
    return {c: _TEXT.count(c) for c in _TEXT}


def case_pieces_dict_comprehension_with_an_unhashable_key_raises():
    return {(str(i) if i < 3000 else [i]): i for i in range(4000)}


def case_pieces_set_comprehension_error_raises():
    return {str(1000 // (i - 2500)) for i in range(4000)}


class _Money:
    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        return _Money(self.cents + (other.cents if isinstance(other, _Money) else other))

    def __radd__(self, other):
        return self.__add__(other)


def case_pieces_sums_of_interpreted_items():
    ints = sum(len(str(i)) for i in range(100_000))
    floats = sum(len(str(i)) / 7 for i in range(100_000))
    mixed = sum((i if i % 3 else i / 3) for i in range(0, 90_000, 7) if str(i)[-1] != "5")
    big = sum(int(str(i) * 3) for i in range(5000))
    money = sum((_Money(len(w)) for w in _WORDS), _Money(0)).cents
    return ints, repr(floats), repr(mixed), big, money


def case_pieces_min_max_with_and_without_key():
    return (
        max(str(i * 7919 % 10007) for i in range(5000)),
        min((w for w in _WORDS), key=lambda w: (len(w), w[::-1])),
        max((str(i)[::-1] for i in range(5000)), key=len),
        min(c for c in _TEXT if c.isalpha()),
    )


def case_pieces_any_and_all_decide_where_the_sequence_does():
    return (
        any(str(i).endswith("999") for i in range(100_000)),
        all(str(i) != "77777" for i in range(100_000)),
        any(w.startswith("x") for w in _WORDS),
        all(len(w) < 9 for w in _WORDS),
    )


def case_pieces_any_decides_before_a_later_error():
    # Sequentially any() stops at i == 10; the division by zero at 90000 is never reached.
    return any(str(10 // (i - 90_000)).startswith("-1") and i >= 10 for i in range(100_000))


def case_pieces_sum_error_raises():
    return sum(len(str(1 // (i - 70_000))) for i in range(100_000))


def case_pieces_sum_of_a_string_among_ints_raises():
    return sum((str(i) if i == 5000 else i) for i in range(100_000))


class _Span:
    """Integers lo..hi that split themselves for parallel consumers
    (`__pyfora_generator__`); CPython iterates them with `__iter__`."""

    def __init__(self, lo, hi):
        self.lo = lo
        self.hi = hi

    def __iter__(self):
        i = self.lo
        while i < self.hi:
            yield i
            i += 1

    def __pyfora_generator__(self):
        return self

    def canSplit(self):
        return self.hi - self.lo > 1

    def split(self):
        mid = (self.lo + self.hi) // 2
        return _Span(self.lo, mid), _Span(mid, self.hi)


class _Words:
    """Iterates a list through a separate splitter object."""

    def __init__(self, words):
        self.words = words

    def __iter__(self):
        return iter(self.words)

    def __pyfora_generator__(self):
        return _WordSplitter(self.words, 0, len(self.words))


class _WordSplitter:
    def __init__(self, words, lo, hi):
        self.words = words
        self.lo = lo
        self.hi = hi

    def __iter__(self):
        for i in range(self.lo, self.hi):
            yield self.words[i]

    def canSplit(self):
        return self.hi - self.lo >= 100

    def split(self):
        mid = (self.lo + self.hi) // 2
        return _WordSplitter(self.words, self.lo, mid), _WordSplitter(self.words, mid, self.hi)


class _NeverSplits(_Span):
    def canSplit(self):
        return False


class _BadSplit(_Span):
    def split(self):
        return [self]


def case_pieces_split_protocol_comprehensions():
    s = _Span(0, 20_000)
    return (
        [str(x) for x in s if x % 7],
        {x % 97 for x in s},
        {str(x): x * x for x in _Span(5, 3000)},
        list(len(str(x)) for x in s),
        sorted((str(x) for x in _Span(0, 500)), key=lambda t: t[::-1]),
    )


def case_pieces_split_protocol_reductions():
    s = _Span(0, 50_000)
    return (
        sum(len(str(x)) for x in s),
        sum(x * 0.1 for x in _Span(0, 3000)),
        max(str(x) for x in s),
        min((x * 7919 % 10007 for x in s)),
        any(str(x) == "49999" for x in s),
        all(x < 40_000 for x in s),
    )


def case_pieces_split_protocol_through_a_separate_splitter():
    w = _Words(_WORDS)
    return ([x + "!" for x in w], sum(len(x) for x in w), {x: len(x) for x in w})


def case_pieces_split_protocol_unsplittable_and_malformed():
    return (
        sum(len(str(x)) for x in _NeverSplits(0, 5000)),
        [str(x) for x in _BadSplit(0, 5000)][-3:],
        type(iter(_Span(0, 3))).__name__,
        list(_Span(3, 9)),
    )


def case_pieces_split_protocol_error_raises():
    return sum(len(str(1 // (x - 30_000))) for x in _Span(0, 50_000))


# Iterators advance on every `next()`: parallel work must not share them.


def case_pieces_reductions_of_stateful_itertools_objects():
    import itertools

    numbers = list(range(1500))
    return (
        list(itertools.accumulate(range(1000)))[-1],
        len(list(itertools.islice(range(2000), 5, 1000))),
        min(itertools.islice(range(2000), 700, 1000)),
        sum(itertools.islice(numbers, 3, 1400, 3)),
        tuple(itertools.accumulate(numbers, max))[-3:],
        sorted(itertools.compress(range(1000), [i % 3 == 0 for i in range(1000)]))[-2:],
    )


def case_pieces_next_of_a_shared_iterator_in_a_comprehension():
    it = iter(range(10000))
    first = [next(it) for _ in range(800)]
    rest = {k: next(it) for k in range(600)}
    return first == list(range(800)), rest[0], rest[599]


def case_pieces_next_of_a_generator_held_by_an_object():
    class Reader:
        def __init__(self, lines):
            self.lines = iter(lines)

        def take(self):
            return next(self.lines)

    reader = Reader([str(i) for i in range(3000)])
    return [reader.take() + "!" for _ in range(1000)][-2:]


def case_pieces_independent_calls_advancing_one_iterator():
    def take(it, n):
        return [str(next(it)) for _ in range(n)]

    it = iter(range(5000))
    a = take(it, 700)
    b = take(it, 700)
    return a[-1], b[0], b[-1]
