"""Arithmetic, comparison and bitwise ops and their Python operators, against PyTorch.

Every row runs over dtypes, shapes (0-d, empty, broadcast, non-contiguous) and Python/NumPy number operands,
in function, method, operator, reflected and in-place form, and compares values, dtypes, layouts and errors.
"""
import math

import numpy as np
import pytest

from oracle import DTYPE_NAMES, LAYOUTS, check, make, sample

# ---------------------------------------------------------------------------------------------
# Data


def data(shape, dtype, seed=0, nonzero=False):
    """Sample values for ``dtype``; ``nonzero`` replaces zeros by ones (for integer divisors)."""
    values = sample(shape, dtype, seed)
    if nonzero and dtype != "bool":
        values = np.where(values == 0, np.ones_like(values), values)
    return values


def tensor(T, shape, dtype, seed=0, nonzero=False, layout=LAYOUTS[0]):
    return layout(T, data(shape, dtype, seed, nonzero), dtype)


SPECIALS = [math.nan, math.inf, -math.inf, 0.0, -0.0, 1.0, -1.0, 2.5, -7.0, 3.0]


def specials(T, dtype):
    """Every pair of special floating values, as two tensors of that dtype."""
    a = [x for x in SPECIALS for _ in SPECIALS]
    b = [y for _ in SPECIALS for y in SPECIALS]
    return T.tensor(a, dtype=getattr(T, dtype)), T.tensor(b, dtype=getattr(T, dtype))


# ---------------------------------------------------------------------------------------------
# The ops: name -> f(T, a, b). Division-like ops get non-zero integer divisors (zero is tested apart).

BINARY = {
    "add": lambda T, a, b: T.add(a, b),
    "add_alpha": lambda T, a, b: T.add(a, b, alpha=2),
    "sub": lambda T, a, b: T.sub(a, b),
    "sub_alpha": lambda T, a, b: a.sub(b, alpha=3),
    "rsub": lambda T, a, b: T.rsub(a, b),
    "mul": lambda T, a, b: T.mul(a, b),
    "div": lambda T, a, b: T.div(a, b),
    "div_trunc": lambda T, a, b: T.div(a, b, rounding_mode="trunc"),
    "div_floor": lambda T, a, b: a.div(b, rounding_mode="floor"),
    "true_divide": lambda T, a, b: T.true_divide(a, b),
    "floor_divide": lambda T, a, b: T.floor_divide(a, b),
    "remainder": lambda T, a, b: T.remainder(a, b),
    "fmod": lambda T, a, b: T.fmod(a, b),
    "pow": lambda T, a, b: T.pow(a, b),
    "eq": lambda T, a, b: T.eq(a, b),
    "ne": lambda T, a, b: a.ne(b),
    "lt": lambda T, a, b: T.lt(a, b),
    "le": lambda T, a, b: T.le(a, b),
    "gt": lambda T, a, b: a.gt(b),
    "ge": lambda T, a, b: T.ge(a, b),
    "maximum": lambda T, a, b: T.maximum(a, b),
    "minimum": lambda T, a, b: T.minimum(a, b),
    "bitwise_and": lambda T, a, b: T.bitwise_and(a, b),
    "bitwise_or": lambda T, a, b: a.bitwise_or(b),
    "bitwise_xor": lambda T, a, b: T.bitwise_xor(a, b),
    "lshift": lambda T, a, b: T.bitwise_left_shift(a, b),
    "rshift": lambda T, a, b: T.bitwise_right_shift(a, b),
}
DIVIDING = {"div", "div_trunc", "div_floor", "true_divide", "floor_divide", "remainder", "fmod"}

OPERATORS = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b,
    "//": lambda a, b: a // b, "%": lambda a, b: a % b, "**": lambda a, b: a ** b,
    "==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b, ">=": lambda a, b: a >= b, "&": lambda a, b: a & b, "|": lambda a, b: a | b,
    "^": lambda a, b: a ^ b, "<<": lambda a, b: a << b, ">>": lambda a, b: a >> b,
}
DIVIDING_OPERATORS = {"/", "//", "%"}


