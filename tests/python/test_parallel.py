"""Automatic parallelism: reductions over ranges split across the engine's
threads, with results that do not depend on the thread count."""
import math
import os
import time

import pytest

import pyfora
from support import assert_cpu_idle


def harmonic(n):
    return sum(1.0 / (i + 1) for i in range(n))


def is_prime(p):
    if p < 2:
        return 0
    x = 2
    while x * x <= p:
        if p % x == 0:
            return 0
        x += 1
    return 1


def prime_count(n):
    return sum(is_prime(x) for x in range(n))


def reciprocal_sum(n, k):
    return sum(1000000 // (i - k) for i in range(n))


def trig_sum(n):
    return sum(math.sin(i) * math.cos(i) for i in range(n))


def run(executor, fn, *args):
    return executor.submit(fn, *args).result().toLocal().result()


def assert_workers_idle():
    """After a cancel every worker stops."""
    assert_cpu_idle(0.2, "workers still running")


def test_thread_count_comes_from_connect_or_pyfora_threads(monkeypatch):
    ex = pyfora.connect(threads=2)
    try:
        assert ex.getWorkerCount() == 2
    finally:
        ex.close()
    monkeypatch.setenv("PYFORA_THREADS", "3")
    ex = pyfora.connect()
    try:
        assert ex.getWorkerCount() == 3
    finally:
        ex.close()


def test_float_sums_are_bit_identical_for_any_thread_count():
    results = []
    for threads in (1, 2, 3):
        ex = pyfora.connect(threads=threads)
        try:
            results.append(run(ex, harmonic, 1_000_000))
        finally:
            ex.close()
    assert results[0] == results[1] == results[2]
    # The tree-shaped sum stays within rounding of CPython's sequential one.
    assert math.isclose(results[0], harmonic(1_000_000), rel_tol=1e-13)


def weighted_sines(xs):
    return sum(math.sin(x) * x for x in xs)


def test_reductions_over_list_items_are_bit_identical_for_any_thread_count():
    xs = [i / 7 for i in range(300_000)]
    results = []
    for threads in (1, 2, 3):
        ex = pyfora.connect(threads=threads)
        try:
            results.append(run(ex, weighted_sines, xs))
            assert run(ex, max_item, xs) == max(x * x % 11 for x in xs)
        finally:
            ex.close()
    assert results[0] == results[1] == results[2]
    assert math.isclose(results[0], weighted_sines(xs), rel_tol=1e-12)


def primes_below(n):
    return list(x for x in range(n) if is_prime(x))


def test_list_of_a_generator_keeps_order_on_any_thread_count():
    expected = primes_below(120_000)
    for threads in (1, 2, 3):
        ex = pyfora.connect(threads=threads)
        try:
            assert run(ex, primes_below, 120_000) == expected
        finally:
            ex.close()


def test_list_comprehension_in_a_with_block_runs_as_a_parallel_kernel():
    expected = [is_prime(x) * x for x in range(120_000)]
    for threads in (1, 2):
        ex = pyfora.connect(threads=threads)
        try:
            with ex.remotely.downloadAll():
                flagged = [is_prime(x) * x for x in range(120_000)]
            assert flagged == expected
        finally:
            ex.close()


def count_primes(lo, hi, d):
    total = 0
    for p in range(lo, hi):
        x = 2
        prime = p >= 2
        while x * x <= p:
            if p % x == 0:
                prime = False
                break
            x += 1
        total += prime + 1000 // (p - d)
    return total


def two_ranges(n, d1, d2):
    return count_primes(0, n, d1) - count_primes(n, 2 * n, d2)


def test_independent_calls_give_the_same_answer_and_error_on_any_thread_count():
    expected = two_ranges(60_000, -1, -1)
    for threads in (1, 2, 3):
        ex = pyfora.connect(threads=threads)
        try:
            assert run(ex, two_ranges, 60_000, -1, -1) == expected
            # Both halves divide by zero: the first call's error is raised,
            # with its own remote trace.
            with pytest.raises(pyfora.ComputationError) as info:
                run(ex, two_ranges, 60_000, 50_000, 70_000)
            assert isinstance(info.value.remoteException, ZeroDivisionError)
            assert any(frame["line"] == count_primes.__code__.co_firstlineno + 10 for frame in info.value.trace)
        finally:
            ex.close()


def max_item(xs):
    return max(x * x % 11 for x in xs)


def test_int_sums_over_uneven_work_are_exact():
    ex = pyfora.connect(threads=2)
    try:
        assert run(ex, prime_count, 200_000) == 17984
    finally:
        ex.close()


def reductions(n):
    """min/max/any/all over uneven work (prime tests cost more for big x)."""
    return (
        max(x * is_prime(x) for x in range(n)),
        min(math.sin(x) * is_prime(x) for x in range(n)),
        any(is_prime(x) and x > n - 100 for x in range(n)),
        all(is_prime(x) or x % 2 == 0 or x % 3 == 0 or x % 5 == 0 or x < 49 for x in range(n)),
        any(x == n // 3 or 1 // (x - 2 * n // 3) > 5 for x in range(n)),
    )


def decided_before_an_error(n):
    return all((is_prime(x) or x != n // 4) and 1 // (x - n // 2) < 1 for x in range(n))


def test_min_max_any_all_agree_with_cpython_on_any_thread_count():
    expected = reductions(150_000)
    for threads in (1, 2, 3):
        ex = pyfora.connect(threads=threads)
        try:
            assert repr(run(ex, reductions, 150_000)) == repr(expected)
            # A later piece divides by zero, but the sequential program
            # stops at n // 4, before it.
            assert run(ex, decided_before_an_error, 150_000) is False
        finally:
            ex.close()


def test_an_error_in_one_piece_is_the_one_the_sequential_program_raises():
    ex = pyfora.connect(threads=2)
    try:
        with pytest.raises(pyfora.ComputationError) as info:
            run(ex, reciprocal_sum, 1_000_000, 700_000)
        assert isinstance(info.value.remoteException, ZeroDivisionError)
    finally:
        ex.close()


def assert_cancel_frees_every_core(long_fn, arg, check_fn):
    """Cancels `long_fn(arg)` while it runs on 2 threads; then every worker
    is idle and the executor still computes `check_fn(10)`."""
    ex = pyfora.connect(threads=2)
    try:
        future = ex.submit(long_fn, arg)
        time.sleep(0.5)
        assert future.running()
        assert future.cancel() is True
        assert_workers_idle()
        assert run(ex, check_fn, 10) == check_fn(10)
    finally:
        ex.close()


def test_cancelling_a_parallel_reduction_frees_every_core():
    assert_cancel_frees_every_core(trig_sum, 10**12, harmonic)


def test_status_shows_busy_cores_and_fraction_done_of_a_parallel_reduction():
    ex = pyfora.connect(threads=2)
    updates = []
    try:
        with ex.remotely.withStatusCallback(updates.append).downloadAll():
            total = trig_sum(400_000_000)
        assert isinstance(total, float)
    finally:
        ex.close()
    running = [u for u in updates if u["status"] == "running"]
    assert running, "a computation of over half a second reports progress"
    fractions = [u["fractionDone"] for u in running if "fractionDone" in u]
    assert fractions, f"no fraction done in {running}"
    assert all(0.0 <= f <= 1.0 for f in fractions)
    assert fractions == sorted(fractions)
    assert max(u["coresBusy"] for u in running) == 2


def dc(a, b, f):
    if b - a <= 1:
        if b > a:
            return f(a)
        return 0.0
    mid = (a + b) // 2
    return dc(a, mid, f) + dc(mid, b, f)


def root(x):
    return x ** 0.5


def dc_sum(n):
    return dc(0, n, root)


def test_recursive_divide_and_conquer_gives_the_same_bits_on_any_thread_count():
    results = []
    for threads in (1, 2):
        ex = pyfora.connect(threads=threads)
        try:
            results.append(run(ex, dc_sum, 300_000))
        finally:
            ex.close()
    assert results[0] == results[1] == dc_sum(300_000)


def test_cancelling_forked_recursion_frees_every_core():
    assert_cancel_frees_every_core(dc_sum, 10**13, dc_sum)


# Interpreted code (strings, sets: nothing native code takes) forks its
# independent calls too.
def digit_count(lo, hi, digit):
    if hi - lo <= 1:
        return str(lo).count(digit)
    mid = (lo + hi) // 2
    return digit_count(lo, mid, digit) + digit_count(mid, hi, digit)


def digit_share(lo, hi):
    if hi - lo <= 1:
        return str(lo).count("3") / (len(str(lo)) + 0.1)
    mid = (lo + hi) // 2
    return digit_share(lo, mid) + digit_share(mid, hi)


def nested_digit_count(n):
    def count(lo, hi):
        if hi - lo <= 1:
            s = str(lo)
            return {c: s.count(c) for c in s}.get("7", 0)
        mid = (lo + hi) // 2
        return count(lo, mid) + count(mid, hi)

    return count(0, n)


class DigitCounter:
    def __init__(self, digit):
        self.digit = digit

    def count(self, lo, hi):
        if hi - lo <= 1:
            return str(lo).count(self.digit)
        mid = (lo + hi) // 2
        return self.count(lo, mid) + self.count(mid, hi)


def method_digit_count(n):
    return DigitCounter("3").count(0, n)


def checked(lo, hi, bad):
    if hi - lo <= 1:
        if lo in bad:
            raise ValueError("bad %d" % lo)
        return str(lo).count("1")
    mid = (lo + hi) // 2
    return checked(lo, mid, bad) + checked(mid, hi, bad)


def two_statements(lo, hi, bad):
    a = checked(lo, hi, bad)
    b = checked(hi, 2 * hi - lo, bad)
    return a - b


def endless(n):
    return endless(n) + endless(n + 1)


def test_interpreted_recursion_gives_the_same_bits_on_any_thread_count():
    expected = (digit_count(0, 200_000, "7"), digit_share(0, 200_000), nested_digit_count(100_000), method_digit_count(100_000))
    for threads in (1, 2, 3):
        ex = pyfora.connect(threads=threads)
        try:
            got = (
                run(ex, digit_count, 0, 200_000, "7"),
                run(ex, digit_share, 0, 200_000),
                run(ex, nested_digit_count, 100_000),
                run(ex, method_digit_count, 100_000),
            )
            assert got == expected, threads
        finally:
            ex.close()


def test_interpreted_recursion_raises_what_the_sequential_program_raises():
    for threads in (1, 2):
        ex = pyfora.connect(threads=threads)
        try:
            # Both halves fail; the first half's error is the one raised
            # (the second's was found first in time, and is discarded).
            with pytest.raises(pyfora.ComputationError) as info:
                run(ex, checked, 0, 300_000, {250_000, 299_999, 3})
            assert str(info.value.remoteException) == "bad 3"
            with pytest.raises(pyfora.ComputationError) as info:
                run(ex, checked, 0, 300_000, {299_999})
            assert str(info.value.remoteException) == "bad 299999"
            # Consecutive statements fork too; the second call's error
            # points at its own line.
            assert run(ex, two_statements, 0, 150_000, set()) == two_statements(0, 150_000, set())
            with pytest.raises(pyfora.ComputationError) as info:
                run(ex, two_statements, 0, 150_000, {200_000})
            assert str(info.value.remoteException) == "bad 200000"
            line = two_statements.__code__.co_firstlineno + 2
            assert any(frame["line"] == line and frame["function"] == "two_statements" for frame in info.value.trace), info.value.trace
            with pytest.raises(pyfora.ComputationError) as info:
                run(ex, endless, 0)
            assert isinstance(info.value.remoteException, RecursionError)
            assert run(ex, checked, 0, 1000, set()) == checked(0, 1000, set())
        finally:
            ex.close()


def run_watched(fn, *args):
    """Runs `fn(*args)` in a with-block on 2 threads; returns its result and
    the most cores busy its status updates reported."""
    ex = pyfora.connect(threads=2)
    updates = []
    try:
        with ex.remotely.withStatusCallback(updates.append).downloadAll():
            result = fn(*args)
    finally:
        ex.close()
    running = [u for u in updates if u["status"] == "running"]
    assert running, "a computation of over half a second reports progress"
    return result, max(u["coresBusy"] for u in running)


def test_interpreted_recursion_keeps_both_cores_busy():
    assert run_watched(digit_count, 0, 3_000_000, "7") == (1_800_000, 2)
    assert run_watched(method_digit_count, 3_000_000) == (1_800_000, 2)


def digit_total(n):
    return digit_count(0, n, "7")


def test_cancelling_interpreted_forked_recursion_frees_every_core():
    assert_cancel_frees_every_core(digit_total, 10**13, digit_total)


def digit_tables(n):
    return [len({c: s.count(c) for s in [str(i * i)] for c in s}) for i in range(n)]


def shouted(words):
    return list(w.upper() + "!" for w in words if "3" in w)


def test_interpreted_comprehensions_give_the_same_items_on_any_thread_count():
    words = [str(i * 7) for i in range(20_000)]
    expected = (digit_tables(20_000), shouted(words))
    for threads in (1, 2, 3):
        ex = pyfora.connect(threads=threads)
        try:
            assert (run(ex, digit_tables, 20_000), run(ex, shouted, words)) == expected, threads
        finally:
            ex.close()


def test_interpreted_comprehension_keeps_both_cores_busy():
    tables, busiest = run_watched(digit_tables, 600_000)
    assert len(tables) == 600_000
    assert busiest == 2


def never_ends():
    while True:
        pass


def decided_early(i):
    label = "item %d" % i  # string work: interpreted pieces, not a native kernel
    if i == 3:
        return len(label) > 0
    if i == 40000:
        return never_ends()
    return False


def any_decided_early(n):
    return any(decided_early(i) for i in range(n)), all(not decided_early(i) for i in range(n))


def test_any_and_all_do_not_compute_far_past_the_deciding_item():
    executor = pyfora.connect(threads=2)
    try:
        future = executor.submit(any_decided_early, 100000)
        try:
            result = future.result(timeout=60).toLocal().result()
        finally:
            future.cancel()
        assert result == (True, False)
    finally:
        executor.close()


def spin_total(x, n):
    t = 0
    for i in range(n):
        t += (i * x) % 7
    return t


def fails_on_thirds(x, n):
    total = spin_total(x, n)
    if x % 3 == 0:
        raise ValueError(x)
    return total


def tagged(x, n):
    return x * 1000 + spin_total(x, n) % 10


def pairs_under_a_handler(lo, hi, n):
    out = []
    for x in range(lo, hi):
        try:
            out.append(fails_on_thirds(x, n) + tagged(x, n))
        except ValueError:
            out.append(-1)
    return out


def two_loops_of_pairs(n):
    # Each loop runs on a worker of its own, where the pair in the loop has
    # its second call started ahead while the first runs.
    return pairs_under_a_handler(0, 30, n) + pairs_under_a_handler(30, 60, n)


def test_a_second_call_run_ahead_is_dropped_when_the_first_raises(monkeypatch):
    # The loop catches the first call's exception and comes back to the
    # pair: the next item's second call must be its own, not the outcome
    # computed ahead for the item that failed. (Interpreted: native code
    # forks its own pairs.)
    monkeypatch.setenv("PYFORA_JIT", "0")
    expected = two_loops_of_pairs(20_000)
    ex = pyfora.connect(threads=2)
    try:
        for _ in range(3):
            assert run(ex, two_loops_of_pairs, 20_000) == expected
    finally:
        ex.close()


def raises_after(n):
    spin_total(3, n)
    raise ValueError("first call failed")


def endless_text(n):
    t = 0
    for i in range(n * 10**6):  # days
        t += len("%d" % i)  # string work keeps this loop interpreted
    return t


def first_call_fails_second_never_ends(n):
    # Past a heartbeat, with both functions called once: the pair forks.
    warm = spin_total(1, n) + endless_text(0)
    return raises_after(n) + endless_text(n) + warm


def test_a_failed_first_call_abandons_the_interpreted_second(monkeypatch):
    # The sequential program never makes the second call: its forked run
    # stops at its next check, and the first call's error comes at once.
    monkeypatch.setenv("PYFORA_JIT", "0")
    ex = pyfora.connect(threads=2)
    try:
        future = ex.submit(first_call_fails_second_never_ends, 1_000_000)
        try:
            with pytest.raises(pyfora.ComputationError) as info:
                future.result(timeout=30).toLocal().result()
        finally:
            future.cancel()
        assert str(info.value.remoteException) == "first call failed"
        assert_workers_idle()
    finally:
        ex.close()


def spin(n):
    s = 0
    for i in range(n):
        s = (s + i * i) % 1000003
    return s


def fails_before_a_slow_item():
    # The error (i = 10) comes long before the item that never finishes
    # (i = 70,000, in the window computed ahead).
    return sum((spin(10**11) if i == 70000 else 1 // (i - 10)) for i in range(100000))


def fails_in_the_window_of_a_slow_item():
    # The slow item's piece is running when another piece fails: it stops.
    return min((spin(10**11) if i == 12000 else 1 // (i - 10)) for i in range(100000))


def reduction_fails_before_a_slow_item():
    # The items compute, but adding them fails at i = 10.
    return sum((spin(10**11) if i == 70000 else (1 if i != 10 else "x")) for i in range(100000))


@pytest.mark.parametrize("jit", ["0", "1"])
@pytest.mark.parametrize(
    "fn, error",
    [(fails_before_a_slow_item, ZeroDivisionError), (fails_in_the_window_of_a_slow_item, ZeroDivisionError), (reduction_fails_before_a_slow_item, TypeError)],
)
def test_an_error_before_work_computed_ahead_is_raised_at_once(monkeypatch, jit, fn, error):
    # The sequential program stops at its first error: work computed ahead
    # of it, interpreted or native, is given up, not waited for.
    monkeypatch.setenv("PYFORA_JIT", jit)
    executor = pyfora.connect(threads=8)
    try:
        future = executor.submit(fn)
        with pytest.raises(pyfora.ComputationError) as info:
            future.result(timeout=60).toLocal().result(timeout=60)
        assert type(info.value.remoteException) is error
    finally:
        executor.close()
