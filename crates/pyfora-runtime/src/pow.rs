//! libm's `pow`, with a shortcut for square roots that gives the same bits.
//!
//! CPython computes `x ** 0.5` with libm's `pow`, which is not correctly
//! rounded: glibc's `pow(x, 0.5)` differs from `sqrt(x)` in the last bit for
//! about one float in a thousand. So `x ** 0.5` cannot simply become a
//! square-root instruction. But glibc documents a bound on `pow`'s error
//! (since glibc 2.28; earlier versions rounded correctly): 0.54 ULP in
//! general, made of 0.511 ULP for the final `exp` and `|y * ln x| * 1.5 *
//! 2^-15` ULP carried over from the error of the logarithm. The exact
//! remainder `x - s*s` (one fused multiply-add) tells how far the true root
//! lies from `s = sqrt(x)`. When it lies within 0.451 ULP of `s`, every other
//! float is more than 0.549 ULP away, so `pow` must return `s` too. For
//! moderate bases (2^-60 to 2^60, `|0.5 * ln x| <= 20.8`) the bound is
//! 0.512 ULP, and a root within 0.4875 ULP of `s` decides. (Measured on 10^8
//! integers and 10^8 random floats of that range: `pow` differs from `sqrt`
//! only for roots at least 0.4916 ULP from `s`.) Only roots close to a
//! rounding midpoint (about one in forty) still call `pow`. Native code
//! emits the same test inline (`pyfora-jit`'s `float_pow`), with the
//! constants below.

/// The largest `|x - s*s| / (s * ulp(s))` for which `sqrt` and `pow` agree:
/// the true root is `s + d` with `x - s*s = d * (2s + d)`, so 0.9 keeps
/// `|d|` within 0.451 ULP of `s`, the roundings of the test included.
pub const SQRT_REMAINDER_LIMIT: f64 = 0.9;

/// [`SQRT_REMAINDER_LIMIT`] for bases in `SQRT_MODERATE`: the true root
/// within 0.4875 ULP of `s`, against `pow`'s 0.512 ULP bound there.
pub const SQRT_REMAINDER_LIMIT_MODERATE: f64 = 0.975;

/// The bases (`2^-60 ..= 2^60`) for which `pow(x, 0.5)` errs by at most
/// 0.512 ULP (the logarithm's part of the error stays below 0.001 ULP).
pub const SQRT_MODERATE: (f64, f64) = (1.0 / (1u64 << 60) as f64, (1u64 << 60) as f64);

/// The smallest `x` whose remainder `x - s*s` is computed exactly (no
/// underflow); below it the shortcut is not taken.
pub const SQRT_SMALLEST: f64 = 1e-280;

/// `x ** y` as libm's `pow` computes it, for the cases where CPython calls
/// `pow` (a positive finite base, a finite exponent).
pub fn pow(x: f64, y: f64) -> f64 {
    if y == 0.5 {
        if let Some(s) = sqrt_as_pow(x) {
            return s;
        }
    }
    libm_pow(x, y)
}

/// libm's `pow` itself. The exponent goes through `black_box` so that the
/// optimizer cannot see a constant `0.5` and replace the call with a square
/// root, which is exactly the substitution this module must not make blindly.
pub fn libm_pow(x: f64, y: f64) -> f64 {
    x.powf(std::hint::black_box(y))
}

/// `sqrt(x)` when it is provably what `pow(x, 0.5)` returns; `None` when
/// only `pow` itself can tell (a root near a midpoint, an exact power of
/// two, a base too small or not finite).
pub fn sqrt_as_pow(x: f64) -> Option<f64> {
    if !(x >= SQRT_SMALLEST && x < f64::INFINITY) {
        return None;
    }
    let s = x.sqrt();
    let bits = s.to_bits();
    if bits & ((1 << 52) - 1) == 0 {
        // A power of two has a closer neighbour below than above.
        return None;
    }
    let ulp = f64::from_bits(bits + 1) - s;
    let remainder = (-s).mul_add(s, x);
    let limit = if (SQRT_MODERATE.0..=SQRT_MODERATE.1).contains(&x) { SQRT_REMAINDER_LIMIT_MODERATE } else { SQRT_REMAINDER_LIMIT };
    (remainder.abs() <= limit * (s * ulp)).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_libm_on_every_small_integer() {
        let (mut shortcut, mut differ) = (0u32, 0u32);
        for i in 1..2_000_000u64 {
            let x = i as f64;
            assert_eq!(pow(x, 0.5).to_bits(), libm_pow(x, 0.5).to_bits(), "{x}");
            shortcut += sqrt_as_pow(x).is_some() as u32;
            differ += (x.sqrt() != libm_pow(x, 0.5)) as u32;
        }
        // The square root differs from `pow` somewhere here (so the test
        // compares against a real `pow`), and most roots take the shortcut.
        assert!(differ > 0);
        assert!(shortcut > 1_900_000, "{shortcut}");
    }

    #[test]
    fn agrees_with_libm_on_spread_out_floats() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..2_000_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let x = f64::from_bits(state >> 1);
            if x.is_finite() && x > 0.0 {
                assert_eq!(pow(x, 0.5).to_bits(), libm_pow(x, 0.5).to_bits(), "{x:e}");
            }
        }
    }

    #[test]
    fn agrees_with_libm_on_moderate_floats() {
        // Uniform exponents over 2^-60 ..= 2^60, where the tighter limit holds.
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..2_000_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let exponent = 1023 - 60 + (state >> 52) % 121;
            let x = f64::from_bits((exponent << 52) | (state & ((1 << 52) - 1)));
            assert_eq!(pow(x, 0.5).to_bits(), libm_pow(x, 0.5).to_bits(), "{x:e}");
        }
    }

    #[test]
    fn leaves_the_edges_to_libm() {
        for x in [0.0, -0.0, 4.0, 0.25, 1e-300, f64::MIN_POSITIVE, f64::INFINITY, f64::NAN, -1.0] {
            if let Some(s) = sqrt_as_pow(x) {
                assert_eq!(s.to_bits(), libm_pow(x, 0.5).to_bits(), "{x}");
            }
        }
        assert_eq!(sqrt_as_pow(4.0), None);
        assert_eq!(sqrt_as_pow(f64::INFINITY), None);
        assert_eq!(pow(2.0, 3.0), 8.0);
    }
}
