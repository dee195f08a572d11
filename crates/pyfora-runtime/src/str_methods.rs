//! Python 3.11 `str` semantics: the methods of `str`, indexing and
//! slicing, `str % args`, `str.format` and `repr(str)`.
//!
//! Every index Python code sees counts characters, while [`PyStr`] stores
//! UTF-8; ASCII strings (the common case) take byte-indexed fast paths and
//! other strings convert character positions to byte offsets on demand.
//!
//! Results follow CPython 3.11 exactly, error messages included, with these
//! sources for the Unicode data:
//!
//! * character classes (`isalpha`, `isdecimal`, `isdigit`, `isnumeric`,
//!   `isprintable`, `isidentifier`, the printable test of `repr`) come from
//!   tables generated with Python 3.11's `unicodedata` (Unicode 14.0.0), so
//!   they match CPython code point for code point;
//! * case mappings (`upper`, `lower`, ...) and the `isupper`/`islower`
//!   properties come from Rust's standard library, completed with CPython's
//!   title-case and case-folding special cases, and with the characters
//!   whose case data is newer than Unicode 14 (Rust 1.95 follows a later
//!   version) corrected back. Only the context test of the final-sigma rule
//!   (a 'Σ' ending a word lowercases to 'ς') uses Rust's newer data as is.

use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

use crate::dict::HKey;
use crate::error::{index_error, key_error, overflow_error, type_error, value_error, Error, RtResult};
use crate::exceptions::ExcKind;
use crate::format::{FmtArg, MappingFormatError};
use crate::value::{PyStr, SliceValue, Value};

/// Keyword arguments of a call.
type Kwargs = Vec<(Arc<str>, Value)>;

/// Results longer than this many characters raise `MemoryError` instead of
/// attempting an allocation that could abort the process.
const MAX_RESULT_CHARS: i64 = 1 << 31;

/// The names of the methods [`call_str_method`] implements.
pub const STR_METHODS: &[&str] = &[
    "capitalize",
    "casefold",
    "center",
    "count",
    "endswith",
    "expandtabs",
    "find",
    "format",
    "format_map",
    "index",
    "encode",
    "isalnum",
    "isalpha",
    "isascii",
    "isdecimal",
    "isdigit",
    "isidentifier",
    "islower",
    "isnumeric",
    "isprintable",
    "isspace",
    "istitle",
    "isupper",
    "join",
    "ljust",
    "lower",
    "lstrip",
    "maketrans",
    "partition",
    "removeprefix",
    "removesuffix",
    "replace",
    "rfind",
    "rindex",
    "rjust",
    "rpartition",
    "rsplit",
    "rstrip",
    "split",
    "splitlines",
    "startswith",
    "strip",
    "swapcase",
    "title",
    "translate",
    "upper",
    "zfill",
];

/// True when `str` has a method called `name` (see [`call_str_method`]).
pub fn has_str_method(name: &str) -> bool {
    STR_METHODS.contains(&name)
}

// ---------------------------------------------------------------------------
// Method dispatch
// ---------------------------------------------------------------------------

/// Calls the method `name` of the string `s`; `None` when `str` has no
/// such method (the caller raises `AttributeError`).
pub fn call_str_method(s: &Arc<PyStr>, name: &str, args: Vec<Value>, kwargs: Kwargs) -> Option<RtResult<Value>> {
    let result = match name {
        // A documented deviation: pyfora has no bytes type.
        "encode" => Err(Error::new(ExcKind::NotImplementedError, "bytes are not supported by pyfora, so str.encode() is not available")),
        "split" => split(s, args, kwargs, false),
        "rsplit" => split(s, args, kwargs, true),
        "splitlines" => splitlines_method(s, args, kwargs),
        "join" => bind::<1>("join", Style::OneArg, 1, args, kwargs).and_then(|[items]| join(s, &required(items))),
        "strip" => strip(s, "strip", args, kwargs, Side::Both),
        "lstrip" => strip(s, "lstrip", args, kwargs, Side::Left),
        "rstrip" => strip(s, "rstrip", args, kwargs, Side::Right),
        "replace" => replace(s, args, kwargs),
        "find" => search(s, Search::Find, args, kwargs),
        "rfind" => search(s, Search::RFind, args, kwargs),
        "index" => search(s, Search::Index, args, kwargs),
        "rindex" => search(s, Search::RIndex, args, kwargs),
        "count" => search(s, Search::Count, args, kwargs),
        "startswith" => starts_or_ends_with(s, "startswith", args, kwargs),
        "endswith" => starts_or_ends_with(s, "endswith", args, kwargs),
        "removeprefix" | "removesuffix" => remove_affix(s, name, args, kwargs),
        "partition" => partition(s, "partition", args, kwargs),
        "rpartition" => partition(s, "rpartition", args, kwargs),
        "center" | "ljust" | "rjust" => justify(s, name, args, kwargs),
        "zfill" => bind::<1>("zfill", Style::OneArg, 1, args, kwargs).and_then(|[width]| to_ssize(&required(width))).and_then(|width| zfill(s, width)),
        "expandtabs" => bind::<1>("expandtabs", Style::Keywords(&["tabsize"]), 0, args, kwargs)
            .and_then(|[tabsize]| tabsize.map_or(Ok(8), |t| to_c_int(&t)))
            .and_then(|tabsize| expandtabs(&s.text, tabsize as i64).map(Value::str)),
        "format" => format_method(&s.text, &args, FieldKeywords::Pairs(&kwargs)).map(Value::str),
        "format_map" => bind::<1>("format_map", Style::OneArg, 1, args, kwargs).and_then(|[mapping]| format_map(&s.text, &required(mapping))).map(Value::str),
        "translate" => bind::<1>("translate", Style::OneArg, 1, args, kwargs).and_then(|[table]| translate(&s.text, &required(table))).map(Value::str),
        "maketrans" => bind::<3>("maketrans", Style::Clinic, 1, args, kwargs).and_then(|[x, y, z]| maketrans(required(x), y, z)),
        _ => return no_arg_method(s, name, args, kwargs),
    };
    Some(result)
}

/// The methods without arguments: case conversions and `is...` tests.
fn no_arg_method(s: &Arc<PyStr>, name: &str, args: Vec<Value>, kwargs: Kwargs) -> Option<RtResult<Value>> {
    let method: fn(&PyStr) -> Value = match name {
        "upper" => |s| Value::str(upper(&s.text)),
        "lower" => |s| Value::str(lower(&s.text)),
        "title" => |s| Value::str(title(&s.text)),
        "capitalize" => |s| Value::str(capitalize(&s.text)),
        "swapcase" => |s| Value::str(swapcase(&s.text)),
        "casefold" => |s| Value::str(casefold(&s.text)),
        "isascii" => |s| Value::Bool(s.is_ascii()),
        "isspace" => |s| Value::Bool(all_chars(&s.text, unicode::is_space)),
        "isalpha" => |s| Value::Bool(all_chars(&s.text, unicode::is_alpha)),
        "isalnum" => |s| Value::Bool(all_chars(&s.text, unicode::is_alnum)),
        "isdecimal" => |s| Value::Bool(all_chars(&s.text, unicode::is_decimal)),
        "isdigit" => |s| Value::Bool(all_chars(&s.text, unicode::is_digit)),
        "isnumeric" => |s| Value::Bool(all_chars(&s.text, unicode::is_numeric)),
        "isprintable" => |s| Value::Bool(s.text.chars().all(unicode::is_printable)),
        "isidentifier" => |s| Value::Bool(is_identifier(&s.text)),
        "isupper" => |s| Value::Bool(is_upper(&s.text)),
        "islower" => |s| Value::Bool(is_lower(&s.text)),
        "istitle" => |s| Value::Bool(is_title(&s.text)),
        _ => return None,
    };
    Some(bind::<0>(name, Style::NoArgs, 0, args, kwargs).map(|[]| method(s)))
}

// ---------------------------------------------------------------------------
// Argument handling
// ---------------------------------------------------------------------------

/// How a method receives its arguments. CPython words argument errors
/// differently depending on how each method parses them; each style
/// reproduces its own messages.
#[derive(Clone, Copy)]
enum Style {
    /// No arguments (`METH_NOARGS`): `str.upper() takes no arguments (1 given)`.
    NoArgs,
    /// Exactly one argument (`METH_O`): `str.zfill() takes exactly one argument (0 given)`.
    OneArg,
    /// Positional arguments parsed by Argument Clinic:
    /// `center expected at least 1 argument, got 0`.
    Clinic,
    /// Positional arguments parsed by `PyArg_ParseTuple` (the `find`
    /// family, `startswith`, `endswith`): `find() takes at least 1 argument (0 given)`.
    Legacy,
    /// Arguments that may also be given by keyword, with their names.
    Keywords(&'static [&'static str]),
}

/// Checks the arguments of `str.<method>` against its calling style and
/// returns them in parameter order (`None` for omitted ones). At least
/// `min` leading slots are filled on success.
fn bind<const N: usize>(method: &str, style: Style, min: usize, args: Vec<Value>, kwargs: Kwargs) -> RtResult<[Option<Value>; N]> {
    let given = args.len();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let message = match style {
        Style::Keywords(_) => None,
        Style::Legacy if !kwargs.is_empty() => Some(format!("{method}() takes no keyword arguments")),
        _ if !kwargs.is_empty() => Some(format!("str.{method}() takes no keyword arguments")),
        Style::NoArgs if given > 0 => Some(format!("str.{method}() takes no arguments ({given} given)")),
        Style::OneArg if given != 1 => Some(format!("str.{method}() takes exactly one argument ({given} given)")),
        Style::Clinic if given < min => Some(format!("{method} expected at least {min} argument{}, got {given}", plural(min))),
        Style::Clinic if given > N => Some(format!("{method} expected at most {N} argument{}, got {given}", plural(N))),
        Style::Legacy if given < min => Some(format!("{method}() takes at least {min} argument{} ({given} given)", plural(min))),
        Style::Legacy if given > N => Some(format!("{method}() takes at most {N} argument{} ({given} given)", plural(N))),
        _ => None,
    };
    if let Some(message) = message {
        return Err(type_error(message));
    }
    if given > N {
        return Err(type_error(format!("{method}() takes at most {N} argument{} ({given} given)", plural(N))));
    }
    let mut slots: [Option<Value>; N] = std::array::from_fn(|_| None);
    for (slot, value) in slots.iter_mut().zip(args) {
        *slot = Some(value);
    }
    if let Style::Keywords(names) = style {
        for (key, value) in kwargs {
            let Some(i) = names.iter().position(|name| **name == *key) else {
                return Err(type_error(format!("'{key}' is an invalid keyword argument for {method}()")));
            };
            if slots[i].is_some() {
                return Err(type_error(format!("argument for {method}() given by name ('{key}') and position ({})", i + 1)));
            }
            slots[i] = Some(value);
        }
    }
    Ok(slots)
}

/// Unwraps an argument slot that [`bind`] guarantees to be filled.
fn required(slot: Option<Value>) -> Value {
    slot.expect("bind checked the argument count")
}

/// The type name Argument Clinic uses in its messages (`None` for `None`).
fn clinic_type_name(v: &Value) -> Arc<str> {
    match v {
        Value::None => Arc::from("None"),
        other => other.type_name(),
    }
}

/// `operator.index(v)` when the result fits an `i64`; `None` for ints
/// beyond it.
fn as_index(v: &Value) -> RtResult<Option<i64>> {
    match v {
        Value::Int(i) => Ok(Some(*i)),
        Value::Bool(b) => Ok(Some(*b as i64)),
        Value::Big(_) => Ok(None),
        Value::Instance(_) => crate::ops::index_of(v).map(Some),
        other => Err(type_error(format!("'{}' object cannot be interpreted as an integer", other.type_name()))),
    }
}

/// Converts an argument like CPython's `Py_ssize_t` converter.
fn to_ssize(v: &Value) -> RtResult<i64> {
    as_index(v)?.ok_or_else(|| overflow_error("Python int too large to convert to C ssize_t"))
}

/// Converts an argument like CPython's `int` converter.
fn to_c_int(v: &Value) -> RtResult<i32> {
    as_index(v)?.and_then(|i| i32::try_from(i).ok()).ok_or_else(|| overflow_error("Python int too large to convert to C int"))
}

/// Converts a slice bound or a `start`/`end` argument like CPython's
/// `_PyEval_SliceIndex`: `None` stays `None`, ints beyond `i64` clamp.
fn slice_bound(v: &Value) -> RtResult<Option<i64>> {
    match v {
        Value::None => Ok(None),
        Value::Int(i) => Ok(Some(*i)),
        Value::Bool(b) => Ok(Some(*b as i64)),
        Value::Big(_) => crate::ops::clamped_index(v).map(Some),
        Value::Instance(i) if i.class.lookup("__index__").is_some() => crate::ops::clamped_index(v).map(Some),
        _ => Err(type_error("slice indices must be integers or None or have an __index__ method")),
    }
}

/// An optional `start`/`end` argument (see [`slice_bound`]).
fn opt_slice_bound(v: Option<Value>) -> RtResult<Option<i64>> {
    v.map_or(Ok(None), |v| slice_bound(&v))
}

/// Fails with `MemoryError` for results too large to build.
fn check_result_len(chars: i64) -> RtResult<()> {
    if chars > MAX_RESULT_CHARS {
        return Err(Error::new(ExcKind::MemoryError, ""));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Character positions
// ---------------------------------------------------------------------------

/// Byte range of the characters `start..end` of `s`
/// (`start <= end <= s.chars`).
fn byte_range(s: &PyStr, start: usize, end: usize) -> Range<usize> {
    if s.is_ascii() {
        return start..end;
    }
    let from = s.byte_offset(start);
    from..s.byte_offset(end.max(start))
}

/// Number of characters in `text`.
fn char_count(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    }
}

/// CPython's `ADJUST_INDICES`: resolves negative `start`/`end` against
/// `len` and clamps `end` to the string. `start` may stay beyond `len`.
fn adjust_indices(start: Option<i64>, end: Option<i64>, len: i64) -> (i64, i64) {
    let mut start = start.unwrap_or(0);
    let mut end = end.unwrap_or(i64::MAX);
    if end > len {
        end = len;
    } else if end < 0 {
        end = (end + len).max(0);
    }
    if start < 0 {
        start = (start + len).max(0);
    }
    (start, end)
}

/// The value for a substring of `s`: `s` itself when nothing was cut.
fn substring_value(s: &Arc<PyStr>, part: &str) -> Value {
    if part.len() == s.text.len() {
        Value::Str(s.clone())
    } else {
        Value::str(part)
    }
}

/// A list of strings.
fn str_list<'a>(parts: impl IntoIterator<Item = &'a str>) -> Value {
    Value::list(parts.into_iter().map(Value::str).collect())
}

/// True when `text` is non-empty and every character satisfies `pred`.
fn all_chars(text: &str, pred: fn(char) -> bool) -> bool {
    !text.is_empty() && text.chars().all(pred)
}

// ---------------------------------------------------------------------------
// split, rsplit, splitlines, join
// ---------------------------------------------------------------------------

/// `str.split` / `str.rsplit`.
fn split(s: &Arc<PyStr>, args: Vec<Value>, kwargs: Kwargs, from_right: bool) -> RtResult<Value> {
    let method = if from_right { "rsplit" } else { "split" };
    let [sep, maxsplit] = bind::<2>(method, Style::Keywords(&["sep", "maxsplit"]), 0, args, kwargs)?;
    let sep = match sep {
        None | Some(Value::None) => None,
        Some(Value::Str(sep)) => Some(sep),
        Some(other) => return Err(type_error(format!("must be str or None, not {}", other.type_name()))),
    };
    let maxsplit = maxsplit.map_or(Ok(-1), |m| to_ssize(&m))?;
    let limit = usize::try_from(maxsplit).unwrap_or(usize::MAX);
    let text = &*s.text;
    let parts = match sep {
        None if from_right => rsplit_whitespace(text, limit),
        None => split_whitespace(text, limit),
        Some(sep) if sep.text.is_empty() => return Err(value_error("empty separator")),
        // A one-character separator is searched as a char (memchr), not
        // with the substring searcher.
        Some(sep) if sep.text.len() == 1 => {
            let c = sep.text.as_bytes()[0] as char;
            if from_right {
                let mut parts: Vec<&str> = text.rsplitn(limit.saturating_add(1), c).collect();
                parts.reverse();
                parts
            } else {
                text.splitn(limit.saturating_add(1), c).collect()
            }
        }
        Some(sep) if from_right => {
            let mut parts: Vec<&str> = text.rsplitn(limit.saturating_add(1), &*sep.text).collect();
            parts.reverse();
            parts
        }
        Some(sep) => text.splitn(limit.saturating_add(1), &*sep.text).collect(),
    };
    Ok(str_list(parts))
}

/// `text.split(None, limit)`: runs of whitespace separate words; after
/// `limit` splits the rest (with its trailing whitespace) is one word.
fn split_whitespace(text: &str, mut limit: usize) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = text.trim_start_matches(unicode::is_space);
    while !rest.is_empty() {
        if limit == 0 {
            parts.push(rest);
            break;
        }
        let end = rest.find(unicode::is_space).unwrap_or(rest.len());
        parts.push(&rest[..end]);
        rest = rest[end..].trim_start_matches(unicode::is_space);
        limit -= 1;
    }
    parts
}

/// `text.rsplit(None, limit)`: like [`split_whitespace`] from the right.
fn rsplit_whitespace(text: &str, mut limit: usize) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = text.trim_end_matches(unicode::is_space);
    while !rest.is_empty() {
        if limit == 0 {
            parts.push(rest);
            break;
        }
        let start = rest.char_indices().rev().find(|&(_, c)| unicode::is_space(c)).map_or(0, |(i, c)| i + c.len_utf8());
        parts.push(&rest[start..]);
        rest = rest[..start].trim_end_matches(unicode::is_space);
        limit -= 1;
    }
    parts.reverse();
    parts
}

/// `str.splitlines(keepends=False)`.
fn splitlines_method(s: &Arc<PyStr>, args: Vec<Value>, kwargs: Kwargs) -> RtResult<Value> {
    let [keepends] = bind::<1>("splitlines", Style::Keywords(&["keepends"]), 0, args, kwargs)?;
    let keepends = keepends.map_or(Ok(0), |k| to_c_int(&k))? != 0;
    Ok(str_list(splitlines(&s.text, keepends)))
}

/// Splits `text` at line boundaries (`\n`, `\r`, `\r\n`, `\v`, `\f`,
/// `\x1c`-`\x1e`, `\x85`, U+2028, U+2029), keeping them when `keepends`.
fn splitlines(text: &str, keepends: bool) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !unicode::is_linebreak(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c == '\r' && chars.peek().is_some_and(|&(_, next)| next == '\n') {
            chars.next();
            end += 1;
        }
        lines.push(&text[start..if keepends { end } else { i }]);
        start = end;
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// `sep.join(iterable)`.
fn join(sep: &Arc<PyStr>, iterable: &Value) -> RtResult<Value> {
    let collected;
    let items: &[Value] = match iterable {
        Value::List(items) | Value::Tuple(items) => items,
        Value::None
        | Value::Ellipsis
        | Value::NotImplemented
        | Value::Bool(_)
        | Value::Int(_)
        | Value::Big(_)
        | Value::Float(_)
        | Value::Slice(_)
        | Value::Function(_)
        | Value::Builtin(_)
        | Value::BuiltinMethod(_)
        | Value::BoundMethod(_)
        | Value::Module(_) => return Err(type_error("can only join an iterable")),
        other => {
            collected = crate::iter::collect(other)?;
            &collected
        }
    };
    if let [Value::Str(only)] = items {
        return Ok(Value::Str(only.clone()));
    }
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        let Value::Str(part) = item else {
            return Err(type_error(format!("sequence item {i}: expected str instance, {} found", item.type_name())));
        };
        if i > 0 {
            out.push_str(&sep.text);
        }
        out.push_str(&part.text);
    }
    Ok(Value::str(out))
}

// ---------------------------------------------------------------------------
// strip, replace, removeprefix, partition
// ---------------------------------------------------------------------------

/// Which ends `strip` works on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
    Both,
}

/// `str.strip` / `lstrip` / `rstrip` with an optional set of characters.
fn strip(s: &Arc<PyStr>, method: &str, args: Vec<Value>, kwargs: Kwargs, side: Side) -> RtResult<Value> {
    let [chars] = bind::<1>(method, Style::Clinic, 0, args, kwargs)?;
    let text = &*s.text;
    let stripped = match chars {
        None | Some(Value::None) => trim(text, side, unicode::is_space),
        Some(Value::Str(set)) => trim(text, side, |c| set.text.contains(c)),
        Some(_) => return Err(type_error(format!("{method} arg must be None or str"))),
    };
    Ok(substring_value(s, stripped))
}

/// Removes the characters matching `pred` from the chosen ends of `text`.
fn trim(text: &str, side: Side, pred: impl Fn(char) -> bool) -> &str {
    let text = if side == Side::Right { text } else { text.trim_start_matches(&pred) };
    if side == Side::Left {
        text
    } else {
        text.trim_end_matches(&pred)
    }
}

