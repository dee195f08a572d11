"""``with executor.remotely:`` on the embedded engine, in every kind of scope."""
import runpy
import sys
import textwrap
import time
import traceback

import pytest

import pyfora
from pyfora.RemotePythonObject import RemotePythonObject

OFFSET = 100


def add_offset(x):
    return x + OFFSET


class Counter:
    def __init__(self, n):
        self.n = n


class BlockError(Exception):
    pass


def test_function_scope_remote_all(executor, engine):
    x = 5
    marker = []
    with executor.remotely:
        y = add_offset(x)
        z = [y, x]
        marked = marker + ["ran remotely"]
    assert marker == []  # the body did not run locally
    assert marked.toLocal().result() == ["ran remotely"]
    assert isinstance(y, RemotePythonObject) and isinstance(z, RemotePythonObject)
    assert y.toLocal().result() == 105
    assert z.toLocal().result() == [105, 5]


def test_function_scope_download_all(executor):
    n = 10
    with executor.remotely.downloadAll():
        total = sum(add_offset(i) for i in range(n))
        pair = (total, "s")
    assert total == sum(i + 100 for i in range(10))
    assert pair == (total, "s")


def test_download_small(executor):
    with executor.remotely.downloadSmall(bytecount=20):
        small = 3
        big = list(range(100))
    assert small == 3
    assert isinstance(big, RemotePythonObject)
    assert big.toLocal().result() == list(range(100))


def test_download_all_keeps_functions_remote(executor):
    with executor.remotely.downloadAll():
        def helper(v):
            return v + 1

        result = helper(1)
    assert result == 2
    assert isinstance(helper, RemotePythonObject)


def test_proxies_feed_later_blocks(executor):
    with executor.remotely:
        data = [1, 2, 3]
    with executor.remotely.downloadAll():
        doubled = [2 * v for v in data]
    assert doubled == [2, 4, 6]


def test_instances_come_back(executor):
    start = Counter(1)
    with executor.remotely.downloadAll():
        later = Counter(start.n + 1)
    assert type(later) is Counter and later.n == 2


def test_cell_variables(executor):
    factor = 3
    scale = lambda v: v * factor  # noqa: E731 - makes `factor` a cell variable
    with executor.remotely.downloadAll():
        factor = factor + 1
        out = factor * 2
    assert factor == 4 and out == 8 and scale(1) == 4


def test_exception_writes_back_partial_results(executor):
    before = None
    with pytest.raises(ZeroDivisionError) as info:
        with executor.remotely.downloadAll():
            before = 41 + 1
            after = 1 / 0  # noqa: F841
    assert before == 42
    assert info.value.__pyfora_trace__[-1]["path"] == __file__
    assert "after" not in locals()


def test_user_exception_class(executor):
    with pytest.raises(BlockError) as info:
        with executor.remotely:
            raise BlockError("boom")
    assert info.value.args == ("boom",)


def test_unshippable_variable(executor):
    handle = open(__file__)
    try:
        with pytest.raises(pyfora.PythonToForaConversionError) as info:
            with executor.remotely:
                text = handle.read()  # noqa: F841
        assert "variable 'handle'" in str(info.value)
        assert info.value.trace[0]["path"] == __file__
        with_line = info.value.trace[0]["line"]
        with open(__file__) as source:
            assert "with executor.remotely:" in source.read().splitlines()[with_line - 1]
    finally:
        handle.close()


def test_return_is_refused(executor):
    def f():
        with executor.remotely:
            return 1

    with pytest.raises(pyfora.PythonToForaConversionError, match="return"):
        f()


def test_return_inside_a_statement_of_the_block_is_refused(executor):
    def in_if():
        with executor.remotely.downloadAll():
            a = 1
            if a:
                return "from the block"
        return "after the block"

    def in_loop_and_try():
        with executor.remotely.downloadAll():
            for i in range(3):
                try:
                    return i
                finally:
                    c = 3
        return "after the block"

    for f in (in_if, in_loop_and_try):
        with pytest.raises(pyfora.PythonToForaConversionError, match="return") as raised:
            f()
        first = f.__code__.co_firstlineno
        assert raised.value.trace[0]["line"] in (first + 4, first + 5)


def test_return_in_a_function_defined_in_the_block_is_allowed(executor):
    with executor.remotely.downloadAll():

        def twice(x):
            if x:
                return 2 * x
            return 0

        r = twice(4)
    assert r == 8


