"""Elementwise math of two (or three) tensors, compared with PyTorch over dtypes, promotion, scalars, broadcasting,
layouts, special values, ``out=`` and in-place forms."""
import numpy as np
import pytest

from oracle import DTYPE_NAMES, LAYOUTS, check, make, sample

PAIRS = ["atan2", "arctan2", "hypot", "logaddexp", "logaddexp2", "xlogy", "copysign", "nextafter", "ldexp", "gcd",
         "lcm", "heaviside", "fmax", "fmin", "float_power"]
NO_INPLACE = {"logaddexp", "logaddexp2", "fmax", "fmin"}
SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, -2.5, 1e-30, 1e30, -1e30, float("inf"), float("-inf"), float("nan")]


def _ulps(dtype):
    return 16 if dtype.startswith("complex") else 4


def _data(name, dtype, shape=(2, 3), seed=0):
    low = 0 if name == "logaddexp" and dtype.startswith("complex") else -5
    return sample(shape, dtype, seed=seed, low=low)


@pytest.mark.parametrize("name", PAIRS)
@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_dtypes(name, dtype):
    a, b = _data(name, dtype), _data(name, dtype, seed=1)
    check(lambda T: getattr(T, name)(make(T, a, dtype), make(T, b, dtype)), ulps=_ulps(dtype), match_message=True)
    check(lambda T: getattr(make(T, a, dtype), name)(make(T, b, dtype)), ulps=_ulps(dtype), match_message=True)
    if name not in NO_INPLACE:
        check(lambda T: getattr(make(T, a, dtype), name + "_")(make(T, b, dtype)), ulps=_ulps(dtype),
              match_message=True)


MIXED = [("int64", "float32"), ("float16", "float32"), ("bfloat16", "int32"), ("uint8", "int8"), ("bool", "float64"),
         ("float32", "complex64"), ("int32", "bool"), ("float16", "bfloat16")]


@pytest.mark.parametrize("name", PAIRS)
@pytest.mark.parametrize("dtypes", MIXED, ids="-".join)
def test_promotion(name, dtypes):
    da, db = dtypes
    a, b = _data(name, da), _data(name, db, seed=1)
    check(lambda T: getattr(T, name)(make(T, a, da), make(T, b, db)), ulps=_ulps(db), match_message=True)
    # a 0-d tensor of a higher category still decides the dtype; of the same category it does not
    check(lambda T: getattr(T, name)(make(T, a, da), T.tensor(1.5, dtype=T.float64)), match_message=True)
    check(lambda T: getattr(T, name)(make(T, a, da), T.tensor(2)), match_message=True)


@pytest.mark.parametrize("name", PAIRS)
@pytest.mark.parametrize("dtype", ["int64", "float16", "float64"])
def test_scalars(name, dtype):
    a = _data(name, dtype)
    for number in (2, -1.5, True, 2j):
        check(lambda T: getattr(T, name)(make(T, a, dtype), number), match_message=True)
        check(lambda T: getattr(T, name)(number, make(T, a, dtype)), match_message=True)
    check(lambda T: getattr(make(T, a, dtype), name)(-1.5))


@pytest.mark.parametrize("name", ["xlogy", "float_power", "copysign", "atan2"])
def test_two_numbers(name):
    check(lambda T: getattr(T, name)(2, 3), match_message=True)
    check(lambda T: getattr(T, name)(2.5, [1.0]), match_message=False)


@pytest.mark.parametrize("name", PAIRS)
@pytest.mark.parametrize("shapes", [((), ()), ((0,), (1,)), ((3, 1), (1, 4)), ((2, 3), ()), ((), (2, 3)),
                                    ((1, 4, 1), (2, 1, 3)), ((2, 3), (3, 2))], ids=str)
def test_broadcasting(name, shapes):
    dtype = "int64" if name in ("gcd", "lcm") else "float32"
    a, b = _data(name, dtype, shapes[0]), _data(name, dtype, shapes[1], seed=1)
    check(lambda T: getattr(T, name)(make(T, a, dtype), make(T, b, dtype)), match_message=True)
    if name not in NO_INPLACE:
        check(lambda T: getattr(make(T, a, dtype), name + "_")(make(T, b, dtype)), match_message=True)


@pytest.mark.parametrize("name", PAIRS)
@pytest.mark.parametrize("layouts", [(0, 1), (1, 2), (2, 2), (1, 0)])
def test_layouts(name, layouts):
    dtype = "int64" if name in ("gcd", "lcm") else "float32"
    la, lb = LAYOUTS[layouts[0]], LAYOUTS[layouts[1]]
    a, b = _data(name, dtype, (3, 4)), _data(name, dtype, (3, 4), seed=1)
    check(lambda T: getattr(T, name)(la(T, a, dtype), lb(T, b, dtype)))
    check(lambda T: getattr(T, name)(la(T, a, dtype), lb(T, b[:1], dtype)))