def ulps_for(name):
    """Exact results for the correctly rounded ops; pow goes through libm/SLEEF, which may differ by an ulp."""
    return 4 if name in ("pow", "**", "pow_", "**=") else 0


def complex_ulps(name, operands):
    """Tolerance for ``name`` on operands (dtype names or numbers). PyTorch's complex division scales by an
    approximate reciprocal, and its complex products are fused differently in vectorized and tail loops: not
    reproducible to the bit."""
    complex_ = any(isinstance(x, complex) or "complex" in str(x) for x in operands)
    if complex_ and any(k in name for k in ("mul", "div", "pow", "*", "/")):
        return 64
    if "alpha" in name and any(not isinstance(x, str) for x in operands):
        return 4  # PyTorch fuses tensor + alpha * number in some loops, not in others
    return ulps_for(name)


# ---------------------------------------------------------------------------------------------
# Promotion: every pair of dtypes, dimensioned and 0-d


# ops whose result dtype rules differ: 0-d operands are checked with these only
ZERO_DIM_PROMOTION = {"add", "mul", "div", "div_floor", "pow", "eq", "maximum", "bitwise_and", "lshift"}
# a representative of each family of ops, for the long tables of numbers
NUMBER_OPS = ["add", "add_alpha", "sub", "rsub", "mul", "div", "div_trunc", "div_floor", "remainder", "fmod", "pow",
              "eq", "lt", "maximum", "bitwise_and", "lshift", "rshift"]
NUMBER_OPERATORS = ["+", "-", "*", "/", "//", "%", "**", "==", "<", ">", "&", "<<", ">>"]


@pytest.mark.parametrize("name", BINARY)
@pytest.mark.parametrize("a_dtype", DTYPE_NAMES)
def test_binary_dtype_pairs(name, a_dtype):
    f = BINARY[name]
    for b_dtype in DTYPE_NAMES:
        for b_shape in ((3,), ()) if name in ZERO_DIM_PROMOTION else ((3,),):
            if a_dtype == "float16" and "complex" in b_dtype and not b_shape:
                continue  # PyTorch gives complex32, a dtype Ember does not have
            check(lambda T: f(T, tensor(T, (2, 3), a_dtype, 1),
                              tensor(T, b_shape, b_dtype, 2, nonzero=name in DIVIDING)),
                  ulps=complex_ulps(name, (a_dtype, b_dtype)))


@pytest.mark.parametrize("name", OPERATORS)
@pytest.mark.parametrize("a_dtype", DTYPE_NAMES)
def test_operator_dtype_pairs(name, a_dtype):
    f = OPERATORS[name]
    for b_dtype in DTYPE_NAMES:
        check(lambda T: f(tensor(T, (2, 3), a_dtype, 1),
                          tensor(T, (2, 3), b_dtype, 2, nonzero=name in DIVIDING_OPERATORS)),
              ulps=complex_ulps(name, (a_dtype, b_dtype)))


# ---------------------------------------------------------------------------------------------
# Shapes and layouts: 0-d, empty, broadcast, non-contiguous (the result strides follow PyTorch's iterator)

SHAPE_PAIRS = [((), ()), ((5,), ()), ((), (5,)), ((0,), ()), ((0,), (1,)), ((3, 0), (1, 0)), ((2, 3), (2, 3)),
               ((2, 3), (3,)), ((3, 1), (1, 4)), ((2, 3, 4), (2, 3, 4)), ((1, 4, 1), (2, 1, 3)), ((2, 3, 4), (4,))]
LAYOUT_DTYPES = ["bool", "int32", "float16", "float32", "complex128"]
contiguous, transposed, strided = LAYOUTS
LAYOUT_PAIRS = [(contiguous, contiguous), (transposed, contiguous), (contiguous, strided), (strided, transposed)]


@pytest.mark.parametrize("name", BINARY)
@pytest.mark.parametrize("shapes", SHAPE_PAIRS, ids=str)
def test_binary_shapes_and_layouts(name, shapes):
    f = BINARY[name]
    for dtype in LAYOUT_DTYPES:
        for la, lb in LAYOUT_PAIRS:
            check(lambda T: f(T, tensor(T, shapes[0], dtype, 1, layout=la),
                                  tensor(T, shapes[1], dtype, 2, nonzero=name in DIVIDING, layout=lb)),
                      ulps=complex_ulps(name, (dtype,)))