/// `str.replace(old, new, count=-1)`.
fn replace(s: &Arc<PyStr>, args: Vec<Value>, kwargs: Kwargs) -> RtResult<Value> {
    // Python 3.13 also takes the count by name.
    let style = if crate::compat::python_minor() >= 13 && !kwargs.is_empty() { Style::Keywords(&["", "", "count"]) } else { Style::Clinic };
    let [old, new, count] = bind::<3>("replace", style, 2, args, kwargs)?;
    let (old, new) = (required(old), required(new));
    let Value::Str(old) = &old else {
        return Err(type_error(format!("replace() argument 1 must be str, not {}", clinic_type_name(&old))));
    };
    let Value::Str(new) = &new else {
        return Err(type_error(format!("replace() argument 2 must be str, not {}", clinic_type_name(&new))));
    };
    let count = count.map_or(Ok(-1), |c| to_ssize(&c))?;
    let text = &*s.text;
    if count == 0 || (!old.text.is_empty() && !text.contains(&*old.text)) {
        return Ok(Value::Str(s.clone()));
    }
    let replaced = match usize::try_from(count) {
        Ok(count) => text.replacen(&*old.text, &new.text, count),
        Err(_) => text.replace(&*old.text, &new.text),
    };
    Ok(Value::str(replaced))
}

/// `str.removeprefix(prefix)` / `str.removesuffix(suffix)`.
fn remove_affix(s: &Arc<PyStr>, method: &str, args: Vec<Value>, kwargs: Kwargs) -> RtResult<Value> {
    let [affix] = bind::<1>(method, Style::OneArg, 1, args, kwargs)?;
    let affix = required(affix);
    let Value::Str(affix) = &affix else {
        return Err(type_error(format!("{method}() argument must be str, not {}", clinic_type_name(&affix))));
    };
    let text = &*s.text;
    let rest = if method == "removeprefix" { text.strip_prefix(&*affix.text) } else { text.strip_suffix(&*affix.text) };
    Ok(substring_value(s, rest.unwrap_or(text)))
}

/// `str.partition(sep)` / `str.rpartition(sep)`.
fn partition(s: &Arc<PyStr>, method: &str, args: Vec<Value>, kwargs: Kwargs) -> RtResult<Value> {
    let [sep] = bind::<1>(method, Style::OneArg, 1, args, kwargs)?;
    let sep = required(sep);
    let Value::Str(sep_str) = &sep else {
        return Err(type_error(format!("must be str, not {}", sep.type_name())));
    };
    if sep_str.text.is_empty() {
        return Err(value_error("empty separator"));
    }
    let text = &*s.text;
    let from_right = method == "rpartition";
    let found = if from_right { text.rfind(&*sep_str.text) } else { text.find(&*sep_str.text) };
    let empty = || Value::str("");
    let parts = match found {
        Some(i) => vec![Value::str(&text[..i]), sep.clone(), Value::str(&text[i + sep_str.text.len()..])],
        None if from_right => vec![empty(), empty(), Value::Str(s.clone())],
        None => vec![Value::Str(s.clone()), empty(), empty()],
    };
    Ok(Value::tuple(parts))
}

// ---------------------------------------------------------------------------
// find, rfind, index, rindex, count, startswith, endswith
// ---------------------------------------------------------------------------

/// The substring searches sharing `(sub[, start[, end]])` arguments.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Search {
    Find,
    RFind,
    Index,
    RIndex,
    Count,
}

/// `str.find` / `rfind` / `index` / `rindex` / `count`.
fn search(s: &Arc<PyStr>, kind: Search, args: Vec<Value>, kwargs: Kwargs) -> RtResult<Value> {
    let method = match kind {
        Search::Find => "find",
        Search::RFind => "rfind",
        Search::Index => "index",
        Search::RIndex => "rindex",
        Search::Count => "count",
    };
    let [sub, start, end] = bind::<3>(method, Style::Legacy, 1, args, kwargs)?;
    let (start, end) = (opt_slice_bound(start)?, opt_slice_bound(end)?);
    let sub = required(sub);
    let Value::Str(sub) = &sub else {
        return Err(type_error(format!("must be str, not {}", sub.type_name())));
    };
    let (start, end) = adjust_indices(start, end, s.chars as i64);
    if kind == Search::Count {
        return Ok(Value::Int(count_in(s, &sub.text, start, end)));
    }
    let found = find_in(s, &sub.text, start, end, matches!(kind, Search::RFind | Search::RIndex));
    match (found, kind) {
        (Some(i), _) => Ok(Value::Int(i)),
        (None, Search::Index | Search::RIndex) => Err(value_error("substring not found")),
        (None, _) => Ok(Value::Int(-1)),
    }
}

/// Character index of the first (or last, `from_right`) occurrence of
/// `sub` within the characters `start..end` of `s` (already adjusted).
fn find_in(s: &PyStr, sub: &str, start: i64, end: i64, from_right: bool) -> Option<i64> {
    if end - start < char_count(sub) as i64 {
        return None;
    }
    let range = byte_range(s, start as usize, end as usize);
    let haystack = &s.text[range];
    let at = if from_right { haystack.rfind(sub)? } else { haystack.find(sub)? };
    Some(start + char_count(&haystack[..at]) as i64)
}

/// Non-overlapping occurrences of `sub` within the characters
/// `start..end` of `s`; an empty `sub` matches between all characters.
fn count_in(s: &PyStr, sub: &str, start: i64, end: i64) -> i64 {
    if end - start < char_count(sub) as i64 {
        return 0;
    }
    if sub.is_empty() {
        return end - start + 1;
    }
    s.text[byte_range(s, start as usize, end as usize)].matches(sub).count() as i64
}

/// `str.startswith` / `str.endswith` with a str or a tuple of str.
fn starts_or_ends_with(s: &Arc<PyStr>, method: &str, args: Vec<Value>, kwargs: Kwargs) -> RtResult<Value> {
    let [affix, start, end] = bind::<3>(method, Style::Legacy, 1, args, kwargs)?;
    let (start, end) = (opt_slice_bound(start)?, opt_slice_bound(end)?);
    let (start, end) = adjust_indices(start, end, s.chars as i64);
    let at_end = method == "endswith";
    match required(affix) {
        Value::Str(affix) => Ok(Value::Bool(tail_match(s, &affix, start, end, at_end))),
        Value::Tuple(items) => {
            for item in items.iter() {
                let Value::Str(affix) = item else {
                    return Err(type_error(format!("tuple for {method} must only contain str, not {}", item.type_name())));
                };
                if tail_match(s, affix, start, end, at_end) {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }
        other => Err(type_error(format!("{method} first arg must be str or a tuple of str, not {}", other.type_name()))),
    }
}

/// CPython's `tailmatch`: whether the characters `start..end` of `s`
/// start (or end, `at_end`) with `affix`.
fn tail_match(s: &PyStr, affix: &PyStr, start: i64, end: i64, at_end: bool) -> bool {
    if end - (affix.chars as i64) < start {
        return false;
    }
    let window = &s.text[byte_range(s, start as usize, end as usize)];
    if at_end {
        window.ends_with(&*affix.text)
    } else {
        window.starts_with(&*affix.text)
    }
}

// ---------------------------------------------------------------------------
// Padding: center, ljust, rjust, zfill, expandtabs
// ---------------------------------------------------------------------------

/// `str.center` / `ljust` / `rjust` `(width[, fillchar])`.
fn justify(s: &Arc<PyStr>, method: &str, args: Vec<Value>, kwargs: Kwargs) -> RtResult<Value> {
    let [width, fill] = bind::<2>(method, Style::Clinic, 1, args, kwargs)?;
    let width = to_ssize(&required(width))?;
    let fill = match fill {
        None => ' ',
        Some(Value::Str(f)) if f.chars == 1 => f.char_at(0),
        Some(Value::Str(_)) => return Err(type_error("The fill character must be exactly one character long")),
        Some(other) => return Err(type_error(format!("The fill character must be a unicode character, not {}", other.type_name()))),
    };
    let len = s.chars as i64;
    if width <= len {
        return Ok(Value::Str(s.clone()));
    }
    check_result_len(width)?;
    let margin = width - len;
    let left = match method {
        "ljust" => 0,
        "rjust" => margin,
        _ => margin / 2 + (margin & width & 1),
    };
    Ok(Value::str(pad(&s.text, left as usize, (margin - left) as usize, fill)))
}

/// `text` with `left` and `right` copies of `fill` around it.
fn pad(text: &str, left: usize, right: usize, fill: char) -> String {
    let mut out = String::with_capacity(text.len() + (left + right) * fill.len_utf8());
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(text);
    out.extend(std::iter::repeat_n(fill, right));
    out
}

/// `str.zfill(width)`: zeros on the left, after a leading sign.
fn zfill(s: &Arc<PyStr>, width: i64) -> RtResult<Value> {
    let len = s.chars as i64;
    if width <= len {
        return Ok(Value::Str(s.clone()));
    }
    check_result_len(width)?;
    let text = &*s.text;
    let (sign, digits) = match text.as_bytes().first() {
        Some(b'+' | b'-') => text.split_at(1),
        _ => ("", text),
    };
    let mut out = String::with_capacity(width as usize + text.len());
    out.push_str(sign);
    out.extend(std::iter::repeat_n('0', (width - len) as usize));
    out.push_str(digits);
    Ok(Value::str(out))
}

/// `str.expandtabs(tabsize)`: tabs become spaces up to the next multiple
/// of `tabsize` (columns restart after `\n` and `\r`; a tab size of zero
/// or less removes tabs).
pub(crate) fn expandtabs(text: &str, tabsize: i64) -> RtResult<String> {
    let mut out = String::with_capacity(text.len());
    let mut column: i64 = 0;
    let mut total: i64 = 0;
    for c in text.chars() {
        match c {
            '\t' if tabsize > 0 => {
                let spaces = tabsize - column % tabsize;
                column += spaces;
                total += spaces;
                check_result_len(total)?;
                out.extend(std::iter::repeat_n(' ', spaces as usize));
            }
            '\t' => {}
            _ => {
                out.push(c);
                total += 1;
                column = if c == '\n' || c == '\r' { 0 } else { column + 1 };
            }
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Case conversion and case tests
// ---------------------------------------------------------------------------

/// Lowercases 'Σ' as CPython does inside a string: 'ς' at the end of a
/// word (the Final_Sigma rule of Unicode's SpecialCasing), 'σ' elsewhere.
///
/// Rust's `str::to_lowercase` applies the same rule with the same
/// definition of "end of a word", so this runs it once over the text and
/// reads each sigma's result from there. Every other character lowercases
/// independently of its context, which tells where each lands.
struct FinalSigma {
    /// The lowercased text, computed only when it contains a 'Σ'.
    lowered: Option<String>,
    /// Byte offset in `lowered` of the next character's lowercase.
    offset: usize,
}

impl FinalSigma {
    /// Prepares for walking through `text`.
    fn new(text: &str) -> FinalSigma {
        FinalSigma { lowered: text.contains('Σ').then(|| text.to_lowercase()), offset: 0 }
    }

    /// Moves past `c`, the next character of the text; for a 'Σ' returns
    /// its lowercase in context.
    fn advance(&mut self, c: char) -> Option<char> {
        let lowered = self.lowered.as_deref()?;
        let at = self.offset;
        self.offset += c.to_lowercase().map(char::len_utf8).sum::<usize>();
        if c == 'Σ' {
            lowered[at..].chars().next()
        } else {
            None
        }
    }
}

/// Appends the lowercase of `c`; `sigma` is what [`FinalSigma::advance`]
/// returned for it.
fn push_lower(out: &mut String, c: char, sigma: Option<char>) {
    match sigma {
        Some(lowered) => out.push(lowered),
        None => unicode::push_lowercase(out, c),
    }
}

/// `str.upper()`.
fn upper(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_uppercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        unicode::push_uppercase(&mut out, c);
    }
    out
}

/// `str.lower()`, with the final-sigma rule.
fn lower(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    let mut sigma = FinalSigma::new(text);
    for c in text.chars() {
        let lowered_sigma = sigma.advance(c);
        push_lower(&mut out, c, lowered_sigma);
    }
    out
}

/// `str.title()`: a character following a cased character is lowercased,
/// any other is titlecased.
fn title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut sigma = FinalSigma::new(text);
    let mut previous_is_cased = false;
    for c in text.chars() {
        let lowered_sigma = sigma.advance(c);
        if previous_is_cased {
            push_lower(&mut out, c, lowered_sigma);
        } else {
            unicode::push_titlecase(&mut out, c);
        }
        previous_is_cased = unicode::is_cased(c);
    }
    out
}

/// `str.capitalize()`: the first character titlecased, the rest lowercased.
fn capitalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut sigma = FinalSigma::new(text);
    for (i, c) in text.chars().enumerate() {
        let lowered_sigma = sigma.advance(c);
        if i == 0 {
            unicode::push_titlecase(&mut out, c);
        } else {
            push_lower(&mut out, c, lowered_sigma);
        }
    }
    out
}

/// `str.swapcase()`: uppercase characters lowercased and vice versa.
fn swapcase(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut sigma = FinalSigma::new(text);
    for c in text.chars() {
        let lowered_sigma = sigma.advance(c);
        if unicode::is_upper(c) {
            push_lower(&mut out, c, lowered_sigma);
        } else if unicode::is_lower(c) {
            unicode::push_uppercase(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

/// `str.casefold()`: full Unicode case folding.
fn casefold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        unicode::push_casefold(&mut out, c);
    }
    out
}

/// `str.isupper()`: some cased character, and no lowercase or titlecase one.
fn is_upper(text: &str) -> bool {
    let mut cased = false;
    for c in text.chars() {
        if unicode::is_lower(c) || unicode::is_titlecase(c) {
            return false;
        }
        cased |= unicode::is_upper(c);
    }
    cased
}

/// `str.islower()`: some cased character, and no uppercase or titlecase one.
fn is_lower(text: &str) -> bool {
    let mut cased = false;
    for c in text.chars() {
        if unicode::is_upper(c) || unicode::is_titlecase(c) {
            return false;
        }
        cased |= unicode::is_lower(c);
    }
    cased
}

/// `str.istitle()`: uppercase and titlecase characters only follow uncased
/// ones, lowercase characters only cased ones, and there is a cased one.
fn is_title(text: &str) -> bool {
    let mut cased = false;
    let mut previous_is_cased = false;
    for c in text.chars() {
        if unicode::is_upper(c) || unicode::is_titlecase(c) {
            if previous_is_cased {
                return false;
            }
            previous_is_cased = true;
            cased = true;
        } else if unicode::is_lower(c) {
            if !previous_is_cased {
                return false;
            }
            previous_is_cased = true;
            cased = true;
        } else {
            previous_is_cased = false;
        }
    }
    cased
}

/// `str.isidentifier()`: an XID_Start character or `_`, then XID_Continue
/// characters.
fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => unicode::is_xid_start(first) && chars.all(unicode::is_xid_continue),
        None => false,
    }
}

// ---------------------------------------------------------------------------
// translate, maketrans
// ---------------------------------------------------------------------------

/// `str.translate(table)`: each character's code point is looked up in
/// `table`; a missing entry keeps the character, `None` deletes it, an int
/// or a str replaces it.
fn translate(text: &str, table: &Value) -> RtResult<String> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let mapped = match crate::ops::getitem(table, &Value::Int(c as i64)) {
            Ok(mapped) => mapped,
            Err(e) if e.is(ExcKind::LookupError) => {
                out.push(c);
                continue;
            }
            Err(e) => return Err(e),
        };
        match mapped {
            Value::None => {}
            Value::Str(s) => out.push_str(&s.text),
            Value::Int(_) | Value::Bool(_) | Value::Big(_) => {
                let code = as_index(&mapped)?.unwrap_or(-1);
                let mapped = u32::try_from(code).ok().filter(|&c| c < 0x110000);
                let mapped = mapped.ok_or_else(|| value_error("character mapping must be in range(0x110000)"))?;
                let mapped = char::from_u32(mapped).ok_or_else(|| value_error(format!("surrogate code point U+{mapped:04X} is not supported")))?;
                out.push(mapped);
            }
            _ => return Err(type_error("character mapping must return integer, None or str")),
        }
    }
    Ok(out)
}

/// `str.maketrans(x[, y[, z]])`: a translation table for [`translate`].
fn maketrans(x: Value, y: Option<Value>, z: Option<Value>) -> RtResult<Value> {
    let mut table = crate::dict::new_dict();
    let Some(y) = y else {
        let Value::Dict(dict) = &x else {
            return Err(type_error("if you give only one argument to maketrans it must be a dict"));
        };
        for (key, value) in dict.iter() {
            let code = match &key.value {
                Value::Str(k) if k.chars == 1 => Value::Int(k.char_at(0) as i64),
                Value::Str(_) => return Err(value_error("string keys in translate table must be of length 1")),
                Value::Int(_) | Value::Big(_) | Value::Bool(_) => key.value.clone(),
                _ => return Err(type_error("keys in translate table must be strings or integers")),
            };
            table.insert(HKey::new(code)?, value.clone());
        }
        return Ok(Value::Dict(Arc::new(table)));
    };
    let Value::Str(from) = &x else {
        return Err(type_error("first maketrans argument must be a string if there is a second argument"));
    };
    let Value::Str(to) = &y else {
        return Err(type_error(format!("maketrans() argument 2 must be str, not {}", clinic_type_name(&y))));
    };
    let delete = match &z {
        None => None,
        Some(Value::Str(z)) => Some(z.clone()),
        Some(other) => return Err(type_error(format!("maketrans() argument 3 must be str, not {}", clinic_type_name(other)))),
    };
    if from.chars != to.chars {
        return Err(value_error("the first two maketrans arguments must have equal length"));
    }
    for (a, b) in from.text.chars().zip(to.text.chars()) {
        table.insert(HKey::new(Value::Int(a as i64))?, Value::Int(b as i64));
    }
    for c in delete.iter().flat_map(|d| d.text.chars()) {
        table.insert(HKey::new(Value::Int(c as i64))?, Value::None);
    }
    Ok(Value::Dict(Arc::new(table)))
}

// ---------------------------------------------------------------------------
// str.format and str.format_map
// ---------------------------------------------------------------------------

/// Where named replacement fields take their values from.
#[derive(Clone, Copy)]
enum FieldKeywords<'a> {
    /// The keyword arguments of `str.format`.
    Pairs(&'a [(Arc<str>, Value)]),
    /// The mapping given to `str.format_map`.
    Mapping(&'a Value),
}

/// The values replacement fields refer to.
#[derive(Clone, Copy)]
struct FieldSource<'a> {
    /// Positional arguments; `None` for `format_map`, which has none.
    positional: Option<&'a [Value]>,
    keywords: FieldKeywords<'a>,
}

/// State of automatic field numbering (`{}`), shared by a whole format
/// call including nested format specs.
enum Numbering {
    /// No numeric field seen yet.
    Unset,
    /// `{}` fields seen; the next one takes this index.
    Auto(usize),
    /// Explicit indices such as `{0}` seen.
    Manual,
}

/// One parsed replacement field: `{name!conversion:spec}`.
struct Field {
    name: String,
    conversion: Option<char>,
    spec: String,
    /// The spec contains nested fields (`{:{width}}`).
    spec_is_template: bool,
}

/// How deeply format specs may nest fields (CPython allows one level).
const FORMAT_RECURSION_DEPTH: u32 = 2;

/// `template.format(*args, **kwargs)`.
fn format_method(template: &str, args: &[Value], keywords: FieldKeywords) -> RtResult<String> {
    if let Some(text) = plain_fields(template, args) {
        return Ok(text);
    }
    let source = FieldSource { positional: Some(args), keywords };
    expand_template(template, source, FORMAT_RECURSION_DEPTH, &mut Numbering::Unset)
}

/// `template.format(*args)` when every field is a bare `{}` (numbered in
/// order) and every argument is an int or a str, each used once: the
/// common case, written directly. `None` for anything else (the general
/// expansion then also reports the errors).
fn plain_fields(template: &str, args: &[Value]) -> Option<String> {
    let mut out = String::with_capacity(template.len() + 8 * args.len());
    let mut next = args.iter();
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        let (open, after) = (rest.as_bytes()[at], rest.as_bytes().get(at + 1).copied());
        match (open, after) {
            (b'{', Some(b'{')) => out.push('{'),
            (b'}', Some(b'}')) => out.push('}'),
            (b'{', Some(b'}')) => push_int_or_str(&mut out, next.next()?)?,
            _ => return None,
        }
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    next.next().is_none().then_some(out)
}

/// `template.format_map(mapping)`.
fn format_map(template: &str, mapping: &Value) -> RtResult<String> {
    let source = FieldSource { positional: None, keywords: FieldKeywords::Mapping(mapping) };
    expand_template(template, source, FORMAT_RECURSION_DEPTH, &mut Numbering::Unset)
}

/// Expands the replacement fields of `template` (CPython's
/// `build_string`/`MarkupIterator`), with CPython's errors.
fn expand_template(template: &str, source: FieldSource, depth: u32, numbering: &mut Numbering) -> RtResult<String> {
    if depth == 0 {
        return Err(value_error("Max string recursion exceeded"));
    }
    let chars: Vec<char> = template.chars().collect();
    let mut out = String::with_capacity(template.len());
    let mut pos = 0;
    while pos < chars.len() {
        let c = chars[pos];
        pos += 1;
        match c {
            '{' | '}' if chars.get(pos) == Some(&c) => {
                out.push(c);
                pos += 1;
            }
            '}' => return Err(value_error("Single '}' encountered in format string")),
            '{' if pos == chars.len() => return Err(value_error("Single '{' encountered in format string")),
            '{' => {
                let field = parse_field(&chars, &mut pos)?;
                out.push_str(&render_field(&field, source, depth, numbering)?);
            }
            _ => out.push(c),
        }
    }
    Ok(out)
}

