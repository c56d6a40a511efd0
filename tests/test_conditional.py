"""clamp, nan_to_num, where, masked_fill, logical ops and closeness, compared with PyTorch."""
import numpy as np
import pytest

from oracle import DTYPE_NAMES, LAYOUTS, SHAPES, check, make, sample

INF, NAN = float("inf"), float("nan")
SPECIAL = [0.0, -0.0, 1.5, -2.5, 3.0, INF, -INF, NAN, 1e30, -1e-30]


# ---------------------------------------------------------------------------------------------
# clamp

NUMBER_BOUNDS = [(0, 2), (0.5, None), (None, 2), (2, 1), (True, None), (None, False), (1000, None), (-1, None),
                 (-300, None), (1e300, None), (NAN, None), (None, INF), (1j, None), (1 + 0j, None), (None, None),
                 (2.5e10, None)]


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_clamp_number_bounds(dtype):
    data = sample((2, 3), dtype)
    for low, high in NUMBER_BOUNDS:
        check(lambda T: T.clamp(make(T, data, dtype), low, high), match_message=True)
        check(lambda T: make(T, data, dtype).clamp_(low, high), match_message=True)


@pytest.mark.parametrize("dtype", ["bool", "uint8", "int8", "int64", "float16", "bfloat16", "float32", "complex64"])
@pytest.mark.parametrize("bound_dtype", ["bool", "int8", "int64", "float16", "float32", "float64", "complex64"])
def test_clamp_tensor_bounds(dtype, bound_dtype):
    if {dtype, bound_dtype} == {"complex64", "float16"}:
        return  # PyTorch promotes these to complex32, which Ember does not have
    for shape in ((), (3,)):
        _clamp_tensor_bounds(dtype, bound_dtype, shape)


def _clamp_tensor_bounds(dtype, bound_dtype, shape):
    data = sample((2, 3), dtype)
    low, high = sample(shape, bound_dtype, seed=1, low=-3, high=0), sample(shape, bound_dtype, seed=2, low=0, high=3)
    check(lambda T: T.clamp(make(T, data, dtype), make(T, low, bound_dtype), make(T, high, bound_dtype)),
          match_message=True)
    check(lambda T: T.clamp(make(T, data, dtype), min=make(T, low, bound_dtype)), match_message=True)
    check(lambda T: T.clamp(make(T, data, dtype), max=make(T, high, bound_dtype)), match_message=True)
    check(lambda T: make(T, data, dtype).clamp_(make(T, low, bound_dtype)), match_message=True)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64"])
def test_clamp_nan_and_signed_zero(dtype):
    values = SPECIAL
    bounds = [NAN, 0.0, -0.0, 2.0, -INF, INF, 1.5, NAN, 0.0, -1.0]
    for low, high in [(0.0, None), (-0.0, None), (None, 0.0), (None, -0.0), (-1.0, 1.0), (1.0, -1.0)]:
        check(lambda T: T.clamp(T.tensor(values, dtype=getattr(T, dtype)), low, high))
    check(lambda T: T.clamp(T.tensor(values, dtype=getattr(T, dtype)), T.tensor(bounds, dtype=getattr(T, dtype))))
    check(lambda T: T.clamp(T.tensor(values, dtype=getattr(T, dtype)), max=T.tensor(bounds, dtype=getattr(T, dtype))))
    check(lambda T: T.clamp(T.tensor(values, dtype=getattr(T, dtype)), T.tensor(bounds, dtype=getattr(T, dtype)),
                            T.tensor(bounds[::-1], dtype=getattr(T, dtype))))


@pytest.mark.parametrize("shape", SHAPES)
def test_clamp_layouts(shape):
    for layout in LAYOUTS:
        _clamp_layout(shape, layout)


def _clamp_layout(shape, layout):
    data = sample(shape, "float32")
    check(lambda T: T.clamp(layout(T, data, "float32"), -1, 2))
    check(lambda T: T.clamp(layout(T, data, "float32"), layout(T, data[..., :1] if data.ndim else data, "float32")))
    check(lambda T: layout(T, data, "float32").clamp_(max=0.5))


