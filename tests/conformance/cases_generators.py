"""Conformance cases: generators, generator expressions, iterators.

Generators never travel back to the client: every case materializes them.
"""


def _count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1


def _naturals():
    n = 0
    while True:
        yield n
        n += 1


def _take(n, it):
    out = []
    for x in it:
        if len(out) >= n:
            break
        out.append(x)
    return out


def case_gen_basic_yield():
    def gen():
        yield 1
        yield 2
        yield 3

    return (list(gen()), tuple(_count_up(4)), list(_count_up(0)))


def case_gen_is_lazy_and_resumable():
    g = _count_up(5)
    first = next(g)
    second = next(g)
    rest = list(g)
    return (first, second, rest, list(g))


def case_gen_infinite_take():
    return (_take(5, _naturals()), _take(3, (x * x for x in _naturals())))


def case_gen_next_with_default():
    g = _count_up(2)
    return (next(g, "d"), next(g, "d"), next(g, "d"), next(g, None))


def case_gen_next_exhausted_raises():
    g = _count_up(1)
    next(g)
    return next(g)


def case_gen_stopiteration_catchable():
    g = _count_up(1)
    out = [next(g)]
    try:
        next(g)
    except StopIteration:
        out.append("stopped")
    return out


def case_gen_return_value_in_stopiteration():
    def gen():
        yield 1
        return "done"

    g = gen()
    next(g)
    try:
        next(g)
    except StopIteration as e:
        return (e.value, e.args)
    return None


def case_gen_yield_from():
    def inner():
        yield "a"
        yield "b"
        return "inner-result"

    def outer():
        result = yield from inner()
        yield result
        yield from range(2)
        yield from "xy"

    return list(outer())


def case_gen_yield_from_recursive_tree():
    def walk(tree):
        if isinstance(tree, tuple):
            for t in tree:
                yield from walk(t)
        else:
            yield tree

    return list(walk((1, (2, (3, 4)), ((5,), 6))))


def case_gen_send():
    def acc():
        total = 0
        while True:
            x = yield total
            if x is None:
                return
            total += x

    g = acc()
    out = [next(g)]
    out.append(g.send(5))
    out.append(g.send(10))
    return out


def case_gen_expression_basic():
    return (sum(x * x for x in range(10)), list(x for x in "abc" if x != "b"), max(len(w) for w in ["a", "abc", "ab"]),
            tuple(i for i in range(3)), sorted((-x for x in [3, 1, 2])))


def case_gen_expression_is_single_pass():
    g = (x for x in range(3))
    return (list(g), list(g), sum(x for x in []))


def case_gen_expression_nested():
    return list((i, j) for i in range(3) for j in range(i, 3) if (i + j) % 2 == 0)


def case_gen_expression_outer_iterable_evaluated_eagerly():
    xs = [1, 2, 3]
    g = (x * 10 for x in xs)
    xs = [7]
    return (list(g), xs)


def case_gen_used_by_builtins():
    return (sum(_count_up(5)), list(zip(_count_up(3), "abcdef")), list(enumerate(_count_up(2), 1)), sorted(_count_up(4), reverse=True),
            min(_count_up(3)), dict(zip("ab", _count_up(2))), set(_count_up(3)), "-".join(str(x) for x in _count_up(3)))


def case_gen_any_all_short_circuit():
    g = _count_up(10)
    found = any(x > 3 for x in g)
    remaining = list(g)
    g2 = _count_up(10)
    ok = all(x < 2 for x in g2)
    remaining2 = list(g2)
    return (found, remaining, ok, remaining2)


def case_gen_zip_stops_at_shortest_consuming_one_extra():
    g = _count_up(10)
    pairs = list(zip(g, "ab"))
    return (pairs, next(g))


def case_gen_map_filter_are_lazy_iterators():
    m = map(lambda x: x + 1, [1, 2, 3])
    first = next(m)
    f = filter(None, [0, 1, "", "a", None, 2])
    return (first, list(m), list(m), list(f))


def case_gen_iter_next_on_list():
    it = iter([10, 20])
    a = next(it)
    b = next(it)
    c = next(it, "end")
    return (a, b, c)


def case_gen_iter_next_exhausted_raises():
    it = iter([])
    return next(it)


def case_gen_iter_on_str_and_dict():
    it = iter("hi")
    d = iter({"k1": 1, "k2": 2})
    return (next(it), next(it), next(d), list(d))


def case_gen_iter_non_iterable_raises():
    return iter(5)


def case_gen_next_on_non_iterator_raises():
    return next([1, 2])


def case_gen_iter_callable_sentinel():
    def make():
        state = iter([3, 2, 1, 0, 5])
        return lambda: next(state)

    return list(iter(make(), 0))