/// Parses a replacement field after its `{` up to and including its `}`
/// (CPython's `parse_field`).
fn parse_field(chars: &[char], pos: &mut usize) -> RtResult<Field> {
    let name_start = *pos;
    let mut c = '\0';
    while *pos < chars.len() {
        c = chars[*pos];
        *pos += 1;
        match c {
            '{' => return Err(value_error("unexpected '{' in field name")),
            '[' => {
                while *pos < chars.len() && chars[*pos] != ']' {
                    *pos += 1;
                }
            }
            '}' | ':' | '!' => break,
            _ => {}
        }
    }
    let name: String = chars[name_start..*pos - 1].iter().collect();
    let mut field = Field { name, conversion: None, spec: String::new(), spec_is_template: false };
    match c {
        '!' | ':' => {}
        '}' => return Ok(field),
        _ => return Err(value_error("expected '}' before end of string")),
    }
    if c == '!' {
        let Some(&conversion) = chars.get(*pos) else {
            return Err(value_error("end of string while looking for conversion specifier"));
        };
        field.conversion = Some(conversion);
        *pos += 1;
        if let Some(&next) = chars.get(*pos) {
            *pos += 1;
            match next {
                '}' => return Ok(field),
                ':' => {}
                _ => return Err(value_error("expected ':' after conversion specifier")),
            }
        }
    }
    let spec_start = *pos;
    let mut open = 1;
    while *pos < chars.len() {
        let c = chars[*pos];
        *pos += 1;
        match c {
            '{' => {
                field.spec_is_template = true;
                open += 1;
            }
            '}' => {
                open -= 1;
                if open == 0 {
                    field.spec = chars[spec_start..*pos - 1].iter().collect();
                    return Ok(field);
                }
            }
            _ => {}
        }
    }
    Err(value_error("unmatched '{' in format spec"))
}

/// Looks a field's value up, converts it and formats it with its spec.
fn render_field(field: &Field, source: FieldSource, depth: u32, numbering: &mut Numbering) -> RtResult<String> {
    let value = resolve_field(&field.name, source, numbering)?;
    let value = match field.conversion {
        None => value,
        Some('s') => Value::str(crate::ops::to_str(&value)?),
        Some('r') => Value::str(crate::ops::repr(&value)?),
        Some('a') => Value::str(crate::format::ascii_escape(&crate::ops::repr(&value)?)),
        Some(other) if ('\u{21}'..'\u{7f}').contains(&other) => return Err(value_error(format!("Unknown conversion specifier {other}"))),
        Some(other) => return Err(value_error(format!("Unknown conversion specifier \\x{:x}", other as u32))),
    };
    if field.spec_is_template {
        let spec = expand_template(&field.spec, source, depth - 1, numbering)?;
        crate::ops::format_value(&value, &spec)
    } else {
        crate::ops::format_value(&value, &field.spec)
    }
}

/// The value a field name such as `0`, `name`, `0[1]` or `p.x` stands for
/// (CPython's `get_field_object`).
fn resolve_field(name: &str, source: FieldSource, numbering: &mut Numbering) -> RtResult<Value> {
    let chars: Vec<char> = name.chars().collect();
    let first_end = chars.iter().position(|&c| c == '.' || c == '[').unwrap_or(chars.len());
    let first = &chars[..first_end];
    let mut index = parse_field_index(first)?;
    if first.is_empty() || index.is_some() {
        index = Some(next_field_index(numbering, index)?);
    }
    let mut value = match index {
        Some(i) => {
            let Some(args) = source.positional else {
                return Err(value_error("Format string contains positional fields"));
            };
            args.get(i).cloned().ok_or_else(|| index_error(format!("Replacement index {i} out of range for positional args tuple")))?
        }
        None => {
            let key: String = first.iter().collect();
            match source.keywords {
                FieldKeywords::Pairs(pairs) => pairs.iter().find(|(k, _)| **k == *key).map(|(_, v)| v.clone()).ok_or_else(|| key_error(Value::str(key)))?,
                FieldKeywords::Mapping(mapping) => crate::ops::getitem(mapping, &Value::str(key))?,
            }
        }
    };
    let mut pos = first_end;
    while pos < chars.len() {
        let c = chars[pos];
        pos += 1;
        match c {
            '.' => {
                let start = pos;
                while pos < chars.len() && chars[pos] != '.' && chars[pos] != '[' {
                    pos += 1;
                }
                if pos == start {
                    return Err(value_error("Empty attribute in format string"));
                }
                let attr: String = chars[start..pos].iter().collect();
                value = crate::interp::get_attr(&value, &attr)?;
            }
            '[' => {
                let start = pos;
                while pos < chars.len() && chars[pos] != ']' {
                    pos += 1;
                }
                if pos == chars.len() {
                    return Err(value_error("Missing ']' in format string"));
                }
                let key = &chars[start..pos];
                pos += 1;
                let index = parse_field_index(key)?;
                if key.is_empty() {
                    return Err(value_error("Empty attribute in format string"));
                }
                let key = match index {
                    Some(i) => Value::Int(i as i64),
                    None => Value::str(key.iter().collect::<String>()),
                };
                value = crate::ops::getitem(&value, &key)?;
            }
            _ => return Err(value_error("Only '.' or '[' may follow ']' in format field specifier")),
        }
    }
    Ok(value)
}

/// The index of a numeric field name (any Unicode decimal digits), `None`
/// for other names (CPython's `get_integer`).
fn parse_field_index(name: &[char]) -> RtResult<Option<usize>> {
    if name.is_empty() {
        return Ok(None);
    }
    let mut value: usize = 0;
    for &c in name {
        let Some(digit) = unicode::decimal_value(c) else {
            return Ok(None);
        };
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(digit as usize))
            .filter(|&v| v <= isize::MAX as usize)
            .ok_or_else(|| value_error("Too many decimal digits in format string"))?;
    }
    Ok(Some(value))
}

/// Applies automatic numbering: `explicit` is the index written in the
/// field, `None` for `{}`. Mixing both styles is an error.
fn next_field_index(numbering: &mut Numbering, explicit: Option<usize>) -> RtResult<usize> {
    match (&mut *numbering, explicit) {
        (Numbering::Unset, Some(i)) => {
            *numbering = Numbering::Manual;
            Ok(i)
        }
        (Numbering::Unset, None) => {
            *numbering = Numbering::Auto(1);
            Ok(0)
        }
        (Numbering::Manual, Some(i)) => Ok(i),
        (Numbering::Auto(next), None) => {
            *next += 1;
            Ok(*next - 1)
        }
        (Numbering::Manual, None) => Err(value_error("cannot switch from manual field specification to automatic field numbering")),
        (Numbering::Auto(_), Some(_)) => Err(value_error("cannot switch from automatic field numbering to manual field specification")),
    }
}

// ---------------------------------------------------------------------------
// printf-style formatting: str % args
// ---------------------------------------------------------------------------

/// `fmt % args`: a tuple gives positional arguments, a mapping (dict, or
/// anything else with `__getitem__` except tuples and strings) serves
/// `%(name)s` conversions, any other value is the single argument.
pub fn str_mod(fmt: &PyStr, args: &Value) -> RtResult<Value> {
    if let Some(text) = plain_percent(&fmt.text, args) {
        return Ok(Value::str(text));
    }
    let needs = TextNeeds::of(&fmt.text);
    let is_mapping = match args {
        Value::Dict(_) | Value::List(_) | Value::Range(_) => true,
        Value::Instance(_) => crate::interp::has_special(args, "__getitem__"),
        _ => false,
    };
    let result = match args {
        Value::Tuple(items) => {
            let items = items.iter().map(|v| fmt_arg(v, needs)).collect::<RtResult<Vec<_>>>()?;
            crate::format::percent_format(&fmt.text, &items).map_err(crate::formatting::to_error)
        }
        mapping if is_mapping => {
            let lookup = |key: &str| crate::ops::getitem(mapping, &Value::str(key)).and_then(|v| fmt_arg(&v, needs));
            // The mapping's own texts only when a conversion without a key
            // formats the mapping itself (`str(mapping)` may run user code).
            let itself = if has_keyless_conversion(&fmt.text) { needs } else { TextNeeds::default() };
            crate::format::percent_format_mapping(&fmt.text, &fmt_arg(mapping, itself)?, lookup).map_err(|e| match e {
                MappingFormatError::Format(e) => crate::formatting::to_error(e),
                MappingFormatError::Lookup(e) => e,
            })
        }
        single => crate::format::percent_format(&fmt.text, &[fmt_arg(single, needs)?]).map_err(crate::formatting::to_error),
    };
    result.map(Value::str)
}

/// `fmt % args` when every conversion is a bare `%d`, `%i` or `%s` (no
/// key, flag, width or precision) and the arguments are ints (and strs for
/// `%s`) matching them one for one: the common case, written directly.
/// `None` for anything else (the general formatter then also reports the
/// errors).
fn plain_percent(fmt: &str, args: &Value) -> Option<String> {
    let items: &[Value] = match args {
        Value::Tuple(items) => items,
        single @ (Value::Int(_) | Value::Str(_)) => std::slice::from_ref(single),
        _ => return None,
    };
    let mut out = String::with_capacity(fmt.len() + 8 * items.len());
    let mut next = items.iter();
    let mut rest = fmt;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let conversion = *rest.as_bytes().get(at + 1)?;
        match (conversion, conversion == b'%') {
            (_, true) => out.push('%'),
            (b'd' | b'i', _) => match next.next()? {
                Value::Int(i) => write!(out, "{i}").ok()?,
                _ => return None,
            },
            (b's', _) => push_int_or_str(&mut out, next.next()?)?,
            _ => return None,
        }
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    next.next().is_none().then_some(out)
}

/// Appends `str(v)` for an int or a str; `None` for any other value.
fn push_int_or_str(out: &mut String, v: &Value) -> Option<()> {
    match v {
        Value::Int(i) => write!(out, "{i}").ok(),
        Value::Str(s) => {
            out.push_str(&s.text);
            Some(())
        }
        _ => None,
    }
}

/// Which texts of the arguments a printf-style format reads: `str()` for
/// `%s`, `repr()` for `%r` and `%a`. Only those are computed, so `%d`
/// never calls `__str__` and `%s` never calls `__repr__`.
#[derive(Clone, Copy, Default)]
struct TextNeeds {
    str: bool,
    repr: bool,
    /// `int(obj)` for `%d %i %u`.
    int: bool,
    /// `operator.index(obj)` for `%o %x %X %c`.
    index: bool,
    /// `float(obj)` for `%e %f %g`.
    float: bool,
}

impl TextNeeds {
    /// Scans the conversions of `fmt`, skipping keys, flags, widths,
    /// precisions and length modifiers.
    fn of(fmt: &str) -> TextNeeds {
        let mut needs = TextNeeds::default();
        let mut chars = fmt.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                continue;
            }
            let mut depth = 0;
            let kind = loop {
                let Some(c) = chars.next() else { break None };
                match c {
                    '(' => depth += 1,
                    ')' if depth > 0 => depth -= 1,
                    _ if depth > 0 => {}
                    '-' | '+' | ' ' | '#' | '0'..='9' | '*' | '.' | 'h' | 'l' | 'L' => {}
                    other => break Some(other),
                }
            };
            match kind {
                Some('s') => needs.str = true,
                Some('r' | 'a') => needs.repr = true,
                Some('d' | 'i' | 'u') => needs.int = true,
                Some('o' | 'x' | 'X' | 'c') => needs.index = true,
                Some('e' | 'E' | 'f' | 'F' | 'g' | 'G') => needs.float = true,
                _ => {}
            }
        }
        needs
    }
}

/// Whether a printf-style format has a conversion other than `%%` that
/// names no mapping key.
fn has_keyless_conversion(fmt: &str) -> bool {
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            continue;
        }
        match chars.peek() {
            Some('%') => {
                chars.next();
            }
            Some('(') => {
                // Skip the key (balanced parentheses); the conversion after it is keyed.
                let mut depth = 0;
                for c in chars.by_ref() {
                    match c {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            Some(_) => return true,
            None => {}
        }
    }
    false
}

/// Converts a value into an argument of [`crate::format::percent_format`].
fn fmt_arg(v: &Value, needs: TextNeeds) -> RtResult<FmtArg> {
    Ok(match v {
        Value::Bool(b) => FmtArg::Bool(*b),
        Value::Int(i) => FmtArg::Int(*i),
        Value::Big(b) => FmtArg::BigInt(b.to_string()),
        Value::Float(f) => FmtArg::Float(*f),
        Value::Str(s) => FmtArg::Str { text: s.text.to_string(), repr: if needs.repr { str_repr(&s.text) } else { String::new() } },
        other => {
            let instance = matches!(other, Value::Instance(_));
            let int = crate::value::TypeKind::Int;
            FmtArg::Object {
                type_name: other.type_name().to_string(),
                str_text: if needs.str { crate::ops::to_str(other)? } else { String::new() },
                repr_text: if needs.repr { crate::ops::repr(other)? } else { String::new() },
                int_text: if needs.int && instance {
                    number_or_wrong_type(crate::builtins::construct(int, vec![other.clone()], Vec::new()))?.and_then(|v| decimal(&v))
                } else {
                    None
                },
                index_text: if needs.index && instance { number_or_wrong_type(crate::ops::index_value(other))?.and_then(|v| decimal(&v)) } else { None },
                float_value: if needs.float && instance { number_or_wrong_type(crate::builtins::to_f64(other))? } else { None },
            }
        }
    })
}

/// An int's decimal text.
fn decimal(v: &Value) -> Option<String> {
    match v {
        Value::Int(i) => Some(i.to_string()),
        Value::Big(b) => Some(b.to_string()),
        Value::Bool(b) => Some((*b as i64).to_string()),
        _ => None,
    }
}

/// A conversion's result for a printf-style argument: `None` when the
/// object does not convert (a `TypeError`, which the format reports as the
/// wrong type); other errors propagate, as in CPython.
fn number_or_wrong_type<T>(converted: RtResult<T>) -> RtResult<Option<T>> {
    match converted {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is(ExcKind::TypeError) => Ok(None),
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------
// repr
// ---------------------------------------------------------------------------

/// CPython's `repr()` of a string: single quotes unless the text contains
/// `'` and no `"`; backslash escapes for the quote, `\\`, `\t`, `\n`, `\r`,
/// other control characters and non-printable characters; printable
/// non-ASCII characters as they are.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ if c == quote => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            _ if !c.is_ascii() && unicode::is_printable(c) => out.push(c),
            _ => push_escape(&mut out, c),
        }
    }
    out.push(quote);
    out
}

/// Appends `\xhh`, `\uhhhh` or `\Uhhhhhhhh` for `c`.
fn push_escape(out: &mut String, c: char) {
    let code = c as u32;
    // Writing to a String cannot fail.
    let _ = match code {
        0..=0xFF => write!(out, "\\x{code:02x}"),
        0x100..=0xFFFF => write!(out, "\\u{code:04x}"),
        _ => write!(out, "\\U{code:08x}"),
    };
}

// ---------------------------------------------------------------------------
// Indexing and slicing
// ---------------------------------------------------------------------------

/// `s[index]` for an int (negative counts from the end) or a slice.
pub fn str_getitem(s: &PyStr, index: &Value) -> RtResult<Value> {
    let i = match index {
        Value::Slice(slice) => {
            let (start, stop, step) = slice_indices(slice, s.chars as i64)?;
            return Ok(Value::str(slice_chars(s, start, stop, step)));
        }
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        Value::Big(_) => return Err(index_error("cannot fit 'int' into an index-sized integer")),
        Value::Instance(inst) if inst.class.lookup("__index__").is_some() => crate::ops::index_of(index)?,
        other => return Err(type_error(format!("string indices must be integers, not '{}'", other.type_name()))),
    };
    let len = s.chars as i64;
    let i = if i < 0 { i + len } else { i };
    if i < 0 || i >= len {
        return Err(index_error("string index out of range"));
    }
    Ok(Value::char(s.char_at(i as usize)))
}

/// The characters `start, start + step, ...` (`slice_len` of them) of `s`,
/// for bounds produced by [`slice_indices`].
fn slice_chars(s: &PyStr, start: i64, stop: i64, step: i64) -> String {
    let count = slice_len(start, stop, step) as usize;
    if count == 0 {
        return String::new();
    }
    let start = start as usize;
    if step == 1 {
        return s.text[byte_range(s, start, start + count)].to_string();
    }
    let stride = step.unsigned_abs() as usize;
    if s.is_ascii() {
        let bytes = s.text.as_bytes();
        let picked: String = if step > 0 {
            bytes[start..].iter().step_by(stride).take(count).map(|&b| b as char).collect()
        } else {
            bytes[..=start].iter().rev().step_by(stride).take(count).map(|&b| b as char).collect()
        };
        return picked;
    }
    if step > 0 {
        s.text.chars().skip(start).step_by(stride).take(count).collect()
    } else {
        s.text.chars().rev().skip(s.chars - 1 - start).step_by(stride).take(count).collect()
    }
}

/// CPython's `PySlice_Unpack` + `PySlice_AdjustIndices`: the start, stop
/// and step a slice selects from a sequence of `len` items. Bounds are
/// clamped (`None` picks the natural end for the step's direction), so
/// `start` is a valid index whenever [`slice_len`] is positive.
pub fn slice_indices(slice: &SliceValue, len: i64) -> RtResult<(i64, i64, i64)> {
    let step = match slice_bound(&slice.step)? {
        None => 1,
        Some(0) => return Err(value_error("slice step cannot be zero")),
        Some(step) => step.max(-i64::MAX),
    };
    let backwards = step < 0;
    let start = slice_bound(&slice.lower)?.unwrap_or(if backwards { i64::MAX } else { 0 });
    let stop = slice_bound(&slice.upper)?.unwrap_or(if backwards { i64::MIN } else { i64::MAX });
    let adjust = |bound: i64| -> i64 {
        if bound < 0 {
            let bound = bound + len;
            if bound < 0 {
                if backwards {
                    -1
                } else {
                    0
                }
            } else {
                bound
            }
        } else if bound >= len {
            if backwards {
                len - 1
            } else {
                len
            }
        } else {
            bound
        }
    };
    Ok((adjust(start), adjust(stop), step))
}

/// Number of items selected by bounds from [`slice_indices`].
pub fn slice_len(start: i64, stop: i64, step: i64) -> i64 {
    if step < 0 {
        if stop < start {
            return (start - stop - 1) / -step + 1;
        }
    } else if start < stop {
        return (stop - start - 1) / step + 1;
    }
    0
}

/// CPython's `_PyUnicode_TransformDecimalAndSpaceToASCII`, the first step of
/// `int(str)` and `float(str)`: every Unicode decimal digit becomes its ASCII
/// digit, every whitespace character a space, any other non-ASCII character
/// `?` (which the numeric parsers then reject).
pub fn decimal_and_space_to_ascii(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        return std::borrow::Cow::Borrowed(text);
    }
    let out = text
        .chars()
        .map(|c| {
            if c.is_ascii() {
                c
            } else if unicode::is_space(c) {
                ' '
            } else if let Some(d) = unicode::decimal_value(c) {
                char::from(b'0' + d as u8)
            } else {
                '?'
            }
        })
        .collect::<String>();
    std::borrow::Cow::Owned(out)
}

// ---------------------------------------------------------------------------
// Unicode character properties
// ---------------------------------------------------------------------------

/// Character properties as CPython 3.11 defines them.
mod unicode {
    use super::tables;

    /// True when `c` lies in a table of range boundaries: sorted code
    /// points where membership starts, stops, starts again, ...
    fn in_table(table: &[u32], c: char) -> bool {
        table.partition_point(|&bound| bound <= c as u32) % 2 == 1
    }

    /// `str.isspace` for one character: Unicode White_Space plus the
    /// separators `\x1c`-`\x1f` (bidirectional classes B and S).
    pub fn is_space(c: char) -> bool {
        matches!(
            c,
            '\t'..='\r'
                | '\x1c'..='\x20'
                | '\u{85}'
                | '\u{a0}'
                | '\u{1680}'
                | '\u{2000}'..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
        )
    }

    /// The line boundaries of `str.splitlines`.
    pub fn is_linebreak(c: char) -> bool {
        matches!(c, '\n' | '\x0b' | '\x0c' | '\r' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}')
    }

    /// `str.isalpha` for one character (categories L*).
    pub fn is_alpha(c: char) -> bool {
        if c.is_ascii() {
            c.is_ascii_alphabetic()
        } else {
            in_table(tables::ALPHA, c)
        }
    }

    /// `str.isdecimal` for one character.
    pub fn is_decimal(c: char) -> bool {
        if c.is_ascii() {
            c.is_ascii_digit()
        } else {
            in_table(tables::DECIMAL, c)
        }
    }

    /// `str.isdigit` for one character.
    pub fn is_digit(c: char) -> bool {
        is_decimal(c) || (!c.is_ascii() && in_table(tables::DIGIT_EXTRA, c))
    }

    /// `str.isnumeric` for one character.
    pub fn is_numeric(c: char) -> bool {
        is_digit(c) || (!c.is_ascii() && in_table(tables::NUMERIC_EXTRA, c))
    }

    /// `str.isalnum` for one character.
    pub fn is_alnum(c: char) -> bool {
        is_alpha(c) || is_numeric(c)
    }

