"""Source and code inspection helpers (no engine involved).

* :func:`getSourceOfCode` finds the file text behind a code object (via
  :mod:`linecache`, so IPython cells and zip imports work too).
* :func:`globalNamesOfCode` lists the global names a code object reads,
  including those read by nested code (comprehensions, inner functions, classes).
* :func:`findClassDefinition` locates a class's ``class`` statement in its file.
* :func:`findWithStatement` locates the ``with`` statement a frame is executing.
"""
from __future__ import annotations

import ast
import dis
import functools
import inspect
import linecache
import os
import symtable
import threading
import types
import weakref
from typing import Any, Dict, FrozenSet, Iterable, List, NamedTuple, Optional, Set, Tuple

__all__ = [
    "getSourceOfCode",
    "getSourceOfPath",
    "parseSource",
    "globalNamesOfCode",
    "findClassDefinition",
    "classBodyLoadedNames",
    "findWithStatement",
    "WithStatement",
    "firstLineOf",
]

# Opcodes that read a global (functions) or a name resolved through globals
# (class bodies, module code).
_GLOBAL_READ_OPS = frozenset(["LOAD_GLOBAL", "LOAD_NAME", "LOAD_FROM_DICT_OR_GLOBALS"])


def getSourceOfPath(path: str, moduleGlobals: Optional[Dict[str, Any]] = None) -> Optional[str]:
    """The text of the file ``path`` as :mod:`linecache` knows it, or None
    (read again when the file changed on disk: a module edited and
    reloaded runs its new code)."""
    linecache.checkcache(path)
    lines = linecache.getlines(path, moduleGlobals)
    if not lines:
        return None
    return "".join(lines)


# Sources found per code object, checked against the file's size and
# modification time: a repeat submission of the same function costs one
# `stat` instead of the inspect and linecache lookups. Keyed by identity
# (code objects of different files compare equal when their contents do);
# an `RLock`, as the weakref callback may run from a garbage collection
# that starts while the lock is held.
_sourceLock = threading.RLock()
_sourceCache: Dict[int, Tuple["weakref.ref[types.CodeType]", str, str, Optional[Tuple[int, int]]]] = {}


def _forgetSource(key: int, ref: "weakref.ref[types.CodeType]") -> None:
    with _sourceLock:
        entry = _sourceCache.get(key)
        if entry is not None and entry[0] is ref:
            del _sourceCache[key]


