#!/usr/bin/env bash
# Runs every test of the project: Rust unit tests, then the Python suite
# (conformance corpus against CPython under both engine tiers — interpreter
# and native code — and the client API) on a fresh build, then the Python
# suite again on every other CPython 3.9–3.13 installed (on PATH or under
# pyenv). numpy is installed for its cases.
set -euo pipefail
export PYFORA_TEST_TIERS="${PYFORA_TEST_TIERS:-interpreter,native,serial}"
cd "$(dirname "$0")/.."
wheels=$(mktemp -d)
trap 'rm -rf "$wheels"' EXIT
# One abi3 wheel serves every Python version.
python3 -m pip wheel --quiet --no-deps -w "$wheels" .
python3 -m pip install --quiet pytest pytest-timeout numpy
python3 -m pip install --quiet --force-reinstall --no-deps "$wheels"/pyfora-*.whl
cargo test --workspace --exclude pyfora-python --quiet
# Run from outside the checkout so the installed package is the one tested.
(cd tests && python3 -m pytest -q -p no:cacheprovider --timeout 300 .)

# A working interpreter for Python $1, or nothing.
find_python() {
    local candidate
    for candidate in "python$1" "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$1".*/bin/"python$1"; do
        if "$candidate" -m pip --version >/dev/null 2>&1; then
            echo "$candidate"
            return
        fi
    done
}

main=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
for version in 3.9 3.10 3.11 3.12 3.13; do
    [ "$version" = "$main" ] && continue
    py=$(find_python "$version")
    [ -n "$py" ] || continue
    echo "== CPython $version"
    "$py" -m pip install --quiet pytest pytest-timeout numpy
    "$py" -m pip install --quiet --force-reinstall --no-deps "$wheels"/pyfora-*.whl
    if [ "$version" = "3.9" ]; then
        # The corpus uses 3.10+ builtins (zip(strict=), int.bit_count): 3.9 runs the client API tests.
        (cd tests && "$py" -m pytest -q -p no:cacheprovider --timeout 300 python)
    else
        (cd tests && "$py" -m pytest -q -p no:cacheprovider --timeout 300 .)
    fi
done
