"""Conformance cases: str."""

S = "Hello, World"


# --- indexing and slicing -----------------------------------------------------------

def case_str_index_positive_negative():
    s = "python"
    return (s[0], s[5], s[-1], s[-6], s[2])


def case_str_index_out_of_range_raises():
    s = "abc"
    return s[3]


def case_str_negative_index_out_of_range_raises():
    s = "abc"
    return s[-4]


def case_str_index_with_float_raises():
    s = "abc"
    i = 1.0
    return s[i]


def case_str_slices_basic():
    s = "abcdefgh"
    return (s[2:5], s[:3], s[5:], s[:], s[-3:], s[:-3], s[-5:-2], s[5:2], s[100:], s[-100:2])


def case_str_slices_with_step():
    s = "abcdefghij"
    return (s[::2], s[1::2], s[1:8:3], s[::3], s[::100], s[2:9:2])


def case_str_slices_negative_step():
    s = "abcdefghij"
    return (s[::-1], s[::-2], s[8:2:-1], s[8:2:-3], s[-1:-5:-1], s[2:8:-1], s[:3:-1], s[5::-2], s[-100::-1])


def case_str_slice_step_zero_raises():
    s = "abc"
    step = 0
    return s[::step]


def case_str_slice_bigint_bounds():
    s = "abcdef"
    return (s[-(10**30):10**30], s[2:10**20], s[10**20:], s[::-(10**20)])


def case_str_slice_unicode():
    s = "h\u00e9llo w\u00f6rld \u4e16\u754c"
    return (s[1], s[-2:], s[::-1], len(s), s[7:12])


# --- split / rsplit / splitlines / join --------------------------------------------------

def case_str_split_whitespace():
    return ("  a  b\tc\nd  ".split(), "".split(), "   ".split(), "a".split(), "a b".split(None))


def case_str_split_separator():
    return ("a,b,,c".split(","), ",a,".split(","), "".split(","), "abc".split(","), "a::b::c".split("::"))


def case_str_split_maxsplit():
    return ("a,b,c,d".split(",", 2), "a b c d".split(None, 1), "a,b,c".split(",", 0), "a,b".split(",", -1),
            "  a  b  c  ".split(None, 1), "a,b,c".split(sep=",", maxsplit=1))


def case_str_rsplit_maxsplit():
    return ("a,b,c,d".rsplit(",", 1), "a b c d".rsplit(None, 2), "  a  b  c  ".rsplit(None, 1),
            "a,b,c".rsplit(","), "abc".rsplit("b"), "a.b.c".rsplit(".", maxsplit=0))


def case_str_split_empty_separator_raises():
    return "abc".split("")


def case_str_splitlines():
    s = "one\ntwo\r\nthree\rfour\n\nfive"
    return (s.splitlines(), "".splitlines(), "x\n".splitlines(), "\n".splitlines(), "a\nb".split("\n"))


def case_str_splitlines_keepends():
    return ("a\nb\r\nc\rd\n".splitlines(True), "a\nb".splitlines(keepends=True))


def case_str_splitlines_unusual_breaks():
    s = "a\x0bb\x0cc\x1cd\x1de\x1ef\x85g\u2028h\u2029i"
    return (s.splitlines(), len(s.split()))


def case_str_join():
    return (",".join(["a", "b", "c"]), "".join(["x", "y"]), "-".join([]), " ".join("abc"),
            ", ".join(str(i) for i in range(4)), "ab".join(("1", "2", "3")))


def case_str_join_non_str_raises():
    return ",".join(["a", 1])


def case_str_partition():
    return ("key=value=x".partition("="), "novalue".partition("="), "a=b=c".rpartition("="), "abc".rpartition("z"))


# --- strip family ----------------------------------------------------------------------------

def case_str_strip_whitespace():
    s = " \t\n hi there \r\n "
    return (s.strip(), s.lstrip(), s.rstrip(), "".strip(), "   ".strip())


def case_str_strip_with_chars():
    return ("xxhixyx".strip("xy"), "xxhixyx".lstrip("x"), "xxhixyx".rstrip("xy"), "abc".strip(""),
            "www.example.com".strip("cmowz."), "aaa".strip("a"), "  a  ".strip(None))


