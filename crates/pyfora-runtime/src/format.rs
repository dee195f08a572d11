//! CPython 3.11 compatible text formatting of numbers and strings.
//!
//! This module reproduces, byte for byte, what CPython 3.11 produces for:
//!
//! * `repr(float)` / `str(float)` ([`float_repr`], [`float_str`]);
//! * the format-spec mini-language used by `format()`, `str.format` and
//!   f-strings, for `float`, `int` and `str` values ([`format_float_spec`],
//!   [`format_int_spec`], [`format_str_spec`]);
//! * printf-style `str % args` formatting ([`percent_format`] and
//!   [`percent_format_mapping`]).
//!
//! Decimal conversion of floats is built on Rust's `{:e}` / `{:.*e}` / `{:.*}`
//! formatting, which is correctly rounded (round-half-even on the exact binary
//! value), exactly like CPython's `dtoa.c`.  The digits are then laid out with
//! a faithful port of CPython's `format_float_short`.  Padding, signs and digit
//! grouping follow CPython's `Python/formatter_unicode.c`, and `%`-formatting
//! follows `PyUnicode_Format` in `Objects/unicodeobject.c`.
//!
//! The module depends only on `std`.  Arbitrary-precision integers are passed
//! in as decimal digit strings (see [`IntLike`] and [`FmtArg::BigInt`]).
//!
//! Known deviations from CPython:
//! * Only ASCII digits are accepted for widths and precisions in format specs
//!   (CPython also accepts other Unicode decimal digits).
//! * `'n'` formatting assumes the C locale (no grouping, `.` as decimal point),
//!   which is what CPython uses unless the program calls `locale.setlocale`.
//! * `%c` / `'c'` of a surrogate code point (U+D800..U+DFFF) cannot be
//!   represented in a Rust `String` and is reported as a `ValueError`.

use std::borrow::Cow;
use std::convert::Infallible;
use std::fmt;

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// The Python exception class a [`FormatError`] corresponds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatErrorKind {
    /// Python `ValueError`.
    ValueError,
    /// Python `TypeError`.
    TypeError,
    /// Python `OverflowError`.
    OverflowError,
    /// Python `MemoryError` (for absurd widths such as `'%*d' % (10**18, 1)`).
    MemoryError,
}

/// A formatting failure: the Python exception class and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    /// Which Python exception to raise.
    pub kind: FormatErrorKind,
    /// The exception message, identical to CPython's.
    pub message: String,
}

impl FormatError {
    /// Builds a `ValueError`.
    fn value(message: impl Into<String>) -> Self {
        FormatError { kind: FormatErrorKind::ValueError, message: message.into() }
    }

    /// Builds a `TypeError`.
    fn type_error(message: impl Into<String>) -> Self {
        FormatError { kind: FormatErrorKind::TypeError, message: message.into() }
    }

    /// Builds an `OverflowError`.
    fn overflow(message: impl Into<String>) -> Self {
        FormatError { kind: FormatErrorKind::OverflowError, message: message.into() }
    }
}

/// Widths beyond this many characters fail with `MemoryError` instead of
/// attempting the allocation (CPython fails the same way, at some size).
const MAX_FIELD_WIDTH: u64 = 1 << 32;

/// Fails with CPython's empty `MemoryError` when `width` is absurdly large.
fn check_width(width: u64) -> Result<(), FormatError> {
    if width > MAX_FIELD_WIDTH {
        return Err(FormatError { kind: FormatErrorKind::MemoryError, message: String::new() });
    }
    Ok(())
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            FormatErrorKind::ValueError => "ValueError",
            FormatErrorKind::TypeError => "TypeError",
            FormatErrorKind::OverflowError => "OverflowError",
            FormatErrorKind::MemoryError => "MemoryError",
        };
        write!(f, "{}: {}", kind, self.message)
    }
}

impl std::error::Error for FormatError {}

/// Error of [`percent_format_mapping`]: either a formatting error or an error
/// returned by the caller's key lookup (e.g. a `KeyError`), passed through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MappingFormatError<E> {
    /// The format string or an argument was invalid.
    Format(FormatError),
    /// The lookup closure failed for a `%(key)` conversion.
    Lookup(E),
}

impl<E> From<FormatError> for MappingFormatError<E> {
    fn from(err: FormatError) -> Self {
        MappingFormatError::Format(err)
    }
}

// ---------------------------------------------------------------------------
// Float to decimal digits
// ---------------------------------------------------------------------------

/// Largest number of significant digits ever needed to print an `f64`
/// exactly (the exact expansion of any `f64` has at most 767 of them).
const MAX_EXACT_SIGNIFICANT: usize = 800;

/// Largest number of fractional digits ever needed to print an `f64` exactly
/// (the smallest subnormal has 1074 of them).
const MAX_EXACT_FRACTION: usize = 1100;

/// A decimal digit string `0.d1d2d3... * 10^decpt`, as produced by `dtoa`:
/// no trailing zeros, and exactly `"0"` (with `decpt == 1`) for zero.
struct Digits {
    digits: String,
    decpt: i64,
}

impl Digits {
    /// The representation of zero.
    fn zero() -> Digits {
        Digits { digits: "0".to_string(), decpt: 1 }
    }

    /// Builds from raw ASCII digits whose first digit is at decimal position
    /// `decpt`, stripping leading and trailing zeros.
    fn from_raw(raw: &str, decpt: i64) -> Digits {
        let leading = raw.len() - raw.trim_start_matches('0').len();
        let trimmed = raw.trim_start_matches('0').trim_end_matches('0');
        if trimmed.is_empty() {
            return Digits::zero();
        }
        Digits { digits: trimmed.to_string(), decpt: decpt - leading as i64 }
    }

    /// Parses Rust scientific notation such as `1.2345e-5` or `7e22`.
    fn from_scientific(text: &str) -> Digits {
        let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
        let exponent: i64 = exponent.parse().unwrap_or(0);
        let raw: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
        Digits::from_raw(&raw, exponent + 1)
    }

    /// True when every digit is zero.
    fn is_zero(&self) -> bool {
        self.digits.bytes().all(|b| b == b'0')
    }
}

/// Shortest digits that round-trip to `abs` (dtoa mode 0).
///
/// Rust finds the shortest length, but when two candidates of that length
/// are equally close to `abs` it may pick the upper one, while `dtoa` picks
/// the correctly rounded (half-even) one.  So the correctly rounded digits
/// of that length are used whenever they round-trip.
fn shortest_digits(abs: f64) -> Digits {
    let shortest = Digits::from_scientific(&format!("{:e}", abs));
    let rounded_text = format!("{:.*e}", shortest.digits.len() - 1, abs);
    if rounded_text.parse::<f64>() == Ok(abs) {
        Digits::from_scientific(&rounded_text)
    } else {
        shortest
    }
}

/// `count` correctly rounded significant digits of `abs` (dtoa mode 2).
fn significant_digits(abs: f64, count: usize) -> Digits {
    let count = count.clamp(1, MAX_EXACT_SIGNIFICANT);
    Digits::from_scientific(&format!("{:.*e}", count - 1, abs))
}

/// `abs` correctly rounded to `fraction` digits after the point (dtoa mode 3).
fn fixed_digits(abs: f64, fraction: usize) -> Digits {
    let text = format!("{:.*}", fraction.min(MAX_EXACT_FRACTION), abs);
    let (int_part, frac_part) = text.split_once('.').unwrap_or((&text, ""));
    let raw = format!("{}{}", int_part, frac_part);
    Digits::from_raw(&raw, int_part.len() as i64)
}

// ---------------------------------------------------------------------------
// PyOS_double_to_string
// ---------------------------------------------------------------------------

/// Which of CPython's float layouts to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FloatStyle {
    /// `e`: always an exponent, fixed number of significant digits.
    Exponent,
    /// `f`: fixed number of digits after the point.
    Fixed,
    /// `g`: exponent only for very large or small values, zeros stripped.
    General,
    /// `repr`: shortest round-trip digits.
    Repr,
}

/// Options of [`double_to_string`] (CPython's `Py_DTSF_*` flags).
#[derive(Debug, Clone, Copy, Default)]
struct DtoaFlags {
    /// `Py_DTSF_ALT`: keep trailing zeros / the decimal point.
    alternate: bool,
    /// `Py_DTSF_ADD_DOT_0`: integral values get a `.0` suffix.
    add_dot_0: bool,
    /// `Py_DTSF_NO_NEG_0`: print negative zero without its sign.
    no_negative_zero: bool,
    /// Use `E`, `INF` and `NAN` instead of `e`, `inf` and `nan`.
    upper: bool,
}

/// Port of CPython's `PyOS_double_to_string` for the given style.
///
/// `precision` means: digits after the point for `Exponent` and `Fixed`,
/// significant digits for `General` (0 is treated as 1), ignored for `Repr`.
fn double_to_string(x: f64, style: FloatStyle, precision: usize, flags: DtoaFlags) -> String {
    if x.is_nan() {
        return if flags.upper { "NAN" } else { "nan" }.to_string();
    }
    let negative = x.is_sign_negative();
    if x.is_infinite() {
        let inf = if flags.upper { "INF" } else { "inf" };
        return if negative { format!("-{}", inf) } else { inf.to_string() };
    }
    let abs = x.abs();
    let (digits, precision) = match style {
        FloatStyle::Exponent => (significant_digits(abs, precision + 1), precision + 1),
        FloatStyle::Fixed => (fixed_digits(abs, precision), precision),
        FloatStyle::General => {
            let precision = precision.max(1);
            (significant_digits(abs, precision), precision)
        }
        FloatStyle::Repr => (shortest_digits(abs), 0),
    };
    layout_digits(&digits, negative, style, precision as i64, flags)
}

/// Port of the layout part of CPython's `format_float_short`: places the
/// decimal point, pads with zeros and appends the exponent.
fn layout_digits(d: &Digits, negative: bool, style: FloatStyle, precision: i64, flags: DtoaFlags) -> String {
    let digits = d.digits.as_str();
    let digits_len = digits.len() as i64;
    let mut decpt = d.decpt;
    let mut vdigits_end = digits_len;
    let mut use_exp = false;
    match style {
        FloatStyle::Exponent => {
            use_exp = true;
            vdigits_end = precision;
        }
        FloatStyle::Fixed => vdigits_end = decpt + precision,
        FloatStyle::General => {
            let limit = if flags.add_dot_0 { precision - 1 } else { precision };
            use_exp = decpt <= -4 || decpt > limit;
            if flags.alternate {
                vdigits_end = precision;
            }
        }
        FloatStyle::Repr => use_exp = decpt <= -4 || decpt > 16,
    }

    let mut exp = 0;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    let min_end = if !use_exp && flags.add_dot_0 { decpt + 1 } else { decpt };
    vdigits_end = vdigits_end.max(min_end);

    let mut out = String::new();
    if negative && !(flags.no_negative_zero && d.is_zero()) {
        out.push('-');
    }
    // Zero padding on the left of the digit string.
    if decpt <= 0 {
        push_zeros(&mut out, decpt - vdigits_start);
        out.push('.');
        push_zeros(&mut out, -decpt);
    } else {
        push_zeros(&mut out, -vdigits_start);
    }
    // The digits, with the decimal point if it falls inside them.
    if 0 < decpt && decpt <= digits_len {
        out.push_str(&digits[..decpt as usize]);
        out.push('.');
        out.push_str(&digits[decpt as usize..]);
    } else {
        out.push_str(digits);
    }
    // Zero padding on the right.
    if digits_len < decpt {
        push_zeros(&mut out, decpt - digits_len);
        out.push('.');
        push_zeros(&mut out, vdigits_end - decpt);
    } else {
        push_zeros(&mut out, vdigits_end - digits_len);
    }
    if out.ends_with('.') && !flags.alternate {
        out.pop();
    }
    if use_exp {
        out.push(if flags.upper { 'E' } else { 'e' });
        out.push_str(&format!("{:+03}", exp));
    }
    out
}

/// Appends `count` ASCII zeros (nothing when `count <= 0`).
fn push_zeros(out: &mut String, count: i64) {
    for _ in 0..count.max(0) {
        out.push('0');
    }
}

/// CPython `repr(float)`: shortest round-trip digits, scientific notation
/// when the decimal exponent is < -4 or >= 16 (e.g. `1e+16`, `1.5e-05`).
pub fn float_repr(x: f64) -> String {
    let flags = DtoaFlags { add_dot_0: true, ..DtoaFlags::default() };
    double_to_string(x, FloatStyle::Repr, 0, flags)
}

/// CPython `str(float)`; identical to [`float_repr`] in Python 3.
pub fn float_str(x: f64) -> String {
    float_repr(x)
}

/// Formats `x` like the printf-style conversion `'%.{precision}{code}' % x`
/// (no width or sign flags): `code` is one of `e E f F g G`, and `alternate`
/// is the `#` flag.  Returns `None` for any other `code`.
///
/// For example `float_to_string(2.675, 'f', 2, false) == Some("2.67")`.
pub fn float_to_string(x: f64, code: char, precision: usize, alternate: bool) -> Option<String> {
    let (style, upper) = float_style_for_code(code)?;
    let flags = DtoaFlags { alternate, upper, ..DtoaFlags::default() };
    Some(double_to_string(x, style, precision, flags))
}

/// Maps a presentation code (`e E f F g G`) to its style and letter case.
fn float_style_for_code(code: char) -> Option<(FloatStyle, bool)> {
    match code {
        'e' => Some((FloatStyle::Exponent, false)),
        'E' => Some((FloatStyle::Exponent, true)),
        'f' => Some((FloatStyle::Fixed, false)),
        'F' => Some((FloatStyle::Fixed, true)),
        'g' => Some((FloatStyle::General, false)),
        'G' => Some((FloatStyle::General, true)),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Format-spec parsing (parse_internal_render_format_spec)
// ---------------------------------------------------------------------------

/// Alignment of a formatted field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    /// `<`
    Left,
    /// `>`
    Right,
    /// `^`
    Center,
    /// `=`: padding goes between the sign/prefix and the digits.
    AfterSign,
}

impl Align {
    /// Parses an alignment character.
    fn from_char(c: char) -> Option<Align> {
        match c {
            '<' => Some(Align::Left),
            '>' => Some(Align::Right),
            '^' => Some(Align::Center),
            '=' => Some(Align::AfterSign),
            _ => None,
        }
    }
}

/// Digit-grouping requested by the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grouping {
    None,
    /// `,`: groups of three.
    Comma,
    /// `_` with a decimal type: groups of three.
    Underscore,
    /// `_` with `b o x X`: groups of four.
    UnderscoreFour,
}

/// A parsed format specification.
#[derive(Debug, Clone)]
struct FormatSpec {
    fill: char,
    align: Align,
    /// `'+'`, `'-'` or `' '` when given.
    sign: Option<char>,
    no_negative_zero: bool,
    alternate: bool,
    width: Option<usize>,
    grouping: Grouping,
    precision: Option<usize>,
    /// The presentation type; `None` only for floats without a type.
    kind: Option<char>,
}

/// Reads an unsigned decimal integer at `*pos`; `None` when no digit is
/// there.  Mirrors CPython's `get_integer`, including its overflow error.
fn read_integer(chars: &[char], pos: &mut usize) -> Result<Option<usize>, FormatError> {
    let start = *pos;
    let mut value: usize = 0;
    while let Some(digit) = chars.get(*pos).and_then(|c| c.to_digit(10)) {
        let digit = digit as usize;
        if value > (isize::MAX as usize - digit) / 10 {
            return Err(FormatError::value("Too many decimal digits in format string"));
        }
        value = value * 10 + digit;
        *pos += 1;
    }
    Ok(if *pos == start { None } else { Some(value) })
}

/// Renders a presentation type for error messages the way CPython does:
/// `'d'` for printable ASCII, `'\x4e2d'` otherwise.
fn describe_type_char(c: char) -> String {
    let code = c as u32;
    if code > 32 && code < 128 {
        format!("'{}'", c)
    } else {
        format!("'\\x{:x}'", code)
    }
}

/// CPython's "Unknown format code" error.
fn unknown_format_code(kind: char, type_name: &str) -> FormatError {
    FormatError::value(format!("Unknown format code {} for object of type '{}'", describe_type_char(kind), type_name))
}

/// Parses a format spec (port of `parse_internal_render_format_spec`).
fn parse_format_spec(spec: &str, default_align: Align, default_kind: Option<char>, type_name: &str) -> Result<FormatSpec, FormatError> {
    let chars: Vec<char> = spec.chars().collect();
    let end = chars.len();
    let mut pos = 0;
    let mut parsed = FormatSpec {
        fill: ' ',
        align: default_align,
        sign: None,
        no_negative_zero: false,
        alternate: false,
        width: None,
        grouping: Grouping::None,
        precision: None,
        kind: default_kind,
    };

    let mut fill_specified = false;
    let mut align_specified = false;
    if let Some(align) = chars.get(1).and_then(|&c| Align::from_char(c)) {
        parsed.fill = chars[0];
        parsed.align = align;
        fill_specified = true;
        align_specified = true;
        pos = 2;
    } else if let Some(align) = chars.first().and_then(|&c| Align::from_char(c)) {
        parsed.align = align;
        align_specified = true;
        pos = 1;
    }

    if let Some(&c @ ('+' | '-' | ' ')) = chars.get(pos) {
        parsed.sign = Some(c);
        pos += 1;
    }
    // The `z` option came with Python 3.11 (before, the `z` is a bad spec).
    if chars.get(pos) == Some(&'z') && crate::compat::python_minor() >= 11 {
        parsed.no_negative_zero = true;
        pos += 1;
    }
    if chars.get(pos) == Some(&'#') {
        parsed.alternate = true;
        pos += 1;
    }
    if !fill_specified && chars.get(pos) == Some(&'0') {
        parsed.fill = '0';
        // Before 3.10 a `0` means `=` alignment for every type (so strings
        // refuse it); since then only where values align right.
        if !align_specified && (default_align == Align::Right || crate::compat::python_minor() < 10) {
            parsed.align = Align::AfterSign;
        }
        pos += 1;
    }

    parsed.width = read_integer(&chars, &mut pos)?;
    parsed.grouping = read_grouping(&chars, &mut pos)?;

    if chars.get(pos) == Some(&'.') {
        pos += 1;
        match read_integer(&chars, &mut pos)? {
            Some(precision) => parsed.precision = Some(precision),
            None => return Err(FormatError::value("Format specifier missing precision")),
        }
    }

    if end - pos > 1 {
        // Python 3.11 began naming the spec and the type.
        if crate::compat::python_minor() < 11 {
            return Err(FormatError::value("Invalid format specifier"));
        }
        return Err(FormatError::value(format!("Invalid format specifier '{}' for object of type '{}'", spec, type_name)));
    }
    if end - pos == 1 {
        parsed.kind = Some(chars[pos]);
    }
    validate_grouping(&mut parsed)?;
    Ok(parsed)
}

/// Reads the optional `,` or `_` grouping option.
fn read_grouping(chars: &[char], pos: &mut usize) -> Result<Grouping, FormatError> {
    let both = || FormatError::value("Cannot specify both ',' and '_'.");
    let mut grouping = Grouping::None;
    if chars.get(*pos) == Some(&',') {
        grouping = Grouping::Comma;
        *pos += 1;
    }
    if chars.get(*pos) == Some(&'_') {
        if grouping != Grouping::None {
            return Err(both());
        }
        grouping = Grouping::Underscore;
        *pos += 1;
    }
    if chars.get(*pos) == Some(&',') && grouping == Grouping::Underscore {
        return Err(both());
    }
    Ok(grouping)
}

/// Checks that the grouping option suits the presentation type (PEP 378 and
/// PEP 515), switching `_` to groups of four for `b o x X`.
fn validate_grouping(spec: &mut FormatSpec) -> Result<(), FormatError> {
    if spec.grouping == Grouping::None {
        return Ok(());
    }
    match spec.kind {
        None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => Ok(()),
        Some('b' | 'o' | 'x' | 'X') if spec.grouping == Grouping::Underscore => {
            spec.grouping = Grouping::UnderscoreFour;
            Ok(())
        }
        Some(kind) => {
            let separator = if spec.grouping == Grouping::Comma { ',' } else { '_' };
            Err(FormatError::value(format!("Cannot specify '{}' with {}.", separator, describe_type_char(kind))))
        }
    }
}

// ---------------------------------------------------------------------------
// Number layout (calc_number_widths / fill_number)
// ---------------------------------------------------------------------------

/// A number split into the pieces CPython pads and groups separately:
/// `[sign][prefix][digits][.][remainder]`.
struct NumberParts<'a> {
    negative: bool,
    /// Radix prefix such as `0x` (already in its final case).
    prefix: &'a str,
    /// Integer digits, subject to grouping and zero padding.
    digits: &'a str,
    /// Whether a decimal point follows the digits.
    has_decimal: bool,
    /// Everything after the decimal point (or after the digits): fraction,
    /// exponent, `%`, `inf`, or the character of a `c` conversion.
    remainder: &'a str,
}

