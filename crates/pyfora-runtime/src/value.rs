//! Runtime values.
//!
//! A [`Value`] is 16 bytes: small scalars inline, everything else behind an
//! `Arc`. Values are immutable; the one exception is a list, dict or set
//! whose `Arc` is unique (nothing else can observe it), which the
//! interpreter mutates in place — see `Arc::get_mut` in `interp`.

use std::fmt;
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use num_bigint::BigInt;

use crate::dict::{Dict, PySet};
use crate::error::RtResult;
use crate::interp::Frame;

/// A Python value inside the engine.
///
/// `repr(u8)` fixes the layout that [`Parts`] relies on: the tag in byte 0,
/// a one-byte payload (`bool`, [`TypeKind`]) in byte 1, any other payload
/// (a number, a pointer) in bytes 8..16.
#[derive(Clone, Default)]
#[repr(u8)]
pub enum Value {
    // The variants that own no heap data come first, so that
    // `Value::is_plain` is one comparison of the tag byte.
    /// No value yet: an unassigned local (never visible to user code).
    #[default]
    Unbound,
    None,
    Ellipsis,
    /// The `NotImplemented` singleton returned by binary dunders.
    NotImplemented,
    Bool(bool),
    Int(i64),
    Float(f64),
    Builtin(&'static BuiltinFunction),
    /// A builtin type used as a value: `int`, `list`, `isinstance(x, str)`.
    Type(TypeKind),
    Module(&'static Module),
    /// An integer outside the `i64` range (always normalised).
    Big(Arc<BigInt>),
    Str(Arc<PyStr>),
    Tuple(Arc<Vec<Value>>),
    List(Arc<Vec<Value>>),
    Dict(Arc<Dict>),
    Set(Arc<PySet>),
    FrozenSet(Arc<PySet>),
    Range(Arc<RangeValue>),
    /// `dict.keys()`, `dict.values()`, `dict.items()`.
    DictView(Arc<DictView>),
    Slice(Arc<SliceValue>),
    Function(Arc<Function>),
    /// A builtin method bound to its receiver, e.g. `"abc".upper`.
    BuiltinMethod(Arc<(Value, Arc<str>)>),
    /// A user function bound to an instance (or class, for classmethods).
    BoundMethod(Arc<(Value, Value)>),
    /// A user class or a builtin exception class.
    Class(Arc<Class>),
    Instance(Arc<Instance>),
    Iterator(Arc<Mutex<crate::iter::IterState>>),
    StaticMethod(Arc<Value>),
    ClassMethod(Arc<Value>),
    Property(Arc<PropertyValue>),
    Super(Arc<(Arc<Class>, Value)>),
    /// A `numpy.ndarray` (see `ndarray`).
    Array(Arc<crate::ndarray::NdArray>),
}

impl Value {
    /// A clone built in place: numbers, modules, functions and instances without
    /// the out-of-line derived `clone` (whose result is copied back as one
    /// 16-byte load of a value just written in two parts, which stalls
    /// store forwarding).
    #[inline(always)]
    pub fn clone_inline(&self) -> Value {
        match self {
            Value::Int(i) => Value::Int(*i),
            Value::Float(x) => Value::Float(*x),
            Value::Bool(b) => Value::Bool(*b),
            Value::None => Value::None,
            Value::Unbound => Value::Unbound,
            Value::Module(m) => Value::Module(m),
            Value::Instance(i) => Value::Instance(Arc::clone(i)),
            Value::Function(f) => Value::Function(Arc::clone(f)),
            other => other.clone(),
        }
    }
}

/// A value read as its parts: the tag byte, the byte after it and the
/// payload word, never as one 16-byte load. A value is usually stored in
/// parts (a one-byte tag, then its payload), and a wider load of bytes that
/// were just stored narrower waits for the stores to drain (a failed store
/// forward, a dozen cycles); moving values between registers part by part
/// avoids that on every move.
#[derive(Clone, Copy)]
pub struct Parts {
    tag: u8,
    /// Padding for most variants, so possibly uninitialised.
    byte: std::mem::MaybeUninit<u8>,
    /// Uninitialised for variants without a payload.
    word: std::mem::MaybeUninit<u64>,
}

const _: () = assert!(std::mem::size_of::<Value>() == 16);
const _: () = assert!(std::mem::size_of::<TypeKind>() == 1);

impl Parts {
    /// Reads the parts of the value at `v`. Ownership of whatever the value
    /// holds passes to the returned parts.
    ///
    /// # Safety
    /// `v` points at an initialised value, which the caller then treats as
    /// moved out (overwritten or forgotten, never dropped).
    #[inline(always)]
    pub unsafe fn read(v: *const Value) -> Parts {
        let p = v as *const u8;
        // SAFETY: the caller's contract; all three reads are in bounds.
        unsafe {
            Parts { tag: p.read(), byte: (p.add(1) as *const std::mem::MaybeUninit<u8>).read(), word: (p.add(8) as *const std::mem::MaybeUninit<u64>).read() }
        }
    }

    /// Moves the value out of `slot` by its parts, leaving `slot` unbound.
    /// (Parts dropped without being written leak the value, never free it.)
    #[inline(always)]
    pub fn take(slot: &mut Value) -> Parts {
        // SAFETY: `slot` holds an initialised value, which moves into the
        // parts: it is overwritten with a value that owns nothing, not
        // dropped.
        unsafe {
            let parts = Parts::read(slot);
            std::ptr::write(slot, Value::Unbound);
            parts
        }
    }

    /// Writes the parts as the value at `dst`, which takes ownership.
    ///
    /// # Safety
    /// `dst` points at 16 writable bytes whose old value owns nothing (or
    /// was dropped), and `self` came from [`Parts::read`] and is written
    /// once.
    #[inline(always)]
    pub unsafe fn write(self, dst: *mut Value) {
        let p = dst as *mut u8;
        // SAFETY: the caller's contract; all three writes are in bounds.
        unsafe {
            p.write(self.tag);
            (p.add(1) as *mut std::mem::MaybeUninit<u8>).write(self.byte);
            (p.add(8) as *mut std::mem::MaybeUninit<u64>).write(self.word);
        }
    }

    /// The value these parts make up.
    ///
    /// # Safety
    /// `self` came from [`Parts::read`] and is used once.
    #[inline(always)]
    pub unsafe fn into_value(self) -> Value {
        let mut out = std::mem::MaybeUninit::<Value>::uninit();
        // SAFETY: the caller's contract; `out` is written before it is read.
        unsafe {
            self.write(out.as_mut_ptr());
            out.assume_init()
        }
    }
}

/// A unicode string with its length in characters cached.
pub struct PyStr {
    pub text: Text,
    /// Number of characters (equals the byte length when ASCII).
    pub chars: usize,
    /// For text that is not ASCII: the byte offset of every
    /// [`CHECKPOINT`]-th character, built when first indexed, so that
    /// `s[i]` and slices cost O(1) rather than O(i).
    checkpoints: OnceLock<Box<[usize]>>,
}

/// Characters between two entries of [`PyStr::checkpoints`].
const CHECKPOINT: usize = 64;

impl PyStr {
    /// Wraps a string (its buffer kept as it is unless it holds much more
    /// room than text: shrinking costs a reallocation per new string).
    pub fn new(text: impl Into<String>) -> PyStr {
        let mut text: String = text.into();
        if text.capacity() > 2 * text.len() + 32 {
            text.shrink_to_fit();
        }
        PyStr::from_text(Text::Owned(text))
    }

    /// Appends `other` in place (`s += t` on a string nothing else holds);
    /// false, nothing done, for a mapped file's text.
    pub fn push_str(&mut self, other: &PyStr) -> bool {
        match &mut self.text {
            Text::Owned(text) => {
                text.push_str(&other.text);
                self.chars += other.chars;
                self.checkpoints.take();
                true
            }
            Text::Mapped(_) => false,
        }
    }

    /// Wraps text of either kind, counting its characters.
    pub fn from_text(text: Text) -> PyStr {
        let chars = if text.is_ascii() { text.len() } else { text.chars().count() };
        PyStr { text, chars, checkpoints: OnceLock::new() }
    }

    /// The content of the UTF-8 file at `path`, read in or mapped (see
    /// [`crate::text::import_file`]).
    pub fn from_file(path: &std::path::Path) -> Result<PyStr, ImportFileError> {
        Ok(PyStr::from_text(crate::text::import_file(path)?))
    }

    /// True when every character is one byte.
    pub fn is_ascii(&self) -> bool {
        self.chars == self.text.len()
    }

    /// The character at `i` (0-based, in range).
    pub fn char_at(&self, i: usize) -> char {
        if self.is_ascii() {
            self.text.as_bytes()[i] as char
        } else {
            self.text[self.byte_offset(i)..].chars().next().expect("index checked by caller")
        }
    }

    /// The byte offset of character `i` (the text's length for
    /// `i >= chars`).
    pub fn byte_offset(&self, i: usize) -> usize {
        if self.is_ascii() {
            return i.min(self.text.len());
        }
        if i >= self.chars {
            return self.text.len();
        }
        let checkpoints = self.checkpoints.get_or_init(|| self.text.char_indices().step_by(CHECKPOINT).map(|(b, _)| b).collect());
        let from = checkpoints[i / CHECKPOINT];
        from + self.text[from..].char_indices().nth(i % CHECKPOINT).map_or(self.text.len() - from, |(b, _)| b)
    }
}

pub use crate::range::RangeValue;
pub use crate::text::{ImportFileError, MappedText, Text};

/// Which view of a dict a [`DictView`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewKind {
    Keys,
    Values,
    Items,
}

/// A view of a dict (`dict_keys`, `dict_values`, `dict_items`). It holds the
/// dict itself: a dict with a live view is shared, so it cannot change
/// under the view (in-place mutation needs a unique dict).
pub struct DictView {
    pub dict: Arc<Dict>,
    pub kind: ViewKind,
}

impl DictView {
    /// `dict_keys`, `dict_values` or `dict_items`.
    pub fn type_name_str(&self) -> &'static str {
        match self.kind {
            ViewKind::Keys => "dict_keys",
            ViewKind::Values => "dict_values",
            ViewKind::Items => "dict_items",
        }
    }