def case_str_removeprefix_suffix():
    return ("TestCase".removeprefix("Test"), "TestCase".removesuffix("Case"), "abc".removeprefix("x"), "abc".removesuffix(""))


# --- replace / find / index / count --------------------------------------------------------------

def case_str_replace():
    s = "aaaa bbb aaaa"
    return (s.replace("a", "x"), s.replace("aa", "y"), s.replace("a", "z", 2), s.replace("q", "r"),
            s.replace("a", "", 3), s.replace("a", "b", 0), s.replace("a", "b", -1))


def case_str_replace_empty_pattern():
    return ("abc".replace("", "-"), "".replace("", "x"), "abc".replace("", "-", 2))


def case_str_find_rfind():
    s = "abracadabra"
    return (s.find("a"), s.find("bra"), s.find("z"), s.rfind("a"), s.rfind("bra"), s.find("a", 1), s.find("a", 1, 3),
            s.rfind("a", 0, 5), s.find(""), s.rfind(""), s.find("", 20), s.find("a", -3))


def case_str_index_method():
    s = "abracadabra"
    return (s.index("c"), s.rindex("a"), s.index("ab", 1), s.rindex("bra", 0, 6))


def case_str_index_method_missing_raises():
    return "abc".index("z")


def case_str_rindex_missing_raises():
    return "abc".rindex("a", 1)


def case_str_count():
    s = "aaaa"
    return (s.count("a"), s.count("aa"), s.count(""), "".count(""), "abcabc".count("bc", 2), s.count("a", 1, 3), s.count("b"))


def case_str_in_operator():
    return ("a" in "abc", "bc" in "abc", "" in "abc", "" in "", "ac" in "abc", "A" in "abc", "abc" not in "ab")


def case_str_in_non_str_raises():
    return 1 in "abc"


# --- startswith / endswith -----------------------------------------------------------------------

def case_str_startswith_endswith():
    s = "filename.txt"
    return (s.startswith("file"), s.endswith(".txt"), s.startswith("name", 4), s.endswith("name", 0, 8),
            s.startswith(""), s.endswith("x"), s.startswith("filename.txt.bak"))


def case_str_startswith_endswith_tuple():
    s = "photo.jpeg"
    return (s.endswith((".png", ".jpeg")), s.startswith(("x", "y")), s.startswith(("ph", "z")), s.endswith(()))


def case_str_startswith_list_raises():
    return "abc".startswith(["a"])


# --- case conversion ----------------------------------------------------------------------------

def case_str_upper_lower():
    s = "Hello World 123 \u00e9\u00c9"
    return (s.upper(), s.lower(), s.swapcase(), s.casefold())


def case_str_title_capitalize():
    return ("hello world".title(), "hello world's end".title(), "HELLO wORLD".title(), "they're bill's".title(),
            "hello WORLD".capitalize(), "".capitalize(), "123abc".capitalize(), "a1b2 c3".title())


def case_str_unicode_case_expansion():
    return ("stra\u00dfe".upper(), "\ufb01sh".upper(), len("\u0130".lower()), "\u00df".casefold(), "\u03a3\u039f\u03a3".lower())


def case_str_predicates_digits():
    return ("123".isdigit(), "12a".isdigit(), "".isdigit(), "\u00b2".isdigit(), "\u0663".isdigit(),
            "\u00bd".isdigit(), "\u00bd".isnumeric(), "123".isdecimal(), "\u00b2".isdecimal())


def case_str_predicates_alpha_space():
    return ("abc".isalpha(), "ab1".isalpha(), "".isalpha(), "\u00e9t\u00e9".isalpha(), " \t\n".isspace(), "".isspace(),
            " a ".isspace(), "abc123".isalnum(), "abc 123".isalnum(), "\u00a0".isspace())


def case_str_predicates_case():
    return ("ABC".isupper(), "AbC".isupper(), "ABC1".isupper(), "123".isupper(), "abc".islower(), "abc!".islower(),
            "".islower(), "Hello World".istitle(), "Hello world".istitle())


