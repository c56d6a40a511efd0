"""Scans (cumsum, cumprod, cummax, cummin, logcumsumexp), diff and trace against PyTorch."""
import numpy as np
import pytest

from oracle import DTYPE_NAMES, FLOAT_DTYPES, LAYOUTS, check, make, sample

SCANNED = [(), (0,), (5,), (2, 3), (3, 0), (2, 3, 4)]


def cases(shapes=SCANNED):
    """(shape, layout, dim) triples: each shape in a rotating layout, over dims first, last and out of range."""
    for i, shape in enumerate(shapes):
        layout = LAYOUTS[i % len(LAYOUTS)]
        n = max(len(shape), 1)
        for dim in sorted({0, -1, n - 1}) + [n]:
            yield shape, layout, dim


def ties(T, shape, dtype, layout=LAYOUTS[0], seed=0):
    """Small integers (repeated values) and, for floats, NaN, infinities and signed zeros."""
    data = sample(shape, dtype, seed)
    if dtype in FLOAT_DTYPES:
        data = np.round(data).astype(np.float64)
        flat = data.reshape(-1)
        for i, v in zip(range(2, flat.size, 7), (np.nan, np.inf, -0.0, -np.inf, 0.0, np.nan)):
            flat[i] = v
        data = flat.reshape(shape)
    return layout(T, data, dtype)


@pytest.mark.parametrize("op", ["cumsum", "cumprod"])
@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_cumulative(op, dtype):
    for shape, layout, dim in cases():
        x = lambda T: layout(T, sample(shape, dtype), dtype)
        check(lambda T: getattr(T, op)(x(T), dim), match_message=True)
        check(lambda T: getattr(x(T), op)(dim=dim), match_message=True)
    x = lambda T: make(T, sample((3, 4), dtype), dtype)
    for result_dtype in ("int8", "int64", "float16", "bfloat16", "float64", "complex64", "bool"):
        check(lambda T: getattr(T, op)(x(T), 1, dtype=getattr(T, result_dtype)), match_message=True)
    for out_dtype in ("int32", "float32", "float64", "complex128"):
        check(lambda T: getattr(T, op)(x(T), 0, out=T.empty(0, dtype=getattr(T, out_dtype))), match_message=True)
        check(lambda T: getattr(T, op)(x(T), 0, dtype=T.float64, out=T.empty(3, 4, dtype=getattr(T, out_dtype))),
              match_message=True)
    check(lambda T: getattr(T, op)(x(T), 0, out=T.empty(12, dtype=getattr(T, dtype))[::3]))


@pytest.mark.parametrize("op", ["cumsum_", "cumprod_"])
@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_cumulative_inplace(op, dtype):
    for shape, layout, dim in cases([(), (5,), (2, 3), (1,), (1, 1)]):
        check(lambda T: getattr(layout(T, sample(shape, dtype), dtype), op)(dim), match_message=True)
    x = lambda T: make(T, sample((3, 4), dtype), dtype)
    for same in (True, False):
        check(lambda T: getattr(x(T), op)(1, dtype=getattr(T, dtype if same else "float64")), match_message=True)
    check(lambda T: getattr(make(T, sample((4,), dtype), dtype).expand(3, 4), op)(1), match_message=True)


def test_cumulative_precision():
    """float32 accumulates in float64, float16/bfloat16 in float32, as PyTorch's CPU kernels do."""
    for dtype in ("float16", "bfloat16", "float32", "complex64"):
        for shape, dim in (((3, 700), 1), ((700, 3), 0), ((40, 50, 40), 1), ((300, 300), 0)):
            data = sample(shape, dtype, seed=3)
            check(lambda T: T.cumsum(make(T, data, dtype), dim), ulps=1)
            check(lambda T: T.cumprod(make(T, data[..., :6] if dim else data[:6], dtype) / 3, dim), ulps=1)


def test_complex_cumprod_long():
    """Past 4096 steps complex products accumulate in NumPy (complex128 for complex64: still PyTorch's values)."""
    angles = np.random.default_rng(1).uniform(-np.pi, np.pi, 5000)
    check(lambda T: T.cumprod(T.tensor(np.exp(1j * angles).astype(np.complex64)), 0))


def test_cumulative_bad_arguments():
    x = lambda T: T.ones(2, 3)
    for dim in (None, 1.0, "a", (0,)):
        check(lambda T: T.cumsum(x(T), dim))
    check(lambda T: T.cumsum(x(T), None), match_message=True)
    check(lambda T: T.cumprod(x(T), 2), match_message=True)
    check(lambda T: x(T).cumsum_(-3), match_message=True)


@pytest.mark.parametrize("op", ["cummax", "cummin"])
@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_running_extremes(op, dtype):
    for shape, layout, dim in cases(SCANNED + [(4, 9)]):
        x = lambda T: ties(T, shape, dtype, layout)
        check(lambda T: getattr(T, op)(x(T), dim), match_message=True)
        check(lambda T: getattr(x(T), op)(dim=dim), match_message=True)
    x = lambda T: ties(T, (3, 7), dtype)
    pair = lambda T, values, indices: (T.empty(0, dtype=getattr(T, values)), T.empty(0, dtype=getattr(T, indices)))
    for values, indices in ((dtype, "int64"), ("float64", "int64"), ("int32", "int64"), (dtype, "int32")):
        check(lambda T: getattr(T, op)(x(T), 1, out=pair(T, values, indices)), match_message=True)


