"""Reductions (sum, mean, prod, max/min, argmax/argmin, amax/amin) against PyTorch."""
import math

import pytest

from oracle import DTYPE_NAMES, FLOAT_DTYPES, LAYOUTS, check, make, sample

SHAPES = [(), (0,), (5,), (2, 3), (3, 0), (2, 3, 4), (1, 4, 1)]
# dim arguments worth telling apart; each is tried where it is in range for the shape
DIMS = [None, 0, -1, 1, (0,), (0, -1), [1, 0], (), []]


def values(T, shape, dtype, layout=LAYOUTS[0], seed=0):
    """Sample values; floating ones positive, so that summation order changes results by an ulp at most."""
    low = 0 if dtype in FLOAT_DTYPES or "complex" in dtype else -5
    return layout(T, sample(shape, dtype, seed, low=low), dtype)


def dims_for(shape):
    ndim = max(len(shape), 1)
    return [d for d in DIMS if all(-ndim <= x < ndim for x in ([] if d is None else [d] if isinstance(d, int) else d))]


# ---------------------------------------------------------------------------------------------
# sum, mean, prod

SUMS = {
    "sum": lambda T, x, d, k: x.sum(d, k) if d is not None else x.sum(),
    "mean": lambda T, x, d, k: T.mean(x, d, k) if d is not None else T.mean(x),
    "torch.sum(dim=)": lambda T, x, d, k: T.sum(x, dim=d, keepdim=k) if d is not None else T.sum(x),
}


@pytest.mark.parametrize("name", SUMS)
@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_sum_and_mean(name, dtype):
    f = SUMS[name]
    for shape in SHAPES:
        for layout in LAYOUTS:
            for d in dims_for(shape):
                for keepdim in (False, True):
                    check(lambda T: f(T, values(T, shape, dtype, layout), d, keepdim), ulps=8, match_message=True)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_prod(dtype):
    for shape in SHAPES:
        for layout in LAYOUTS:
            check(lambda T: values(T, shape, dtype, layout).prod(), ulps=8)
            for d in (0, -1):
                for keepdim in (False, True):
                    check(lambda T: T.prod(values(T, shape, dtype, layout), d, keepdim), ulps=8, match_message=True)


@pytest.mark.parametrize("source", DTYPE_NAMES)
def test_reduction_dtype_argument(source):
    """``dtype=`` converts the input first (wrapping integers, truncating floats), then reduces in that dtype."""
    for target in DTYPE_NAMES:
        for op in ("sum", "mean", "prod"):
            check(lambda T: getattr(values(T, (2, 3), source), op)(dtype=getattr(T, target)), ulps=8,
                  match_message=True)
            check(lambda T: getattr(T, op)(values(T, (2, 3), source), 1, dtype=getattr(T, target)), ulps=8)
    check(lambda T: T.tensor([300, 300], dtype=T.int16).sum(dtype=T.int8))


def test_integer_and_bool_results():
    check(lambda T: [T.tensor([True, True, False]).sum(), T.tensor([200, 100], dtype=T.uint8).sum(),
                     T.tensor([2 ** 62, 2 ** 62]).sum(), T.tensor([True, False]).prod(),
                     T.tensor([100, 100], dtype=T.int8).prod(), T.tensor([[True], [True]]).sum(1)])


def test_numpy_spellings():
    check(lambda T: [T.arange(6.0).view(2, 3).sum(axis=0), T.arange(6.0).view(2, 3).sum(axis=1, keepdims=True),
                     T.arange(6.0).view(2, 3).mean(axis=(0, 1)), T.sum(T.arange(6.0).view(2, 3), axis=-1),
                     T.mean(T.arange(6.0).view(2, 3), 0, keepdims=True)])


@pytest.mark.parametrize("fn", [
    lambda T: T.zeros(0).sum(), lambda T: T.zeros(0).prod(), lambda T: T.zeros(0).mean(),
    lambda T: T.zeros(0, 3).sum(0), lambda T: T.zeros(0, 3).prod(1), lambda T: T.zeros(0, 3).mean(0),
    lambda T: T.zeros(0, dtype=T.int32).sum(), lambda T: T.zeros(3, 0).sum((0, 1), keepdim=True),
])
def test_empty_sums(fn):
    check(fn)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_reduced_precision_accumulates_in_float32(dtype):
    """Summing a float16/bfloat16 tensor in its own precision would stall; PyTorch accumulates in float32."""
    check(lambda T: T.full((4096,), 0.1, dtype=getattr(T, dtype)).sum(), ulps=0)
    check(lambda T: T.full((4096,), 0.1, dtype=getattr(T, dtype)).mean(), ulps=0)
    check(lambda T: T.full((64, 3), 1.1, dtype=getattr(T, dtype)).sum(0), ulps=0)
    check(lambda T: T.full((3, 64), 1.1, dtype=getattr(T, dtype)).mean(1), ulps=0)


@pytest.mark.parametrize("fn", [
    lambda T: T.arange(6).view(2, 3).mean(),
    lambda T: T.tensor([True]).mean(),
    lambda T: T.arange(6.0).mean(dtype=T.int64),
    lambda T: T.arange(6.0).view(2, 3).sum((0, 0)),
    lambda T: T.arange(6.0).view(2, 3).sum(2),
    lambda T: T.arange(6.0).view(2, 3).sum(-3),
    lambda T: T.tensor(5.0).sum(1),
    lambda T: T.arange(6.0).view(2, 3).sum(1.5),
    lambda T: T.arange(6.0).view(2, 3).sum("a"),
    lambda T: T.arange(6.0).view(2, 3).prod((0, 1)),
    lambda T: T.arange(6.0).view(2, 3).prod(2),
    lambda T: T.arange(6.0).view(2, 3).mean((1, 1)),
])
def test_sum_errors(fn):
    check(fn, match_message=True)