@pytest.mark.parametrize("bshape", [(3,), (2, 1), (1, 3), (4, 2, 3), (2,), ()])
def test_clamp_broadcast(bshape):
    data = sample((2, 3), "float32")
    bound = sample(bshape, "float32", seed=3)
    check(lambda T: T.clamp(make(T, data, "float32"), make(T, bound, "float32")), match_message=True)
    check(lambda T: T.clamp(make(T, data, "float32"), 0.0, make(T, bound, "float32")), match_message=True)
    check(lambda T: T.clamp(make(T, data, "float32"), make(T, bound, "float32"), 1.5), match_message=True)
    check(lambda T: make(T, data, "float32").clamp_(make(T, bound, "float32")), match_message=True)
    check(lambda T: make(T, data, "float32").t().clamp(max=make(T, bound, "float32").t()), match_message=True)


@pytest.mark.parametrize("out_dtype", ["bool", "int32", "int64", "float32", "float64"])
@pytest.mark.parametrize("dtype", ["int64", "float32"])
def test_clamp_out(out_dtype, dtype):
    data = sample((2, 3), dtype)

    def run(T, *bounds):
        out = T.empty(0, dtype=getattr(T, out_dtype))
        return T.clamp(make(T, data, dtype), *bounds, out=out), out

    for bounds in [(0, 2), (0.5,), (None, 1)]:
        check(lambda T: run(T, *bounds), match_message=True)
        check(lambda T: run(T, *[None if b is None else T.tensor(b) for b in bounds]), match_message=True)
    check(lambda T: T.clamp_min(make(T, data, dtype), 1, out=T.empty(0, dtype=getattr(T, out_dtype))),
          match_message=True)
    check(lambda T: T.clamp_max(make(T, data, dtype), T.tensor(1.5), out=T.empty(2, 3, dtype=getattr(T, out_dtype))),
          match_message=True)


@pytest.mark.parametrize("name", ["clamp_min", "clamp_max"])
@pytest.mark.parametrize("dtype", ["bool", "uint8", "int64", "float16", "float64", "complex64"])
def test_clamp_min_max(name, dtype):
    data = sample((2, 3), dtype)
    for bound in (1, 0.5, True, 1j, -1, 300):
        check(lambda T: getattr(T, name)(make(T, data, dtype), bound), match_message=True)
        check(lambda T: getattr(make(T, data, dtype), name + "_")(bound), match_message=True)
    check(lambda T: getattr(T, name)(make(T, data, dtype), T.tensor([0.5, 1.0, 2.0])), match_message=True)
    check(lambda T: getattr(T, name)(make(T, data, dtype), T.tensor(True)), match_message=True)
    check(lambda T: getattr(make(T, data, dtype), name)(T.tensor(1)), match_message=True)
    check(lambda T: getattr(T, name + "_")(make(T, data, dtype), T.tensor(1)), match_message=True)


def test_clip_aliases_and_methods():
    data = sample((2, 3), "float32")
    check(lambda T: T.clip(make(T, data, "float32"), -1, 1))
    check(lambda T: T.clip_(make(T, data, "float32"), max=1))
    check(lambda T: make(T, data, "float32").clip(min=T.tensor(0.0)))
    check(lambda T: make(T, data, "float32").clip_(-1, 1))
    check(lambda T: make(T, data, "float32").clamp(-1))
    check(lambda T: T.clamp_(make(T, data, "float32"), max=0))
    check(lambda T: T.clamp_min_(make(T, data, "float32"), 0))
    check(lambda T: T.clamp_max_(make(T, data, "float32"), 0))


def test_clamp_bad_arguments():
    data = sample((3,), "int64")
    check(lambda T: T.clamp(make(T, data, "int64")), match_message=True)
    check(lambda T: make(T, data, "int64").clamp(), match_message=True)
    check(lambda T: T.clamp(make(T, data, "int64"), "a"), match_message=True)
    check(lambda T: T.clamp(1, 2))
    check(lambda T: T.clamp_max(make(T, data, "int64"), None), match_message=True)
    check(lambda T: T.clamp(make(T, data, "int64"), min=T.zeros(2)), match_message=True)
    check(lambda T: make(T, data, "int64").clamp_(T.zeros(2, 1)), match_message=True)
    check(lambda T: T.clamp(make(T, data, "int64"), 2 ** 63))
    check(lambda T: make(T, data, "int64").expand(2, 3).clamp_(0), match_message=True)


