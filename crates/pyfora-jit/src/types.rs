//! Static types of registers, and the signature a specialization is keyed by.

use std::sync::Arc;

use pyfora_runtime::value::Value;

/// What the native code knows about a register at one program point.
#[derive(Clone, Debug)]
pub enum Ty {
    /// Holds no value.
    Unbound,
    Int,
    Float,
    Bool,
    None,
    /// A value known at compile time: a function, module or builtin (no
    /// machine register), or a number read from a constant or a global.
    Known(Value),
    /// `range(start, stop, step)` in three integer variables.
    Range,
    /// A range iterator: next value, stop and step.
    RangeIter,
    /// A list built by this native code (a packed vector, see
    /// [`crate::lists`]) whose elements all have this type (`None`: no
    /// element added yet).
    List(Option<Scalar>),
    /// An iterator over such a list: the list and the next index (`None`:
    /// element type not known yet).
    ListIter(Option<Scalar>),
    /// A list or tuple received as an argument, read in place (its items
    /// are runtime values, see [`crate::items`]): each item read is checked
    /// to be of this type, and native code bails out at one that is not.
    /// Variables: 0 the address of the first item, 2 the length.
    Items(Scalar),
    /// An iterator over such items: 0 the address, 2 the length, 3 the
    /// index of the next item.
    ItemsIter(Scalar),
    /// A list or tuple of lists or tuples received as an argument (a
    /// matrix): each row read is checked to be a list or tuple and becomes
    /// [`Ty::Items`] of this type. Variables as for `Items`.
    Rows(Scalar),
    /// An iterator over such rows (variables as for `ItemsIter`).
    RowsIter(Scalar),
    /// The result of a recursive call while its type is being found.
    Pending,
    /// An int on some paths and a float on others (`total = 0` before a
    /// loop that adds floats): the register's float variable holds the
    /// value (an int converted as CPython converts it for mixed arithmetic)
    /// and its tag variable says whether it is still an int. Only `num op
    /// float` (converting the int, as CPython does) and `return` (bailing
    /// out for an int) read it.
    Num,
    /// An int from `sum()` of ints, held in 128 bits: variable 0 the low
    /// word, 2 the high word (a sum may leave the 64-bit range, and
    /// `sum(xs) / len(xs)` is still exact). An int everywhere else: any
    /// other use first checks that it fits in 64 bits (bailing out if not)
    /// and reads variable 0.
    Wide,
    /// Different types on different paths: unusable.
    Mixed,
}

impl Ty {
    /// The numeric type a value of this type computes with (constants
    /// become their type; `None` for non-numbers).
    pub fn scalar(&self) -> Option<Scalar> {
        match self {
            Ty::Int | Ty::Wide => Some(Scalar::Int),
            Ty::Float => Some(Scalar::Float),
            Ty::Bool => Some(Scalar::Bool),
            Ty::Known(Value::Int(_)) => Some(Scalar::Int),
            Ty::Known(Value::Float(_)) => Some(Scalar::Float),
            Ty::Known(Value::Bool(_)) => Some(Scalar::Bool),
            _ => None,
        }
    }

    /// An int, a float (known or not) or [`Ty::Num`].
    pub fn is_int_or_float(&self) -> bool {
        matches!(self, Ty::Int | Ty::Float | Ty::Num | Ty::Known(Value::Int(_) | Value::Float(_)))
    }

    /// The type of a value computed at run time with scalar type `s`.
    pub fn of(s: Scalar) -> Ty {
        match s {
            Scalar::Int => Ty::Int,
            Scalar::Float => Ty::Float,
            Scalar::Bool => Ty::Bool,
            Scalar::None => Ty::None,
        }
    }