    /// The value of a decimal digit (any script's), as `int()` reads it.
    pub fn decimal_value(c: char) -> Option<u32> {
        if c.is_ascii() {
            return c.to_digit(10);
        }
        // Decimal digits come in runs of ten starting at zero, and the
        // table's ranges are unions of whole runs.
        let i = tables::DECIMAL.partition_point(|&bound| bound <= c as u32);
        (i % 2 == 1).then(|| (c as u32 - tables::DECIMAL[i - 1]) % 10)
    }

    /// `str.isprintable` for one character.
    pub fn is_printable(c: char) -> bool {
        if c.is_ascii() {
            (' '..='~').contains(&c)
        } else {
            in_table(tables::PRINTABLE, c)
        }
    }

    /// May start an identifier: XID_Start or `_`.
    pub fn is_xid_start(c: char) -> bool {
        if c.is_ascii() {
            c.is_ascii_alphabetic() || c == '_'
        } else {
            (in_table(tables::ALPHA, c) && !in_table(tables::XID_START_EXCLUDED, c)) || in_table(tables::XID_START_EXTRA, c)
        }
    }

    /// May continue an identifier: XID_Continue.
    pub fn is_xid_continue(c: char) -> bool {
        if c.is_ascii() {
            c.is_ascii_alphanumeric() || c == '_'
        } else {
            is_xid_start(c) || in_table(tables::XID_CONTINUE_EXTRA, c)
        }
    }

    /// Titlecase letters (category Lt), such as 'ǅ'.
    pub fn is_titlecase(c: char) -> bool {
        matches!(
            c,
            '\u{1c5}'
                | '\u{1c8}'
                | '\u{1cb}'
                | '\u{1f2}'
                | '\u{1f88}'..='\u{1f8f}'
                | '\u{1f98}'..='\u{1f9f}'
                | '\u{1fa8}'..='\u{1faf}'
                | '\u{1fbc}'
                | '\u{1fcc}'
                | '\u{1ffc}'
        )
    }

    /// Cased characters: uppercase, lowercase or titlecase.
    pub fn is_cased(c: char) -> bool {
        is_lower(c) || is_upper(c) || is_titlecase(c)
    }

    /// Characters with case mappings in Rust's Unicode version but not in
    /// Unicode 14, where they are their own upper- and lowercase.
    fn has_newer_case_mapping(c: char) -> bool {
        matches!(
            c,
            '\u{19b}'
                | '\u{264}'
                | '\u{1c89}'..='\u{1c8a}'
                | '\u{a7cb}'..='\u{a7cf}'
                | '\u{a7d2}'..='\u{a7d5}'
                | '\u{a7da}'..='\u{a7dc}'
                | '\u{10d50}'..='\u{10d65}'
                | '\u{10d70}'..='\u{10d85}'
                | '\u{16ea0}'..='\u{16eb8}'
                | '\u{16ebb}'..='\u{16ed3}'
        )
    }

    /// Uppercase characters (the Uppercase property) as of Unicode 14.
    pub fn is_upper(c: char) -> bool {
        c.is_uppercase()
            && !matches!(
                c,
                '\u{1c89}'
                    | '\u{a7cb}'..='\u{a7cc}'
                    | '\u{a7ce}'
                    | '\u{a7d2}'
                    | '\u{a7d4}'
                    | '\u{a7da}'
                    | '\u{a7dc}'
                    | '\u{10d50}'..='\u{10d65}'
                    | '\u{16ea0}'..='\u{16eb8}'
            )
    }

    /// Lowercase characters (the Lowercase property) as of Unicode 14.
    pub fn is_lower(c: char) -> bool {
        let newer = matches!(
            c,
            '\u{10fc}'
                | '\u{1c8a}'
                | '\u{a7cd}'
                | '\u{a7cf}'
                | '\u{a7db}'
                | '\u{a7f1}'..='\u{a7f4}'
                | '\u{ab69}'
                | '\u{10d70}'..='\u{10d85}'
                | '\u{16ebb}'..='\u{16ed3}'
                | '\u{1df25}'..='\u{1df2a}'
                | '\u{1e030}'..='\u{1e06d}'
        );
        (c.is_lowercase() && !newer) || c == '\u{295}'
    }

    /// Appends the full uppercase mapping of `c`.
    pub fn push_uppercase(out: &mut String, c: char) {
        if has_newer_case_mapping(c) {
            out.push(c);
        } else {
            out.extend(c.to_uppercase());
        }
    }

    /// Appends the full lowercase mapping of `c` (without the final-sigma
    /// rule).
    pub fn push_lowercase(out: &mut String, c: char) {
        if has_newer_case_mapping(c) {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }

    /// Appends the titlecase mapping of `c`: its uppercase mapping except
    /// for digraphs, ligatures, Georgian and Greek letters with iota.
    pub fn push_titlecase(out: &mut String, c: char) {
        let special = match c {
            'ß' => "Ss",
            'Ǆ' | 'ǅ' | 'ǆ' => "ǅ",
            'Ǉ' | 'ǈ' | 'ǉ' => "ǈ",
            'Ǌ' | 'ǋ' | 'ǌ' => "ǋ",
            'Ǳ' | 'ǲ' | 'ǳ' => "ǲ",
            'և' => "Եւ",
            '\u{1fb2}' => "\u{1fba}\u{345}",
            '\u{1fb3}' | '\u{1fbc}' => "\u{1fbc}",
            '\u{1fb4}' => "\u{386}\u{345}",
            '\u{1fb7}' => "\u{391}\u{342}\u{345}",
            '\u{1fc2}' => "\u{1fca}\u{345}",
            '\u{1fc3}' | '\u{1fcc}' => "\u{1fcc}",
            '\u{1fc4}' => "\u{389}\u{345}",
            '\u{1fc7}' => "\u{397}\u{342}\u{345}",
            '\u{1ff2}' => "\u{1ffa}\u{345}",
            '\u{1ff3}' | '\u{1ffc}' => "\u{1ffc}",
            '\u{1ff4}' => "\u{38f}\u{345}",
            '\u{1ff7}' => "\u{3a9}\u{342}\u{345}",
            'ﬀ' => "Ff",
            'ﬁ' => "Fi",
            'ﬂ' => "Fl",
            'ﬃ' => "Ffi",
            'ﬄ' => "Ffl",
            'ﬅ' | 'ﬆ' => "St",
            '\u{fb13}' => "\u{544}\u{576}",
            '\u{fb14}' => "\u{544}\u{565}",
            '\u{fb15}' => "\u{544}\u{56b}",
            '\u{fb16}' => "\u{54e}\u{576}",
            '\u{fb17}' => "\u{544}\u{56d}",
            // Georgian Mkhedruli letters are their own titlecase.
            '\u{10d0}'..='\u{10fa}' | '\u{10fd}'..='\u{10ff}' => {
                out.push(c);
                return;
            }
            // Greek letters with ypogegrammeni: the titlecase form has a
            // prosgegrammeni instead, eight code points further.
            '\u{1f80}'..='\u{1faf}' => {
                out.push(char::from_u32(c as u32 | 0x8).unwrap_or(c));
                return;
            }
            _ => {
                push_uppercase(out, c);
                return;
            }
        };
        out.push_str(special);
    }

    /// Appends the full case folding of `c`: the lowercase of its
    /// uppercase, except for Cherokee (which folds to uppercase), dotless
    /// 'ı' (kept) and capital sharp s ('ẞ' folds to "ss").
    pub fn push_casefold(out: &mut String, c: char) {
        match c {
            '\u{13a0}'..='\u{13ff}' | '\u{ab70}'..='\u{abbf}' => out.extend(c.to_uppercase()),
            'ı' => out.push(c),
            'ẞ' => out.push_str("ss"),
            _ if has_newer_case_mapping(c) => out.push(c),
            _ => {
                for upper in c.to_uppercase() {
                    if upper == 'Σ' {
                        out.push('σ');
                    } else {
                        out.extend(upper.to_lowercase());
                    }
                }
            }
        }
    }
}

/// Character class tables generated with Python 3.11's `unicodedata`
/// (Unicode 14.0.0). Each table lists sorted range boundaries: the code
/// points where membership starts and stops alternately, so a character
/// belongs when an odd number of boundaries are `<=` it. Regenerate with:
///
/// ```text
/// def boundaries(pred):
///     out, inside = [], False
///     for c in range(0x110000):
///         if pred(chr(c)) != inside:
///             out.append(c); inside = not inside
///     return out
/// ```
///
/// and the predicate given on each table.
#[rustfmt::skip]
mod tables {
    /// Letters, categories Lu Ll Lt Lm Lo: `str.isalpha`.
    pub(super) static ALPHA: &[u32] = &[
        0x00041, 0x0005B, 0x00061, 0x0007B, 0x000AA, 0x000AB, 0x000B5, 0x000B6, 0x000BA, 0x000BB,
        0x000C0, 0x000D7, 0x000D8, 0x000F7, 0x000F8, 0x002C2, 0x002C6, 0x002D2, 0x002E0, 0x002E5,
        0x002EC, 0x002ED, 0x002EE, 0x002EF, 0x00370, 0x00375, 0x00376, 0x00378, 0x0037A, 0x0037E,
        0x0037F, 0x00380, 0x00386, 0x00387, 0x00388, 0x0038B, 0x0038C, 0x0038D, 0x0038E, 0x003A2,
        0x003A3, 0x003F6, 0x003F7, 0x00482, 0x0048A, 0x00530, 0x00531, 0x00557, 0x00559, 0x0055A,
        0x00560, 0x00589, 0x005D0, 0x005EB, 0x005EF, 0x005F3, 0x00620, 0x0064B, 0x0066E, 0x00670,
        0x00671, 0x006D4, 0x006D5, 0x006D6, 0x006E5, 0x006E7, 0x006EE, 0x006F0, 0x006FA, 0x006FD,
        0x006FF, 0x00700, 0x00710, 0x00711, 0x00712, 0x00730, 0x0074D, 0x007A6, 0x007B1, 0x007B2,
        0x007CA, 0x007EB, 0x007F4, 0x007F6, 0x007FA, 0x007FB, 0x00800, 0x00816, 0x0081A, 0x0081B,
        0x00824, 0x00825, 0x00828, 0x00829, 0x00840, 0x00859, 0x00860, 0x0086B, 0x00870, 0x00888,
        0x00889, 0x0088F, 0x008A0, 0x008CA, 0x00904, 0x0093A, 0x0093D, 0x0093E, 0x00950, 0x00951,
        0x00958, 0x00962, 0x00971, 0x00981, 0x00985, 0x0098D, 0x0098F, 0x00991, 0x00993, 0x009A9,
        0x009AA, 0x009B1, 0x009B2, 0x009B3, 0x009B6, 0x009BA, 0x009BD, 0x009BE, 0x009CE, 0x009CF,
        0x009DC, 0x009DE, 0x009DF, 0x009E2, 0x009F0, 0x009F2, 0x009FC, 0x009FD, 0x00A05, 0x00A0B,
        0x00A0F, 0x00A11, 0x00A13, 0x00A29, 0x00A2A, 0x00A31, 0x00A32, 0x00A34, 0x00A35, 0x00A37,
        0x00A38, 0x00A3A, 0x00A59, 0x00A5D, 0x00A5E, 0x00A5F, 0x00A72, 0x00A75, 0x00A85, 0x00A8E,
        0x00A8F, 0x00A92, 0x00A93, 0x00AA9, 0x00AAA, 0x00AB1, 0x00AB2, 0x00AB4, 0x00AB5, 0x00ABA,
        0x00ABD, 0x00ABE, 0x00AD0, 0x00AD1, 0x00AE0, 0x00AE2, 0x00AF9, 0x00AFA, 0x00B05, 0x00B0D,
        0x00B0F, 0x00B11, 0x00B13, 0x00B29, 0x00B2A, 0x00B31, 0x00B32, 0x00B34, 0x00B35, 0x00B3A,
        0x00B3D, 0x00B3E, 0x00B5C, 0x00B5E, 0x00B5F, 0x00B62, 0x00B71, 0x00B72, 0x00B83, 0x00B84,
        0x00B85, 0x00B8B, 0x00B8E, 0x00B91, 0x00B92, 0x00B96, 0x00B99, 0x00B9B, 0x00B9C, 0x00B9D,
        0x00B9E, 0x00BA0, 0x00BA3, 0x00BA5, 0x00BA8, 0x00BAB, 0x00BAE, 0x00BBA, 0x00BD0, 0x00BD1,
        0x00C05, 0x00C0D, 0x00C0E, 0x00C11, 0x00C12, 0x00C29, 0x00C2A, 0x00C3A, 0x00C3D, 0x00C3E,
        0x00C58, 0x00C5B, 0x00C5D, 0x00C5E, 0x00C60, 0x00C62, 0x00C80, 0x00C81, 0x00C85, 0x00C8D,
        0x00C8E, 0x00C91, 0x00C92, 0x00CA9, 0x00CAA, 0x00CB4, 0x00CB5, 0x00CBA, 0x00CBD, 0x00CBE,
        0x00CDD, 0x00CDF, 0x00CE0, 0x00CE2, 0x00CF1, 0x00CF3, 0x00D04, 0x00D0D, 0x00D0E, 0x00D11,
        0x00D12, 0x00D3B, 0x00D3D, 0x00D3E, 0x00D4E, 0x00D4F, 0x00D54, 0x00D57, 0x00D5F, 0x00D62,
        0x00D7A, 0x00D80, 0x00D85, 0x00D97, 0x00D9A, 0x00DB2, 0x00DB3, 0x00DBC, 0x00DBD, 0x00DBE,
        0x00DC0, 0x00DC7, 0x00E01, 0x00E31, 0x00E32, 0x00E34, 0x00E40, 0x00E47, 0x00E81, 0x00E83,
        0x00E84, 0x00E85, 0x00E86, 0x00E8B, 0x00E8C, 0x00EA4, 0x00EA5, 0x00EA6, 0x00EA7, 0x00EB1,
        0x00EB2, 0x00EB4, 0x00EBD, 0x00EBE, 0x00EC0, 0x00EC5, 0x00EC6, 0x00EC7, 0x00EDC, 0x00EE0,
        0x00F00, 0x00F01, 0x00F40, 0x00F48, 0x00F49, 0x00F6D, 0x00F88, 0x00F8D, 0x01000, 0x0102B,
        0x0103F, 0x01040, 0x01050, 0x01056, 0x0105A, 0x0105E, 0x01061, 0x01062, 0x01065, 0x01067,
        0x0106E, 0x01071, 0x01075, 0x01082, 0x0108E, 0x0108F, 0x010A0, 0x010C6, 0x010C7, 0x010C8,
        0x010CD, 0x010CE, 0x010D0, 0x010FB, 0x010FC, 0x01249, 0x0124A, 0x0124E, 0x01250, 0x01257,
        0x01258, 0x01259, 0x0125A, 0x0125E, 0x01260, 0x01289, 0x0128A, 0x0128E, 0x01290, 0x012B1,
        0x012B2, 0x012B6, 0x012B8, 0x012BF, 0x012C0, 0x012C1, 0x012C2, 0x012C6, 0x012C8, 0x012D7,
        0x012D8, 0x01311, 0x01312, 0x01316, 0x01318, 0x0135B, 0x01380, 0x01390, 0x013A0, 0x013F6,
        0x013F8, 0x013FE, 0x01401, 0x0166D, 0x0166F, 0x01680, 0x01681, 0x0169B, 0x016A0, 0x016EB,
        0x016F1, 0x016F9, 0x01700, 0x01712, 0x0171F, 0x01732, 0x01740, 0x01752, 0x01760, 0x0176D,
        0x0176E, 0x01771, 0x01780, 0x017B4, 0x017D7, 0x017D8, 0x017DC, 0x017DD, 0x01820, 0x01879,
        0x01880, 0x01885, 0x01887, 0x018A9, 0x018AA, 0x018AB, 0x018B0, 0x018F6, 0x01900, 0x0191F,
        0x01950, 0x0196E, 0x01970, 0x01975, 0x01980, 0x019AC, 0x019B0, 0x019CA, 0x01A00, 0x01A17,
        0x01A20, 0x01A55, 0x01AA7, 0x01AA8, 0x01B05, 0x01B34, 0x01B45, 0x01B4D, 0x01B83, 0x01BA1,
        0x01BAE, 0x01BB0, 0x01BBA, 0x01BE6, 0x01C00, 0x01C24, 0x01C4D, 0x01C50, 0x01C5A, 0x01C7E,
        0x01C80, 0x01C89, 0x01C90, 0x01CBB, 0x01CBD, 0x01CC0, 0x01CE9, 0x01CED, 0x01CEE, 0x01CF4,
        0x01CF5, 0x01CF7, 0x01CFA, 0x01CFB, 0x01D00, 0x01DC0, 0x01E00, 0x01F16, 0x01F18, 0x01F1E,
        0x01F20, 0x01F46, 0x01F48, 0x01F4E, 0x01F50, 0x01F58, 0x01F59, 0x01F5A, 0x01F5B, 0x01F5C,
        0x01F5D, 0x01F5E, 0x01F5F, 0x01F7E, 0x01F80, 0x01FB5, 0x01FB6, 0x01FBD, 0x01FBE, 0x01FBF,
        0x01FC2, 0x01FC5, 0x01FC6, 0x01FCD, 0x01FD0, 0x01FD4, 0x01FD6, 0x01FDC, 0x01FE0, 0x01FED,
        0x01FF2, 0x01FF5, 0x01FF6, 0x01FFD, 0x02071, 0x02072, 0x0207F, 0x02080, 0x02090, 0x0209D,
        0x02102, 0x02103, 0x02107, 0x02108, 0x0210A, 0x02114, 0x02115, 0x02116, 0x02119, 0x0211E,
        0x02124, 0x02125, 0x02126, 0x02127, 0x02128, 0x02129, 0x0212A, 0x0212E, 0x0212F, 0x0213A,
        0x0213C, 0x02140, 0x02145, 0x0214A, 0x0214E, 0x0214F, 0x02183, 0x02185, 0x02C00, 0x02CE5,
        0x02CEB, 0x02CEF, 0x02CF2, 0x02CF4, 0x02D00, 0x02D26, 0x02D27, 0x02D28, 0x02D2D, 0x02D2E,
        0x02D30, 0x02D68, 0x02D6F, 0x02D70, 0x02D80, 0x02D97, 0x02DA0, 0x02DA7, 0x02DA8, 0x02DAF,
        0x02DB0, 0x02DB7, 0x02DB8, 0x02DBF, 0x02DC0, 0x02DC7, 0x02DC8, 0x02DCF, 0x02DD0, 0x02DD7,
        0x02DD8, 0x02DDF, 0x02E2F, 0x02E30, 0x03005, 0x03007, 0x03031, 0x03036, 0x0303B, 0x0303D,
        0x03041, 0x03097, 0x0309D, 0x030A0, 0x030A1, 0x030FB, 0x030FC, 0x03100, 0x03105, 0x03130,
        0x03131, 0x0318F, 0x031A0, 0x031C0, 0x031F0, 0x03200, 0x03400, 0x04DC0, 0x04E00, 0x0A48D,
        0x0A4D0, 0x0A4FE, 0x0A500, 0x0A60D, 0x0A610, 0x0A620, 0x0A62A, 0x0A62C, 0x0A640, 0x0A66F,
        0x0A67F, 0x0A69E, 0x0A6A0, 0x0A6E6, 0x0A717, 0x0A720, 0x0A722, 0x0A789, 0x0A78B, 0x0A7CB,
        0x0A7D0, 0x0A7D2, 0x0A7D3, 0x0A7D4, 0x0A7D5, 0x0A7DA, 0x0A7F2, 0x0A802, 0x0A803, 0x0A806,
        0x0A807, 0x0A80B, 0x0A80C, 0x0A823, 0x0A840, 0x0A874, 0x0A882, 0x0A8B4, 0x0A8F2, 0x0A8F8,
        0x0A8FB, 0x0A8FC, 0x0A8FD, 0x0A8FF, 0x0A90A, 0x0A926, 0x0A930, 0x0A947, 0x0A960, 0x0A97D,
        0x0A984, 0x0A9B3, 0x0A9CF, 0x0A9D0, 0x0A9E0, 0x0A9E5, 0x0A9E6, 0x0A9F0, 0x0A9FA, 0x0A9FF,
        0x0AA00, 0x0AA29, 0x0AA40, 0x0AA43, 0x0AA44, 0x0AA4C, 0x0AA60, 0x0AA77, 0x0AA7A, 0x0AA7B,
        0x0AA7E, 0x0AAB0, 0x0AAB1, 0x0AAB2, 0x0AAB5, 0x0AAB7, 0x0AAB9, 0x0AABE, 0x0AAC0, 0x0AAC1,
        0x0AAC2, 0x0AAC3, 0x0AADB, 0x0AADE, 0x0AAE0, 0x0AAEB, 0x0AAF2, 0x0AAF5, 0x0AB01, 0x0AB07,
        0x0AB09, 0x0AB0F, 0x0AB11, 0x0AB17, 0x0AB20, 0x0AB27, 0x0AB28, 0x0AB2F, 0x0AB30, 0x0AB5B,
        0x0AB5C, 0x0AB6A, 0x0AB70, 0x0ABE3, 0x0AC00, 0x0D7A4, 0x0D7B0, 0x0D7C7, 0x0D7CB, 0x0D7FC,
        0x0F900, 0x0FA6E, 0x0FA70, 0x0FADA, 0x0FB00, 0x0FB07, 0x0FB13, 0x0FB18, 0x0FB1D, 0x0FB1E,
        0x0FB1F, 0x0FB29, 0x0FB2A, 0x0FB37, 0x0FB38, 0x0FB3D, 0x0FB3E, 0x0FB3F, 0x0FB40, 0x0FB42,
        0x0FB43, 0x0FB45, 0x0FB46, 0x0FBB2, 0x0FBD3, 0x0FD3E, 0x0FD50, 0x0FD90, 0x0FD92, 0x0FDC8,
        0x0FDF0, 0x0FDFC, 0x0FE70, 0x0FE75, 0x0FE76, 0x0FEFD, 0x0FF21, 0x0FF3B, 0x0FF41, 0x0FF5B,
        0x0FF66, 0x0FFBF, 0x0FFC2, 0x0FFC8, 0x0FFCA, 0x0FFD0, 0x0FFD2, 0x0FFD8, 0x0FFDA, 0x0FFDD,
        0x10000, 0x1000C, 0x1000D, 0x10027, 0x10028, 0x1003B, 0x1003C, 0x1003E, 0x1003F, 0x1004E,
        0x10050, 0x1005E, 0x10080, 0x100FB, 0x10280, 0x1029D, 0x102A0, 0x102D1, 0x10300, 0x10320,
        0x1032D, 0x10341, 0x10342, 0x1034A, 0x10350, 0x10376, 0x10380, 0x1039E, 0x103A0, 0x103C4,
        0x103C8, 0x103D0, 0x10400, 0x1049E, 0x104B0, 0x104D4, 0x104D8, 0x104FC, 0x10500, 0x10528,
        0x10530, 0x10564, 0x10570, 0x1057B, 0x1057C, 0x1058B, 0x1058C, 0x10593, 0x10594, 0x10596,
        0x10597, 0x105A2, 0x105A3, 0x105B2, 0x105B3, 0x105BA, 0x105BB, 0x105BD, 0x10600, 0x10737,
        0x10740, 0x10756, 0x10760, 0x10768, 0x10780, 0x10786, 0x10787, 0x107B1, 0x107B2, 0x107BB,
        0x10800, 0x10806, 0x10808, 0x10809, 0x1080A, 0x10836, 0x10837, 0x10839, 0x1083C, 0x1083D,
        0x1083F, 0x10856, 0x10860, 0x10877, 0x10880, 0x1089F, 0x108E0, 0x108F3, 0x108F4, 0x108F6,
        0x10900, 0x10916, 0x10920, 0x1093A, 0x10980, 0x109B8, 0x109BE, 0x109C0, 0x10A00, 0x10A01,
        0x10A10, 0x10A14, 0x10A15, 0x10A18, 0x10A19, 0x10A36, 0x10A60, 0x10A7D, 0x10A80, 0x10A9D,
        0x10AC0, 0x10AC8, 0x10AC9, 0x10AE5, 0x10B00, 0x10B36, 0x10B40, 0x10B56, 0x10B60, 0x10B73,
        0x10B80, 0x10B92, 0x10C00, 0x10C49, 0x10C80, 0x10CB3, 0x10CC0, 0x10CF3, 0x10D00, 0x10D24,
        0x10E80, 0x10EAA, 0x10EB0, 0x10EB2, 0x10F00, 0x10F1D, 0x10F27, 0x10F28, 0x10F30, 0x10F46,
        0x10F70, 0x10F82, 0x10FB0, 0x10FC5, 0x10FE0, 0x10FF7, 0x11003, 0x11038, 0x11071, 0x11073,
        0x11075, 0x11076, 0x11083, 0x110B0, 0x110D0, 0x110E9, 0x11103, 0x11127, 0x11144, 0x11145,
        0x11147, 0x11148, 0x11150, 0x11173, 0x11176, 0x11177, 0x11183, 0x111B3, 0x111C1, 0x111C5,
        0x111DA, 0x111DB, 0x111DC, 0x111DD, 0x11200, 0x11212, 0x11213, 0x1122C, 0x11280, 0x11287,
        0x11288, 0x11289, 0x1128A, 0x1128E, 0x1128F, 0x1129E, 0x1129F, 0x112A9, 0x112B0, 0x112DF,
        0x11305, 0x1130D, 0x1130F, 0x11311, 0x11313, 0x11329, 0x1132A, 0x11331, 0x11332, 0x11334,
        0x11335, 0x1133A, 0x1133D, 0x1133E, 0x11350, 0x11351, 0x1135D, 0x11362, 0x11400, 0x11435,
        0x11447, 0x1144B, 0x1145F, 0x11462, 0x11480, 0x114B0, 0x114C4, 0x114C6, 0x114C7, 0x114C8,
        0x11580, 0x115AF, 0x115D8, 0x115DC, 0x11600, 0x11630, 0x11644, 0x11645, 0x11680, 0x116AB,
        0x116B8, 0x116B9, 0x11700, 0x1171B, 0x11740, 0x11747, 0x11800, 0x1182C, 0x118A0, 0x118E0,
        0x118FF, 0x11907, 0x11909, 0x1190A, 0x1190C, 0x11914, 0x11915, 0x11917, 0x11918, 0x11930,
        0x1193F, 0x11940, 0x11941, 0x11942, 0x119A0, 0x119A8, 0x119AA, 0x119D1, 0x119E1, 0x119E2,
        0x119E3, 0x119E4, 0x11A00, 0x11A01, 0x11A0B, 0x11A33, 0x11A3A, 0x11A3B, 0x11A50, 0x11A51,
        0x11A5C, 0x11A8A, 0x11A9D, 0x11A9E, 0x11AB0, 0x11AF9, 0x11C00, 0x11C09, 0x11C0A, 0x11C2F,
        0x11C40, 0x11C41, 0x11C72, 0x11C90, 0x11D00, 0x11D07, 0x11D08, 0x11D0A, 0x11D0B, 0x11D31,
        0x11D46, 0x11D47, 0x11D60, 0x11D66, 0x11D67, 0x11D69, 0x11D6A, 0x11D8A, 0x11D98, 0x11D99,
        0x11EE0, 0x11EF3, 0x11FB0, 0x11FB1, 0x12000, 0x1239A, 0x12480, 0x12544, 0x12F90, 0x12FF1,
        0x13000, 0x1342F, 0x14400, 0x14647, 0x16800, 0x16A39, 0x16A40, 0x16A5F, 0x16A70, 0x16ABF,
        0x16AD0, 0x16AEE, 0x16B00, 0x16B30, 0x16B40, 0x16B44, 0x16B63, 0x16B78, 0x16B7D, 0x16B90,
        0x16E40, 0x16E80, 0x16F00, 0x16F4B, 0x16F50, 0x16F51, 0x16F93, 0x16FA0, 0x16FE0, 0x16FE2,
        0x16FE3, 0x16FE4, 0x17000, 0x187F8, 0x18800, 0x18CD6, 0x18D00, 0x18D09, 0x1AFF0, 0x1AFF4,
        0x1AFF5, 0x1AFFC, 0x1AFFD, 0x1AFFF, 0x1B000, 0x1B123, 0x1B150, 0x1B153, 0x1B164, 0x1B168,
        0x1B170, 0x1B2FC, 0x1BC00, 0x1BC6B, 0x1BC70, 0x1BC7D, 0x1BC80, 0x1BC89, 0x1BC90, 0x1BC9A,
        0x1D400, 0x1D455, 0x1D456, 0x1D49D, 0x1D49E, 0x1D4A0, 0x1D4A2, 0x1D4A3, 0x1D4A5, 0x1D4A7,
        0x1D4A9, 0x1D4AD, 0x1D4AE, 0x1D4BA, 0x1D4BB, 0x1D4BC, 0x1D4BD, 0x1D4C4, 0x1D4C5, 0x1D506,
        0x1D507, 0x1D50B, 0x1D50D, 0x1D515, 0x1D516, 0x1D51D, 0x1D51E, 0x1D53A, 0x1D53B, 0x1D53F,
        0x1D540, 0x1D545, 0x1D546, 0x1D547, 0x1D54A, 0x1D551, 0x1D552, 0x1D6A6, 0x1D6A8, 0x1D6C1,
        0x1D6C2, 0x1D6DB, 0x1D6DC, 0x1D6FB, 0x1D6FC, 0x1D715, 0x1D716, 0x1D735, 0x1D736, 0x1D74F,
        0x1D750, 0x1D76F, 0x1D770, 0x1D789, 0x1D78A, 0x1D7A9, 0x1D7AA, 0x1D7C3, 0x1D7C4, 0x1D7CC,
        0x1DF00, 0x1DF1F, 0x1E100, 0x1E12D, 0x1E137, 0x1E13E, 0x1E14E, 0x1E14F, 0x1E290, 0x1E2AE,
        0x1E2C0, 0x1E2EC, 0x1E7E0, 0x1E7E7, 0x1E7E8, 0x1E7EC, 0x1E7ED, 0x1E7EF, 0x1E7F0, 0x1E7FF,
        0x1E800, 0x1E8C5, 0x1E900, 0x1E944, 0x1E94B, 0x1E94C, 0x1EE00, 0x1EE04, 0x1EE05, 0x1EE20,
        0x1EE21, 0x1EE23, 0x1EE24, 0x1EE25, 0x1EE27, 0x1EE28, 0x1EE29, 0x1EE33, 0x1EE34, 0x1EE38,
        0x1EE39, 0x1EE3A, 0x1EE3B, 0x1EE3C, 0x1EE42, 0x1EE43, 0x1EE47, 0x1EE48, 0x1EE49, 0x1EE4A,
        0x1EE4B, 0x1EE4C, 0x1EE4D, 0x1EE50, 0x1EE51, 0x1EE53, 0x1EE54, 0x1EE55, 0x1EE57, 0x1EE58,
        0x1EE59, 0x1EE5A, 0x1EE5B, 0x1EE5C, 0x1EE5D, 0x1EE5E, 0x1EE5F, 0x1EE60, 0x1EE61, 0x1EE63,
        0x1EE64, 0x1EE65, 0x1EE67, 0x1EE6B, 0x1EE6C, 0x1EE73, 0x1EE74, 0x1EE78, 0x1EE79, 0x1EE7D,
        0x1EE7E, 0x1EE7F, 0x1EE80, 0x1EE8A, 0x1EE8B, 0x1EE9C, 0x1EEA1, 0x1EEA4, 0x1EEA5, 0x1EEAA,
        0x1EEAB, 0x1EEBC, 0x20000, 0x2A6E0, 0x2A700, 0x2B739, 0x2B740, 0x2B81E, 0x2B820, 0x2CEA2,
        0x2CEB0, 0x2EBE1, 0x2F800, 0x2FA1E, 0x30000, 0x3134B,
    ];