# ---------------------------------------------------------------------------------------------
# nan_to_num


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_nan_to_num_dtypes(dtype):
    data = sample((2, 3), dtype)
    check(lambda T: T.nan_to_num(make(T, data, dtype)), match_message=True)
    check(lambda T: make(T, data, dtype).nan_to_num_(1.0), match_message=True)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64", "complex64", "complex128"])
def test_nan_to_num_values(dtype):
    values = SPECIAL + ([complex(NAN, INF), complex(-INF, NAN), complex(1, -INF)] if "complex" in dtype else [])
    for args in [(), (1.0,), (1.0, 2.0, -2.0), (None, 1e300, -1e300), (0.0, None, 5.0), (2.5, 1e5, None)]:
        check(lambda T: T.nan_to_num(T.tensor(values, dtype=getattr(T, dtype)), *args))
        check(lambda T: T.tensor(values, dtype=getattr(T, dtype)).nan_to_num(*args))
        check(lambda T: T.nan_to_num_(T.tensor(values, dtype=getattr(T, dtype)), *args))


@pytest.mark.parametrize("shape", SHAPES)
def test_nan_to_num_layouts(shape):
    data = sample(shape, "float64")
    data[data > 2] = np.nan
    for layout in LAYOUTS:
        check(lambda T: T.nan_to_num(layout(T, data, "float64"), posinf=1.0))


def test_nan_to_num_arguments_and_out():
    values = [1.5, NAN, INF, -INF]
    check(lambda T: T.nan_to_num(T.tensor(values), nan=T.tensor(1.0)))
    check(lambda T: T.nan_to_num(T.tensor(values), nan=True, posinf=2))
    check(lambda T: T.nan_to_num(T.tensor(values), "a"), match_message=True)
    check(lambda T: T.nan_to_num([1.0]), match_message=True)
    check(lambda T: T.nan_to_num(T.tensor(values), nan=1j))
    for out_dtype in ("float32", "float64", "int64"):
        check(lambda T: T.nan_to_num(T.tensor(values), out=T.empty(0, dtype=getattr(T, out_dtype))),
              match_message=True)
    check(lambda T: T.nan_to_num(T.tensor([1, 2]), 3, out=T.empty(2, dtype=T.int64)), match_message=True)


# ---------------------------------------------------------------------------------------------
# where


SCALARS = [True, 2, -3, 2.5, 1j, 1000, 1e6, 1e300]


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_where_scalar_promotion(dtype):
    cond = sample((2, 3), "bool", seed=5)
    data = sample((2, 3), dtype)
    for s in SCALARS:
        if dtype == "float16" and isinstance(s, complex):
            continue  # PyTorch gives complex32, which Ember does not have
        check(lambda T: T.where(make(T, cond, "bool"), make(T, data, dtype), s), match_message=True)
        check(lambda T: T.where(make(T, cond, "bool"), s, make(T, data, dtype)), match_message=True)
        check(lambda T: make(T, data, dtype).where(make(T, cond, "bool"), s), match_message=True)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_where_tensor_promotion(dtype):
    cond = sample((2, 3), "bool", seed=5)
    for other in ["bool", "uint8", "int8", "int64", "float16", "bfloat16", "float64", "complex128"]:
        if {dtype, other} & {"float16"} and {dtype, other} & {"complex64", "complex128"}:
            continue  # PyTorch gives complex32, which Ember does not have
        x, y = sample((2, 3), dtype), sample((3,), other, seed=1)
        check(lambda T: T.where(make(T, cond, "bool"), make(T, x, dtype), make(T, y, other)))
        check(lambda T: T.where(make(T, cond, "bool"), make(T, y[0], other), make(T, x, dtype)))


def test_where_two_numbers():
    cond = sample((2, 3), "bool", seed=5)
    for a, b in [(True, 2), (2, 2.5), (True, True), (2, 3), (1.5, 2.5), (1j, 1), (True, 2.5), (2 ** 63, 1)]:
        check(lambda T: T.where(make(T, cond, "bool"), a, b), match_message=True)