def case_gen_pipeline():
    def numbers(n):
        yield from range(n)

    def squares(it):
        for x in it:
            yield x * x

    def evens(it):
        for x in it:
            if x % 2 == 0:
                yield x

    return list(evens(squares(numbers(10))))


def case_gen_fibonacci_generator():
    def fib():
        a, b = 0, 1
        while True:
            yield a
            a, b = b, a + b

    return _take(15, fib())


def case_gen_exception_inside_propagates_on_next_raises():
    def gen():
        yield 1
        raise ValueError("boom")

    g = gen()
    next(g)
    return next(g)


def case_gen_exception_inside_caught_by_consumer():
    def gen():
        yield 1
        raise KeyError("k")

    out = []
    try:
        for x in gen():
            out.append(x)
    except KeyError as e:
        out.append(("caught", e.args))
    return out


def case_gen_finally_runs_on_exhaustion():
    def gen():
        try:
            yield 1
            yield 2
        finally:
            yield "cleanup"

    return list(gen())


def case_gen_stopiteration_inside_generator_becomes_runtimeerror_raises():
    def gen():
        yield 1
        raise StopIteration

    return list(gen())


def case_gen_local_state_independent_instances():
    a = _count_up(3)
    b = _count_up(3)
    return (next(a), next(a), next(b), list(a), list(b))


def case_gen_generator_function_returns_generator_type():
    g = _count_up(1)
    return (type(g).__name__, iter(g) is g, hasattr(g, "__next__"))


def case_gen_enumerate_and_reversed_objects():
    e = enumerate("ab")
    r = reversed([1, 2, 3])
    return (next(e), next(r), list(e), list(r), type(e).__name__)


def case_gen_chunking():
    def chunks(xs, n):
        for i in range(0, len(xs), n):
            yield xs[i:i + n]

    return list(chunks(list(range(7)), 3))


def case_gen_sliding_window_sum():
    def windows(xs, k):
        for i in range(len(xs) - k + 1):
            yield sum(xs[i:i + k])

    return list(windows([1, 3, 5, 7, 9], 2))


def case_gen_unpacking_generator():
    a, b, *c = _count_up(5)
    return (a, b, c, [*_count_up(3)], (*(x for x in "ab"),))


def case_gen_in_operator_consumes():
    g = _count_up(10)
    found = 3 in g
    return (found, next(g))


def case_gen_sum_of_large_generator():
    return sum(x % 3 for x in range(200000))


def case_gen_consumer_error_leaves_generator_resumable():
    def items():
        yield 1
        yield "two"
        yield 3
        yield 4

    g = items()
    try:
        sum(g)
        outcome = "summed"
    except TypeError:
        outcome = "TypeError"
    return (outcome, list(g))


def case_gen_error_inside_reduction_is_catchable_by_caller():
    def risky(n):
        for i in range(n):
            if i == 3:
                raise ValueError("three")
            yield i

    g = risky(10)
    try:
        total = sum(g)
    except ValueError as e:
        total = str(e)
    return (total, list(g))


def case_gen_handler_inside_generator_does_not_see_consumer_error():
    def guarded():
        try:
            yield 1
            yield None
            yield 2
        except TypeError:
            yield "caught inside"

    g = guarded()
    try:
        sum(g)
        outcome = "summed"
    except TypeError:
        outcome = "TypeError outside"
    return (outcome, list(g))


def case_gen_stop_iteration_in_reduced_generator():
    def bad():
        yield 1
        raise StopIteration

    try:
        sum(bad())
        return "no error"
    except RuntimeError as e:
        return ("RuntimeError", str(e))


def case_gen_any_all_resume_after_stop():
    g = (x * x for x in range(10))
    first_big = any(v > 10 for v in g)
    after = next(g)
    not_all_small = all(v < 40 for v in g)
    return (first_big, after, not_all_small, list(g))


def case_gen_reductions_over_calls_and_nesting():
    def sq(x):
        return x * x

    inner = sum(sum(sq(j) for j in range(i)) for i in range(30))
    return (inner, max(sq(i) % 17 for i in range(100)), sorted(set(i % 7 for i in (j * 3 for j in range(50)))))


def _failing_sub():
    yield 1
    raise ValueError("inner")


def _keeps_target_while_delegating():
    x = "before"
    try:
        x = yield from _failing_sub()
    except ValueError:
        yield x


def _finally_sees_old_target():
    x = 0
    try:
        x = yield from _failing_sub()
    finally:
        yield ("finally", x)


def case_yield_from_target_keeps_its_value_until_the_subiterator_returns():
    out = list(_keeps_target_while_delegating())
    steps = []
    g = _finally_sees_old_target()
    try:
        for v in g:
            steps.append(v)
    except ValueError as e:
        steps.append(str(e))
    return (out, steps)


