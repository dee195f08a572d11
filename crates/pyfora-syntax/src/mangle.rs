//! Private name mangling, as CPython's compiler does it: inside a class
//! body (and the functions, lambdas and comprehensions nested in it), an
//! identifier `__name` that does not end in `__` stands for
//! `_Class__name`, `Class` being the innermost enclosing class's name
//! without its leading underscores. That covers variable names (loads,
//! stores, parameters, `global`/`nonlocal`, `except ... as`, pattern
//! captures), attribute names and the names `def`/`class` statements bind.
//! The names imports bind are mangled too (`import math as __m`,
//! `from m import __f` bind `_Class__m`, `_Class__f`; the module and
//! attribute imported keep their names), except a dotted `import __a.b`
//! without `as`. Keyword argument names and string contents are left as
//! they are, as CPython leaves them.
//!
//! The whole module is rewritten once, right after parsing, so scope
//! analysis and lowering see the names Python's bytecode uses. A
//! function or class keeps its own unmangled `__name__`: the original
//! names of the `def`/`class` statements renamed are returned, keyed by
//! the offset of their name.

use std::cell::RefCell;
use std::collections::HashMap;

use ruff_python_ast::name::Name;
use ruff_python_ast::visitor::transformer::{walk_except_handler, walk_expr, walk_parameter, walk_pattern, walk_stmt, Transformer};
use ruff_python_ast::{self as ast, Expr, Identifier, Pattern, Stmt};
use ruff_text_size::TextSize;

/// `name` as written inside a class named `class` (CPython's `_Py_Mangle`):
/// `None` when it is not mangled there.
pub fn mangled(class: &str, name: &str) -> Option<String> {
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return None;
    }
    let stripped = class.trim_start_matches('_');
    if stripped.is_empty() {
        return None;
    }
    Some(format!("_{stripped}{name}"))
}

/// Rewrites every private name in `module` (see the module docs); the
/// original names of the `def` and `class` statements it renamed, by the
/// offset of their name.
pub fn mangle_module(module: &mut ast::ModModule) -> HashMap<TextSize, Name> {
    let mangler = Mangler::default();
    for stmt in &mut module.body {
        mangler.visit_stmt(stmt);
    }
    mangler.renamed_defs.into_inner()
}

#[derive(Default)]
struct Mangler {
    /// Names of the classes whose bodies enclose the code being visited,
    /// innermost last.
    classes: RefCell<Vec<String>>,
    renamed_defs: RefCell<HashMap<TextSize, Name>>,
}

impl Mangler {
    /// Mangles `id` in place when the innermost class calls for it;
    /// whether it changed.
    fn rename(&self, id: &mut Identifier) -> bool {
        let classes = self.classes.borrow();
        let Some(new) = classes.last().and_then(|class| mangled(class, id.as_str())) else { return false };
        id.id = Name::new(new);
        true
    }

    /// The name a `def` or `class` statement binds; its original is kept.
    fn rename_def(&self, id: &mut Identifier) {
        let original = id.id.clone();
        if self.rename(id) {
            self.renamed_defs.borrow_mut().insert(id.range.start(), original);
        }
    }

    /// The name an import binds: its `as` name, or else the name itself
    /// (bound under its mangled spelling through an added `as`).
    fn rename_import(&self, alias: &mut ast::Alias) {
        match alias.asname.as_mut() {
            Some(asname) => {
                self.rename(asname);
            }
            None if !alias.name.as_str().contains('.') => {
                let classes = self.classes.borrow();
                if let Some(new) = classes.last().and_then(|class| mangled(class, alias.name.as_str())) {
                    alias.asname = Some(Identifier::new(Name::new(new), alias.name.range));
                }
            }
            None => {}
        }
    }

    fn rename_name(&self, id: &mut Name) {
        let classes = self.classes.borrow();
        if let Some(new) = classes.last().and_then(|class| mangled(class, id.as_str())) {
            *id = Name::new(new);
        }
    }
}