@pytest.mark.parametrize("cond_shape,x_shape,y_shape", [
    ((2, 3), (2, 3), (2, 3)), ((3,), (2, 3), ()), ((2, 1), (3,), (1, 3)), ((), (2, 3), (2, 3)),
    ((0, 3), (3,), ()), ((2, 3), (2,), (2, 3)), ((2,), (2, 3), (2, 3)), ((2, 3), (2, 3), (3, 2))])
def test_where_broadcast(cond_shape, x_shape, y_shape):
    c, x, y = sample(cond_shape, "bool", seed=5), sample(x_shape, "float32"), sample(y_shape, "float32", seed=1)
    check(lambda T: T.where(make(T, c, "bool"), make(T, x, "float32"), make(T, y, "float32")), match_message=True)


@pytest.mark.parametrize("shape", [(2, 3), (3, 1, 4), (5,)])
def test_where_layouts(shape):
    c, x = sample(shape, "bool", seed=5), sample(shape, "int32")
    for layout in LAYOUTS:
        check(lambda T: T.where(layout(T, c, "bool"), layout(T, x, "int32"), 0))
        check(lambda T: T.where(make(T, c, "bool"), layout(T, x, "int32"), make(T, x, "int32")))
        check(lambda T: T.where(layout(T, c, "bool"), -1.5, layout(T, x, "int32")))


@pytest.mark.parametrize("cond_dtype", DTYPE_NAMES)
def test_where_condition_dtype(cond_dtype):
    c = sample((2, 3), cond_dtype, seed=5)
    check(lambda T: T.where(make(T, c, cond_dtype), T.ones(2, 3), T.zeros(2, 3)), match_message=True)
    check(lambda T: T.where(make(T, c, cond_dtype), 1, 2), match_message=True)
    check(lambda T: T.where(make(T, c, cond_dtype)))


def test_where_one_argument_and_errors():
    check(lambda T: T.where(T.tensor([True, False, True])))
    check(lambda T: T.where(T.tensor(1.0)))
    check(lambda T: T.where(T.tensor([[0, 1], [2, 0]])))
    c = [True, False, True]
    check(lambda T: T.where(T.tensor(c), T.ones(3)))
    check(lambda T: T.where(True, T.ones(3), 0))
    check(lambda T: T.where(T.tensor(c), [1], 0))
    check(lambda T: T.where(T.tensor(c), 1, 0, out=T.empty(0)), match_message=True)
    check(lambda T: T.where(T.tensor(c), T.ones(3), 0, out=T.empty(0)))
    for out_dtype in ("int64", "float32", "float64"):
        def fn(T):
            out = T.empty(0, dtype=getattr(T, out_dtype))
            return T.where(T.tensor(c), T.ones(3), T.zeros(3), out=out), out
        check(fn, match_message=True)
    check(lambda T: T.where(condition=T.tensor(c), input=T.ones(3), other=0))


# ---------------------------------------------------------------------------------------------
# masked_fill


FILL_VALUES = [2, 2.7, True, -1, 1000, 1e6, 1e300, NAN, INF, 1j, 2 ** 63, -2 ** 63 - 1]


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_masked_fill_values(dtype):
    data, mask = sample((2, 3), dtype), sample((2, 3), "bool", seed=5)
    for value in FILL_VALUES:
        check(lambda T: T.masked_fill(make(T, data, dtype), make(T, mask, "bool"), value), match_message=True)
        check(lambda T: make(T, data, dtype).masked_fill_(make(T, mask, "bool"), value), match_message=True)
    for value, value_dtype in [(2.5, "float32"), (7, "int64"), (1000, "int64"), (1j, "complex64"), (1e300, "float64"),
                               (True, "bool")]:
        check(lambda T: make(T, data, dtype).masked_fill(make(T, mask, "bool"), T.tensor(value, dtype=getattr(
            T, value_dtype))), match_message=True)


@pytest.mark.parametrize("x_shape,m_shape", [((2, 3), (3,)), ((3,), (2, 3)), ((2, 1), (1, 3)), ((2, 3), ()),
                                             ((), ()), ((0, 3), (3,)), ((3,), (2,)), ((2, 3), (3, 1))])