    /// True for the set-like views (keys and items).
    pub fn is_set_like(&self) -> bool {
        self.kind != ViewKind::Values
    }
}

/// `slice(lower, upper, step)` with arbitrary values (usually ints or None).
#[derive(Clone)]
pub struct SliceValue {
    pub lower: Value,
    pub upper: Value,
    pub step: Value,
}

/// A builtin function implemented in Rust.
pub struct BuiltinFunction {
    pub name: &'static str,
    pub call: fn(args: Vec<Value>, kwargs: Vec<(Arc<str>, Value)>) -> RtResult<Value>,
    /// The same function for exactly one positional argument, borrowed
    /// (no argument vector), where the builtin offers it.
    pub unary: Option<fn(&Value) -> RtResult<Value>>,
    /// The libm function behind a one-argument math builtin, for a float
    /// argument, when a NaN result from a non-NaN argument and an infinite
    /// one from a finite argument are exactly its errors (the interpreter
    /// computes the float directly and leaves errors to `call`).
    pub float: Option<fn(f64) -> f64>,
}

/// Builtin types that can be used as values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TypeKind {
    Object,
    NoneType,
    Bool,
    Int,
    Float,
    Str,
    Tuple,
    List,
    Dict,
    Set,
    FrozenSet,
    Range,
    Slice,
    Function,
    Type,
    Module,
    Generator,
    Iterator,
    BuiltinFunction,
    Method,
    Ellipsis,
    NotImplementedType,
    Enumerate,
    Zip,
    Map,
    Filter,
    DictKeys,
    DictValues,
    DictItems,
    NdArray,
}

