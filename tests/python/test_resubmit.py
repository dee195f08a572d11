"""Submitting the same code again: identical functions reuse what the engine
built (and compiled) for them, and any change to what they capture is seen."""
import math

import pyfora

SCALE = 2


def scaled(n):
    return sum(i * SCALE for i in range(n))


def signed_zero(x):
    return math.copysign(x, ZERO)


ZERO = 0.0


def kind_of(x):
    return (type(VALUE).__name__, x + VALUE)


VALUE = 1


def run(executor, fn, *args):
    return executor.submit(fn, *args).result().toLocal().result()


def test_resubmitting_a_function_gives_the_same_answer(executor):
    answers = {run(executor, scaled, 1000) for _ in range(20)}
    assert answers == {scaled(1000)}


def test_a_changed_global_is_seen_by_the_next_submission():
    global SCALE
    executor = pyfora.connect()
    try:
        assert run(executor, scaled, 100) == scaled(100)
        SCALE = 3
        assert run(executor, scaled, 100) == scaled(100) == 3 * 4950
    finally:
        SCALE = 2
        executor.close()


def test_values_equal_in_python_but_different_are_not_confused(executor):
    # 0.0 == -0.0 and 1 == 1.0 == True, but the answers differ.
    global ZERO, VALUE
    try:
        for zero in (0.0, -0.0, 0.0):
            ZERO = zero
            assert repr(run(executor, signed_zero, 2.0)) == repr(signed_zero(2.0))
        for value in (1, 1.0, True, 1):
            VALUE = value
            assert run(executor, kind_of, 1) == kind_of(1)
    finally:
        ZERO, VALUE = 0.0, 1


def test_a_with_block_run_again_sees_changed_variables(executor):
    results = []
    for step in (1, 2, 2, 1.0):
        with executor.remotely.downloadAll():
            total = sum(i * step for i in range(10))
        results.append(total)
    assert [repr(r) for r in results] == ["45", "90", "90", "45.0"]


class Box:
    def __init__(self, v):
        self.v = v


def same_object(a, b):
    return a is b


def test_equal_arguments_defined_separately_stay_distinct_objects(executor):
    assert run(executor, same_object, Box(1), Box(1)) is False
    assert run(executor, same_object, [1], [1]) is False


class Tariff:
    rate = 1

    def charge(self, units):
        return units * self.rate * MARKUP


MARKUP = 1


def bill(units):
    return Tariff().charge(units)


def test_a_changed_class_is_seen_by_the_next_submission():
    global MARKUP
    original = Tariff.__dict__["charge"]
    ex = pyfora.connect()
    try:
        assert run(ex, bill, 10) == 10
        Tariff.rate = 3
        assert run(ex, bill, 10) == 30
        MARKUP = 2  # a global the method reads
        assert run(ex, bill, 10) == 60
        Tariff.charge = lambda self, units: -units  # replaced after the class statement
        assert run(ex, bill, 10) == -10
    finally:
        Tariff.rate = 1
        MARKUP = 1
        Tariff.charge = original
        ex.close()


class Marker:
    def __init__(self, v):
        self.v = v


def make_marker(v):
    return Marker(v)


def is_marker(x):
    return isinstance(x, Marker)


def test_an_unchanged_class_keeps_its_identity_across_submissions(executor):
    proxy = executor.submit(make_marker, 5).result()
    assert executor.submit(is_marker, proxy).result().toLocal().result() is True


class HierarchyA(Exception):
    pass


class HierarchyB(HierarchyA):
    pass


class HierarchyC(HierarchyB):
    pass


def reads_the_whole_hierarchy(_):
    base = HierarchyA
    return base is not None and issubclass(HierarchyC, HierarchyB)


def reads_two_levels(_):
    return issubclass(HierarchyC, HierarchyB), isinstance(HierarchyC(), HierarchyB), issubclass(HierarchyC, (int, HierarchyB))


def catches_by_the_middle_class(_):
    try:
        raise HierarchyC("x")
    except HierarchyB:
        return "caught"


def test_a_class_hierarchy_stays_one_hierarchy_across_submissions():
    # The first submission spells out HierarchyA itself (HierarchyB then
    # refers to it); the second reaches it only as HierarchyB's base, spelled
    # out there: HierarchyB's descriptor differs, and HierarchyC, whose own
    # descriptor does not, must not keep the first HierarchyB as its base.
    executor = pyfora.connect()
    try:
        assert run(executor, reads_the_whole_hierarchy, 0) is True
        assert run(executor, reads_two_levels, 0) == (True, True, True)
        assert run(executor, catches_by_the_middle_class, 0) == "caught"
    finally:
        executor.close()


def doubled_x(o):
    return o.x * 2


class Holder:
    def __init__(self, x):
        self.x = x

    def doubled(self):
        return doubled_x(self)


def holder_x(b):
    return Holder(b).x


def holder_doubled_plus_one(b):
    return doubled_x(Holder(b)) + 1


def test_a_function_first_shipped_inside_a_kept_class_is_found_later():
    # The second submission ships `Holder` again (the engine keeps the class
    # it built) and refers to `doubled_x`, which the first one shipped only
    # as a global of `Holder.doubled`.
    executor = pyfora.connect()
    try:
        assert run(executor, holder_x, 3) == 3
        assert run(executor, holder_doubled_plus_one, 3) == holder_doubled_plus_one(3)
    finally:
        executor.close()
