#!/usr/bin/env python3
"""pyfora's native code against Numba, and 1 thread against several, with
the runs interleaved in one process: on a machine whose speed drifts
(a shared VM), alternating the two sides and taking each side's fastest
run compares them under the same conditions, where bench/run.py times
each side in its own stretch.

    python3 bench/interleaved.py numba primes --n 1e7 --rounds 3
    python3 bench/interleaved.py numba dc_sum --n 1e7 --threads 1
    python3 bench/interleaved.py numba sum_sin --n 1e8 --threads 2   # Numba's prange
    python3 bench/interleaved.py threads primes --n 1e7 --rounds 4   # 1 vs 2 threads

`numba` alternates pyfora (submit → result, on `--threads` threads) with
the same program of ../shared/bench/peers/nb.py called in this process
(compiled before timing; its parallel variant when `--threads` > 1 and it
has one). `threads` alternates pyfora on 1 thread with pyfora on
`--threads` (default: every core) and checks the answers are equal.
Prints the fastest and the median time of each side and their ratios.
"""
import argparse
import importlib
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import programs  # noqa: E402
from run import NUMBA, PEERS  # noqa: E402


def numba_function(name, parallel):
    """Numba's version of program `name` from the peers' file, or None."""
    if name not in NUMBA or not os.path.exists(PEERS):
        return None
    # Imported by its own name: Numba resolves a recursive function (dc)
    # through its module.
    sys.path.insert(0, os.path.dirname(PEERS))
    try:
        module = importlib.import_module(os.path.splitext(os.path.basename(PEERS))[0])
    except ImportError:
        return None
    bench, serial, par = NUMBA[name]
    variant = par if parallel and par else serial
    return module.FUNCS.get((bench, variant))


def timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def submit(executor, fn, n):
    return lambda: executor.submit(fn, n).result().toLocal().result()


def report(labels, times):
    (a, b), (ta, tb) = labels, times
    fast = (min(ta), min(tb))
    mid = (statistics.median(ta), statistics.median(tb))
    print(f"  {a}: fastest {fast[0]:.4f} s, median {mid[0]:.4f} s")
    print(f"  {b}: fastest {fast[1]:.4f} s, median {mid[1]:.4f} s")
    print(f"  {a} / {b}: {fast[0] / fast[1]:.3f} (fastest), {mid[0] / mid[1]:.3f} (median)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("against", choices=["numba", "threads"])
    parser.add_argument("program", choices=sorted(programs.PROGRAMS))
    parser.add_argument("--n", type=float, help="the size (default: the program's own)")
    parser.add_argument("--threads", type=int, default=None, help="pyfora's threads (numba: 1; threads: every core)")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    import pyfora

    fn, n, _unit = programs.PROGRAMS[args.program]
    n = int(args.n) if args.n is not None else n
    if args.against == "numba":
        threads = args.threads or 1
        peer = numba_function(args.program, threads > 1)
        if peer is None:
            sys.exit(f"no Numba version of {args.program} (is numba installed?)")
        executor = pyfora.connect(threads=threads)
        sides = [submit(executor, fn, n), lambda: peer(n)]
        labels = (f"pyfora {threads} thread(s)", "Numba" + (" prange" if threads > 1 else ""))
    else:
        threads = args.threads or os.cpu_count() or 2
        one, many = pyfora.connect(threads=1), pyfora.connect(threads=threads)
        sides = [submit(one, fn, n), submit(many, fn, n)]
        labels = ("pyfora 1 thread", f"pyfora {threads} threads")
    for side in sides:  # compile / warm up
        side()
    times = ([], [])
    answers = set()
    for _ in range(args.rounds):
        for k, side in enumerate(sides):
            t, result = timed(side)
            times[k].append(t)
            if args.against == "threads":
                answers.add(repr(result))
    print(f"{args.program} n={n}, {args.rounds} rounds interleaved")
    report(labels, times)
    if args.against == "threads":
        print("  answers identical:", len(answers) == 1)


if __name__ == "__main__":
    main()
