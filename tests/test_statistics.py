"""Order statistics (median, nanmedian, mode, quantile, nanquantile) against PyTorch."""
import numpy as np
import pytest

from oracle import DTYPE_NAMES, FLOAT_DTYPES, LAYOUTS, check, sample

SHAPES = [(), (0,), (5,), (2, 3), (3, 0), (2, 3, 4), (4, 1)]


def ties(T, shape, dtype, layout=LAYOUTS[0], seed=0, nan=True):
    """Small integers (many repeated values) and, for floats, NaN, infinities and signed zeros."""
    data = sample(shape, dtype, seed, low=-3, high=3)
    if dtype in FLOAT_DTYPES:
        data = np.round(data).astype(np.float64)
        flat = data.reshape(-1)
        specials = (np.nan, np.inf, -0.0, -np.inf, 0.0, np.nan) if nan else (np.inf, -0.0, -np.inf, 0.0)
        for i, v in zip(range(2, flat.size, 7), specials):
            flat[i] = v
        data = flat.reshape(shape)
    return layout(T, data, dtype)


def cases(shapes=SHAPES):
    """(shape, layout, dim) triples: each shape in a rotating layout, over dims first, last and out of range."""
    for i, shape in enumerate(shapes):
        layout = LAYOUTS[i % len(LAYOUTS)]
        n = max(len(shape), 1)
        for dim in sorted({0, -1, n - 1}) + [n]:
            yield shape, layout, dim


@pytest.mark.parametrize("op", ["median", "nanmedian"])
@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_median(op, dtype):
    for shape, layout, dim in cases(SHAPES + [(3, 8)]):
        x = lambda T: ties(T, shape, dtype, layout)
        check(lambda T: getattr(T, op)(x(T)), match_message=True)
        for keepdim in (False, True):
            check(lambda T: getattr(T, op)(x(T), dim, keepdim), match_message=True)
        check(lambda T: getattr(x(T), op)(dim=dim), match_message=True)
    x = lambda T: ties(T, (3, 5), dtype)
    check(lambda T: getattr(T, op)(x(T), 1, out=(T.empty(0, dtype=getattr(T, dtype)), T.empty(0, dtype=T.int64))),
          match_message=True)


def test_median_ties_and_nan():
    """The index PyTorch reports is the median's place in a stable sort; the first NaN for median."""
    rows = [[1, 2, 2, 2, 2, 1, 1, 3, 2, 2], [5, 5, 5, 5], [2, 1, 2, 1, 2, 1]]
    for row in rows:
        for op in ("median", "nanmedian"):
            check(lambda T: getattr(T, op)(T.tensor(row), 0))
    nan = float("nan")
    for row in ([1., nan, 2., nan], [nan, nan, nan], [nan, 3., 3., 1., nan, 3.], [-0., 0., 0., -0.]):
        for op in ("median", "nanmedian"):
            check(lambda T: getattr(T, op)(T.tensor(row), 0))
            check(lambda T: getattr(T, op)(T.tensor(row)))
    big = lambda T: T.tensor(np.random.default_rng(5).integers(0, 4, (6, 300)).astype(np.float32))
    check(lambda T: T.median(big(T), 1))
    check(lambda T: T.nanmedian(big(T).t(), 0, True))