@pytest.mark.parametrize("name", [n for n in PAIRS if n not in ("gcd", "lcm")])
@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64"])
def test_special_values(name, dtype):
    # lists, not arrays: PyTorch's vectorized float64-to-bfloat16 conversion turns NaN negative
    a = np.repeat(SPECIAL, len(SPECIAL)).tolist()
    b = np.tile(SPECIAL, len(SPECIAL)).tolist()
    check(lambda T: getattr(T, name)(T.tensor(a, dtype=getattr(T, dtype)), T.tensor(b, dtype=getattr(T, dtype))))


@pytest.mark.parametrize("dtype", ["bfloat16", "float32", "float64"])
def test_lerp_addcmul_special_values(dtype):
    a = np.repeat(SPECIAL, len(SPECIAL)).tolist()
    b = np.tile(SPECIAL, len(SPECIAL)).tolist()
    weights = [0.0, 0.3, 0.5, 1.0, 2.0, -1.0, float("inf"), float("nan")] * 22
    for w in (0.3, 0.75):
        check(lambda T: T.lerp(T.tensor(a, dtype=getattr(T, dtype)), T.tensor(b, dtype=getattr(T, dtype)), w))
    check(lambda T: T.lerp(T.tensor(a, dtype=getattr(T, dtype)), T.tensor(b, dtype=getattr(T, dtype)),
                           T.tensor(weights[:len(a)], dtype=getattr(T, dtype))))
    check(lambda T: T.addcmul(T.tensor(a, dtype=getattr(T, dtype)), T.tensor(b, dtype=getattr(T, dtype)),
                              T.tensor(a[::-1], dtype=getattr(T, dtype)), value=0.5))
    check(lambda T: T.addcdiv(T.tensor(a, dtype=getattr(T, dtype)), T.tensor(b, dtype=getattr(T, dtype)),
                              T.tensor(a[::-1], dtype=getattr(T, dtype)), value=-2))


def test_ldexp_exponents():
    big = [1000, -1100, 2 ** 40, 0, 5]
    check(lambda T: T.ldexp(T.tensor([1e-300, 3.0, 1.0, 2.0, 1.5], dtype=T.float64), T.tensor(big)))
    check(lambda T: T.ldexp(T.tensor([1.5, 1.0, 3.0, 2.0, 0.5], dtype=T.float16), T.tensor([20, -25, 3, -14, -24])))
    check(lambda T: T.ldexp(T.ones(5, dtype=T.complex64), T.tensor(big)))
    check(lambda T: T.ldexp(T.ones(3), T.tensor([True, False, True])), match_message=True)
    check(lambda T: T.ldexp(T.ones(3, dtype=T.int32), T.tensor([True, False, True])))


def test_gcd_lcm_signs():
    a, b = [-4, 0, 0, -6, 7, 12, -12], [6, 0, -3, -9, 0, 18, -8]
    for name in ("gcd", "lcm"):
        check(lambda T: getattr(T, name)(T.tensor(a), T.tensor(b)))
        check(lambda T: getattr(T, name)(T.tensor(a, dtype=T.int16), T.tensor(b, dtype=T.uint8)))


@pytest.mark.parametrize("name", PAIRS)
@pytest.mark.parametrize("dtype", ["int64", "float16", "float32"])
@pytest.mark.parametrize("out_dtype", ["int64", "float64", "complex128"])
def test_out(name, dtype, out_dtype):
    a, b = _data(name, dtype), _data(name, dtype, seed=1)

    def fn(T):
        out = T.empty(0, dtype=getattr(T, out_dtype))
        r = getattr(T, name)(make(T, a, dtype), make(T, b, dtype), out=out)
        # a wider out= holds values computed in the op's dtype: compare them at that precision
        return r is out, out.to(T.float16) if dtype == "float16" and out_dtype != "int64" else out

    check(fn, match_message=True)


@pytest.mark.parametrize("name", ["atan2", "xlogy", "fmax"])
def test_out_keeps_layout_and_resizes(name):
    def fn(T):
        out = T.zeros(4, 3).t()
        getattr(T, name)(T.ones(3, 4), T.full((3, 4), 2.0), out=out)
        small = T.empty(5)
        getattr(T, name)(T.ones(3, 4), T.full((3, 4), 2.0), out=small)
        return out, small

    check(fn)


