#!/usr/bin/env python3
"""What the first call of a 20-line numeric function costs in compile time,
on pyfora's native tier and (when installed) on Numba, each in a fresh
process.

    python3 bench/compile_time.py [--reps 5]

pyfora: the compile times its native tier records (``PYFORA_JIT_LOG=1``:
type inference and Cranelift code generation of every specialization the
call needs), and the first call's end-to-end time minus a second identical
call's. Numba: the first call of the ``@njit`` function minus the second.
Medians over ``--reps`` fresh processes.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))

# A 20-line numeric function: a midpoint-rule integral of a damped
# oscillation with a running statistic, ints and floats mixed.
KERNEL = textwrap.dedent(
    """
    import math

    def kernel(n, a, b):
        h = (b - a) / n
        total = 0.0
        peak = -1.0e300
        count = 0
        mean = 0.0
        for i in range(n):
            x = a + (i + 0.5) * h
            y = math.exp(-0.1 * x) * math.sin(3.0 * x) + 0.5 * math.cos(x)
            total += y * h
            if y > peak:
                peak = y
            count += 1
            delta = y - mean
            mean += delta / count
            if i % 1000 == 999:
                total = total * 1.0
        spread = abs(peak - mean)
        return total + spread * 0.0 + math.sqrt(abs(total))
    """
)

PYFORA_RUN = """
import sys, time
sys.path.insert(0, %(dir)r)
import pyfora
from compile_kernel import kernel
ex = pyfora.connect()
t0 = time.perf_counter(); ex.submit(kernel, 100000, 0.0, 10.0).result().toLocal().result(); first = time.perf_counter() - t0
t0 = time.perf_counter(); ex.submit(kernel, 100000, 0.0, 10.0).result().toLocal().result(); second = time.perf_counter() - t0
print("TIMES", first, second)
"""

NUMBA_RUN = """
import sys, time
sys.path.insert(0, %(dir)r)
import numba
from compile_kernel import kernel
fast = numba.njit(kernel)
t0 = time.perf_counter(); fast(100000, 0.0, 10.0); first = time.perf_counter() - t0
t0 = time.perf_counter(); fast(100000, 0.0, 10.0); second = time.perf_counter() - t0
print("TIMES", first, second)
"""


def run(script, env):
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    first, second = map(float, re.search(r"TIMES (\S+) (\S+)", out.stdout).groups())
    compiled = [float(m) for m in re.findall(r"pyfora-jit: compiled .* in ([0-9.]+) ms", out.stderr)]
    refused = re.findall(r"pyfora-jit: interpreting (.*)", out.stderr)
    return first, second, compiled, refused


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    workdir = os.path.join(HERE, "__compile_time__")
    os.makedirs(workdir, exist_ok=True)
    with open(os.path.join(workdir, "compile_kernel.py"), "w") as f:
        f.write(KERNEL)
    env = dict(os.environ, PYFORA_JIT_LOG="1", PYFORA_THREADS="1")
    records, extra, refused_all = [], [], set()
    for _ in range(args.reps):
        first, second, compiled, refused = run(PYFORA_RUN % {"dir": workdir}, env)
        records.append(sum(compiled))
        extra.append((first - second) * 1e3)
        refused_all.update(refused)
    print("20-line numeric function, first call (median of %d fresh processes):" % args.reps)
    print("  pyfora: %.2f ms compiling (%d specializations), first call %.2f ms slower than the second"
          % (statistics.median(records), len(compiled), statistics.median(extra)))
    for why in sorted(refused_all):
        print("  pyfora interpreted:", why)
    try:
        import numba  # noqa: F401
    except ImportError:
        print("  Numba: not installed")
        return
    numba_extra = []
    for _ in range(args.reps):
        first, second, _, _ = run(NUMBA_RUN % {"dir": workdir}, dict(os.environ))
        numba_extra.append((first - second) * 1e3)
    print("  Numba:  first call %.2f ms slower than the second" % statistics.median(numba_extra))


if __name__ == "__main__":
    main()