@pytest.mark.parametrize("fn", [
    lambda T: T.arange(6.0).view(2, 3).prod(dim=[0]),
    lambda T: T.arange(6.0).view(2, 3).max(1.5),
    lambda T: T.max(T.arange(3.0), 1.5),
    lambda T: T.arange(6.0).view(2, 3).max(dim=None),
])
def test_argument_type_errors(fn):
    """PyTorch's argument parser lists what each overload expected; the class is what matters."""
    check(fn)


def test_out():
    def fn(T):
        out = T.empty(2, dtype=T.float64)
        r = T.sum(T.arange(6.0).view(2, 3), 1, out=out)
        return r is out, out

    check(fn)
    check(lambda T: T.sum(T.arange(6.0).view(2, 3), 1, out=T.empty(2, dtype=T.int64)), match_message=True)


# ---------------------------------------------------------------------------------------------
# max, min, argmax, argmin, amax, amin

NAN = math.nan
WITH_NAN = [[1.0, NAN, 3.0, 3.0], [NAN, 5.0, NAN, -1.0], [2.0, 2.0, 1.0, 1.0]]
TIES = [[3, 1, 3, 0], [-1, -1, 2, 2], [4, 4, 4, 4]]

EXTREMES = {
    "max": lambda T, x, d, k: x.max() if d is None else x.max(d, k),
    "min": lambda T, x, d, k: T.min(x) if d is None else T.min(x, d, keepdim=k),
    "argmax": lambda T, x, d, k: x.argmax(d, k),
    "argmin": lambda T, x, d, k: T.argmin(x, dim=d, keepdim=k),
    "amax": lambda T, x, d, k: x.amax(() if d is None else d, k),
    "amin": lambda T, x, d, k: T.amin(x, () if d is None else d, keepdim=k),
}


def _extreme_dims(name, shape):
    multi = name in ("amax", "amin")
    return [d for d in dims_for(shape) if multi or d is None or isinstance(d, int)]


@pytest.mark.parametrize("name", EXTREMES)
@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_extremes(name, dtype):
    f = EXTREMES[name]
    for shape in SHAPES:
        for layout in LAYOUTS:
            for d in _extreme_dims(name, shape):
                for keepdim in (False, True):
                    check(lambda T: f(T, values(T, shape, dtype, layout), d, keepdim), match_message=True)


@pytest.mark.parametrize("name", EXTREMES)
@pytest.mark.parametrize("dtype", ["int16", "float16", "bfloat16", "float32", "float64"])
def test_extremes_nan_and_ties(name, dtype):
    """NaN wins and its first position is the index; among equal values the first one is."""
    f = EXTREMES[name]
    data = TIES if "int" in dtype else WITH_NAN
    for d in _extreme_dims(name, (3, 4)):
        check(lambda T: f(T, make(T, data, dtype), d, False))
        check(lambda T: f(T, make(T, data, dtype).t(), d, True))


def test_max_min_of_two_tensors():
    check(lambda T: (T.max(T.tensor([1.0, NAN, 2.0]), T.tensor([0.0, 1.0, 3.0])),
                     T.tensor([[1, 5], [3, 2]]).min(T.tensor([2, 2])), T.max(T.arange(3.0), T.tensor(1.5))))


@pytest.mark.parametrize("fn", [
    lambda T: T.zeros(0).max(),
    lambda T: T.zeros(0, 3).min(),
    lambda T: T.zeros(0, 3).max(0),
    lambda T: T.zeros(0, 3).max(1),
    lambda T: T.zeros(0, 3).argmax(),
    lambda T: T.zeros(0, 3).argmin(0),
    lambda T: T.zeros(0, 3).argmax(1),
    lambda T: T.zeros(0).amax(),
    lambda T: T.zeros(0, 3).amin((0, 1)),
    lambda T: T.zeros(0, 3).amax(1),
    lambda T: T.tensor([1 + 1j]).max(),
    lambda T: T.tensor([1 + 1j]).min(0),
    lambda T: T.tensor([1 + 1j]).argmax(),
    lambda T: T.tensor([1 + 1j]).amin(),
    lambda T: T.tensor([True, False]).argmax(),
    lambda T: T.tensor([True, False]).argmin(0),
    lambda T: T.arange(6.0).view(2, 3).max(2),
    lambda T: T.arange(6.0).view(2, 3).argmax(1.5),
    lambda T: T.zeros(3, 0).max(-1),
    lambda T: T.zeros(3, 0).argmax(-1),
    lambda T: T.zeros(3, 0).amax((0, -1)),
    lambda T: T.zeros(0, 3).amin((-2, 1)),
    lambda T: T.arange(6.0).view(2, 3).amax((1, 1)),
    lambda T: T.tensor(5.0).max(0),
    lambda T: T.tensor(5.0).argmin(-1, keepdim=True),
])
def test_extreme_edge_cases(fn):
    check(fn, match_message=True)


def test_return_types():
    def fn(T):
        r = T.tensor([[1.0, 3.0], [4.0, 2.0]]).max(1)
        values, indices = r
        return type(r).__name__, r.values, r.indices, values, indices, repr(r), r[0]

    check(fn)