    /// Decimal digits: `str.isdecimal`.
    pub(super) static DECIMAL: &[u32] = &[
        0x00030, 0x0003A, 0x00660, 0x0066A, 0x006F0, 0x006FA, 0x007C0, 0x007CA, 0x00966, 0x00970,
        0x009E6, 0x009F0, 0x00A66, 0x00A70, 0x00AE6, 0x00AF0, 0x00B66, 0x00B70, 0x00BE6, 0x00BF0,
        0x00C66, 0x00C70, 0x00CE6, 0x00CF0, 0x00D66, 0x00D70, 0x00DE6, 0x00DF0, 0x00E50, 0x00E5A,
        0x00ED0, 0x00EDA, 0x00F20, 0x00F2A, 0x01040, 0x0104A, 0x01090, 0x0109A, 0x017E0, 0x017EA,
        0x01810, 0x0181A, 0x01946, 0x01950, 0x019D0, 0x019DA, 0x01A80, 0x01A8A, 0x01A90, 0x01A9A,
        0x01B50, 0x01B5A, 0x01BB0, 0x01BBA, 0x01C40, 0x01C4A, 0x01C50, 0x01C5A, 0x0A620, 0x0A62A,
        0x0A8D0, 0x0A8DA, 0x0A900, 0x0A90A, 0x0A9D0, 0x0A9DA, 0x0A9F0, 0x0A9FA, 0x0AA50, 0x0AA5A,
        0x0ABF0, 0x0ABFA, 0x0FF10, 0x0FF1A, 0x104A0, 0x104AA, 0x10D30, 0x10D3A, 0x11066, 0x11070,
        0x110F0, 0x110FA, 0x11136, 0x11140, 0x111D0, 0x111DA, 0x112F0, 0x112FA, 0x11450, 0x1145A,
        0x114D0, 0x114DA, 0x11650, 0x1165A, 0x116C0, 0x116CA, 0x11730, 0x1173A, 0x118E0, 0x118EA,
        0x11950, 0x1195A, 0x11C50, 0x11C5A, 0x11D50, 0x11D5A, 0x11DA0, 0x11DAA, 0x16A60, 0x16A6A,
        0x16AC0, 0x16ACA, 0x16B50, 0x16B5A, 0x1D7CE, 0x1D800, 0x1E140, 0x1E14A, 0x1E2F0, 0x1E2FA,
        0x1E950, 0x1E95A, 0x1FBF0, 0x1FBFA,
    ];

    /// Digits that are not decimal: `lambda c: c.isdigit() and not c.isdecimal()`.
    pub(super) static DIGIT_EXTRA: &[u32] = &[
        0x000B2, 0x000B4, 0x000B9, 0x000BA, 0x01369, 0x01372, 0x019DA, 0x019DB, 0x02070, 0x02071,
        0x02074, 0x0207A, 0x02080, 0x0208A, 0x02460, 0x02469, 0x02474, 0x0247D, 0x02488, 0x02491,
        0x024EA, 0x024EB, 0x024F5, 0x024FE, 0x024FF, 0x02500, 0x02776, 0x0277F, 0x02780, 0x02789,
        0x0278A, 0x02793, 0x10A40, 0x10A44, 0x10E60, 0x10E69, 0x11052, 0x1105B, 0x1F100, 0x1F10B,
    ];

    /// Numeric characters that are not digits: `lambda c: c.isnumeric() and not c.isdigit()`.
    pub(super) static NUMERIC_EXTRA: &[u32] = &[
        0x000BC, 0x000BF, 0x009F4, 0x009FA, 0x00B72, 0x00B78, 0x00BF0, 0x00BF3, 0x00C78, 0x00C7F,
        0x00D58, 0x00D5F, 0x00D70, 0x00D79, 0x00F2A, 0x00F34, 0x01372, 0x0137D, 0x016EE, 0x016F1,
        0x017F0, 0x017FA, 0x02150, 0x02183, 0x02185, 0x0218A, 0x02469, 0x02474, 0x0247D, 0x02488,
        0x02491, 0x0249C, 0x024EB, 0x024F5, 0x024FE, 0x024FF, 0x0277F, 0x02780, 0x02789, 0x0278A,
        0x02793, 0x02794, 0x02CFD, 0x02CFE, 0x03007, 0x03008, 0x03021, 0x0302A, 0x03038, 0x0303B,
        0x03192, 0x03196, 0x03220, 0x0322A, 0x03248, 0x03250, 0x03251, 0x03260, 0x03280, 0x0328A,
        0x032B1, 0x032C0, 0x03405, 0x03406, 0x03483, 0x03484, 0x0382A, 0x0382B, 0x03B4D, 0x03B4E,
        0x04E00, 0x04E01, 0x04E03, 0x04E04, 0x04E07, 0x04E08, 0x04E09, 0x04E0A, 0x04E5D, 0x04E5E,
        0x04E8C, 0x04E8D, 0x04E94, 0x04E95, 0x04E96, 0x04E97, 0x04EBF, 0x04EC1, 0x04EDF, 0x04EE0,
        0x04EE8, 0x04EE9, 0x04F0D, 0x04F0E, 0x04F70, 0x04F71, 0x05104, 0x05105, 0x05146, 0x05147,
        0x05169, 0x0516A, 0x0516B, 0x0516C, 0x0516D, 0x0516E, 0x05341, 0x05342, 0x05343, 0x05346,
        0x0534C, 0x0534D, 0x053C1, 0x053C5, 0x056DB, 0x056DC, 0x058F1, 0x058F2, 0x058F9, 0x058FA,
        0x05E7A, 0x05E7B, 0x05EFE, 0x05F00, 0x05F0C, 0x05F0F, 0x05F10, 0x05F11, 0x062FE, 0x062FF,
        0x0634C, 0x0634D, 0x067D2, 0x067D3, 0x06F06, 0x06F07, 0x07396, 0x07397, 0x0767E, 0x0767F,
        0x08086, 0x08087, 0x0842C, 0x0842D, 0x08CAE, 0x08CAF, 0x08CB3, 0x08CB4, 0x08D30, 0x08D31,
        0x09621, 0x09622, 0x09646, 0x09647, 0x0964C, 0x0964D, 0x09678, 0x09679, 0x096F6, 0x096F7,
        0x0A6E6, 0x0A6F0, 0x0A830, 0x0A836, 0x0F96B, 0x0F96C, 0x0F973, 0x0F974, 0x0F978, 0x0F979,
        0x0F9B2, 0x0F9B3, 0x0F9D1, 0x0F9D2, 0x0F9D3, 0x0F9D4, 0x0F9FD, 0x0F9FE, 0x10107, 0x10134,
        0x10140, 0x10179, 0x1018A, 0x1018C, 0x102E1, 0x102FC, 0x10320, 0x10324, 0x10341, 0x10342,
        0x1034A, 0x1034B, 0x103D1, 0x103D6, 0x10858, 0x10860, 0x10879, 0x10880, 0x108A7, 0x108B0,
        0x108FB, 0x10900, 0x10916, 0x1091C, 0x109BC, 0x109BE, 0x109C0, 0x109D0, 0x109D2, 0x10A00,
        0x10A44, 0x10A49, 0x10A7D, 0x10A7F, 0x10A9D, 0x10AA0, 0x10AEB, 0x10AF0, 0x10B58, 0x10B60,
        0x10B78, 0x10B80, 0x10BA9, 0x10BB0, 0x10CFA, 0x10D00, 0x10E69, 0x10E7F, 0x10F1D, 0x10F27,
        0x10F51, 0x10F55, 0x10FC5, 0x10FCC, 0x1105B, 0x11066, 0x111E1, 0x111F5, 0x1173A, 0x1173C,
        0x118EA, 0x118F3, 0x11C5A, 0x11C6D, 0x11FC0, 0x11FD5, 0x12400, 0x1246F, 0x16B5B, 0x16B62,
        0x16E80, 0x16E97, 0x1D2E0, 0x1D2F4, 0x1D360, 0x1D379, 0x1E8C7, 0x1E8D0, 0x1EC71, 0x1ECAC,
        0x1ECAD, 0x1ECB0, 0x1ECB1, 0x1ECB5, 0x1ED01, 0x1ED2E, 0x1ED2F, 0x1ED3E, 0x1F10B, 0x1F10D,
        0x20001, 0x20002, 0x20064, 0x20065, 0x200E2, 0x200E3, 0x20121, 0x20122, 0x2092A, 0x2092B,
        0x20983, 0x20984, 0x2098C, 0x2098D, 0x2099C, 0x2099D, 0x20AEA, 0x20AEB, 0x20AFD, 0x20AFE,
        0x20B19, 0x20B1A, 0x22390, 0x22391, 0x22998, 0x22999, 0x23B1B, 0x23B1C, 0x2626D, 0x2626E,
        0x2F890, 0x2F891,
    ];