def _fileStamp(path: str) -> Optional[Tuple[int, int]]:
    """``(mtime_ns, size)`` of ``path``; None when it is not a file."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_mtime_ns, st.st_size


def getSourceOfCode(
    code: types.CodeType, moduleGlobals: Optional[Dict[str, Any]] = None
) -> Tuple[str, Optional[str]]:
    """``(path, text)`` of the file that defines ``code``; ``text`` is None when
    the source is not available (code typed at the interactive prompt, built
    with ``exec`` from a string, a missing file...)."""
    key = id(code)
    with _sourceLock:
        known = _sourceCache.get(key)
    if known is not None and known[0]() is code and known[3] is not None and _fileStamp(known[1]) == known[3]:
        return known[1], known[2]
    path, text = _findSourceOfCode(code, moduleGlobals)
    if text is not None:
        ref = weakref.ref(code, lambda ref, key=key: _forgetSource(key, ref))
        with _sourceLock:
            _sourceCache[key] = (ref, path, text, _fileStamp(path))
    return path, text


def _findSourceOfCode(code: types.CodeType, moduleGlobals: Optional[Dict[str, Any]]) -> Tuple[str, Optional[str]]:
    path: Optional[str] = None
    try:
        path = inspect.getsourcefile(code)
    except TypeError:
        path = None
    if path is None:
        path = code.co_filename
    return path, getSourceOfPath(path, moduleGlobals)


_parseLock = threading.Lock()
_parseCache: Dict[str, Tuple[str, ast.Module]] = {}


def parseSource(path: str, text: str) -> ast.Module:
    """Parse ``text`` (the content of ``path``), caching the tree per path."""
    with _parseLock:
        cached = _parseCache.get(path)
        if cached is not None and cached[0] is text:
            return cached[1]
        if cached is not None and cached[0] == text:
            return cached[1]
    tree = ast.parse(text, filename=path)
    with _parseLock:
        _parseCache[path] = (text, tree)
    return tree


@functools.lru_cache(maxsize=8192)
def globalNamesOfCode(code: types.CodeType) -> FrozenSet[str]:
    """Names ``code`` (and the code nested in it) reads through its globals.

    Attribute names (``x.append``) are not included: only names read by
    ``LOAD_GLOBAL`` / ``LOAD_NAME`` style instructions.
    """
    names = set()
    for instruction in dis.get_instructions(code):
        if instruction.opname in _GLOBAL_READ_OPS and isinstance(instruction.argval, str):
            names.add(instruction.argval)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= globalNamesOfCode(const)
    return frozenset(names)


@functools.lru_cache(maxsize=8192)
def globalReadLines(code: types.CodeType) -> Dict[str, int]:
    """The line of the first read of each global name in ``code`` (and the
    code nested in it), for errors about a global to point at its use.
    Cached per code object; the caller must not change the dict."""
    lines: Dict[str, int] = {}
    pending = [code]
    while pending:
        current = pending.pop(0)
        for instruction, line in _instructionLines(current):
            if instruction.opname in _GLOBAL_READ_OPS and isinstance(instruction.argval, str):
                lines.setdefault(instruction.argval, line)
        pending.extend(c for c in current.co_consts if isinstance(c, types.CodeType))
    return lines


def lineOfInstruction(code: types.CodeType, offset: int) -> Optional[int]:
    """The source line of ``code``'s instruction at ``offset``."""
    for instruction, line in _instructionLines(code):
        if instruction.offset == offset:
            return line
    return None


def _instructionLines(code: types.CodeType) -> Iterable[Tuple[dis.Instruction, int]]:
    """Each instruction of ``code`` with its source line (from 3.11 its
    position's; before, the last line start seen)."""
    line = code.co_firstlineno
    for instruction in dis.get_instructions(code):
        positions = getattr(instruction, "positions", None)
        if positions is not None and positions.lineno is not None:
            yield instruction, positions.lineno
            continue
        start = instruction.starts_line
        if isinstance(start, int) and not isinstance(start, bool):
            line = start
        yield instruction, line


_ATTRIBUTE_READ_OPS = frozenset(["LOAD_ATTR", "LOAD_METHOD"])

# The global name under which the module of an `import NAME` statement in
# remote code is shipped (the engine's `IMPORT_PREFIX`).
IMPORT_PREFIX = "__pyfora_module__:"


@functools.lru_cache(maxsize=8192)
def importsOfCode(code: types.CodeType) -> Tuple[FrozenSet[str], FrozenSet[str]]:
    """The modules ``code`` (and the code nested in it) imports by absolute
    name (``import a.b`` gives ``a`` and ``a.b``), and every attribute name
    it reads or imports from a module (what of an imported module of the
    user's own is shipped). Cached per code object."""
    modules: Set[str] = set()
    attributes: Set[str] = set()
    instructions = list(dis.get_instructions(code))
    for index, instruction in enumerate(instructions):
        if instruction.opname == "IMPORT_NAME" and isinstance(instruction.argval, str) and instruction.argval:
            # `IMPORT_NAME` takes the level pushed two instructions before:
            # relative imports are not the user's modules by that name.
            level = instructions[index - 2] if index >= 2 else None
            if level is not None and level.opname == "LOAD_CONST" and level.argval not in (0, None):
                continue
            parts = instruction.argval.split(".")
            modules.update(".".join(parts[: i + 1]) for i in range(len(parts)))
        elif instruction.opname in _ATTRIBUTE_READ_OPS or instruction.opname == "IMPORT_FROM":
            if isinstance(instruction.argval, str):
                attributes.add(instruction.argval)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            nested_modules, nested_attributes = importsOfCode(const)
            modules |= nested_modules
            attributes |= nested_attributes
    return frozenset(modules), frozenset(attributes)


