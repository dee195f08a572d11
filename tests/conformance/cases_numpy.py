"""Conformance cases: numpy arrays (float64, int64 and bool) and the numpy
functions pyfora provides. Items read out of arrays are Python scalars in
pyfora, numpy scalars in CPython; `runner.canonical` compares their values
and types as Python scalars (the documented difference)."""

import math

import numpy as np

# numpy warns where it gives inf/nan or wraps; the values are what is compared.
np.seterr(all="ignore")

FLOATS = np.array([1.5, -2.0, 3.25, 0.0, 7.0, -0.0, 1e300, 2.5e-8])
INTS = np.arange(10)
MATRIX = np.arange(12).reshape(3, 4)
BOOLS = np.array([True, False, True])
RAGGED = np.array([0.1 * k for k in range(1000)])


def case_numpy_shipped_arrays_come_back():
    return FLOATS, INTS, MATRIX, BOOLS


def case_numpy_shape_ndim_size_len():
    return (FLOATS.shape, MATRIX.shape, MATRIX.ndim, MATRIX.size, len(MATRIX), MATRIX.T.shape, INTS.ndim)


def case_numpy_float_arithmetic_with_scalars():
    return (FLOATS * 2 + 1, 3.0 - FLOATS, FLOATS / 4, 2 ** np.array([0.5, 2.0, -1.0]), -FLOATS, +FLOATS, abs(FLOATS))


