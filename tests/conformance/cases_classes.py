"""Conformance cases: user classes (attributes are assigned only in __init__)."""

import functools


class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        if isinstance(other, Vec):
            return Vec(self.x + other.x, self.y + other.y)
        return NotImplemented

    def __radd__(self, other):
        if other == 0:
            return self
        return NotImplemented

    def __sub__(self, other):
        return Vec(self.x - other.x, self.y - other.y)

    def __mul__(self, k):
        if isinstance(k, (int, float)):
            return Vec(self.x * k, self.y * k)
        return NotImplemented

    def __rmul__(self, k):
        return self.__mul__(k)

    def __neg__(self):
        return Vec(-self.x, -self.y)

    def __abs__(self):
        return (self.x * self.x + self.y * self.y) ** 0.5

    def __eq__(self, other):
        return isinstance(other, Vec) and self.x == other.x and self.y == other.y

    def __hash__(self):
        return hash((self.x, self.y))

    def __repr__(self):
        return "Vec(%r, %r)" % (self.x, self.y)

    def as_tuple(self):
        return (self.x, self.y)


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __lt__(self, other):
        return self.cents < other.cents

    def __eq__(self, other):
        return isinstance(other, Money) and self.cents == other.cents

    def __hash__(self):
        return hash(self.cents)

    def __str__(self):
        return "$%d.%02d" % (self.cents // 100, self.cents % 100)


class Bag:
    def __init__(self, *items):
        self.items = tuple(items)

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]

    def __iter__(self):
        for it in self.items:
            yield it

    def __contains__(self, x):
        return x in self.items


class Shape:
    sides = 0

    def __init__(self, name):
        self.name = name

    def describe(self):
        return "%s with %d sides" % (self.name, self.sides)

    def area(self):
        raise NotImplementedError


class Square(Shape):
    sides = 4

    def __init__(self, side):
        super().__init__("square")
        self.side = side

    def area(self):
        return self.side * self.side


class Triangle(Shape):
    sides = 3

    def __init__(self, base, height):
        Shape.__init__(self, "triangle")
        self.base = base
        self.height = height

    def area(self):
        return self.base * self.height / 2


# --- construction and attributes ------------------------------------------------------

def case_class_init_and_attributes():
    v = Vec(1, 2)
    return (v.x, v.y, v.as_tuple())


def case_class_instance_returned():
    return Vec(3, -4)


def case_class_instances_in_containers_returned():
    return [Vec(1, 2), (Vec(0, 0),), {"k": Money(150)}]


def case_class_missing_attribute_raises():
    v = Vec(1, 2)
    return v.z


def case_class_init_wrong_arg_count_raises():
    return Vec(1)


def case_class_class_attribute_vs_instance_attribute():
    class C:
        shared = "class"

        def __init__(self, own):
            self.own = own

    a = C(1)
    b = C(2)
    return (a.shared, b.shared, C.shared, a.own, b.own)


def case_class_instance_attribute_shadows_class_attribute():
    class C:
        value = "class"

        def __init__(self, shadow):
            if shadow:
                self.value = "instance"

    return (C(True).value, C(False).value, C.value)


def case_class_method_calling_other_method():
    class Calc:
        def __init__(self, base):
            self.base = base

        def double(self):
            return self.base * 2

        def quadruple(self):
            return self.double() * 2

    return Calc(5).quadruple()


def case_class_bound_method_as_value():
    v = Vec(2, 3)
    f = v.as_tuple
    g = Vec.as_tuple
    return (f(), g(Vec(4, 5)), list(map(Vec.as_tuple, [Vec(0, 1)])))


def case_class_without_init():
    class Empty:
        def hello(self):
            return "hi"

    e = Empty()
    return (e.hello(), type(e).__name__)


def case_class_init_computes_derived_attributes():
    class Rect:
        def __init__(self, w, h):
            self.w = w
            self.h = h
            self.area = w * h
            self.square = w == h

    r = Rect(3, 4)
    return (r.area, r.square, Rect(2, 2).square)


# --- operators ---------------------------------------------------------------------------------

def case_class_add_sub_mul():
    a = Vec(1, 2)
    b = Vec(10, 20)
    return ((a + b).as_tuple(), (b - a).as_tuple(), (a * 3).as_tuple(), (3 * a).as_tuple(), (-a).as_tuple(), abs(Vec(3, 4)))


def case_class_radd_makes_sum_work():
    vs = [Vec(1, 1), Vec(2, 3), Vec(-1, 0)]
    return sum(vs).as_tuple()


def case_class_unsupported_operand_raises():
    return Vec(1, 2) + 5


def case_class_mul_by_str_not_implemented_raises():
    return Vec(1, 2) * "a"


def case_class_eq_and_hash():
    a = Vec(1, 2)
    b = Vec(1, 2)
    c = Vec(2, 1)
    s = {a, b, c}
    d = {a: "first"}
    return (a == b, a != c, a == (1, 2), len(s), d[b], hash(a) == hash(b))