/// Group size and separator for a spec; a size of 0 means no grouping.
fn grouping_params(spec: &FormatSpec) -> (usize, char) {
    if spec.kind == Some('n') {
        // The C locale has no grouping.
        return (0, ',');
    }
    match spec.grouping {
        Grouping::None => (0, ','),
        Grouping::Comma => (3, ','),
        Grouping::Underscore => (3, '_'),
        Grouping::UnderscoreFour => (4, '_'),
    }
}

/// Port of `_PyUnicode_InsertThousandsGrouping`: groups `digits` from the
/// right, padding with zeros (and separators) up to `min_width` characters.
fn group_digits(digits: &str, min_width: i64, group: usize, separator: char) -> String {
    let mut min_width = min_width.max(0);
    let mut remaining = digits.len() as i64;
    // Chunks from right to left; each is (zero count, digit count).
    let mut chunks: Vec<(i64, i64)> = Vec::new();
    let mut finished = false;
    if group > 0 {
        loop {
            let len = (group as i64).min(remaining.max(min_width).max(1));
            let zeros = (len - remaining).max(0);
            let taken = remaining.min(len).max(0);
            chunks.push((zeros, taken));
            remaining -= taken;
            min_width -= len;
            if remaining <= 0 && min_width <= 0 {
                finished = true;
                break;
            }
            min_width -= 1;
        }
    }
    if !finished {
        let len = remaining.max(min_width).max(1);
        chunks.push(((len - remaining).max(0), remaining.min(len).max(0)));
    }

    // `digits` is ASCII, so byte offsets are character offsets.
    let mut end = digits.len();
    let mut pieces: Vec<String> = Vec::with_capacity(chunks.len());
    for (zeros, taken) in chunks {
        let start = end - taken as usize;
        let mut piece = String::new();
        push_zeros(&mut piece, zeros);
        piece.push_str(&digits[start..end]);
        pieces.push(piece);
        end = start;
    }
    let mut out = String::new();
    for (i, piece) in pieces.iter().rev().enumerate() {
        if i > 0 {
            out.push(separator);
        }
        out.push_str(piece);
    }
    out
}

/// Pushes `count` copies of `fill`.
fn push_fill(out: &mut String, fill: char, count: i64) {
    for _ in 0..count.max(0) {
        out.push(fill);
    }
}

/// Port of `calc_number_widths` + `fill_number`: applies sign, padding,
/// alignment and grouping to an already converted number.
fn render_number(parts: &NumberParts, spec: &FormatSpec) -> String {
    let sign = match (spec.sign, parts.negative) {
        (_, true) => Some('-'),
        (Some('+'), false) => Some('+'),
        (Some(' '), false) => Some(' '),
        _ => None,
    };
    let width = spec.width.map_or(-1, |w| w as i64);
    let non_digit = sign.is_some() as i64 + parts.prefix.chars().count() as i64 + parts.has_decimal as i64 + parts.remainder.chars().count() as i64;
    let min_width = if spec.fill == '0' && spec.align == Align::AfterSign { width - non_digit } else { 0 };
    let (group, separator) = grouping_params(spec);
    let grouped = if parts.digits.is_empty() { String::new() } else { group_digits(parts.digits, min_width, group, separator) };

    let padding = width - (non_digit + grouped.chars().count() as i64);
    let (left, middle, right) = if padding <= 0 {
        (0, 0, 0)
    } else {
        match spec.align {
            Align::Left => (0, 0, padding),
            Align::Right => (padding, 0, 0),
            Align::Center => (padding / 2, 0, padding - padding / 2),
            Align::AfterSign => (0, padding, 0),
        }
    };

    let mut out = String::new();
    push_fill(&mut out, spec.fill, left);
    if let Some(sign) = sign {
        out.push(sign);
    }
    out.push_str(parts.prefix);
    push_fill(&mut out, spec.fill, middle);
    out.push_str(&grouped);
    if parts.has_decimal {
        out.push('.');
    }
    out.push_str(parts.remainder);
    push_fill(&mut out, spec.fill, right);
    out
}

// ---------------------------------------------------------------------------
// format() for floats
// ---------------------------------------------------------------------------

/// `format(x, spec)` for a Python `float`, e.g.
/// `format_float_spec(1234567.891, "020,.2f") == Ok("0,000,001,234,567.89")`.
pub fn format_float_spec(x: f64, spec: &str) -> Result<String, FormatError> {
    let parsed = parse_format_spec(spec, Align::Right, None, "float")?;
    match parsed.kind {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => format_float_parsed(x, &parsed),
        Some(kind) => Err(unknown_format_code(kind, "float")),
    }
}

/// Port of `format_float_internal` for an already validated spec.
fn format_float_parsed(x: f64, spec: &FormatSpec) -> Result<String, FormatError> {
    if spec.precision.is_some_and(|p| p > i32::MAX as usize) {
        return Err(FormatError::value("precision too big"));
    }
    check_width(spec.width.unwrap_or(0) as u64)?;
    let mut flags = DtoaFlags { alternate: spec.alternate, no_negative_zero: spec.no_negative_zero, ..DtoaFlags::default() };
    let mut value = x;
    let mut percent = false;
    let (style, default_precision) = match spec.kind {
        None => {
            flags.add_dot_0 = true;
            (FloatStyle::Repr, 0)
        }
        Some('n') => (FloatStyle::General, 6),
        Some('%') => {
            value *= 100.0;
            percent = true;
            (FloatStyle::Fixed, 6)
        }
        Some(code) => {
            let (style, upper) = float_style_for_code(code).ok_or_else(|| unknown_format_code(code, "float"))?;
            flags.upper = upper;
            (style, 6)
        }
    };
    let (style, precision) = match spec.precision {
        None => (style, default_precision),
        Some(p) if style == FloatStyle::Repr => (FloatStyle::General, p),
        Some(p) => (style, p),
    };

    let mut text = double_to_string(value, style, precision, flags);
    if percent {
        text.push('%');
    }
    Ok(render_float_text(&text, spec))
}

/// Splits a converted float (`-123.45e+06`, `inf`, ...) into number parts
/// (port of `parse_number`) and renders it.
fn render_float_text(text: &str, spec: &FormatSpec) -> String {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let digit_count = body.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, rest) = body.split_at(digit_count);
    let (has_decimal, remainder) = match rest.strip_prefix('.') {
        Some(after) => (true, after),
        None => (false, rest),
    };
    let parts = NumberParts { negative, prefix: "", digits, has_decimal, remainder };
    render_number(&parts, spec)
}

// ---------------------------------------------------------------------------
// Integers
// ---------------------------------------------------------------------------

/// A Python `int` to format: either a machine integer or an
/// arbitrary-precision one given by its sign and decimal magnitude.
///
/// `decimal_digits` must be ASCII decimal digits without a sign (leading
/// zeros are tolerated; an empty string means zero).  Conversions to binary,
/// octal and hexadecimal are done by this module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntLike<'a> {
    /// An integer that fits in `i64`.
    Small(i64),
    /// Any integer, as sign plus decimal magnitude.
    Big {
        /// True for values below zero (ignored when the magnitude is zero).
        negative: bool,
        /// The magnitude in decimal, e.g. `"123456789012345678901234567890"`.
        decimal_digits: &'a str,
    },
}

impl<'a> IntLike<'a> {
    /// An integer written in decimal with an optional sign.
    fn of_decimal(text: &'a str) -> IntLike<'a> {
        match text.strip_prefix('-') {
            Some(magnitude) => IntLike::Big { negative: true, decimal_digits: magnitude },
            None => IntLike::Big { negative: false, decimal_digits: text.strip_prefix('+').unwrap_or(text) },
        }
    }

    /// The decimal magnitude without leading zeros (`"0"` for zero).
    fn magnitude_decimal(&self) -> Cow<'_, str> {
        match *self {
            IntLike::Small(v) => Cow::Owned(v.unsigned_abs().to_string()),
            IntLike::Big { decimal_digits, .. } => Cow::Borrowed(normalize_decimal(decimal_digits)),
        }
    }

    /// True when the value is below zero.
    fn is_negative(&self) -> bool {
        match *self {
            IntLike::Small(v) => v < 0,
            IntLike::Big { negative, decimal_digits } => negative && normalize_decimal(decimal_digits) != "0",
        }
    }

    /// The magnitude written in `radix` (2, 8, 10 or 16), lowercase;
    /// in decimal, CPython's limit of 4300 digits applies (`ValueError`).
    fn checked_magnitude(&self, radix: u32) -> Result<String, FormatError> {
        if let IntLike::Big { decimal_digits, .. } = *self {
            if radix == 10 && crate::compat::exceeds_str_digits(normalize_decimal(decimal_digits).len()) {
                return Err(FormatError::value(str_digits_message()));
            }
        }
        Ok(self.magnitude_in_radix(radix))
    }

    /// The magnitude written in `radix` (2, 8, 10 or 16), lowercase.
    fn magnitude_in_radix(&self, radix: u32) -> String {
        match *self {
            IntLike::Small(v) => u64_to_radix(v.unsigned_abs(), radix),
            IntLike::Big { decimal_digits, .. } => decimal_to_radix(decimal_digits, radix),
        }
    }

    /// The value as an `i64`, if it fits.
    fn to_i64(self) -> Option<i64> {
        match self {
            IntLike::Small(v) => Some(v),
            IntLike::Big { negative, decimal_digits } => {
                let magnitude = normalize_decimal(decimal_digits);
                if magnitude.len() > 20 {
                    return None;
                }
                let magnitude: i128 = magnitude.parse().ok()?;
                let value = if negative { -magnitude } else { magnitude };
                i64::try_from(value).ok()
            }
        }
    }

    /// Python's `float(int)`: correctly rounded, `OverflowError` when too big.
    fn to_f64(self) -> Result<f64, FormatError> {
        match self {
            IntLike::Small(v) => Ok(v as f64),
            IntLike::Big { negative, decimal_digits } => {
                let magnitude: f64 = normalize_decimal(decimal_digits).parse().unwrap_or(f64::INFINITY);
                if magnitude.is_infinite() {
                    return Err(FormatError::overflow("int too large to convert to float"));
                }
                Ok(if negative { -magnitude } else { magnitude })
            }
        }
    }
}

/// Strips leading zeros from a decimal magnitude (`"0"` for zero/empty).
fn normalize_decimal(digits: &str) -> &str {
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() {
        "0"
    } else {
        trimmed
    }
}

/// Writes `value` in `radix` (2..=36) with lowercase letters.
fn u64_to_radix(mut value: u64, radix: u32) -> String {
    if value == 0 {
        return "0".to_string();
    }
    let mut reversed = Vec::new();
    while value > 0 {
        reversed.push(digit_char((value % radix as u64) as u32));
        value /= radix as u64;
    }
    reversed.iter().rev().collect()
}

/// The lowercase digit character for `d < 36`.
fn digit_char(d: u32) -> char {
    char::from_digit(d, 36).unwrap_or('?')
}

/// Converts a decimal magnitude to `radix` (2..=36), lowercase, via 32-bit
/// limbs.  Quadratic, which is fine for the sizes formatting sees.
fn decimal_to_radix(decimal: &str, radix: u32) -> String {
    let decimal = normalize_decimal(decimal);
    if radix == 10 {
        return decimal.to_string();
    }
    // Little-endian base-2^32 limbs.
    let mut limbs: Vec<u32> = Vec::new();
    for chunk in decimal.as_bytes().chunks(9) {
        let multiplier = 10u64.pow(chunk.len() as u32);
        let mut carry = chunk.iter().fold(0u64, |acc, b| acc * 10 + (b - b'0') as u64);
        for limb in limbs.iter_mut() {
            let v = *limb as u64 * multiplier + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            limbs.push(carry as u32);
        }
    }
    while limbs.last() == Some(&0) {
        limbs.pop();
    }

    // Repeatedly divide by the largest power of `radix` that fits in u32.
    let mut divisor = radix as u64;
    let mut chunk_digits = 1;
    while divisor * radix as u64 <= u32::MAX as u64 {
        divisor *= radix as u64;
        chunk_digits += 1;
    }
    let mut reversed: Vec<char> = Vec::new();
    while !limbs.is_empty() {
        let mut rem = 0u64;
        for limb in limbs.iter_mut().rev() {
            let cur = (rem << 32) | *limb as u64;
            *limb = (cur / divisor) as u32;
            rem = cur % divisor;
        }
        while limbs.last() == Some(&0) {
            limbs.pop();
        }
        for _ in 0..chunk_digits {
            reversed.push(digit_char((rem % radix as u64) as u32));
            rem /= radix as u64;
            if limbs.is_empty() && rem == 0 {
                break;
            }
        }
    }
    if reversed.is_empty() {
        return "0".to_string();
    }
    reversed.iter().rev().collect()
}

/// `chr(code)` for formatting, with CPython's range error.  Surrogates are
/// rejected because a Rust `String` cannot hold them.
fn code_point_to_char(code: i64) -> Result<char, FormatError> {
    if !(0..=0x10FFFF).contains(&code) {
        return Err(FormatError::overflow("%c arg not in range(0x110000)"));
    }
    char::from_u32(code as u32).ok_or_else(|| FormatError::value(format!("surrogate code point U+{:04X} is not supported", code)))
}

/// `format(x, spec)` for a Python `int` (not `bool`: callers format `True`
/// with an empty spec as `"True"` themselves), e.g.
/// `format_int_spec(&IntLike::Small(255), "#06x") == Ok("0x00ff")`.
///
/// Float presentation types (`e E f F g G %`) convert the value to `float`
/// first, raising `OverflowError` when it is too large.
pub fn format_int_spec(x: &IntLike, spec: &str) -> Result<String, FormatError> {
    let parsed = parse_format_spec(spec, Align::Right, Some('d'), "int")?;
    match parsed.kind {
        Some('b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n') => format_int_parsed(x, &parsed),
        Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => format_float_parsed(x.to_f64()?, &parsed),
        Some(kind) => Err(unknown_format_code(kind, "int")),
        None => Err(unknown_format_code('\0', "int")),
    }
}

/// CPython's message when an int has more decimal digits than the client's
/// limit ([`crate::compat::int_max_str_digits`]).
pub fn str_digits_message() -> String {
    format!(
        "Exceeds the limit ({} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit",
        crate::compat::int_max_str_digits().unwrap_or_default()
    )
}

/// Port of `format_long_internal` for integer presentation types.
fn format_int_parsed(x: &IntLike, spec: &FormatSpec) -> Result<String, FormatError> {
    if spec.precision.is_some() {
        return Err(FormatError::value("Precision not allowed in integer format specifier"));
    }
    if spec.no_negative_zero {
        return Err(FormatError::value("Negative zero coercion (z) not allowed in integer format specifier"));
    }
    let kind = spec.kind.unwrap_or('d');
    if kind == 'c' {
        return format_int_as_char(x, spec);
    }
    check_width(spec.width.unwrap_or(0) as u64)?;
    let (radix, prefix) = match kind {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = x.checked_magnitude(radix)?;
    if kind == 'X' {
        digits.make_ascii_uppercase();
    }
    let parts = NumberParts { negative: x.is_negative(), prefix: if spec.alternate { prefix } else { "" }, digits: &digits, has_decimal: false, remainder: "" };
    Ok(render_number(&parts, spec))
}

/// The `c` presentation type for integers.
fn format_int_as_char(x: &IntLike, spec: &FormatSpec) -> Result<String, FormatError> {
    if spec.sign.is_some() {
        return Err(FormatError::value("Sign not allowed with integer format specifier 'c'"));
    }
    if spec.alternate {
        return Err(FormatError::value("Alternate form (#) not allowed with integer format specifier 'c'"));
    }
    let code = x.to_i64().ok_or_else(|| FormatError::overflow("Python int too large to convert to C long"))?;
    let ch = code_point_to_char(code)?.to_string();
    check_width(spec.width.unwrap_or(0) as u64)?;
    let parts = NumberParts { negative: false, prefix: "", digits: "", has_decimal: false, remainder: &ch };
    Ok(render_number(&parts, spec))
}

// ---------------------------------------------------------------------------
// format() for strings
// ---------------------------------------------------------------------------

/// `format(s, spec)` for a Python `str`: fill, alignment (`=` not allowed),
/// width and `.precision` truncation, type `s` or none.
pub fn format_str_spec(s: &str, spec: &str) -> Result<String, FormatError> {
    if spec.is_empty() {
        return Ok(s.to_string());
    }
    let parsed = parse_format_spec(spec, Align::Left, Some('s'), "str")?;
    match parsed.kind {
        Some('s') => {}
        Some(kind) => return Err(unknown_format_code(kind, "str")),
        None => return Err(unknown_format_code('\0', "str")),
    }
    check_string_spec(&parsed)?;
    check_width(parsed.width.unwrap_or(0) as u64)?;

    let mut chars: Vec<char> = s.chars().collect();
    if let Some(precision) = parsed.precision {
        chars.truncate(precision);
    }
    let padding = parsed.width.map_or(0, |w| w.saturating_sub(chars.len()) as i64);
    let (left, right) = match parsed.align {
        Align::Right => (padding, 0),
        Align::Center => (padding / 2, padding - padding / 2),
        _ => (0, padding),
    };
    let mut out = String::new();
    push_fill(&mut out, parsed.fill, left);
    out.extend(chars);
    push_fill(&mut out, parsed.fill, right);
    Ok(out)
}

/// Rejects the options that make no sense for strings.
fn check_string_spec(spec: &FormatSpec) -> Result<(), FormatError> {
    match spec.sign {
        Some(' ') => return Err(FormatError::value("Space not allowed in string format specifier")),
        Some(_) => return Err(FormatError::value("Sign not allowed in string format specifier")),
        None => {}
    }
    if spec.no_negative_zero {
        return Err(FormatError::value("Negative zero coercion (z) not allowed in string format specifier"));
    }
    if spec.alternate {
        return Err(FormatError::value("Alternate form (#) not allowed in string format specifier"));
    }
    if spec.align == Align::AfterSign {
        return Err(FormatError::value("'=' alignment not allowed in string format specifier"));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// printf-style formatting: str % args
// ---------------------------------------------------------------------------

/// One argument of [`percent_format`].
///
/// Numbers are given by value; strings and other objects carry their
/// `str()` and `repr()` texts (computed by the caller) so that `%s`, `%r`
/// and `%a` work for anything.
#[derive(Debug, Clone, PartialEq)]
pub enum FmtArg {
    /// A Python `int` that fits in `i64`.
    Int(i64),
    /// Any Python `int`, as decimal text with an optional leading `-`.
    BigInt(String),
    /// A Python `bool` (`%s` gives `True`, `%d` gives `1`).
    Bool(bool),
    /// A Python `float`.
    Float(f64),
    /// A Python `str` with its `repr()` (e.g. `'it''s'` -> `"it's"`).
    Str {
        /// The string itself.
        text: String,
        /// `repr(text)`, used by `%r` and `%a`.
        repr: String,
    },
    /// Any other object; it is not a number for `%d`, `%f` or `%c`.
    Object {
        /// `type(obj).__name__`, used in `TypeError` messages.
        type_name: String,
        /// `str(obj)`, used by `%s`.
        str_text: String,
        /// `repr(obj)`, used by `%r` and `%a`.
        repr_text: String,
        /// `int(obj)` in decimal, used by `%d %i %u`, when the object
        /// converts (`__int__` or `__index__`).
        int_text: Option<String>,
        /// `operator.index(obj)` in decimal, used by `%o %x %X %c`, when
        /// the object has `__index__`.
        index_text: Option<String>,
        /// `float(obj)`, used by `%e %f %g`, when the object converts
        /// (`__float__` or `__index__`).
        float_value: Option<f64>,
    },
}

impl FmtArg {
    /// The Python type name, for error messages.
    fn type_name(&self) -> &str {
        match self {
            FmtArg::Int(_) | FmtArg::BigInt(_) => "int",
            FmtArg::Bool(_) => "bool",
            FmtArg::Float(_) => "float",
            FmtArg::Str { .. } => "str",
            FmtArg::Object { type_name, .. } => type_name,
        }
    }

    /// The integer value, for `int` and `bool` arguments.
    fn as_int(&self) -> Option<IntLike<'_>> {
        match self {
            FmtArg::Int(v) => Some(IntLike::Small(*v)),
            FmtArg::Bool(b) => Some(IntLike::Small(*b as i64)),
            FmtArg::BigInt(text) => Some(IntLike::of_decimal(text)),
            _ => None,
        }
    }

    /// The integer an object stands for in `%d %i %u` (`int(obj)`), or in
    /// `%o %x %X %c` (`operator.index(obj)`) when `index`.
    fn converted_int(&self, index: bool) -> Option<IntLike<'_>> {
        match self {
            FmtArg::Object { int_text: Some(text), .. } if !index => Some(IntLike::of_decimal(text)),
            FmtArg::Object { index_text: Some(text), .. } if index => Some(IntLike::of_decimal(text)),
            _ => None,
        }
    }

    /// `str(arg)`.
    fn str_text(&self) -> Cow<'_, str> {
        match self {
            FmtArg::Bool(b) => Cow::Borrowed(if *b { "True" } else { "False" }),
            FmtArg::Float(f) => Cow::Owned(float_str(*f)),
            FmtArg::Str { text, .. } => Cow::Borrowed(text),
            FmtArg::Object { str_text, .. } => Cow::Borrowed(str_text),
            _ => self.int_text(),
        }
    }

    /// `repr(arg)`.
    fn repr_text(&self) -> Cow<'_, str> {
        match self {
            FmtArg::Str { repr, .. } => Cow::Borrowed(repr),
            FmtArg::Object { repr_text, .. } => Cow::Borrowed(repr_text),
            FmtArg::Float(f) => Cow::Owned(float_repr(*f)),
            _ => self.str_text(),
        }
    }

    /// Decimal text of an `int` argument.
    fn int_text(&self) -> Cow<'_, str> {
        match self.as_int() {
            Some(value) => {
                let magnitude = value.magnitude_decimal();
                if value.is_negative() {
                    Cow::Owned(format!("-{}", magnitude))
                } else {
                    Cow::Owned(magnitude.into_owned())
                }
            }
            None => Cow::Borrowed(""),
        }
    }
}

