#!/usr/bin/env python3
"""Runs bench/programs.py on CPython and on pyfora side by side (and on
PyPy / Numba when installed) and prints a table of times and ratios.

    python3 bench/run.py              # default sizes, median of 3 runs
    python3 bench/run.py --quick      # sizes / 100, one run (smoke test)
    python3 bench/run.py --only primes,sum_sin --reps 5
    python3 bench/run.py --only primes --n 10000000 --skip interpreter
                                      # one size for the selected programs

pyfora runs three ways: the interpreter alone (PYFORA_JIT=0, 1 thread),
native code on 1 thread, and native code on every core. Times cover
submit → result on the local side, so they include pyfora's call overhead
(and, on the first repetition, compile time). Numba runs the programs of
../shared/bench/peers/nb.py (compile time excluded, as Numba warms up
first), serial and with prange where it has a parallel variant.
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


def agreement(reference, value):
    """'yes' when bit-identical, '≈' within 1e-12 (a parallel float sum,
    whose tree order is documented), 'NO' otherwise."""
    if same(reference, value):
        return "yes"
    if isinstance(reference, float) and isinstance(value, float) and abs(reference - value) <= 1e-12 * abs(reference):
        return "≈"
    return "NO"


PEERS = os.path.join(os.path.dirname(HERE), "..", "shared", "bench", "peers", "nb.py")
NUMBA = {
    "sum_sin": ("sum_sin", "serial", "parallel"),
    "primes": ("primes", "serial", "parallel"),
    "loop_sum": ("loop_sum", "serial", None),
    "compose_class": ("compose", "closure", None),
    "compose_lambda": ("compose", "lambda", None),
    "dc_sum": ("dc_sum", "serial", None),
}


def time_numba(name, n, reps, parallel):
    """Median seconds of Numba's version (a fresh process per run), or None."""
    if name not in NUMBA or not os.path.exists(PEERS):
        return None
    try:
        import numba  # noqa: F401
    except ImportError:
        return None
    bench, serial, par = NUMBA[name]
    variant = par if parallel else serial
    if variant is None:
        return None
    times = []
    for _ in range(reps):
        out = subprocess.run([sys.executable, PEERS, bench, variant, str(n), str(os.cpu_count())], capture_output=True, text=True, timeout=3600)
        line = [ln for ln in out.stdout.splitlines() if ln.startswith("RESULT ")]
        if out.returncode != 0 or not line:
            return None
        times.append(json.loads(line[0][7:])["seconds"])
    return statistics.median(times)


def connect(jit, threads):
    import pyfora

    os.environ["PYFORA_JIT"] = "1" if jit else "0"
    return pyfora.connect(threads=threads)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="sizes / 100, one repetition")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated program names")
    parser.add_argument("--n", type=float, default=None, help="problem size for every selected program (e.g. 1e7)")
    parser.add_argument("--skip", default="", help="comma-separated columns not to run: cpython, interpreter, numba, pypy "
                        "(without CPython, results are checked against native code on 1 thread)")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    unknown = skip - {"cpython", "interpreter", "numba", "pypy"}
    if unknown:
        parser.error(f"--skip takes cpython, interpreter, numba, pypy; not {', '.join(sorted(unknown))}")
    reps = 1 if args.quick else args.reps
    cores = os.cpu_count() or 1

    interpreter = connect(jit=False, threads=1)
    native = connect(jit=True, threads=1)
    parallel = connect(jit=True, threads=cores)
    names = [n for n in programs.PROGRAMS if not args.only or n in args.only.split(",")]
    print(f"Machine: {platform.processor() or platform.machine()}, {cores} cores, CPython {platform.python_version()}, median of {reps}")
    print("Ratios are CPython's time / the engine's time (higher is faster).")
    print()
    print(f"| program | N | CPython s | interpreter s | × | native 1 thread s | × | native {cores} threads s | × | Numba s | Numba prange s | PyPy s | agrees |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|")
    failures = 0
    for name in names:
        fn, n, _unit = programs.PROGRAMS[name]
        if args.n is not None:
            n = int(args.n)
        if args.quick:
            n = max(n // 100, 10)
        t_py, r_py = (None, None) if "cpython" in skip else time_cpython(fn, n, reps)
        t_in, r_in = (None, None) if "interpreter" in skip else time_pyfora(interpreter, fn, n, reps)
        t_nat, r_nat = time_pyfora(native, fn, n, reps)
        t_par, r_par = time_pyfora(parallel, fn, n, reps)
        t_nb, t_nbp = (None, None) if "numba" in skip else (time_numba(name, n, reps, False), time_numba(name, n, reps, True))
        t_pypy = None if "pypy" in skip else time_pypy(name, n, reps)
        reference = r_nat if t_py is None else r_py
        marks = [agreement(reference, r) if t is not None else "–" for r, t in ((r_in, t_in), (r_nat, t_nat), (r_par, t_par))]
        failures += sum(m == "NO" for m in marks)
        opt = lambda t: f"{t:.4f}" if t is not None else "–"  # noqa: E731
        ratio = lambda t, digits: f"{t_py / t:.{digits}f}" if t is not None and t_py is not None else "–"  # noqa: E731
        print(f"| {name} | {n:.0e} | {opt(t_py)} | {opt(t_in)} | {ratio(t_in, 2)} | {t_nat:.4f} | {ratio(t_nat, 1)} | {t_par:.4f} | {ratio(t_par, 1)} "
              f"| {opt(t_nb)} | {opt(t_nbp)} | {opt(t_pypy)} | {'/'.join(marks)} |", flush=True)
    for ex in (interpreter, native, parallel):
        ex.close()
    if failures:
        print(f"\n{failures} run(s) gave a different answer from CPython", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