def case_class_default_eq_is_identity():
    class P:
        def __init__(self, v):
            self.v = v

    a = P(1)
    b = P(1)
    return (a == b, a == a, a != b, len({a, a}))


def case_class_eq_without_hash_is_unhashable_raises():
    class P:
        def __init__(self, v):
            self.v = v

        def __eq__(self, other):
            return self.v == other.v

    return hash(P(1))


def case_class_lt_used_by_sorted_min_max():
    ms = [Money(500), Money(150), Money(999), Money(150)]
    return ([m.cents for m in sorted(ms)], min(ms).cents, max(ms).cents, Money(1) < Money(2), Money(3) > Money(2))


def case_class_missing_le_raises():
    return Money(1) <= Money(2)


def case_class_total_ordering():
    @functools.total_ordering
    class V:
        def __init__(self, n):
            self.n = n

        def __eq__(self, o):
            return self.n == o.n

        def __lt__(self, o):
            return self.n < o.n

    return (V(1) <= V(2), V(2) >= V(2), V(3) > V(1), V(1) >= V(2))


def case_class_reflected_comparison():
    class Lo:
        def __init__(self, n):
            self.n = n

        def __gt__(self, other):
            return self.n > other

    return (5 < Lo(10), 20 < Lo(10))


def case_class_str_and_repr_used_by_builtins():
    m = Money(1234)
    v = Vec(1, 2.5)
    return (str(m), repr(v), str(v), "%s" % m, "{}".format(m), f"{v!r}", str([v]), repr((m is not None, v)))


def case_class_default_repr_contains_class_name():
    class Plain:
        pass

    r = repr(Plain())
    return (r.startswith("<"), "Plain object at" in r)


def case_class_bool_and_len_truthiness():
    class Z:
        def __init__(self, n):
            self.n = n

        def __bool__(self):
            return self.n != 0

    return (bool(Z(0)), bool(Z(3)), bool(Bag()), bool(Bag(1)), "yes" if Bag(0) else "no")


# --- container protocols ------------------------------------------------------------------------

def case_class_len_getitem_iter_contains():
    b = Bag(3, 1, 4, 1, 5)
    return (len(b), b[0], b[-1], b[1:3], list(b), 4 in b, 9 in b, sorted(b), sum(b), [x * 2 for x in b])


def case_class_getitem_only_is_iterable():
    class Squares:
        def __init__(self, n):
            self.n = n

        def __getitem__(self, i):
            if i >= self.n:
                raise IndexError(i)
            return i * i

    sq = Squares(5)
    return (list(sq), 9 in sq, 10 in sq)


def case_class_getitem_with_keys():
    class Table:
        def __init__(self, data):
            self.data = data

        def __getitem__(self, key):
            row, col = key
            return self.data[row][col]

    t = Table([[1, 2], [3, 4]])
    return (t[0, 1], t[1, 0])


def case_class_iter_returns_self_iterator():
    class Countdown:
        def __init__(self, start):
            self.start = start

        def __iter__(self):
            return iter(range(self.start, 0, -1))

    return (list(Countdown(4)), max(Countdown(3)), list(zip(Countdown(2), "ab")))


def case_class_call():
    class Poly:
        def __init__(self, *coeffs):
            self.coeffs = coeffs

        def __call__(self, x):
            total = 0
            for c in self.coeffs:
                total = total * x + c
            return total

    p = Poly(1, 0, -1)
    return (p(0), p(3), list(map(p, [1, 2])), callable(p))


# --- inheritance ---------------------------------------------------------------------------------

def case_class_inheritance_and_super():
    s = Square(3)
    t = Triangle(4, 5)
    return (s.describe(), s.area(), t.describe(), t.area(), s.name, Shape("blob").describe())


def case_class_abstract_method_raises():
    return Shape("x").area()


def case_class_polymorphism():
    shapes = [Square(2), Triangle(3, 4), Square(1)]
    return [(type(s).__name__, s.area()) for s in shapes]


def case_class_super_chain_mro_diamond():
    class A:
        def who(self):
            return ["A"]

    class B(A):
        def who(self):
            return ["B"] + super().who()

    class C(A):
        def who(self):
            return ["C"] + super().who()

    class D(B, C):
        def who(self):
            return ["D"] + super().who()

    return (D().who(), [k.__name__ for k in D.__mro__])


def case_class_method_override_and_parent_call():
    class Base:
        def greet(self):
            return "base"

        def run(self):
            return "run:" + self.greet()

    class Child(Base):
        def greet(self):
            return "child+" + Base.greet(self)

    return (Base().run(), Child().run())


def case_class_inherited_init():
    class Base:
        def __init__(self, v):
            self.v = v

    class Child(Base):
        def get(self):
            return self.v * 2

    return Child(21).get()