/// `ascii()` applied to a `repr()` text: escapes every non-ASCII character
/// as `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
pub(crate) fn ascii_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let code = c as u32;
        match code {
            0..=0x7F => out.push(c),
            0x80..=0xFF => out.push_str(&format!("\\x{:02x}", code)),
            0x100..=0xFFFF => out.push_str(&format!("\\u{:04x}", code)),
            _ => out.push_str(&format!("\\U{:08x}", code)),
        }
    }
    out
}

/// The arguments being consumed (CPython's `args`, `arglen`, `argidx`).
struct ArgCursor<'a> {
    source: ArgSource<'a>,
    /// Number of tuple items, or -1 for a single object.
    arglen: isize,
    /// Next tuple index; for a single object -2 (unused) or -1 (used).
    argidx: isize,
}

/// Where arguments come from.
enum ArgSource<'a> {
    /// Positional arguments.
    Tuple(&'a [FmtArg]),
    /// A single object: the mapping itself or a value looked up by key.
    Single(Cow<'a, FmtArg>),
}

impl<'a> ArgCursor<'a> {
    /// Cursor over positional arguments.
    fn tuple(args: &'a [FmtArg]) -> Self {
        ArgCursor { source: ArgSource::Tuple(args), arglen: args.len() as isize, argidx: 0 }
    }

    /// Cursor over a single object.
    fn single(arg: Cow<'a, FmtArg>) -> Self {
        ArgCursor { source: ArgSource::Single(arg), arglen: -1, argidx: -2 }
    }

    /// Takes the next argument (`unicode_format_getnextarg`).
    fn next(&mut self) -> Result<&FmtArg, FormatError> {
        if self.argidx >= self.arglen {
            return Err(FormatError::type_error("not enough arguments for format string"));
        }
        let index = self.argidx;
        self.argidx += 1;
        match &self.source {
            ArgSource::Tuple(args) => Ok(&args[index as usize]),
            ArgSource::Single(arg) => Ok(arg),
        }
    }

    /// True when some positional arguments were never used.
    fn has_unused(&self) -> bool {
        self.argidx < self.arglen
    }
}

/// The parsed part of one `%` conversion.
#[derive(Debug, Clone, Copy, Default)]
struct Conversion {
    left_justify: bool,
    plus_sign: bool,
    blank_sign: bool,
    alternate: bool,
    zero_pad: bool,
    /// -1 when absent.
    width: isize,
    /// -1 when absent.
    precision: i64,
    /// The conversion character.
    kind: char,
}

/// State of one `PyUnicode_Format` run.
struct PercentFormatter<'a, 'f, L> {
    chars: Vec<char>,
    pos: usize,
    out: String,
    cursor: ArgCursor<'a>,
    /// Key lookup for `%(key)s`; `None` unless formatting with a mapping.
    lookup: Option<&'f mut L>,
}

/// `str % args` with positional arguments (pass a one-element slice for a
/// single non-tuple operand), e.g.
/// `percent_format("%5.1f|%-4d|%r", &[Float(2.25), Int(7), Str{..}])`.
///
/// Supports `%s %r %a %d %i %u %o %x %X %e %E %f %F %g %G %c %%`, the flags
/// `- + space # 0`, width and precision (both may be `*`) and the ignored
/// length modifiers `h l L`.  A `%(key)` conversion fails with CPython's
/// "format requires a mapping"; use [`percent_format_mapping`] for those.
pub fn percent_format(fmt: &str, args: &[FmtArg]) -> Result<String, FormatError> {
    let formatter = PercentFormatter::<fn(&str) -> Result<FmtArg, Infallible>> {
        chars: fmt.chars().collect(),
        pos: 0,
        out: String::new(),
        cursor: ArgCursor::tuple(args),
        lookup: None,
    };
    formatter.run().map_err(|err| match err {
        MappingFormatError::Format(err) => err,
        MappingFormatError::Lookup(never) => match never {},
    })
}

/// `str % mapping`: `%(key)s` conversions call `lookup(key)`, and a
/// conversion without a key uses `mapping` itself (as CPython does, so
/// `'%s' % {'a': 1}` gives `"{'a': 1}"`).  Errors of `lookup` (such as a
/// `KeyError`) are returned unchanged in [`MappingFormatError::Lookup`].
pub fn percent_format_mapping<E, L>(fmt: &str, mapping: &FmtArg, mut lookup: L) -> Result<String, MappingFormatError<E>>
where
    L: FnMut(&str) -> Result<FmtArg, E>,
{
    let formatter = PercentFormatter {
        chars: fmt.chars().collect(),
        pos: 0,
        out: String::new(),
        cursor: ArgCursor::single(Cow::Borrowed(mapping)),
        lookup: Some(&mut lookup),
    };
    formatter.run()
}

impl<'a, 'f, E, L> PercentFormatter<'a, 'f, L>
where
    L: FnMut(&str) -> Result<FmtArg, E>,
{
    /// The character at `pos`, or NUL past the end (like CPython's reads).
    fn at(&self, pos: usize) -> char {
        self.chars.get(pos).copied().unwrap_or('\0')
    }

    /// Formats the whole string (main loop of `PyUnicode_Format`).
    fn run(mut self) -> Result<String, MappingFormatError<E>> {
        while self.pos < self.chars.len() {
            if self.chars[self.pos] != '%' {
                let start = self.pos;
                while self.pos < self.chars.len() && self.chars[self.pos] != '%' {
                    self.pos += 1;
                }
                self.out.extend(&self.chars[start..self.pos]);
                continue;
            }
            self.pos += 1;
            if self.at(self.pos) == '%' {
                self.pos += 1;
                self.out.push('%');
                continue;
            }
            let conversion = self.parse_conversion()?;
            self.format_conversion(&conversion)?;
        }
        if self.lookup.is_none() && self.cursor.has_unused() {
            return Err(FormatError::type_error("not all arguments converted during string formatting").into());
        }
        Ok(self.out)
    }

    /// Parses `[(key)][flags][width][.precision][hlL]type` after a `%`
    /// (port of `unicode_format_arg_parse`, keeping its exact reading order
    /// so that errors match CPython's).
    fn parse_conversion(&mut self) -> Result<Conversion, MappingFormatError<E>> {
        // Characters not yet read, like CPython's `fmtcnt`.
        let mut remaining = (self.chars.len() - self.pos) as isize;
        let mut ch = self.at(self.pos);
        let mut conv = Conversion { width: -1, precision: -1, ..Conversion::default() };

        if ch == '(' {
            ch = self.read_mapping_key(&mut remaining)?;
        }

        // Flags.
        loop {
            remaining -= 1;
            if remaining < 0 {
                break;
            }
            ch = self.at(self.pos);
            self.pos += 1;
            match ch {
                '-' => conv.left_justify = true,
                '+' => conv.plus_sign = true,
                ' ' => conv.blank_sign = true,
                '#' => conv.alternate = true,
                '0' => conv.zero_pad = true,
                _ => break,
            }
        }

        // Width.
        if ch == '*' {
            let width = star_width(self.cursor.next()?)?;
            if width < 0 {
                conv.left_justify = true;
            }
            // Like CPython, negating the most negative width wraps around
            // (leaving it negative, which then means "no padding").
            conv.width = width.wrapping_abs();
            ch = self.read_next(&mut remaining, ch);
        } else if let Some(digit) = ch.to_digit(10) {
            let mut width = digit as isize;
            loop {
                remaining -= 1;
                if remaining < 0 {
                    break;
                }
                ch = self.at(self.pos);
                self.pos += 1;
                let Some(digit) = ch.to_digit(10) else { break };
                if width > (isize::MAX - digit as isize) / 10 {
                    return Err(FormatError::value("width too big").into());
                }
                width = width * 10 + digit as isize;
            }
            conv.width = width;
        }

        // Precision.
        if ch == '.' {
            conv.precision = 0;
            ch = self.read_next(&mut remaining, ch);
            if ch == '*' {
                conv.precision = star_precision(self.cursor.next()?)?.max(0);
                ch = self.read_next(&mut remaining, ch);
            } else if let Some(digit) = ch.to_digit(10) {
                let mut precision = digit as i64;
                loop {
                    remaining -= 1;
                    if remaining < 0 {
                        break;
                    }
                    ch = self.at(self.pos);
                    self.pos += 1;
                    let Some(digit) = ch.to_digit(10) else { break };
                    if precision > (i32::MAX as i64 - digit as i64) / 10 {
                        return Err(FormatError::value("precision too big").into());
                    }
                    precision = precision * 10 + digit as i64;
                }
                conv.precision = precision;
            }
        }

        // Length modifiers are accepted and ignored.
        if remaining >= 0 && matches!(ch, 'h' | 'l' | 'L') {
            ch = self.read_next(&mut remaining, ch);
        }
        if remaining < 0 {
            return Err(FormatError::value("incomplete format").into());
        }
        conv.kind = ch;
        Ok(conv)
    }

    /// Reads one more character if any remain; otherwise keeps `current`.
    fn read_next(&mut self, remaining: &mut isize, current: char) -> char {
        *remaining -= 1;
        if *remaining < 0 {
            return current;
        }
        let ch = self.at(self.pos);
        self.pos += 1;
        ch
    }

    /// Parses `(key)` (with balanced parentheses), looks it up and makes
    /// the value the current argument.  Returns the last character read.
    fn read_mapping_key(&mut self, remaining: &mut isize) -> Result<char, MappingFormatError<E>> {
        let Some(lookup) = self.lookup.as_mut() else {
            return Err(FormatError::type_error("format requires a mapping").into());
        };
        self.pos += 1;
        *remaining -= 1;
        let key_start = self.pos;
        let mut depth = 1;
        let mut ch = '(';
        while depth > 0 {
            *remaining -= 1;
            if *remaining < 0 {
                break;
            }
            ch = self.chars[self.pos];
            if ch == ')' {
                depth -= 1;
            } else if ch == '(' {
                depth += 1;
            }
            self.pos += 1;
        }
        if *remaining < 0 || depth > 0 {
            return Err(FormatError::value("incomplete format key").into());
        }
        let key: String = self.chars[key_start..self.pos - 1].iter().collect();
        let value = lookup(&key).map_err(MappingFormatError::Lookup)?;
        self.cursor = ArgCursor::single(Cow::Owned(value));
        Ok(ch)
    }

    /// Converts the next argument per `conv` and appends it
    /// (`unicode_format_arg_format` + `unicode_format_arg_output`).
    fn format_conversion(&mut self, conv: &Conversion) -> Result<(), FormatError> {
        let index = self.pos - 1;
        let arg = self.cursor.next()?;
        let (text, numeric) = match conv.kind {
            's' => (arg.str_text().into_owned(), false),
            'r' => (arg.repr_text().into_owned(), false),
            'a' => (ascii_escape(&arg.repr_text()), false),
            'd' | 'i' | 'u' | 'o' | 'x' | 'X' => (percent_int_text(arg, conv)?, true),
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => (percent_float_text(arg, conv)?, true),
            'c' => (percent_char(arg)?.to_string(), false),
            other => return Err(unsupported_character(other, index)),
        };
        check_width(conv.width.max(0) as u64)?;
        write_padded(&mut self.out, conv, &text, numeric);
        Ok(())
    }
}

/// CPython's "unsupported format character" error.
fn unsupported_character(c: char, index: usize) -> FormatError {
    let code = c as u32;
    let shown = if (31..=126).contains(&code) { c } else { '?' };
    FormatError::value(format!("unsupported format character '{}' (0x{:x}) at index {}", shown, code, index))
}

/// The value of a `*` width argument.
fn star_width(arg: &FmtArg) -> Result<isize, FormatError> {
    let value = arg.as_int().ok_or_else(|| FormatError::type_error("* wants int"))?;
    value.to_i64().and_then(|v| isize::try_from(v).ok()).ok_or_else(|| FormatError::overflow("Python int too large to convert to C ssize_t"))
}

/// The value of a `*` precision argument.
fn star_precision(arg: &FmtArg) -> Result<i64, FormatError> {
    let value = arg.as_int().ok_or_else(|| FormatError::type_error("* wants int"))?;
    value.to_i64().and_then(|v| i32::try_from(v).ok()).map(i64::from).ok_or_else(|| FormatError::overflow("Python int too large to convert to C int"))
}

/// The integer an argument stands for in `%d`/`%x`-style conversions
/// (`mainformatlong`): ints as is, floats truncated for `%d %i %u` only.
fn percent_int_value(arg: &FmtArg, kind: char) -> Result<(bool, String), FormatError> {
    let radix = match kind {
        'o' => 8,
        'x' | 'X' => 16,
        _ => 10,
    };
    if let Some(value) = arg.as_int().or_else(|| arg.converted_int(radix != 10)) {
        return Ok((value.is_negative(), value.checked_magnitude(radix)?));
    }
    match arg {
        FmtArg::Float(f) if radix == 10 => {
            let (negative, decimal) = truncate_float(*f)?;
            Ok((negative, decimal))
        }
        _ if radix == 10 => {
            // ("a number" before 3.10.)
            let number = if crate::compat::python_minor() >= 10 { "a real number" } else { "a number" };
            Err(FormatError::type_error(format!("%{} format: {number} is required, not {}", kind, arg.type_name())))
        }
        _ => Err(FormatError::type_error(format!("%{} format: an integer is required, not {}", kind, arg.type_name()))),
    }
}

/// Python's `int(f)`: sign and decimal magnitude of the truncated value.
fn truncate_float(f: f64) -> Result<(bool, String), FormatError> {
    if f.is_nan() {
        return Err(FormatError::value("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(FormatError::overflow("cannot convert float infinity to integer"));
    }
    let truncated = f.trunc();
    let magnitude = format!("{:.0}", truncated.abs());
    Ok((truncated < 0.0, magnitude))
}

/// Port of `_PyUnicode_FormatLong`: `[-][0x]` + zero padding to the
/// precision + digits, uppercased for `%X`.
fn percent_int_text(arg: &FmtArg, conv: &Conversion) -> Result<String, FormatError> {
    if conv.precision > i32::MAX as i64 - 3 {
        return Err(FormatError::overflow("precision too large"));
    }
    let (negative, digits) = percent_int_value(arg, conv.kind)?;
    let mut text = String::new();
    if negative {
        text.push('-');
    }
    if conv.alternate {
        match conv.kind {
            'o' => text.push_str("0o"),
            'x' | 'X' => text.push_str("0x"),
            _ => {}
        }
    }
    push_zeros(&mut text, conv.precision - digits.len() as i64);
    text.push_str(&digits);
    if conv.kind == 'X' {
        text.make_ascii_uppercase();
    }
    Ok(text)
}

/// The float an argument stands for in `%f`-style conversions.
fn percent_float_value(arg: &FmtArg) -> Result<f64, FormatError> {
    match arg {
        FmtArg::Float(f) => Ok(*f),
        FmtArg::Object { float_value: Some(f), .. } => Ok(*f),
        _ => match arg.as_int() {
            Some(value) => value.to_f64(),
            None => Err(FormatError::type_error(format!("must be real number, not {}", arg.type_name()))),
        },
    }
}

/// Port of `formatfloat` (without width or sign handling).
fn percent_float_text(arg: &FmtArg, conv: &Conversion) -> Result<String, FormatError> {
    let value = percent_float_value(arg)?;
    let precision = if conv.precision < 0 { 6 } else { conv.precision as usize };
    let text = float_to_string(value, conv.kind, precision, conv.alternate);
    Ok(text.unwrap_or_default())
}

/// Port of `formatchar`: a one-character `str` or an int code point.
fn percent_char(arg: &FmtArg) -> Result<char, FormatError> {
    let wrong = || FormatError::type_error("%c requires int or char");
    if let FmtArg::Str { text, .. } = arg {
        let mut chars = text.chars();
        return match (chars.next(), chars.next()) {
            (Some(c), None) => Ok(c),
            _ => Err(wrong()),
        };
    }
    let value = arg.as_int().or_else(|| arg.converted_int(true)).ok_or_else(wrong)?;
    match value.to_i64() {
        Some(v) => code_point_to_char(v),
        // Beyond a C long: Python 3.9 reported the failed conversion as
        // the wrong type; 3.10 on, as out of range.
        None if crate::compat::python_minor() < 10 => Err(wrong()),
        None => code_point_to_char(-1),
    }
}

/// Port of `unicode_format_arg_output`: precision truncation for
/// `%s %r %a`, sign flags, `0x` prefixes and padding.
fn write_padded(out: &mut String, conv: &Conversion, text: &str, numeric: bool) {
    let chars: Vec<char> = text.chars().collect();
    let fill = if numeric && conv.zero_pad { '0' } else { ' ' };
    let mut len = chars.len() as isize;
    if matches!(conv.kind, 's' | 'r' | 'a') && conv.precision >= 0 && len as i64 > conv.precision {
        len = conv.precision as isize;
    }

    let mut index = 0usize;
    let mut sign_char = None;
    if numeric {
        match chars.first() {
            Some(&c @ ('-' | '+')) => {
                sign_char = Some(c);
                len -= 1;
                index = 1;
            }
            _ if conv.plus_sign => sign_char = Some('+'),
            _ if conv.blank_sign => sign_char = Some(' '),
            _ => {}
        }
    }
    let mut width = conv.width.max(len);
    let has_prefix = conv.alternate && matches!(conv.kind, 'x' | 'X' | 'o');

    if let Some(sign) = sign_char {
        if fill != ' ' {
            out.push(sign);
        }
        if width > len {
            width -= 1;
        }
    }
    if has_prefix {
        if fill != ' ' {
            out.extend(&chars[index..index + 2]);
            index += 2;
        }
        width = (width - 2).max(0);
        len -= 2;
    }
    if width > len && !conv.left_justify {
        push_fill(out, fill, (width - len) as i64);
        width = len;
    }
    if fill == ' ' {
        if let Some(sign) = sign_char {
            out.push(sign);
        }
        if has_prefix {
            out.extend(&chars[index..index + 2]);
            index += 2;
        }
    }
    out.extend(&chars[index..index + len.max(0) as usize]);
    if width > len {
        push_fill(out, ' ', (width - len) as i64);
    }
}

#[cfg(test)]
mod tests {
    //! Expected values in the tables below were generated by running
    //! CPython 3.11.7; an expected value starting with `!` is an error,
    //! written as `!Kind:message`.

    use super::*;

    /// Renders a result the way the tables write expected values.
    fn outcome(result: Result<String, FormatError>) -> String {
        match result {
            Ok(text) => text,
            Err(err) => format!("!{:?}:{}", err.kind, err.message),
        }
    }

    /// Builds a `str` argument.
    fn text(value: &str, repr: &str) -> FmtArg {
        FmtArg::Str { text: value.to_string(), repr: repr.to_string() }
    }

    /// Builds an arbitrary-object argument.
    fn object(type_name: &str, str_text: &str, repr_text: &str) -> FmtArg {
        FmtArg::Object {
            type_name: type_name.to_string(),
            str_text: str_text.to_string(),
            repr_text: repr_text.to_string(),
            int_text: None,
            index_text: None,
            float_value: None,
        }
    }

    /// Splits a decimal literal into sign and magnitude.
    fn split_sign(decimal: &str) -> (bool, &str) {
        match decimal.strip_prefix('-') {
            Some(magnitude) => (true, magnitude),
            None => (false, decimal),
        }
    }

    /// Collects every mismatch so one failing case shows all of them.
    fn assert_no_failures(failures: Vec<String>) {
        assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
    }

    const REPR_CASES: &[(u64, &str)] = &[
        (0x0000000000000000, "0.0"),
        (0x8000000000000000, "-0.0"),
        (0x3ff0000000000000, "1.0"),
        (0xbff0000000000000, "-1.0"),
        (0x3fb999999999999a, "0.1"),
        (0x3fd3333333333334, "0.30000000000000004"),
        (0x4341c37937e08000, "1e+16"),
        (0x430c6bf526340000, "1000000000000000.0"),
        (0x4341c37937e07fff, "9999999999999998.0"),
        (0x3eef75104d551d69, "1.5e-05"),
        (0x3f1a36e2eb1c432d, "0.0001"),
        (0x3f202e4b6ce5dc68, "0.00012345"),
        (0x42dc12218377de40, "123456789012345.0"),
        (0x43118b54f22aeb00, "1234567890123456.0"),
        (0x4345ee2a2eb5a5c4, "1.2345678901234568e+16"),
        (0x4480f0cf064dd592, "1e+22"),
        (0x44b52d02c7e14af6, "1e+23"),
        (0x54b249ad2594c37d, "1e+100"),
        (0x0000000000000001, "5e-324"),
        (0x0010000000000000, "2.2250738585072014e-308"),
        (0x7fefffffffffffff, "1.7976931348623157e+308"),
        (0x4340000000000000, "9007199254740992.0"),
        (0x43e0000000000000, "9.223372036854776e+18"),
        (0xc004000000000000, "-2.5"),
        (0x3fd5555555555555, "0.3333333333333333"),
        (0x3fe5555555555555, "0.6666666666666666"),
        (0x4059000000000000, "100.0"),
        (0x3e7ad7f29abcaf48, "1e-07"),
        (0x42efc0086c68ec04, "279277084034912.12"),
        (0xf2a74de452e6b438, "-1.989032661366619e+244"),
        (0x6513270e269e0d37, "7.761117632285041e+178"),
        (0x0c5c7fd0a6a3a450, "3.980498358697587e-249"),
        (0xd23f0824128b2f33, "-1.5432835417340557e+88"),
        (0x1818e811892f902b, "1.3647584518757569e-192"),
        (0x9531985d5d9dc9f8, "-1.3701135617873088e-206"),
        (0xe8e25d940ed90475, "-1.7160537630466207e+197"),
        (0x36f675cc81e74ef5, "6.294675241195386e-44"),
        (0x1600a35a099950d8, "1.0613447212142254e-202"),
        (0x6b0d549b6f03675a, "4.708325160387546e+207"),
        (0x3d9c172411e20b8f, "6.387016158513563e-12"),
        (0x8d116ece1738f7d9, "-9.973130378568733e-246"),
        (0x0f21ddb66cad4a26, "8.779753225680271e-236"),
        (0x90c192cfd3ac94af, "-5.795503248498993e-228"),
        (0xf28c105d1fb17c23, "-5.988180159386011e+243"),
        (0xa170b33839263059, "-1.306052388527796e-147"),
        (0x953f48f1a09f76b5, "-2.436117699484841e-206"),
        (0x0fd630f1f29d0da9, "2.233386999150174e-232"),
        (0x95e60af593bd04cf, "-3.51527970626667e-203"),
        (0x0cb1e29c658cda14, "1.5987381841032883e-247"),
        (0x3898d190f9ebdacc, "4.6678633181812096e-36"),
        (0x8e81973e0becd7b0, "-8.441872792105456e-239"),
        (0x2217beaddbc496cb, "1.9015657400796622e-144"),
        (0x6b4cb2424a23d596, "7.370437700706684e+208"),
        (0x8a6a63ec24ede6a4, "-1.7163996725272777e-258"),
        (0x922766581e27a1c0, "-3.2367190832119987e-221"),
        (0x8f6d05584ef8aa38, "-2.2818334634712625e-234"),
        (0xae97ba94d0eda82f, "-3.0536383926309363e-84"),
        (0x1a61dbe22e44158b, "1.3449551894627777e-181"),
        (0x923a736994e3bf91, "-7.317495976062606e-221"),
        (0x301850c5a38fd547, "5.249822308814304e-77"),
        (0x18f135d25f557203, "1.5450754142984396e-188"),
        (0xb64ce4228c38fb29, "-3.953625698224792e-47"),
        (0x907a70c31012f037, "-2.72491267476498e-229"),
        (0x9e7769b10f4205b4, "-6.505141861548772e-162"),
        (0x7f15052434b9b5df, "1.441484839555994e+304"),
        (0x881ed162ae2eb154, "-1.4583679262758548e-269"),
        (0xc6f877186d76b07e, "-7.939416668807721e+33"),
        (0x7731af10506bf2ef, "1.4255183989699612e+266"),
        (0xec66a78795e761d1, "-1.525315701232403e+214"),
        (0x4287242a7403e431, "3180512313468.524"),
        (0x419f3e8d8f45d442, "131048291.81819251"),
        (0x43633748930d6eb0, "4.32704752144521e+16"),
        (0x43b26d9272e6cc3b, "1.3278784873402355e+18"),
        (0x41a2bd4bebb2f4e4, "157197813.84952462"),
        (0x41fac286830e07bd, "7183296560.876889"),
        (0x41e5e43ec1d3fd00, "2938238478.624634"),
        (0x42ff4b2beeeacbe3, "550523521379518.2"),
        (0x4433deeeac40c744, "3.665521037155796e+20"),
        (0x42a41470d17f9acb, "11039012339661.396"),
        (0x43b66952b1fee090, "1.6149128658278523e+18"),
        (0x419d3277cc011cde, "122461683.00108668"),
        (0x44f7f5eb5c2083fc, "1.810413453921739e+24"),
        (0x441e57a0451abd82, "1.3992911121750272e+20"),
        (0x4160a3d6a817846c, "8724149.25287076"),
        (0x442236d072158371, "1.6799558781835048e+20"),
        (0x41663555ab2cd31f, "11643565.349221764"),
        (0x42bd8c6af0ce5836, "32488926793304.21"),
        (0x418f98aa1df9fd79, "66262339.74706549"),
        (0x44308e38932a4734, "3.053960079412269e+20"),
    ];

    const FLOAT_SPEC_CASES: &[(f64, &str, &str)] = &[
        (f64::from_bits(0x0000000000000000), "", "0.0"),
        (f64::from_bits(0x0000000000000000), ".3", "0.0"),
        (f64::from_bits(0x0000000000000000), ".0", "0e+00"),
        (f64::from_bits(0x0000000000000000), ".1", "0e+00"),
        (f64::from_bits(0x0000000000000000), "e", "0.000000e+00"),
        (f64::from_bits(0x0000000000000000), ".2e", "0.00e+00"),
        (f64::from_bits(0x0000000000000000), "E", "0.000000E+00"),
        (f64::from_bits(0x0000000000000000), "f", "0.000000"),
        (f64::from_bits(0x0000000000000000), ".0f", "0"),
        (f64::from_bits(0x0000000000000000), ".2f", "0.00"),
        (f64::from_bits(0x0000000000000000), "F", "0.000000"),
        (f64::from_bits(0x0000000000000000), "g", "0"),
        (f64::from_bits(0x0000000000000000), ".3g", "0"),
        (f64::from_bits(0x0000000000000000), "G", "0"),
        (f64::from_bits(0x0000000000000000), "#g", "0.00000"),
        (f64::from_bits(0x0000000000000000), "#.0f", "0."),
        (f64::from_bits(0x0000000000000000), "#.3", "0.00"),
        (f64::from_bits(0x0000000000000000), "n", "0"),
        (f64::from_bits(0x0000000000000000), "%", "0.000000%"),
        (f64::from_bits(0x0000000000000000), ".1%", "0.0%"),
        (f64::from_bits(0x0000000000000000), "+", "+0.0"),
        (f64::from_bits(0x0000000000000000), " ", " 0.0"),
        (f64::from_bits(0x0000000000000000), "020,.2f", "0,000,000,000,000.00"),
        (f64::from_bits(0x0000000000000000), "010", "00000000.0"),
        (f64::from_bits(0x0000000000000000), "<10", "0.0       "),
        (f64::from_bits(0x0000000000000000), "^12.3f", "   0.000    "),
        (f64::from_bits(0x0000000000000000), "*>15,", "************0.0"),
        (f64::from_bits(0x0000000000000000), "=+12.1f", "+        0.0"),
        (f64::from_bits(0x0000000000000000), "_", "0.0"),
        (f64::from_bits(0x0000000000000000), "z.1f", "0.0"),
        (f64::from_bits(0x0000000000000000), "012.3e", "0000.000e+00"),
        (f64::from_bits(0x0000000000000000), ",.2f", "0.00"),
        (f64::from_bits(0x8000000000000000), "", "-0.0"),
        (f64::from_bits(0x8000000000000000), ".3", "-0.0"),
        (f64::from_bits(0x8000000000000000), ".0", "-0e+00"),
        (f64::from_bits(0x8000000000000000), ".1", "-0e+00"),
        (f64::from_bits(0x8000000000000000), "e", "-0.000000e+00"),
        (f64::from_bits(0x8000000000000000), ".2e", "-0.00e+00"),
        (f64::from_bits(0x8000000000000000), "E", "-0.000000E+00"),
        (f64::from_bits(0x8000000000000000), "f", "-0.000000"),
        (f64::from_bits(0x8000000000000000), ".0f", "-0"),
        (f64::from_bits(0x8000000000000000), ".2f", "-0.00"),
        (f64::from_bits(0x8000000000000000), "F", "-0.000000"),
        (f64::from_bits(0x8000000000000000), "g", "-0"),
        (f64::from_bits(0x8000000000000000), ".3g", "-0"),
        (f64::from_bits(0x8000000000000000), "G", "-0"),
        (f64::from_bits(0x8000000000000000), "#g", "-0.00000"),
        (f64::from_bits(0x8000000000000000), "#.0f", "-0."),
        (f64::from_bits(0x8000000000000000), "#.3", "-0.00"),
        (f64::from_bits(0x8000000000000000), "n", "-0"),
        (f64::from_bits(0x8000000000000000), "%", "-0.000000%"),
        (f64::from_bits(0x8000000000000000), ".1%", "-0.0%"),
        (f64::from_bits(0x8000000000000000), "+", "-0.0"),
        (f64::from_bits(0x8000000000000000), " ", "-0.0"),
        (f64::from_bits(0x8000000000000000), "020,.2f", "-0,000,000,000,000.00"),
        (f64::from_bits(0x8000000000000000), "010", "-0000000.0"),
        (f64::from_bits(0x8000000000000000), "<10", "-0.0      "),
        (f64::from_bits(0x8000000000000000), "^12.3f", "   -0.000   "),
        (f64::from_bits(0x8000000000000000), "*>15,", "***********-0.0"),
        (f64::from_bits(0x8000000000000000), "=+12.1f", "-        0.0"),
        (f64::from_bits(0x8000000000000000), "_", "-0.0"),
        (f64::from_bits(0x8000000000000000), "z.1f", "0.0"),
        (f64::from_bits(0x8000000000000000), "012.3e", "-000.000e+00"),
        (f64::from_bits(0x8000000000000000), ",.2f", "-0.00"),
        (f64::from_bits(0xbff8000000000000), "", "-1.5"),
        (f64::from_bits(0xbff8000000000000), ".3", "-1.5"),
        (f64::from_bits(0xbff8000000000000), ".0", "-2e+00"),
        (f64::from_bits(0xbff8000000000000), ".1", "-2e+00"),
        (f64::from_bits(0xbff8000000000000), "e", "-1.500000e+00"),
        (f64::from_bits(0xbff8000000000000), ".2e", "-1.50e+00"),
        (f64::from_bits(0xbff8000000000000), "E", "-1.500000E+00"),
        (f64::from_bits(0xbff8000000000000), "f", "-1.500000"),
        (f64::from_bits(0xbff8000000000000), ".0f", "-2"),
        (f64::from_bits(0xbff8000000000000), ".2f", "-1.50"),
        (f64::from_bits(0xbff8000000000000), "F", "-1.500000"),
        (f64::from_bits(0xbff8000000000000), "g", "-1.5"),
        (f64::from_bits(0xbff8000000000000), ".3g", "-1.5"),
        (f64::from_bits(0xbff8000000000000), "G", "-1.5"),
        (f64::from_bits(0xbff8000000000000), "#g", "-1.50000"),
        (f64::from_bits(0xbff8000000000000), "#.0f", "-2."),
        (f64::from_bits(0xbff8000000000000), "#.3", "-1.50"),
        (f64::from_bits(0xbff8000000000000), "n", "-1.5"),
        (f64::from_bits(0xbff8000000000000), "%", "-150.000000%"),
        (f64::from_bits(0xbff8000000000000), ".1%", "-150.0%"),
        (f64::from_bits(0xbff8000000000000), "+", "-1.5"),
        (f64::from_bits(0xbff8000000000000), " ", "-1.5"),
        (f64::from_bits(0xbff8000000000000), "020,.2f", "-0,000,000,000,001.50"),
        (f64::from_bits(0xbff8000000000000), "010", "-0000001.5"),
        (f64::from_bits(0xbff8000000000000), "<10", "-1.5      "),
        (f64::from_bits(0xbff8000000000000), "^12.3f", "   -1.500   "),
        (f64::from_bits(0xbff8000000000000), "*>15,", "***********-1.5"),
        (f64::from_bits(0xbff8000000000000), "=+12.1f", "-        1.5"),
        (f64::from_bits(0xbff8000000000000), "_", "-1.5"),
        (f64::from_bits(0xbff8000000000000), "z.1f", "-1.5"),
        (f64::from_bits(0xbff8000000000000), "012.3e", "-001.500e+00"),
        (f64::from_bits(0xbff8000000000000), ",.2f", "-1.50"),
        (f64::from_bits(0x3fb999999999999a), "", "0.1"),
        (f64::from_bits(0x3fb999999999999a), ".3", "0.1"),
        (f64::from_bits(0x3fb999999999999a), ".0", "0.1"),
        (f64::from_bits(0x3fb999999999999a), ".1", "0.1"),
        (f64::from_bits(0x3fb999999999999a), "e", "1.000000e-01"),
        (f64::from_bits(0x3fb999999999999a), ".2e", "1.00e-01"),
        (f64::from_bits(0x3fb999999999999a), "E", "1.000000E-01"),
        (f64::from_bits(0x3fb999999999999a), "f", "0.100000"),
        (f64::from_bits(0x3fb999999999999a), ".0f", "0"),
        (f64::from_bits(0x3fb999999999999a), ".2f", "0.10"),
        (f64::from_bits(0x3fb999999999999a), "F", "0.100000"),
        (f64::from_bits(0x3fb999999999999a), "g", "0.1"),
        (f64::from_bits(0x3fb999999999999a), ".3g", "0.1"),
        (f64::from_bits(0x3fb999999999999a), "G", "0.1"),
        (f64::from_bits(0x3fb999999999999a), "#g", "0.100000"),
        (f64::from_bits(0x3fb999999999999a), "#.0f", "0."),
        (f64::from_bits(0x3fb999999999999a), "#.3", "0.100"),
        (f64::from_bits(0x3fb999999999999a), "n", "0.1"),
        (f64::from_bits(0x3fb999999999999a), "%", "10.000000%"),
        (f64::from_bits(0x3fb999999999999a), ".1%", "10.0%"),
        (f64::from_bits(0x3fb999999999999a), "+", "+0.1"),
        (f64::from_bits(0x3fb999999999999a), " ", " 0.1"),
        (f64::from_bits(0x3fb999999999999a), "020,.2f", "0,000,000,000,000.10"),
        (f64::from_bits(0x3fb999999999999a), "010", "00000000.1"),
        (f64::from_bits(0x3fb999999999999a), "<10", "0.1       "),
        (f64::from_bits(0x3fb999999999999a), "^12.3f", "   0.100    "),
        (f64::from_bits(0x3fb999999999999a), "*>15,", "************0.1"),
        (f64::from_bits(0x3fb999999999999a), "=+12.1f", "+        0.1"),
        (f64::from_bits(0x3fb999999999999a), "_", "0.1"),
        (f64::from_bits(0x3fb999999999999a), "z.1f", "0.1"),
        (f64::from_bits(0x3fb999999999999a), "012.3e", "0001.000e-01"),
        (f64::from_bits(0x3fb999999999999a), ",.2f", "0.10"),
        (f64::from_bits(0x4005666666666666), "", "2.675"),
        (f64::from_bits(0x4005666666666666), ".3", "2.67"),
        (f64::from_bits(0x4005666666666666), ".0", "3e+00"),
        (f64::from_bits(0x4005666666666666), ".1", "3e+00"),
        (f64::from_bits(0x4005666666666666), "e", "2.675000e+00"),
        (f64::from_bits(0x4005666666666666), ".2e", "2.67e+00"),
        (f64::from_bits(0x4005666666666666), "E", "2.675000E+00"),
        (f64::from_bits(0x4005666666666666), "f", "2.675000"),
        (f64::from_bits(0x4005666666666666), ".0f", "3"),
        (f64::from_bits(0x4005666666666666), ".2f", "2.67"),
        (f64::from_bits(0x4005666666666666), "F", "2.675000"),
        (f64::from_bits(0x4005666666666666), "g", "2.675"),
        (f64::from_bits(0x4005666666666666), ".3g", "2.67"),
        (f64::from_bits(0x4005666666666666), "G", "2.675"),
        (f64::from_bits(0x4005666666666666), "#g", "2.67500"),
        (f64::from_bits(0x4005666666666666), "#.0f", "3."),
        (f64::from_bits(0x4005666666666666), "#.3", "2.67"),
        (f64::from_bits(0x4005666666666666), "n", "2.675"),
        (f64::from_bits(0x4005666666666666), "%", "267.500000%"),
        (f64::from_bits(0x4005666666666666), ".1%", "267.5%"),
        (f64::from_bits(0x4005666666666666), "+", "+2.675"),
        (f64::from_bits(0x4005666666666666), " ", " 2.675"),
        (f64::from_bits(0x4005666666666666), "020,.2f", "0,000,000,000,002.67"),
        (f64::from_bits(0x4005666666666666), "010", "000002.675"),
        (f64::from_bits(0x4005666666666666), "<10", "2.675     "),
        (f64::from_bits(0x4005666666666666), "^12.3f", "   2.675    "),
        (f64::from_bits(0x4005666666666666), "*>15,", "**********2.675"),
        (f64::from_bits(0x4005666666666666), "=+12.1f", "+        2.7"),
        (f64::from_bits(0x4005666666666666), "_", "2.675"),
        (f64::from_bits(0x4005666666666666), "z.1f", "2.7"),
        (f64::from_bits(0x4005666666666666), "012.3e", "0002.675e+00"),
        (f64::from_bits(0x4005666666666666), ",.2f", "2.67"),
        (f64::from_bits(0x4132d687e4189375), "", "1234567.891"),
        (f64::from_bits(0x4132d687e4189375), ".3", "1.23e+06"),
        (f64::from_bits(0x4132d687e4189375), ".0", "1e+06"),
        (f64::from_bits(0x4132d687e4189375), ".1", "1e+06"),
        (f64::from_bits(0x4132d687e4189375), "e", "1.234568e+06"),
        (f64::from_bits(0x4132d687e4189375), ".2e", "1.23e+06"),
        (f64::from_bits(0x4132d687e4189375), "E", "1.234568E+06"),
        (f64::from_bits(0x4132d687e4189375), "f", "1234567.891000"),
        (f64::from_bits(0x4132d687e4189375), ".0f", "1234568"),
        (f64::from_bits(0x4132d687e4189375), ".2f", "1234567.89"),
        (f64::from_bits(0x4132d687e4189375), "F", "1234567.891000"),
        (f64::from_bits(0x4132d687e4189375), "g", "1.23457e+06"),
        (f64::from_bits(0x4132d687e4189375), ".3g", "1.23e+06"),
        (f64::from_bits(0x4132d687e4189375), "G", "1.23457E+06"),
        (f64::from_bits(0x4132d687e4189375), "#g", "1.23457e+06"),
        (f64::from_bits(0x4132d687e4189375), "#.0f", "1234568."),
        (f64::from_bits(0x4132d687e4189375), "#.3", "1.23e+06"),
        (f64::from_bits(0x4132d687e4189375), "n", "1.23457e+06"),
        (f64::from_bits(0x4132d687e4189375), "%", "123456789.100000%"),
        (f64::from_bits(0x4132d687e4189375), ".1%", "123456789.1%"),
        (f64::from_bits(0x4132d687e4189375), "+", "+1234567.891"),
        (f64::from_bits(0x4132d687e4189375), " ", " 1234567.891"),
        (f64::from_bits(0x4132d687e4189375), "020,.2f", "0,000,001,234,567.89"),
        (f64::from_bits(0x4132d687e4189375), "010", "1234567.891"),
        (f64::from_bits(0x4132d687e4189375), "<10", "1234567.891"),
        (f64::from_bits(0x4132d687e4189375), "^12.3f", "1234567.891 "),
        (f64::from_bits(0x4132d687e4189375), "*>15,", "**1,234,567.891"),
        (f64::from_bits(0x4132d687e4189375), "=+12.1f", "+  1234567.9"),
        (f64::from_bits(0x4132d687e4189375), "_", "1_234_567.891"),
        (f64::from_bits(0x4132d687e4189375), "z.1f", "1234567.9"),
        (f64::from_bits(0x4132d687e4189375), "012.3e", "0001.235e+06"),
        (f64::from_bits(0x4132d687e4189375), ",.2f", "1,234,567.89"),
        (f64::from_bits(0x4341c37937e08000), "", "1e+16"),
        (f64::from_bits(0x4341c37937e08000), ".3", "1e+16"),
        (f64::from_bits(0x4341c37937e08000), ".0", "1e+16"),
        (f64::from_bits(0x4341c37937e08000), ".1", "1e+16"),
        (f64::from_bits(0x4341c37937e08000), "e", "1.000000e+16"),
        (f64::from_bits(0x4341c37937e08000), ".2e", "1.00e+16"),
        (f64::from_bits(0x4341c37937e08000), "E", "1.000000E+16"),
        (f64::from_bits(0x4341c37937e08000), "f", "10000000000000000.000000"),
        (f64::from_bits(0x4341c37937e08000), ".0f", "10000000000000000"),
        (f64::from_bits(0x4341c37937e08000), ".2f", "10000000000000000.00"),
        (f64::from_bits(0x4341c37937e08000), "F", "10000000000000000.000000"),
        (f64::from_bits(0x4341c37937e08000), "g", "1e+16"),
        (f64::from_bits(0x4341c37937e08000), ".3g", "1e+16"),
        (f64::from_bits(0x4341c37937e08000), "G", "1E+16"),
        (f64::from_bits(0x4341c37937e08000), "#g", "1.00000e+16"),
        (f64::from_bits(0x4341c37937e08000), "#.0f", "10000000000000000."),
        (f64::from_bits(0x4341c37937e08000), "#.3", "1.00e+16"),
        (f64::from_bits(0x4341c37937e08000), "n", "1e+16"),
        (f64::from_bits(0x4341c37937e08000), "%", "1000000000000000000.000000%"),
        (f64::from_bits(0x4341c37937e08000), ".1%", "1000000000000000000.0%"),
        (f64::from_bits(0x4341c37937e08000), "+", "+1e+16"),
        (f64::from_bits(0x4341c37937e08000), " ", " 1e+16"),
        (f64::from_bits(0x4341c37937e08000), "020,.2f", "10,000,000,000,000,000.00"),
        (f64::from_bits(0x4341c37937e08000), "010", "000001e+16"),
        (f64::from_bits(0x4341c37937e08000), "<10", "1e+16     "),
        (f64::from_bits(0x4341c37937e08000), "^12.3f", "10000000000000000.000"),
        (f64::from_bits(0x4341c37937e08000), "*>15,", "**********1e+16"),
        (f64::from_bits(0x4341c37937e08000), "=+12.1f", "+10000000000000000.0"),
        (f64::from_bits(0x4341c37937e08000), "_", "1e+16"),
        (f64::from_bits(0x4341c37937e08000), "z.1f", "10000000000000000.0"),
        (f64::from_bits(0x4341c37937e08000), "012.3e", "0001.000e+16"),
        (f64::from_bits(0x4341c37937e08000), ",.2f", "10,000,000,000,000,000.00"),
        (f64::from_bits(0x3eef75104d551d69), "", "1.5e-05"),
        (f64::from_bits(0x3eef75104d551d69), ".3", "1.5e-05"),
        (f64::from_bits(0x3eef75104d551d69), ".0", "2e-05"),
        (f64::from_bits(0x3eef75104d551d69), ".1", "2e-05"),
        (f64::from_bits(0x3eef75104d551d69), "e", "1.500000e-05"),
        (f64::from_bits(0x3eef75104d551d69), ".2e", "1.50e-05"),
        (f64::from_bits(0x3eef75104d551d69), "E", "1.500000E-05"),
        (f64::from_bits(0x3eef75104d551d69), "f", "0.000015"),
        (f64::from_bits(0x3eef75104d551d69), ".0f", "0"),
        (f64::from_bits(0x3eef75104d551d69), ".2f", "0.00"),
        (f64::from_bits(0x3eef75104d551d69), "F", "0.000015"),
        (f64::from_bits(0x3eef75104d551d69), "g", "1.5e-05"),
        (f64::from_bits(0x3eef75104d551d69), ".3g", "1.5e-05"),
        (f64::from_bits(0x3eef75104d551d69), "G", "1.5E-05"),
        (f64::from_bits(0x3eef75104d551d69), "#g", "1.50000e-05"),
        (f64::from_bits(0x3eef75104d551d69), "#.0f", "0."),
        (f64::from_bits(0x3eef75104d551d69), "#.3", "1.50e-05"),
        (f64::from_bits(0x3eef75104d551d69), "n", "1.5e-05"),
        (f64::from_bits(0x3eef75104d551d69), "%", "0.001500%"),
        (f64::from_bits(0x3eef75104d551d69), ".1%", "0.0%"),
        (f64::from_bits(0x3eef75104d551d69), "+", "+1.5e-05"),
        (f64::from_bits(0x3eef75104d551d69), " ", " 1.5e-05"),
        (f64::from_bits(0x3eef75104d551d69), "020,.2f", "0,000,000,000,000.00"),
        (f64::from_bits(0x3eef75104d551d69), "010", "0001.5e-05"),
        (f64::from_bits(0x3eef75104d551d69), "<10", "1.5e-05   "),
        (f64::from_bits(0x3eef75104d551d69), "^12.3f", "   0.000    "),
        (f64::from_bits(0x3eef75104d551d69), "*>15,", "********1.5e-05"),
        (f64::from_bits(0x3eef75104d551d69), "=+12.1f", "+        0.0"),
        (f64::from_bits(0x3eef75104d551d69), "_", "1.5e-05"),
        (f64::from_bits(0x3eef75104d551d69), "z.1f", "0.0"),
        (f64::from_bits(0x3eef75104d551d69), "012.3e", "0001.500e-05"),
        (f64::from_bits(0x3eef75104d551d69), ",.2f", "0.00"),
        (f64::from_bits(0x42dc12218377de40), "", "123456789012345.0"),
        (f64::from_bits(0x42dc12218377de40), ".3", "1.23e+14"),
        (f64::from_bits(0x42dc12218377de40), ".0", "1e+14"),
        (f64::from_bits(0x42dc12218377de40), ".1", "1e+14"),
        (f64::from_bits(0x42dc12218377de40), "e", "1.234568e+14"),
        (f64::from_bits(0x42dc12218377de40), ".2e", "1.23e+14"),
        (f64::from_bits(0x42dc12218377de40), "E", "1.234568E+14"),
        (f64::from_bits(0x42dc12218377de40), "f", "123456789012345.000000"),
        (f64::from_bits(0x42dc12218377de40), ".0f", "123456789012345"),
        (f64::from_bits(0x42dc12218377de40), ".2f", "123456789012345.00"),
        (f64::from_bits(0x42dc12218377de40), "F", "123456789012345.000000"),
        (f64::from_bits(0x42dc12218377de40), "g", "1.23457e+14"),
        (f64::from_bits(0x42dc12218377de40), ".3g", "1.23e+14"),
        (f64::from_bits(0x42dc12218377de40), "G", "1.23457E+14"),
        (f64::from_bits(0x42dc12218377de40), "#g", "1.23457e+14"),
        (f64::from_bits(0x42dc12218377de40), "#.0f", "123456789012345."),
        (f64::from_bits(0x42dc12218377de40), "#.3", "1.23e+14"),
        (f64::from_bits(0x42dc12218377de40), "n", "1.23457e+14"),
        (f64::from_bits(0x42dc12218377de40), "%", "12345678901234500.000000%"),
        (f64::from_bits(0x42dc12218377de40), ".1%", "12345678901234500.0%"),
        (f64::from_bits(0x42dc12218377de40), "+", "+123456789012345.0"),
        (f64::from_bits(0x42dc12218377de40), " ", " 123456789012345.0"),
        (f64::from_bits(0x42dc12218377de40), "020,.2f", "123,456,789,012,345.00"),
        (f64::from_bits(0x42dc12218377de40), "010", "123456789012345.0"),
        (f64::from_bits(0x42dc12218377de40), "<10", "123456789012345.0"),
        (f64::from_bits(0x42dc12218377de40), "^12.3f", "123456789012345.000"),
        (f64::from_bits(0x42dc12218377de40), "*>15,", "123,456,789,012,345.0"),
        (f64::from_bits(0x42dc12218377de40), "=+12.1f", "+123456789012345.0"),
        (f64::from_bits(0x42dc12218377de40), "_", "123_456_789_012_345.0"),
        (f64::from_bits(0x42dc12218377de40), "z.1f", "123456789012345.0"),
        (f64::from_bits(0x42dc12218377de40), "012.3e", "0001.235e+14"),
        (f64::from_bits(0x42dc12218377de40), ",.2f", "123,456,789,012,345.00"),
        (f64::from_bits(0x0000000000000001), "", "5e-324"),
        (f64::from_bits(0x0000000000000001), ".3", "4.94e-324"),
        (f64::from_bits(0x0000000000000001), ".0", "5e-324"),
        (f64::from_bits(0x0000000000000001), ".1", "5e-324"),
        (f64::from_bits(0x0000000000000001), "e", "4.940656e-324"),
        (f64::from_bits(0x0000000000000001), ".2e", "4.94e-324"),
        (f64::from_bits(0x0000000000000001), "E", "4.940656E-324"),
        (f64::from_bits(0x0000000000000001), "f", "0.000000"),
        (f64::from_bits(0x0000000000000001), ".0f", "0"),
        (f64::from_bits(0x0000000000000001), ".2f", "0.00"),
        (f64::from_bits(0x0000000000000001), "F", "0.000000"),
        (f64::from_bits(0x0000000000000001), "g", "4.94066e-324"),
        (f64::from_bits(0x0000000000000001), ".3g", "4.94e-324"),
        (f64::from_bits(0x0000000000000001), "G", "4.94066E-324"),
        (f64::from_bits(0x0000000000000001), "#g", "4.94066e-324"),
        (f64::from_bits(0x0000000000000001), "#.0f", "0."),
        (f64::from_bits(0x0000000000000001), "#.3", "4.94e-324"),
        (f64::from_bits(0x0000000000000001), "n", "4.94066e-324"),
        (f64::from_bits(0x0000000000000001), "%", "0.000000%"),
        (f64::from_bits(0x0000000000000001), ".1%", "0.0%"),
        (f64::from_bits(0x0000000000000001), "+", "+5e-324"),
        (f64::from_bits(0x0000000000000001), " ", " 5e-324"),
        (f64::from_bits(0x0000000000000001), "020,.2f", "0,000,000,000,000.00"),
        (f64::from_bits(0x0000000000000001), "010", "00005e-324"),
        (f64::from_bits(0x0000000000000001), "<10", "5e-324    "),
        (f64::from_bits(0x0000000000000001), "^12.3f", "   0.000    "),
        (f64::from_bits(0x0000000000000001), "*>15,", "*********5e-324"),
        (f64::from_bits(0x0000000000000001), "=+12.1f", "+        0.0"),
        (f64::from_bits(0x0000000000000001), "_", "5e-324"),
        (f64::from_bits(0x0000000000000001), "z.1f", "0.0"),
        (f64::from_bits(0x0000000000000001), "012.3e", "004.941e-324"),
        (f64::from_bits(0x0000000000000001), ",.2f", "0.00"),
        (f64::from_bits(0x7fefffffffffffff), "", "1.7976931348623157e+308"),
        (f64::from_bits(0x7fefffffffffffff), ".3", "1.8e+308"),
        (f64::from_bits(0x7fefffffffffffff), ".0", "2e+308"),
        (f64::from_bits(0x7fefffffffffffff), ".1", "2e+308"),
        (f64::from_bits(0x7fefffffffffffff), "e", "1.797693e+308"),
        (f64::from_bits(0x7fefffffffffffff), ".2e", "1.80e+308"),
        (f64::from_bits(0x7fefffffffffffff), "E", "1.797693E+308"),
        (f64::from_bits(0x7fefffffffffffff), "f", "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.000000"),
        (f64::from_bits(0x7fefffffffffffff), ".0f", "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368"),
        (f64::from_bits(0x7fefffffffffffff), ".2f", "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.00"),
        (f64::from_bits(0x7fefffffffffffff), "F", "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.000000"),
        (f64::from_bits(0x7fefffffffffffff), "g", "1.79769e+308"),
        (f64::from_bits(0x7fefffffffffffff), ".3g", "1.8e+308"),
        (f64::from_bits(0x7fefffffffffffff), "G", "1.79769E+308"),
        (f64::from_bits(0x7fefffffffffffff), "#g", "1.79769e+308"),
        (f64::from_bits(0x7fefffffffffffff), "#.0f", "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368."),
        (f64::from_bits(0x7fefffffffffffff), "#.3", "1.80e+308"),
        (f64::from_bits(0x7fefffffffffffff), "n", "1.79769e+308"),
        (f64::from_bits(0x7fefffffffffffff), "%", "inf%"),
        (f64::from_bits(0x7fefffffffffffff), ".1%", "inf%"),
        (f64::from_bits(0x7fefffffffffffff), "+", "+1.7976931348623157e+308"),
        (f64::from_bits(0x7fefffffffffffff), " ", " 1.7976931348623157e+308"),
        (f64::from_bits(0x7fefffffffffffff), "020,.2f", "179,769,313,486,231,570,814,527,423,731,704,356,798,070,567,525,844,996,598,917,476,803,157,260,780,028,538,760,589,558,632,766,878,171,540,458,953,514,382,464,234,321,326,889,464,182,768,467,546,703,537,516,986,049,910,576,551,282,076,245,490,090,389,328,944,075,868,508,455,133,942,304,583,236,903,222,948,165,808,559,332,123,348,274,797,826,204,144,723,168,738,177,180,919,299,881,250,404,026,184,124,858,368.00"),
        (f64::from_bits(0x7fefffffffffffff), "010", "1.7976931348623157e+308"),
        (f64::from_bits(0x7fefffffffffffff), "<10", "1.7976931348623157e+308"),
        (f64::from_bits(0x7fefffffffffffff), "^12.3f", "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.000"),
        (f64::from_bits(0x7fefffffffffffff), "*>15,", "1.7976931348623157e+308"),
        (f64::from_bits(0x7fefffffffffffff), "=+12.1f", "+179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.0"),
        (f64::from_bits(0x7fefffffffffffff), "_", "1.7976931348623157e+308"),
        (f64::from_bits(0x7fefffffffffffff), "z.1f", "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.0"),
        (f64::from_bits(0x7fefffffffffffff), "012.3e", "001.798e+308"),
        (f64::from_bits(0x7fefffffffffffff), ",.2f", "179,769,313,486,231,570,814,527,423,731,704,356,798,070,567,525,844,996,598,917,476,803,157,260,780,028,538,760,589,558,632,766,878,171,540,458,953,514,382,464,234,321,326,889,464,182,768,467,546,703,537,516,986,049,910,576,551,282,076,245,490,090,389,328,944,075,868,508,455,133,942,304,583,236,903,222,948,165,808,559,332,123,348,274,797,826,204,144,723,168,738,177,180,919,299,881,250,404,026,184,124,858,368.00"),
        (f64::NEG_INFINITY, "", "-inf"),
        (f64::NEG_INFINITY, ".3", "-inf"),
        (f64::NEG_INFINITY, ".0", "-inf"),
        (f64::NEG_INFINITY, ".1", "-inf"),
        (f64::NEG_INFINITY, "e", "-inf"),
        (f64::NEG_INFINITY, ".2e", "-inf"),
        (f64::NEG_INFINITY, "E", "-INF"),
        (f64::NEG_INFINITY, "f", "-inf"),
        (f64::NEG_INFINITY, ".0f", "-inf"),
        (f64::NEG_INFINITY, ".2f", "-inf"),
        (f64::NEG_INFINITY, "F", "-INF"),
        (f64::NEG_INFINITY, "g", "-inf"),
        (f64::NEG_INFINITY, ".3g", "-inf"),
        (f64::NEG_INFINITY, "G", "-INF"),
        (f64::NEG_INFINITY, "#g", "-inf"),
        (f64::NEG_INFINITY, "#.0f", "-inf"),
        (f64::NEG_INFINITY, "#.3", "-inf"),
        (f64::NEG_INFINITY, "n", "-inf"),
        (f64::NEG_INFINITY, "%", "-inf%"),
        (f64::NEG_INFINITY, ".1%", "-inf%"),
        (f64::NEG_INFINITY, "+", "-inf"),
        (f64::NEG_INFINITY, " ", "-inf"),
        (f64::NEG_INFINITY, "020,.2f", "-0000000000000000inf"),
        (f64::NEG_INFINITY, "010", "-000000inf"),
        (f64::NEG_INFINITY, "<10", "-inf      "),
        (f64::NEG_INFINITY, "^12.3f", "    -inf    "),
        (f64::NEG_INFINITY, "*>15,", "***********-inf"),
        (f64::NEG_INFINITY, "=+12.1f", "-        inf"),
        (f64::NEG_INFINITY, "_", "-inf"),
        (f64::NEG_INFINITY, "z.1f", "-inf"),
        (f64::NEG_INFINITY, "012.3e", "-00000000inf"),
        (f64::NEG_INFINITY, ",.2f", "-inf"),
        (f64::NAN, "", "nan"),
        (f64::NAN, ".3", "nan"),
        (f64::NAN, ".0", "nan"),
        (f64::NAN, ".1", "nan"),
        (f64::NAN, "e", "nan"),
        (f64::NAN, ".2e", "nan"),
        (f64::NAN, "E", "NAN"),
        (f64::NAN, "f", "nan"),
        (f64::NAN, ".0f", "nan"),
        (f64::NAN, ".2f", "nan"),
        (f64::NAN, "F", "NAN"),
        (f64::NAN, "g", "nan"),
        (f64::NAN, ".3g", "nan"),
        (f64::NAN, "G", "NAN"),
        (f64::NAN, "#g", "nan"),
        (f64::NAN, "#.0f", "nan"),
        (f64::NAN, "#.3", "nan"),
        (f64::NAN, "n", "nan"),
        (f64::NAN, "%", "nan%"),
        (f64::NAN, ".1%", "nan%"),
        (f64::NAN, "+", "+nan"),
        (f64::NAN, " ", " nan"),
        (f64::NAN, "020,.2f", "00000000000000000nan"),
        (f64::NAN, "010", "0000000nan"),
        (f64::NAN, "<10", "nan       "),
        (f64::NAN, "^12.3f", "    nan     "),
        (f64::NAN, "*>15,", "************nan"),
        (f64::NAN, "=+12.1f", "+        nan"),
        (f64::NAN, "_", "nan"),
        (f64::NAN, "z.1f", "nan"),
        (f64::NAN, "012.3e", "000000000nan"),
        (f64::NAN, ",.2f", "nan"),
        (f64::from_bits(0x40f869f800000000), "", "99999.5"),
        (f64::from_bits(0x40f869f800000000), ".3", "1e+05"),
        (f64::from_bits(0x40f869f800000000), ".0", "1e+05"),
        (f64::from_bits(0x40f869f800000000), ".1", "1e+05"),
        (f64::from_bits(0x40f869f800000000), "e", "9.999950e+04"),
        (f64::from_bits(0x40f869f800000000), ".2e", "1.00e+05"),
        (f64::from_bits(0x40f869f800000000), "E", "9.999950E+04"),
        (f64::from_bits(0x40f869f800000000), "f", "99999.500000"),
        (f64::from_bits(0x40f869f800000000), ".0f", "100000"),
        (f64::from_bits(0x40f869f800000000), ".2f", "99999.50"),
        (f64::from_bits(0x40f869f800000000), "F", "99999.500000"),
        (f64::from_bits(0x40f869f800000000), "g", "99999.5"),
        (f64::from_bits(0x40f869f800000000), ".3g", "1e+05"),
        (f64::from_bits(0x40f869f800000000), "G", "99999.5"),
        (f64::from_bits(0x40f869f800000000), "#g", "99999.5"),
        (f64::from_bits(0x40f869f800000000), "#.0f", "100000."),
        (f64::from_bits(0x40f869f800000000), "#.3", "1.00e+05"),
        (f64::from_bits(0x40f869f800000000), "n", "99999.5"),
        (f64::from_bits(0x40f869f800000000), "%", "9999950.000000%"),
        (f64::from_bits(0x40f869f800000000), ".1%", "9999950.0%"),
        (f64::from_bits(0x40f869f800000000), "+", "+99999.5"),
        (f64::from_bits(0x40f869f800000000), " ", " 99999.5"),
        (f64::from_bits(0x40f869f800000000), "020,.2f", "0,000,000,099,999.50"),
        (f64::from_bits(0x40f869f800000000), "010", "00099999.5"),
        (f64::from_bits(0x40f869f800000000), "<10", "99999.5   "),
        (f64::from_bits(0x40f869f800000000), "^12.3f", " 99999.500  "),
        (f64::from_bits(0x40f869f800000000), "*>15,", "*******99,999.5"),
        (f64::from_bits(0x40f869f800000000), "=+12.1f", "+    99999.5"),
        (f64::from_bits(0x40f869f800000000), "_", "99_999.5"),
        (f64::from_bits(0x40f869f800000000), "z.1f", "99999.5"),
        (f64::from_bits(0x40f869f800000000), "012.3e", "0001.000e+05"),
        (f64::from_bits(0x40f869f800000000), ",.2f", "99,999.50"),
        (f64::from_bits(0x3fe0000000000000), ".0f", "0"),
        (f64::from_bits(0x3ff8000000000000), ".0f", "2"),
        (f64::from_bits(0x4004000000000000), ".0f", "2"),
        (f64::from_bits(0x400c000000000000), ".0f", "4"),
        (f64::from_bits(0x3fc0000000000000), ".2f", "0.12"),
        (f64::from_bits(0x3fd8000000000000), ".2f", "0.38"),
        (f64::from_bits(0x4005666666666666), ".2f", "2.67"),
        (f64::from_bits(0x4341c37937e08000), "", "1e+16"),
        (f64::from_bits(0x3ff8000000000000), ".3", "1.5"),
        (f64::from_bits(0x7e37e43c8800759c), "f", "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000"),
        (f64::from_bits(0x01a56e1fc2f8f359), ".3g", "1e-300"),
        (f64::from_bits(0x01a56e1fc2f8f359), ".310f", "0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000010000000000"),
        (f64::from_bits(0x405edd2f1a9fbe77), ".30g", "123.456000000000003069544618484"),
        (f64::from_bits(0x3fb999999999999a), ".30f", "0.100000000000000005551115123126"),
        (f64::from_bits(0x40934a0000000000), "0=+12,.1f", "+0,001,234.5"),
        (f64::from_bits(0x40934a0000000000), "\u{e9}^+16,.2f", "\u{e9}\u{e9}\u{e9}+1,234.50\u{e9}\u{e9}\u{e9}\u{e9}"),
        (f64::from_bits(0x40934a0000000000), "0<12", "1234.5000000"),
        (f64::from_bits(0x40934a0000000000), "0>12", "0000001234.5"),
        (f64::from_bits(0xc0934a0000000000), "0^12", "00-1234.5000"),
        (f64::from_bits(0x412e848000000000), ".0e", "1e+06"),
        (f64::from_bits(0x412e848000000000), "#.0e", "1.e+06"),
        (f64::from_bits(0x4023000000000000), ".0e", "1e+01"),
        (f64::from_bits(0x0000000000000000), ".1", "0e+00"),
        (f64::from_bits(0x0000000000000000), ".0", "0e+00"),
        (f64::from_bits(0x4059000000000000), ".3", "1e+02"),
        (f64::from_bits(0x4059000000000000), ".2", "1e+02"),
        (f64::from_bits(0x3ee4f8b588e368f1), ".3", "1e-05"),
        (f64::from_bits(0xbf1a36e2eb1c432d), "z.2f", "0.00"),
        (f64::from_bits(0xbf1a36e2eb1c432d), "z.2e", "-1.00e-04"),
        (f64::from_bits(0x8000000000000000), "z", "0.0"),
        (f64::from_bits(0x8000000000000000), "z%", "0.000000%"),
        (f64::from_bits(0x81a56e1fc2f8f359), "z%", "0.000000%"),
        (f64::from_bits(0x8000000000000000), "z.3g", "0"),
        (f64::from_bits(0x4028000000000000), "#", "12.0"),
        (f64::from_bits(0x4028000000000000), "#.3", "12.0"),
        (f64::INFINITY, "010", "0000000inf"),
        (f64::NAN, "+010", "+000000nan"),
        (f64::NEG_INFINITY, "=+10", "-      inf"),
        (f64::INFINITY, "F", "INF"),
        (f64::NAN, "E", "NAN"),
        (f64::INFINITY, "%", "inf%"),
        (f64::from_bits(0x4341c37937e08000), "n", "1e+16"),
        (f64::from_bits(0x419d6f3454000000), ",.3f", "123,456,789.000"),
        (f64::from_bits(0x419d6f3454000000), "_g", "1.23457e+08"),
        (f64::from_bits(0x3fe0000000000000), ".0%", "50%"),
        (f64::from_bits(0x4132d68700000000), "030,", "0,000,000,000,000,001,234,567.0"),
        (f64::from_bits(0x4132d68700000000), "0=31,", "0,000,000,000,000,001,234,567.0"),
        (f64::from_bits(0x3ff0000000000000), "0=8,", "00,001.0"),
        (f64::from_bits(0x3ff0000000000000), "0=5,.1f", "001.0"),
        (f64::from_bits(0x3ff0000000000000), "05,.1f", "001.0"),
        (f64::from_bits(0x3ff0000000000000), "06,.1f", "0,001.0"),
        (f64::from_bits(0x3ff8000000000000), "\u{1f600}>8", "\u{1f600}\u{1f600}\u{1f600}\u{1f600}\u{1f600}1.5"),
        (f64::from_bits(0x4008000000000000), "-^9", "---3.0---"),
        (f64::from_bits(0x4008000000000000), "-^+9", "--+3.0---"),
        (f64::from_bits(0x4480f0cf064dd592), "f", "10000000000000000000000.000000"),
        (f64::from_bits(0x44b52d02c7e14af6), "f", "99999999999999991611392.000000"),
        (f64::from_bits(0x44b52d02c7e14af6), "", "1e+23"),
        (f64::from_bits(0x44b52d02c7e14af6), ".17g", "9.9999999999999992e+22"),
        (f64::from_bits(0x44b52d02c7e14af6), "g", "1e+23"),
        (f64::from_bits(0x3ee4f8b588e368f1), "", "1e-05"),
        (f64::from_bits(0x3f1a36e2eb1c432d), "", "0.0001"),
        (f64::from_bits(0x430c6bf526340000), "", "1000000000000000.0"),
        (f64::from_bits(0x4341c37937e07fff), "", "9999999999999998.0"),
        (f64::from_bits(0x3fb999999999999a), ".17", "0.10000000000000001"),
        (f64::from_bits(0x3fb999999999999a), ".17g", "0.10000000000000001"),
        (f64::from_bits(0x43e0000000000000), "e", "9.223372e+18"),
    ];

    const INT_SPEC_CASES: &[(&str, &str, &str)] = &[
        ("0", "", "0"),
        ("0", "d", "0"),
        ("0", "b", "0"),
        ("0", "o", "0"),
        ("0", "x", "0"),
        ("0", "X", "0"),
        ("0", "#b", "0b0"),
        ("0", "#o", "0o0"),
        ("0", "#x", "0x0"),
        ("0", "#X", "0X0"),
        ("0", ",", "0"),
        ("0", "_", "0"),
        ("0", "_x", "0"),
        ("0", "_b", "0"),
        ("0", "#_o", "0o0"),
        ("0", "08", "00000000"),
        ("0", "+", "+0"),
        ("0", " ", " 0"),
        ("0", "^10", "    0     "),
        ("0", "*<10", "0*********"),
        ("0", "=+10", "+        0"),
        ("0", "#010x", "0x00000000"),
        ("0", "012,", "0,000,000,000"),
        ("0", "n", "0"),
        ("0", "e", "0.000000e+00"),
        ("0", ".2f", "0.00"),
        ("0", "%", "0.000000%"),
        ("0", "g", "0"),
        ("0", "c", "\u{0}"),
        ("0", "5c", "    \u{0}"),
        ("0", "05c", "0000\u{0}"),
        ("0", ".2", "!ValueError:Precision not allowed in integer format specifier"),
        ("0", "z", "!ValueError:Negative zero coercion (z) not allowed in integer format specifier"),
        ("0", "+c", "!ValueError:Sign not allowed with integer format specifier 'c'"),
        ("0", "#c", "!ValueError:Alternate form (#) not allowed with integer format specifier 'c'"),
        ("0", ",c", "!ValueError:Cannot specify ',' with 'c'."),
        ("0", "s", "!ValueError:Unknown format code 's' for object of type 'int'"),
        ("-1", "", "-1"),
        ("-1", "d", "-1"),
        ("-1", "b", "-1"),
        ("-1", "o", "-1"),
        ("-1", "x", "-1"),
        ("-1", "X", "-1"),
        ("-1", "#b", "-0b1"),
        ("-1", "#o", "-0o1"),
        ("-1", "#x", "-0x1"),
        ("-1", "#X", "-0X1"),
        ("-1", ",", "-1"),
        ("-1", "_", "-1"),
        ("-1", "_x", "-1"),
        ("-1", "_b", "-1"),
        ("-1", "#_o", "-0o1"),
        ("-1", "08", "-0000001"),
        ("-1", "+", "-1"),
        ("-1", " ", "-1"),
        ("-1", "^10", "    -1    "),
        ("-1", "*<10", "-1********"),
        ("-1", "=+10", "-        1"),
        ("-1", "#010x", "-0x0000001"),
        ("-1", "012,", "-000,000,001"),
        ("-1", "n", "-1"),
        ("-1", "e", "-1.000000e+00"),
        ("-1", ".2f", "-1.00"),
        ("-1", "%", "-100.000000%"),
        ("-1", "g", "-1"),
        ("-1", "c", "!OverflowError:%c arg not in range(0x110000)"),
        ("-1", "5c", "!OverflowError:%c arg not in range(0x110000)"),
        ("-1", "05c", "!OverflowError:%c arg not in range(0x110000)"),
        ("-1", ".2", "!ValueError:Precision not allowed in integer format specifier"),
        ("-1", "z", "!ValueError:Negative zero coercion (z) not allowed in integer format specifier"),
        ("-1", "+c", "!ValueError:Sign not allowed with integer format specifier 'c'"),
        ("-1", "#c", "!ValueError:Alternate form (#) not allowed with integer format specifier 'c'"),
        ("-1", ",c", "!ValueError:Cannot specify ',' with 'c'."),
        ("-1", "s", "!ValueError:Unknown format code 's' for object of type 'int'"),
        ("42", "", "42"),
        ("42", "d", "42"),
        ("42", "b", "101010"),
        ("42", "o", "52"),
        ("42", "x", "2a"),
        ("42", "X", "2A"),
        ("42", "#b", "0b101010"),
        ("42", "#o", "0o52"),
        ("42", "#x", "0x2a"),
        ("42", "#X", "0X2A"),
        ("42", ",", "42"),
        ("42", "_", "42"),
        ("42", "_x", "2a"),
        ("42", "_b", "10_1010"),
        ("42", "#_o", "0o52"),
        ("42", "08", "00000042"),
        ("42", "+", "+42"),
        ("42", " ", " 42"),
        ("42", "^10", "    42    "),
        ("42", "*<10", "42********"),
        ("42", "=+10", "+       42"),
        ("42", "#010x", "0x0000002a"),
        ("42", "012,", "0,000,000,042"),
        ("42", "n", "42"),
        ("42", "e", "4.200000e+01"),
        ("42", ".2f", "42.00"),
        ("42", "%", "4200.000000%"),
        ("42", "g", "42"),
        ("42", "c", "*"),
        ("42", "5c", "    *"),
        ("42", "05c", "0000*"),
        ("42", ".2", "!ValueError:Precision not allowed in integer format specifier"),
        ("42", "z", "!ValueError:Negative zero coercion (z) not allowed in integer format specifier"),
        ("42", "+c", "!ValueError:Sign not allowed with integer format specifier 'c'"),
        ("42", "#c", "!ValueError:Alternate form (#) not allowed with integer format specifier 'c'"),
        ("42", ",c", "!ValueError:Cannot specify ',' with 'c'."),
        ("42", "s", "!ValueError:Unknown format code 's' for object of type 'int'"),
        ("255", "", "255"),
        ("255", "d", "255"),
        ("255", "b", "11111111"),
        ("255", "o", "377"),
        ("255", "x", "ff"),
        ("255", "X", "FF"),
        ("255", "#b", "0b11111111"),
        ("255", "#o", "0o377"),
        ("255", "#x", "0xff"),
        ("255", "#X", "0XFF"),
        ("255", ",", "255"),
        ("255", "_", "255"),
        ("255", "_x", "ff"),
        ("255", "_b", "1111_1111"),
        ("255", "#_o", "0o377"),
        ("255", "08", "00000255"),
        ("255", "+", "+255"),
        ("255", " ", " 255"),
        ("255", "^10", "   255    "),
        ("255", "*<10", "255*******"),
        ("255", "=+10", "+      255"),
        ("255", "#010x", "0x000000ff"),
        ("255", "012,", "0,000,000,255"),
        ("255", "n", "255"),
        ("255", "e", "2.550000e+02"),
        ("255", ".2f", "255.00"),
        ("255", "%", "25500.000000%"),
        ("255", "g", "255"),
        ("255", "c", "\u{ff}"),
        ("255", "5c", "    \u{ff}"),
        ("255", "05c", "0000\u{ff}"),
        ("255", ".2", "!ValueError:Precision not allowed in integer format specifier"),
        ("255", "z", "!ValueError:Negative zero coercion (z) not allowed in integer format specifier"),
        ("255", "+c", "!ValueError:Sign not allowed with integer format specifier 'c'"),
        ("255", "#c", "!ValueError:Alternate form (#) not allowed with integer format specifier 'c'"),
        ("255", ",c", "!ValueError:Cannot specify ',' with 'c'."),
        ("255", "s", "!ValueError:Unknown format code 's' for object of type 'int'"),
        ("-1234567", "", "-1234567"),
        ("-1234567", "d", "-1234567"),
        ("-1234567", "b", "-100101101011010000111"),
        ("-1234567", "o", "-4553207"),
        ("-1234567", "x", "-12d687"),
        ("-1234567", "X", "-12D687"),
        ("-1234567", "#b", "-0b100101101011010000111"),
        ("-1234567", "#o", "-0o4553207"),
        ("-1234567", "#x", "-0x12d687"),
        ("-1234567", "#X", "-0X12D687"),
        ("-1234567", ",", "-1,234,567"),
        ("-1234567", "_", "-1_234_567"),
        ("-1234567", "_x", "-12_d687"),
        ("-1234567", "_b", "-1_0010_1101_0110_1000_0111"),
        ("-1234567", "#_o", "-0o455_3207"),
        ("-1234567", "08", "-1234567"),
        ("-1234567", "+", "-1234567"),
        ("-1234567", " ", "-1234567"),
        ("-1234567", "^10", " -1234567 "),
        ("-1234567", "*<10", "-1234567**"),
        ("-1234567", "=+10", "-  1234567"),
        ("-1234567", "#010x", "-0x012d687"),
        ("-1234567", "012,", "-001,234,567"),
        ("-1234567", "n", "-1234567"),
        ("-1234567", "e", "-1.234567e+06"),
        ("-1234567", ".2f", "-1234567.00"),
        ("-1234567", "%", "-123456700.000000%"),
        ("-1234567", "g", "-1.23457e+06"),
        ("-1234567", "c", "!OverflowError:%c arg not in range(0x110000)"),
        ("-1234567", "5c", "!OverflowError:%c arg not in range(0x110000)"),
        ("-1234567", "05c", "!OverflowError:%c arg not in range(0x110000)"),
        ("-1234567", ".2", "!ValueError:Precision not allowed in integer format specifier"),
        ("-1234567", "z", "!ValueError:Negative zero coercion (z) not allowed in integer format specifier"),
        ("-1234567", "+c", "!ValueError:Sign not allowed with integer format specifier 'c'"),
        ("-1234567", "#c", "!ValueError:Alternate form (#) not allowed with integer format specifier 'c'"),
        ("-1234567", ",c", "!ValueError:Cannot specify ',' with 'c'."),
        ("-1234567", "s", "!ValueError:Unknown format code 's' for object of type 'int'"),
        ("9223372036854775807", "", "9223372036854775807"),
        ("9223372036854775807", "d", "9223372036854775807"),
        ("9223372036854775807", "b", "111111111111111111111111111111111111111111111111111111111111111"),
        ("9223372036854775807", "o", "777777777777777777777"),
        ("9223372036854775807", "x", "7fffffffffffffff"),
        ("9223372036854775807", "X", "7FFFFFFFFFFFFFFF"),
        ("9223372036854775807", "#b", "0b111111111111111111111111111111111111111111111111111111111111111"),
        ("9223372036854775807", "#o", "0o777777777777777777777"),
        ("9223372036854775807", "#x", "0x7fffffffffffffff"),
        ("9223372036854775807", "#X", "0X7FFFFFFFFFFFFFFF"),
        ("9223372036854775807", ",", "9,223,372,036,854,775,807"),
        ("9223372036854775807", "_", "9_223_372_036_854_775_807"),
        ("9223372036854775807", "_x", "7fff_ffff_ffff_ffff"),
        ("9223372036854775807", "_b", "111_1111_1111_1111_1111_1111_1111_1111_1111_1111_1111_1111_1111_1111_1111_1111"),
        ("9223372036854775807", "#_o", "0o7_7777_7777_7777_7777_7777"),
        ("9223372036854775807", "08", "9223372036854775807"),
        ("9223372036854775807", "+", "+9223372036854775807"),
        ("9223372036854775807", " ", " 9223372036854775807"),
        ("9223372036854775807", "^10", "9223372036854775807"),
        ("9223372036854775807", "*<10", "9223372036854775807"),
        ("9223372036854775807", "=+10", "+9223372036854775807"),
        ("9223372036854775807", "#010x", "0x7fffffffffffffff"),
        ("9223372036854775807", "012,", "9,223,372,036,854,775,807"),
        ("9223372036854775807", "n", "9223372036854775807"),
        ("9223372036854775807", "e", "9.223372e+18"),
        ("9223372036854775807", ".2f", "9223372036854775808.00"),
        ("9223372036854775807", "%", "922337203685477580800.000000%"),
        ("9223372036854775807", "g", "9.22337e+18"),
        ("9223372036854775807", "c", "!OverflowError:%c arg not in range(0x110000)"),
        ("9223372036854775807", "5c", "!OverflowError:%c arg not in range(0x110000)"),
        ("9223372036854775807", "05c", "!OverflowError:%c arg not in range(0x110000)"),
        ("9223372036854775807", ".2", "!ValueError:Precision not allowed in integer format specifier"),
        ("9223372036854775807", "z", "!ValueError:Negative zero coercion (z) not allowed in integer format specifier"),
        ("9223372036854775807", "+c", "!ValueError:Sign not allowed with integer format specifier 'c'"),
        ("9223372036854775807", "#c", "!ValueError:Alternate form (#) not allowed with integer format specifier 'c'"),
        ("9223372036854775807", ",c", "!ValueError:Cannot specify ',' with 'c'."),
        ("9223372036854775807", "s", "!ValueError:Unknown format code 's' for object of type 'int'"),
        ("-9223372036854775808", "", "-9223372036854775808"),
        ("-9223372036854775808", "d", "-9223372036854775808"),
        ("-9223372036854775808", "b", "-1000000000000000000000000000000000000000000000000000000000000000"),
        ("-9223372036854775808", "o", "-1000000000000000000000"),
        ("-9223372036854775808", "x", "-8000000000000000"),
        ("-9223372036854775808", "X", "-8000000000000000"),
        ("-9223372036854775808", "#b", "-0b1000000000000000000000000000000000000000000000000000000000000000"),
        ("-9223372036854775808", "#o", "-0o1000000000000000000000"),
        ("-9223372036854775808", "#x", "-0x8000000000000000"),
        ("-9223372036854775808", "#X", "-0X8000000000000000"),
        ("-9223372036854775808", ",", "-9,223,372,036,854,775,808"),
        ("-9223372036854775808", "_", "-9_223_372_036_854_775_808"),
        ("-9223372036854775808", "_x", "-8000_0000_0000_0000"),
        ("-9223372036854775808", "_b", "-1000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000"),
        ("-9223372036854775808", "#_o", "-0o10_0000_0000_0000_0000_0000"),
        ("-9223372036854775808", "08", "-9223372036854775808"),
        ("-9223372036854775808", "+", "-9223372036854775808"),
        ("-9223372036854775808", " ", "-9223372036854775808"),
        ("-9223372036854775808", "^10", "-9223372036854775808"),
        ("-9223372036854775808", "*<10", "-9223372036854775808"),
        ("-9223372036854775808", "=+10", "-9223372036854775808"),
        ("-9223372036854775808", "#010x", "-0x8000000000000000"),
        ("-9223372036854775808", "012,", "-9,223,372,036,854,775,808"),
        ("-9223372036854775808", "n", "-9223372036854775808"),
        ("-9223372036854775808", "e", "-9.223372e+18"),
        ("-9223372036854775808", ".2f", "-9223372036854775808.00"),
        ("-9223372036854775808", "%", "-922337203685477580800.000000%"),
        ("-9223372036854775808", "g", "-9.22337e+18"),
        ("-9223372036854775808", "c", "!OverflowError:%c arg not in range(0x110000)"),
        ("-9223372036854775808", "5c", "!OverflowError:%c arg not in range(0x110000)"),
        ("-9223372036854775808", "05c", "!OverflowError:%c arg not in range(0x110000)"),
        ("-9223372036854775808", ".2", "!ValueError:Precision not allowed in integer format specifier"),
        ("-9223372036854775808", "z", "!ValueError:Negative zero coercion (z) not allowed in integer format specifier"),
        ("-9223372036854775808", "+c", "!ValueError:Sign not allowed with integer format specifier 'c'"),
        ("-9223372036854775808", "#c", "!ValueError:Alternate form (#) not allowed with integer format specifier 'c'"),
        ("-9223372036854775808", ",c", "!ValueError:Cannot specify ',' with 'c'."),
        ("-9223372036854775808", "s", "!ValueError:Unknown format code 's' for object of type 'int'"),
        ("1267650600228229401496703205376", "", "1267650600228229401496703205376"),
        ("1267650600228229401496703205376", "d", "1267650600228229401496703205376"),
        ("1267650600228229401496703205376", "b", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"),
        ("1267650600228229401496703205376", "o", "2000000000000000000000000000000000"),
        ("1267650600228229401496703205376", "x", "10000000000000000000000000"),
        ("1267650600228229401496703205376", "X", "10000000000000000000000000"),
        ("1267650600228229401496703205376", "#b", "0b10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"),
        ("1267650600228229401496703205376", "#o", "0o2000000000000000000000000000000000"),
        ("1267650600228229401496703205376", "#x", "0x10000000000000000000000000"),
        ("1267650600228229401496703205376", "#X", "0X10000000000000000000000000"),
        ("1267650600228229401496703205376", ",", "1,267,650,600,228,229,401,496,703,205,376"),
        ("1267650600228229401496703205376", "_", "1_267_650_600_228_229_401_496_703_205_376"),
        ("1267650600228229401496703205376", "_x", "10_0000_0000_0000_0000_0000_0000"),
        ("1267650600228229401496703205376", "_b", "1_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000"),
        ("1267650600228229401496703205376", "#_o", "0o20_0000_0000_0000_0000_0000_0000_0000_0000"),
        ("1267650600228229401496703205376", "08", "1267650600228229401496703205376"),
        ("1267650600228229401496703205376", "+", "+1267650600228229401496703205376"),
        ("1267650600228229401496703205376", " ", " 1267650600228229401496703205376"),
        ("1267650600228229401496703205376", "^10", "1267650600228229401496703205376"),
        ("1267650600228229401496703205376", "*<10", "1267650600228229401496703205376"),
        ("1267650600228229401496703205376", "=+10", "+1267650600228229401496703205376"),
        ("1267650600228229401496703205376", "#010x", "0x10000000000000000000000000"),
        ("1267650600228229401496703205376", "012,", "1,267,650,600,228,229,401,496,703,205,376"),
        ("1267650600228229401496703205376", "n", "1267650600228229401496703205376"),
        ("1267650600228229401496703205376", "e", "1.267651e+30"),
        ("1267650600228229401496703205376", ".2f", "1267650600228229401496703205376.00"),
        ("1267650600228229401496703205376", "%", "126765060022822940149670320537600.000000%"),
        ("1267650600228229401496703205376", "g", "1.26765e+30"),
        ("1267650600228229401496703205376", "c", "!OverflowError:Python int too large to convert to C long"),
        ("1267650600228229401496703205376", "5c", "!OverflowError:Python int too large to convert to C long"),
        ("1267650600228229401496703205376", "05c", "!OverflowError:Python int too large to convert to C long"),
        ("1267650600228229401496703205376", ".2", "!ValueError:Precision not allowed in integer format specifier"),
        ("1267650600228229401496703205376", "z", "!ValueError:Negative zero coercion (z) not allowed in integer format specifier"),
        ("1267650600228229401496703205376", "+c", "!ValueError:Sign not allowed with integer format specifier 'c'"),
        ("1267650600228229401496703205376", "#c", "!ValueError:Alternate form (#) not allowed with integer format specifier 'c'"),
        ("1267650600228229401496703205376", ",c", "!ValueError:Cannot specify ',' with 'c'."),
        ("1267650600228229401496703205376", "s", "!ValueError:Unknown format code 's' for object of type 'int'"),
        ("-1000000000000000000000000000000", "", "-1000000000000000000000000000000"),
        ("-1000000000000000000000000000000", "d", "-1000000000000000000000000000000"),
        ("-1000000000000000000000000000000", "b", "-1100100111110010110010011100110100000100011001110100111011011110101001000000000000000000000000000000"),
        ("-1000000000000000000000000000000", "o", "-1447626234640431647336510000000000"),
        ("-1000000000000000000000000000000", "x", "-c9f2c9cd04674edea40000000"),
        ("-1000000000000000000000000000000", "X", "-C9F2C9CD04674EDEA40000000"),
        ("-1000000000000000000000000000000", "#b", "-0b1100100111110010110010011100110100000100011001110100111011011110101001000000000000000000000000000000"),
        ("-1000000000000000000000000000000", "#o", "-0o1447626234640431647336510000000000"),
        ("-1000000000000000000000000000000", "#x", "-0xc9f2c9cd04674edea40000000"),
        ("-1000000000000000000000000000000", "#X", "-0XC9F2C9CD04674EDEA40000000"),
        ("-1000000000000000000000000000000", ",", "-1,000,000,000,000,000,000,000,000,000,000"),
        ("-1000000000000000000000000000000", "_", "-1_000_000_000_000_000_000_000_000_000_000"),
        ("-1000000000000000000000000000000", "_x", "-c_9f2c_9cd0_4674_edea_4000_0000"),
        ("-1000000000000000000000000000000", "_b", "-1100_1001_1111_0010_1100_1001_1100_1101_0000_0100_0110_0111_0100_1110_1101_1110_1010_0100_0000_0000_0000_0000_0000_0000_0000"),
        ("-1000000000000000000000000000000", "#_o", "-0o14_4762_6234_6404_3164_7336_5100_0000_0000"),
        ("-1000000000000000000000000000000", "08", "-1000000000000000000000000000000"),
        ("-1000000000000000000000000000000", "+", "-1000000000000000000000000000000"),
        ("-1000000000000000000000000000000", " ", "-1000000000000000000000000000000"),
        ("-1000000000000000000000000000000", "^10", "-1000000000000000000000000000000"),
        ("-1000000000000000000000000000000", "*<10", "-1000000000000000000000000000000"),
        ("-1000000000000000000000000000000", "=+10", "-1000000000000000000000000000000"),
        ("-1000000000000000000000000000000", "#010x", "-0xc9f2c9cd04674edea40000000"),
        ("-1000000000000000000000000000000", "012,", "-1,000,000,000,000,000,000,000,000,000,000"),
        ("-1000000000000000000000000000000", "n", "-1000000000000000000000000000000"),
        ("-1000000000000000000000000000000", "e", "-1.000000e+30"),
        ("-1000000000000000000000000000000", ".2f", "-1000000000000000019884624838656.00"),
        ("-1000000000000000000000000000000", "%", "-100000000000000005366162204393472.000000%"),
        ("-1000000000000000000000000000000", "g", "-1e+30"),
        ("-1000000000000000000000000000000", "c", "!OverflowError:Python int too large to convert to C long"),
        ("-1000000000000000000000000000000", "5c", "!OverflowError:Python int too large to convert to C long"),
        ("-1000000000000000000000000000000", "05c", "!OverflowError:Python int too large to convert to C long"),
        ("-1000000000000000000000000000000", ".2", "!ValueError:Precision not allowed in integer format specifier"),
        ("-1000000000000000000000000000000", "z", "!ValueError:Negative zero coercion (z) not allowed in integer format specifier"),
        ("-1000000000000000000000000000000", "+c", "!ValueError:Sign not allowed with integer format specifier 'c'"),
        ("-1000000000000000000000000000000", "#c", "!ValueError:Alternate form (#) not allowed with integer format specifier 'c'"),
        ("-1000000000000000000000000000000", ",c", "!ValueError:Cannot specify ',' with 'c'."),
        ("-1000000000000000000000000000000", "s", "!ValueError:Unknown format code 's' for object of type 'int'"),
        ("1114112", "", "1114112"),
        ("1114112", "d", "1114112"),
        ("1114112", "b", "100010000000000000000"),
        ("1114112", "o", "4200000"),
        ("1114112", "x", "110000"),
        ("1114112", "X", "110000"),
        ("1114112", "#b", "0b100010000000000000000"),
        ("1114112", "#o", "0o4200000"),
        ("1114112", "#x", "0x110000"),
        ("1114112", "#X", "0X110000"),
        ("1114112", ",", "1,114,112"),
        ("1114112", "_", "1_114_112"),
        ("1114112", "_x", "11_0000"),
        ("1114112", "_b", "1_0001_0000_0000_0000_0000"),
        ("1114112", "#_o", "0o420_0000"),
        ("1114112", "08", "01114112"),
        ("1114112", "+", "+1114112"),
        ("1114112", " ", " 1114112"),
        ("1114112", "^10", " 1114112  "),
        ("1114112", "*<10", "1114112***"),
        ("1114112", "=+10", "+  1114112"),
        ("1114112", "#010x", "0x00110000"),
        ("1114112", "012,", "0,001,114,112"),
        ("1114112", "n", "1114112"),
        ("1114112", "e", "1.114112e+06"),
        ("1114112", ".2f", "1114112.00"),
        ("1114112", "%", "111411200.000000%"),
        ("1114112", "g", "1.11411e+06"),
        ("1114112", "c", "!OverflowError:%c arg not in range(0x110000)"),
        ("1114112", "5c", "!OverflowError:%c arg not in range(0x110000)"),
        ("1114112", "05c", "!OverflowError:%c arg not in range(0x110000)"),
        ("1114112", ".2", "!ValueError:Precision not allowed in integer format specifier"),
        ("1114112", "z", "!ValueError:Negative zero coercion (z) not allowed in integer format specifier"),
        ("1114112", "+c", "!ValueError:Sign not allowed with integer format specifier 'c'"),
        ("1114112", "#c", "!ValueError:Alternate form (#) not allowed with integer format specifier 'c'"),
        ("1114112", ",c", "!ValueError:Cannot specify ',' with 'c'."),
        ("1114112", "s", "!ValueError:Unknown format code 's' for object of type 'int'"),
        ("1180591620717411303424", "c", "!OverflowError:Python int too large to convert to C long"),
        ("1099511627776", "c", "!OverflowError:%c arg not in range(0x110000)"),
        ("-1", "c", "!OverflowError:%c arg not in range(0x110000)"),
        ("10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "e", "!OverflowError:int too large to convert to float"),
        ("179769313486231590772930519078902473361797697894230657273430081157732675805500963132708477322407536021120113879871393357658789768814416622492847430639474124377767893424865485276302219601246094119453082952085005768838150682342462881473913110540827237163350510684586298239947245938479716304835356329624224137216", "f", "!OverflowError:int too large to convert to float"),
        ("179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792", "f", "!OverflowError:int too large to convert to float"),
        ("179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791", "e", "1.797693e+308"),
        ("123", "0=4,", "0,123"),
        ("1234", "0=10,", "00,001,234"),
        ("123", "0=5_", "0_123"),
        ("-12345", "0=10_x", "-0000_3039"),
        ("-12345", "#012_b", "-0b11_0000_0011_1001"),
        ("-255", "#X", "-0XFF"),
        ("7", "0<5", "70000"),
        ("7", "0^5", "00700"),
        ("-7", "*=6", "-****7"),
        ("10000000000000000000000000000000000000000", ",", "10,000,000,000,000,000,000,000,000,000,000,000,000,000"),
        ("10000000000000000000000000000000000000000", "_x", "1d_6329_f1c3_5ca4_bfab_b9f5_6100_0000_0000"),
        ("-1606938044258990275541962092341162602522202993782792835301376", "#o", "-0o4000000000000000000000000000000000000000000000000000000000000000000"),
        ("18446744073709551615", "X", "FFFFFFFFFFFFFFFF"),
        ("12345678901234567890123", ".3e", "1.235e+22"),
        ("12345678901234567890123", "%", "1234567890123456824475648.000000%"),
        ("5", "99999999999999999999", "!ValueError:Too many decimal digits in format string"),
        ("5", ",,", "!ValueError:Cannot specify ',' with ','."),
        ("5", "_,", "!ValueError:Cannot specify both ',' and '_'."),
        ("5", ",_", "!ValueError:Cannot specify both ',' and '_'."),
        ("5", ".", "!ValueError:Format specifier missing precision"),
        ("5", "xx", "!ValueError:Invalid format specifier 'xx' for object of type 'int'"),
        ("5", "\u{e9}", "!ValueError:Unknown format code '\\xe9' for object of type 'int'"),
        ("5", "\u{4e2d}", "!ValueError:Unknown format code '\\x4e2d' for object of type 'int'"),
        ("5", " ", " 5"),
        ("55295", "c", "\u{d7ff}"),
        ("128512", "^5c", "  \u{1f600}  "),
    ];

    const STR_SPEC_CASES: &[(&str, &str, &str)] = &[
        ("", "", ""),
        ("", "s", ""),
        ("", "10", "          "),
        ("", "<10", "          "),
        ("", ">10", "          "),
        ("", "^10", "          "),
        ("", "*^9", "*********"),
        ("", ".2", ""),
        ("", "10.2s", "          "),
        ("", "05", "00000"),
        ("", "0>6", "000000"),
        ("", "\u{e9}<6", "\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}"),
        ("", "=10", "!ValueError:'=' alignment not allowed in string format specifier"),
        ("", "+", "!ValueError:Sign not allowed in string format specifier"),
        ("", "-", "!ValueError:Sign not allowed in string format specifier"),
        ("", " ", "!ValueError:Space not allowed in string format specifier"),
        ("", "#", "!ValueError:Alternate form (#) not allowed in string format specifier"),
        ("", "z", "!ValueError:Negative zero coercion (z) not allowed in string format specifier"),
        ("", "d", "!ValueError:Unknown format code 'd' for object of type 'str'"),
        ("", ",", "!ValueError:Cannot specify ',' with 's'."),
        ("", "_s", "!ValueError:Cannot specify '_' with 's'."),
        ("", ".0", ""),
        ("", "xx", "!ValueError:Invalid format specifier 'xx' for object of type 'str'"),
        ("", "x<", ""),
        ("", "<", ""),
        ("abc", "", "abc"),
        ("abc", "s", "abc"),
        ("abc", "10", "abc       "),
        ("abc", "<10", "abc       "),
        ("abc", ">10", "       abc"),
        ("abc", "^10", "   abc    "),
        ("abc", "*^9", "***abc***"),
        ("abc", ".2", "ab"),
        ("abc", "10.2s", "ab        "),
        ("abc", "05", "abc00"),
        ("abc", "0>6", "000abc"),
        ("abc", "\u{e9}<6", "abc\u{e9}\u{e9}\u{e9}"),
        ("abc", "=10", "!ValueError:'=' alignment not allowed in string format specifier"),
        ("abc", "+", "!ValueError:Sign not allowed in string format specifier"),
        ("abc", "-", "!ValueError:Sign not allowed in string format specifier"),
        ("abc", " ", "!ValueError:Space not allowed in string format specifier"),
        ("abc", "#", "!ValueError:Alternate form (#) not allowed in string format specifier"),
        ("abc", "z", "!ValueError:Negative zero coercion (z) not allowed in string format specifier"),
        ("abc", "d", "!ValueError:Unknown format code 'd' for object of type 'str'"),
        ("abc", ",", "!ValueError:Cannot specify ',' with 's'."),
        ("abc", "_s", "!ValueError:Cannot specify '_' with 's'."),
        ("abc", ".0", ""),
        ("abc", "xx", "!ValueError:Invalid format specifier 'xx' for object of type 'str'"),
        ("abc", "x<", "abc"),
        ("abc", "<", "abc"),
        ("h\u{e9}llo", "", "h\u{e9}llo"),
        ("h\u{e9}llo", "s", "h\u{e9}llo"),
        ("h\u{e9}llo", "10", "h\u{e9}llo     "),
        ("h\u{e9}llo", "<10", "h\u{e9}llo     "),
        ("h\u{e9}llo", ">10", "     h\u{e9}llo"),
        ("h\u{e9}llo", "^10", "  h\u{e9}llo   "),
        ("h\u{e9}llo", "*^9", "**h\u{e9}llo**"),
        ("h\u{e9}llo", ".2", "h\u{e9}"),
        ("h\u{e9}llo", "10.2s", "h\u{e9}        "),
        ("h\u{e9}llo", "05", "h\u{e9}llo"),
        ("h\u{e9}llo", "0>6", "0h\u{e9}llo"),
        ("h\u{e9}llo", "\u{e9}<6", "h\u{e9}llo\u{e9}"),
        ("h\u{e9}llo", "=10", "!ValueError:'=' alignment not allowed in string format specifier"),
        ("h\u{e9}llo", "+", "!ValueError:Sign not allowed in string format specifier"),
        ("h\u{e9}llo", "-", "!ValueError:Sign not allowed in string format specifier"),
        ("h\u{e9}llo", " ", "!ValueError:Space not allowed in string format specifier"),
        ("h\u{e9}llo", "#", "!ValueError:Alternate form (#) not allowed in string format specifier"),
        ("h\u{e9}llo", "z", "!ValueError:Negative zero coercion (z) not allowed in string format specifier"),
        ("h\u{e9}llo", "d", "!ValueError:Unknown format code 'd' for object of type 'str'"),
        ("h\u{e9}llo", ",", "!ValueError:Cannot specify ',' with 's'."),
        ("h\u{e9}llo", "_s", "!ValueError:Cannot specify '_' with 's'."),
        ("h\u{e9}llo", ".0", ""),
        ("h\u{e9}llo", "xx", "!ValueError:Invalid format specifier 'xx' for object of type 'str'"),
        ("h\u{e9}llo", "x<", "h\u{e9}llo"),
        ("h\u{e9}llo", "<", "h\u{e9}llo"),
        ("\u{1f600}x", "", "\u{1f600}x"),
        ("\u{1f600}x", "s", "\u{1f600}x"),
        ("\u{1f600}x", "10", "\u{1f600}x        "),
        ("\u{1f600}x", "<10", "\u{1f600}x        "),
        ("\u{1f600}x", ">10", "        \u{1f600}x"),
        ("\u{1f600}x", "^10", "    \u{1f600}x    "),
        ("\u{1f600}x", "*^9", "***\u{1f600}x****"),
        ("\u{1f600}x", ".2", "\u{1f600}x"),
        ("\u{1f600}x", "10.2s", "\u{1f600}x        "),
        ("\u{1f600}x", "05", "\u{1f600}x000"),
        ("\u{1f600}x", "0>6", "0000\u{1f600}x"),
        ("\u{1f600}x", "\u{e9}<6", "\u{1f600}x\u{e9}\u{e9}\u{e9}\u{e9}"),
        ("\u{1f600}x", "=10", "!ValueError:'=' alignment not allowed in string format specifier"),
        ("\u{1f600}x", "+", "!ValueError:Sign not allowed in string format specifier"),
        ("\u{1f600}x", "-", "!ValueError:Sign not allowed in string format specifier"),
        ("\u{1f600}x", " ", "!ValueError:Space not allowed in string format specifier"),
        ("\u{1f600}x", "#", "!ValueError:Alternate form (#) not allowed in string format specifier"),
        ("\u{1f600}x", "z", "!ValueError:Negative zero coercion (z) not allowed in string format specifier"),
        ("\u{1f600}x", "d", "!ValueError:Unknown format code 'd' for object of type 'str'"),
        ("\u{1f600}x", ",", "!ValueError:Cannot specify ',' with 's'."),
        ("\u{1f600}x", "_s", "!ValueError:Cannot specify '_' with 's'."),
        ("\u{1f600}x", ".0", ""),
        ("\u{1f600}x", "xx", "!ValueError:Invalid format specifier 'xx' for object of type 'str'"),
        ("\u{1f600}x", "x<", "\u{1f600}x"),
        ("\u{1f600}x", "<", "\u{1f600}x"),
    ];

    fn percent_cases() -> Vec<(&'static str, Vec<FmtArg>, &'static str)> {
        vec![
            ("%s", vec![text("abc", "'abc'")], "abc"),
            ("%r", vec![text("abc", "'abc'")], "'abc'"),
            ("%a", vec![text("h\u{e9}\u{1f600}", "'h\u{e9}\u{1f600}'")], "'h\\xe9\\U0001f600'"),
            ("%s|%r|%a", vec![text("\u{e9}", "'\u{e9}'"), text("\u{e9}", "'\u{e9}'"), text("\u{e9}", "'\u{e9}'")], "\u{e9}|'\u{e9}'|'\\xe9'"),
            ("%s %s", vec![FmtArg::Bool(true), object("NoneType", "None", "None")], "True None"),
            ("%r", vec![object("list", "[1, 'x']", "[1, 'x']")], "[1, 'x']"),
            ("%d", vec![FmtArg::Bool(true)], "1"),
            ("%5s|%-5s|%.2s|%5.1s", vec![text("ab", "'ab'"), text("ab", "'ab'"), text("abc", "'abc'"), text("xyz", "'xyz'")], "   ab|ab   |ab|    x"),
            ("%d %i %u", vec![FmtArg::Int(42), FmtArg::Int(-42), FmtArg::Int(7)], "42 -42 7"),
            ("%5d|%-5d|%05d|%+d|% d|%+05d|%-+5d|% 05d", vec![FmtArg::Int(42), FmtArg::Int(42), FmtArg::Int(42), FmtArg::Int(42), FmtArg::Int(42), FmtArg::Int(42), FmtArg::Int(42), FmtArg::Int(42)], "   42|42   |00042|+42| 42|+0042|+42  | 0042"),
            ("%x %X %o", vec![FmtArg::Int(255), FmtArg::Int(255), FmtArg::Int(8)], "ff FF 10"),
            ("%#x %#X %#o", vec![FmtArg::Int(255), FmtArg::Int(255), FmtArg::Int(8)], "0xff 0XFF 0o10"),
            ("%#010x|%#10X|%-#10o|%+#x", vec![FmtArg::Int(255), FmtArg::Int(-255), FmtArg::Int(8), FmtArg::Int(255)], "0x000000ff|     -0XFF|0o10      |+0xff"),
            ("%.5d|%.5x|%#.5o|%8.5d|%-8.5d|%08.5d", vec![FmtArg::Int(42), FmtArg::Int(255), FmtArg::Int(8), FmtArg::Int(-42), FmtArg::Int(42), FmtArg::Int(42)], "00042|000ff|0o00010|  -00042|00042   |00000042"),
            ("%d", vec![FmtArg::BigInt("1267650600228229401496703205376".to_string())], "1267650600228229401496703205376"),
            ("%x", vec![FmtArg::BigInt("-1267650600228229401496703205376".to_string())], "-10000000000000000000000000"),
            ("%#o", vec![FmtArg::BigInt("1000000000000000000000000000000".to_string())], "0o1447626234640431647336510000000000"),
            ("%d", vec![FmtArg::Float(f64::from_bits(0x400feb851eb851ec))], "3"),
            ("%d", vec![FmtArg::Float(f64::from_bits(0xc00feb851eb851ec))], "-3"),
            ("%d", vec![FmtArg::Float(f64::from_bits(0x7e37e43c8800759c))], "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160"),
            ("%i", vec![FmtArg::Float(f64::from_bits(0x8000000000000000))], "0"),
            ("%f %F %e %E %g %G", vec![FmtArg::Float(f64::from_bits(0x3ff8000000000000)), FmtArg::Float(f64::from_bits(0x3ff8000000000000)), FmtArg::Float(f64::from_bits(0x3ff8000000000000)), FmtArg::Float(f64::from_bits(0x3ff8000000000000)), FmtArg::Float(f64::from_bits(0x3ff8000000000000)), FmtArg::Float(f64::from_bits(0x3ff8000000000000))], "1.500000 1.500000 1.500000e+00 1.500000E+00 1.5 1.5"),
            ("%.2f|%.0f|%.0f|%.0f|%#.0f", vec![FmtArg::Float(f64::from_bits(0x4005666666666666)), FmtArg::Float(f64::from_bits(0x3fe0000000000000)), FmtArg::Float(f64::from_bits(0x3ff8000000000000)), FmtArg::Float(f64::from_bits(0x4004000000000000)), FmtArg::Float(f64::from_bits(0x4000000000000000))], "2.67|0|2|2|2."),
            ("%10.3f|%-10.3f|%010.3f|%+.3f|% .3f", vec![FmtArg::Float(f64::from_bits(0x400921f9f01b866e)), FmtArg::Float(f64::from_bits(0x400921f9f01b866e)), FmtArg::Float(f64::from_bits(0xc00921f9f01b866e)), FmtArg::Float(f64::from_bits(0x400921f9f01b866e)), FmtArg::Float(f64::from_bits(0x400921f9f01b866e))], "     3.142|3.142     |-00003.142|+3.142| 3.142"),
            ("%e|%.0e|%#.0e|%.3E", vec![FmtArg::Float(f64::from_bits(0x40c81cd6c8b43958)), FmtArg::Float(f64::from_bits(0x40c81cd6c8b43958)), FmtArg::Float(f64::from_bits(0x40c81cd6c8b43958)), FmtArg::Float(f64::from_bits(0x3f201f31f46ed246))], "1.234568e+04|1e+04|1.e+04|1.230E-04"),
            ("%g|%g|%g|%g|%#g|%.3g|%.0g", vec![FmtArg::Float(f64::from_bits(0x3ee4f8b588e368f1)), FmtArg::Float(f64::from_bits(0x3f1a36e2eb1c432d)), FmtArg::Float(f64::from_bits(0x4341c37937e08000)), FmtArg::Float(f64::from_bits(0x419d6f3454000000)), FmtArg::Float(f64::from_bits(0x3ff0000000000000)), FmtArg::Float(f64::from_bits(0x40934a0000000000)), FmtArg::Float(f64::from_bits(0x3fe0000000000000))], "1e-05|0.0001|1e+16|1.23457e+08|1.00000|1.23e+03|0.5"),
            ("%f|%F|%010f|%-6f|%+f", vec![FmtArg::Float(f64::INFINITY), FmtArg::Float(f64::NEG_INFINITY), FmtArg::Float(f64::INFINITY), FmtArg::Float(f64::NAN), FmtArg::Float(f64::NAN)], "inf|-INF|0000000inf|nan   |+nan"),
            ("%f", vec![FmtArg::Int(5)], "5.000000"),
            ("%.3e", vec![FmtArg::BigInt("1267650600228229401496703205376".to_string())], "1.268e+30"),
            ("%f", vec![FmtArg::Bool(true)], "1.000000"),
            ("%s", vec![FmtArg::Float(f64::from_bits(0x4341c37937e08000))], "1e+16"),
            ("%r", vec![FmtArg::Float(f64::from_bits(0x3fb999999999999a))], "0.1"),
            ("%s", vec![FmtArg::BigInt("1180591620717411303424".to_string())], "1180591620717411303424"),
            ("%c%c%c", vec![FmtArg::Int(65), text("\u{e9}", "'\u{e9}'"), FmtArg::Int(128512)], "A\u{e9}\u{1f600}"),
            ("%5c|%-5c|%05c", vec![text("a", "'a'"), text("b", "'b'"), FmtArg::Int(99)], "    a|b    |    c"),
            ("%c", vec![FmtArg::Bool(true)], "\u{1}"),
            ("%*d|%-*d|%*d", vec![FmtArg::Int(5), FmtArg::Int(42), FmtArg::Int(5), FmtArg::Int(42), FmtArg::Int(-5), FmtArg::Int(42)], "   42|42   |42   "),
            ("%.*f|%.*f", vec![FmtArg::Int(2), FmtArg::Float(f64::from_bits(0x400921f9f01b866e)), FmtArg::Int(-3), FmtArg::Float(f64::from_bits(0x3ff8000000000000))], "3.14|2"),
            ("%*.*f", vec![FmtArg::Int(10), FmtArg::Int(2), FmtArg::Float(f64::from_bits(0x400921f9f01b866e))], "      3.14"),
            ("%ld %hd %Ld %lf", vec![FmtArg::Int(1), FmtArg::Int(2), FmtArg::Int(3), FmtArg::Float(f64::from_bits(0x3ff8000000000000))], "1 2 3 1.500000"),
            ("100%% %s", vec![text("done", "'done'")], "100% done"),
            ("%%", vec![], "%"),
            ("no args", vec![], "no args"),
            ("%s", vec![object("tuple", "()", "()")], "()"),
            ("%s", vec![object("tuple", "(1, 2)", "(1, 2)")], "(1, 2)"),
            ("%-0+ #5d", vec![FmtArg::Int(3)], "+3   "),
            ("%(x)s", vec![], "!TypeError:format requires a mapping"),
            ("%s %s", vec![text("a", "'a'")], "!TypeError:not enough arguments for format string"),
            ("%s", vec![text("a", "'a'"), text("b", "'b'")], "!TypeError:not all arguments converted during string formatting"),
            ("%d", vec![text("a", "'a'")], "!TypeError:%d format: a real number is required, not str"),
            ("%x", vec![FmtArg::Float(f64::from_bits(0x3ff8000000000000))], "!TypeError:%x format: an integer is required, not float"),
            ("%X", vec![text("s", "'s'")], "!TypeError:%X format: an integer is required, not str"),
            ("%o", vec![object("list", "[1]", "[1]")], "!TypeError:%o format: an integer is required, not list"),
            ("%f", vec![text("a", "'a'")], "!TypeError:must be real number, not str"),
            ("%e", vec![object("NoneType", "None", "None")], "!TypeError:must be real number, not NoneType"),
            ("%y", vec![FmtArg::Int(1)], "!ValueError:unsupported format character 'y' (0x79) at index 1"),
            ("%\u{e9}", vec![FmtArg::Int(1)], "!ValueError:unsupported format character '?' (0xe9) at index 1"),
            ("%\u{1f}", vec![FmtArg::Int(1)], "!ValueError:unsupported format character '\u{1f}' (0x1f) at index 1"),
            ("ab%5%", vec![], "!TypeError:not enough arguments for format string"),
            ("ab%5%", vec![FmtArg::Int(1)], "!ValueError:unsupported format character '%' (0x25) at index 4"),
            ("%y", vec![], "!TypeError:not enough arguments for format string"),
            ("abc%", vec![], "!ValueError:incomplete format"),
            ("abc%5", vec![FmtArg::Int(1)], "!ValueError:incomplete format"),
            ("%.", vec![FmtArg::Int(1)], "!ValueError:incomplete format"),
            ("%*d", vec![text("a", "'a'"), FmtArg::Int(1)], "!TypeError:* wants int"),
            ("%.*d", vec![FmtArg::Float(f64::from_bits(0x3ff8000000000000)), FmtArg::Int(1)], "!TypeError:* wants int"),
            ("%*", vec![FmtArg::Int(5)], "!ValueError:incomplete format"),
            ("%*", vec![], "!TypeError:not enough arguments for format string"),
            ("%c", vec![FmtArg::Float(f64::from_bits(0x3ff8000000000000))], "!TypeError:%c requires int or char"),
            ("%c", vec![text("ab", "'ab'")], "!TypeError:%c requires int or char"),
            ("%c", vec![text("", "''")], "!TypeError:%c requires int or char"),
            ("%c", vec![FmtArg::Int(-1)], "!OverflowError:%c arg not in range(0x110000)"),
            ("%c", vec![FmtArg::Int(1114112)], "!OverflowError:%c arg not in range(0x110000)"),
            ("%c", vec![FmtArg::BigInt("1180591620717411303424".to_string())], "!OverflowError:%c arg not in range(0x110000)"),
            ("%d", vec![FmtArg::Float(f64::INFINITY)], "!OverflowError:cannot convert float infinity to integer"),
            ("%d", vec![FmtArg::Float(f64::NAN)], "!ValueError:cannot convert float NaN to integer"),
            ("%f", vec![FmtArg::BigInt("10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000".to_string())], "!OverflowError:int too large to convert to float"),
            ("%*d", vec![FmtArg::BigInt("1180591620717411303424".to_string()), FmtArg::Int(1)], "!OverflowError:Python int too large to convert to C ssize_t"),
            ("%.*d", vec![FmtArg::Int(1099511627776), FmtArg::Int(1)], "!OverflowError:Python int too large to convert to C int"),
            ("%99999999999999999999d", vec![FmtArg::Int(1)], "!ValueError:width too big"),
            ("%.99999999999999999999d", vec![FmtArg::Int(1)], "!ValueError:precision too big"),
            ("%-5.5%", vec![], "!TypeError:not enough arguments for format string"),
        ]
    }

    #[test]
    fn float_repr_matches_cpython_for_edge_and_random_values() {
        let mut failures = Vec::new();
        for &(bits, expected) in REPR_CASES {
            let got = float_repr(f64::from_bits(bits));
            if got != expected {
                failures.push(format!("repr({:#x}): expected {expected:?}, got {got:?}", bits));
            }
        }
        assert_no_failures(failures);
    }

    #[test]
    fn float_repr_spells_special_values_like_python() {
        assert_eq!(float_repr(f64::INFINITY), "inf");
        assert_eq!(float_repr(f64::NEG_INFINITY), "-inf");
        assert_eq!(float_repr(f64::NAN), "nan");
        assert_eq!(float_repr(-f64::NAN), "nan");
        assert_eq!(float_repr(-0.0), "-0.0");
        assert_eq!(float_repr(1e16), "1e+16");
        assert_eq!(float_repr(1.5e-5), "1.5e-05");
        assert_eq!(float_repr(1e22), "1e+22");
    }

    #[test]
    fn float_repr_breaks_exact_ties_to_even_like_dtoa() {
        // The exact value is 279277084034912.125: both .12 and .13 round-trip.
        assert_eq!(float_repr(279277084034912.12), "279277084034912.12");
    }

    #[test]
    fn float_str_is_the_same_as_repr() {
        for x in [0.1, 1e16, -0.0, 123.0, 5e-324] {
            assert_eq!(float_str(x), float_repr(x));
        }
    }

    #[test]
    fn format_float_spec_matches_cpython_table() {
        let mut failures = Vec::new();
        for &(x, spec, expected) in FLOAT_SPEC_CASES {
            let got = outcome(format_float_spec(x, spec));
            if got != expected {
                failures.push(format!("format({x:?}, {spec:?}): expected {expected:?}, got {got:?}"));
            }
        }
        assert_no_failures(failures);
    }

    #[test]
    fn format_int_spec_matches_cpython_table_for_small_and_big_representations() {
        let mut failures = Vec::new();
        for &(decimal, spec, expected) in INT_SPEC_CASES {
            let (negative, magnitude) = split_sign(decimal);
            let mut forms = vec![IntLike::Big { negative, decimal_digits: magnitude }];
            if let Ok(small) = decimal.parse::<i64>() {
                forms.push(IntLike::Small(small));
            }
            for form in forms {
                let got = outcome(format_int_spec(&form, spec));
                if got != expected {
                    failures.push(format!("format({form:?}, {spec:?}): expected {expected:?}, got {got:?}"));
                }
            }
        }
        assert_no_failures(failures);
    }

    #[test]
    fn format_str_spec_matches_cpython_table() {
        let mut failures = Vec::new();
        for &(s, spec, expected) in STR_SPEC_CASES {
            let got = outcome(format_str_spec(s, spec));
            if got != expected {
                failures.push(format!("format({s:?}, {spec:?}): expected {expected:?}, got {got:?}"));
            }
        }
        assert_no_failures(failures);
    }

    #[test]
    fn percent_format_matches_cpython_table() {
        let mut failures = Vec::new();
        for (fmt, args, expected) in percent_cases() {
            let got = outcome(percent_format(fmt, &args));
            if got != expected {
                failures.push(format!("{fmt:?} % {args:?}: expected {expected:?}, got {got:?}"));
            }
        }
        assert_no_failures(failures);
    }

    #[test]
    fn fixed_point_rounding_is_round_half_even_on_the_exact_binary_value() {
        assert_eq!(format_float_spec(2.675, ".2f").unwrap(), "2.67");
        assert_eq!(format_float_spec(0.5, ".0f").unwrap(), "0");
        assert_eq!(format_float_spec(1.5, ".0f").unwrap(), "2");
        assert_eq!(format_float_spec(2.5, ".0f").unwrap(), "2");
        assert_eq!(format_float_spec(0.125, ".2f").unwrap(), "0.12");
        assert_eq!(float_to_string(0.375, 'f', 2, false).unwrap(), "0.38");
    }

    #[test]
    fn zero_padding_is_grouped_like_cpython() {
        assert_eq!(format_float_spec(1234567.891, "020,.2f").unwrap(), "0,000,001,234,567.89");
        assert_eq!(format_int_spec(&IntLike::Small(123), "0=4,").unwrap(), "0,123");
        assert_eq!(format_int_spec(&IntLike::Small(-255), "#012_x").unwrap(), "-0x0000_00ff");
    }

    #[test]
    fn huge_precisions_beyond_rust_formatter_limits_are_padded_exactly() {
        let fixed = format_float_spec(1.0, ".70000f").unwrap();
        assert_eq!(fixed, format!("1.{}", "0".repeat(70000)));
        let tiny = format_float_spec(5e-324, ".70000f").unwrap();
        assert!(tiny.starts_with("0.000"));
        assert_eq!(tiny.len(), 70002);
        let exact = format_float_spec(5e-324, ".1074f").unwrap();
        assert!(exact.ends_with("3447265625"));
        assert!(tiny.starts_with(&exact));
        assert!(tiny[exact.len()..].bytes().all(|b| b == b'0'));
        let sci = format_float_spec(0.1, ".70000e").unwrap();
        assert!(sci.starts_with("1.000000000000000055511151231257827021181583404541015625000"));
        assert!(sci.ends_with("0e-01"));
        assert_eq!(sci.len(), 70000 + 6);
        let general = percent_format("%.70000g", &[FmtArg::Float(0.1)]).unwrap();
        assert_eq!(general, "0.1000000000000000055511151231257827021181583404541015625");
    }

    #[test]
    fn big_integers_convert_to_hex_octal_and_binary() {
        let big = IntLike::Big { negative: true, decimal_digits: "1267650600228229401496703205376" };
        assert_eq!(format_int_spec(&big, "#x").unwrap(), "-0x10000000000000000000000000");
        assert_eq!(format_int_spec(&big, "o").unwrap(), "-2000000000000000000000000000000000");
        assert_eq!(format_int_spec(&big, "b").unwrap(), format!("-1{}", "0".repeat(100)));
        let leading_zeros = IntLike::Big { negative: true, decimal_digits: "000" };
        assert_eq!(format_int_spec(&leading_zeros, "+d").unwrap(), "+0");
        assert_eq!(decimal_to_radix("18446744073709551616", 16), "10000000000000000");
        assert_eq!(decimal_to_radix("4294967295", 2), "1".repeat(32));
    }

    #[test]
    fn percent_format_mapping_looks_up_keys_and_uses_the_mapping_itself() {
        let mapping = object("dict", "{'a': 1}", "{'a': 1}");
        let lookup = |key: &str| -> Result<FmtArg, String> {
            match key {
                "a" => Ok(FmtArg::Int(1)),
                "name (x)" => Ok(text("Bob", "'Bob'")),
                other => Err(format!("KeyError: {other:?}")),
            }
        };
        let got = percent_format_mapping("%(a)05d|%(name (x))-5s|%(a)r", &mapping, lookup).unwrap();
        assert_eq!(got, "00001|Bob  |1");
        assert_eq!(percent_format_mapping("%s", &mapping, lookup).unwrap(), "{'a': 1}");
        assert_eq!(percent_format_mapping("%s %(a)s", &mapping, lookup).unwrap(), "{'a': 1} 1");
        assert_eq!(percent_format_mapping("unused", &mapping, lookup).unwrap(), "unused");
    }

    #[test]
    fn percent_format_mapping_reports_cpython_errors_and_lookup_failures() {
        let mapping = object("dict", "{}", "{}");
        let lookup = |key: &str| -> Result<FmtArg, String> {
            if key == "a" {
                Ok(FmtArg::Int(1))
            } else {
                Err(format!("KeyError: {key:?}"))
            }
        };
        let error = |fmt: &str| percent_format_mapping(fmt, &mapping, lookup).unwrap_err();
        let not_enough = FormatError::type_error("not enough arguments for format string");
        assert_eq!(error("%(a)s %s"), MappingFormatError::Format(not_enough.clone()));
        assert_eq!(error("%(a)*d"), MappingFormatError::Format(not_enough));
        assert_eq!(error("%(a"), MappingFormatError::Format(FormatError::value("incomplete format key")));
        assert_eq!(error("%(b)s"), MappingFormatError::Lookup("KeyError: \"b\"".to_string()));
    }

    #[test]
    fn ascii_conversion_escapes_non_ascii_characters() {
        assert_eq!(ascii_escape("'h\u{e9}\u{20ac}\u{1f600}'"), "'h\\xe9\\u20ac\\U0001f600'");
        assert_eq!(ascii_escape("plain"), "plain");
    }

    #[test]
    fn float_to_string_formats_like_printf_and_rejects_unknown_codes() {
        assert_eq!(float_to_string(1234.5, 'e', 2, false).as_deref(), Some("1.23e+03"));
        assert_eq!(float_to_string(1234.5, 'G', 2, false).as_deref(), Some("1.2E+03"));
        assert_eq!(float_to_string(1.0, 'g', 3, true).as_deref(), Some("1.00"));
        assert_eq!(float_to_string(f64::INFINITY, 'F', 2, false).as_deref(), Some("INF"));
        assert_eq!(float_to_string(1.0, 'r', 2, false), None);
    }

    #[test]
    fn absurd_widths_fail_with_memory_error_instead_of_aborting() {
        let memory_error = FormatError { kind: FormatErrorKind::MemoryError, message: String::new() };
        assert_eq!(format_int_spec(&IntLike::Small(1), "6832050927062725951"), Err(memory_error.clone()));
        assert_eq!(format_str_spec("a", "6832050927062725951"), Err(memory_error.clone()));
        assert_eq!(format_float_spec(1.0, "6832050927062725951"), Err(memory_error.clone()));
        let args = [FmtArg::Int(6832050927062725951), FmtArg::Int(1)];
        assert_eq!(percent_format("%*d", &args), Err(memory_error));
        let wrapped = [FmtArg::Int(i64::MIN), FmtArg::Int(1)];
        assert_eq!(percent_format("%*d", &wrapped).unwrap(), "1");
    }

    #[test]
    fn surrogate_code_points_are_reported_as_value_errors() {
        let err = format_int_spec(&IntLike::Small(0xD800), "c").unwrap_err();
        assert_eq!(err.kind, FormatErrorKind::ValueError);
        let err = percent_format("%c", &[FmtArg::Int(0xDFFF)]).unwrap_err();
        assert_eq!(err.kind, FormatErrorKind::ValueError);
    }

    #[test]
    fn format_errors_display_as_python_exceptions() {
        let err = format_float_spec(1.0, "d").unwrap_err();
        assert_eq!(err.to_string(), "ValueError: Unknown format code 'd' for object of type 'float'");
    }
}