def case_str_isidentifier_isprintable():
    return ("abc_1".isidentifier(), "1abc".isidentifier(), "".isidentifier(), "abc\n".isprintable(), "abc".isprintable())


# --- padding -------------------------------------------------------------------------------------

def case_str_zfill():
    return ("42".zfill(5), "-42".zfill(5), "+42".zfill(5), "abc".zfill(2), "".zfill(3), "-".zfill(3), "3.14".zfill(7))


def case_str_center_odd_padding():
    return ("abc".center(6), "abc".center(6, "*"), "ab".center(5, "*"), "ab".center(6, "*"), "abc".center(2),
            "a".center(4, "-"), "abcd".center(7, "."))


def case_str_ljust_rjust():
    return ("ab".ljust(5), "ab".rjust(5), "ab".ljust(5, "."), "ab".rjust(5, "0"), "abcdef".ljust(3), "x".rjust(0))


def case_str_center_long_fill_raises():
    return "a".center(5, "ab")


def case_str_expandtabs():
    return ("a\tb\tc".expandtabs(), "a\tbc\td".expandtabs(4), "\t".expandtabs(2))


# --- str.format ------------------------------------------------------------------------------------

def case_str_format_positional_and_named():
    return ("{}-{}".format(1, 2), "{1}{0}{1}".format("a", "b"), "{name} is {age}".format(name="Bo", age=3),
            "{0[1]}".format([7, 8]), "{d[k]}".format(d={"k": "v"}), "{{}} {}".format(5))


def case_str_format_alignment():
    return ("{:>6}".format("ab"), "{:<6}|".format("ab"), "{:^7}".format("ab"), "{:*^8}".format("ab"),
            "{:=+7}".format(42), "{:>6}".format(3.5), "{:<4}".format(7))


def case_str_format_numbers():
    return ("{:d}".format(42), "{:5d}".format(42), "{:05d}".format(-42), "{:+d}".format(7), "{: d}".format(7),
            "{:,}".format(1234567), "{:_}".format(1234567), "{:x}".format(255), "{:#X}".format(255),
            "{:#o}".format(8), "{:b}".format(5), "{:#010b}".format(5), "{:c}".format(97))


def case_str_format_floats():
    x = 3.14159265
    return ("{:.2f}".format(x), "{:8.3f}".format(x), "{:e}".format(x), "{:.3E}".format(12345.678),
            "{:g}".format(x), "{:g}".format(1e20), "{:g}".format(0.0001), "{:g}".format(0.00001),
            "{:%}".format(0.25), "{:.1%}".format(1 / 3), "{:,.2f}".format(1234567.891), "{:.0f}".format(2.5),
            "{:.0f}".format(3.5), "{}".format(1e16), "{:.3}".format(x), "{:10.4g}|".format(x))


def case_str_format_special_floats():
    inf = float("inf")
    return ("{:.2f}".format(inf), "{:f}".format(-inf), "{:e}".format(float("nan")), "{:+.1f}".format(-0.0), "{:.1f}".format(-0.04))


def case_str_format_conversions():
    return ("{!r}".format("x"), "{!s}".format("x"), "{!r:>6}".format("x"), "{!a}".format("\u00e9"))


def case_str_format_bad_spec_raises():
    return "{:d}".format("abc")


def case_str_format_missing_arg_raises():
    return "{} {}".format(1)


def case_builtin_format_function():
    return (format(255, "x"), format(3.5, ".3f"), format("ab", ">4"), format(1234, ","), format(0.5, "%"), format(7))


# --- f-strings --------------------------------------------------------------------------------------

def case_fstring_basic():
    name = "Ann"
    n = 3
    return (f"{name} has {n} cats", f"{n + 1}", f"{name.upper()}", f"{'quoted'}", f"{{literal}}", f"{n}{n}")


def case_fstring_format_specs():
    x = 1234.5678
    n = 42
    return (f"{x:.2f}", f"{x:,.1f}", f"{x:12.3e}", f"{n:05d}", f"{n:#x}", f"{n:>8}", f"{n:<8}|", f"{n:^8}",
            f"{n:+}", f"{0.125:.2%}", f"{255:#06x}", f"{n:b}")