def test_one_line_block_is_refused(executor):
    with pytest.raises(pyfora.PythonToForaConversionError, match="own line"):
        with executor.remotely: one = 1  # noqa: E701,F841


def test_multi_line_header(executor):
    with (
        executor.remotely
        .downloadAll()
    ):
        value = add_offset(1)
    assert value == 101


def test_trace_functions_are_restored(executor):
    events = []

    def tracer(frame, event, arg):
        events.append(event)
        return None

    previous = sys.gettrace()
    try:
        sys.settrace(tracer)
        with executor.remotely.downloadAll():
            traced = 1 + 1
        assert sys.gettrace() is tracer
    finally:
        sys.settrace(previous)
    assert traced == 2
    assert sys.gettrace() is previous


def test_no_trace_function_left_behind(executor):
    previous = sys.gettrace()
    with executor.remotely.downloadAll():
        w = 1
    assert w == 1 and sys.gettrace() is previous


def test_chaining_returns_the_with_block_executor(executor):
    block = executor.remotely
    assert block.downloadAll() is block
    assert block.remoteAll() is block
    assert block.downloadSmall(5) is block
    assert block.withStatusCallback(print) is block
    assert isinstance(block, pyfora.WithBlockExecutor.WithBlockExecutor)


class Holder:
    def __init__(self, executor):
        self.executor = executor
        self.base = 7

    def compute(self):
        base = self.base
        with self.executor.remotely.downloadAll():
            result = add_offset(base)
        return result


def test_method_scope(executor):
    assert Holder(executor).compute() == 107


def test_module_and_class_scope(executor, tmp_path):
    script = tmp_path / "script.py"
    script.write_text(
        textwrap.dedent(
            """
            def triple(v):
                return 3 * v

            base = 2
            with EXECUTOR.remotely.downloadAll():
                answer = triple(base)

            class Config:
                with EXECUTOR.remotely.downloadAll():
                    setting = triple(4)
            """
        )
    )
    namespace = runpy.run_path(str(script), init_globals={"EXECUTOR": executor})
    assert namespace["answer"] == 6
    assert namespace["Config"].setting == 12


def test_sequential_blocks_in_one_function(executor):
    with executor.remotely.downloadAll():
        a = 1
    with executor.remotely.downloadAll():
        b = a + 1
    for i in range(3):
        with executor.remotely.downloadAll():
            c = b + i
    assert (a, b, c) == (1, 2, 4)


def test_local_tracer_is_restored(executor):
    lines = []

    def tracer(frame, event, arg):
        if event == "line":
            lines.append(frame.f_lineno)
        return tracer

    previous = sys.gettrace()

    def traced_function():
        with executor.remotely.downloadAll():
            inside = 2 * 3
        after = inside + 1
        return after

    try:
        sys.settrace(tracer)
        result = traced_function()
        still_tracing = sys.gettrace() is tracer
    finally:
        sys.settrace(previous)
    assert result == 7 and still_tracing
    first = traced_function.__code__.co_firstlineno
    assert first + 3 in lines  # `after = inside + 1` was traced after the block


def _local_calls_of(function_name, run):
    """``run()``'s result and the lines from which ``function_name`` was
    called locally while it ran."""
    calls = []

    def profiler(frame, event, arg):
        if event == "call" and frame.f_code.co_name == function_name:
            calls.append(frame.f_back.f_lineno)

    previous = sys.getprofile()
    sys.setprofile(profiler)
    try:
        result = run()
    finally:
        sys.setprofile(previous)
    return result, calls


def test_a_body_starting_with_try_never_runs_locally(executor):
    def with_finally():
        with executor.remotely.downloadAll():
            try:
                x = 1
            finally:
                y = add_offset(2)
        return x, y

    def with_catch_all():
        with executor.remotely.downloadAll():
            try:
                x = 1
            except BaseException:
                x = add_offset(-1)
            z = add_offset(3)
        return x, z

    result, calls = _local_calls_of("add_offset", lambda: (with_finally(), with_catch_all()))
    assert result == ((1, 102), (1, 103))
    assert calls == []


def test_a_body_that_compiles_to_nothing_assigns_nothing(executor):
    def dead_branch():
        flag = "keep"
        with executor.remotely.downloadAll():
            if False:
                flag = "changed"
        return flag

    assert dead_branch() == "keep"