@pytest.mark.parametrize("name", ["+", "-", "*", "/", "==", "<"])
@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_operator_layouts(name, dtype):
    """The short paths of the common operators against every layout pairing, including permuted 3-d."""
    f = OPERATORS[name]

    def permuted(T, values, dtype):
        return make(T, np.transpose(values, (1, 2, 0)), dtype).permute(2, 0, 1)

    for la in LAYOUTS + [permuted]:
        for lb in LAYOUTS + [permuted]:
            check(lambda T: f(tensor(T, (2, 3, 4), dtype, 1, layout=la),
                              tensor(T, (2, 3, 4), dtype, 2, nonzero=True, layout=lb)),
                  ulps=complex_ulps(name, (dtype,)))
    check(lambda T: f(tensor(T, (4, 3), dtype, 1).t(), tensor(T, (3,), dtype, 2, nonzero=True)))
    check(lambda T: f(tensor(T, (3, 4), dtype, 1).t(), 2))
    check(lambda T: f(tensor(T, (1, 4), dtype, 1).expand(3, 4), tensor(T, (3, 4), dtype, 2, nonzero=True)))


def test_broadcast_errors():
    for shapes in (((3,), (2,)), ((2, 3), (4, 1, 2)), ((2, 0), (3,)), ((5, 1, 4), (3, 3))):
        for name in ("add", "mul", "eq", "maximum", "bitwise_and", "pow", "remainder"):
            check(lambda T: BINARY[name](T, tensor(T, shapes[0], "int64", 1), tensor(T, shapes[1], "int64", 2)),
                  match_message=True)
        check(lambda T: tensor(T, shapes[0], "float32") + tensor(T, shapes[1], "float32"), match_message=True)


# ---------------------------------------------------------------------------------------------
# Number operands: Python bool/int/float/complex and NumPy scalars, on either side

NUMBERS = [True, 0, 3, -2, 1000, 2 ** 63 - 1, 2 ** 63, -(2 ** 63), 2.5, 1.1, 1e300, 1 + 2j, np.bool_(True),
           np.int64(300), np.uint8(200), np.float32(2.5), np.float64(-1.1), np.complex64(1 + 2j), np.complex128(2 - 1j)]


def _number_cases(name, dtype):
    """NUMBERS less complex ones with float16/bfloat16 (PyTorch gives complex32, which Ember lacks), and less
    those that become the int64 minimum for division (PyTorch's division of it by -1 traps, killing the process)."""
    reduced = dtype in ("float16", "bfloat16")
    dividing = name in DIVIDING or name in DIVIDING_OPERATORS
    return [s for s in NUMBERS
            if not (reduced and isinstance(s, complex)) and not (dividing and type(s) is int and abs(s) == 2 ** 63)]


@pytest.mark.parametrize("name", NUMBER_OPS)
@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_binary_with_numbers(name, dtype):
    f = BINARY[name]
    for s in _number_cases(name, dtype):
        check(lambda T: f(T, tensor(T, (2, 3), dtype, 1), s), ulps=complex_ulps(name, (dtype, s)))
        check(lambda T: f(T, s, tensor(T, (2, 3), dtype, 2, nonzero=name in DIVIDING)),
              ulps=complex_ulps(name, (dtype, s)))


@pytest.mark.parametrize("name", ["add", "sub_alpha", "mul", "div", "div_floor", "remainder", "pow", "lt", "eq",
                                  "bitwise_xor", "lshift"])
@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_zero_dim_with_numbers(name, dtype):
    """A 0-d tensor with a number: the tensor's dtype still wins within its category."""
    f = BINARY[name]
    for s in (True, -2, 1000, 2.5, 1 + 2j, np.float64(-1.1)):
        if dtype in ("float16", "bfloat16") and isinstance(s, complex):
            continue  # complex32
        check(lambda T: f(T, tensor(T, (), dtype, 1, nonzero=True), s), ulps=complex_ulps(name, (dtype, s)))
        check(lambda T: f(T, s, tensor(T, (), dtype, 2, nonzero=True)), ulps=complex_ulps(name, (dtype, s)))


