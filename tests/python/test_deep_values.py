"""Values nested far deeper than a thread's stack go up, come back, fail
and are let go of without crashing the client: each scenario runs in a
child process, so a crash shows as its exit status."""
import os
import subprocess
import sys
import textwrap

import pytest

import pyfora

HERE = os.path.dirname(os.path.abspath(__file__))


def run_child(body):
    """Runs ``body`` in a fresh interpreter; returns its stdout's last line."""
    code = "import pyfora, sys\n" + textwrap.dedent(body)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env, cwd=HERE)
    assert done.returncode == 0, "exit status %d\n%s" % (done.returncode, done.stderr[-2000:])
    return done.stdout.strip().splitlines()[-1]


def test_downloading_a_deep_value_is_a_conversion_error():
    out = run_child(
        """
        from deep_helpers import cons_list
        ex = pyfora.connect()
        proxy = ex.submit(cons_list, 20000).result()
        try:
            proxy.toLocal().result()
        except pyfora.ForaToPythonConversionError as e:
            print("refused", "too deeply" in str(e))
        """
    )
    assert out == "refused True"


def test_releasing_a_deep_value_does_not_crash():
    out = run_child(
        """
        import gc
        from deep_helpers import cons_list
        ex = pyfora.connect()
        proxy = ex.submit(cons_list, 300000).result()
        proxy = None
        gc.collect()
        ex.close()
        print("released")
        """
    )
    assert out == "released"


def test_uploading_a_deep_value_is_a_conversion_error_whatever_the_recursion_limit():
    out = run_child(
        """
        sys.setrecursionlimit(100000)
        d = []
        for i in range(10000):
            d = [d]
        try:
            pyfora.connect().submit(len, d).result()
        except pyfora.PythonToForaConversionError as e:
            print("refused", "too deeply" in str(e))
        """
    )
    assert out == "refused True"


@pytest.mark.parametrize("depth", [3000, 20000])
def test_an_exception_holding_a_deep_value_comes_back(depth):
    out = run_child(
        """
        from deep_helpers import raise_nested
        ex = pyfora.connect()
        try:
            ex.submit(raise_nested, %d).result().toLocal().result()
        except pyfora.ComputationError as e:
            print("raised", type(e.remoteException).__name__)
        """
        % depth
    )
    assert out == "raised ValueError"


def test_a_very_large_function_runs(executor):
    # A 20000-item literal: native code refuses a function this large (its
    # inference would need memory growing with instructions x registers)
    # and the interpreter runs it.
    path = os.path.join(HERE, "_generated_table.py")
    with open(path, "w") as f:
        f.write("def table():\n    return [" + ", ".join(str(i) for i in range(20000)) + "]\n")
    try:
        sys.path.insert(0, HERE)
        import _generated_table

        got = executor.submit(_generated_table.table).result().toLocal().result()
        assert got == list(range(20000))
    finally:
        sys.path.remove(HERE)
        sys.modules.pop("_generated_table", None)
        os.remove(path)


async def doubled(x):
    return x * 2


def test_async_def_is_refused(executor):
    with pytest.raises(pyfora.PythonToForaConversionError, match="async def") as info:
        executor.submit(doubled, 21).result()
    assert info.value.trace[-1]["line"] == doubled.__code__.co_firstlineno


def test_values_nested_a_thousand_levels_go_up_and_come_back_at_the_default_recursion_limit():
    out = run_child(
        """
        from deep_helpers import cons_list, Node, node_chain, chain_length
        ex = pyfora.connect()
        limit = sys.getrecursionlimit()
        d = ex.submit(cons_list, 1500).result().toLocal().result()
        depth = 0
        while d:
            d = d[1]
            depth += 1
        chain = ex.submit(node_chain, 1200).result().toLocal().result()
        length = ex.submit(chain_length, chain).result().toLocal().result()
        nested = []
        for _ in range(1500):
            nested = [nested]
        shipped = ex.submit(len, nested).result().toLocal().result()
        print(depth, length, shipped, sys.getrecursionlimit() == limit)
        """
    )
    assert out == "1500 1200 1 True"