def case_class_isinstance_issubclass():
    s = Square(1)
    return (isinstance(s, Square), isinstance(s, Shape), isinstance(s, Triangle), isinstance(s, (Triangle, Shape)),
            issubclass(Square, Shape), issubclass(Shape, Square), issubclass(Square, object), isinstance(s, object),
            issubclass(Square, (Triangle, Square)))


def case_class_type_name_and_identity():
    s = Square(2)
    return (type(s).__name__, s.__class__.__name__, type(s) is Square, type(s) is Shape, type(s) == Square)


# --- staticmethod, classmethod, property ------------------------------------------------------------

class Temperature:
    scale = "C"

    def __init__(self, celsius):
        self.celsius = celsius

    @property
    def fahrenheit(self):
        return self.celsius * 9 / 5 + 32

    @classmethod
    def from_fahrenheit(cls, f):
        return cls((f - 32) * 5 / 9)

    @classmethod
    def describe_scale(cls):
        return cls.__name__ + ":" + cls.scale

    @staticmethod
    def is_freezing(c):
        return c <= 0


class Kelvin(Temperature):
    scale = "K"


def case_class_property():
    t = Temperature(100)
    return (t.fahrenheit, Temperature(-40).fahrenheit)


def case_class_classmethod_alternate_constructor():
    t = Temperature.from_fahrenheit(212)
    k = Kelvin.from_fahrenheit(32)
    return (t.celsius, type(t).__name__, type(k).__name__, k.celsius, Kelvin.describe_scale(), Temperature(0).describe_scale())


def case_class_staticmethod():
    return (Temperature.is_freezing(-1), Temperature(5).is_freezing(5), Kelvin.is_freezing(0))


def case_class_hasattr_getattr():
    t = Temperature(10)
    return (hasattr(t, "celsius"), hasattr(t, "nope"), getattr(t, "celsius"), getattr(t, "nope", "dflt"),
            getattr(t, "fahrenheit"), hasattr(Temperature, "from_fahrenheit"))


def case_class_getattr_missing_without_default_raises():
    return getattr(Temperature(1), "kelvin")


def case_class_dunder_dict_of_instance():
    t = Temperature(7)
    s = Square(2)
    return (vars(t), s.__dict__)


def case_class_nested_class_definitions_in_function():
    def make(k):
        class Local:
            factor = k

            def __init__(self, v):
                self.v = v

            def scaled(self):
                return self.v * self.factor

        return Local

    A = make(2)
    B = make(10)
    return (A(3).scaled(), B(3).scaled(), A.factor, B.factor)


def case_class_linked_list_immutable():
    class Node:
        def __init__(self, value, nxt):
            self.value = value
            self.nxt = nxt

    head = None
    for v in range(5):
        head = Node(v, head)
    out = []
    node = head
    while node is not None:
        out.append(node.value)
        node = node.nxt
    return out


def case_class_tree_recursion():
    class Tree:
        def __init__(self, value, children=()):
            self.value = value
            self.children = tuple(children)

        def total(self):
            return self.value + sum(c.total() for c in self.children)

        def depth(self):
            return 1 + max((c.depth() for c in self.children), default=0)

    t = Tree(1, [Tree(2, [Tree(4)]), Tree(3)])
    return (t.total(), t.depth())


def case_class_operator_chain_returns_instance():
    return (Vec(1, 1) + Vec(2, 2)) * 2 - Vec(1, 0)


def case_class_immutable_update_returns_new():
    class Point:
        def __init__(self, x, y):
            self.x = x
            self.y = y

        def moved(self, dx, dy):
            return Point(self.x + dx, self.y + dy)

    p = Point(0, 0)
    q = p.moved(1, 2).moved(3, 4)
    return ((p.x, p.y), (q.x, q.y))


class _BoolReturnsInt:
    def __bool__(self):
        return 1


class _LenReturnsStr:
    def __len__(self):
        return "x"


class _OwnFormat:
    def __format__(self, spec):
        return "fmt[" + spec + "]"

    def __str__(self):
        return "str"


def case_bool_dunder_returning_an_int_raises():
    return bool(_BoolReturnsInt())


def case_len_dunder_returning_a_string_in_a_condition_raises():
    return 1 if _LenReturnsStr() else 0


def case_fstring_uses_format_dunder():
    o = _OwnFormat()
    return (f"{o}", f"{o:>4}", "{}".format(o), format(o), str(o), f"{o!s}", f"{'é€'!a}", f"{'x'!r:>5}")


class _EqYes:
    def __eq__(self, other):
        return "yes"


class _LtText:
    def __lt__(self, other):
        return "lt"


class _EqNotImplemented:
    def __eq__(self, other):
        return NotImplemented


class _Plain:
    pass


class _GeOnly:
    def __ge__(self, other):
        return "ge"