@pytest.mark.parametrize("name", NUMBER_OPERATORS)
@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_operator_with_numbers(name, dtype):
    f = OPERATORS[name]
    for s in _number_cases(name, dtype):
        check(lambda T: f(tensor(T, (2, 3), dtype, 1), s), ulps=complex_ulps(name, (dtype, s)))
        check(lambda T: f(s, tensor(T, (2, 3), dtype, 2, nonzero=name in DIVIDING_OPERATORS)),
              ulps=complex_ulps(name, (dtype, s)))


def test_two_numbers():
    for name in ("add", "sub", "mul", "div", "floor_divide", "remainder", "pow", "eq", "bitwise_and", "fmod",
                 "maximum"):
        for a, b in ((2, 3), (2.5, 2), (True, False), (7, 2.0)):
            check(lambda T: BINARY[name](T, a, b))


@pytest.mark.parametrize("fn", [
    lambda T: T.tensor([1, 2]) + "a",
    lambda T: T.tensor([1, 2]) + None,
    lambda T: T.tensor([1, 2]) < None,
    lambda T: T.tensor([1, 2]) == None,  # noqa: E711 - the operator is what is under test
    lambda T: T.tensor([1, 2]) != "a",
    lambda T: T.tensor([1, 2]) + [1, 2],
    lambda T: "a" * T.tensor([1, 2]),
    lambda T: T.tensor([1, 2]) ** "a",
    lambda T: T.add(T.tensor([1, 2]), "a"),
    lambda T: T.eq(1, T.tensor([1, 2])),
    lambda T: T.fmod(1, T.tensor([1, 2])),
    lambda T: T.maximum(T.tensor([1, 2]), 1),
    lambda T: T.maximum(1, T.tensor([1, 2])),
    lambda T: T.rsub(1, T.tensor([1, 2])),
    lambda T: T.tensor([1]) + 2 ** 64,
    lambda T: T.tensor([1.0]) * -(2 ** 64),
    lambda T: T.add(T.tensor([1.0]), T.tensor([1.0]), alpha=None),
])
def test_foreign_operands(fn):
    check(fn)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_numpy_numbers_on_the_left(dtype):
    """NumPy scalars defer to the tensor's reflected operators."""
    for s in (np.float64(2.5), np.int64(3), np.float32(-1.5), np.bool_(True)):
        for name in ("+", "-", "*", "/", "<", "=="):
            check(lambda T: OPERATORS[name](s, tensor(T, (2,), dtype, 1, nonzero=True)))


# ---------------------------------------------------------------------------------------------
# Reduced precision: float16/bfloat16 bit for bit (computed in float32; a number in second place of mul/div
# keeps float32 precision, elsewhere it is rounded to the tensor's dtype first)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
@pytest.mark.parametrize("name", ["add", "add_alpha", "sub", "mul", "div", "div_trunc", "div_floor", "remainder",
                                  "fmod", "eq", "lt", "maximum"])
def test_reduced_precision_bit_exact(dtype, name):
    f = BINARY[name]
    rng = np.random.default_rng(3)
    values = (rng.uniform(-100, 100, 64)).tolist()
    for s in (1.1, 0.3, -2.7, 1e-3, 3, 70000, 1 / 3):
        check(lambda T: f(T, T.tensor(values, dtype=getattr(T, dtype)), s), ulps=0)
        check(lambda T: f(T, T.tensor(values, dtype=getattr(T, dtype)), T.tensor(s)), ulps=0)
        check(lambda T: f(T, T.tensor(values, dtype=getattr(T, dtype)), T.tensor([s], dtype=T.float64)), ulps=0)
        check(lambda T: f(T, T.tensor(s), T.tensor(values, dtype=getattr(T, dtype))), ulps=0)
    check(lambda T: f(T, T.tensor(values, dtype=getattr(T, dtype)),
                      T.tensor(values[::-1], dtype=getattr(T, dtype))), ulps=0)
    check(lambda T: f(T, T.tensor(values, dtype=getattr(T, dtype)), T.tensor(values[::-1], dtype=T.int16)), ulps=0)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_reduced_precision_operators(dtype):
    values = np.random.default_rng(4).uniform(-100, 100, 64).tolist()
    for name in ("+", "-", "*", "/", "//", "%", "<", "=="):
        for s in (1.1, 0.3, 70000, 1 / 3):
            check(lambda T: OPERATORS[name](T.tensor(values, dtype=getattr(T, dtype)), s), ulps=0)
            check(lambda T: OPERATORS[name](s, T.tensor(values, dtype=getattr(T, dtype))), ulps=0)


