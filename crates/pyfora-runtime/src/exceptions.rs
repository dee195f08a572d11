//! The builtin exception hierarchy, as classes user code can subclass.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use crate::value::Class;

macro_rules! exc_kinds {
    ($($name:ident : $parent:expr),* $(,)?) => {
        /// The builtin exception classes.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ExcKind { $($name),* }

        impl ExcKind {
            /// Every builtin exception, parents before children.
            pub const ALL: &'static [ExcKind] = &[$(ExcKind::$name),*];

            /// The class name.
            pub fn name(self) -> &'static str {
                match self { $(ExcKind::$name => stringify!($name)),* }
            }

            /// The parent class (None for BaseException).
            pub fn parent(self) -> Option<ExcKind> {
                match self { $(ExcKind::$name => $parent),* }
            }
        }
    };
}

exc_kinds! {
    BaseException: None,
    Exception: Some(ExcKind::BaseException),
    GeneratorExit: Some(ExcKind::BaseException),
    KeyboardInterrupt: Some(ExcKind::BaseException),
    SystemExit: Some(ExcKind::BaseException),
    ArithmeticError: Some(ExcKind::Exception),
    ZeroDivisionError: Some(ExcKind::ArithmeticError),
    OverflowError: Some(ExcKind::ArithmeticError),
    FloatingPointError: Some(ExcKind::ArithmeticError),
    AssertionError: Some(ExcKind::Exception),
    AttributeError: Some(ExcKind::Exception),
    LookupError: Some(ExcKind::Exception),
    IndexError: Some(ExcKind::LookupError),
    KeyError: Some(ExcKind::LookupError),
    NameError: Some(ExcKind::Exception),
    UnboundLocalError: Some(ExcKind::NameError),
    RuntimeError: Some(ExcKind::Exception),
    NotImplementedError: Some(ExcKind::RuntimeError),
    RecursionError: Some(ExcKind::RuntimeError),
    StopIteration: Some(ExcKind::Exception),
    TypeError: Some(ExcKind::Exception),
    ValueError: Some(ExcKind::Exception),
    UnicodeError: Some(ExcKind::ValueError),
    UnicodeEncodeError: Some(ExcKind::UnicodeError),
    UnicodeDecodeError: Some(ExcKind::UnicodeError),
    UnicodeTranslateError: Some(ExcKind::UnicodeError),
    MemoryError: Some(ExcKind::Exception),
    BufferError: Some(ExcKind::Exception),
    EOFError: Some(ExcKind::Exception),
    ImportError: Some(ExcKind::Exception),
    ModuleNotFoundError: Some(ExcKind::ImportError),
    OSError: Some(ExcKind::Exception),
    BlockingIOError: Some(ExcKind::OSError),
    ChildProcessError: Some(ExcKind::OSError),
    ConnectionError: Some(ExcKind::OSError),
    BrokenPipeError: Some(ExcKind::ConnectionError),
    ConnectionAbortedError: Some(ExcKind::ConnectionError),
    ConnectionRefusedError: Some(ExcKind::ConnectionError),
    ConnectionResetError: Some(ExcKind::ConnectionError),
    FileExistsError: Some(ExcKind::OSError),
    FileNotFoundError: Some(ExcKind::OSError),
    InterruptedError: Some(ExcKind::OSError),
    IsADirectoryError: Some(ExcKind::OSError),
    NotADirectoryError: Some(ExcKind::OSError),
    PermissionError: Some(ExcKind::OSError),
    ProcessLookupError: Some(ExcKind::OSError),
    TimeoutError: Some(ExcKind::OSError),
    ReferenceError: Some(ExcKind::Exception),
    SyntaxError: Some(ExcKind::Exception),
    IndentationError: Some(ExcKind::SyntaxError),
    TabError: Some(ExcKind::IndentationError),
    SystemError: Some(ExcKind::Exception),
    Warning: Some(ExcKind::Exception),
    UserWarning: Some(ExcKind::Warning),
    DeprecationWarning: Some(ExcKind::Warning),
    PendingDeprecationWarning: Some(ExcKind::Warning),
    SyntaxWarning: Some(ExcKind::Warning),
    RuntimeWarning: Some(ExcKind::Warning),
    FutureWarning: Some(ExcKind::Warning),
    ImportWarning: Some(ExcKind::Warning),
    UnicodeWarning: Some(ExcKind::Warning),
    BytesWarning: Some(ExcKind::Warning),
    ResourceWarning: Some(ExcKind::Warning),
}

fn registry() -> &'static HashMap<ExcKind, Arc<Class>> {
    static REG: OnceLock<HashMap<ExcKind, Arc<Class>>> = OnceLock::new();
    REG.get_or_init(|| {
        let mut map: HashMap<ExcKind, Arc<Class>> = HashMap::new();
        for &kind in ExcKind::ALL {
            let bases: Vec<Arc<Class>> = kind.parent().map(|p| vec![map[&p].clone()]).unwrap_or_default();
            let class = crate::class::new_class(Arc::from(kind.name()), bases, Vec::new(), None, true);
            map.insert(kind, class);
        }
        map
    })
}

/// The class object of a builtin exception.
pub fn builtin_class(kind: ExcKind) -> Arc<Class> {
    registry()[&kind].clone()
}

/// The builtin exception class called `name`, if any.
pub fn builtin_class_named(name: &str) -> Option<Arc<Class>> {
    ExcKind::ALL.iter().find(|k| k.name() == name).map(|k| builtin_class(*k))
}