class _Base:
    def __add__(self, other):
        return "Base.add"

    def __eq__(self, other):
        return "Base.eq"


class _Derived(_Base):
    def __radd__(self, other):
        return "Derived.radd"

    def __eq__(self, other):
        return "Derived.eq"


class _Accumulator:
    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        return _Accumulator(self.v + other)

    def __iadd__(self, other):
        return _Accumulator(self.v + 100 * other)


class _OnlyEq:
    def __init__(self, k):
        self.k = k

    def __eq__(self, other):
        return isinstance(other, _OnlyEq) and self.k == other.k

    __hash__ = None


def case_rich_comparisons_return_what_the_method_returns():
    e = _EqYes()
    p = _EqNotImplemented()
    return (e == 1, 1 == e, _LtText() < 3, 3 > _LtText(), p == p, p == _EqNotImplemented(), p != p, _Plain() <= _GeOnly())


def case_subclass_reflected_methods_go_first():
    return (_Base() + _Derived(), _Base() == _Derived(), _Derived() == _Base())


def case_augmented_assignment_calls_iadd():
    m = _Accumulator(1)
    m += 1
    n = _Accumulator(1)
    n = n + 1
    return (m.v, n.v)


def case_not_equal_inverts_a_defined_eq():
    return (_OnlyEq(1) != _OnlyEq(1), _OnlyEq(1) != _OnlyEq(2), _OnlyEq(1) != 3, [_OnlyEq(1)] == [_OnlyEq(1)], _OnlyEq(2) in [_OnlyEq(1), _OnlyEq(2)])


def case_ordering_instances_without_methods_raises():
    return _Plain() < _Plain()


def case_class_in_function_attribute_does_not_hide_enclosing_variable_from_methods():
    v = 10

    class K:
        v = 3

        def get(self):
            return v

    return (K().get(), K.v, v)


def case_class_in_function_lambda_and_comprehension_see_enclosing_names():
    w = "outer"

    class K:
        w = "class"
        g = staticmethod(lambda: w)
        ys = [w for _ in range(2)]
        first = [c for c in w]

    return (K.g(), K.ys, K.first, K.w)


def case_class_body_comprehension_does_not_see_class_names():
    class K:
        y = 10
        try:
            zs = [x + y for x in range(3)]
        except NameError:
            zs = "NameError"

    return K.zs


# --- found by differential testing -------------------------------------------


class _OnlySub:
    def __sub__(self, o):
        return NotImplemented

    def __rsub__(self, o):
        return "rsub"


def case_class_reflected_operator_not_tried_for_the_same_class_raises():
    return _OnlySub() - _OnlySub()


def case_class_reflected_operator_tried_for_another_class():
    return (1 - _OnlySub(), "x" - _OnlySub())


class _BigHash:
    def __init__(self, h):
        self.h = h

    def __hash__(self):
        return self.h

    def __eq__(self, other):
        return isinstance(other, _BigHash) and self.h == other.h


def case_class_hash_returning_big_or_minus_one_is_reduced():
    return (hash(_BigHash(2**70)), hash(_BigHash(-1)), hash(_BigHash(-(2**65))), len({_BigHash(2**70), _BigHash(2**70), _BigHash(3)}))


class _HashStr:
    def __hash__(self):
        return "x"


def case_class_hash_returning_str_raises():
    return hash(_HashStr())


class _HugeLen:
    def __len__(self):
        return 2**64


def case_class_len_beyond_64_bits_raises():
    return len(_HugeLen())


class _FormatInt:
    def __format__(self, spec):
        return 3


def case_class_format_returning_non_str_raises():
    return format(_FormatInt())


class _IntStr:
    def __int__(self):
        return "x"


def case_class_int_returning_non_int_raises():
    return int(_IntStr())


class _Ix:
    def __index__(self):
        return 3


def case_class_float_through_index():
    return (float(_Ix()), int(_Ix()))


class _Ord:
    def __init__(self, v):
        self.v = v

    def __lt__(self, o):
        return self.v < o.v

    def __repr__(self):
        return "Ord"


def case_class_sorted_by_instance_key_with_repr():
    return ([o.v for o in sorted([_Ord(2), _Ord(1), _Ord(3)], key=lambda o: o)], max([_Ord(2), _Ord(5)], key=lambda o: o).v)


def case_class_int_constructor_three_arguments_raises():
    return int("11", 2, 99)


def case_class_float_constructor_two_arguments_raises():
    return float(1, 2)


def case_class_chr_of_huge_int_raises():
    return chr(10**30)


def case_class_builtin_exception_keyword_arguments_raises():
    return ValueError(x=1)


class _MyError(Exception):
    pass


def case_class_user_exception_without_init_keyword_raises():
    return _MyError("a", code=2)


def case_class_exceptions_taking_keywords():
    e = AttributeError("no", name="attr", obj=None)
    return (e.args, NameError("n", name="x").args, _MyError("a", 1).args)