impl TypeKind {
    /// The name Python reports for the type.
    pub fn name(self) -> &'static str {
        match self {
            TypeKind::Object => "object",
            TypeKind::NoneType => "NoneType",
            TypeKind::Bool => "bool",
            TypeKind::Int => "int",
            TypeKind::Float => "float",
            TypeKind::Str => "str",
            TypeKind::Tuple => "tuple",
            TypeKind::List => "list",
            TypeKind::Dict => "dict",
            TypeKind::Set => "set",
            TypeKind::FrozenSet => "frozenset",
            TypeKind::Range => "range",
            TypeKind::Slice => "slice",
            TypeKind::Function => "function",
            TypeKind::Type => "type",
            TypeKind::Module => "module",
            TypeKind::Generator => "generator",
            TypeKind::Iterator => "iterator",
            TypeKind::BuiltinFunction => "builtin_function_or_method",
            TypeKind::Method => "method",
            TypeKind::Ellipsis => "ellipsis",
            TypeKind::NotImplementedType => "NotImplementedType",
            TypeKind::Enumerate => "enumerate",
            TypeKind::Zip => "zip",
            TypeKind::Map => "map",
            TypeKind::Filter => "filter",
            TypeKind::DictKeys => "dict_keys",
            TypeKind::DictValues => "dict_values",
            TypeKind::DictItems => "dict_items",
            TypeKind::NdArray => "numpy.ndarray",
        }
    }
}

