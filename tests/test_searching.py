"""Unique elements, sorted-sequence search and bin counts (unique, unique_consecutive, searchsorted, bucketize,
histc, histogram, bincount) against PyTorch."""
import numpy as np
import pytest

from oracle import DTYPE_NAMES, FLOAT_DTYPES, INT_DTYPES, LAYOUTS, check, sample

REAL = [d for d in DTYPE_NAMES if "complex" not in d]


def values(T, shape, dtype, layout=LAYOUTS[0], seed=0, specials=True):
    """Sample values with many ties and, for floats (with ``specials``), NaN, infinities and signed zeros."""
    data = sample(shape, dtype, seed, low=-2, high=3)
    if dtype in FLOAT_DTYPES or "complex" in dtype:
        data = np.round(data)
    if specials and dtype in FLOAT_DTYPES:
        flat = data.astype(np.float64).reshape(-1)
        for i, v in zip(range(0, flat.size, 4), (np.nan, -0.0, np.inf, np.nan, -np.inf)):
            flat[i] = v
        data = flat.reshape(shape)
    return layout(T, data, dtype)


def flags():
    for return_inverse in (False, True):
        for return_counts in (False, True):
            yield return_inverse, return_counts


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_unique(dtype):
    for shape in [(), (0,), (7,), (3, 4), (4, 3, 2)]:
        for layout in LAYOUTS:
            # NaN and -0.0 only in small inputs: PyTorch's sort of more than 16 elements orders them unstably
            x = lambda T: values(T, shape, dtype, layout, specials=np.prod(shape) <= 16)
            for inverse, counts in flags():
                check(lambda T: T.unique(x(T), True, inverse, counts), match_message=True)
                check(lambda T: T.unique_consecutive(x(T), inverse, counts), match_message=True)
            check(lambda T: x(T).unique(sorted=False, return_inverse=True, return_counts=True), match_message=True)
            check(lambda T: x(T).unique_consecutive(return_inverse=True, return_counts=True), match_message=True)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_unique_dim(dtype):
    # without NaN: PyTorch's row sort does not order NaN consistently
    for shape in [(), (0, 3), (3, 0), (2, 0), (5, 2), (4, 3, 2)]:
        for layout in LAYOUTS[:2]:
            x = lambda T: values(T, shape, dtype, layout, specials=False)
            for dim in [0, -1, 1, 3]:
                for inverse, counts in [(False, False), (True, True)]:
                    check(lambda T: T.unique(x(T), return_inverse=inverse, return_counts=counts, dim=dim),
                          match_message=True)
                    check(lambda T: x(T).unique_consecutive(inverse, counts, dim), match_message=True)
    check(lambda T: T.unique(T.ones(0, 0), dim=0), match_message=True)
    for dim in (0, 1):
        check(lambda T: T.unique(T.ones(0, 3), dim=dim, return_inverse=True, return_counts=True), match_message=True)
        check(lambda T: T.unique_consecutive(T.ones(0, 3), True, True, dim), match_message=True)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_searchsorted(dtype):
    for layout in LAYOUTS:
        seq = lambda T: layout(T, np.sort(sample((7,), dtype, 1), kind="stable"), dtype)
        rows = lambda T: layout(T, np.sort(sample((3, 7), dtype, 2), axis=-1, kind="stable"), dtype)
        for shape in [(), (0,), (5,), (3, 4)]:
            v = lambda T: values(T, shape, dtype, layout)
            for right in (False, True):
                check(lambda T: T.searchsorted(seq(T), v(T), right=right), match_message=True)
                check(lambda T: T.bucketize(v(T), seq(T), right=right, out_int32=True), match_message=True)
                check(lambda T: T.searchsorted(rows(T), v(T), side="right" if right else "left"), match_message=True)
        check(lambda T: T.searchsorted(rows(T), values(T, (3, 5), dtype, layout), out_int32=True), match_message=True)
        check(lambda T: T.searchsorted(seq(T), 1), match_message=True)
        check(lambda T: T.searchsorted(seq(T), -1.5, right=True), match_message=True)
        check(lambda T: T.bucketize(2, seq(T)), match_message=True)


