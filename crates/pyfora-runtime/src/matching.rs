//! The checks of structural pattern matching (`match` statements) that
//! Python defines by type, as builtins the lowering of a `case` calls (see
//! `pyfora_syntax`'s `lower_match`): whether a value is a sequence or a
//! mapping for a pattern, the values a mapping or class pattern reads.
//! Each answers `None` (or -1) when the subject does not match, and raises
//! the `TypeError`/`ValueError` CPython raises for a pattern that cannot
//! be applied.

use crate::builtins::is_instance;
use crate::dict::{new_dict, HKey};
use crate::error::{type_error, value_error, RtResult};
use crate::exceptions::ExcKind;
use crate::value::{BuiltinFunction, TypeKind, Value};

/// `__pyfora_match_sequence__(x)`: the length of a value a sequence
/// pattern accepts (a list, tuple or range — never a string), else -1.
pub static SEQUENCE_LEN: BuiltinFunction =
    BuiltinFunction { name: "__pyfora_match_sequence__", call: |args, _kw| sequence_len(&args[0]), unary: Some(sequence_len), float: None };

fn sequence_len(v: &Value) -> RtResult<Value> {
    Ok(Value::Int(match v {
        Value::List(items) | Value::Tuple(items) => items.len() as i64,
        Value::Range(r) => r.len()?,
        _ => -1,
    }))
}

/// `__pyfora_match_star__(seq, before, after)`: the items a starred
/// subpattern captures, as a list (all but the first `before` and the
/// last `after`).
pub static STAR_ITEMS: BuiltinFunction = BuiltinFunction {
    name: "__pyfora_match_star__",
    call: |args, _kw| {
        let (Value::Int(before), Value::Int(after)) = (&args[1], &args[2]) else {
            return Err(type_error("__pyfora_match_star__ takes two counts"));
        };
        let len = crate::ops::len(&args[0])?;
        let items = (*before..len - *after).map(|i| crate::ops::getitem(&args[0], &Value::Int(i))).collect::<RtResult<Vec<_>>>()?;
        Ok(Value::list(items))
    },
    unary: None,
    float: None,
};

/// `__pyfora_match_mapping__(x, keys)`: the values of `keys` (a tuple) in
/// a dict holding all of them, as a tuple; `None` when `x` is not a dict
/// or lacks a key. Keys that are equal raise `ValueError`.
pub static MAPPING_VALUES: BuiltinFunction = BuiltinFunction {
    name: "__pyfora_match_mapping__",
    call: |args, _kw| {
        let (Value::Dict(d), Value::Tuple(keys)) = (&args[0], &args[1]) else {
            return Ok(Value::None);
        };
        if d.len() < keys.len() {
            return Ok(Value::None);
        }
        let mut seen = new_dict();
        let mut values = Vec::with_capacity(keys.len());
        for key in keys.iter() {
            let hkey = HKey::new(key.clone())?;
            if crate::dict::probed(seen.insert(hkey.clone(), Value::None))?.is_some() {
                return Err(value_error(format!("mapping pattern checks duplicate key ({})", crate::ops::repr(key)?)));
            }
            match crate::dict::probed(d.get(&hkey))? {
                Some(v) => values.push(v.clone()),
                None => return Ok(Value::None),
            }
        }
        Ok(Value::tuple(values))
    },
    unary: None,
    float: None,
};

/// `__pyfora_match_rest__(d, keys)`: a new dict of the items of `d` whose
/// keys are not in `keys` (what `**rest` captures), in `d`'s order.
pub static MAPPING_REST: BuiltinFunction = BuiltinFunction {
    name: "__pyfora_match_rest__",
    call: |args, _kw| {
        let (Value::Dict(d), Value::Tuple(keys)) = (&args[0], &args[1]) else {
            return Err(type_error("__pyfora_match_rest__ takes a dict and a tuple"));
        };
        let mut rest = (**d).clone();
        for key in keys.iter() {
            crate::dict::remove(&mut rest, &HKey::new(key.clone())?)?;
        }
        Ok(Value::Dict(std::sync::Arc::new(rest)))
    },
    unary: None,
    float: None,
};