def test_median_bad_arguments():
    x = lambda T: T.ones(3, 2)
    check(lambda T: T.median(x(T), 0, out=(T.empty(0, dtype=T.float64), T.empty(0, dtype=T.int64))), match_message=True)
    check(lambda T: T.median(x(T), 0, out=(T.empty(0), T.empty(0, dtype=T.int32))), match_message=True)
    check(lambda T: T.nanmedian(x(T), 0, out=(T.empty(0, dtype=T.float64), T.empty(0, dtype=T.int64))),
          match_message=True)
    check(lambda T: T.median(x(T), 0, True, out=T.empty(0)), match_message=False)
    check(lambda T: T.median(x(T), keepdim=True))
    check(lambda T: T.median(x(T), dim=None))
    check(lambda T: T.median(x(T), 1.5))


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_mode(dtype):
    for i, (shape, layout, dim) in enumerate(cases(SHAPES + [(3, 12)])):
        x = lambda T: ties(T, shape, dtype, layout, nan=i % 2 == 0)  # NaN in every other case
        check(lambda T: T.mode(x(T), dim, i % 3 == 0), match_message=True)
        check(lambda T: x(T).mode(), match_message=True)
    x = lambda T: ties(T, (3, 7), dtype)
    pair = lambda T, values, indices: (T.empty(0, dtype=getattr(T, values)), T.empty(0, dtype=getattr(T, indices)))
    for values, indices in ((dtype, "int64"), ("float64", "int64"), (dtype, "int32")):
        check(lambda T: T.mode(x(T), 0, out=pair(T, values, indices)), match_message=True)


def test_mode_long_rows():
    """Beyond 16 elements PyTorch's introsort decides which index of the mode is reported: replayed exactly."""
    rng = np.random.default_rng(7)
    for n in (17, 40, 300):
        data = rng.integers(0, 6, (5, n))
        check(lambda T: T.mode(T.tensor(data), 1))
        floats = data.astype(np.float32)
        floats[rng.random(floats.shape) < 0.1] = np.nan
        check(lambda T: T.mode(T.tensor(floats), -1))
        check(lambda T: T.mode(T.tensor(floats, dtype=T.float16).t(), 0))
    sorted_rows = np.sort(rng.integers(0, 3, (2, 64)), axis=1)  # presorted and reversed runs
    check(lambda T: T.mode(T.tensor(sorted_rows), 1))
    check(lambda T: T.mode(T.tensor(sorted_rows[:, ::-1].copy()), 1))
    check(lambda T: T.mode(T.zeros(3, 100, dtype=T.int32), 1))
    distinct = rng.standard_normal((4, 50))  # every value once: the smallest, wherever it is
    check(lambda T: T.mode(T.tensor(distinct), 1))
    distinct[1, 7] = distinct[1, 30]
    check(lambda T: T.mode(T.tensor(distinct).t(), 0))


QS = [0.0, 0.3, 0.5, 1.0]


@pytest.mark.parametrize("op", ["quantile", "nanquantile"])
@pytest.mark.parametrize("interpolation", ["linear", "lower", "higher", "midpoint", "nearest"])
def test_quantile(op, interpolation):
    for i, (shape, layout, dim) in enumerate(cases([(), (5,), (2, 3), (2, 3, 4), (4, 1)])):
        dtype = ("float32", "float64")[i % 2]
        x = lambda T: ties(T, shape, dtype, layout, seed=len(shape)) * 1.25
        for q in (0.3, [0.0, 0.25, 0.5, 0.7, 1.0]):
            qq = lambda T: T.tensor(q, dtype=getattr(T, dtype)) if isinstance(q, list) else q
            check(lambda T: getattr(T, op)(x(T), qq(T), dim, i % 3 == 0, interpolation=interpolation),
                  match_message=True)
    for dtype in ("float32", "float64"):
        x = lambda T: ties(T, (3, 4), dtype, seed=1)
        check(lambda T: getattr(x(T), op)(T.tensor(QS, dtype=getattr(T, dtype)), interpolation=interpolation))
        check(lambda T: getattr(x(T), op)(0.75, keepdim=True, interpolation=interpolation))
        check(lambda T: getattr(x(T), op)(T.tensor(QS, dtype=getattr(T, dtype)), 0, True, interpolation=interpolation))