def case_class_subscripting_a_non_generic_builtin_type_raises():
    return int[0]


def case_class_bound_methods_compare_by_receiver_and_function():
    k = _Ord(1)
    j = _Ord(1)
    return (k.__lt__ == k.__lt__, k.__lt__ == j.__lt__, k.__lt__ != k.__lt__)


class _ReadOnly:
    def __init__(self):
        self.x = 5

    @property
    def x(self):
        return 1


def case_class_assigning_a_property_without_setter_raises():
    return _ReadOnly().x


class _MroBase:
    pass


class _MroDerived(_MroBase):
    pass


def case_class_inconsistent_mro_raises():
    class Bad(_MroBase, _MroDerived):
        pass

    return Bad


def case_class_duplicate_base_raises():
    class Twice(_MroBase, _MroBase):
        pass

    return Twice


class _StrOnly:
    def __str__(self):
        return "S"

    def __repr__(self):
        raise KeyError("repr called")


def case_class_percent_mapping_uses_only_the_keyed_values():
    return ("%(k)s and %(k)s" % {"k": _StrOnly()}, "%(a)d%%" % {"a": 5})


# --- hashing, identity and protocols met in ordinary code ------------------------------


class _HashStr:
    """Hashes and compares as the string it wraps."""

    def __init__(self, s):
        self.s = s

    def __hash__(self):
        return hash(self.s)

    def __eq__(self, other):
        return other == self.s if isinstance(other, str) else self.s == other.s


class _HashOf:
    def __init__(self, k):
        self.k = k

    def __hash__(self):
        return self.k


def case_hash_delegated_to_a_string_or_tuple_finds_the_builtin_key():
    return (
        _HashStr("x") in {"x"},
        {"x": 1}.get(_HashStr("x")),
        hash(_HashStr("abc")) == hash("abc"),
        len({"x"} | {_HashStr("x")}),
        hash(_HashOf(2**61 - 1)),
        hash(_HashOf(2**61)),
        hash(_HashOf(-1)),
        hash(_HashOf(2**64 + 5)),
    )


class _NeverEqual:
    def __eq__(self, other):
        return False

    def __hash__(self):
        return 7


def case_the_same_object_is_always_its_own_key():
    x = _NeverEqual()
    xs = [x, 1]
    xs.remove(x)
    return {x: 1}[x], x in {x}, len({x, x}), xs, x in [x], [x] == [x], x == x


class _FormatsItself:
    def __rmod__(self, other):
        return ("rmod", other)

    def __str__(self):
        return "formatted"


def case_str_percent_formats_and_never_calls_rmod():
    return "%s|%r" % (_FormatsItself(), 1), "%s" % _FormatsItself(), 5 % _FormatsItself()


def case_str_percent_without_placeholder_raises():
    return "x" % _FormatsItself()


class _PassesOn:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)


def case_object_init_with_leftover_arguments_raises():
    return _PassesOn(x=1)


def case_object_init_with_no_leftover_arguments():
    return type(_PassesOn()).__name__


@functools.total_ordering
class _Version:
    def __init__(self, n):
        self.n = n

    def __eq__(self, other):
        return self.n == other.n

    def __lt__(self, other):
        return self.n < other.n


def case_total_ordering_on_a_module_level_class():
    a, b = _Version(1), _Version(2)
    return a >= b, a <= b, b > a, a < b, sorted([b, a])[0].n, max(a, b).n


class _Lookup:
    """A mapping by CPython's test: `keys()` and `__getitem__`."""

    def __getitem__(self, k):
        return k * 2

    def keys(self):
        return ["a", "b"]


def _keywords(**kw):
    return kw


def case_objects_with_keys_are_mappings():
    d = {"z": 0}
    d.update(_Lookup())
    return dict(_Lookup()), {**_Lookup(), "c": 1}, _keywords(**_Lookup()), d


def case_double_star_of_a_non_mapping_raises():
    return {**[1, 2]}


class _Temperature:
    def __init__(self, celsius):
        self._c = celsius

    @property
    def celsius(self):
        return self._c

    @celsius.setter
    def celsius(self, value):
        raise ValueError("read-only here")

    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32


def case_class_whose_property_has_a_setter_reads_it():
    t = _Temperature(25)
    return t.celsius, t.fahrenheit


class _Record:
    def __init__(self, key):
        self.key = key

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return False
        return self.key == other.key

    def __hash__(self):
        return hash(self.key)


def case_class_attribute_of_builtin_values():
    return (
        (5).__class__.__name__,
        "s".__class__ is str,
        [].__class__ is list,
        (1.5).__class__.__name__,
        None.__class__.__name__,
        _Record(1) == 5,
        _Record(1) == _Record(1),
        _Record(1).__class__.__name__,
    )


class _Settings:
    def __init__(self, **options):
        for name, value in sorted(options.items()):
            setattr(self, name, value)