@pytest.mark.parametrize("name", ["atan2", "hypot", "xlogy", "copysign", "heaviside"])
def test_inplace_errors(name):
    check(lambda T: getattr(T.ones(3), name + "_")(T.ones(2, 3)), match_message=True)
    check(lambda T: getattr(T.ones(3).expand(2, 3), name + "_")(T.ones(2, 3)), match_message=True)
    check(lambda T: getattr(T.ones(3, dtype=T.int64), name + "_")(T.ones(3, dtype=T.int64)), match_message=True)


@pytest.mark.parametrize("case", [
    lambda T: T.ones(2).atan2(2), lambda T: T.ones(2).atan2_(2), lambda T: T.ones(2).gcd(2),
    lambda T: T.ones(2).heaviside(2), lambda T: T.ones(2).ldexp(2), lambda T: T.ones(2).addcmul(T.ones(2), 2),
    lambda T: T.ones(2).addcdiv_(1, T.ones(2)), lambda T: T.ones(2).polygamma(1.5),
    lambda T: T.ones(2).polygamma_(1.5), lambda T: T.ones(2).mvlgamma(1.5), lambda T: T.ones(2).mvlgamma_(1.5),
    lambda T: T.ones(2).logaddexp(T.ones(3)), lambda T: T.ones(2).fmax(2.0),
], ids=range(13))
def test_method_argument_errors(case):
    check(case, match_message=True)


def test_inplace_on_view():
    def fn(T):
        base = T.arange(6.0).reshape(2, 3)
        base.t().atan2_(T.ones(3, 2))
        base[0].xlogy_(2.0)
        return base
    check(fn)


# ---------------------------------------------------------------------------------------------
# lerp, addcmul, addcdiv


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@pytest.mark.parametrize("weight", [0.3, 0.7, -1.5, True, 1j, "tensor", "0-d", "0-d float64"])
def test_lerp(dtype, weight):
    a, b = sample((2, 3), dtype), sample((2, 3), dtype, seed=1)

    def fn(T):
        w = weight
        if weight == "tensor":
            w = make(T, sample((3,), dtype, seed=2, low=-1, high=2), dtype)
        elif weight == "0-d":
            w = T.tensor(0.25).to(getattr(T, dtype))
        elif weight == "0-d float64":
            w = T.tensor(0.75, dtype=T.float64)
        return T.lerp(make(T, a, dtype), make(T, b, dtype), w)

    check(fn, ulps=_ulps(dtype), match_message=True)
    if weight in (0.3, "tensor"):
        check(lambda T: make(T, a, dtype).lerp_(make(T, b, dtype), 0.3), ulps=_ulps(dtype), match_message=True)
        check(lambda T: make(T, a, dtype).lerp(make(T, b, dtype), 0.7), ulps=_ulps(dtype), match_message=True)


@pytest.mark.parametrize("case", [
    lambda T: T.lerp(T.ones(3), T.ones(3, dtype=T.float64), 0.5),
    lambda T: T.lerp(T.ones(3), T.ones(3), T.ones(3, dtype=T.float64)),
    lambda T: T.lerp(T.ones(3, dtype=T.float16), T.ones(3), 0.5),
    lambda T: T.lerp(T.ones(3, dtype=T.int64), T.ones(3, dtype=T.int64), T.tensor(0.5)),
    lambda T: T.lerp(T.ones(3, dtype=T.int64), T.ones(3, dtype=T.int64), T.tensor([0.5, 0.2, 0.1])),
    lambda T: T.lerp(T.ones(3), 2, 0.5),
    lambda T: T.lerp(T.ones(3), T.ones(3), "a"),
    lambda T: T.lerp(T.ones(3), T.ones(2), 0.5),
    lambda T: T.lerp(T.ones(3), T.ones(3), T.ones(2, 1) * 0.3),
    lambda T: T.lerp(T.ones(3, 1), T.ones(4) * 3, T.ones(2, 1, 1) * 0.6),
    lambda T: T.ones(3).lerp_(T.ones(2, 3), 0.5),
    lambda T: T.ones(3).lerp_(T.ones(3, dtype=T.float64), 0.5),
    lambda T: T.lerp(T.ones(3), T.ones(3), 0.5, out=T.empty(0, dtype=T.float64)),
    lambda T: T.lerp(T.ones(3), T.ones(3), 0.5, out=T.empty(0, dtype=T.int64)),
    lambda T: T.lerp(T.arange(12.0).reshape(3, 4).t(), T.ones(4, 3), 0.2),
], ids=range(15))
def test_lerp_cases(case):
    check(case, match_message=True)