def test_running_extremes_nan_and_ties():
    for data in ([1., 3, 3, 2, 3, np.nan, 5, np.nan], [-0., 0., -0., 0.], [np.nan, np.nan, 1.], [2., 2., 2.]):
        for op in ("cummax", "cummin"):
            check(lambda T: getattr(T, op)(T.tensor(data), 0))
            check(lambda T: getattr(T, op)(T.tensor(data, dtype=T.float16), 0))


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_logcumsumexp(dtype):
    for shape, layout, dim in cases():
        check(lambda T: T.logcumsumexp(layout(T, sample(shape, dtype), dtype), dim), match_message=True)
        check(lambda T: layout(T, sample(shape, dtype), dtype).logcumsumexp(dim), match_message=True)
    x = lambda T: make(T, sample((3, 4), dtype), dtype)
    for out_dtype in (dtype, "float64", "int64"):
        check(lambda T: T.logcumsumexp(x(T), 1, out=T.empty(0, dtype=getattr(T, out_dtype))), match_message=True)


def test_logcumsumexp_complex_rounding():
    """Complex steps round as PyTorch's compiled log1p (fused multiply-adds): bit-equal, even where parts cancel."""
    data = sample((6, 40), "complex128", seed=4)
    check(lambda T: T.logcumsumexp(T.tensor(data) * 0.4, 1), ulps=0)
    check(lambda T: T.logcumsumexp(T.tensor(data).t(), 0), ulps=0)


def test_logcumsumexp_infinities():
    inf, nan = float("inf"), float("nan")
    for data in ([-inf, -inf, 1., inf, 2., nan, 3.], [inf, -inf, inf], [-inf, 0., -inf], [1e30, 1e30, -1e30]):
        for dtype in ("float32", "float64", "bfloat16"):
            check(lambda T: T.logcumsumexp(T.tensor(data, dtype=getattr(T, dtype)), 0))
    for data in ([1 + 2j, -3 + 1j, 0.5 - 4j], [complex(-inf, 0), 1 + 1j, complex(-inf, 2)], [complex(inf, 1), 2j],
                 [1j, complex(0, nan), 1], [complex(-inf, 0)] * 2, np.linspace(0, 0.05, 9) * (1 - 2j)):
        for dtype in ("complex64", "complex128"):
            check(lambda T: T.logcumsumexp(T.tensor(data, dtype=getattr(T, dtype)), 0))


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_diff(dtype):
    for shape, layout, dim in cases([(), (0,), (5,), (2, 3), (3, 0), (2, 3, 4), (4, 1)]):
        x = lambda T: layout(T, sample(shape, dtype), dtype)
        for n in (0, 1, 2, 5):
            check(lambda T: T.diff(x(T), n, dim), match_message=True)
        check(lambda T: x(T).diff(dim=dim), match_message=True)
    x = lambda T: make(T, sample((3, 4), dtype), dtype).t()
    for edge in ("int64", "float32", "bool", dtype):
        e = lambda T, n: make(T, sample((n, 3), edge, seed=n), edge)
        check(lambda T: T.diff(x(T), dim=0, prepend=e(T, 2)), match_message=True)
        check(lambda T: T.diff(x(T), 2, 0, append=e(T, 1), prepend=e(T, 3)), match_message=True)
    check(lambda T: T.diff(x(T), out=T.empty(0, dtype=getattr(T, dtype))), match_message=True)
    check(lambda T: T.diff(x(T), 2, out=T.empty(0, dtype=T.float64)), match_message=True)


def test_diff_layouts():
    """Each difference is laid out as PyTorch's TensorIterator lays out a subtraction of two views, size-1 dims
    and its contiguous, channels-last and dense fast paths included."""
    cases = (((2, 4, 4, 5), (0, 3, 1, 2), 2), ((1, 4, 4, 5), (0, 3, 1, 2), 2), ((2, 2, 5), (2, 1, 0), -1),
             ((3, 3), (1, 0), 0), ((4, 1, 5, 1), (1, 2, 3, 0), 3), ((2, 4, 3, 3), (1, 3, 2, 0), -1))
    for shape, order, dim in cases:
        for step in (1, 2):
            for dtype in ("int32", "bool"):
                data = np.repeat(sample(shape, dtype), step, axis=0)
                x = lambda T: make(T, data, dtype)[::step].permute(*order)
                for n in (1, 2):
                    check(lambda T: T.diff(x(T), n, dim))


def test_diff_bad_arguments():
    x = lambda T: T.ones(2, 3)
    check(lambda T: T.diff(x(T), -1), match_message=True)
    check(lambda T: T.diff(x(T), dim=2), match_message=True)
    check(lambda T: T.diff(T.tensor(1.)), match_message=True)
    check(lambda T: T.diff(x(T), append=T.ones(3)), match_message=True)
    check(lambda T: T.diff(x(T), dim=0, append=T.ones(1, 4)), match_message=True)
    check(lambda T: T.diff(x(T), prepend=T.ones(3, 1)), match_message=True)
    check(lambda T: T.diff(x(T), append=2), match_message=True)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_trace(dtype):
    for shape in [(), (3,), (3, 3), (2, 5), (5, 2), (0, 3), (2, 2, 2)]:
        for layout in LAYOUTS:
            x = lambda T: layout(T, sample(shape, dtype), dtype)
            check(lambda T: T.trace(x(T)), match_message=True)
            check(lambda T: x(T).trace(), match_message=True)


def test_axis_spelling():
    """PyTorch accepts NumPy's ``axis`` for ``dim``; a missing dim is a TypeError."""
    x = lambda T: T.tensor(sample((3, 4), "float32"))
    for op in ("cumsum", "cumprod", "cummax", "cummin", "logcumsumexp", "diff"):
        check(lambda T: getattr(T, op)(x(T), axis=0))
        check(lambda T: getattr(x(T), op)(axis=1))
    check(lambda T: x(T).cumsum_(axis=0))
    for op in ("cumsum", "cumprod", "cummax", "logcumsumexp"):
        check(lambda T: getattr(T, op)(x(T)), match_message=True)