def test_a_variable_the_block_does_not_assign_keeps_its_object(executor):
    x = [1]
    alias = x
    flag = "keep"
    count = 3
    with executor.remotely:
        if len(alias) == 2:
            x = [2]
            flag = "changed"
            count = 4
        other = count + 1
    assert x is alias
    assert flag == "keep" and count == 3
    assert other.toLocal().result() == 4


class Transaction:
    """A context manager that records how it was left."""

    def __init__(self, log):
        self.log = log

    def __enter__(self):
        self.log.append("enter")
        return self

    def __exit__(self, exc_type, exc, tb):
        self.log.append(exc_type)
        return False


def test_later_context_managers_of_the_same_with_are_not_entered(executor):
    log = []
    with executor.remotely.downloadAll(), Transaction(log):
        r = 1 + 1
    assert r == 2
    assert log == []


def test_a_block_in_a_class_body_reads_the_enclosing_functions_variables(executor):
    def make(base):
        class Scaled:
            with executor.remotely.downloadAll():
                doubled = base * 2

        return Scaled.doubled

    assert make(3) == 6
    assert make(5) == 10


COMPREHENSION_NAME = "the global"


def test_a_comprehension_variable_does_not_hide_the_global_of_its_name(executor):
    def f():
        squares = [COMPREHENSION_NAME for COMPREHENSION_NAME in range(3)]  # noqa: F841
        with executor.remotely.downloadAll():
            read = COMPREHENSION_NAME
        return read

    assert f() == "the global"


SHADOWED = "global value"


def test_unbound_local_does_not_read_the_global(executor):
    def f():
        with executor.remotely.downloadAll():
            seen = SHADOWED  # noqa: F821 - a local of f, unbound here
        SHADOWED = 1  # noqa: F841
        return seen

    with pytest.raises(NameError):
        f()


def make_class_a(k):
    class Same:
        def get(self):
            return k

    return Same


def make_class_b():
    class Same:
        def get(self):
            return "b"

    return Same


def test_classes_with_the_same_name(executor):
    first, second = make_class_a(1)(), make_class_b()()
    with executor.remotely.downloadAll():
        values = (first.get(), second.get())
    assert values == (1, "b")
    walked = executor._walker.walk([first, second]).desc
    specs = [item[1] for item in walked[1]]
    assert specs[0]["line"] == make_class_a.__code__.co_firstlineno + 1
    assert specs[1]["line"] == make_class_b.__code__.co_firstlineno + 1
    assert specs[0]["closure"] == {"k": 1}


def test_trivial_bodies(executor):
    with executor.remotely:
        pass
    with executor.remotely:
        "just a string"
    with executor.remotely:
        ...
    with executor.remotely:
        pass
        x = 1
    with executor.remotely.downloadAll():
        "doc"
        y = 2
    assert y == 2


class Scaler:
    """Uses its own attributes inside a with-block: `self` (and so this
    class, whose methods also drive pyfora) is shipped."""

    def __init__(self, executor, factor):
        self.executor = executor
        self.factor = factor

    def scale(self, values):
        with self.executor.remotely.downloadAll():
            scaled = [self.factor * v for v in values]
        return scaled

    def scale_twice(self, values):
        with self.executor.remotely.downloadAll():
            twice = self.scale(values)
        return twice


def test_method_block_reads_self(executor):
    scaler = Scaler(executor, 3)
    assert scaler.scale([1, 2]) == [3, 6]


class Vault:
    """Private names in a method's with-block, as CPython mangles them."""

    def __init__(self, executor, secret):
        self.executor = executor
        self.__secret = secret

    def __double(self, __x):
        return 2 * __x

    def reveal(self):
        __offset = 7
        with self.executor.remotely.downloadAll():
            doubled = self.__double(self.__secret) + __offset
            made = Vault(None, 5)
            __assigned = 3
        return doubled, vars(made)["_Vault__secret"], __assigned


def test_method_block_reads_and_writes_private_names(executor):
    assert Vault(executor, 10).reveal() == (27, 5, 3)


class _Counter:
    def __init__(self, start):
        self.start = start

    def count(self, n):
        return self.start + n


class _DoubleCounter(_Counter):
    def __init__(self, executor):
        super().__init__(10)
        self.executor = executor

    def count(self, n):
        return 2 * n

    def both(self, n):
        with self.executor.remotely.downloadAll():
            inherited = super().count(n)
            own = self.count(n)
        return inherited, own