/// A cell: a variable shared between a scope and the closures it creates.
///
/// Most cells are assigned once (a parameter, a nested `def`) and then read
/// by every call of a closure, on any worker: the first value is kept where
/// reading it takes no lock (threads sharing the cell write nothing to read
/// it); a cell assigned again (in a loop) moves to a locked slot.
#[derive(Default)]
pub struct CellBox {
    first: OnceLock<Value>,
    later: RwLock<Value>,
    /// Set once `later` holds the value (the cell was assigned again).
    reassigned: std::sync::atomic::AtomicBool,
}

impl CellBox {
    /// A new, empty cell.
    pub fn empty() -> Arc<CellBox> {
        Arc::new(CellBox::default())
    }

    /// The current value (Unbound when never assigned).
    pub fn get(&self) -> Value {
        if !self.reassigned.load(std::sync::atomic::Ordering::Acquire) {
            return self.first.get().cloned().unwrap_or(Value::Unbound);
        }
        self.later.read().expect("cell lock poisoned").clone()
    }

    /// Whether the cell holds `v` itself (the same object), read through
    /// exclusive access.
    pub fn holds(&mut self, v: &Value) -> bool {
        let current =
            if *self.reassigned.get_mut() { &*self.later.get_mut().unwrap_or_else(|p| p.into_inner()) } else { self.first.get().unwrap_or(&Value::Unbound) };
        crate::ops::is(current, v)
    }

    /// Empties the cell through exclusive access, returning its value (a
    /// replaced first value, kept for lock-free reads, is dropped too).
    pub fn take(&mut self) -> Value {
        let first = self.first.take().unwrap_or_default();
        let later = std::mem::take(self.later.get_mut().unwrap_or_else(|p| p.into_inner()));
        std::mem::replace(self.reassigned.get_mut(), false).then_some(later).unwrap_or(first)
    }

    /// Assigns the cell.
    pub fn set(&self, v: Value) {
        let mut later = self.later.write().expect("cell lock poisoned");
        if !self.reassigned.load(std::sync::atomic::Ordering::Relaxed) {
            match self.first.set(v) {
                Ok(()) => return,
                Err(v) => *later = v,
            }
        } else {
            *later = v;
        }
        self.reassigned.store(true, std::sync::atomic::Ordering::Release);
    }
}

/// Module-level names of shipped code, filled once after every value the
/// client shipped exists (so functions can refer to each other and to
/// themselves).
#[derive(Default)]
pub struct Globals {
    pub names: OnceLock<rustc_hash::FxHashMap<Arc<str>, Value>>,
    /// Names bound to objects that were still being built when `names`
    /// was filled (a class referring to itself from its methods).
    pub late: OnceLock<rustc_hash::FxHashMap<Arc<str>, Value>>,
}

impl Globals {
    /// Globals with a fixed set of names.
    pub fn with(names: rustc_hash::FxHashMap<Arc<str>, Value>) -> Arc<Globals> {
        let g = Globals::default();
        let _ = g.names.set(names);
        Arc::new(g)
    }

    /// Looks a name up (None when absent or not yet filled).
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.names.get().and_then(|m| m.get(name)).or_else(|| self.late.get().and_then(|m| m.get(name)))
    }
}

/// A `property`: its getter and setter (`None` when it has none).
pub struct PropertyValue {
    pub fget: Value,
    pub fset: Value,
}