def case_setattr_in_init_and_getattr():
    s = _Settings(alpha=1, beta="two")
    return s.alpha, getattr(s, "beta"), hasattr(s, "gamma")


class _HashBase:
    def __hash__(self):
        return 1


class _EqOnly(_HashBase):
    def __eq__(self, other):
        return True


class _EqAndHash(_HashBase):
    def __eq__(self, other):
        return True

    __hash__ = _HashBase.__hash__


def case_eq_without_hash_makes_a_subclass_unhashable():
    try:
        hash(_EqOnly())
        hashed = "hashed"
    except TypeError:
        hashed = "TypeError"
    return _EqOnly.__hash__ is None, hashed, hash(_EqAndHash()), len({_HashBase(), _HashBase()})


def case_eq_without_hash_defined_remotely_is_unhashable():
    class Base:
        def __hash__(self):
            return 7

    class Child(Base):
        def __eq__(self, other):
            return isinstance(other, Child)

    try:
        {Child(): 1}
        return "hashable"
    except TypeError:
        return Child.__hash__ is None, hash(Base())


class _Constant:
    def __init__(self, value):
        self.value = value

    def __get__(self, obj, owner=None):
        if obj is None:
            return ("through the class", owner.__name__, self.value)
        return ("through an instance", type(obj).__name__, self.value)


class _WithDescriptor:
    answer = _Constant(42)

    def __init__(self, shadow):
        self.shadow = shadow


def case_descriptor_get_is_called_through_instances_and_classes():
    x = _WithDescriptor(1)
    return x.answer, _WithDescriptor.answer, getattr(x, "answer")


def case_descriptor_defined_remotely():
    class Doubler:
        def __get__(self, obj, owner=None):
            return obj.base * 2 if obj is not None else self

    class Holder:
        twice = Doubler()

        def __init__(self, base):
            self.base = base

    return Holder(21).twice, type(Holder.twice).__name__


def case_init_subclass_runs_for_classes_made_remotely():
    class Base:
        def __init_subclass__(cls):
            if cls.__name__ == "Bad":
                raise TypeError("Bad is not allowed")

    class Good(Base):
        pass

    try:

        class Bad(Base):
            pass

        return "made Bad"
    except TypeError as e:
        return Good.__name__, e.args


class _Truncates:
    def __trunc__(self):
        return 42


class _FloatLike:
    def __float__(self):
        return 2.25


class _IndexLike:
    def __index__(self):
        return 5


def case_int_falls_back_on_trunc():
    return int(_Truncates())


def case_math_takes_objects_with_float_or_index():
    import math

    return (
        math.sqrt(_FloatLike()),
        math.floor(_FloatLike()),
        math.ceil(_FloatLike()),
        math.factorial(_IndexLike()),
        math.comb(_IndexLike(), 2),
        math.sqrt(_IndexLike()),
        float(_IndexLike()),
    )


class _Subscriptable:
    def __class_getitem__(cls, item):
        return ("class item", cls.__name__, item)


def case_class_getitem_is_called():
    return _Subscriptable["x"], _Subscriptable[1, 2]


class _Celsius:
    def __init__(self, degrees):
        self.degrees = degrees

    @property
    def degrees(self):
        return self._degrees

    @degrees.setter
    def degrees(self, value):
        if value < -273.15:
            raise ValueError("below absolute zero")
        self._degrees = float(value)


def case_class_property_setter_runs_from_init():
    return _Celsius(25).degrees, _Celsius(-10).degrees


def case_class_property_setter_that_raises_raises():
    return _Celsius(-300).degrees


class _Config:
    verbose = False
    level = 1

    def __init__(self, **options):
        self.__dict__.update(options)


def case_class_dict_update_in_init_sets_attributes():
    c = _Config(verbose=True, name="x")
    return c.verbose, c.level, c.name, sorted(c.__dict__)


def case_class_dict_update_from_pairs_and_keywords():
    class Point:
        def __init__(self, pairs, **kw):
            self.__dict__.update(pairs, **kw)

    p = Point([("x", 1), ("y", 2)], z=3)
    return p.x, p.y, p.z


def case_class_module_and_default_reprs_name_the_defining_module():
    class Plain:
        pass

    p = Plain()
    return Plain.__module__, type(p).__module__, repr(Plain).split(".")[0], repr(p).split(".")[0], _Celsius.__module__


class _LazyProxy:
    def __init__(self, target):
        self.target = target

    @property
    def missing(self):
        raise AttributeError("not here")

    @property
    def present(self):
        return "present"

    def __getattr__(self, name):
        return "fallback:" + name


def case_class_property_raising_attribute_error_falls_back_to_getattr():
    p = _LazyProxy(3)
    return p.missing, getattr(p, "missing"), p.present, p.other, hasattr(p, "missing")