def _bare_super_outside_a_method(executor):
    with executor.remotely.downloadAll():
        value = super().count(1)
    return value


def test_bare_super_in_a_methods_block(executor):
    assert _DoubleCounter(executor).both(5) == (15, 10)
    with pytest.raises(pyfora.PythonToForaConversionError, match="only directly inside a method"):
        _bare_super_outside_a_method(executor)


def test_method_with_block_called_remotely_raises(executor):
    # scale() starts a with-block: only the client can run that.
    with pytest.raises(pyfora.InvalidPyforaOperation, match="runs on the client only"):
        Scaler(executor, 3).scale_twice([1])


class Model:
    """A class with methods pyfora refuses (they print): it still ships, and
    only calling such a method remotely fails."""

    def __init__(self, executor, data):
        self.executor = executor
        self.data = data

    def fit(self):
        with self.executor.remotely.downloadAll():
            total = sum(self.data)
        print("fitted", total)
        return total

    def show(self):
        print(self.data)
        return len(self.data)

    def show_remotely(self):
        with self.executor.remotely.downloadAll():
            n = self.show()
        return n


def test_methods_pyfora_refuses_fail_only_when_called(executor, capsys):
    model = Model(executor, [1, 2, 3])
    assert model.fit() == 6
    assert "fitted 6" in capsys.readouterr().out
    with pytest.raises(pyfora.PythonToForaConversionError, match="`print` has side effects.*`show`") as info:
        model.show_remotely()
    print_line = Model.show.__code__.co_firstlineno + 1
    assert [(t["path"], t["line"]) for t in info.value.trace] == [(__file__, print_line)]


class Timed:
    """A class whose unused method reads a module pyfora cannot use."""

    def __init__(self, values):
        self.values = values

    def stamp(self):
        return time.time()

    def total(self):
        return sum(self.values)


def test_a_module_pyfora_cannot_use_fails_only_when_a_method_reads_it(executor):
    timed = Timed([1, 2, 3])
    with executor.remotely.downloadAll():
        t = timed.total()
    assert t == 6
    with pytest.raises(pyfora.PythonToForaConversionError, match="module 'time'") as info:
        with executor.remotely.downloadAll():
            s = timed.stamp()  # noqa: F841
    stamp_line = Timed.stamp.__code__.co_firstlineno + 1
    assert [(t["path"], t["line"]) for t in info.value.trace] == [(__file__, stamp_line)]


def test_block_starting_with_try(executor):
    def boom(x):
        return 1 // x

    with executor.remotely.downloadAll():
        try:
            r = boom(0)
        except ZeroDivisionError:
            r = -1
    assert r == -1
    with executor.remotely.downloadAll():
        try:
            s = boom(1)
        except Exception:
            s = -1
        finally:
            t = 2
    assert (s, t) == (1, 2)


def test_lambdas_alike_on_one_line(executor):
    ops = {"add": lambda a, b: a + b, "mul": lambda a, b: a * b}
    inc = lambda x: x + 1; dbl = lambda x: x * 2  # noqa: E702, E731
    nested = lambda x: (lambda x: x * 2)(x) + 1  # noqa: E731
    with executor.remotely.downloadAll():
        r = (ops["add"](3, 4), ops["mul"](3, 4), inc(10), dbl(10), nested(5))
    assert r == (7, 12, 11, 20, 11)
    assert executor.submit(ops["mul"], 3, 4).result().toLocal().result() == 12


def test_a_lambda_made_by_a_lambda_alike_on_its_line(executor):
    # The inner lambda holds a comprehension: its qualified name differs
    # from the one it gets when compiled alone.
    outer = lambda n=0: [n] if n else (lambda n=1: [n for _ in range(3)])  # noqa: E731
    inner = outer()
    assert executor.submit(inner).result().toLocal().result() == [1, 1, 1]
    assert executor.submit(outer, 2).result().toLocal().result() == [2]


def test_functions_imported_from_engine_modules(executor, tmp_path):
    script = tmp_path / "imports.py"
    script.write_text(
        textwrap.dedent(
            """
            from math import sqrt, floor
            from functools import reduce

            def norm(v):
                return floor(sqrt(reduce(lambda a, b: a + b, [x * x for x in v])))

            with EXECUTOR.remotely.downloadAll():
                answer = norm([3, 4, 12])
            """
        )
    )
    namespace = runpy.run_path(str(script), init_globals={"EXECUTOR": executor})
    assert namespace["answer"] == 13