def test_searchsorted_mixed_and_special():
    nan, inf = float("nan"), float("inf")
    for seq, vals in [([1.0, 3, 5], [2, 3, 6]), ([1, 3, 5], [2.5, 3.0]), ([1, 3], [-1, 2]),
                      ([1.0, nan], [nan, 2.0, 1.0]), ([nan, 1.0, nan], [0.5, 1.0, nan]), ([-inf, 0.0, inf], [-0.0, 1e300]),
                      ([], [1.0]), ([1.0, 2], [])]:
        for right in (False, True):
            check(lambda T: T.searchsorted(T.tensor(seq), T.tensor(vals), right=right), match_message=True)
    check(lambda T: T.searchsorted(T.tensor([1, 3], dtype=T.uint8), -1))
    check(lambda T: T.searchsorted(T.tensor([1, 3, 5]), 3.5))
    check(lambda T: T.searchsorted(T.tensor([1.0, 2], dtype=T.float16), T.tensor([1.0004])))
    check(lambda T: T.searchsorted(T.tensor([False, True]), 1))
    unsorted, order = [5.0, 1, 3, 3], [1, 2, 3, 0]
    for right in (False, True):
        check(lambda T: T.searchsorted(T.tensor(unsorted), T.tensor([0.0, 2, 3, 6]), right=right,
                                       sorter=T.tensor(order)))
        check(lambda T: T.searchsorted(T.tensor([unsorted, [0.0, 2, 1, 1]]), T.tensor([[3.0], [1]]), right=right,
                                       sorter=T.tensor([order, [0, 2, 3, 1]])))


def test_searchsorted_out():
    check(lambda T: T.searchsorted(T.tensor([1.0, 3]), T.tensor([2.0]), out=T.empty(0, dtype=T.long)))
    check(lambda T: T.searchsorted(T.tensor([1.0, 3]), T.tensor([[2.0, 4]]), out=T.empty(5, dtype=T.long)))
    check(lambda T: T.searchsorted(T.tensor([1.0, 3]), T.tensor([2.0]), out_int32=True, out=T.empty(1, dtype=T.int)))
    check(lambda T: T.bucketize(T.tensor([2.0]), T.tensor([1.0, 3]), out=T.empty(1, dtype=T.long)))
    for out_int32, dtype in [(False, "float32"), (True, "int64"), (False, "int32")]:
        check(lambda T: T.searchsorted(T.tensor([1.0, 3]), T.tensor([2.0]), out_int32=out_int32,
                                       out=T.empty(1, dtype=getattr(T, dtype))), match_message=True)


def test_searchsorted_bad_arguments():
    s, s2 = (lambda T: T.tensor([1.0, 3, 5])), (lambda T: T.tensor([[1, 3, 5], [2, 4, 6]]))
    check(lambda T: T.searchsorted(s(T), T.tensor([3.0]), side="middle"), match_message=True)
    check(lambda T: T.searchsorted(s(T), T.tensor([3.0]), right=True, side="left"), match_message=True)
    check(lambda T: T.searchsorted(s(T), T.tensor([3.0]), right=False, side="right"), match_message=True)
    check(lambda T: T.searchsorted(s2(T), 4), match_message=True)
    check(lambda T: T.searchsorted(s2(T), T.tensor(4)), match_message=True)
    check(lambda T: T.searchsorted(s2(T), T.tensor([[3, 6]])), match_message=True)
    check(lambda T: T.searchsorted(s2(T), T.tensor([3, 6])), match_message=True)
    check(lambda T: T.searchsorted(T.tensor(1.0), T.tensor([1.0])), match_message=True)
    check(lambda T: T.searchsorted(s(T), T.tensor([2.0]), sorter=T.tensor([1, 2])), match_message=True)
    check(lambda T: T.searchsorted(s(T), T.tensor([2.0]), sorter=T.tensor([1, 2, 0], dtype=T.int32)),
          match_message=True)
    check(lambda T: T.searchsorted(s(T), T.tensor([2.0]), sorter=T.tensor([1, 2, 3])), match_message=True)
    check(lambda T: T.searchsorted(T.tensor([1j]), T.tensor([1j])), match_message=True)
    check(lambda T: T.searchsorted(s(T), 1j), match_message=True)
    check(lambda T: T.searchsorted(T.tensor([False, True]), T.tensor([True])), match_message=True)
    check(lambda T: T.bucketize(T.tensor([3, 6]), s2(T)), match_message=True)
    check(lambda T: T.bucketize(T.tensor(3.0), T.tensor(1.0)), match_message=True)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_histc(dtype):
    for shape in [(), (0,), (9,), (3, 4)]:
        for layout in LAYOUTS:
            x = lambda T: values(T, shape, dtype, layout, specials=False)
            for bins, low, high in [(100, 0, 0), (4, 0, 0), (3, -1, 2), (5, -1.5, 1.5), (1, 2, 2), (0, 0, 0)]:
                check(lambda T: T.histc(x(T), bins, low, high), match_message=True)
            check(lambda T: x(T).histc(bins=7), match_message=True)