@pytest.mark.parametrize("name", ["addcmul", "addcdiv"])
@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@pytest.mark.parametrize("value", [2, -0.5, True, 2j, 1 + 0j])
def test_addcmul_addcdiv(name, dtype, value):
    a, b, c = sample((2, 3), dtype), sample((3,), dtype, seed=1), sample((2, 1), dtype, seed=2, low=1, high=4)
    check(lambda T: getattr(T, name)(make(T, a, dtype), make(T, b, dtype), make(T, c, dtype), value=value),
          ulps=_ulps(dtype), match_message=True)
    if value == 2:
        check(lambda T: getattr(make(T, a, dtype), name)(make(T, b, dtype), make(T, c, dtype)),
              ulps=_ulps(dtype), match_message=True)
        check(lambda T: getattr(make(T, a, dtype), name + "_")(make(T, b, dtype), make(T, c, dtype), value=3),
              ulps=_ulps(dtype), match_message=True)


@pytest.mark.parametrize("name", ["addcmul", "addcdiv"])
@pytest.mark.parametrize("dtypes", [("int64", "float32", "float32"), ("float32", "int64", "int64"),
                                    ("float32", "float32", "int64"), ("bool", "float16", "float16"),
                                    ("float32", "float64", "float32"), ("int8", "uint8", "int16"),
                                    ("float32", "float32", "complex64")], ids="-".join)
def test_addcmul_addcdiv_promotion(name, dtypes):
    arrays = [sample((2, 3), d, seed=i, low=1) for i, d in enumerate(dtypes)]
    check(lambda T: getattr(T, name)(*(make(T, x, d) for x, d in zip(arrays, dtypes)), value=2), match_message=True)
    check(lambda T: getattr(make(T, arrays[0], dtypes[0]), name + "_")(
        *(make(T, x, d) for x, d in zip(arrays[1:], dtypes[1:]))), match_message=True)


@pytest.mark.parametrize("case", [
    lambda T: T.addcmul(T.ones(3), T.ones(3), 2),
    lambda T: T.addcmul(T.ones(3), 2, T.ones(3)),
    lambda T: T.addcdiv(1, T.ones(3), T.ones(3)),
    lambda T: T.addcmul(T.ones(3), T.ones(3), T.ones(3), value="a"),
    lambda T: T.addcdiv(T.ones(3), T.ones(3), T.ones(3), value=T.tensor(2.0)),
    lambda T: T.addcmul(T.ones(3), T.ones(2), T.ones(3)),
    lambda T: T.addcmul(T.ones(3), T.ones(3), T.ones(3), out=T.empty(0, dtype=T.int64)),
    lambda T: T.addcmul(T.ones(3), T.ones(3), T.ones(3), out=T.empty(0, dtype=T.float64)),
    lambda T: T.addcdiv(T.ones(3), T.arange(3.0), T.zeros(3)),
    lambda T: T.addcmul(T.ones(4, 3).t(), T.ones(3, 4), T.ones(4)),
    lambda T: T.addcmul(T.ones(3, dtype=T.uint8), T.ones(3, dtype=T.uint8), T.ones(3, dtype=T.uint8), value=-1),
    lambda T: T.addcmul(T.ones(3, dtype=T.uint8), T.ones(3, dtype=T.uint8), T.ones(3, dtype=T.uint8), value=-256),
    lambda T: T.addcmul(T.ones(3, dtype=T.int8), T.ones(3, dtype=T.int8), T.ones(3, dtype=T.int8), value=200),
    lambda T: T.addcmul(T.ones(3), T.ones(3), T.ones(3), value=1e300),
], ids=range(14))
def test_addc_cases(case):
    check(case, match_message=True)


# ---------------------------------------------------------------------------------------------
# float_power, polygamma, mvlgamma


@pytest.mark.parametrize("case", [
    lambda T: T.float_power(T.ones(3), T.ones(3), out=T.empty(0)),
    lambda T: T.float_power(T.ones(3), 2, out=T.empty(0, dtype=T.float64)),
    lambda T: T.float_power(T.ones(3, dtype=T.complex64), 2, out=T.empty(0, dtype=T.complex64)),
    lambda T: T.float_power(T.ones(3), T.ones(3), out=T.empty(0, dtype=T.complex128)),
    lambda T: T.ones(3).float_power_(2),
    lambda T: T.ones(3, dtype=T.float64).float_power_(2),
    lambda T: T.ones(3, dtype=T.float64).float_power_(2j),
    lambda T: T.ones(3, dtype=T.complex128).float_power_(T.ones(3)),
    lambda T: T.float_power(T.arange(-3, 4), -2),
    lambda T: T.float_power(T.arange(-3.0, 4.0), 0.5),
    lambda T: T.float_power(T.tensor([True, False]), T.tensor([True, True])),
], ids=range(11))
def test_float_power_cases(case):
    check(case, match_message=True)