# ---------------------------------------------------------------------------------------------
# Special values, division and rounding


@pytest.mark.parametrize("name", ["add", "sub", "mul", "div", "div_trunc", "div_floor", "remainder", "fmod", "pow",
                                  "eq", "lt", "ge", "maximum", "minimum"])
@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64"])
def test_special_float_values(name, dtype):
    check(lambda T: BINARY[name](T, *specials(T, dtype)), ulps=ulps_for(name))


@pytest.mark.parametrize("name", ["div", "div_trunc", "div_floor", "remainder", "fmod", "floor_divide"])
@pytest.mark.parametrize("dtype", ["uint8", "int8", "int16", "int32", "int64", "bool"])
def test_integer_division(name, dtype):
    values = [-7, -6, -1, 0, 1, 5, 7, 100] if dtype != "uint8" else [0, 1, 5, 7, 100, 200, 255, 3]
    divisors = [3, -3, 2, -1, 7, 1, -100, 5] if dtype != "uint8" else [3, 2, 1, 7, 100, 9, 5, 200]
    check(lambda T: BINARY[name](T, T.tensor(values, dtype=getattr(T, dtype)),
                                 T.tensor(divisors, dtype=getattr(T, dtype))))
    for s in (3, -2, 1000, 2.5, -0.5):
        check(lambda T: BINARY[name](T, T.tensor(values, dtype=getattr(T, dtype)), s))
    # zero divisors: integer kernels raise, true division gives inf/nan
    check(lambda T: BINARY[name](T, T.tensor(values, dtype=getattr(T, dtype)), 0), match_message=True)
    check(lambda T: BINARY[name](T, T.tensor(values, dtype=getattr(T, dtype)),
                                 T.tensor(values, dtype=getattr(T, dtype))), match_message=True)
    check(lambda T: BINARY[name](T, T.ones(0, 3, dtype=getattr(T, dtype)), T.zeros(3, dtype=getattr(T, dtype))))


@pytest.mark.parametrize("mode", [None, "trunc", "floor", "round", ""])
def test_div_rounding_modes(mode):
    for dtype in ("int64", "float32", "float64", "complex64", "bool"):
        check(lambda T: T.div(T.tensor([-7, 7, -8, 9], dtype=getattr(T, dtype)),
                              T.tensor([2, -2, 3, 3], dtype=getattr(T, dtype)), rounding_mode=mode),
              match_message=True)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_pow(dtype):
    base = [-3, -2, -1, 0, 1, 2, 3, 5] if dtype != "uint8" else [0, 1, 2, 3, 5, 7, 9, 15]
    exps = [0, 1, 2, 3, 5, 7, 9, 40]
    ulps = complex_ulps("pow", (dtype,))
    # float16 ** 1j is complex32, which Ember lacks
    exponents = (0, 1, 2, 3, -1, -2, 0.5, -0.5, 1.7, -3, 2.0, True, 300, 70000, 2 ** 40)
    for e in exponents + (() if dtype == "float16" else (1j,)):
        check(lambda T: T.tensor(base, dtype=getattr(T, dtype)) ** e, ulps=complex_ulps("pow", (dtype, e)),
              match_message=True)
    for b in (2, -2, 1, 2.5, True):
        check(lambda T: b ** T.tensor(exps, dtype=getattr(T, dtype)), ulps=ulps)
    check(lambda T: T.tensor(base, dtype=getattr(T, dtype)) ** T.tensor(exps, dtype=getattr(T, dtype)), ulps=ulps)
    if dtype not in ("bool", "uint8"):
        check(lambda T: T.tensor(base, dtype=getattr(T, dtype)) ** T.tensor([-1, -2, -3, -1, -2, -3, -1, -1],
                                                                            dtype=getattr(T, dtype)), ulps=ulps)
    check(lambda T: 2 ** T.tensor([-1, -2, 3]))


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64"])
@pytest.mark.parametrize("exponent", [2, 3, -2, 0.5, -0.5, -1])
def test_pow_special_exponents_bit_exact(dtype, exponent):
    """PyTorch computes these exponents by multiplication, sqrt and reciprocal rather than by pow."""
    values = np.random.default_rng(5).uniform(0.01, 30, 7).tolist()
    check(lambda T: T.tensor(values, dtype=getattr(T, dtype)) ** exponent, ulps=0 if exponent != 0.5 else 1)