def _echo_twice():
    a = yield 1
    b = yield a * 2
    return (a, b)


def _delegate_echo():
    r = yield from _echo_twice()
    yield r


def case_send_passes_through_yield_from():
    g = _delegate_echo()
    return [next(g), g.send(5), g.send(7)]


def _running_total():
    total = 0
    while True:
        x = yield total
        if x is None:
            return total
        total += x


def _delegate_total():
    t = yield from _running_total()
    yield ("done", t)


def case_send_to_a_delegated_accumulator_then_next_ends_it():
    g = _delegate_total()
    out = [next(g)]
    for v in (1, 2, 3):
        out.append(g.send(v))
    out.append(next(g))
    return out


def case_send_through_yield_from_a_list_iterator_is_an_attribute_error():
    def sub():
        yield from [1, 2]

    g = sub()
    first = next(g)
    try:
        g.send(3)
    except AttributeError:
        return (first, "AttributeError")


def case_send_to_a_list_iterator_is_an_attribute_error():
    it = iter([1, 2])
    try:
        it.send(1)
    except AttributeError:
        return "AttributeError"


def _guarded(log_length):
    try:
        yield 1
        yield 2
    except GeneratorExit:
        yield "cleanup-" + str(log_length)
    finally:
        pass


def _counter():
    total = 0
    while True:
        try:
            x = yield total
        except ValueError as e:
            total = -len(str(e))
            continue
        if x is None:
            return total
        total += x


def _finishing():
    try:
        yield 1
    finally:
        return "done"


def case_generator_throw_resumes_at_the_yield():
    g = _counter()
    first = next(g)
    a = g.send(5)
    b = g.throw(ValueError("four"))
    c = g.send(10)
    try:
        g.send(None)
    except StopIteration as stop:
        end = stop.value
    return first, a, b, c, end


def case_generator_close_runs_finally_and_ends_it():
    def gen():
        try:
            yield 1
            yield 2
        finally:
            pass

    g = gen()
    first = next(g)
    closed = g.close()
    after = list(g)
    fresh = gen()
    fresh.close()
    return first, closed, after, list(fresh), _finishing().close()


def case_generator_ignoring_close_raises():
    g = _guarded(3)
    next(g)
    return g.close()


def case_generator_throw_unhandled_raises():
    g = _counter()
    next(g)
    return g.throw(KeyError("k"))


def case_generator_throw_into_unstarted_raises():
    return _counter().throw(IndexError)


def case_generator_returning_while_closed():
    g = _finishing()
    next(g)
    return g.close()


def _inner_cleanup_raises():
    try:
        yield 1
    finally:
        raise KeyError("inner cleanup")


def _outer_delegating(inner):
    r = yield from inner
    yield ("outer got", r)


def case_gen_close_is_passed_to_the_yield_from_generator():
    it = _outer_delegating(_inner_cleanup_raises())
    next(it)
    try:
        it.close()
        return "closed"
    except KeyError as e:
        return e.args


def _inner_catches():
    try:
        yield 1
    except ValueError as e:
        yield ("inner caught", e.args)
    return "inner done"


def case_gen_throw_is_passed_to_the_yield_from_generator():
    it = _outer_delegating(_inner_catches())
    first = next(it)
    caught = it.throw(ValueError("x"))
    rest = list(it)
    return first, caught, rest


def _inner_returns_on_throw():
    try:
        yield 1
    except ValueError:
        return "returned"


def case_gen_throw_ending_the_yield_from_generator_resumes_the_outer():
    it = _outer_delegating(_inner_returns_on_throw())
    next(it)
    return it.throw(ValueError("x")), list(it)


def case_gen_throw_not_caught_inside_reaches_the_outer_handler():
    def outer():
        try:
            yield from _count_up(3)
        except ValueError as e:
            yield ("outer caught", e.args)

    it = outer()
    next(it)
    return it.throw(ValueError("y")), list(it)


def _counting_in_finally():
    x = 0
    try:
        x = yield 1
    finally:
        x += 1


def _returning_target_in_finally():
    x = 0
    try:
        x = yield 1
    finally:
        return ("fin", x)


def case_generator_yield_target_kept_on_close_and_throw():
    closed = _counting_in_finally()
    next(closed)
    thrown = _counting_in_finally()
    next(thrown)
    try:
        thrown.throw(KeyError("k"))
        outcome = "no error"
    except KeyError as e:
        outcome = ("KeyError", e.args)
    returning = _returning_target_in_finally()
    next(returning)
    try:
        returning.throw(KeyError("k"))
        value = "no stop"
    except StopIteration as e:
        value = e.value
    sent = _returning_target_in_finally()
    next(sent)
    try:
        sent.send(41)
    except StopIteration as e:
        value_sent = e.value
    return (closed.close(), outcome, value, value_sent)