def test_histc_edges_and_errors():
    for dtype in FLOAT_DTYPES:
        dense = lambda T: T.linspace(-3, 3, 1001, dtype=getattr(T, dtype))
        for bins, low, high in [(37, 0, 0), (37, -2, 2.5), (6, -3, 3), (100, -1, 1)]:
            check(lambda T: T.histc(dense(T), bins, low, high))
        # at most 256 per bin: past that PyTorch's per-thread bfloat16 sums stop counting
        check(lambda T: T.histc(dense(T), 8, out=T.empty(8, dtype=getattr(T, dtype))))
        check(lambda T: T.histc(dense(T), 8, out=T.empty(0, dtype=getattr(T, dtype))))
    x = lambda T: T.tensor([1.0, 2, 2, 3, 10])
    check(lambda T: T.histc(x(T), 3, 5, 1), match_message=True)
    check(lambda T: T.histc(x(T), -1), match_message=True)
    check(lambda T: T.histc(x(T), 3.0), match_message=True)
    check(lambda T: T.histc(T.tensor([1.0, float("inf")]), 3), match_message=True)
    check(lambda T: T.histc(T.tensor([1.0, float("nan")]), 3), match_message=True)
    check(lambda T: T.histc(x(T), 3, 0, float("inf")), match_message=True)
    check(lambda T: T.histc(T.tensor([1.0, 2, float("nan")]), 2, 0, 4))
    check(lambda T: T.histc(x(T), 3, out=T.empty(3, dtype=T.float64)), match_message=True)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_histogram(dtype):
    for shape in [(), (0,), (9,), (3, 4)]:
        for layout in LAYOUTS[::2]:
            x = lambda T: values(T, shape, dtype, layout, specials=False)
            w = lambda T: values(T, shape, dtype, layout, seed=3, specials=False).abs()
            for bins in [1, 4, 0]:
                for density in (False, True):
                    check(lambda T: T.histogram(x(T), bins, density=density), match_message=True)
                    check(lambda T: x(T).histogram(bins, range=(-1.0, 2.5), weight=w(T), density=density),
                          match_message=True)
            edges = lambda T: T.tensor([-2.0, -0.5, 0, 1, 2], dtype=getattr(T, dtype))
            check(lambda T: T.histogram(x(T), edges(T)), match_message=True)
            check(lambda T: T.histogram(x(T), edges(T), weight=w(T), density=True), match_message=True)


def test_histogram_edges_and_errors():
    for dtype in ("float32", "float64"):
        dense = lambda T: T.linspace(-3, 3, 1001, dtype=getattr(T, dtype))
        for bins, span in [(37, None), (37, (-2, 2.5)), (10, (1.0, 11.0)), (3, (2.0, 2.0)), (2, (-1, -1))]:
            check(lambda T: T.histogram(dense(T), bins, range=span))
        check(lambda T: T.histogram(dense(T), T.tensor([-3.0, 0.5, -1, 3], dtype=getattr(T, dtype))))  # unsorted
        check(lambda T: T.histogram(dense(T), 3, out=(T.empty(0, dtype=getattr(T, dtype)),
                                                       T.empty(0, dtype=getattr(T, dtype)))))
    x = lambda T: T.tensor([1.0, 2, 2, 3, 10])
    for hist, edges in [("float64", "float32"), ("float32", "float64"), ("int64", "int64")]:
        out = lambda T: (T.empty(3, dtype=getattr(T, hist)), T.empty(4, dtype=getattr(T, edges)))
        check(lambda T: T.histogram(x(T), 3, out=out(T)), match_message=True)
        check(lambda T: T.histogram(x(T), T.tensor([0.0, 1, 4, 11]), out=out(T)), match_message=True)
    check(lambda T: T.histogram(x(T), 3, out=(T.empty(5), T.empty(5))))
    check(lambda T: T.histogram(x(T), 3, range=(5.0, 1.0)), match_message=True)
    check(lambda T: T.histogram(x(T), 3, range=(1, float("inf"))), match_message=True)
    check(lambda T: T.histogram(T.tensor([1.0, float("nan")]), 3))
    check(lambda T: T.histogram(T.tensor([1.0, 2, float("nan")]), 2, range=(0, 4)))
    check(lambda T: T.histogram(x(T), 3, weight=T.tensor([1.0, 2, 3, 4])), match_message=True)
    check(lambda T: T.histogram(x(T), 3, weight=T.ones(5, dtype=T.float64)), match_message=True)
    check(lambda T: T.histogram(T.tensor([[1.0, 2], [3, 4]]), 3, weight=T.tensor([1.0, 2, 3, 4])))
    check(lambda T: T.histogram(x(T), T.tensor([0.0, 2, 5]).double()), match_message=True)
    check(lambda T: T.histogram(x(T), T.tensor([0, 2, 5])), match_message=True)
    check(lambda T: T.histogram(x(T), T.tensor([[0.0, 2], [5, 11]])), match_message=True)
    check(lambda T: T.histogram(x(T), T.tensor([0.0])), match_message=True)
    check(lambda T: T.histogram(x(T), T.tensor([0.0, 1, 2]), range=(0.0, 1.0)), match_message=True)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_bincount(dtype):
    for layout in LAYOUTS:
        x = lambda T: layout(T, np.abs(sample((12,), dtype, 4, low=0, high=6)).astype(dtype), dtype)
        for minlength in (0, 3, 9):
            check(lambda T: T.bincount(x(T), minlength=minlength), match_message=True)
            check(lambda T: x(T).bincount(None, minlength), match_message=True)
        for wdtype in DTYPE_NAMES:
            w = lambda T: layout(T, sample((12,), wdtype, 5), wdtype)
            check(lambda T: T.bincount(x(T), w(T)), match_message=True)
        check(lambda T: T.bincount(layout(T, np.zeros(0, dtype), dtype), minlength=3), match_message=True)


