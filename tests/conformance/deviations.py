"""Documented deviations: corpus cases where pyfora knowingly differs from
CPython because the construct is outside pyfora's product contract.

``DEVIATIONS`` maps a case name (a ``case_*`` function of an ordinary
``cases_*.py`` module) to ``(exception, message, reason)``:

* ``exception`` -- the type name of the exception pyfora must raise along the
  submit/result/toLocal chain (a ``ComputationError`` is unwrapped to its
  ``remoteException``; a refusal is a ``PythonToForaConversionError``);
* ``message``   -- a fragment that must appear in ``str()`` of that exception;
* ``reason``    -- why this is outside the contract (also in README.md).

``test_conformance.test_documented_deviation`` runs these cases instead of
``test_case``: it fails when pyfora returns a value or raises anything else,
and when CPython's own outcome is the documented error (then the entry is no
longer a deviation). ``test_deviations_name_real_cases`` rejects stale entries.
"""

SURROGATES = (
    "strings containing lone surrogates (U+D800..U+DFFF) are not supported by pyfora"
)
COMPLEX = "complex numbers are not supported by pyfora"
BYTES = "bytes are not supported by pyfora"

DEVIATIONS = {
    # A lone surrogate in a literal is refused when the function is converted
    # (chr() of a surrogate raises NotImplementedError at run time).
    "case_builtin_ord_of_surrogate_and_high": (
        "PythonToForaConversionError",
        SURROGATES,
        "pyfora strings are valid Unicode (UTF-8) and cannot hold lone surrogates",
    ),
    "case_float_negative_base_fractional_pow_is_complex": (
        "NotImplementedError",
        COMPLEX,
        "pyfora has no complex type; CPython returns a complex number here",
    ),
    "case_str_encode_to_bytes": (
        "NotImplementedError",
        BYTES,
        "pyfora has no bytes type, so str.encode() is not available",
    ),
    "case_str_encode_ascii_error_raises": (
        "NotImplementedError",
        BYTES,
        "pyfora has no bytes type, so str.encode() is not available",
    ),
}