/// A code object prepared for the interpreter: IR plus runtime constants.
pub struct RtCode {
    pub ir: Arc<pyfora_syntax::Code>,
    pub consts: Vec<Value>,
    pub children: Vec<Arc<RtCode>>,
    /// The initial register file: `Unbound` everywhere except constant
    /// registers holding numbers, `None` or bools (values that own no heap
    /// data, so the template can be copied bitwise into a new frame).
    pub plain_template: Vec<Value>,
    /// Constant registers whose constant owns heap data (strings, big
    /// ints): cloned into each new frame.
    pub heap_consts: Vec<(u32, u32)>,
    /// Per instruction: the builtin a module method call resolved to last
    /// time, keyed by the module's address (modules never change).
    pub module_call_cache: Box<[OnceLock<(usize, &'static BuiltinFunction)>]>,
    /// The number of plain positional arguments a call may bind one to one
    /// into the first registers (no defaults, `*args`, keyword-only
    /// parameters or `**kwargs`; not a generator); `u32::MAX` if none.
    pub direct_arity: u32,
    /// Calls of globals that borrow the function instead of loading it
    /// ([`crate::global_calls::plan`]).
    pub global_calls: crate::global_calls::Plan,
    /// Pairs of independent calls that may run in parallel
    /// ([`crate::forks::plan`]).
    pub forks: crate::forks::Plan,
    /// The native tier's specializations of this code.
    pub native: crate::native::NativeSlot,
    /// Parameters a call may lend instead of passing a reference
    /// ([`crate::borrow::borrowable_params`]).
    pub borrowable: u64,
    /// For each `Return`, the registers that may still own heap data
    /// there (`pyfora_syntax::holding`): the only ones a returning pushed
    /// frame looks at before its register file is reused. Empty for other
    /// instructions.
    pub return_drops: Box<[Box<[u32]>]>,
    /// The function's whole body when it is a few arithmetic operations on
    /// its parameters and number constants (`lambda x: x ** 0.5`,
    /// `lambda x: x * 10.0 + 20.0`): a call with number arguments computes
    /// it in the caller's frame.
    pub arith: Option<ArithBody>,
}

/// A body that is `return` of an expression of arithmetic operations
/// ([`RtCode::arith`]): each step combines two operands; the last step's
/// result is returned.
#[derive(Clone, Debug)]
pub struct ArithBody {
    pub steps: Box<[(pyfora_syntax::ir::BinOp, Operand, Operand)]>,
}

/// An operand of a step of an [`ArithBody`].
#[derive(Clone, Copy, Debug)]
pub enum Operand {
    /// The parameter at this position.
    Param(u32),
    /// The result of an earlier step.
    Step(u32),
    Int(i64),
    Float(f64),
}

/// The tag of the last variant of [`Value`] that owns no heap data (they
/// all come before the others).
const PLAIN_TAGS_END: u8 = 9;

impl RtCode {
    /// True for values that own no heap data (safe to copy bitwise).
    #[inline(always)]
    pub fn is_plain(v: &Value) -> bool {
        // SAFETY: `Value` is `repr(u8)`: its first byte is the tag.
        let tag = unsafe { *(v as *const Value as *const u8) };
        tag <= PLAIN_TAGS_END
    }
}

/// A user function (def, lambda or generator expression).
pub struct Function {
    pub code: Arc<RtCode>,
    pub globals: Arc<Globals>,
    pub defaults: Vec<Value>,
    pub kwdefaults: Vec<(Arc<str>, Value)>,
    pub closure: Vec<Arc<CellBox>>,
    /// The class whose body defined this function (for `super()`).
    pub owner: OnceLock<std::sync::Weak<Class>>,
    /// Globals this function has resolved, by `LoadGlobal` slot (globals
    /// and builtins never change once a computation starts).
    pub global_cache: Box<[OnceLock<Value>]>,
    /// Attributes the client set on the function (`f.tag = ...`), shipped
    /// with it.
    pub attrs: OnceLock<Vec<(Arc<str>, Value)>>,
    /// The id the client gave this function when shipping it (a function
    /// the client shipped comes back as the client's own).
    pub client_id: OnceLock<i64>,
}

/// A class: a user class or a builtin exception class.
pub struct Class {
    pub name: Arc<str>,
    pub bases: Vec<Arc<Class>>,
    /// Method resolution order, starting with the class itself.
    pub mro: OnceLock<Vec<Arc<Class>>>,
    pub namespace: Vec<(Arc<str>, Value)>,
    /// True for classes deriving from BaseException.
    pub is_exception: bool,
    /// True for the builtin exception classes themselves.
    pub is_builtin: bool,
    /// The id the client gave this class when shipping it.
    pub client_id: Option<i64>,
    /// Every attribute visible through the MRO, resolved once at creation
    /// (classes are immutable), so method lookup is one hash probe.
    pub resolved: OnceLock<rustc_hash::FxHashMap<Arc<str>, Value>>,
    /// `__call__` as resolved through the MRO (looked up on every call of
    /// an instance, so kept out of the hash map).
    pub call: OnceLock<Option<Value>>,
    /// The only instance attributes allowed when every class of the MRO
    /// declares `__slots__` (without `"__dict__"`): instances then have no
    /// `__dict__`. `None`: any attribute.
    pub slots: OnceLock<Option<Box<[Arc<str>]>>>,
}

impl Class {
    /// Looks an attribute up along the MRO.
    pub fn lookup(&self, name: &str) -> Option<Value> {
        if let Some(flat) = self.resolved.get() {
            return flat.get(name).cloned();
        }
        for c in self.mro() {
            if let Some((_, v)) = c.namespace.iter().find(|(n, _)| &**n == name) {
                return Some(v.clone());
            }
        }
        None
    }

    /// [`Class::lookup`] without the clone, once the class's attributes
    /// are resolved (`None` before, or when nothing has the name).
    #[inline]
    pub fn lookup_ref(&self, name: &str) -> Option<&Value> {
        self.resolved.get()?.get(name)
    }

    /// The method resolution order (C3 linearisation).
    pub fn mro(&self) -> &[Arc<Class>] {
        self.mro.get().map(|v| v.as_slice()).unwrap_or(&[])
    }

    /// True when `self` is `other` or derives from it.
    pub fn is_subclass_of(&self, other: &Class) -> bool {
        self.mro().iter().any(|c| std::ptr::eq(&**c, other))
    }
}

/// An instance of a user class (or of an exception class).
pub struct Instance {
    pub class: Arc<Class>,
    /// Attributes in assignment order; written only while `__init__` runs.
    pub attrs: RwLock<Vec<(Arc<str>, Value)>>,
    /// Set once `__init__` has returned: the attributes, which never change
    /// again (native code may then treat them as constants). Reading them
    /// here takes no lock, so threads sharing an instance write nothing.
    frozen: OnceLock<Box<[(Arc<str>, Value)]>>,
}

impl Instance {
    /// An instance with the given attributes, frozen (complete) or still
    /// being initialised.
    pub fn new(class: Arc<Class>, attrs: Vec<(Arc<str>, Value)>, frozen: bool) -> Instance {
        let instance = Instance { class, attrs: RwLock::new(attrs), frozen: OnceLock::new() };
        if frozen {
            instance.freeze();
        }
        instance
    }

    /// True once the instance's attributes can no longer change.
    pub fn is_frozen(&self) -> bool {
        self.frozen.get().is_some()
    }

    /// Marks the instance complete (its `__init__` returned). Exceptions
    /// stay open: raising one sets its `__context__` and `__cause__`.
    pub fn freeze(&self) {
        if self.class.is_exception {
            return;
        }
        let attrs = self.attrs.read().expect("instance lock poisoned").clone().into_boxed_slice();
        let _ = self.frozen.set(attrs);
    }

    /// Reads an attribute stored on the instance.
    #[inline]
    pub fn get_attr(&self, name: &str) -> Option<Value> {
        if let Some(fixed) = self.frozen.get() {
            return fixed.iter().find(|(n, _)| same_name(n, name)).map(|(_, v)| v.clone_inline());
        }
        let attrs = self.attrs.read().expect("instance lock poisoned");
        attrs.iter().find(|(n, _)| same_name(n, name)).map(|(_, v)| v.clone_inline())
    }

    /// The attribute `name` stored on a frozen instance, by reference
    /// (frozen attributes never change); `None` when not frozen or absent.
    #[inline]
    pub fn frozen_attr(&self, name: &str) -> Option<&Value> {
        self.frozen.get()?.iter().find(|(n, _)| same_name(n, name)).map(|(_, v)| v)
    }

    /// The values of the attributes stored on the instance.
    pub fn attrs_snapshot(&self) -> Vec<Value> {
        if let Some(fixed) = self.frozen.get() {
            return fixed.iter().map(|(_, v)| v.clone()).collect();
        }
        self.attrs.read().expect("instance lock poisoned").iter().map(|(_, v)| v.clone()).collect()
    }

    /// Writes an attribute (used by `__init__` and exception construction).
    pub fn set_attr(&self, name: Arc<str>, v: Value) {
        let mut attrs = self.attrs.write().expect("instance lock poisoned");
        match attrs.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = v,
            None => attrs.push((name, v)),
        }
    }
}

/// Whether two attribute names are equal: compared inline, byte by byte
/// (names are short; a call to the C library's `memcmp` per attribute
/// looked at costs more than the comparison).
#[inline(always)]
fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && (a.as_ptr() == b.as_ptr() || a.bytes().zip(b.bytes()).all(|(x, y)| x == y))
}