impl Transformer for Mangler {
    fn visit_stmt(&self, stmt: &mut Stmt) {
        match stmt {
            Stmt::ClassDef(class) => {
                // The name, decorators and bases belong to the enclosing
                // scope; the body to the class.
                self.rename_def(&mut class.name);
                for decorator in &mut class.decorator_list {
                    self.visit_decorator(decorator);
                }
                if let Some(arguments) = class.arguments.as_deref_mut() {
                    self.visit_arguments(arguments);
                }
                let original = self.renamed_defs.borrow().get(&class.name.range.start()).cloned().unwrap_or_else(|| class.name.id.clone());
                self.classes.borrow_mut().push(original.to_string());
                for stmt in &mut class.body {
                    self.visit_stmt(stmt);
                }
                self.classes.borrow_mut().pop();
            }
            Stmt::FunctionDef(def) => {
                self.rename_def(&mut def.name);
                walk_stmt(self, stmt);
            }
            Stmt::Import(ast::StmtImport { names, .. }) | Stmt::ImportFrom(ast::StmtImportFrom { names, .. }) => {
                for alias in names {
                    self.rename_import(alias);
                }
            }
            Stmt::Global(ast::StmtGlobal { names, .. }) | Stmt::Nonlocal(ast::StmtNonlocal { names, .. }) => {
                for name in names {
                    self.rename(name);
                }
            }
            _ => walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&self, expr: &mut Expr) {
        match expr {
            Expr::Name(name) => self.rename_name(&mut name.id),
            Expr::Attribute(attribute) => {
                self.rename(&mut attribute.attr);
            }
            _ => {}
        }
        walk_expr(self, expr);
    }

    fn visit_parameter(&self, parameter: &mut ast::Parameter) {
        self.rename(&mut parameter.name);
        walk_parameter(self, parameter);
    }

    fn visit_except_handler(&self, handler: &mut ast::ExceptHandler) {
        let ast::ExceptHandler::ExceptHandler(h) = handler;
        if let Some(name) = h.name.as_mut() {
            self.rename(name);
        }
        walk_except_handler(self, handler);
    }

    fn visit_pattern(&self, pattern: &mut Pattern) {
        match pattern {
            Pattern::MatchAs(ast::PatternMatchAs { name: Some(name), .. }) | Pattern::MatchStar(ast::PatternMatchStar { name: Some(name), .. }) => {
                self.rename(name);
            }
            Pattern::MatchMapping(ast::PatternMatchMapping { rest: Some(rest), .. }) => {
                self.rename(rest);
            }
            _ => {}
        }
        walk_pattern(self, pattern);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_mangled_as_cpython_does() {
        assert_eq!(mangled("D", "__p").as_deref(), Some("_D__p"));
        assert_eq!(mangled("_D", "__p").as_deref(), Some("_D__p"));
        assert_eq!(mangled("__Inner", "__z").as_deref(), Some("_Inner__z"));
        assert_eq!(mangled("D", "__init__"), None);
        assert_eq!(mangled("D", "_p"), None);
        assert_eq!(mangled("___", "__w"), None);
    }

    fn names_after(text: &str) -> (Vec<String>, HashMap<TextSize, Name>) {
        let mut module = ruff_python_parser::parse_module(text).expect("valid").into_syntax();
        let renamed = mangle_module(&mut module);
        let mut names = Vec::new();
        crate::source::visit_stmts(&module.body, &mut |s| match s {
            Stmt::FunctionDef(d) => names.push(d.name.to_string()),
            Stmt::ClassDef(c) => names.push(c.name.to_string()),
            Stmt::Assign(a) => {
                for t in &a.targets {
                    match t {
                        Expr::Name(n) => names.push(n.id.to_string()),
                        Expr::Attribute(at) => names.push(at.attr.to_string()),
                        _ => {}
                    }
                }
            }
            _ => {}
        });
        (names, renamed)
    }

    #[test]
    fn imports_bind_mangled_names() {
        let mut module = ruff_python_parser::parse_module(
            "class D:\n    def m(self):\n        import math as __m\n        from math import __f, floor as __g\n        import __a.b\n",
        )
        .expect("valid")
        .into_syntax();
        mangle_module(&mut module);
        let Stmt::ClassDef(class) = &module.body[0] else { panic!("a class") };
        let Stmt::FunctionDef(def) = &class.body[0] else { panic!("a method") };
        let bound: Vec<Vec<(String, Option<String>)>> = def
            .body
            .iter()
            .map(|s| {
                let names = match s {
                    Stmt::Import(i) => &i.names,
                    Stmt::ImportFrom(i) => &i.names,
                    _ => panic!("imports only"),
                };
                names.iter().map(|a| (a.name.to_string(), a.asname.as_ref().map(|n| n.to_string()))).collect()
            })
            .collect();
        assert_eq!(
            bound,
            [
                vec![("math".to_string(), Some("_D__m".to_string()))],
                vec![("__f".to_string(), Some("_D__f".to_string())), ("floor".to_string(), Some("_D__g".to_string()))],
                vec![("__a.b".to_string(), None)],
            ]
        );
    }

    #[test]
    fn a_class_body_and_its_methods_see_mangled_names() {
        let (names, renamed) = names_after(
            "class D:\n    __cv = 1\n    def __f(self, __a):\n        self.__p = __a\n        __q = 2\n    class __Inner:\n        __z = 3\n__top = 4\n",
        );
        assert_eq!(names, ["D", "_D__cv", "_D__f", "_D__p", "_D__q", "_D__Inner", "_Inner__z", "__top"]);
        let mut originals: Vec<String> = renamed.values().map(|n| n.to_string()).collect();
        originals.sort();
        assert_eq!(originals, ["__Inner", "__f"]);
    }
}