    /// The type at a join of two paths.
    pub fn join(&self, other: &Ty) -> Ty {
        match (self, other) {
            (Ty::Pending, t) | (t, Ty::Pending) => t.clone(),
            (a, b) if a.same(b) => a.clone(),
            // The high word lives on one path only.
            (Ty::Wide, _) | (_, Ty::Wide) => Ty::Mixed,
            // An empty list meeting the same list after appends.
            (Ty::List(None), Ty::List(Some(e))) | (Ty::List(Some(e)), Ty::List(None)) => Ty::List(Some(*e)),
            (Ty::ListIter(None), Ty::ListIter(Some(e))) | (Ty::ListIter(Some(e)), Ty::ListIter(None)) => Ty::ListIter(Some(*e)),
            (Ty::Num, t) | (t, Ty::Num) if t.is_int_or_float() => Ty::Num,
            (a, b) if a.is_int_or_float() && b.is_int_or_float() && a.scalar() != b.scalar() => Ty::Num,
            // A constant meeting another value of its type: the value lives
            // in a variable on both paths (code generation stores constant
            // numbers into their register's variable too).
            (a, b) => match (a.scalar(), b.scalar()) {
                (Some(x), Some(y)) if x == y => Ty::of(x),
                _ => Ty::Mixed,
            },
        }
    }

    /// Structural equality (known values by identity).
    pub fn same(&self, other: &Ty) -> bool {
        match (self, other) {
            (Ty::Known(a), Ty::Known(b)) => same_value(a, b),
            (Ty::Unbound, Ty::Unbound)
            | (Ty::Int, Ty::Int)
            | (Ty::Float, Ty::Float)
            | (Ty::Bool, Ty::Bool)
            | (Ty::None, Ty::None)
            | (Ty::Range, Ty::Range)
            | (Ty::RangeIter, Ty::RangeIter)
            | (Ty::Pending, Ty::Pending)
            | (Ty::Num, Ty::Num)
            | (Ty::Wide, Ty::Wide)
            | (Ty::Mixed, Ty::Mixed) => true,
            (Ty::List(a), Ty::List(b)) => a == b,
            (Ty::ListIter(a), Ty::ListIter(b)) => a == b,
            (Ty::Items(a), Ty::Items(b)) | (Ty::ItemsIter(a), Ty::ItemsIter(b)) => a == b,
            (Ty::Rows(a), Ty::Rows(b)) | (Ty::RowsIter(a), Ty::RowsIter(b)) => a == b,
            _ => false,
        }
    }
}

/// True when two compile-time values are interchangeable in compiled code:
/// numbers with the same bits, the same function or module, or finished
/// instances of the same class whose attributes are pairwise
/// interchangeable (so an object rebuilt with the same contents on every
/// call reuses the code compiled for the first one).
pub fn same_value(a: &Value, b: &Value) -> bool {
    same_value_within(a, b, 8)
}

fn same_value_within(a: &Value, b: &Value, depth: u32) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::None, Value::None) => true,
        (Value::Str(x), Value::Str(y)) => x.text == y.text,
        // The same code over the same globals, without closure cells: a
        // lambda made anew on each call of its enclosing function.
        (Value::Function(x), Value::Function(y)) => {
            Arc::ptr_eq(x, y)
                || (Arc::ptr_eq(&x.code, &y.code)
                    && Arc::ptr_eq(&x.globals, &y.globals)
                    && x.closure.is_empty()
                    && y.closure.is_empty()
                    && x.kwdefaults.is_empty()
                    && y.kwdefaults.is_empty()
                    && x.defaults.len() == y.defaults.len()
                    && depth > 0
                    && x.defaults.iter().zip(&y.defaults).all(|(a, b)| same_value_within(a, b, depth - 1)))
        }
        (Value::Instance(x), Value::Instance(y)) => {
            if Arc::ptr_eq(x, y) {
                return true;
            }
            if depth == 0 || !Arc::ptr_eq(&x.class, &y.class) || !x.is_frozen() || !y.is_frozen() {
                return false;
            }
            let (xa, ya) = (x.attrs.read().unwrap_or_else(|p| p.into_inner()), y.attrs.read().unwrap_or_else(|p| p.into_inner()));
            xa.len() == ya.len() && xa.iter().zip(ya.iter()).all(|((n1, v1), (n2, v2))| n1 == n2 && same_value_within(v1, v2, depth - 1))
        }
        (Value::Module(x), Value::Module(y)) => std::ptr::eq(*x, *y),
        (Value::Builtin(x), Value::Builtin(y)) => std::ptr::eq(*x, *y),
        (Value::Type(x), Value::Type(y)) => x == y,
        _ => false,
    }
}