/// A module shipped by reference (`math`, `functools`).
pub struct Module {
    pub name: &'static str,
    pub attrs: rustc_hash::FxHashMap<&'static str, Value>,
    /// Names a user module has on the client that were not shipped (only
    /// the attributes code reads by name are): reading one is an error
    /// that says so, never an `AttributeError` a `hasattr` would take for
    /// absence.
    pub unshipped: rustc_hash::FxHashSet<&'static str>,
    /// For a module the client could not ship, held by a class whose
    /// methods may never use it: why; reading any attribute raises it (as
    /// a refusal, when the code is reached).
    pub refused: Option<&'static str>,
}

impl Value {
    /// The one-character string `c`.
    pub fn char(c: char) -> Value {
        // One shared string per ASCII character (iterating or indexing a
        // string makes one per character, as CPython's cache of them).
        static ASCII: OnceLock<Vec<Arc<PyStr>>> = OnceLock::new();
        if c.is_ascii() {
            let table = ASCII.get_or_init(|| (0u8..128).map(|b| Arc::new(PyStr::new((b as char).to_string()))).collect());
            return Value::Str(table[c as usize].clone());
        }
        Value::str(c.encode_utf8(&mut [0; 4]) as &str)
    }

    /// A string value.
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(Arc::new(PyStr::new(s)))
    }

    /// A tuple value.
    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Arc::new(items))
    }

    /// A list value.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Arc::new(items))
    }

    /// An integer from a big integer, normalised to `Int` when it fits.
    pub fn from_big(b: BigInt) -> Value {
        use num_traits::ToPrimitive;
        match b.to_i64() {
            Some(i) => Value::Int(i),
            None => Value::Big(Arc::new(b)),
        }
    }

    /// The Python type name of the value (`type(x).__name__`).
    pub fn type_name(&self) -> Arc<str> {
        match self {
            Value::Instance(i) => i.class.name.clone(),
            Value::Class(_) => Arc::from("type"),
            other => Arc::from(other.type_kind().name()),
        }
    }

    /// The builtin type of the value (`Object` for instances).
    pub fn type_kind(&self) -> TypeKind {
        match self {
            Value::Unbound | Value::None => TypeKind::NoneType,
            Value::Ellipsis => TypeKind::Ellipsis,
            Value::NotImplemented => TypeKind::NotImplementedType,
            Value::Bool(_) => TypeKind::Bool,
            Value::Int(_) | Value::Big(_) => TypeKind::Int,
            Value::Float(_) => TypeKind::Float,
            Value::Str(_) => TypeKind::Str,
            Value::Tuple(_) => TypeKind::Tuple,
            Value::List(_) => TypeKind::List,
            Value::Dict(_) => TypeKind::Dict,
            Value::Set(_) => TypeKind::Set,
            Value::FrozenSet(_) => TypeKind::FrozenSet,
            Value::Range(_) => TypeKind::Range,
            Value::DictView(v) => match v.kind {
                ViewKind::Keys => TypeKind::DictKeys,
                ViewKind::Values => TypeKind::DictValues,
                ViewKind::Items => TypeKind::DictItems,
            },
            Value::Slice(_) => TypeKind::Slice,
            Value::Function(_) => TypeKind::Function,
            Value::Builtin(_) | Value::BuiltinMethod(_) => TypeKind::BuiltinFunction,
            Value::BoundMethod(_) => TypeKind::Method,
            Value::Type(_) | Value::Class(_) => TypeKind::Type,
            Value::Instance(_) => TypeKind::Object,
            Value::Module(_) => TypeKind::Module,
            Value::Array(_) => TypeKind::NdArray,
            Value::Iterator(it) => match &*it.lock().expect("iterator lock") {
                crate::iter::IterState::Generator(_) => TypeKind::Generator,
                crate::iter::IterState::Enumerate { .. } => TypeKind::Enumerate,
                crate::iter::IterState::Zip { .. } => TypeKind::Zip,
                crate::iter::IterState::Map { .. } => TypeKind::Map,
                crate::iter::IterState::Filter { .. } => TypeKind::Filter,
                crate::iter::IterState::Splittable { inner, .. } => inner.type_kind(),
                _ => TypeKind::Iterator,
            },
            Value::StaticMethod(_) | Value::ClassMethod(_) | Value::Property(_) | Value::Super(_) => TypeKind::Object,
        }
    }
}