class _IdentityKeyed:
    __hash__ = object.__hash__

    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        return isinstance(other, _IdentityKeyed) and self.v == other.v


def case_class_object_dunders_called_unbound():
    a, b = _IdentityKeyed(1), _IdentityKeyed(1)
    d = {a: "a"}
    return (a == b, a in [b], d.get(a), hash(a) == object.__hash__(a), object.__eq__(a, a), object.__eq__(a, b) is NotImplemented,
            object.__ne__(a, a), object.__repr__(a).startswith("<"), object.__repr__(a).endswith(">"))


def case_class_and_function_docstrings():
    class Documented:
        """A class with a docstring."""

        def method(self):
            """A method's docstring."""
            return 1

    class Bare:
        x = 1

    def documented():
        """Says what it does."""

    def bare():
        return 0

    return (Documented.__doc__, Documented().__doc__, Documented.method.__doc__, Bare.__doc__, documented.__doc__, bare.__doc__,
            (lambda: 0).__doc__)


def case_class_multiline_docstrings():
    def f():
        """  First line.
        second
          third

        last
        """

    class C:
        """Summary.

            Indented more.
        """

    return f.__doc__, C.__doc__


class _SuperA:
    def m(self):
        return "A"


class _SuperB(_SuperA):
    def m(self):
        return ("B", super().m())


class _SuperC(_SuperA):
    pass


def case_super_with_a_foreign_receiver_raises_type_error():
    return _SuperB.m(_SuperC())


def case_explicit_super_with_a_foreign_receiver_raises_type_error():
    return super(_SuperB, _SuperC()).m()


def case_super_with_its_own_receiver():
    return super(_SuperB, _SuperB()).m(), _SuperB().m()


class _OnlyGreater:
    def __init__(self, v):
        self.v = v

    def __gt__(self, other):
        return self.v > other.v

    def __lt__(self, other):
        raise TypeError("no <")


class _Disagreeing:
    def __init__(self, v):
        self.v = v

    def __gt__(self, other):
        return self.v > other.v

    def __lt__(self, other):
        return self.v


def case_max_asks_greater_and_min_asks_less():
    a = max(_OnlyGreater(5), _OnlyGreater(1), _OnlyGreater(3)).v
    b = max([_OnlyGreater(1), _OnlyGreater(5)]).v
    c = max(_Disagreeing(5), _Disagreeing(1)).v
    d = min(_Disagreeing(5), _Disagreeing(1)).v
    return a, b, c, d


class _Sized:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n


class _Indexed(_Sized):
    def __getitem__(self, i):
        return i * 2


def case_reversed_reads_items_as_it_goes():
    out = []
    try:
        reversed(_Sized(2**63 - 1))
    except TypeError:
        out.append("not reversible")
    out.append(next(reversed(_Indexed(2**63 - 1))))
    out.append(list(reversed(_Indexed(4))))
    return out


class _TruthyEq:
    """`__eq__` answers its own value; no `__ne__`."""

    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        return self.v


class _TruthyEqChild(_TruthyEq):
    pass


def case_class_default_ne_of_right_subclass_goes_first():
    # The subclass on the right answers first, through the default `__ne__`.
    return (_TruthyEq(-1) != _TruthyEqChild(0), _TruthyEq(-1) == _TruthyEqChild(0), _TruthyEqChild(0) != _TruthyEq(-1))


class _HugeIndex:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


def case_class_index_beyond_64_bits():
    big = _HugeIndex(2**70)
    out = [bin(big), hex(big), oct(_HugeIndex(-(2**70))), "abcdef"[big:], "abcdef"[:_HugeIndex(-(2**70))], float(big), [1, 2] * _HugeIndex(-3)]
    for attempt in (lambda: chr(big), lambda: [1] * big, lambda: "ab" * big, lambda: [1, 2, 3][big], lambda: [1] * _HugeIndex(-(2**70))):
        try:
            attempt()
        except (OverflowError, IndexError, ValueError) as e:
            out.append(type(e).__name__)
    return out


class _SelfIter:
    def __iter__(self):
        return self


def case_class_iter_returning_non_iterator_raises():
    return iter(_SelfIter())


class _BadLength:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __iter__(self):
        return iter([0, 1, 2])


def case_class_list_checks_len_as_length_hint():
    out = []
    for n in (-1, 2**70, -(2**70), 3):
        for build in (list, tuple, sorted):
            try:
                out.append(build(_BadLength(n)))
            except (ValueError, OverflowError) as e:
                out.append((type(e).__name__, str(e)))
    grown = [9]
    try:
        grown.extend(_BadLength(-1))
    except ValueError as e:
        out.append(("extend", str(e), grown))
    return out


class _Hinted:
    def __init__(self, hint):
        self.hint = hint

    def __iter__(self):
        return iter("ab")

    def __length_hint__(self):
        return self.hint