def test_masked_fill_broadcast(x_shape, m_shape):
    data, mask = sample(x_shape, "float32"), sample(m_shape, "bool", seed=5)
    check(lambda T: T.masked_fill(make(T, data, "float32"), make(T, mask, "bool"), -1.0), match_message=True)
    check(lambda T: make(T, data, "float32").masked_fill_(make(T, mask, "bool"), -1.0), match_message=True)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_masked_fill_layouts(layout):
    data, mask = sample((3, 4), "int64"), sample((3, 4), "bool", seed=5)
    check(lambda T: layout(T, data, "int64").masked_fill(layout(T, mask, "bool"), 9))
    check(lambda T: layout(T, data, "int64").masked_fill_(make(T, mask, "bool"), 9))
    check(lambda T: layout(T, data, "int64").masked_fill(T.tensor(True), 9))


def test_masked_fill_errors():
    data, mask = sample((3,), "int64"), sample((3,), "bool", seed=5)
    for mask_dtype in ("uint8", "float32", "int64"):
        check(lambda T: make(T, data, "int64").masked_fill(make(T, mask, mask_dtype), 2), match_message=True)
        check(lambda T: make(T, data, "int64").masked_fill(make(T, mask, mask_dtype), T.tensor([2])),
              match_message=True)
    check(lambda T: make(T, data, "int64").masked_fill(make(T, mask, "bool"), T.tensor([2])), match_message=True)
    check(lambda T: make(T, data, "int64").masked_fill(make(T, mask, "bool"), "a"))
    check(lambda T: make(T, data, "int64").masked_fill(make(T, mask, "bool"), None))
    check(lambda T: make(T, data, "int64").masked_fill([True], 1))
    check(lambda T: T.masked_fill(make(T, data, "int64"), make(T, mask, "bool"), value=3))
    check(lambda T: T.ones(1, 2).expand(2, 2).masked_fill_(T.tensor([True, False]), 3))


# ---------------------------------------------------------------------------------------------
# logical_and / logical_or / logical_xor


LOGICAL = ["logical_and", "logical_or", "logical_xor"]


@pytest.mark.parametrize("name", LOGICAL)
@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_logical_dtypes(name, dtype):
    a, b = sample((2, 3), dtype), sample((3,), "float32", seed=1)
    a[0, 0] = 0
    check(lambda T: getattr(T, name)(make(T, a, dtype), make(T, a[::-1].copy(), dtype)))
    check(lambda T: getattr(T, name)(make(T, a, dtype), make(T, b.round(), "float32")))
    check(lambda T: getattr(make(T, a, dtype), name)(make(T, b.round(), "float32")))
    check(lambda T: getattr(make(T, a, dtype), name + "_")(make(T, b.round(), "float32")))


@pytest.mark.parametrize("name", LOGICAL)
def test_logical_out(name):
    a, b = sample((2, 3), "int64"), sample((2, 3), "float32", seed=1).round()
    for out_dtype in ["bool", "uint8", "int64", "float16", "bfloat16", "float64", "complex64"]:
        def fn(T):
            out = T.empty(0, dtype=getattr(T, out_dtype))
            return getattr(T, name)(make(T, a, "int64"), make(T, b, "float32"), out=out), out
        check(fn)


@pytest.mark.parametrize("name", LOGICAL)
def test_logical_layouts(name):
    for shape in SHAPES:
        a = sample(shape, "int8")
        for layout in LAYOUTS:
            check(lambda T: getattr(T, name)(layout(T, a, "int8"), make(T, a, "int8")))


@pytest.mark.parametrize("name", LOGICAL)
def test_logical_errors(name):
    check(lambda T: getattr(T, name)(T.arange(3), 1), match_message=True)
    check(lambda T: getattr(T, name)(T.arange(3), True), match_message=True)
    check(lambda T: getattr(T, name)(1, T.arange(3)), match_message=True)
    check(lambda T: getattr(T.arange(3), name)(1), match_message=True)
    check(lambda T: getattr(T, name)(T.arange(3), T.ones(2)), match_message=True)
    check(lambda T: getattr(T.arange(3), name + "_")(T.ones(2, 1)), match_message=True)
    check(lambda T: getattr(T.ones(3, 2), name)(T.ones(3, 1)), match_message=True)