/// Python's repr for builtin values; user instances (and containers of
/// them) without calling their `__repr__`: formatting for diagnostics
/// must never run user code (it may run while the compiler holds its lock).
impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Instance(i) => write!(f, "<{} object>", i.class.name),
            Value::List(items) => f.debug_list().entries(items.iter()).finish(),
            Value::Tuple(items) => {
                let mut t = f.debug_tuple("");
                for item in items.iter() {
                    t.field(item);
                }
                t.finish()
            }
            Value::Dict(_)
            | Value::Set(_)
            | Value::FrozenSet(_)
            | Value::BoundMethod(_)
            | Value::BuiltinMethod(_)
            | Value::Iterator(_)
            | Value::DictView(_) => {
                write!(f, "<{}>", self.type_name())
            }
            _ => match crate::ops::repr(self) {
                Ok(s) => f.write_str(&s),
                Err(_) => write!(f, "<{}>", self.type_name()),
            },
        }
    }
}

/// The state of a suspended generator.
pub struct GeneratorState {
    pub frame: Option<Box<Frame>>,
    pub name: Arc<str>,
}

#[cfg(test)]
mod parts_tests {
    use super::*;

    /// Moves `v` through its parts into a fresh slot.
    fn through_parts(v: Value) -> Value {
        let v = std::mem::ManuallyDrop::new(v);
        let mut out = std::mem::MaybeUninit::<Value>::uninit();
        // SAFETY: `v` is initialised and never dropped (it moves into `out`),
        // and `out` is written once before being read.
        unsafe {
            Parts::read(&*v).write(out.as_mut_ptr());
            out.assume_init()
        }
    }

