#!/usr/bin/env python3
"""The docs' headline, sum(math.sin(i) for i in range(N)), on pyfora (all
cores), CPython and Numba (prange, when installed) in one run.

    python3 bench/headline.py            # N = 10**9 (CPython runs 10**8 and is scaled)
    python3 bench/headline.py --n 1e8 --cpython-n 1e7

CPython would take minutes at N = 10**9, so it runs `--cpython-n` items and
its time is scaled linearly (sin costs more for large arguments, so the
scaled CPython time is a lower bound).
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = os.path.join(os.path.dirname(HERE), "..", "shared", "bench", "peers", "nb.py")


def headline(n):
    return sum(math.sin(i) for i in range(n))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=float, default=1e9)
    parser.add_argument("--cpython-n", type=float, default=1e8)
    args = parser.parse_args()
    n, cn = int(args.n), int(args.cpython_n)
    cores = os.cpu_count() or 1

    import pyfora

    ex = pyfora.connect()
    t0 = time.perf_counter()
    result = ex.submit(headline, n).result().toLocal().result()
    t_pf = time.perf_counter() - t0
    ex.close()

    t0 = time.perf_counter()
    headline(cn)
    t_py = (time.perf_counter() - t0) * n / cn

    t_nb = None
    if os.path.exists(PEERS):
        out = subprocess.run([sys.executable, PEERS, "sum_sin", "parallel", str(n), str(cores)], capture_output=True, text=True, timeout=3600)
        lines = [ln for ln in out.stdout.splitlines() if ln.startswith("RESULT ")]
        if out.returncode == 0 and lines:
            t_nb = json.loads(lines[0][7:])["seconds"]

    print(f"sum(math.sin(i) for i in range({n:.0e})) on {cores} cores = {result!r}")
    print(f"pyfora (native, {cores} threads): {t_pf:.2f} s")
    print(f"CPython (scaled from {cn:.0e}):  {t_py:.1f} s  ({t_py / t_pf:.0f}x pyfora's time)")
    if t_nb is not None:
        print(f"Numba prange ({cores} threads):   {t_nb:.2f} s  (pyfora / Numba = {t_pf / t_nb:.2f})")


if __name__ == "__main__":
    main()