GLOBAL_TARGET = 0


def test_block_assigns_a_name_the_function_declares_global(executor):
    def rebind():
        global GLOBAL_TARGET
        with executor.remotely.downloadAll():
            GLOBAL_TARGET = 55
        return GLOBAL_TARGET

    assert rebind() == 55 and GLOBAL_TARGET == 55


def test_variable_only_assigned_may_hold_an_unshippable_value(executor):
    import threading

    x = threading.Lock()
    with executor.remotely.downloadAll():
        x = 5
    assert x == 5
    y = threading.Lock()
    with pytest.raises(pyfora.PythonToForaConversionError, match="'y'") as info:
        with executor.remotely.downloadAll():
            z = y
    # One error, not one raised while handling another, and no frames of
    # pyfora's own below the with statement.
    assert info.value.__context__ is None and info.value.__cause__ is None
    assert all("ObjectWalker" not in str(entry.path) for entry in info.traceback)


def _divide(x):
    return 1 / x


def _divide_plus_one(x):
    return _divide(x) + 1


def test_remote_frames_are_in_the_traceback(executor):
    import traceback

    with pytest.raises(ZeroDivisionError) as info:
        with executor.remotely.downloadAll():
            y = _divide_plus_one(0)
    frames = [(f.name, f.line) for f in traceback.extract_tb(info.value.__traceback__)]
    # As if the block had run in place: the with statement, the block's
    # line in this function, the remote calls; no frame of pyfora's.
    here = "test_remote_frames_are_in_the_traceback"
    assert frames[-4:] == [
        (here, "with executor.remotely.downloadAll():"),
        (here, "y = _divide_plus_one(0)"),
        ("_divide_plus_one", "return _divide(x) + 1"),
        ("_divide", "return 1 / x"),
    ]
    assert not any("pyfora" in f.filename for f in traceback.extract_tb(info.value.__traceback__))
    with pytest.raises(pyfora.ComputationError) as info:
        executor.submit(_divide_plus_one, 0).result().toLocal().result()
    remote = info.value.remoteException
    assert [f.name for f in traceback.extract_tb(remote.__traceback__)] == ["_divide_plus_one", "_divide"]


def test_variables_assigned_before_an_invalid_operation_are_delivered(executor):
    def run():
        shared = [1]
        with pytest.raises(pyfora.InvalidPyforaOperation):
            with executor.remotely.downloadAll():
                x = 5
                alias = shared
                shared.append(2)
        return x

    assert run() == 5


def test_an_invalid_operation_in_a_block_shows_the_users_frames_only(executor):
    def run():
        shared = [1]
        with pytest.raises(pyfora.InvalidPyforaOperation) as info:
            with executor.remotely.downloadAll():
                alias = shared
                shared.append(2)
        return info.value

    error = run()
    frames = traceback.extract_tb(error.__traceback__)
    assert not any("pyfora" in f.filename for f in frames)
    assert [(f.name, f.line) for f in frames][-1] == ("run", "shared.append(2)")
    assert error.trace[-1]["function"] == "run"


_LOOP_CLASSES = []
for _k in range(3):

    class _Numbered:
        val = _k
        pair = (_k, [_k, "x"])

        def get(self):
            return self.val

    _LOOP_CLASSES.append(_Numbered)


class _Settings:
    level = 1


def test_class_attributes_ship_as_they_are_now(executor):
    # The class bodies would compute other values now (the loop variable
    # ended at 2; the attribute was changed after the class was defined).
    _Settings.level = 5
    _Settings.extra = {"a": [1, 2]}
    try:
        with executor.remotely.downloadAll():
            got = ([c.val for c in _LOOP_CLASSES], [c().get() for c in _LOOP_CLASSES], _LOOP_CLASSES[1].pair, _Settings.level, _Settings.extra)
    finally:
        _Settings.level = 1
        del _Settings.extra
    assert got == ([0, 1, 2], [0, 1, 2], (1, [1, "x"]), 5, {"a": [1, 2]})


def _chained():
    try:
        1 / 0
    except ZeroDivisionError as z:
        raise KeyError("k") from z


def _handled_then_failed():
    try:
        {}["missing"]
    except KeyError:
        return [][1]