# ---------------------------------------------------------------------------------------------
# Integer wrap-around and shifts


@pytest.mark.parametrize("dtype", ["uint8", "int8", "int16", "int32", "int64"])
def test_integer_wrap_around(dtype):
    info = np.iinfo(dtype)
    edge = [int(info.min), int(info.max), 0, 1, -1 if dtype != "uint8" else 2]
    for s in (1000, -1, 255, 256, -129, 2 ** 40, 2 ** 63, 2 ** 64 - 1, -(2 ** 63)):
        for op in ("+", "-", "*", "==", "<", "&", "|", "^"):
            check(lambda T: OPERATORS[op](T.tensor(edge, dtype=getattr(T, dtype)), s))
    check(lambda T: -T.tensor(edge, dtype=getattr(T, dtype)))
    check(lambda T: abs(T.tensor(edge, dtype=getattr(T, dtype))))
    check(lambda T: T.tensor(edge, dtype=getattr(T, dtype)) * T.tensor(edge, dtype=getattr(T, dtype)))


@pytest.mark.parametrize("dtype", ["uint8", "int8", "int16", "int32", "int64"])
def test_shifts(dtype):
    values = [1, 5, 127, 0, 3, 100] if dtype == "uint8" else [1, -5, 127, -128, 0, 3]
    counts = [0, 1, 7, 8, 9, 63, 64, 65, -1, 200]
    for c in counts:
        check(lambda T: T.tensor(values, dtype=getattr(T, dtype)) << c)
        check(lambda T: T.tensor(values, dtype=getattr(T, dtype)) >> c)
    amounts = [0, 1, 7, 8, 70]
    check(lambda T: T.tensor(values[:5], dtype=getattr(T, dtype)) << T.tensor(amounts, dtype=getattr(T, dtype)))
    check(lambda T: T.tensor(values[:5], dtype=getattr(T, dtype)) >> T.tensor(amounts, dtype=getattr(T, dtype)))
    check(lambda T: 1 << T.tensor([0, 1, 7, 3, 5], dtype=getattr(T, dtype)))
    check(lambda T: -64 >> T.tensor([0, 1, 7, 3, 5], dtype=getattr(T, dtype)))


# ---------------------------------------------------------------------------------------------
# Unary ops


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@pytest.mark.parametrize("name", ["neg", "abs", "positive", "bitwise_not", "-", "+", "abs()", "~"])
def test_unary(dtype, name):
    f = {"neg": lambda T, x: T.neg(x), "abs": lambda T, x: T.abs(x), "positive": lambda T, x: T.positive(x),
         "bitwise_not": lambda T, x: x.bitwise_not(), "-": lambda T, x: -x, "+": lambda T, x: +x,
         "abs()": lambda T, x: abs(x), "~": lambda T, x: ~x}[name]
    for shape in ((), (0,), (2, 3)):
        for layout in LAYOUTS:
            check(lambda T: f(T, tensor(T, shape, dtype, 1, layout=layout)), match_message=True)
    check(lambda T: (lambda x: f(T, x) is x)(tensor(T, (2,), dtype)))