def test_quantile_values():
    """Positions halfway between elements (nearest rounds half to even) and a 0-d q tensor."""
    for op in ("quantile", "nanquantile"):
        q = lambda T: T.tensor([0.125, 0.375, 0.5, 0.625, 0.875, 0.1, 0.9])
        for data in ([0., 1.], [0., 1., 2.], [0., 1., 2., 10.], [3., float("nan"), 1.], [float("nan")] * 3):
            for interpolation in ("linear", "midpoint", "nearest"):
                check(lambda T: getattr(T, op)(T.tensor(data), q(T), interpolation=interpolation))
        rng = np.random.default_rng(2)
        data = rng.standard_normal((4, 50)).astype(np.float32)
        check(lambda T: getattr(T, op)(T.tensor(data), T.tensor(0.37), dim=1), ulps=1)
        check(lambda T: getattr(T, op)(T.tensor(data), T.tensor(0.37), dim=1, keepdim=True), ulps=1)
        check(lambda T: getattr(T, op)(T.tensor(data).double(), 0.1, dim=0), ulps=1)


def test_quantile_bad_arguments():
    x = lambda T: T.tensor([[1., 2, 3], [4, 5, 6]])
    for q in (1.5, -0.1, float("nan"), 1e-9 - 1):
        check(lambda T: T.quantile(x(T), q), match_message=True)
    check(lambda T: T.quantile(x(T), T.tensor([0.5, 1.5])), match_message=True)
    check(lambda T: T.quantile(x(T), T.tensor([[0.5]])), match_message=True)
    check(lambda T: T.quantile(x(T), T.tensor([0.5], dtype=T.float64)), match_message=True)
    check(lambda T: T.quantile(x(T).long(), 0.5), match_message=True)
    check(lambda T: T.quantile(x(T).half(), T.tensor(0.5)), match_message=True)
    check(lambda T: T.nanquantile(x(T), 0.5, interpolation="cubic"), match_message=True)
    check(lambda T: T.quantile(T.ones(0), 0.5), match_message=True)
    check(lambda T: T.quantile(T.ones(2, 0), 0.5, dim=0), match_message=True)
    check(lambda T: T.quantile(x(T), 0.5, dim=2), match_message=True)
    check(lambda T: T.quantile(x(T), [0.5]))
    check(lambda T: T.quantile(x(T), 0.5, dim=1, out=T.empty(0)), match_message=True)
    check(lambda T: T.quantile(x(T), 0.5, dim=1, out=T.empty(0, dtype=T.float64)), match_message=True)
    check(lambda T: T.nanquantile(x(T), T.tensor([0.5, 0.2]), dim=0, out=T.empty(3)), match_message=True)


def test_axis_spelling():
    """PyTorch accepts NumPy's ``axis`` for ``dim``."""
    x = lambda T: T.tensor(sample((3, 4), "float32"))
    for op in ("median", "nanmedian", "mode"):
        check(lambda T: getattr(T, op)(x(T), axis=0))
        check(lambda T: getattr(x(T), op)(axis=1, keepdim=True))
    for op in ("quantile", "nanquantile"):
        check(lambda T: getattr(T, op)(x(T), 0.25, axis=1))


def _quicksort_killer(n):
    """McIlroy's adversary against ember's replay of std::sort: values that drive introsort into its heapsort."""
    from ember.ops.statistics import _std_sort

    gas, values, state = n, [n] * n, {"solid": 0, "candidate": None}

    class Item:
        def __init__(self, i):
            self.i = i

        def __lt__(self, other):
            x, y = self.i, other.i
            if values[x] == gas and values[y] == gas:
                values[x if x == state["candidate"] else y] = state["solid"]
                state["solid"] += 1
            if values[x] == gas:
                state["candidate"] = x
            elif values[y] == gas:
                state["candidate"] = y
            return values[x] < values[y]

    _std_sort([(Item(i), i) for i in range(n)])
    return np.array(values)


def test_mode_heapsort_fallback():
    """Rows that exhaust introsort's depth limit: PyTorch's index then comes from libstdc++'s heapsort."""
    values = _quicksort_killer(1000)
    for div in (2, 3):
        check(lambda T: T.mode(T.tensor(values // div), 0))