def importsInLines(path: str, text: str, first: int, last: int) -> Tuple[FrozenSet[str], FrozenSet[str]]:
    """:func:`importsOfCode` for the source lines ``first..last`` of a file
    (a with-block's body), from its syntax tree."""
    modules: Set[str] = set()
    attributes: Set[str] = set()
    for node in ast.walk(parseSource(path, text)):
        if not first <= getattr(node, "lineno", 0) <= last:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                modules.update(".".join(parts[: i + 1]) for i in range(len(parts)))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
            attributes.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Attribute):
            attributes.add(node.attr)
    return frozenset(modules), frozenset(attributes)


@functools.lru_cache(maxsize=8192)
def attributeChainsOfCode(code: types.CodeType) -> Dict[str, FrozenSet[Tuple[str, ...]]]:
    """For each name ``code`` (and the code nested in it) reads through its
    globals, the attribute names it reads on it in a row: ``util.scale(x)``
    and ``pkg.util.scale(x)`` give ``{'util': {('scale',)}, 'pkg':
    {('util', 'scale')}}``. Cached per code object (the result must not be
    changed)."""
    chains: Dict[str, Set[Tuple[str, ...]]] = {}
    instructions = list(dis.get_instructions(code))
    for index, instruction in enumerate(instructions):
        if instruction.opname not in _GLOBAL_READ_OPS or not isinstance(instruction.argval, str):
            continue
        chain: List[str] = []
        for following in instructions[index + 1 :]:
            if following.opname not in _ATTRIBUTE_READ_OPS or not isinstance(following.argval, str):
                break
            chain.append(following.argval)
        if chain:
            chains.setdefault(instruction.argval, set()).add(tuple(chain))
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            for name, more in attributeChainsOfCode(const).items():
                chains.setdefault(name, set()).update(more)
    # Cached and shared between callers: frozen.
    return {name: frozenset(more) for name, more in chains.items()}


@functools.lru_cache(maxsize=1024)
def attributeChainsInLines(path: str, text: str, first: int, last: int) -> Dict[str, FrozenSet[Tuple[str, ...]]]:
    """:func:`attributeChainsOfCode` for the source lines ``first..last`` of a
    file (a with-block's body), from its syntax tree. Cached (the result
    must not be changed)."""
    chains: Dict[str, Set[Tuple[str, ...]]] = {}
    for node in ast.walk(parseSource(path, text)):
        if not isinstance(node, ast.Attribute) or not first <= node.lineno <= last:
            continue
        chain: List[str] = []
        value: ast.expr = node
        while isinstance(value, ast.Attribute):
            chain.append(value.attr)
            value = value.value
        if isinstance(value, ast.Name):
            chains.setdefault(value.id, set()).add(tuple(reversed(chain)))
    return {name: frozenset(more) for name, more in chains.items()}


def _lambdaParams(node: ast.Lambda) -> List[str]:
    args = node.args
    names = [a.arg for a in args.posonlyargs + args.args]
    if args.vararg is not None:
        names.append(args.vararg.arg)
    names += [a.arg for a in args.kwonlyargs]
    if args.kwarg is not None:
        names.append(args.kwarg.arg)
    return names


# Instructions that differ between a lambda compiled in its scope and the
# same lambda compiled alone (closure set-up, free variables read as globals).
_SCOPE_ONLY_OPCODES = frozenset({"RESUME", "COPY_FREE_VARS", "MAKE_CELL", "PUSH_NULL", "NOP", "CACHE", "PRECALL", "EXTENDED_ARG"})
_NAME_LOADS = frozenset({"LOAD_GLOBAL", "LOAD_NAME", "LOAD_DEREF", "LOAD_CLASSDEREF", "LOAD_FROM_DICT_OR_DEREF", "LOAD_FROM_DICT_OR_GLOBALS"})