def case_fstring_repr_conversion():
    s = "it's"
    x = 2.5
    return (f"{s!r}", f"{s!s}", f"{x!r}", f"{[1, 'a']!r}", f"{s!r:>10}")


def case_fstring_nested_format_spec():
    width = 10
    prec = 3
    v = 3.14159
    return (f"{v:{width}.{prec}f}", f"{'x':{'*'}^{width}}", f"{v:.{prec}}")


def case_fstring_debug_equals():
    x = 5
    name = "q"
    return (f"{x=}", f"{name=}", f"{x * 2 = }", f"{x=:03d}")


def case_fstring_expressions():
    items = [1, 2, 3]
    d = {"k": 7}
    return (f"{len(items)}", f"{items[-1]}", f"{d['k']}", f"{'yes' if items else 'no'}", f"{sum(i * i for i in items)}")


def case_fstring_of_user_object_uses_str():
    class P:
        def __init__(self, x):
            self.x = x

        def __str__(self):
            return "P<%d>" % self.x

        def __repr__(self):
            return "P(%d)" % self.x

    p = P(3)
    return (f"{p}", f"{p!r}", f"{p!s}", str(p), repr(p), f"{[p]}")


# --- %-formatting -----------------------------------------------------------------------------------

def case_percent_format_basic():
    return ("%s and %s" % ("a", "b"), "%d%%" % 50, "%5d|" % 42, "%-5d|" % 42, "%05d" % 42, "%+d" % 5,
            "%x %X %o" % (255, 255, 8), "%#x %#o" % (255, 8), "%c%c" % (72, "i"), "%i" % 7)


def case_percent_format_floats():
    return ("%f" % 3.14159, "%.2f" % 2.675, "%8.3f|" % 3.14159, "%-8.1f|" % 2.0, "%e" % 12345.678, "%.3g" % 0.0001234,
            "%g" % 1e20, "%G" % 1e-10, "%.0f" % 0.5, "%.0f" % 1.5, "%d" % 3.99, "%s" % 0.1)


def case_percent_format_repr_and_str():
    return ("%r" % "x", "%s" % "x", "%r" % [1, "a"], "%s" % (1,), "%s" % [1, 2], "%s" % None, "%5s|" % "ab", "%-5s|" % "ab", "%.2s" % "abcdef")


def case_percent_format_mapping():
    return "%(name)s is %(age)d years" % {"name": "Kim", "age": 30}


def case_percent_format_too_few_args_raises():
    return "%s %s" % ("a",)


def case_percent_format_too_many_args_raises():
    return "%s" % (1, 2)


def case_percent_format_bad_type_raises():
    return "%d" % "x"


# --- unicode, ord, chr ---------------------------------------------------------------------------------

def case_str_unicode_len_and_index():
    s = "na\u00efve caf\u00e9 \U0001f600"
    return (len(s), s[-1], s[2], ord(s[-1]), s.upper())


def case_str_ord_chr():
    return (ord("a"), ord("A"), ord("\u20ac"), ord("\U0001f600"), chr(97), chr(8364), chr(0x1F600), chr(0), ord("\n"))


def case_str_chr_out_of_range_raises():
    return chr(0x110000)


def case_str_chr_negative_raises():
    return chr(-1)


def case_str_ord_two_chars_raises():
    return ord("ab")


def case_str_ord_empty_raises():
    return ord("")


def case_str_escapes():
    return ("a\tb", len("a\\nb"), "\x41\u0042\U00000043", "\101", len("\N{GREEK SMALL LETTER ALPHA}"))


def case_str_repr_quotes_and_escapes():
    return (repr("it's"), repr('say "hi"'), repr("both ' and \""), repr("tab\there"), repr("nl\n"),
            repr("\x00\x7f"), repr("\u00e9"), repr("\\"), repr(""), repr("\u200b"), repr("\U0001f600"))


def case_str_ascii_builtin():
    return (ascii("caf\u00e9"), ascii("\U0001f600"), ascii("plain"))