/// Values native code holds in machine registers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scalar {
    Int,
    Float,
    Bool,
    None,
}

impl Scalar {
    /// True for the types held in integer registers.
    pub fn is_integer_class(self) -> bool {
        !matches!(self, Scalar::Float)
    }

    /// Booleans compute as integers in arithmetic.
    pub fn arith(self) -> Scalar {
        match self {
            Scalar::Bool => Scalar::Int,
            s => s,
        }
    }

    /// The value a native word of this type stands for.
    pub fn value(self, word: u64) -> Value {
        match self {
            Scalar::Int => Value::Int(word as i64),
            Scalar::Float => Value::Float(f64::from_bits(word)),
            Scalar::Bool => Value::Bool(word != 0),
            Scalar::None => Value::None,
        }
    }

    /// The native word of `v` when `v` is of this type.
    pub fn word_of(self, v: &Value) -> Option<u64> {
        match (v, self) {
            (Value::Int(i), Scalar::Int) => Some(*i as u64),
            (Value::Float(f), Scalar::Float) => Some(f.to_bits()),
            (Value::Bool(b), Scalar::Bool) => Some(*b as u64),
            (Value::None, Scalar::None) => Some(0),
            _ => None,
        }
    }
}

/// The native word of a scalar value (0 for anything else: objects are
/// compiled in, not passed).
pub fn scalar_word(v: &Value) -> u64 {
    match v {
        Value::Int(i) => *i as u64,
        Value::Float(f) => f.to_bits(),
        Value::Bool(b) => *b as u64,
        _ => 0,
    }
}

/// One argument of a specialization's signature.
#[derive(Clone)]
pub enum ArgKey {
    Scalar(Scalar),
    /// A function, or an instance that can no longer change, passed as an
    /// argument: compiled in as a constant (its identity is the key).
    Obj(Value),
    /// A list or tuple whose first item is of this type (an empty one:
    /// `Int`), passed as the address of its items and its length; every
    /// item is checked where it is read ([`Ty::Items`]).
    Items(Scalar),
    /// A list or tuple of lists or tuples ([`Ty::Rows`]), passed as `Items` is.
    Rows(Scalar),
}

impl std::fmt::Debug for ArgKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArgKey::Scalar(s) => write!(f, "{}", format!("{s:?}").to_lowercase()),
            ArgKey::Items(s) => write!(f, "list[{}]", format!("{s:?}").to_lowercase()),
            ArgKey::Rows(s) => write!(f, "list[list[{}]]", format!("{s:?}").to_lowercase()),
            ArgKey::Obj(Value::Function(func)) => write!(f, "<function {}>", func.code.ir.name),
            ArgKey::Obj(Value::Instance(i)) => write!(f, "<{} object>", i.class.name),
            ArgKey::Obj(_) => write!(f, "<object>"),
        }
    }
}

/// True for objects native code may hold as compile-time constants.
pub fn is_constant_object(v: &Value) -> bool {
    match v {
        Value::Function(_) => true,
        Value::Instance(i) => i.is_frozen() && !i.class.is_exception,
        _ => false,
    }
}

impl ArgKey {
    /// The key of a runtime argument; `None` for values native code does not take.
    pub fn of(v: &Value) -> Option<ArgKey> {
        Some(match v {
            Value::Int(_) => ArgKey::Scalar(Scalar::Int),
            Value::Float(_) => ArgKey::Scalar(Scalar::Float),
            Value::Bool(_) => ArgKey::Scalar(Scalar::Bool),
            Value::None => ArgKey::Scalar(Scalar::None),
            Value::List(items) | Value::Tuple(items) => sequence_key(items)?,
            v if is_constant_object(v) => ArgKey::Obj(v.clone()),
            _ => return None,
        })
    }

    /// Whether native code takes the runtime value `v` as an argument
    /// (whether [`ArgKey::of`] gives it a key), without building the key.
    pub fn takes(v: &Value) -> bool {
        match v {
            Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::None => true,
            Value::List(items) | Value::Tuple(items) => sequence_key(items).is_some(),
            v => is_constant_object(v),
        }
    }