def case_class_length_hint_checked_by_list():
    out = []
    for hint in (-1, "x", NotImplemented, 5):
        try:
            out.append(list(_Hinted(hint)))
        except (ValueError, TypeError) as e:
            out.append((type(e).__name__, str(e)))
    return out


class _Slotted:
    __slots__ = ("a",)

    def __init__(self, a, extra):
        self.a = a
        if extra:
            self.b = 2


class _SlottedChild(_Slotted):
    __slots__ = ("c",)

    def __init__(self):
        _Slotted.__init__(self, 1, False)
        self.c = 3


class _UnslottedChild(_Slotted):
    def __init__(self):
        _Slotted.__init__(self, 1, False)
        self.z = 3


def case_class_slots_limit_attributes():
    out = [_Slotted(1, False).a, _SlottedChild().c, _UnslottedChild().z]
    out.append((hasattr(_Slotted(1, False), "__dict__"), hasattr(_UnslottedChild(), "__dict__")))
    try:
        _Slotted(1, True)
    except AttributeError as e:
        out.append(str(e))
    return out


def case_class_base_and_bases():
    names = lambda classes: [c.__name__ for c in classes]
    return (_SlottedChild.__base__.__name__, _Slotted.__base__.__name__, names(_Slotted.__bases__), names(_TruthyEqChild.__bases__))


class _Chain:
    """Methods that read `self`, return it, rebind it or hand it on."""

    def __init__(self, n, items):
        self.n = n
        self.items = items

    def __call__(self, x):
        return x + self.n

    def plus(self, other):
        return self.n + other.n

    def me(self):
        return self

    def rebinds(self):
        self = _Chain(self.n * 10, [])
        return self.n

    def depth(self, k):
        if k == 0:
            return self.n
        return self.depth(k - 1) + 1

    def fails(self, k):
        if k == 0:
            raise ValueError(self.n)
        return self.fails(k - 1)

    def grown(self, x):
        bigger = list(self.items)
        bigger.append(x)
        return bigger


def case_class_methods_lent_self_and_callable_instances():
    c = _Chain(3, [1, 2])
    callables = [c, _Chain(4, [])]
    try:
        c.fails(5)
        caught = None
    except ValueError as e:
        caught = e.args
    total = 0
    for i in range(50):
        total += callables[i % 2](i) + c.depth(3)
    return c.plus(c), c.me().n, c.rebinds(), c.n, c.depth(40), caught, c.grown(9), c.items, total



class _Made:
    def __init__(self, x):
        self.x = x


def case_class_dunder_call_of_a_class_makes_an_instance():
    return _Made.__call__(5).x, hasattr(_Made, "__call__"), callable(_Made)


class _Account:
    """Private names (`__x`) are mangled to `_Account__x`, as in CPython."""

    __fee = 2

    def __init__(self, balance):
        self.__balance = balance
        self._Account__seen = True

    def __charge(self, __amount):
        return __amount + self.__fee

    def withdraw(self, amount):
        __left = self.__balance - self.__charge(amount)
        return [__left * __k for __k in range(3)]

    class __Ledger:
        __lines = 3

        def lines(self):
            return self.__lines

    def ledger(self):
        return self.__Ledger().lines()

    def reads_unmangled(self):
        return self.__dict__.get("__balance", "absent"), getattr(self, "_Account__balance")


class ___Underscores:
    __kept = 1

    def kept(self):
        return self.__kept


def case_class_private_names_are_mangled():
    a = _Account(100)
    return (
        a.withdraw(10),
        a.ledger(),
        a.reads_unmangled(),
        sorted(k for k in vars(a)),
        _Account._Account__fee,
        _Account._Account__charge.__name__,
        _Account._Account__charge.__qualname__,
        _Account._Account__Ledger.__name__,
        ___Underscores().kept(),
        hasattr(___Underscores, "__kept"),
    )


def case_class_private_name_read_from_outside_raises():
    return _Account(5).__balance


_Gauge__limit = 50


class _Gauge:
    """Private names bound by imports and read by the class body itself."""

    LIMIT = __limit
    STEPS = [__limit * k for k in range(3)]

    def read(self, x, cap=__limit):
        import math as __m
        from math import floor as __fl, sqrt

        return __fl(__m.sqrt(x)) + cap + int(sqrt(4))


def case_class_private_names_of_imports_and_class_body_globals():
    return _Gauge.LIMIT, _Gauge.STEPS, _Gauge().read(17)


class _PrivateSlots:
    __slots__ = ("__hidden", "shown")

    def __init__(self, hidden, shown):
        self.__hidden = hidden
        self.shown = shown

    def total(self):
        return self.__hidden + self.shown


def case_class_private_slot_names_are_mangled():
    s = _PrivateSlots(2, 3)
    return s.total(), _PrivateSlots.__slots__, hasattr(s, "_PrivateSlots__hidden"), hasattr(s, "__hidden")