# --- comparisons, concatenation, multiplication -----------------------------------------------------

def case_str_comparisons():
    return ("a" < "b", "a" < "B", "abc" < "abd", "ab" < "abc", "" < "a", "Z" < "a", "\u00e9" > "z",
            "abc" == "abc", "a" != "A", "b" > "abc", max("apple", "banana"), min(["b", "A", "a"]))


def case_str_compare_with_int_raises():
    return "a" < 1


def case_str_concatenation_and_multiplication():
    s = "ab"
    return (s + "cd", s * 3, 3 * s, s * 0, s * -2, "" * 5, s + "", (s + "-") * 2)


def case_str_add_int_raises():
    return "a" + 1


def case_str_mul_float_raises():
    return "a" * 2.0


def case_str_concat_in_loop():
    out = ""
    for i in range(10):
        out = out + str(i)
    return out


def case_str_iteration():
    return ([c for c in "abc"], list("h\u00e9"), tuple("xy"), sorted("banana"), list(reversed("abc")))


def case_str_immutable_item_assignment_raises():
    s = "abc"
    s[0] = "x"
    return s


def case_str_methods_on_empty():
    e = ""
    return (e.upper(), e.split(","), e.strip(), e.find("a"), e.count("a"), e.startswith(""), e.zfill(2), e[::-1])


def case_str_hash_consistency():
    a = "hello"
    b = "hel" + "lo"
    return (hash(a) == hash(b), a == b, hash("") == hash(""), hash("x") == hash("x" + ""))


def case_str_constructor():
    return (str(), str(12), str(-1.5), str(None), str(True), str([1, "a"]), str((1,)), str({"a": 1}), str("x"))


def case_str_translate_maketrans():
    table = str.maketrans("abc", "xyz", "d")
    return ("abcdd cab".translate(table), "hello".translate({ord("l"): "L", ord("o"): None}))


def case_str_palindrome_check():
    def is_pal(s):
        t = "".join(c.lower() for c in s if c.isalnum())
        return t == t[::-1]

    return [is_pal(s) for s in ("A man, a plan, a canal: Panama", "race a car", "", "Was it a car or a cat I saw?")]