def test_bincount_bad_arguments():
    for dtype in INT_DTYPES[1:]:
        check(lambda T: T.bincount(T.tensor([1, -1], dtype=getattr(T, dtype))), match_message=True)
    check(lambda T: T.bincount(T.tensor([[1, 2]])), match_message=True)
    check(lambda T: T.bincount(T.tensor(1)), match_message=True)
    check(lambda T: T.bincount(T.tensor([1, 2]), minlength=-1), match_message=True)
    check(lambda T: T.bincount(T.tensor([1, 2]), minlength=2.5), match_message=True)
    check(lambda T: T.bincount(T.tensor([1, 2]), T.tensor([1.0])), match_message=True)
    check(lambda T: T.bincount(T.tensor([], dtype=T.long), T.tensor([]).double()))
    check(lambda T: T.bincount(T.tensor([3, 0, 3] * 500), T.linspace(0, 1, 1500)))


ISIN = {
    "ints": lambda T: T.isin(T.tensor([1, 2, 3, 4]), T.tensor([2, 4])),
    "invert": lambda T: T.isin(T.tensor([1.0, 2.0]), T.tensor([2]), invert=True),
    "number test": lambda T: T.isin(T.tensor([1, 2]), 2),
    "number element": lambda T: T.isin(2, T.tensor([1, 2])),
    "transposed": lambda T: T.isin(T.arange(6).reshape(2, 3).t(), T.tensor([1, 4])),
    "nan never matches": lambda T: T.isin(T.tensor([1.5, float("nan")]), T.tensor([float("nan"), 1.5])),
    "promotion": lambda T: T.isin(T.tensor([1, 2]), T.tensor([2.5, 1.0])),
    "half and bfloat16": lambda T: T.isin(T.tensor([1, 2], dtype=T.float16), T.tensor([2.0], dtype=T.bfloat16)),
    "empty elements": lambda T: T.isin(T.tensor([], dtype=T.int64), T.tensor([1])),
    "empty test": lambda T: T.isin(T.tensor([1, 2]), T.tensor([], dtype=T.int64)),
    "assume_unique": lambda T: T.isin(T.tensor([3, 1, 2]), T.tensor([2, 3]), assume_unique=True),
    "bool refused": lambda T: T.isin(T.tensor([True, False]), T.tensor([True])),
    "complex refused": lambda T: T.isin(T.tensor([1j]), T.tensor([1j])),
    "two numbers refused": lambda T: T.isin(1, 2),
}


@pytest.mark.parametrize("name", ISIN)
def test_isin(name):
    check(ISIN[name], match_message=name.endswith("refused") and name != "two numbers refused")


def test_tensor_attribute_questions():
    check(lambda T: [T.is_nonzero(T.tensor([1.0])), T.is_nonzero(T.tensor(0)), T.is_same_size(T.ones(2), T.ones(2, 1)),
                     T.is_signed(T.ones(1, dtype=T.uint8)), T.is_conj(T.ones(1)), T.ones(1).is_neg(),
                     T.is_neg(T.ones(1)), T.detach(T.ones(2, requires_grad=True) * 2), T.resolve_conj(T.ones(2)), T.resolve_neg(T.ones(2))])
    for bad in ([1.0, 2.0], []):
        check(lambda T: T.is_nonzero(T.tensor(bad)), match_message=True)