    /// The key of an argument whose static type is `t`.
    pub fn of_type(t: &Ty) -> Option<ArgKey> {
        match t {
            Ty::Known(v) if is_constant_object(v) => Some(ArgKey::Obj(v.clone())),
            Ty::None => Some(ArgKey::Scalar(Scalar::None)),
            Ty::Items(s) => Some(ArgKey::Items(*s)),
            Ty::Rows(s) => Some(ArgKey::Rows(*s)),
            t => t.scalar().map(ArgKey::Scalar),
        }
    }

    /// The static type of the parameter inside the specialization.
    pub fn ty(&self) -> Ty {
        match self {
            ArgKey::Scalar(s) => Ty::of(*s),
            ArgKey::Obj(v) => Ty::Known(v.clone()),
            ArgKey::Items(s) => Ty::Items(*s),
            ArgKey::Rows(s) => Ty::Rows(*s),
        }
    }

    /// Same key (objects by identity).
    pub fn same(&self, other: &ArgKey) -> bool {
        match (self, other) {
            (ArgKey::Scalar(a), ArgKey::Scalar(b)) => a == b,
            (ArgKey::Obj(a), ArgKey::Obj(b)) => same_value(a, b),
            (ArgKey::Items(a), ArgKey::Items(b)) | (ArgKey::Rows(a), ArgKey::Rows(b)) => a == b,
            _ => false,
        }
    }

    /// True when the runtime value `v` has this key.
    pub fn admits(&self, v: &Value) -> bool {
        match (self, v) {
            (ArgKey::Scalar(Scalar::Int), Value::Int(_))
            | (ArgKey::Scalar(Scalar::Float), Value::Float(_))
            | (ArgKey::Scalar(Scalar::Bool), Value::Bool(_))
            | (ArgKey::Scalar(Scalar::None), Value::None) => true,
            (ArgKey::Obj(a), v) => same_value(a, v),
            (ArgKey::Items(_) | ArgKey::Rows(_), Value::List(items) | Value::Tuple(items)) => sequence_key(items).is_some_and(|k| k.same(self)),
            _ => false,
        }
    }
}

/// The argument types a specialization was compiled for.
#[derive(Clone, Debug)]
pub struct Signature(pub Vec<ArgKey>);

impl Signature {
    /// Same signature.
    pub fn same(&self, other: &Signature) -> bool {
        self.0.len() == other.0.len() && self.0.iter().zip(&other.0).all(|(a, b)| a.same(b))
    }

    /// The machine parameters native code receives, in order: one per
    /// scalar, two 64-bit words (address, length) per list of items.
    pub fn scalars(&self) -> impl Iterator<Item = Scalar> + '_ {
        self.0
            .iter()
            .flat_map(|a| -> &[Scalar] {
                match a {
                    ArgKey::Scalar(s) => std::slice::from_ref(s),
                    ArgKey::Items(_) | ArgKey::Rows(_) => &[Scalar::Int, Scalar::Int],
                    ArgKey::Obj(_) => &[],
                }
            })
            .copied()
    }
}

/// The key of a list or tuple argument: `Rows` for a list of lists or
/// tuples, else `Items` of the type of its first item; `None` when native
/// code does not take it.
pub fn sequence_key(items: &[Value]) -> Option<ArgKey> {
    match crate::items::rows_scalar(items) {
        Some(s) => Some(ArgKey::Rows(s)),
        None => items_scalar(items).map(ArgKey::Items),
    }
}

/// The type native code reads the items of a list or tuple as: that of its
/// first item (`Int` for an empty one); `None` when the first item is not a
/// number or a bool. Later items are checked where they are read.
pub fn items_scalar(items: &[Value]) -> Option<Scalar> {
    match items.first() {
        None | Some(Value::Int(_)) => Some(Scalar::Int),
        Some(Value::Float(_)) => Some(Scalar::Float),
        Some(Value::Bool(_)) => Some(Scalar::Bool),
        _ => None,
    }
}