def _codeFingerprint(code: types.CodeType) -> Tuple[Any, ...]:
    out: List[Any] = []
    for instruction in dis.get_instructions(code):
        name = instruction.opname
        if name in _SCOPE_ONLY_OPCODES:
            continue
        value = instruction.argval
        if name in _NAME_LOADS:
            name = "LOAD_NAME"
        if isinstance(value, types.CodeType):
            value = _codeFingerprint(value)
        elif isinstance(value, str) and "<locals>." in value:
            # A qualified name (of a nested comprehension or function):
            # compiled on its own, the lambda has fewer enclosing scopes.
            value = value.rsplit("<locals>.", 1)[1]
        elif not isinstance(value, (str, int, float, bool, type(None), tuple)):
            value = None
        out.append((name, value))
    return tuple(out)


@functools.lru_cache(maxsize=64)
def _lambdasByLine(path: str, text: str) -> Dict[int, List[ast.Lambda]]:
    """The lambdas of a source, by the line they start on, in source order."""
    byLine: Dict[int, List[ast.Lambda]] = {}
    for node in ast.walk(parseSource(path, text)):
        if isinstance(node, ast.Lambda):
            byLine.setdefault(node.lineno, []).append(node)
    for nodes in byLine.values():
        nodes.sort(key=lambda node: node.col_offset)
    return byLine


def lambdaIndex(code: types.CodeType, params: List[str], path: str, text: str) -> int:
    """Which of the lambdas that start on ``code``'s first line and take
    ``params`` (its parameters) ``code`` is, counting in source order (0 when
    there is only one, or when it cannot be told)."""
    candidates = [node for node in _lambdasByLine(path, text).get(code.co_firstlineno, ()) if _lambdaParams(node) == params]
    if len(candidates) < 2:
        return 0
    positions = getattr(code, "co_positions", None)
    if positions is not None:
        # The innermost lambda whose body holds the code's first located instruction.
        for line, _, column, _ in positions():
            if line is None or column is None or (line == code.co_firstlineno and column == 0):
                continue
            inside = [
                index
                for index, node in enumerate(candidates)
                if (node.body.lineno, node.body.col_offset) <= (line, column) < (node.body.end_lineno or 0, node.body.end_col_offset or 0)
            ]
            if inside:
                return max(inside, key=lambda index: (candidates[index].lineno, candidates[index].col_offset))
            break
    wanted = _codeFingerprint(code)
    for index, node in enumerate(candidates):
        try:
            compiled = compile(ast.Expression(body=node), path, "eval")
        except (SyntaxError, ValueError):
            continue
        inner = next((c for c in compiled.co_consts if isinstance(c, types.CodeType)), None)
        if inner is not None and _codeFingerprint(inner) == wanted:
            return index
    return 0


def firstLineOf(node: ast.AST) -> int:
    """First line of a statement, counting its decorators."""
    line = int(getattr(node, "lineno", 0))
    for decorator in getattr(node, "decorator_list", ()) or ():
        line = min(line, decorator.lineno)
    return line


def _lastLineOf(node: ast.AST) -> int:
    end: Optional[int] = getattr(node, "end_lineno", None)
    return end if end else int(getattr(node, "lineno", 0))


_classDefsCache: Dict[int, Tuple[ast.AST, List[Tuple[str, ast.ClassDef]]]] = {}


def _classDefsWithQualnames(tree: ast.AST) -> List[Tuple[str, ast.ClassDef]]:
    """All ClassDef nodes of ``tree`` with the ``__qualname__`` CPython gives
    them (computed once per parsed tree: every submission looks classes up)."""
    with _parseLock:
        cached = _classDefsCache.get(id(tree))
        if cached is not None and cached[0] is tree:
            return cached[1]
    found = _findClassDefs(tree)
    with _parseLock:
        if len(_classDefsCache) > 256:
            _classDefsCache.clear()
        _classDefsCache[id(tree)] = (tree, found)
    return found