    /// Printable characters: all but categories Cc Cf Cs Co Cn Zl Zp, and Zs except the space: `str.isprintable`.
    pub(super) static PRINTABLE: &[u32] = &[
        0x00020, 0x0007F, 0x000A1, 0x000AD, 0x000AE, 0x00378, 0x0037A, 0x00380, 0x00384, 0x0038B,
        0x0038C, 0x0038D, 0x0038E, 0x003A2, 0x003A3, 0x00530, 0x00531, 0x00557, 0x00559, 0x0058B,
        0x0058D, 0x00590, 0x00591, 0x005C8, 0x005D0, 0x005EB, 0x005EF, 0x005F5, 0x00606, 0x0061C,
        0x0061D, 0x006DD, 0x006DE, 0x0070E, 0x00710, 0x0074B, 0x0074D, 0x007B2, 0x007C0, 0x007FB,
        0x007FD, 0x0082E, 0x00830, 0x0083F, 0x00840, 0x0085C, 0x0085E, 0x0085F, 0x00860, 0x0086B,
        0x00870, 0x0088F, 0x00898, 0x008E2, 0x008E3, 0x00984, 0x00985, 0x0098D, 0x0098F, 0x00991,
        0x00993, 0x009A9, 0x009AA, 0x009B1, 0x009B2, 0x009B3, 0x009B6, 0x009BA, 0x009BC, 0x009C5,
        0x009C7, 0x009C9, 0x009CB, 0x009CF, 0x009D7, 0x009D8, 0x009DC, 0x009DE, 0x009DF, 0x009E4,
        0x009E6, 0x009FF, 0x00A01, 0x00A04, 0x00A05, 0x00A0B, 0x00A0F, 0x00A11, 0x00A13, 0x00A29,
        0x00A2A, 0x00A31, 0x00A32, 0x00A34, 0x00A35, 0x00A37, 0x00A38, 0x00A3A, 0x00A3C, 0x00A3D,
        0x00A3E, 0x00A43, 0x00A47, 0x00A49, 0x00A4B, 0x00A4E, 0x00A51, 0x00A52, 0x00A59, 0x00A5D,
        0x00A5E, 0x00A5F, 0x00A66, 0x00A77, 0x00A81, 0x00A84, 0x00A85, 0x00A8E, 0x00A8F, 0x00A92,
        0x00A93, 0x00AA9, 0x00AAA, 0x00AB1, 0x00AB2, 0x00AB4, 0x00AB5, 0x00ABA, 0x00ABC, 0x00AC6,
        0x00AC7, 0x00ACA, 0x00ACB, 0x00ACE, 0x00AD0, 0x00AD1, 0x00AE0, 0x00AE4, 0x00AE6, 0x00AF2,
        0x00AF9, 0x00B00, 0x00B01, 0x00B04, 0x00B05, 0x00B0D, 0x00B0F, 0x00B11, 0x00B13, 0x00B29,
        0x00B2A, 0x00B31, 0x00B32, 0x00B34, 0x00B35, 0x00B3A, 0x00B3C, 0x00B45, 0x00B47, 0x00B49,
        0x00B4B, 0x00B4E, 0x00B55, 0x00B58, 0x00B5C, 0x00B5E, 0x00B5F, 0x00B64, 0x00B66, 0x00B78,
        0x00B82, 0x00B84, 0x00B85, 0x00B8B, 0x00B8E, 0x00B91, 0x00B92, 0x00B96, 0x00B99, 0x00B9B,
        0x00B9C, 0x00B9D, 0x00B9E, 0x00BA0, 0x00BA3, 0x00BA5, 0x00BA8, 0x00BAB, 0x00BAE, 0x00BBA,
        0x00BBE, 0x00BC3, 0x00BC6, 0x00BC9, 0x00BCA, 0x00BCE, 0x00BD0, 0x00BD1, 0x00BD7, 0x00BD8,
        0x00BE6, 0x00BFB, 0x00C00, 0x00C0D, 0x00C0E, 0x00C11, 0x00C12, 0x00C29, 0x00C2A, 0x00C3A,
        0x00C3C, 0x00C45, 0x00C46, 0x00C49, 0x00C4A, 0x00C4E, 0x00C55, 0x00C57, 0x00C58, 0x00C5B,
        0x00C5D, 0x00C5E, 0x00C60, 0x00C64, 0x00C66, 0x00C70, 0x00C77, 0x00C8D, 0x00C8E, 0x00C91,
        0x00C92, 0x00CA9, 0x00CAA, 0x00CB4, 0x00CB5, 0x00CBA, 0x00CBC, 0x00CC5, 0x00CC6, 0x00CC9,
        0x00CCA, 0x00CCE, 0x00CD5, 0x00CD7, 0x00CDD, 0x00CDF, 0x00CE0, 0x00CE4, 0x00CE6, 0x00CF0,
        0x00CF1, 0x00CF3, 0x00D00, 0x00D0D, 0x00D0E, 0x00D11, 0x00D12, 0x00D45, 0x00D46, 0x00D49,
        0x00D4A, 0x00D50, 0x00D54, 0x00D64, 0x00D66, 0x00D80, 0x00D81, 0x00D84, 0x00D85, 0x00D97,
        0x00D9A, 0x00DB2, 0x00DB3, 0x00DBC, 0x00DBD, 0x00DBE, 0x00DC0, 0x00DC7, 0x00DCA, 0x00DCB,
        0x00DCF, 0x00DD5, 0x00DD6, 0x00DD7, 0x00DD8, 0x00DE0, 0x00DE6, 0x00DF0, 0x00DF2, 0x00DF5,
        0x00E01, 0x00E3B, 0x00E3F, 0x00E5C, 0x00E81, 0x00E83, 0x00E84, 0x00E85, 0x00E86, 0x00E8B,
        0x00E8C, 0x00EA4, 0x00EA5, 0x00EA6, 0x00EA7, 0x00EBE, 0x00EC0, 0x00EC5, 0x00EC6, 0x00EC7,
        0x00EC8, 0x00ECE, 0x00ED0, 0x00EDA, 0x00EDC, 0x00EE0, 0x00F00, 0x00F48, 0x00F49, 0x00F6D,
        0x00F71, 0x00F98, 0x00F99, 0x00FBD, 0x00FBE, 0x00FCD, 0x00FCE, 0x00FDB, 0x01000, 0x010C6,
        0x010C7, 0x010C8, 0x010CD, 0x010CE, 0x010D0, 0x01249, 0x0124A, 0x0124E, 0x01250, 0x01257,
        0x01258, 0x01259, 0x0125A, 0x0125E, 0x01260, 0x01289, 0x0128A, 0x0128E, 0x01290, 0x012B1,
        0x012B2, 0x012B6, 0x012B8, 0x012BF, 0x012C0, 0x012C1, 0x012C2, 0x012C6, 0x012C8, 0x012D7,
        0x012D8, 0x01311, 0x01312, 0x01316, 0x01318, 0x0135B, 0x0135D, 0x0137D, 0x01380, 0x0139A,
        0x013A0, 0x013F6, 0x013F8, 0x013FE, 0x01400, 0x01680, 0x01681, 0x0169D, 0x016A0, 0x016F9,
        0x01700, 0x01716, 0x0171F, 0x01737, 0x01740, 0x01754, 0x01760, 0x0176D, 0x0176E, 0x01771,
        0x01772, 0x01774, 0x01780, 0x017DE, 0x017E0, 0x017EA, 0x017F0, 0x017FA, 0x01800, 0x0180E,
        0x0180F, 0x0181A, 0x01820, 0x01879, 0x01880, 0x018AB, 0x018B0, 0x018F6, 0x01900, 0x0191F,
        0x01920, 0x0192C, 0x01930, 0x0193C, 0x01940, 0x01941, 0x01944, 0x0196E, 0x01970, 0x01975,
        0x01980, 0x019AC, 0x019B0, 0x019CA, 0x019D0, 0x019DB, 0x019DE, 0x01A1C, 0x01A1E, 0x01A5F,
        0x01A60, 0x01A7D, 0x01A7F, 0x01A8A, 0x01A90, 0x01A9A, 0x01AA0, 0x01AAE, 0x01AB0, 0x01ACF,
        0x01B00, 0x01B4D, 0x01B50, 0x01B7F, 0x01B80, 0x01BF4, 0x01BFC, 0x01C38, 0x01C3B, 0x01C4A,
        0x01C4D, 0x01C89, 0x01C90, 0x01CBB, 0x01CBD, 0x01CC8, 0x01CD0, 0x01CFB, 0x01D00, 0x01F16,
        0x01F18, 0x01F1E, 0x01F20, 0x01F46, 0x01F48, 0x01F4E, 0x01F50, 0x01F58, 0x01F59, 0x01F5A,
        0x01F5B, 0x01F5C, 0x01F5D, 0x01F5E, 0x01F5F, 0x01F7E, 0x01F80, 0x01FB5, 0x01FB6, 0x01FC5,
        0x01FC6, 0x01FD4, 0x01FD6, 0x01FDC, 0x01FDD, 0x01FF0, 0x01FF2, 0x01FF5, 0x01FF6, 0x01FFF,
        0x02010, 0x02028, 0x02030, 0x0205F, 0x02070, 0x02072, 0x02074, 0x0208F, 0x02090, 0x0209D,
        0x020A0, 0x020C1, 0x020D0, 0x020F1, 0x02100, 0x0218C, 0x02190, 0x02427, 0x02440, 0x0244B,
        0x02460, 0x02B74, 0x02B76, 0x02B96, 0x02B97, 0x02CF4, 0x02CF9, 0x02D26, 0x02D27, 0x02D28,
        0x02D2D, 0x02D2E, 0x02D30, 0x02D68, 0x02D6F, 0x02D71, 0x02D7F, 0x02D97, 0x02DA0, 0x02DA7,
        0x02DA8, 0x02DAF, 0x02DB0, 0x02DB7, 0x02DB8, 0x02DBF, 0x02DC0, 0x02DC7, 0x02DC8, 0x02DCF,
        0x02DD0, 0x02DD7, 0x02DD8, 0x02DDF, 0x02DE0, 0x02E5E, 0x02E80, 0x02E9A, 0x02E9B, 0x02EF4,
        0x02F00, 0x02FD6, 0x02FF0, 0x02FFC, 0x03001, 0x03040, 0x03041, 0x03097, 0x03099, 0x03100,
        0x03105, 0x03130, 0x03131, 0x0318F, 0x03190, 0x031E4, 0x031F0, 0x0321F, 0x03220, 0x0A48D,
        0x0A490, 0x0A4C7, 0x0A4D0, 0x0A62C, 0x0A640, 0x0A6F8, 0x0A700, 0x0A7CB, 0x0A7D0, 0x0A7D2,
        0x0A7D3, 0x0A7D4, 0x0A7D5, 0x0A7DA, 0x0A7F2, 0x0A82D, 0x0A830, 0x0A83A, 0x0A840, 0x0A878,
        0x0A880, 0x0A8C6, 0x0A8CE, 0x0A8DA, 0x0A8E0, 0x0A954, 0x0A95F, 0x0A97D, 0x0A980, 0x0A9CE,
        0x0A9CF, 0x0A9DA, 0x0A9DE, 0x0A9FF, 0x0AA00, 0x0AA37, 0x0AA40, 0x0AA4E, 0x0AA50, 0x0AA5A,
        0x0AA5C, 0x0AAC3, 0x0AADB, 0x0AAF7, 0x0AB01, 0x0AB07, 0x0AB09, 0x0AB0F, 0x0AB11, 0x0AB17,
        0x0AB20, 0x0AB27, 0x0AB28, 0x0AB2F, 0x0AB30, 0x0AB6C, 0x0AB70, 0x0ABEE, 0x0ABF0, 0x0ABFA,
        0x0AC00, 0x0D7A4, 0x0D7B0, 0x0D7C7, 0x0D7CB, 0x0D7FC, 0x0F900, 0x0FA6E, 0x0FA70, 0x0FADA,
        0x0FB00, 0x0FB07, 0x0FB13, 0x0FB18, 0x0FB1D, 0x0FB37, 0x0FB38, 0x0FB3D, 0x0FB3E, 0x0FB3F,
        0x0FB40, 0x0FB42, 0x0FB43, 0x0FB45, 0x0FB46, 0x0FBC3, 0x0FBD3, 0x0FD90, 0x0FD92, 0x0FDC8,
        0x0FDCF, 0x0FDD0, 0x0FDF0, 0x0FE1A, 0x0FE20, 0x0FE53, 0x0FE54, 0x0FE67, 0x0FE68, 0x0FE6C,
        0x0FE70, 0x0FE75, 0x0FE76, 0x0FEFD, 0x0FF01, 0x0FFBF, 0x0FFC2, 0x0FFC8, 0x0FFCA, 0x0FFD0,
        0x0FFD2, 0x0FFD8, 0x0FFDA, 0x0FFDD, 0x0FFE0, 0x0FFE7, 0x0FFE8, 0x0FFEF, 0x0FFFC, 0x0FFFE,
        0x10000, 0x1000C, 0x1000D, 0x10027, 0x10028, 0x1003B, 0x1003C, 0x1003E, 0x1003F, 0x1004E,
        0x10050, 0x1005E, 0x10080, 0x100FB, 0x10100, 0x10103, 0x10107, 0x10134, 0x10137, 0x1018F,
        0x10190, 0x1019D, 0x101A0, 0x101A1, 0x101D0, 0x101FE, 0x10280, 0x1029D, 0x102A0, 0x102D1,
        0x102E0, 0x102FC, 0x10300, 0x10324, 0x1032D, 0x1034B, 0x10350, 0x1037B, 0x10380, 0x1039E,
        0x1039F, 0x103C4, 0x103C8, 0x103D6, 0x10400, 0x1049E, 0x104A0, 0x104AA, 0x104B0, 0x104D4,
        0x104D8, 0x104FC, 0x10500, 0x10528, 0x10530, 0x10564, 0x1056F, 0x1057B, 0x1057C, 0x1058B,
        0x1058C, 0x10593, 0x10594, 0x10596, 0x10597, 0x105A2, 0x105A3, 0x105B2, 0x105B3, 0x105BA,
        0x105BB, 0x105BD, 0x10600, 0x10737, 0x10740, 0x10756, 0x10760, 0x10768, 0x10780, 0x10786,
        0x10787, 0x107B1, 0x107B2, 0x107BB, 0x10800, 0x10806, 0x10808, 0x10809, 0x1080A, 0x10836,
        0x10837, 0x10839, 0x1083C, 0x1083D, 0x1083F, 0x10856, 0x10857, 0x1089F, 0x108A7, 0x108B0,
        0x108E0, 0x108F3, 0x108F4, 0x108F6, 0x108FB, 0x1091C, 0x1091F, 0x1093A, 0x1093F, 0x10940,
        0x10980, 0x109B8, 0x109BC, 0x109D0, 0x109D2, 0x10A04, 0x10A05, 0x10A07, 0x10A0C, 0x10A14,
        0x10A15, 0x10A18, 0x10A19, 0x10A36, 0x10A38, 0x10A3B, 0x10A3F, 0x10A49, 0x10A50, 0x10A59,
        0x10A60, 0x10AA0, 0x10AC0, 0x10AE7, 0x10AEB, 0x10AF7, 0x10B00, 0x10B36, 0x10B39, 0x10B56,
        0x10B58, 0x10B73, 0x10B78, 0x10B92, 0x10B99, 0x10B9D, 0x10BA9, 0x10BB0, 0x10C00, 0x10C49,
        0x10C80, 0x10CB3, 0x10CC0, 0x10CF3, 0x10CFA, 0x10D28, 0x10D30, 0x10D3A, 0x10E60, 0x10E7F,
        0x10E80, 0x10EAA, 0x10EAB, 0x10EAE, 0x10EB0, 0x10EB2, 0x10F00, 0x10F28, 0x10F30, 0x10F5A,
        0x10F70, 0x10F8A, 0x10FB0, 0x10FCC, 0x10FE0, 0x10FF7, 0x11000, 0x1104E, 0x11052, 0x11076,
        0x1107F, 0x110BD, 0x110BE, 0x110C3, 0x110D0, 0x110E9, 0x110F0, 0x110FA, 0x11100, 0x11135,
        0x11136, 0x11148, 0x11150, 0x11177, 0x11180, 0x111E0, 0x111E1, 0x111F5, 0x11200, 0x11212,
        0x11213, 0x1123F, 0x11280, 0x11287, 0x11288, 0x11289, 0x1128A, 0x1128E, 0x1128F, 0x1129E,
        0x1129F, 0x112AA, 0x112B0, 0x112EB, 0x112F0, 0x112FA, 0x11300, 0x11304, 0x11305, 0x1130D,
        0x1130F, 0x11311, 0x11313, 0x11329, 0x1132A, 0x11331, 0x11332, 0x11334, 0x11335, 0x1133A,
        0x1133B, 0x11345, 0x11347, 0x11349, 0x1134B, 0x1134E, 0x11350, 0x11351, 0x11357, 0x11358,
        0x1135D, 0x11364, 0x11366, 0x1136D, 0x11370, 0x11375, 0x11400, 0x1145C, 0x1145D, 0x11462,
        0x11480, 0x114C8, 0x114D0, 0x114DA, 0x11580, 0x115B6, 0x115B8, 0x115DE, 0x11600, 0x11645,
        0x11650, 0x1165A, 0x11660, 0x1166D, 0x11680, 0x116BA, 0x116C0, 0x116CA, 0x11700, 0x1171B,
        0x1171D, 0x1172C, 0x11730, 0x11747, 0x11800, 0x1183C, 0x118A0, 0x118F3, 0x118FF, 0x11907,
        0x11909, 0x1190A, 0x1190C, 0x11914, 0x11915, 0x11917, 0x11918, 0x11936, 0x11937, 0x11939,
        0x1193B, 0x11947, 0x11950, 0x1195A, 0x119A0, 0x119A8, 0x119AA, 0x119D8, 0x119DA, 0x119E5,
        0x11A00, 0x11A48, 0x11A50, 0x11AA3, 0x11AB0, 0x11AF9, 0x11C00, 0x11C09, 0x11C0A, 0x11C37,
        0x11C38, 0x11C46, 0x11C50, 0x11C6D, 0x11C70, 0x11C90, 0x11C92, 0x11CA8, 0x11CA9, 0x11CB7,
        0x11D00, 0x11D07, 0x11D08, 0x11D0A, 0x11D0B, 0x11D37, 0x11D3A, 0x11D3B, 0x11D3C, 0x11D3E,
        0x11D3F, 0x11D48, 0x11D50, 0x11D5A, 0x11D60, 0x11D66, 0x11D67, 0x11D69, 0x11D6A, 0x11D8F,
        0x11D90, 0x11D92, 0x11D93, 0x11D99, 0x11DA0, 0x11DAA, 0x11EE0, 0x11EF9, 0x11FB0, 0x11FB1,
        0x11FC0, 0x11FF2, 0x11FFF, 0x1239A, 0x12400, 0x1246F, 0x12470, 0x12475, 0x12480, 0x12544,
        0x12F90, 0x12FF3, 0x13000, 0x1342F, 0x14400, 0x14647, 0x16800, 0x16A39, 0x16A40, 0x16A5F,
        0x16A60, 0x16A6A, 0x16A6E, 0x16ABF, 0x16AC0, 0x16ACA, 0x16AD0, 0x16AEE, 0x16AF0, 0x16AF6,
        0x16B00, 0x16B46, 0x16B50, 0x16B5A, 0x16B5B, 0x16B62, 0x16B63, 0x16B78, 0x16B7D, 0x16B90,
        0x16E40, 0x16E9B, 0x16F00, 0x16F4B, 0x16F4F, 0x16F88, 0x16F8F, 0x16FA0, 0x16FE0, 0x16FE5,
        0x16FF0, 0x16FF2, 0x17000, 0x187F8, 0x18800, 0x18CD6, 0x18D00, 0x18D09, 0x1AFF0, 0x1AFF4,
        0x1AFF5, 0x1AFFC, 0x1AFFD, 0x1AFFF, 0x1B000, 0x1B123, 0x1B150, 0x1B153, 0x1B164, 0x1B168,
        0x1B170, 0x1B2FC, 0x1BC00, 0x1BC6B, 0x1BC70, 0x1BC7D, 0x1BC80, 0x1BC89, 0x1BC90, 0x1BC9A,
        0x1BC9C, 0x1BCA0, 0x1CF00, 0x1CF2E, 0x1CF30, 0x1CF47, 0x1CF50, 0x1CFC4, 0x1D000, 0x1D0F6,
        0x1D100, 0x1D127, 0x1D129, 0x1D173, 0x1D17B, 0x1D1EB, 0x1D200, 0x1D246, 0x1D2E0, 0x1D2F4,
        0x1D300, 0x1D357, 0x1D360, 0x1D379, 0x1D400, 0x1D455, 0x1D456, 0x1D49D, 0x1D49E, 0x1D4A0,
        0x1D4A2, 0x1D4A3, 0x1D4A5, 0x1D4A7, 0x1D4A9, 0x1D4AD, 0x1D4AE, 0x1D4BA, 0x1D4BB, 0x1D4BC,
        0x1D4BD, 0x1D4C4, 0x1D4C5, 0x1D506, 0x1D507, 0x1D50B, 0x1D50D, 0x1D515, 0x1D516, 0x1D51D,
        0x1D51E, 0x1D53A, 0x1D53B, 0x1D53F, 0x1D540, 0x1D545, 0x1D546, 0x1D547, 0x1D54A, 0x1D551,
        0x1D552, 0x1D6A6, 0x1D6A8, 0x1D7CC, 0x1D7CE, 0x1DA8C, 0x1DA9B, 0x1DAA0, 0x1DAA1, 0x1DAB0,
        0x1DF00, 0x1DF1F, 0x1E000, 0x1E007, 0x1E008, 0x1E019, 0x1E01B, 0x1E022, 0x1E023, 0x1E025,
        0x1E026, 0x1E02B, 0x1E100, 0x1E12D, 0x1E130, 0x1E13E, 0x1E140, 0x1E14A, 0x1E14E, 0x1E150,
        0x1E290, 0x1E2AF, 0x1E2C0, 0x1E2FA, 0x1E2FF, 0x1E300, 0x1E7E0, 0x1E7E7, 0x1E7E8, 0x1E7EC,
        0x1E7ED, 0x1E7EF, 0x1E7F0, 0x1E7FF, 0x1E800, 0x1E8C5, 0x1E8C7, 0x1E8D7, 0x1E900, 0x1E94C,
        0x1E950, 0x1E95A, 0x1E95E, 0x1E960, 0x1EC71, 0x1ECB5, 0x1ED01, 0x1ED3E, 0x1EE00, 0x1EE04,
        0x1EE05, 0x1EE20, 0x1EE21, 0x1EE23, 0x1EE24, 0x1EE25, 0x1EE27, 0x1EE28, 0x1EE29, 0x1EE33,
        0x1EE34, 0x1EE38, 0x1EE39, 0x1EE3A, 0x1EE3B, 0x1EE3C, 0x1EE42, 0x1EE43, 0x1EE47, 0x1EE48,
        0x1EE49, 0x1EE4A, 0x1EE4B, 0x1EE4C, 0x1EE4D, 0x1EE50, 0x1EE51, 0x1EE53, 0x1EE54, 0x1EE55,
        0x1EE57, 0x1EE58, 0x1EE59, 0x1EE5A, 0x1EE5B, 0x1EE5C, 0x1EE5D, 0x1EE5E, 0x1EE5F, 0x1EE60,
        0x1EE61, 0x1EE63, 0x1EE64, 0x1EE65, 0x1EE67, 0x1EE6B, 0x1EE6C, 0x1EE73, 0x1EE74, 0x1EE78,
        0x1EE79, 0x1EE7D, 0x1EE7E, 0x1EE7F, 0x1EE80, 0x1EE8A, 0x1EE8B, 0x1EE9C, 0x1EEA1, 0x1EEA4,
        0x1EEA5, 0x1EEAA, 0x1EEAB, 0x1EEBC, 0x1EEF0, 0x1EEF2, 0x1F000, 0x1F02C, 0x1F030, 0x1F094,
        0x1F0A0, 0x1F0AF, 0x1F0B1, 0x1F0C0, 0x1F0C1, 0x1F0D0, 0x1F0D1, 0x1F0F6, 0x1F100, 0x1F1AE,
        0x1F1E6, 0x1F203, 0x1F210, 0x1F23C, 0x1F240, 0x1F249, 0x1F250, 0x1F252, 0x1F260, 0x1F266,
        0x1F300, 0x1F6D8, 0x1F6DD, 0x1F6ED, 0x1F6F0, 0x1F6FD, 0x1F700, 0x1F774, 0x1F780, 0x1F7D9,
        0x1F7E0, 0x1F7EC, 0x1F7F0, 0x1F7F1, 0x1F800, 0x1F80C, 0x1F810, 0x1F848, 0x1F850, 0x1F85A,
        0x1F860, 0x1F888, 0x1F890, 0x1F8AE, 0x1F8B0, 0x1F8B2, 0x1F900, 0x1FA54, 0x1FA60, 0x1FA6E,
        0x1FA70, 0x1FA75, 0x1FA78, 0x1FA7D, 0x1FA80, 0x1FA87, 0x1FA90, 0x1FAAD, 0x1FAB0, 0x1FABB,
        0x1FAC0, 0x1FAC6, 0x1FAD0, 0x1FADA, 0x1FAE0, 0x1FAE8, 0x1FAF0, 0x1FAF7, 0x1FB00, 0x1FB93,
        0x1FB94, 0x1FBCB, 0x1FBF0, 0x1FBFA, 0x20000, 0x2A6E0, 0x2A700, 0x2B739, 0x2B740, 0x2B81E,
        0x2B820, 0x2CEA2, 0x2CEB0, 0x2EBE1, 0x2F800, 0x2FA1E, 0x30000, 0x3134B, 0xE0100, 0xE01F0,
    ];