@pytest.mark.parametrize("alias, name", [("negative", "neg"), ("absolute", "abs")])
def test_unary_aliases(alias, name):
    check(lambda T: [getattr(T, alias)(T.tensor([-1.5, 2.0])), getattr(T.tensor([-3, 4]), alias)(),
                     getattr(T.tensor([-3, 4]), alias + "_")(), getattr(T, alias)(T.tensor([1j - 2]))])
    check(lambda T: getattr(T, alias)(T.tensor([1, 2], dtype=T.bool)), match_message=True)


def test_unary_special_values():
    check(lambda T: (-T.tensor(SPECIALS), abs(T.tensor(SPECIALS)), T.abs(T.tensor([3 + 4j, -1j]))))


# ---------------------------------------------------------------------------------------------
# equal, maximum/minimum NaN handling


def test_equal():
    check(lambda T: [T.equal(T.tensor([1, 2]), T.tensor([1, 2])), T.equal(T.tensor([1, 2]), T.tensor([1, 3])),
                     T.equal(T.tensor([1, 2]), T.tensor([[1, 2]])), T.tensor([1.0, math.nan]).equal(
                         T.tensor([1.0, math.nan])), T.equal(T.zeros(0), T.zeros(0)),
                     T.equal(T.tensor(3), T.tensor(3)), T.equal(T.ones(2, 3).t(), T.ones(3, 2))])
    check(lambda T: T.equal(T.tensor([1, 2]), [1, 2]))


def test_maximum_minimum_nan():
    check(lambda T: (T.maximum(T.tensor([1.0, math.nan, 2.0]), T.tensor([math.nan, 0.0, 3.0])),
                     T.minimum(T.tensor([1.0, math.nan, -math.inf]), T.tensor([math.nan, 0.0, 3.0]))))
    check(lambda T: T.maximum(T.tensor([1j]), T.tensor([2j])), match_message=True)


# ---------------------------------------------------------------------------------------------
# In-place forms: same object, same storage, version bumped, PyTorch's cast rules

INPLACE = ["add_", "sub_", "mul_", "div_", "true_divide_", "floor_divide_", "remainder_", "fmod_", "pow_", "eq_",
           "lt_", "ge_", "ne_", "bitwise_and_", "bitwise_or_", "bitwise_xor_", "bitwise_left_shift_",
           "bitwise_right_shift_", "subtract_", "multiply_", "divide_"]


def _inplace_outcome(T, x, call):
    storage, version = x.untyped_storage().data_ptr(), x._version
    r = call(x)
    return r is x, x, x.untyped_storage().data_ptr() == storage, x._version - version


@pytest.mark.parametrize("name", INPLACE)
@pytest.mark.parametrize("self_dtype", DTYPE_NAMES)
def test_inplace_methods(name, self_dtype):
    others = [(d, lambda T, d=d: tensor(T, (3,), d, 2, nonzero=True)) for d in DTYPE_NAMES]
    for label, other in others + [(2, lambda T: 2), (1.5, lambda T: 1.5), (True, lambda T: True)]:
        check(lambda T: _inplace_outcome(T, tensor(T, (2, 3), self_dtype, 1), lambda x: getattr(x, name)(other(T))),
              ulps=complex_ulps(name, (self_dtype, label)), match_message=True)


AUGMENTED = {"+=": lambda x, y: x.__iadd__(y), "-=": lambda x, y: x.__isub__(y), "*=": lambda x, y: x.__imul__(y),
             "/=": lambda x, y: x.__itruediv__(y), "//=": lambda x, y: x.__ifloordiv__(y),
             "%=": lambda x, y: x.__imod__(y), "**=": lambda x, y: x.__ipow__(y), "&=": lambda x, y: x.__iand__(y),
             "|=": lambda x, y: x.__ior__(y), "^=": lambda x, y: x.__ixor__(y), "<<=": lambda x, y: x.__ilshift__(y),
             ">>=": lambda x, y: x.__irshift__(y)}


@pytest.mark.parametrize("name", AUGMENTED)
@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_augmented_assignment(name, dtype):
    f = AUGMENTED[name]
    for other in (lambda T: tensor(T, (3,), dtype, 2, nonzero=True), lambda T: 3, lambda T: 2.5, lambda T: True,
                  lambda T: tensor(T, (3,), "float64", 2, nonzero=True)):
        check(lambda T: _inplace_outcome(T, tensor(T, (2, 3), dtype, 1), lambda x: f(x, other(T))),
              ulps=complex_ulps(name, (dtype,)), match_message=True)