def case_numpy_float_division_by_zero_gives_inf_and_nan():
    a = np.array([1.0, -1.0, 0.0, 5.5])
    return (a / 0, a // 0, a % 0, a / np.zeros(4))


def case_numpy_float_floor_division_and_remainder_signs():
    a = np.array([7.5, -7.5, 7.5, -7.5, 0.0, -0.0])
    b = np.array([2.0, 2.0, -2.0, -2.0, 3.0, -3.0])
    return (a // b, a % b, a // 2, -7 % np.array([3.0, -3.0]))


def case_numpy_int_arithmetic_stays_int64():
    return (INTS + 1, INTS * 3, INTS - 10, INTS // 3, INTS % 4, INTS ** 2, INTS / 4, 2 * INTS)


def case_numpy_int_floor_division_and_modulo_negative():
    a = np.array([-7, 7, -7, 7, -1, 0])
    b = np.array([2, -2, -2, 2, 3, 5])
    return (a // b, a % b, a // 0, a % 0)


def case_numpy_int64_wraps_on_overflow():
    big = np.array([2 ** 62, 2 ** 63 - 1, -(2 ** 63)])
    return (big * 2, big + 1, big - 1, -big, abs(big))


def case_numpy_int_negative_power_raises():
    return INTS ** -1


def case_numpy_int_with_float_promotes():
    return (INTS + 0.5, INTS * 1.0, INTS + np.array([0.25] * 10), np.array([1, 2]) + np.array([True, False]))


def case_numpy_bool_arithmetic():
    a = np.array([True, True, False, False])
    b = np.array([True, False, True, False])
    return (a + b, a * b, a & b, a | b, a ^ b, ~a, a + 1, a * 2.5, a / b)


def case_numpy_bool_subtract_raises():
    return BOOLS - BOOLS


def case_numpy_bool_negative_raises():
    return -BOOLS


def case_numpy_int_bit_operations():
    return (INTS & 3, INTS | 8, INTS ^ 5, INTS << 2, INTS >> 1, ~INTS, np.array([-8, 8]) >> 70, np.array([1]) << 64)


def case_numpy_broadcasting_rows_and_columns():
    col = np.array([[1], [2], [3]])
    row = np.array([10, 20, 30, 40])
    return (MATRIX + row, MATRIX * col, col + row, MATRIX - 1.5)


def case_numpy_broadcast_mismatch_raises():
    return MATRIX + np.array([1, 2, 3])


def case_numpy_comparisons_elementwise():
    return (FLOATS > 1, FLOATS <= 0, INTS == 3, INTS != 3, 2 < INTS, np.array([np.nan, 1.0]) == np.array([np.nan, 1.0]),
            np.array([np.nan]) != np.array([np.nan]), MATRIX >= np.array([0, 5, 0, 5]))


def case_numpy_comparison_with_none_and_str():
    return (INTS == None, INTS != "x")  # noqa: E711


def _type_error_of(f):
    # numpy raises its own TypeError subclasses (UFuncTypeError); pyfora
    # raises TypeError: both must be TypeErrors.
    try:
        f()
    except TypeError:
        return "TypeError"
    return "no error"


def case_numpy_ordering_with_str_is_type_error():
    return _type_error_of(lambda: INTS < "x")


def case_numpy_truth_of_one_item():
    return (bool(np.array([0.0])), bool(np.array([3])), bool(np.array([[True]])), "yes" if np.array([2]) else "no")


def case_numpy_truth_of_many_raises():
    return bool(INTS > 3)


def case_numpy_truth_of_empty_raises():
    return bool(np.array([]))


def case_numpy_chained_comparison_of_array_raises():
    return 0 < INTS < 5


def case_numpy_in_operator():
    return (3 in INTS, 42 in INTS, 1.5 in FLOATS, 7 in MATRIX, True in BOOLS)


def case_numpy_indexing_items():
    return (FLOATS[0], FLOATS[-1], INTS[3], BOOLS[1], MATRIX[1, 2], MATRIX[-1, -1], MATRIX[2][3])


def case_numpy_index_out_of_bounds_raises():
    return INTS[10]


def case_numpy_index_second_axis_out_of_bounds_raises():
    return MATRIX[0, 4]


def case_numpy_too_many_indices_raises():
    return INTS[1, 2]


def case_numpy_slicing():
    return (INTS[2:5], INTS[::-1], INTS[::3], INTS[-3:], MATRIX[1], MATRIX[:, 1], MATRIX[::-1, ::2], MATRIX[1:, 2:], INTS[5:2])


def case_numpy_boolean_mask_and_integer_index_arrays():
    return (FLOATS[FLOATS > 0], INTS[INTS % 2 == 0], INTS[np.array([0, -1, 3])], MATRIX[np.array([2, 0])])


def case_numpy_mask_of_wrong_length_raises():
    return INTS[np.array([True, False])]


def case_numpy_iteration():
    return ([x * 2 for x in INTS], [row.sum() for row in MATRIX], list(BOOLS), sum(x for x in FLOATS if x > 0), sorted(FLOATS[:5]))


def case_numpy_builtins_on_arrays():
    return (sum(INTS), min(FLOATS[:5]), max(INTS), len(FLOATS), list(MATRIX[0]), tuple(INTS[:3]), any(BOOLS), all(BOOLS),
            [float(x) for x in INTS[:3]], sorted(INTS, reverse=True)[:3])


def case_numpy_sum_is_pairwise():
    xs = np.array([1e16] + [1.0] * 200 + [-1e16])
    return (np.sum(xs), xs.sum(), np.sum(RAGGED), RAGGED.sum(), np.sum(np.array([-0.0] * 20)), np.sum(np.array([0.1] * 7)))


def case_numpy_reductions():
    return (FLOATS.mean(), INTS.mean(), np.mean(RAGGED), FLOATS.min(), FLOATS.max(), INTS.argmax(), FLOATS.argmin(), INTS.prod(),
            np.prod(np.array([1.5, 2.0, -3.0])), MATRIX.sum(), BOOLS.sum(), np.any(BOOLS), np.all(BOOLS), INTS.cumsum(), np.cumsum(FLOATS))


def case_numpy_reductions_with_nan():
    a = np.array([1.0, np.nan, -1.0, 5.0])
    return (a.min(), a.max(), np.argmax(a), np.argmin(a), a.sum(), np.isnan(a), np.isinf(a / 0), np.isfinite(a))


def case_numpy_std_and_var():
    return (np.std(FLOATS[:5]), np.var(INTS), INTS.std(), RAGGED.var(), np.std(INTS, ddof=1), INTS.var(ddof=2))


def case_numpy_min_of_empty_raises():
    return np.array([]).min()


def case_numpy_argmax_of_empty_raises():
    return np.argmax(np.array([]))


def case_numpy_dot_and_matmul_ints():
    v = np.array([1, 2, 3, 4])
    return (np.dot(v, v), MATRIX @ v, v @ MATRIX.T, MATRIX @ MATRIX.T, MATRIX.dot(v), np.matmul(MATRIX.T, MATRIX))


def case_numpy_dot_small_floats():
    a = np.array([0.5, 1.5, -2.0])
    return (np.dot(a, a), a @ np.array([2.0, 4.0, 8.0]), np.array([[1.0, 2.0], [3.0, 4.0]]) @ np.array([0.5, 0.25]))


def case_numpy_dot_shape_mismatch_raises():
    return np.dot(np.array([1, 2]), np.array([1, 2, 3]))


def case_numpy_constructors():
    return (np.zeros(3), np.ones((2, 3)), np.zeros(4, dtype=int), np.ones(2, dtype=bool), np.full(3, 7), np.full((2, 2), 0.5),
            np.full(2, True), np.array([1, 2, 3]), np.array([1, 2.5]), np.array([True, False]), np.array([[1, 2], [3, 4]]),
            np.array([1, 2], dtype=float), np.array((1.0, 2.0), dtype=np.int64), np.asarray([3, 4]), np.array(range(4)))


def case_numpy_arange_and_linspace():
    return (np.arange(5), np.arange(2, 10, 3), np.arange(10, 0, -2), np.arange(0, 1, 0.1), np.arange(1.5, 4), np.arange(0.5, -1, -0.25),
            np.arange(5, 1), np.linspace(0, 1, 7), np.linspace(-1, 1, 5), np.linspace(0, 10, 4, endpoint=False), np.linspace(2, 3, 1),
            np.linspace(0, 1), np.arange(3, dtype=float))


def case_numpy_ragged_array_raises():
    return np.array([[1, 2], [3]])


def case_numpy_negative_dimension_raises():
    return np.zeros(-1)


# exp, log, sin and the other functions pyfora computes with the C library
# are checked in tests/python/test_numpy.py: whether the local numpy agrees
# with the C library depends on the numpy build and the CPU.


def case_numpy_elementwise_math():
    a = np.array([0.25, 1.0, 2.5, 10.0, 100.0])
    return (np.sqrt(a), np.floor(a * 3.3), np.ceil(-a), np.abs(-a), np.sqrt(a * 3.0))


def case_numpy_elementwise_math_outside_domain():
    return (np.sqrt(np.array([-1.0, 4.0])), np.sqrt(np.array([-0.0, np.inf, -np.inf])))


def case_numpy_math_on_scalars():
    return (np.sqrt(16), np.floor(2.7), np.ceil(-2.5), np.abs(-3), np.abs(-2.5))


def case_numpy_maximum_minimum_where():
    a = np.array([1.0, np.nan, 3.0, -1.0])
    b = np.array([2.0, 0.0, np.nan, -2.0])
    return (np.maximum(a, b), np.minimum(a, b), np.maximum(INTS, 4), np.where(INTS > 4, INTS, -INTS), np.where(BOOLS, 1.5, 0),
            np.where(MATRIX % 2 == 0, MATRIX, 0))


def case_numpy_concatenate():
    return (np.concatenate([INTS[:2], INTS[-2:]]), np.concatenate((np.array([1, 2]), np.array([0.5]))), np.concatenate([MATRIX, MATRIX[:1]]))


def case_numpy_astype_and_copies():
    a = np.array([1.7, -1.7, 0.5, 1e3])
    return (a.astype(int), INTS.astype(float), INTS.astype(bool), BOOLS.astype(int), a.astype(np.int64), MATRIX.copy(), MATRIX.flatten(),
            MATRIX.ravel(), MATRIX.reshape(4, 3), MATRIX.reshape((2, -1)), INTS.reshape(2, 5).T, MATRIX.transpose())


def case_numpy_reshape_wrong_size_raises():
    return INTS.reshape(3, 4)


def case_numpy_tolist_and_item():
    return (MATRIX.tolist(), FLOATS.tolist(), BOOLS.tolist(), np.array([4.5]).item(), INTS.item(7), MATRIX.item(-1))


def case_numpy_item_of_many_raises():
    return INTS.item()


def case_numpy_item_assignment_on_a_fresh_array():
    a = np.zeros(5)
    for i in range(5):
        a[i] = i * i + 0.5
    m = np.zeros((2, 2), dtype=int)
    m[1, 0] = 7
    m[0, 1] = 2.9
    b = np.ones(3, dtype=bool)
    b[1] = 0
    return (a, m, b)


def case_numpy_item_assignment_of_nan_to_int_raises():
    a = np.zeros(3, dtype=int)
    a[0] = float("nan")
    return a


def case_numpy_augmented_assignment_keeps_dtype():
    a = np.arange(4)
    a += 1
    a *= 3
    f = np.zeros(3)
    f += 1
    f /= 4
    f += np.array([1, 2, 3])
    return (a, f)


def _add_half_in_place():
    a = np.arange(4)
    a += 0.5
    return a


def case_numpy_augmented_assignment_casting_is_type_error():
    return _type_error_of(_add_half_in_place)


def case_numpy_arrays_built_in_a_loop():
    rows = []
    for k in range(4):
        rows.append(np.arange(3) * k)
    total = np.zeros(3, dtype=int)
    for r in rows:
        total = total + r
    return (total, np.array([r.sum() for r in rows]), [r.tolist() for r in rows])


def case_numpy_list_operand_converts():
    return (INTS[:3] + [10, 20, 30], [1.5, 2.5] * np.array([2, 2]), (1, 2, 3) == INTS[1:4])


def case_numpy_dtype_constructors_give_python_scalars():
    return (np.float64(3), np.int64(7.9), np.bool_(0), np.float64(), np.int64("12"))


def case_numpy_isinstance_and_type():
    return (isinstance(INTS, np.ndarray), isinstance([1], np.ndarray), type(INTS) is np.ndarray, type(MATRIX.T) is np.ndarray)


def case_numpy_arrays_are_unhashable_raises():
    return {INTS: 1}


def case_numpy_unsupported_operand_is_type_error():
    return (_type_error_of(lambda: INTS + "x"), _type_error_of(lambda: INTS * None))


def case_numpy_linear_regression_normal_equations():
    rows = np.array([[1.0, 2.0, 1.0], [2.0, 0.5, 1.0], [3.0, -1.0, 1.0], [4.0, 3.0, 1.0], [5.0, 1.0, 1.0]])
    ys = np.array([3.0, 4.5, 5.0, 9.0, 8.5])
    xtx = rows.T @ rows
    xty = rows.T @ ys
    return (xtx, xty, np.array([rows[:, j].mean() for j in range(3)]))


def case_numpy_signed_zero_ties_and_nan():
    a = np.array([-0.0, 0.0, 1.0])
    b = np.array([0.0, -0.0, np.nan])
    return (np.maximum(a, b), np.minimum(a, b), np.array([-0.0, 0.0]).max(), np.array([0.0, -0.0]).max(), np.array([0.0, -0.0]).min(),
            np.cumsum(np.array([-0.0, -0.0])), np.maximum(1, 2), np.minimum(2.5, -1))


def case_numpy_power_one_half_is_sqrt():
    a = np.array([2.0, 3.0, 1e-300, -0.0, -np.inf, -4.0, 10.0, 7.0e22])
    return (a ** 0.5, a ** 2, a ** 1, a ** -1.0, a ** 0)


def case_numpy_in_with_a_row():
    m = np.arange(6).reshape(2, 3)
    return ([0, 1, 2] in m, [9, 9, 9] in m, (3, 4, 5) in m)


def case_numpy_storing_a_too_large_float_in_int64_raises():
    a = np.zeros(2, dtype=np.int64)
    a[0] = 1e20
    return a


def case_numpy_int64_of_a_too_large_value_raises():
    return np.int64(2 ** 63)


def case_numpy_arange_of_nan_raises():
    return np.arange(np.nan)


def case_numpy_reshape_empty_with_unknown_raises():
    return np.zeros(0).reshape(0, -1)


def case_numpy_floor_keeps_integers():
    return (np.floor(INTS), np.ceil(np.array([-3, 2 ** 60 + 1])))


def case_numpy_bool_dot():
    return (np.dot(BOOLS, BOOLS), np.dot(np.array([True, False]), np.array([False, True])))


def case_numpy_reading_views_is_fine():
    m = np.arange(6).reshape(2, 3)
    row = m[1]
    col = m[:, 0]
    total = row.sum() + col.sum() + m.T[0, 1]
    m2 = m.copy()
    m2[0, 0] = 100
    return (total, m2, m)


def case_numpy_reductions_along_an_axis():
    m = np.array([[1e16, 1.0, -0.0], [1.0, -1e16, -0.0], [-1e16, 3.5, -0.0], [2.5, 1e16, -0.0]])
    wide = (np.arange(3 * 300) * 0.7 % 2.9 - 1.3).reshape(3, 300) * 1e3
    return (m.sum(axis=0), m.sum(axis=1), m.mean(axis=0), np.mean(m, axis=1), m.max(axis=0), m.min(axis=1), np.sum(MATRIX, axis=0),
            MATRIX.sum(axis=1), MATRIX.mean(axis=-1), MATRIX.prod(axis=0), (MATRIX > 4).any(axis=0), (MATRIX > 4).all(axis=1),
            wide.sum(axis=1), wide.sum(axis=0)[:5], wide.mean(axis=1), INTS.sum(axis=0), np.amax(MATRIX, axis=1))


def case_numpy_axis_out_of_bounds_is_index_error():
    # numpy's AxisError is an IndexError (and a ValueError).
    try:
        MATRIX.sum(axis=2)
    except IndexError:
        return "IndexError"
    return "no error"


def case_numpy_indexing_with_lists_of_ints_and_bools():
    return (
        INTS[[0, 2, -1]],
        FLOATS[[True, False] * 4],
        MATRIX[[2, 0]],
        np.newaxis is None,
    )


def case_numpy_indexing_with_a_list_out_of_bounds_raises():
    return INTS[[1, 10]]
