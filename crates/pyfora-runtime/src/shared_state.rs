//! Whether parallel work may share an iterator.
//!
//! Values are immutable or uniquely held when mutated in place, so pieces
//! of a comprehension and the two calls of a forked pair can run at once,
//! except for one kind of shared state: an iterator (or generator object)
//! advances on `next()` wherever it is reached from. Two pieces advancing
//! one iterator would each take items the sequential program hands out in
//! order (`[next(it) for _ in range(n)]`), so work that can reach an
//! iterator it did not create runs in order instead.

use crate::value::Value;

/// Most values [`reaches_iterator`] looks at: a large container of numbers
/// is not scanned whole on every parallel loop (an iterator hidden past
/// this many values of captured data is not found).
const BUDGET: usize = 4096;

/// Whether an iterator is reachable from any of `values`: through the
/// items of tuples, lists, sets and dicts, the attributes of instances and
/// classes, bound methods, and the closures and defaults of functions.
pub fn reaches_iterator<'v>(values: impl IntoIterator<Item = &'v Value>) -> bool {
    let mut budget = BUDGET;
    values.into_iter().any(|v| reaches(v, &mut budget, 0))
}

/// Deepest nesting followed (cycles through classes and closures end
/// here).
const MAX_DEPTH: u32 = 16;

fn reaches(v: &Value, budget: &mut usize, depth: u32) -> bool {
    if *budget == 0 || depth > MAX_DEPTH {
        return false;
    }
    *budget -= 1;
    let next = depth + 1;
    match v {
        Value::Iterator(_) => true,
        Value::Tuple(items) | Value::List(items) => any(items.iter(), budget, next),
        Value::Dict(d) => any(d.iter().flat_map(|(k, v)| [&k.value, v]), budget, next),
        Value::DictView(view) => any(view.dict.iter().flat_map(|(k, v)| [&k.value, v]), budget, next),
        Value::Set(s) | Value::FrozenSet(s) => any(s.iter().map(|k| &k.value), budget, next),
        Value::Instance(inst) => any(inst.attrs_snapshot().iter(), budget, next) || reaches(&Value::Class(inst.class.clone()), budget, next),
        Value::Class(class) => any(class.namespace.iter().map(|(_, v)| v), budget, next),
        Value::Function(f) => {
            let cells: Vec<Value> = f.closure.iter().map(|c| c.get()).collect();
            any(cells.iter().chain(&f.defaults).chain(f.kwdefaults.iter().map(|(_, v)| v)), budget, next)
        }
        Value::BoundMethod(pair) => reaches(&pair.0, budget, next) || reaches(&pair.1, budget, next),
        Value::BuiltinMethod(pair) => reaches(&pair.0, budget, next),
        Value::StaticMethod(f) | Value::ClassMethod(f) => reaches(f, budget, next),
        Value::Property(p) => reaches(&p.fget, budget, next) || reaches(&p.fset, budget, next),
        Value::Super(pair) => reaches(&pair.1, budget, next),
        _ => false,
    }
}

/// Whether any of `items` reaches an iterator.
fn any<'v>(items: impl Iterator<Item = &'v Value>, budget: &mut usize, depth: u32) -> bool {
    for x in items {
        if *budget == 0 {
            return false;
        }
        if reaches(x, budget, depth) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iterator() -> Value {
        crate::iter::iter(&Value::list(vec![Value::Int(1)])).expect("a list is iterable")
    }

    #[test]
    fn an_iterator_inside_containers_is_found() {
        assert!(reaches_iterator([&iterator()]));
        let nested = Value::tuple(vec![Value::Int(1), Value::list(vec![Value::None, iterator()])]);
        assert!(reaches_iterator([&nested]));
    }

    #[test]
    fn plain_data_has_none() {
        let data = Value::list((0..10_000).map(Value::Int).collect());
        assert!(!reaches_iterator([&data, &Value::Float(1.0), &Value::str("abc")]));
    }
}