POSITIVE = [0.0, 1e-3, 0.5, 1.0, 1.5, 2.0, 3.7, 10.0, 55.5, 1e4, float("inf"), float("nan")]


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5])
@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_polygamma(n, dtype):
    data = sample((2, 3), dtype, low=0.1, high=6)
    # PyTorch's float32 series for trigamma and up is accurate to a few dozen ulps
    check(lambda T: T.polygamma(n, make(T, data, dtype)), ulps=64, match_message=True)
    check(lambda T: make(T, data, dtype).polygamma(n), ulps=64, match_message=True)
    check(lambda T: make(T, data, dtype).polygamma_(n), ulps=64, match_message=True)


@pytest.mark.parametrize("n", [0, 1, 2, 4])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_polygamma_values(n, dtype):
    check(lambda T: T.polygamma(n, T.tensor(POSITIVE + [-0.5, -2.5, -1.0, -3.0], dtype=getattr(T, dtype))), ulps=64)


@pytest.mark.parametrize("case", [
    lambda T: T.polygamma(-1, T.ones(3)),
    lambda T: T.polygamma(1.5, T.ones(3)),
    lambda T: T.polygamma(1, 2),
    lambda T: T.polygamma(T.ones(3), 1),
    lambda T: T.polygamma(1, T.ones(3), out=T.empty(0, dtype=T.float64)),
    lambda T: T.polygamma(1, T.ones(3), out=T.empty(0, dtype=T.int64)),
    lambda T: T.polygamma(2, T.ones(4, 3).t()),
    lambda T: T.ones(3, dtype=T.int64).polygamma_(1),
], ids=range(8))
def test_polygamma_cases(case):
    check(case, match_message=True)


@pytest.mark.parametrize("p", [1, 2, 3, 5])
@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_mvlgamma(p, dtype):
    data = sample((2, 3), dtype, low=2.5, high=9)
    check(lambda T: T.mvlgamma(make(T, data, dtype), p), ulps=16, match_message=True)
    check(lambda T: make(T, data, dtype).mvlgamma(p=p), ulps=16, match_message=True)
    check(lambda T: make(T, data, dtype).mvlgamma_(p), ulps=16, match_message=True)


@pytest.mark.parametrize("case", [
    lambda T: T.mvlgamma(T.tensor([0.0, 0.5, 0.6, 1.0, -1.5, -3.0, float("nan"), float("inf")]), 1),
    lambda T: T.mvlgamma(T.tensor([0.0, 0.5, 0.6, 1.0, 1.5, -3.0, float("nan"), 100.0]), 3),
    lambda T: T.mvlgamma(T.ones(3), 0),
    lambda T: T.mvlgamma(T.ones(3), 1.5),
    lambda T: T.mvlgamma(True, 1),
    lambda T: T.mvlgamma(T.tensor([3.0, 4.0]), 2, out=T.empty(0, dtype=T.float64)),
    lambda T: T.mvlgamma(T.tensor([3, 4]), 2, out=T.empty(0, dtype=T.int64)),
    lambda T: T.mvlgamma(T.tensor([3.0, 4.0]), 2, out=T.empty(0, dtype=T.int64)),
    lambda T: T.mvlgamma(T.tensor([True]), 2, out=T.empty(0)),
    lambda T: T.tensor([True]).mvlgamma_(1),
    lambda T: T.tensor([3, 4], dtype=T.int32).mvlgamma_(2),
    lambda T: T.mvlgamma(T.empty(0, 3), 3),
    lambda T: T.mvlgamma(T.tensor(4.5), 3),
    lambda T: T.mvlgamma(T.arange(3.0, 15.0).reshape(3, 4).t(), 2),
], ids=range(14))
def test_mvlgamma_cases(case):
    check(case, ulps=16, match_message=True)


@pytest.mark.parametrize("name", ["atan2", "hypot", "xlogy", "gcd", "heaviside", "fmax", "nextafter", "ldexp"])
def test_not_a_tensor(name):
    check(lambda T: getattr(T, name)(T.ones(2), [1.0, 2.0]), match_message=True)
    check(lambda T: getattr(T, name)("a", T.ones(2)), match_message=name not in ("xlogy",))