    #[test]
    fn every_kind_of_payload_survives_a_move_by_parts() {
        assert!(matches!(through_parts(Value::Bool(true)), Value::Bool(true)));
        assert!(matches!(through_parts(Value::Bool(false)), Value::Bool(false)));
        assert!(matches!(through_parts(Value::Int(-7)), Value::Int(-7)));
        assert!(matches!(through_parts(Value::Float(-0.0)), Value::Float(x) if x.to_bits() == (-0.0f64).to_bits()));
        assert!(matches!(through_parts(Value::None), Value::None));
        assert!(matches!(through_parts(Value::Type(TypeKind::Float)), Value::Type(TypeKind::Float)));
        assert!(matches!(through_parts(Value::Type(TypeKind::Str)), Value::Type(TypeKind::Str)));
        let s = Value::str("parts");
        let Value::Str(original) = &s else { unreachable!() };
        let weak = Arc::downgrade(original);
        match through_parts(s) {
            Value::Str(t) => {
                assert_eq!(&*t.text, "parts");
                assert_eq!(Arc::strong_count(&t), 1, "moved, not cloned");
            }
            _ => panic!("not a string"),
        }
        assert!(weak.upgrade().is_none(), "dropped exactly once");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Character positions of non-ASCII text agree with walking it from
    /// the start, across checkpoints and after an in-place append.
    #[test]
    fn byte_offsets_of_non_ascii_text() {
        let text: String = (0..300)
            .map(|k| {
                if k % 7 == 0 {
                    'é'
                } else if k % 11 == 0 {
                    '😀'
                } else {
                    'a'
                }
            })
            .collect();
        let mut s = PyStr::new(text.clone());
        let walk = |t: &str, i: usize| t.char_indices().nth(i).map_or(t.len(), |(b, _)| b);
        for i in 0..=s.chars + 2 {
            assert_eq!(s.byte_offset(i), walk(&text, i), "offset of {i}");
        }
        assert_eq!(s.char_at(0), 'é');
        assert_eq!(s.char_at(11), '😀');
        assert!(s.push_str(&PyStr::new("ßz")));
        let grown = text + "ßz";
        assert_eq!(s.chars, grown.chars().count());
        for i in [0, 63, 64, 65, 299, 300, 301] {
            assert_eq!(s.byte_offset(i), walk(&grown, i), "offset of {i} after the append");
        }
    }

    /// `RtCode::is_plain` compares the tag with `PLAIN_TAGS_END`: every
    /// variant that owns no heap data must come before the others.
    #[test]
    fn plain_variants_come_first() {
        let plain = [
            Value::Unbound,
            Value::None,
            Value::Ellipsis,
            Value::NotImplemented,
            Value::Bool(true),
            Value::Int(1),
            Value::Float(1.0),
            crate::builtins::lookup("len").expect("len is a builtin"),
            Value::Type(TypeKind::Int),
            crate::modules::module("math").expect("math is provided"),
        ];
        for v in &plain {
            assert!(RtCode::is_plain(v), "{}", v.type_name());
        }
        assert!(matches!(plain[7], Value::Builtin(_)) && matches!(plain[9], Value::Module(_)));
        let owning = [Value::Big(Arc::new(BigInt::from(1) << 70)), Value::str("x"), Value::list(Vec::new()), Value::tuple(Vec::new())];
        for v in &owning {
            assert!(!RtCode::is_plain(v), "{}", v.type_name());
        }
    }
}
