#!/usr/bin/env python3
"""Runs bench/programs.py on CPython and on pyfora side by side (and on
PyPy / Numba when installed) and prints a table of times and ratios.

    python3 bench/run.py              # default sizes, median of 3 runs
    python3 bench/run.py --quick      # sizes / 100, one run (smoke test)
    python3 bench/run.py --only primes,sum_sin --reps 5

pyfora runs with PYFORA_THREADS (default 1 here, so that the table
compares single-threaded engines); time covers submit → result on the
local side, so it includes pyfora's call overhead.
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import programs  # noqa: E402


def time_cpython(fn, n, reps):
    times, result = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        result = fn(n)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def time_pyfora(executor, fn, n, reps):
    times, result = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        result = executor.submit(fn, n).result().toLocal().result()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def time_pypy(name, n, reps):
    """Runs the program under pypy3 in a subprocess, if pypy3 is installed."""
    pypy = shutil.which("pypy3")
    if not pypy:
        return None
    code = (
        "import sys, time, json; sys.path.insert(0, %r); import programs;"
        "fn = programs.PROGRAMS[%r][0]; ts = []\n"
        "for _ in range(%d):\n"
        "    t0 = time.perf_counter(); r = fn(%d); ts.append(time.perf_counter() - t0)\n"
        "print(json.dumps(sorted(ts)[len(ts) // 2]))" % (HERE, name, reps, n)
    )
    out = subprocess.run([pypy, "-c", code], capture_output=True, text=True, timeout=3600)
    return json.loads(out.stdout) if out.returncode == 0 else None


def same(a, b):
    return a == b or repr(a) == repr(b)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="sizes / 100, one repetition")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated program names")
    args = parser.parse_args()
    reps = 1 if args.quick else args.reps
    os.environ.setdefault("PYFORA_THREADS", "1")

    import pyfora

    executor = pyfora.connect(threads=int(os.environ["PYFORA_THREADS"]))
    names = [n for n in programs.PROGRAMS if not args.only or n in args.only.split(",")]
    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"CPython {platform.python_version()}, PYFORA_THREADS={os.environ['PYFORA_THREADS']}, median of {reps}")
    print()
    print("| program | N | CPython s | pyfora s | pyfora vs CPython | PyPy s | result agrees |")
    print("|---|---:|---:|---:|---:|---:|:---:|")
    failures = 0
    for name in names:
        fn, n, _unit = programs.PROGRAMS[name]
        if args.quick:
            n = max(n // 100, 10)
        t_py, r_py = time_cpython(fn, n, reps)
        t_pf, r_pf = time_pyfora(executor, fn, n, reps)
        t_pypy = time_pypy(name, n, reps)
        agrees = same(r_py, r_pf)
        failures += not agrees
        pypy_text = f"{t_pypy:.3f}" if t_pypy is not None else "–"
        print(f"| {name} | {n:.0e} | {t_py:.3f} | {t_pf:.3f} | {t_py / t_pf:.2f}x | {pypy_text} | {'yes' if agrees else 'NO'} |",
              flush=True)
    executor.close()
    if failures:
        print(f"\n{failures} program(s) gave a different answer from CPython", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