def _findClassDefs(tree: ast.AST) -> List[Tuple[str, ast.ClassDef]]:
    found: List[Tuple[str, ast.ClassDef]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                qualname = prefix + child.name
                found.append((qualname, child))
                visit(child, qualname + ".")
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, prefix + child.name + ".<locals>.")
            elif isinstance(child, ast.Lambda):
                visit(child, prefix + "<lambda>.<locals>.")
            else:
                visit(child, prefix)

    visit(tree, "")
    return found


def findClassDefinition(
    cls: type, path: str, text: str, hintLines: Iterable[int] = ()
) -> Optional[ast.ClassDef]:
    """The ``class`` statement that created ``cls`` in the file ``path``.

    Candidates are matched by qualified name; ``hintLines`` (first lines of
    methods known to belong to the class) and, on Python 3.13+,
    ``cls.__firstlineno__`` pick between several definitions.
    """
    tree = parseSource(path, text)
    everything = _classDefsWithQualnames(tree)
    candidates = [node for qualname, node in everything if qualname == cls.__qualname__]
    if not candidates:
        candidates = [node for _, node in everything if node.name == cls.__name__]
    if not candidates:
        return None
    firstLine = cls.__dict__.get("__firstlineno__")
    if isinstance(firstLine, int):
        exact = [node for node in candidates if firstLineOf(node) == firstLine or node.lineno == firstLine]
        if exact:
            return exact[-1]
    hints = list(hintLines)
    if hints and len(candidates) > 1:
        containing = [
            node
            for node in candidates
            if any(firstLineOf(node) <= h <= _lastLineOf(node) for h in hints)
        ]
        if containing:
            candidates = containing
    # Several left: a later definition rebinds the name, so prefer the last one.
    return candidates[-1]


class _ClassBodyNames(ast.NodeVisitor):
    """Names a class statement reads while it executes (its body, bases,
    keywords and decorators), without descending into method bodies or
    annotations, which the class statement does not evaluate for pyfora."""

    def __init__(self) -> None:
        self.names: set = set()
        # Classes whose bodies enclose the code visited, innermost last:
        # private names read there are mangled, as Python's compiler does.
        self.classes: List[str] = []

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self.names.add(mangledName(self.classes[-1], node.id) if self.classes else node.id)

    def _visitFunctionHeader(self, node: Any) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        for default in node.args.defaults:
            self.visit(default)
        for keywordDefault in node.args.kw_defaults:
            if keywordDefault is not None:
                self.visit(keywordDefault)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._visitFunctionHeader(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._visitFunctionHeader(node)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        for default in node.args.defaults:
            self.visit(default)
        for keywordDefault in node.args.kw_defaults:
            if keywordDefault is not None:
                self.visit(keywordDefault)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)
        self.visit(node.target)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        for base in node.bases:
            self.visit(base)
        for keyword in node.keywords:
            self.visit(keyword.value)
        self.classes.append(node.name)
        for statement in node.body:
            self.visit(statement)
        self.classes.pop()


def mangledName(className: str, name: str) -> str:
    """``name`` as Python's compiler spells it inside class ``className``:
    ``__x`` is ``_Class__x`` (leading underscores of the class name
    dropped); dunder names and names in a class named only with
    underscores stay as they are."""
    if not name.startswith("__") or name.endswith("__") or "." in name:
        return name
    stripped = className.lstrip("_")
    return "_%s%s" % (stripped, name) if stripped else name


def classBodyLoadedNames(node: ast.ClassDef) -> FrozenSet[str]:
    """Names the class statement ``node`` reads (see :class:`_ClassBodyNames`)."""
    visitor = _ClassBodyNames()
    visitor.visit(node)
    return frozenset(visitor.names)


def _withHeaderEnd(node: ast.With) -> int:
    end = node.lineno
    for item in node.items:
        end = max(end, _lastLineOf(item.context_expr))
        if item.optional_vars is not None:
            end = max(end, _lastLineOf(item.optional_vars))
    return end