/// `__pyfora_match_class__(x, cls, positional, *keywords)`: for an
/// instance `x` of `cls`, the values of the attributes a class pattern with
/// `positional` positional subpatterns (named by `cls.__match_args__`) and
/// the `keywords` reads, as a tuple; `None` when `x` is not an instance or
/// lacks one of the attributes.
pub static CLASS_ATTRIBUTES: BuiltinFunction = BuiltinFunction {
    name: "__pyfora_match_class__",
    call: |args, _kw| {
        let (subject, class) = (&args[0], &args[1]);
        let class_name = match class {
            Value::Class(c) => c.name.to_string(),
            Value::Type(k) => k.name().to_string(),
            _ => {
                let what = if crate::compat::python_minor() >= 12 { "class" } else { "type" };
                return Err(type_error(format!("called match pattern must be a {what}")));
            }
        };
        if !is_instance(subject, class)? {
            return Ok(Value::None);
        }
        let Value::Int(positional) = args[2] else {
            return Err(type_error("__pyfora_match_class__ takes a count of positional subpatterns"));
        };
        let positional = positional as usize;
        let mut values = Vec::with_capacity(args.len() - 3 + positional);
        let mut names: Vec<Value> = Vec::new();
        if positional > 0 {
            if matches_itself(class) {
                if positional > 1 {
                    return Err(too_many(&class_name, 1, positional));
                }
                values.push(subject.clone());
            } else {
                let match_args = match crate::interp::get_attr(class, "__match_args__") {
                    Ok(Value::Tuple(items)) => items.to_vec(),
                    Ok(other) => return Err(type_error(format!("{class_name}.__match_args__ must be a tuple (got {})", other.type_name()))),
                    Err(e) if e.is(ExcKind::AttributeError) => Vec::new(),
                    Err(e) => return Err(e),
                };
                if positional > match_args.len() {
                    return Err(too_many(&class_name, match_args.len(), positional));
                }
                for name in &match_args[..positional] {
                    if !matches!(name, Value::Str(_)) {
                        return Err(type_error(format!("__match_args__ elements must be strings (got {})", name.type_name())));
                    }
                    names.push(name.clone());
                }
            }
        }
        names.extend(args[3..].iter().cloned());
        let mut seen: Vec<&str> = Vec::new();
        for name in &names {
            let Value::Str(s) = name else { unreachable!("attribute names are strings") };
            let attr: &str = &s.text;
            if seen.contains(&attr) {
                return Err(type_error(format!("{class_name}() got multiple sub-patterns for attribute '{attr}'")));
            }
            seen.push(attr);
            match crate::interp::get_attr(subject, attr) {
                Ok(v) => values.push(v),
                Err(e) if e.is(ExcKind::AttributeError) => return Ok(Value::None),
                Err(e) => return Err(e),
            }
        }
        Ok(Value::tuple(values))
    },
    unary: None,
    float: None,
};

/// The builtin types whose one positional subpattern matches the subject
/// itself (`case int(n)`).
fn matches_itself(class: &Value) -> bool {
    use TypeKind as T;
    matches!(class, Value::Type(T::Bool | T::Int | T::Float | T::Str | T::Tuple | T::List | T::Dict | T::Set | T::FrozenSet))
}

/// The error for more positional subpatterns than the class accepts.
fn too_many(class_name: &str, accepted: usize, given: usize) -> crate::error::Error {
    let plural = if accepted == 1 { "" } else { "s" };
    type_error(format!("{class_name}() accepts {accepted} positional sub-pattern{plural} ({given} given)"))
}

/// The builtins above, for the builtin namespace.
pub fn builtins() -> [&'static BuiltinFunction; 5] {
    [&SEQUENCE_LEN, &STAR_ITEMS, &MAPPING_VALUES, &MAPPING_REST, &CLASS_ATTRIBUTES]
}