def test_augmented_assignment_statement_keeps_the_object():
    def fn(T):
        x = T.ones(2, 3)
        y = x
        x += 1
        x *= T.tensor([1.0, 2.0, 3.0])
        x -= 0.5
        x /= 2
        x @= T.ones(3, 3)  # matmul has no in-place form: a new object
        return x is y, x, y, y._version

    check(fn)


@pytest.mark.parametrize("fn", [
    lambda T: T.ones(3).add_(T.ones(2, 3)),
    lambda T: T.ones(1).expand(3).add_(1),
    lambda T: T.ones(2, 1).expand(2, 3).mul_(T.ones(2, 3)),
    lambda T: T.ones(3).add_(1.5j),
    lambda T: T.ones(3, dtype=T.int64).add_(1.5),
    lambda T: T.ones(3, dtype=T.int64).div_(2),
    lambda T: T.ones(3, dtype=T.bool).add_(1),
    lambda T: T.ones(3, dtype=T.int32).add_(T.ones(3, dtype=T.int64)),
    lambda T: T.ones(3, dtype=T.float16).mul_(T.full((3,), 1.1, dtype=T.float64)),
    lambda T: T.ones(3, dtype=T.int64).pow_(-1),
    lambda T: T.ones(3, dtype=T.int64).div_(2, rounding_mode="floor"),
    lambda T: T.ones(2, 3).t().add_(T.arange(2.0)),
    lambda T: T.arange(6.0).view(2, 3)[:, 1].mul_(10),
])
def test_inplace_edge_cases(fn):
    check(fn, match_message=True)


@pytest.mark.parametrize("fn", [
    lambda T: (lambda x: (x.add_(x), x))(T.arange(4.0)),
    lambda T: (lambda x: x.add_(x.t()))(T.arange(4.0).view(2, 2)),
    lambda T: (lambda x: x[1:].add_(x[:3]))(T.arange(4.0)),
    lambda T: (lambda x: x.mul_(x[0]))(T.arange(4.0)),
    lambda T: (lambda x: x[:2].mul_(x[2:]))(T.arange(4.0)),
    lambda T: (lambda x: x.add_(x[:1].expand(4)))(T.arange(4.0)),
    lambda T: (lambda x: T.add(x[2:], 1, out=x[:4]))(T.arange(6.0)),
    lambda T: (lambda x: T.mul(x, 2, out=x))(T.arange(6.0)),
])
def test_inplace_overlapping_operands(fn):
    check(fn, match_message=True)


# ---------------------------------------------------------------------------------------------
# out=

OUT_OPS = ["add", "sub", "mul", "div", "remainder", "fmod", "pow", "eq", "lt", "maximum", "bitwise_and", "lshift",
           "floor_divide"]


@pytest.mark.parametrize("name", OUT_OPS)
@pytest.mark.parametrize("out_dtype", ["bool", "int64", "float32", "float64", "complex64"])
def test_out(name, out_dtype):
    f = {"lshift": "bitwise_left_shift"}.get(name, name)

    def run(T, out_shape):
        out = T.zeros(out_shape, dtype=getattr(T, out_dtype))
        storage = out.untyped_storage().data_ptr()
        r = getattr(T, f)(tensor(T, (2, 3), "int64", 1), tensor(T, (3,), "int64", 2, nonzero=True), out=out)
        return r is out, out, out.untyped_storage().data_ptr() == storage

    check(lambda T: run(T, (2, 3)), match_message=True)
    check(lambda T: run(T, (0,)))


def test_size_one_dims_keep_their_strides_in_the_result_layout():
    """A size-1 dim the result shares is not a broadcast dim: its stride still orders the result's dims."""
    def operand(T):
        return T.arange(6.0).reshape(3, 2).t()[:1]
    check(lambda T: [operand(T) - operand(T), operand(T) * 2, T.exp(operand(T)), operand(T) + T.ones(1, 3),
                     T.where(operand(T) > 1, operand(T), 0.0)])