def test_remote_exception_chains_come_back(executor):
    with pytest.raises(KeyError) as info:
        with executor.remotely:
            _chained()
    error = info.value
    assert isinstance(error.__cause__, ZeroDivisionError) and error.__suppress_context__
    assert not isinstance(error.__context__, pyfora._core.RemoteException)
    with pytest.raises(pyfora.ComputationError) as info:
        executor.submit(_handled_then_failed).result().toLocal().result()
    remote = info.value.remoteException
    assert isinstance(remote, IndexError) and isinstance(remote.__context__, KeyError)
    assert remote.__cause__ is None and not remote.__suppress_context__


def test_nested_with_block_is_refused_as_such(executor):
    with pytest.raises(pyfora.InvalidPyforaOperation, match="runs on the client only"):
        with executor.remotely:
            with executor.remotely:
                x = 1  # noqa: F841


def test_import_in_a_block_binds_the_local_module(executor):
    import math as before

    for policy in (executor.remotely, executor.remotely.downloadAll()):
        with policy:
            import math

            r = math.sqrt(4)
        assert math is before
        assert math.sqrt(9) == 3.0
    assert isinstance(r, RemotePythonObject) or r == 2.0


def test_a_lone_surrogate_is_a_conversion_error(executor):
    s = "\ud800"
    with pytest.raises(pyfora.PythonToForaConversionError, match="surrogate"):
        executor.submit(len, s).result()
    with pytest.raises(pyfora.PythonToForaConversionError, match="surrogate"):
        with executor.remotely:
            k = len(s)  # noqa: F841


def test_an_as_target_is_bound_to_what_enter_returns(executor, tmp_path):
    def block():
        with executor.remotely.downloadAll() as r:
            x = 1 + 1
        return x, r

    def block_assigning_its_target():
        with executor.remotely.downloadAll() as r:
            r = 5
        return r

    assert block() == (2, None)
    assert block_assigning_its_target() == 5
    script = tmp_path / "as_target.py"
    script.write_text("r = 'old'\nwith EXECUTOR.remotely.downloadAll() as r:\n    y = 2\n")
    namespace = runpy.run_path(str(script), init_globals={"EXECUTOR": executor})
    assert (namespace["r"], namespace["y"]) == (None, 2)


def test_variables_holding_one_object_hold_one_object_after_download(executor):
    def block():
        with executor.remotely.downloadAll():
            x = [1]
            y = x
            a = b = {"k": 1}
            kept = (x, [2])
        return x, y, a, b, kept

    x, y, a, b, kept = block()
    assert x is y and a is b and kept[0] is x
    x.append(2)
    assert y == [1, 2]


def test_reading_a_local_bound_only_later_raises_unbound_local_error(executor):
    def block():
        with executor.remotely.downloadAll():
            y = later + 1  # noqa: F841
        later = 1  # noqa: F841

    with pytest.raises(UnboundLocalError, match="later"):
        block()


def test_module_and_class_blocks_next_to_a_comprehension_reusing_a_variable(executor, tmp_path):
    # On Python 3.12 a comprehension inlined into a module or class body
    # whose variable shares a name with one of the body's own can leave
    # f_locals a detached copy once a trace function ran: the blocks still
    # write back into the real namespace.
    import runpy

    script = tmp_path / "shadowing_blocks.py"
    script.write_text(
        "i = 1\n"
        "with EXECUTOR.remotely.downloadAll():\n"
        "    a = 1\n"
        "with EXECUTOR.remotely.downloadAll():\n"
        "    b = a + 1\n"
        "for k in range(3):\n"
        "    with EXECUTOR.remotely.downloadAll():\n"
        "        rr = k * 2\n"
        "    seen = [*globals().get('seen', []), rr]\n"
        "class K:\n"
        "    i = 1\n"
        "    with EXECUTOR.remotely.downloadAll():\n"
        "        c = 3\n"
        "    with EXECUTOR.remotely.downloadAll():\n"
        "        d = 4\n"
        "    squares = [i for i in range(3)]\n"
        "squares = [i for i in range(3)]\n"
    )
    namespace = runpy.run_path(str(script), init_globals={"EXECUTOR": executor})
    assert (namespace["a"], namespace["b"], namespace["seen"], namespace["i"]) == (1, 2, [0, 2, 4], 1)
    assert (namespace["K"].c, namespace["K"].d, namespace["K"].i) == (3, 4, 1)