def case_str_word_frequency():
    text = "the quick brown fox jumps over the lazy dog the end"
    counts = {}
    for w in text.split():
        counts[w] = counts.get(w, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def case_str_caesar_cipher():
    def shift(c, k):
        if c.isalpha():
            base = ord("a") if c.islower() else ord("A")
            return chr((ord(c) - base + k) % 26 + base)
        return c

    msg = "Hello, World!"
    enc = "".join(shift(c, 3) for c in msg)
    dec = "".join(shift(c, -3) for c in enc)
    return (enc, dec)


def case_str_encode_to_bytes():
    return (list("abc".encode()), list("\u00e9".encode("utf-8")), len("\U0001f600".encode("utf-8")))


def case_str_encode_ascii_error_raises():
    return "\u00e9".encode("ascii")


def case_percent_formatting_of_a_bare_big_int():
    x = 2**1100
    return "value: %s" % x, "%x" % (10**400), "%d" % (-(3**700)), "%o" % (2**1030)


def case_percent_d_of_a_factorial():
    f = 1
    for k in range(1, 201):
        f *= k
    return "n! = %d" % f


def case_decimal_digit_limit_applies_to_format_specs():
    big = 10**5000
    out = []
    for render in (lambda: "{}".format(big), lambda: format(big, ","), lambda: format(big, "_"), lambda: f"{big:>10}", lambda: "%d" % big):
        try:
            out.append(len(render()))
        except ValueError:
            out.append("ValueError")
    out.append(len(format(big, "x")))
    out.append(len("%x" % big))
    return out


def case_replace_count_by_name():
    import math

    if not hasattr(math, "fma"):  # both new in Python 3.13
        return "positional only"
    return "aaaa".replace("a", "b", count=2)


def case_indexing_and_slicing_long_non_ascii_text():
    s = "abcdéfghij😀" * 300
    picked = [s[i] for i in range(0, len(s), 97)]
    parts = [s[i:i + 13] for i in range(5, len(s), 211)]
    built = ""
    for i in range(0, 400, 3):
        built += s[i]
    return picked, parts, s[-70:-1:4], s[3000:], built[-20:], len(built), built[130]


def case_format_z_option_drops_the_sign_of_negative_zero():
    # The `z` option exists from Python 3.11 (a bad spec before).
    try:
        return f"{-0.001:z.2f}", format(-0.0, "z"), "%s" % format(-1e-9, "z.3e")
    except ValueError as e:
        return "ValueError", str(e)


class _AsIndex:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


class _AsInt:
    def __init__(self, v):
        self.v = v

    def __int__(self):
        return self.v


class _AsFloat:
    def __init__(self, v):
        self.v = v

    def __float__(self):
        return self.v


def case_string_percent_format_converts_objects():
    out = []
    for fmt, arg in [
        ("%d", _AsIndex(65)), ("%x", _AsIndex(255)), ("%o", _AsIndex(8)), ("%c", _AsIndex(66)),
        ("%d", _AsInt(7)), ("%x", _AsInt(7)), ("%c", _AsInt(67)), ("%f", _AsFloat(1.5)),
        ("%f", _AsIndex(3)), ("%e", _AsInt(3)), ("%d", _AsFloat(2.5)), ("%5d|%-4x", (_AsIndex(3), _AsIndex(300))),
        ("%d", _AsIndex(2**70)), ("%c", _AsIndex(2**70)), ("%s", _AsInt(1)),
    ]:
        try:
            out.append(fmt % arg)
        except (TypeError, OverflowError) as e:
            out.append((type(e).__name__, str(e)))
    return [x if "object at" not in str(x) else "object" for x in out]


def case_string_int_of_short_and_long_decimals():
    out = []
    for text in ["+5", "-0", "007", "1" * 18, "9" * 18, "-" + "9" * 18, "1" * 19, " 5", "5\n", "", "-", "+", "1_000", "\u0663\u0664", "+-1", "12a"]:
        try:
            out.append(int(text))
        except ValueError:
            out.append(("ValueError", text))
    return out


def case_string_split_on_one_character():
    text = "a;b;;c;\u00e9;d;"
    return (
        text.split(";"), text.split(";", 2), text.rsplit(";", 2), text.rsplit(";"),
        ";".split(";"), "".split(";"), "x".split(";"), "a\u00e9b\u00e9".split("\u00e9"), text.split(";", 0), text.rsplit(";", -1),
    )


def case_string_percent_plain_conversions():
    out = []
    for fmt, args in [
        ("w%d", 5), ("%s=%d;", ("k", -12)), ("%i%%", (7,)), ("%s", "abc"), ("%s", ("abc",)), ("%d%s", (1, 2)),
        ("%%", ()), ("x\u00e9%s\u00e9", "\u00f6"), ("%s", ((1, 2),)), ("%d", True), ("%s", 2**70), ("%d", 1.5),
    ]:
        out.append(fmt % args)
    for fmt, args in [("%%", 5), ("%s", ()), ("%d %d", (1,)), ("%d", "x"), ("100%", ()), ("%s", (1, 2))]:
        try:
            out.append(fmt % args)
        except (TypeError, ValueError) as e:
            out.append(type(e).__name__)
    return out


def case_string_format_plain_fields():
    out = []
    for template, args in [
        ("w{}:{}", (1, -2)), ("{}", ("abc",)), ("{{}}{}", (3,)), ("}}{{", ()), ("{}{}", ("\u00e9", 2**70)),
        ("{}", (1, 2)), ("{}", (True,)), ("{}", (1.5,)), ("{0}{0}", (4,)), ("{}-{:>3}", (1, 2)), ("\u00e9{}\u00f6", ("x",)),
    ]:
        out.append(template.format(*args))
    for template, args in [("{}{}", (1,)), ("{", ()), ("}", ()), ("{} {", (1,))]:
        try:
            out.append(template.format(*args))
        except (IndexError, ValueError) as e:
            out.append(type(e).__name__)
    return out