class WithStatement(NamedTuple):
    """Where a ``with`` statement and its body are."""

    line: int  # the line of the ``with`` keyword
    bodyOnHeaderLine: bool  # ``with x: y = 1``
    firstCodeLine: Optional[int]  # first body statement that does something, if any
    lastLine: int  # last line of the statement


def _isTrivialStatement(statement: ast.stmt) -> bool:
    """Statements that compile to no code (``pass``, a docstring, ``...``)."""
    if isinstance(statement, (ast.Pass, ast.Global, ast.Nonlocal)):
        return True
    return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)


@functools.lru_cache(maxsize=4096)
def findWithStatement(path: str, text: str, line: int) -> Optional[WithStatement]:
    """Locate the ``with`` statement whose header contains ``line`` (the line
    a frame reports while calling ``__enter__``, which for a multi-line
    header may be any of its lines). None when no ``with`` header covers it.
    """
    tree = parseSource(path, text)
    best: Optional[ast.With] = None
    for node in ast.walk(tree):
        if not isinstance(node, ast.With):
            continue
        headerEnd = _withHeaderEnd(node)
        bodyStart = firstLineOf(node.body[0])
        if node.lineno <= line <= headerEnd or node.lineno <= line < bodyStart:
            if best is None or node.lineno > best.lineno:
                best = node
    if best is None:
        return None
    return WithStatement(
        line=best.lineno,
        bodyOnHeaderLine=firstLineOf(best.body[0]) <= _withHeaderEnd(best),
        firstCodeLine=_firstCodeLine(best.body),
        lastLine=_lastLineOf(best),
    )


_TRY_STATEMENTS = tuple(t for t in (ast.Try, getattr(ast, "TryStar", None)) if t is not None)


def _firstCodeLine(body: List[ast.stmt]) -> Optional[int]:
    """The line of the first statement of ``body`` that runs code.

    A ``try:`` header is no such line: since Python 3.11 its line event comes
    from an instruction outside every exception handler, so an exception
    raised there would skip the ``with`` statement's ``__exit__``; the first
    statement of the ``try`` body is taken instead.
    """
    for statement in body:
        if _isTrivialStatement(statement):
            continue
        if isinstance(statement, _TRY_STATEMENTS):
            inner = _firstCodeLine(statement.body)
            if inner is not None:
                return inner
            continue
        return firstLineOf(statement)
    return None


@functools.lru_cache(maxsize=64)
def _symbolTable(path: str, text: str) -> Optional[symtable.SymbolTable]:
    try:
        return symtable.symtable(text, path, "exec")
    except SyntaxError:
        return None


def _functionTable(table: symtable.SymbolTable, name: str, firstLine: int) -> Optional[symtable.SymbolTable]:
    """The table of the function ``name`` whose definition starts at
    ``firstLine`` (a decorated one's ``def`` comes after its decorators)."""
    best: Optional[symtable.SymbolTable] = None
    stack = [table]
    while stack:
        current = stack.pop()
        for child in current.get_children():
            stack.append(child)
            if child.get_type() == "function" and child.get_name() == name and child.get_lineno() >= firstLine:
                if best is None or child.get_lineno() < best.get_lineno():
                    best = child
    return best


def isVariableOfFunction(code: types.CodeType, moduleGlobals: Dict[str, Any], name: str) -> bool:
    """Whether ``name`` is a variable of the function of ``code``, not only
    the variable of a comprehension in it (which Python 3.12+ lists among
    the function's own, PEP 709). True when the source cannot tell."""
    path, text = getSourceOfCode(code, moduleGlobals)
    if text is None:
        return True
    table = _symbolTable(path, text)
    function = _functionTable(table, code.co_name, code.co_firstlineno) if table is not None else None
    if function is None:
        return True
    try:
        symbol = function.lookup(name)
    except KeyError:
        return False
    return symbol.is_local() or symbol.is_free()