    /// Identifier starts that are not letters: `lambda c: c.isidentifier() and not c.isalpha()`.
    pub(super) static XID_START_EXTRA: &[u32] = &[
        0x0005F, 0x00060, 0x016EE, 0x016F1, 0x01885, 0x01887, 0x02118, 0x02119, 0x0212E, 0x0212F,
        0x02160, 0x02183, 0x02185, 0x02189, 0x03007, 0x03008, 0x03021, 0x0302A, 0x03038, 0x0303B,
        0x0A6E6, 0x0A6F0, 0x10140, 0x10175, 0x10341, 0x10342, 0x1034A, 0x1034B, 0x103D1, 0x103D6,
        0x12400, 0x1246F,
    ];

    /// Letters that cannot start an identifier: `lambda c: c.isalpha() and not c.isidentifier()`.
    pub(super) static XID_START_EXCLUDED: &[u32] = &[
        0x0037A, 0x0037B, 0x00E33, 0x00E34, 0x00EB3, 0x00EB4, 0x02E2F, 0x02E30, 0x0FC5E, 0x0FC64,
        0x0FDFA, 0x0FDFC, 0x0FE70, 0x0FE71, 0x0FE72, 0x0FE73, 0x0FE74, 0x0FE75, 0x0FE76, 0x0FE77,
        0x0FE78, 0x0FE79, 0x0FE7A, 0x0FE7B, 0x0FE7C, 0x0FE7D, 0x0FE7E, 0x0FE7F, 0x0FF9E, 0x0FFA0,
    ];

    /// Identifier characters that cannot start one: `lambda c: ('a' + c).isidentifier() and not c.isidentifier()`.
    pub(super) static XID_CONTINUE_EXTRA: &[u32] = &[
        0x00030, 0x0003A, 0x000B7, 0x000B8, 0x00300, 0x00370, 0x00387, 0x00388, 0x00483, 0x00488,
        0x00591, 0x005BE, 0x005BF, 0x005C0, 0x005C1, 0x005C3, 0x005C4, 0x005C6, 0x005C7, 0x005C8,
        0x00610, 0x0061B, 0x0064B, 0x0066A, 0x00670, 0x00671, 0x006D6, 0x006DD, 0x006DF, 0x006E5,
        0x006E7, 0x006E9, 0x006EA, 0x006EE, 0x006F0, 0x006FA, 0x00711, 0x00712, 0x00730, 0x0074B,
        0x007A6, 0x007B1, 0x007C0, 0x007CA, 0x007EB, 0x007F4, 0x007FD, 0x007FE, 0x00816, 0x0081A,
        0x0081B, 0x00824, 0x00825, 0x00828, 0x00829, 0x0082E, 0x00859, 0x0085C, 0x00898, 0x008A0,
        0x008CA, 0x008E2, 0x008E3, 0x00904, 0x0093A, 0x0093D, 0x0093E, 0x00950, 0x00951, 0x00958,
        0x00962, 0x00964, 0x00966, 0x00970, 0x00981, 0x00984, 0x009BC, 0x009BD, 0x009BE, 0x009C5,
        0x009C7, 0x009C9, 0x009CB, 0x009CE, 0x009D7, 0x009D8, 0x009E2, 0x009E4, 0x009E6, 0x009F0,
        0x009FE, 0x009FF, 0x00A01, 0x00A04, 0x00A3C, 0x00A3D, 0x00A3E, 0x00A43, 0x00A47, 0x00A49,
        0x00A4B, 0x00A4E, 0x00A51, 0x00A52, 0x00A66, 0x00A72, 0x00A75, 0x00A76, 0x00A81, 0x00A84,
        0x00ABC, 0x00ABD, 0x00ABE, 0x00AC6, 0x00AC7, 0x00ACA, 0x00ACB, 0x00ACE, 0x00AE2, 0x00AE4,
        0x00AE6, 0x00AF0, 0x00AFA, 0x00B00, 0x00B01, 0x00B04, 0x00B3C, 0x00B3D, 0x00B3E, 0x00B45,
        0x00B47, 0x00B49, 0x00B4B, 0x00B4E, 0x00B55, 0x00B58, 0x00B62, 0x00B64, 0x00B66, 0x00B70,
        0x00B82, 0x00B83, 0x00BBE, 0x00BC3, 0x00BC6, 0x00BC9, 0x00BCA, 0x00BCE, 0x00BD7, 0x00BD8,
        0x00BE6, 0x00BF0, 0x00C00, 0x00C05, 0x00C3C, 0x00C3D, 0x00C3E, 0x00C45, 0x00C46, 0x00C49,
        0x00C4A, 0x00C4E, 0x00C55, 0x00C57, 0x00C62, 0x00C64, 0x00C66, 0x00C70, 0x00C81, 0x00C84,
        0x00CBC, 0x00CBD, 0x00CBE, 0x00CC5, 0x00CC6, 0x00CC9, 0x00CCA, 0x00CCE, 0x00CD5, 0x00CD7,
        0x00CE2, 0x00CE4, 0x00CE6, 0x00CF0, 0x00D00, 0x00D04, 0x00D3B, 0x00D3D, 0x00D3E, 0x00D45,
        0x00D46, 0x00D49, 0x00D4A, 0x00D4E, 0x00D57, 0x00D58, 0x00D62, 0x00D64, 0x00D66, 0x00D70,
        0x00D81, 0x00D84, 0x00DCA, 0x00DCB, 0x00DCF, 0x00DD5, 0x00DD6, 0x00DD7, 0x00DD8, 0x00DE0,
        0x00DE6, 0x00DF0, 0x00DF2, 0x00DF4, 0x00E31, 0x00E32, 0x00E33, 0x00E3B, 0x00E47, 0x00E4F,
        0x00E50, 0x00E5A, 0x00EB1, 0x00EB2, 0x00EB3, 0x00EBD, 0x00EC8, 0x00ECE, 0x00ED0, 0x00EDA,
        0x00F18, 0x00F1A, 0x00F20, 0x00F2A, 0x00F35, 0x00F36, 0x00F37, 0x00F38, 0x00F39, 0x00F3A,
        0x00F3E, 0x00F40, 0x00F71, 0x00F85, 0x00F86, 0x00F88, 0x00F8D, 0x00F98, 0x00F99, 0x00FBD,
        0x00FC6, 0x00FC7, 0x0102B, 0x0103F, 0x01040, 0x0104A, 0x01056, 0x0105A, 0x0105E, 0x01061,
        0x01062, 0x01065, 0x01067, 0x0106E, 0x01071, 0x01075, 0x01082, 0x0108E, 0x0108F, 0x0109E,
        0x0135D, 0x01360, 0x01369, 0x01372, 0x01712, 0x01716, 0x01732, 0x01735, 0x01752, 0x01754,
        0x01772, 0x01774, 0x017B4, 0x017D4, 0x017DD, 0x017DE, 0x017E0, 0x017EA, 0x0180B, 0x0180E,
        0x0180F, 0x0181A, 0x018A9, 0x018AA, 0x01920, 0x0192C, 0x01930, 0x0193C, 0x01946, 0x01950,
        0x019D0, 0x019DB, 0x01A17, 0x01A1C, 0x01A55, 0x01A5F, 0x01A60, 0x01A7D, 0x01A7F, 0x01A8A,
        0x01A90, 0x01A9A, 0x01AB0, 0x01ABE, 0x01ABF, 0x01ACF, 0x01B00, 0x01B05, 0x01B34, 0x01B45,
        0x01B50, 0x01B5A, 0x01B6B, 0x01B74, 0x01B80, 0x01B83, 0x01BA1, 0x01BAE, 0x01BB0, 0x01BBA,
        0x01BE6, 0x01BF4, 0x01C24, 0x01C38, 0x01C40, 0x01C4A, 0x01C50, 0x01C5A, 0x01CD0, 0x01CD3,
        0x01CD4, 0x01CE9, 0x01CED, 0x01CEE, 0x01CF4, 0x01CF5, 0x01CF7, 0x01CFA, 0x01DC0, 0x01E00,
        0x0203F, 0x02041, 0x02054, 0x02055, 0x020D0, 0x020DD, 0x020E1, 0x020E2, 0x020E5, 0x020F1,
        0x02CEF, 0x02CF2, 0x02D7F, 0x02D80, 0x02DE0, 0x02E00, 0x0302A, 0x03030, 0x03099, 0x0309B,
        0x0A620, 0x0A62A, 0x0A66F, 0x0A670, 0x0A674, 0x0A67E, 0x0A69E, 0x0A6A0, 0x0A6F0, 0x0A6F2,
        0x0A802, 0x0A803, 0x0A806, 0x0A807, 0x0A80B, 0x0A80C, 0x0A823, 0x0A828, 0x0A82C, 0x0A82D,
        0x0A880, 0x0A882, 0x0A8B4, 0x0A8C6, 0x0A8D0, 0x0A8DA, 0x0A8E0, 0x0A8F2, 0x0A8FF, 0x0A90A,
        0x0A926, 0x0A92E, 0x0A947, 0x0A954, 0x0A980, 0x0A984, 0x0A9B3, 0x0A9C1, 0x0A9D0, 0x0A9DA,
        0x0A9E5, 0x0A9E6, 0x0A9F0, 0x0A9FA, 0x0AA29, 0x0AA37, 0x0AA43, 0x0AA44, 0x0AA4C, 0x0AA4E,
        0x0AA50, 0x0AA5A, 0x0AA7B, 0x0AA7E, 0x0AAB0, 0x0AAB1, 0x0AAB2, 0x0AAB5, 0x0AAB7, 0x0AAB9,
        0x0AABE, 0x0AAC0, 0x0AAC1, 0x0AAC2, 0x0AAEB, 0x0AAF0, 0x0AAF5, 0x0AAF7, 0x0ABE3, 0x0ABEB,
        0x0ABEC, 0x0ABEE, 0x0ABF0, 0x0ABFA, 0x0FB1E, 0x0FB1F, 0x0FE00, 0x0FE10, 0x0FE20, 0x0FE30,
        0x0FE33, 0x0FE35, 0x0FE4D, 0x0FE50, 0x0FF10, 0x0FF1A, 0x0FF3F, 0x0FF40, 0x0FF9E, 0x0FFA0,
        0x101FD, 0x101FE, 0x102E0, 0x102E1, 0x10376, 0x1037B, 0x104A0, 0x104AA, 0x10A01, 0x10A04,
        0x10A05, 0x10A07, 0x10A0C, 0x10A10, 0x10A38, 0x10A3B, 0x10A3F, 0x10A40, 0x10AE5, 0x10AE7,
        0x10D24, 0x10D28, 0x10D30, 0x10D3A, 0x10EAB, 0x10EAD, 0x10F46, 0x10F51, 0x10F82, 0x10F86,
        0x11000, 0x11003, 0x11038, 0x11047, 0x11066, 0x11071, 0x11073, 0x11075, 0x1107F, 0x11083,
        0x110B0, 0x110BB, 0x110C2, 0x110C3, 0x110F0, 0x110FA, 0x11100, 0x11103, 0x11127, 0x11135,
        0x11136, 0x11140, 0x11145, 0x11147, 0x11173, 0x11174, 0x11180, 0x11183, 0x111B3, 0x111C1,
        0x111C9, 0x111CD, 0x111CE, 0x111DA, 0x1122C, 0x11238, 0x1123E, 0x1123F, 0x112DF, 0x112EB,
        0x112F0, 0x112FA, 0x11300, 0x11304, 0x1133B, 0x1133D, 0x1133E, 0x11345, 0x11347, 0x11349,
        0x1134B, 0x1134E, 0x11357, 0x11358, 0x11362, 0x11364, 0x11366, 0x1136D, 0x11370, 0x11375,
        0x11435, 0x11447, 0x11450, 0x1145A, 0x1145E, 0x1145F, 0x114B0, 0x114C4, 0x114D0, 0x114DA,
        0x115AF, 0x115B6, 0x115B8, 0x115C1, 0x115DC, 0x115DE, 0x11630, 0x11641, 0x11650, 0x1165A,
        0x116AB, 0x116B8, 0x116C0, 0x116CA, 0x1171D, 0x1172C, 0x11730, 0x1173A, 0x1182C, 0x1183B,
        0x118E0, 0x118EA, 0x11930, 0x11936, 0x11937, 0x11939, 0x1193B, 0x1193F, 0x11940, 0x11941,
        0x11942, 0x11944, 0x11950, 0x1195A, 0x119D1, 0x119D8, 0x119DA, 0x119E1, 0x119E4, 0x119E5,
        0x11A01, 0x11A0B, 0x11A33, 0x11A3A, 0x11A3B, 0x11A3F, 0x11A47, 0x11A48, 0x11A51, 0x11A5C,
        0x11A8A, 0x11A9A, 0x11C2F, 0x11C37, 0x11C38, 0x11C40, 0x11C50, 0x11C5A, 0x11C92, 0x11CA8,
        0x11CA9, 0x11CB7, 0x11D31, 0x11D37, 0x11D3A, 0x11D3B, 0x11D3C, 0x11D3E, 0x11D3F, 0x11D46,
        0x11D47, 0x11D48, 0x11D50, 0x11D5A, 0x11D8A, 0x11D8F, 0x11D90, 0x11D92, 0x11D93, 0x11D98,
        0x11DA0, 0x11DAA, 0x11EF3, 0x11EF7, 0x16A60, 0x16A6A, 0x16AC0, 0x16ACA, 0x16AF0, 0x16AF5,
        0x16B30, 0x16B37, 0x16B50, 0x16B5A, 0x16F4F, 0x16F50, 0x16F51, 0x16F88, 0x16F8F, 0x16F93,
        0x16FE4, 0x16FE5, 0x16FF0, 0x16FF2, 0x1BC9D, 0x1BC9F, 0x1CF00, 0x1CF2E, 0x1CF30, 0x1CF47,
        0x1D165, 0x1D16A, 0x1D16D, 0x1D173, 0x1D17B, 0x1D183, 0x1D185, 0x1D18C, 0x1D1AA, 0x1D1AE,
        0x1D242, 0x1D245, 0x1D7CE, 0x1D800, 0x1DA00, 0x1DA37, 0x1DA3B, 0x1DA6D, 0x1DA75, 0x1DA76,
        0x1DA84, 0x1DA85, 0x1DA9B, 0x1DAA0, 0x1DAA1, 0x1DAB0, 0x1E000, 0x1E007, 0x1E008, 0x1E019,
        0x1E01B, 0x1E022, 0x1E023, 0x1E025, 0x1E026, 0x1E02B, 0x1E130, 0x1E137, 0x1E140, 0x1E14A,
        0x1E2AE, 0x1E2AF, 0x1E2EC, 0x1E2FA, 0x1E8D0, 0x1E8D7, 0x1E944, 0x1E94B, 0x1E950, 0x1E95A,
        0x1FBF0, 0x1FBFA, 0xE0100, 0xE01F0,
    ];
}

#[cfg(test)]
mod tests {
    //! Expected values were produced by CPython 3.11.

    use super::*;

    fn pystr(text: &str) -> Arc<PyStr> {
        Arc::new(PyStr::new(text))
    }

    fn call(text: &str, method: &str, args: Vec<Value>) -> RtResult<Value> {
        call_with_keywords(text, method, args, vec![])
    }

    fn call_with_keywords(text: &str, method: &str, args: Vec<Value>, kwargs: Kwargs) -> RtResult<Value> {
        call_str_method(&pystr(text), method, args, kwargs).expect("str has the method")
    }

    fn string(v: Value) -> String {
        match v {
            Value::Str(s) => s.text.to_string(),
            other => panic!("expected a str, got {}", other.type_name()),
        }
    }

    fn strings(v: Value) -> Vec<String> {
        match v {
            Value::List(items) | Value::Tuple(items) => items.iter().cloned().map(string).collect(),
            other => panic!("expected a list or tuple, got {}", other.type_name()),
        }
    }

    fn int(v: Value) -> i64 {
        match v {
            Value::Int(i) => i,
            other => panic!("expected an int, got {}", other.type_name()),
        }
    }

    fn boolean(v: Value) -> bool {
        match v {
            Value::Bool(b) => b,
            other => panic!("expected a bool, got {}", other.type_name()),
        }
    }

    /// Result of a method returning a str.
    fn text(text: &str, method: &str, args: Vec<Value>) -> String {
        string(call(text, method, args).expect("call succeeds"))
    }

    /// Result of a method returning a list or tuple of str.
    fn parts(text: &str, method: &str, args: Vec<Value>) -> Vec<String> {
        strings(call(text, method, args).expect("call succeeds"))
    }

    /// Result of a method returning an int.
    fn number(text: &str, method: &str, args: Vec<Value>) -> i64 {
        int(call(text, method, args).expect("call succeeds"))
    }

    /// Result of a method returning a bool.
    fn test(text: &str, method: &str, args: Vec<Value>) -> bool {
        boolean(call(text, method, args).expect("call succeeds"))
    }

    /// The exception class name and message of a failed call.
    fn error(result: RtResult<Value>) -> (String, String) {
        let Err(Error::Exception(e)) = result else { panic!("expected a Python exception") };
        let Value::Instance(inst) = &e.value else { panic!("exception is not an instance") };
        let message = match inst.get_attr("args") {
            Some(Value::Tuple(args)) => match args.first() {
                Some(Value::Str(m)) => m.text.to_string(),
                _ => String::new(),
            },
            _ => String::new(),
        };
        (inst.class.name.to_string(), message)
    }

    fn err(kind: &str, message: &str) -> (String, String) {
        (kind.to_string(), message.to_string())
    }

    fn st(text: &str) -> Value {
        Value::str(text)
    }

    fn slice(lower: Value, upper: Value, step: Value) -> SliceValue {
        SliceValue { lower, upper, step }
    }

    fn huge(negative: bool) -> Value {
        let big = num_bigint::BigInt::from(10).pow(30);
        Value::from_big(if negative { -big } else { big })
    }

    #[test]
    fn split_without_separator_collapses_runs_of_whitespace() {
        assert_eq!(parts("  a b\t\nc  ", "split", vec![]), ["a", "b", "c"]);
        assert_eq!(parts("\u{3000}x\u{1c}y\u{85}", "split", vec![Value::None]), ["x", "y"]);
        assert!(parts(" \t ", "split", vec![]).is_empty());
    }

    #[test]
    fn split_with_maxsplit_keeps_the_rest_with_its_trailing_whitespace() {
        assert_eq!(parts("  a b  c  ", "split", vec![Value::None, Value::Int(1)]), ["a", "b  c  "]);
        assert_eq!(parts("  a b  c  ", "rsplit", vec![Value::None, Value::Int(1)]), ["  a b", "c"]);
    }

    #[test]
    fn split_with_a_separator_keeps_empty_fields() {
        assert_eq!(parts("a,,b,", "split", vec![st(",")]), ["a", "", "b", ""]);
        assert_eq!(parts("aaa", "rsplit", vec![st("aa")]), ["a", ""]);
        assert_eq!(parts("a-b-c", "rsplit", vec![st("-"), Value::Int(1)]), ["a-b", "c"]);
    }