# ---------------------------------------------------------------------------------------------
# isclose / allclose


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_isclose_dtypes(dtype):
    a = sample((4, 5), dtype)
    b = sample((4, 5), dtype, seed=1) if dtype != "bool" else a ^ sample((4, 5), "bool", seed=7)
    b[0] = a[0]
    for tolerances in [{}, {"rtol": 0, "atol": 0}, {"rtol": 0.1, "atol": 0}, {"rtol": 0, "atol": 1},
                       {"rtol": 0.5, "atol": 0.5}]:
        _isclose_pair(a, b, dtype, tolerances)


def _isclose_pair(a, b, dtype, tolerances):
    check(lambda T: T.isclose(make(T, a, dtype), make(T, b, dtype), **tolerances))
    check(lambda T: T.allclose(make(T, a, dtype), make(T, b, dtype), **tolerances))
    check(lambda T: make(T, a, dtype).isclose(make(T, b, dtype), **tolerances))
    check(lambda T: make(T, a[0], dtype).allclose(make(T, b[0], dtype), **tolerances))


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64", "complex64"])
@pytest.mark.parametrize("equal_nan", [False, True])
def test_isclose_special_values(dtype, equal_nan):
    a = [NAN, INF, -INF, 1.0, 1.0, 0.0, 1e-9, 100.0, INF, 1.0]
    b = [NAN, INF, INF, 1.0000001, 1.001, 1e-9, 0.0, 100.001, 1.0, NAN]
    for rtol, atol in [(1e-5, 1e-8), (0, 0), (1e-3, 0), (0, INF)]:
        check(lambda T: T.isclose(T.tensor(a, dtype=getattr(T, dtype)), T.tensor(b, dtype=getattr(T, dtype)),
                                  rtol, atol, equal_nan))
        check(lambda T: T.allclose(T.tensor(a, dtype=getattr(T, dtype)), T.tensor(b, dtype=getattr(T, dtype)),
                                   rtol, atol, equal_nan))


def test_isclose_integers_use_default_float():
    check(lambda T: T.isclose(T.tensor([2 ** 60, 5]), T.tensor([2 ** 60 + 1000, 6]), atol=0.5, rtol=0))
    check(lambda T: T.isclose(T.tensor([3, 200], dtype=T.uint8), T.tensor([20, 3], dtype=T.uint8), atol=20, rtol=0))
    check(lambda T: T.isclose(T.tensor([-128], dtype=T.int8), T.tensor([127], dtype=T.int8), atol=2, rtol=0))
    check(lambda T: T.isclose(T.tensor([True, False]), T.tensor([False, False]), atol=1))


def test_isclose_layouts_and_errors():
    check(lambda T: T.isclose(T.ones(3, 2).t(), T.ones(2, 3)))
    check(lambda T: T.isclose(T.ones(3, 1), T.ones(2, 1, 3), rtol=0, atol=0))
    check(lambda T: T.isclose(T.ones(3, 2, 1).permute(2, 0, 1), T.ones(2), equal_nan=True))
    check(lambda T: T.isclose(T.ones(3), T.ones(2)), match_message=True)
    check(lambda T: T.allclose(T.ones(3), T.ones(2)), match_message=True)
    check(lambda T: T.allclose(T.ones(0), T.ones(0)))
    check(lambda T: T.isclose(T.arange(3), T.ones(3)), match_message=True)
    check(lambda T: T.allclose(T.arange(3), T.arange(3).int()), match_message=True)
    check(lambda T: T.isclose(T.ones(3), 1.0), match_message=True)
    for kwargs in ({"rtol": -1}, {"atol": -1}, {"rtol": NAN}, {"atol": "a"}, {"atol": None}, {"equal_nan": 1},
                   {"equal_nan": None}):
        check(lambda T: T.isclose(T.ones(3), T.ones(3), **kwargs), match_message=True)
        check(lambda T: T.allclose(T.ones(3), T.ones(3), **kwargs), match_message=True)