    #[test]
    fn split_accepts_its_arguments_by_keyword() {
        let kwargs = vec![(Arc::from("maxsplit"), Value::Int(1))];
        let result = call_with_keywords("a b c", "split", vec![], kwargs).unwrap();
        assert_eq!(strings(result), ["a", "b c"]);
        let twice = call_with_keywords("a b", "split", vec![st(" ")], vec![(Arc::from("sep"), st(" "))]);
        assert_eq!(error(twice), err("TypeError", "argument for split() given by name ('sep') and position (1)"));
        let unknown = call_with_keywords("a b", "split", vec![], vec![(Arc::from("zz"), Value::Int(1))]);
        assert_eq!(error(unknown), err("TypeError", "'zz' is an invalid keyword argument for split()"));
    }

    #[test]
    fn split_rejects_empty_and_non_string_separators() {
        assert_eq!(error(call("a", "split", vec![st("")])), err("ValueError", "empty separator"));
        assert_eq!(error(call("a", "split", vec![Value::Int(1)])), err("TypeError", "must be str or None, not int"));
    }

    #[test]
    fn splitlines_recognises_every_python_line_boundary() {
        let text = "a\nb\r\nc\rd\u{b}e\u{c}f\u{1c}g\u{1d}h\u{1e}i\u{85}j\u{2028}k\u{2029}l";
        assert_eq!(parts(text, "splitlines", vec![]), ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"]);
    }

    #[test]
    fn splitlines_with_keepends_keeps_crlf_together() {
        assert_eq!(parts("a\r\nb\n\nc", "splitlines", vec![Value::Bool(true)]), ["a\r\n", "b\n", "\n", "c"]);
    }

    #[test]
    fn whitespace_includes_the_information_separators_but_not_zero_width_space() {
        assert!(test("\u{1c}\u{1d}\u{1e}\u{1f}", "isspace", vec![]));
        assert!(!test("\u{200b}", "isspace", vec![]));
        assert!(!test("", "isspace", vec![]));
    }

    #[test]
    fn strip_without_arguments_removes_unicode_whitespace() {
        assert_eq!(text("\u{3000} x\u{a0}\n", "strip", vec![]), "x");
    }

    #[test]
    fn strip_with_characters_removes_any_of_them_from_the_chosen_ends() {
        assert_eq!(text("xyhixy", "strip", vec![st("yx")]), "hi");
        assert_eq!(text("xyhixy", "lstrip", vec![st("yx")]), "hixy");
        assert_eq!(text("xyhixy", "rstrip", vec![st("yx")]), "xyhi");
        assert_eq!(error(call("x", "strip", vec![Value::Int(1)])), err("TypeError", "strip arg must be None or str"));
    }

    #[test]
    fn join_concatenates_strings_with_the_separator() {
        let items = Value::list(vec![st("a"), st("b"), st("c")]);
        assert_eq!(text("-", "join", vec![items]), "a-b-c");
        let mixed = Value::list(vec![st("a"), Value::Int(1)]);
        assert_eq!(error(call("-", "join", vec![mixed])), err("TypeError", "sequence item 1: expected str instance, int found"));
        assert_eq!(error(call("-", "join", vec![Value::Int(5)])), err("TypeError", "can only join an iterable"));
    }

    #[test]
    fn find_counts_characters_not_bytes() {
        assert_eq!(number("日本語abc", "find", vec![st("a")]), 3);
        assert_eq!(number("日本語abcabc", "rfind", vec![st("bc")]), 7);
        assert_eq!(number("日本語", "find", vec![st("本")]), 1);
    }

    #[test]
    fn find_resolves_negative_start_and_end() {
        assert_eq!(number("abcabc", "find", vec![st("c"), Value::Int(-3)]), 5);
        assert_eq!(number("abcabc", "find", vec![st("c"), Value::Int(-3), Value::Int(-1)]), -1);
        assert_eq!(number("abcabc", "rfind", vec![st("ab"), Value::Int(0), Value::Int(-1)]), 3);
        assert_eq!(number("abc", "find", vec![st("c"), huge(true), Value::None]), 2);
        assert_eq!(number("abc", "find", vec![st("c"), huge(false)]), -1);
    }

    #[test]
    fn find_of_an_empty_string_respects_the_bounds() {
        assert_eq!(number("abc", "find", vec![st(""), Value::Int(3)]), 3);
        assert_eq!(number("abc", "find", vec![st(""), Value::Int(4)]), -1);
        assert_eq!(number("abc", "rfind", vec![st("")]), 3);
    }

    #[test]
    fn index_raises_value_error_when_the_substring_is_missing() {
        assert_eq!(number("abc", "rindex", vec![st("b")]), 1);
        assert_eq!(error(call("abc", "index", vec![st("x")])), err("ValueError", "substring not found"));
        assert_eq!(error(call("abc", "find", vec![Value::Int(1)])), err("TypeError", "must be str, not int"));
    }

    #[test]
    fn count_counts_non_overlapping_occurrences() {
        assert_eq!(number("aaaa", "count", vec![st("aa")]), 2);
        assert_eq!(number("abc", "count", vec![st("")]), 4);
        assert_eq!(number("abc", "count", vec![st(""), Value::Int(1)]), 3);
        assert_eq!(number("abc", "count", vec![st(""), Value::Int(4)]), 0);
    }

    #[test]
    fn startswith_and_endswith_accept_tuples_and_bounds() {
        assert!(test("hello", "startswith", vec![Value::tuple(vec![st("x"), st("he")])]));
        assert!(test("hello", "startswith", vec![st("ll"), Value::Int(2)]));
        assert!(test("hello", "endswith", vec![st("ll"), Value::Int(0), Value::Int(4)]));
        assert!(!test("abc", "startswith", vec![st(""), Value::Int(5)]));
        assert!(test("abc", "endswith", vec![st(""), Value::Int(3)]));
        let bad = call("a", "startswith", vec![Value::tuple(vec![st("b"), Value::Int(1)])]);
        assert_eq!(error(bad), err("TypeError", "tuple for startswith must only contain str, not int"));
    }

    #[test]
    fn slice_indices_match_cpython_slice_indices() {
        let none = || Value::None;
        let cases = [
            (slice(none(), none(), Value::Int(-1)), 10, (9, -1, -1)),
            (slice(Value::Int(-100), Value::Int(100), Value::Int(2)), 10, (0, 10, 2)),
            (slice(Value::Int(5), none(), Value::Int(-2)), 10, (5, -1, -2)),
            (slice(Value::Int(100), Value::Int(-100), Value::Int(-3)), 10, (9, -1, -3)),
            (slice(none(), none(), none()), 10, (0, 10, 1)),
            (slice(Value::Int(-3), none(), none()), 10, (7, 10, 1)),
            (slice(Value::Int(2), Value::Int(8), Value::Int(3)), 0, (0, 0, 3)),
            (slice(huge(true), huge(false), none()), 10, (0, 10, 1)),
        ];
        for (s, len, expected) in cases {
            assert_eq!(slice_indices(&s, len).unwrap(), expected);
        }
    }

    #[test]
    fn slice_len_counts_the_selected_items() {
        assert_eq!(slice_len(9, -1, -1), 10);
        assert_eq!(slice_len(0, 10, 2), 5);
        assert_eq!(slice_len(5, -1, -2), 3);
        assert_eq!(slice_len(9, -1, -3), 4);
        assert_eq!(slice_len(3, 3, 1), 0);
        assert_eq!(slice_len(0, 0, 3), 0);
        assert_eq!(slice_len(0, i64::MAX, i64::MAX), 1);
    }

    #[test]
    fn slice_step_must_not_be_zero() {
        let zero = slice(Value::None, Value::None, Value::Int(0));
        assert_eq!(error(slice_indices(&zero, 3).map(|_| Value::None)), err("ValueError", "slice step cannot be zero"));
        let float = slice(Value::Float(1.5), Value::None, Value::None);
        let message = "slice indices must be integers or None or have an __index__ method";
        assert_eq!(error(slice_indices(&float, 3).map(|_| Value::None)), err("TypeError", message));
    }

    #[test]
    fn string_slices_count_characters_in_both_directions() {
        let get = |text: &str, lower: Value, upper: Value, step: Value| {
            let index = Value::Slice(Arc::new(slice(lower, upper, step)));
            string(str_getitem(&PyStr::new(text), &index).unwrap())
        };
        assert_eq!(get("héllo wörld", Value::None, Value::None, Value::Int(-2)), "drwolh");
        assert_eq!(get("héllo", Value::Int(1), Value::Int(4), Value::None), "éll");
        assert_eq!(get("abcdef", Value::Int(-2), Value::None, Value::None), "ef");
        assert_eq!(get("abc", Value::Int(5), Value::Int(1), Value::Int(-1)), "c");
        assert_eq!(get("héllo wörld", Value::Int(1), Value::None, Value::Int(3)), "éoöd");
        assert_eq!(get("abcdef", Value::None, Value::None, Value::Int(-1)), "fedcba");
    }

    #[test]
    fn string_indexing_accepts_negative_indices_and_checks_bounds() {
        let s = PyStr::new("héllo");
        assert_eq!(string(str_getitem(&s, &Value::Int(-4)).unwrap()), "é");
        assert_eq!(error(str_getitem(&s, &Value::Int(5))), err("IndexError", "string index out of range"));
        assert_eq!(error(str_getitem(&s, &huge(false))), err("IndexError", "cannot fit 'int' into an index-sized integer"));
        assert_eq!(error(str_getitem(&s, &Value::Float(1.0))), err("TypeError", "string indices must be integers, not 'float'"));
    }

    #[test]
    fn repr_prefers_single_quotes_unless_the_text_has_only_single_quotes() {
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("it's \"q\""), "'it\\'s \"q\"'");
        assert_eq!(str_repr(""), "''");
    }

    #[test]
    fn repr_escapes_control_and_non_printable_characters() {
        let text = "\u{0}\u{7f}\u{80}\u{a0}\u{200b}\u{1f600}é\t\\\n\r";
        assert_eq!(str_repr(text), "'\\x00\\x7f\\x80\\xa0\\u200b\u{1f600}é\\t\\\\\\n\\r'");
        assert_eq!(str_repr("\u{e0001}\u{d7ff}\u{e000}"), "'\\U000e0001\\ud7ff\\ue000'");
    }

    #[test]
    fn title_lowercases_letters_that_follow_cased_ones() {
        assert_eq!(text("they're bill's friends from the UK", "title", vec![]), "They'Re Bill'S Friends From The Uk");
        assert_eq!(text("ǆa ß ﬁx ᾳ", "title", vec![]), "ǅa Ss Fix ᾼ");
        assert_eq!(text("hello 3rd wORLD", "title", vec![]), "Hello 3Rd World");
    }

    #[test]
    fn capitalize_titlecases_the_first_character_and_lowercases_the_rest() {
        assert_eq!(text("ßa", "capitalize", vec![]), "Ssa");
        assert_eq!(text("ǆemal", "capitalize", vec![]), "ǅemal");
        assert_eq!(text("hELLO wORLD", "capitalize", vec![]), "Hello world");
        assert_eq!(text("", "capitalize", vec![]), "");
    }

    #[test]
    fn capital_sigma_lowercases_to_final_sigma_at_the_end_of_a_word() {
        assert_eq!(text("ΑΣ ΣΑΣ", "lower", vec![]), "ας σας");
        assert_eq!(text("ΑΣ ΣΑΣ", "swapcase", vec![]), "ας σας");
        assert_eq!(text("Σ", "lower", vec![]), "σ");
        assert_eq!(text("ΑΣ.", "lower", vec![]), "ας.");
        assert_eq!(text("ΑΣΑ", "capitalize", vec![]), "Ασα");
        assert_eq!(text("ΑΣ", "title", vec![]), "Ας");
    }

    #[test]
    fn case_mappings_expand_to_several_characters_where_unicode_says_so() {
        assert_eq!(text("straße", "upper", vec![]), "STRASSE");
        assert_eq!(text("Straße ΣΑΣ ﬁ", "casefold", vec![]), "strasse σασ fi");
        assert_eq!(text("İ", "lower", vec![]), "i\u{307}");
        assert_eq!(text("ﬁ", "upper", vec![]), "FI");
    }

    #[test]
    fn case_tests_need_a_cased_character() {
        assert!(test("HELLO 1", "isupper", vec![]));
        assert!(!test("1", "isupper", vec![]));
        assert!(test("abc", "islower", vec![]));
        assert!(!test("aBc", "islower", vec![]));
        assert!(test("Hello World", "istitle", vec![]));
        assert!(!test("Hello world", "istitle", vec![]));
        assert!(test("ǅ", "istitle", vec![]));
        assert!(!test("ǅ", "isupper", vec![]));
    }

    #[test]
    fn numeric_classes_follow_the_unicode_numeric_type() {
        assert!(test("²", "isdigit", vec![]));
        assert!(!test("²", "isdecimal", vec![]));
        assert!(test("½", "isnumeric", vec![]));
        assert!(!test("½", "isdigit", vec![]));
        assert!(test("٣", "isdecimal", vec![]));
        assert!(test("一", "isnumeric", vec![]));
        assert!(!test("ⅰ", "isalpha", vec![]));
        assert!(test("ⅰ", "isnumeric", vec![]));
        assert!(!test("हि", "isalpha", vec![]));
    }

    #[test]
    fn identifiers_start_with_a_letter_or_underscore() {
        assert!(test("_x1", "isidentifier", vec![]));
        assert!(!test("1x", "isidentifier", vec![]));
        assert!(test("é", "isidentifier", vec![]));
        assert!(!test("", "isidentifier", vec![]));
        assert!(!test("a-b", "isidentifier", vec![]));
        assert!(test("x\u{301}", "isidentifier", vec![]));
        assert!(test("℘", "isidentifier", vec![]));
    }

    #[test]
    fn zfill_puts_the_zeros_after_the_sign() {
        assert_eq!(text("-42", "zfill", vec![Value::Int(6)]), "-00042");
        assert_eq!(text("+", "zfill", vec![Value::Int(3)]), "+00");
        assert_eq!(text("abc", "zfill", vec![Value::Int(2)]), "abc");
        assert_eq!(text("é", "zfill", vec![Value::Int(3)]), "00é");
    }

    #[test]
    fn center_puts_the_odd_fill_character_where_cpython_does() {
        assert_eq!(text("abc", "center", vec![Value::Int(6), st("*")]), "*abc**");
        assert_eq!(text("abc", "center", vec![Value::Int(8), st("*")]), "**abc***");
        assert_eq!(text("ab", "center", vec![Value::Int(5)]), "  ab ");
        assert_eq!(text("ab", "center", vec![Value::Int(6)]), "  ab  ");
        assert_eq!(text("é", "ljust", vec![Value::Int(3), st("·")]), "é··");
        assert_eq!(text("é", "rjust", vec![Value::Int(3)]), "  é");
    }

    #[test]
    fn padding_rejects_a_fill_that_is_not_one_character() {
        let long = call("a", "center", vec![Value::Int(5), st("ab")]);
        assert_eq!(error(long), err("TypeError", "The fill character must be exactly one character long"));
        let int = call("a", "center", vec![Value::Int(5), Value::Int(1)]);
        assert_eq!(error(int), err("TypeError", "The fill character must be a unicode character, not int"));
    }

    #[test]
    fn partition_splits_at_the_first_or_last_separator() {
        assert_eq!(parts("a.b.c", "partition", vec![st(".")]), ["a", ".", "b.c"]);
        assert_eq!(parts("a.b.c", "rpartition", vec![st(".")]), ["a.b", ".", "c"]);
        assert_eq!(parts("abc", "partition", vec![st("x")]), ["abc", "", ""]);
        assert_eq!(parts("abc", "rpartition", vec![st("x")]), ["", "", "abc"]);
    }

    #[test]
    fn expandtabs_restarts_columns_after_line_breaks() {
        assert_eq!(text("a\tb\n\tc", "expandtabs", vec![Value::Int(4)]), "a   b\n    c");
        assert_eq!(text("\t", "expandtabs", vec![Value::Int(-1)]), "");
        assert_eq!(text("ab\tc", "expandtabs", vec![]), "ab      c");
        assert_eq!(text("a\r\tb", "expandtabs", vec![Value::Int(3)]), "a\r   b");
    }

    #[test]
    fn replace_with_an_empty_pattern_inserts_between_characters() {
        assert_eq!(text("abc", "replace", vec![st(""), st("-")]), "-a-b-c-");
        assert_eq!(text("abc", "replace", vec![st(""), st("-"), Value::Int(2)]), "-a-bc");
        assert_eq!(text("aaa", "replace", vec![st("a"), st("b"), Value::Int(2)]), "bba");
        assert_eq!(text("héé", "replace", vec![st("é"), st("e")]), "hee");
    }

    #[test]
    fn removeprefix_and_removesuffix_remove_only_an_exact_affix() {
        assert_eq!(text("prefix-x", "removeprefix", vec![st("prefix-")]), "x");
        assert_eq!(text("x.py", "removesuffix", vec![st(".py")]), "x");
        assert_eq!(text("x", "removesuffix", vec![st("y")]), "x");
        let none = call("x", "removeprefix", vec![Value::None]);
        assert_eq!(error(none), err("TypeError", "removeprefix() argument must be str, not None"));
    }

    #[test]
    fn wrong_argument_counts_are_reported_in_each_methods_own_words() {
        assert_eq!(error(call("a", "upper", vec![Value::Int(1)])), err("TypeError", "str.upper() takes no arguments (1 given)"));
        assert_eq!(error(call("a", "find", vec![])), err("TypeError", "find() takes at least 1 argument (0 given)"));
        assert_eq!(error(call("a", "center", vec![])), err("TypeError", "center expected at least 1 argument, got 0"));
        assert_eq!(error(call("a", "zfill", vec![])), err("TypeError", "str.zfill() takes exactly one argument (0 given)"));
        let keyword = call_with_keywords("a", "strip", vec![], vec![(Arc::from("chars"), Value::None)]);
        assert_eq!(error(keyword), err("TypeError", "str.strip() takes no keyword arguments"));
    }

    #[test]
    fn every_listed_method_is_dispatched_and_others_are_missing() {
        let s = pystr("abc");
        for name in STR_METHODS {
            assert!(call_str_method(&s, name, vec![], vec![]).is_some(), "{name} is not dispatched");
        }
        assert!(call_str_method(&s, "decode", vec![], vec![]).is_none());
        assert!(!has_str_method("nope"));
    }

    #[test]
    fn encode_is_a_documented_deviation() {
        // No bytes type: str.encode raises NotImplementedError, never a value.
        let e = error(call("a", "encode", vec![]));
        assert_eq!(e.0, "NotImplementedError");
        assert!(e.1.contains("bytes are not supported by pyfora"), "{}", e.1);
    }

    #[test]
    fn format_fills_positional_and_named_fields() {
        assert_eq!(text("{} {}", "format", vec![st("a"), Value::Int(1)]), "a 1");
        assert_eq!(text("{0:{1}}|", "format", vec![st("x"), Value::Int(3)]), "x  |");
        assert_eq!(text("{1}{0}", "format", vec![st("a"), st("b")]), "ba");
        let named = call_with_keywords("{x!r:>6}", "format", vec![], vec![(Arc::from("x"), st("q"))]);
        assert_eq!(string(named.unwrap()), "   'q'");
        assert_eq!(text("{{}}", "format", vec![]), "{}");
    }

    #[test]
    fn format_reports_malformed_templates_like_cpython() {
        let cases = [
            ("}", "Single '}' encountered in format string"),
            ("{", "Single '{' encountered in format string"),
            ("{0!}", "unmatched '{' in format spec"),
            ("{x", "expected '}' before end of string"),
            ("{0:{1:{2}}}", "Max string recursion exceeded"),
            ("{0} {}", "cannot switch from manual field specification to automatic field numbering"),
        ];
        for (template, message) in cases {
            let args = vec![Value::Int(1), Value::Int(2), Value::Int(3)];
            assert_eq!(error(call(template, "format", args)), err("ValueError", message), "{template}");
        }
        let missing = call("{2}", "format", vec![Value::Int(1)]);
        assert_eq!(error(missing), err("IndexError", "Replacement index 2 out of range for positional args tuple"));
    }

    #[test]
    fn percent_formatting_takes_a_tuple_a_mapping_or_a_single_value() {
        let pair = Value::tuple(vec![st("x"), Value::Float(3.9)]);
        assert_eq!(string(str_mod(&PyStr::new("%s is %d"), &pair).unwrap()), "x is 3");
        assert_eq!(string(str_mod(&PyStr::new("%5.1f%%"), &Value::Float(2.25)).unwrap()), "  2.2%");
        assert_eq!(string(str_mod(&PyStr::new("%r"), &st("é")).unwrap()), "'é'");
        let mut dict = crate::dict::new_dict();
        dict.insert(HKey::new(st("a")).unwrap(), Value::Int(1));
        dict.insert(HKey::new(st("b")).unwrap(), st("z"));
        let mapping = Value::Dict(Arc::new(dict));
        assert_eq!(string(str_mod(&PyStr::new("%(a)s-%(b)r"), &mapping).unwrap()), "1-'z'");
        let wrong = str_mod(&PyStr::new("%d"), &st("x"));
        assert_eq!(error(wrong), err("TypeError", "%d format: a real number is required, not str"));
    }

    #[test]
    fn percent_format_scan_finds_which_texts_are_needed() {
        let needs = TextNeeds::of("%-5r and %(k)s and 100%%");
        assert!(needs.str && needs.repr);
        let needs = TextNeeds::of("%d %5.2f %%s");
        assert!(!needs.str && !needs.repr);
    }
}
