"""Sorting, selecting and counting (sort, argsort, msort, topk, kthvalue, nonzero, count_nonzero) against PyTorch."""
import numpy as np
import pytest

import ember
from oracle import DTYPE_NAMES, FLOAT_DTYPES, LAYOUTS, SHAPES, check, make, sample

REAL = [d for d in DTYPE_NAMES if "complex" not in d]
SHAPES3 = SHAPES + [(4, 3, 2)]


def values(T, shape, dtype, layout=LAYOUTS[0], seed=0):
    """Sample values with ties (small integers) and, for floats, NaN, infinities and signed zeros."""
    data = sample(shape, dtype, seed)
    if dtype in FLOAT_DTYPES:
        data = np.round(data).astype(np.float64)
        flat = data.reshape(-1)
        for i, v in zip(range(0, flat.size, 5), (np.nan, np.inf, -0.0, -np.inf, np.nan)):
            flat[i] = v
        data = flat.reshape(shape)
    return layout(T, data, dtype)


def dims(shape):
    n = max(len(shape), 1)
    return sorted({0, -1, n - 1}) + [n]  # the last is out of range


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_sort_and_argsort(dtype):
    for shape in SHAPES3:
        for layout in LAYOUTS:
            for d in dims(shape):
                for descending in (False, True):
                    x = lambda T: values(T, shape, dtype, layout)
                    check(lambda T: T.sort(x(T), dim=d, descending=descending, stable=True), match_message=True)
                    check(lambda T: x(T).sort(dim=d, descending=descending), match_message=True)
                    check(lambda T: T.argsort(x(T), dim=d, descending=descending, stable=True), match_message=True)
                    check(lambda T: x(T).argsort(dim=d, descending=descending), match_message=True)
            check(lambda T: T.sort(values(T, shape, dtype, layout), stable=True, descending=True), match_message=True)
            check(lambda T: T.msort(values(T, shape, dtype, layout)), match_message=True)


def indices_pick_values(x, res, dim, keepdim=True):
    """An Ember selection's indices point at its values (ties may be broken differently from PyTorch)."""
    if x.dim() == 0:
        assert res.indices.item() == 0
        return
    idx, vals = res.indices._data, res.values._data
    if not keepdim:
        idx, vals = np.expand_dims(idx, dim), np.expand_dims(vals, dim)
    picked = np.take_along_axis(x._data, idx, dim)
    same = (picked == vals) | (np.isnan(picked.astype(np.float64)) & np.isnan(vals.astype(np.float64)))
    assert same.all()


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_topk(dtype):
    for shape in SHAPES3:
        for layout in LAYOUTS:
            for d in dims(shape):
                n = shape[d] if -len(shape) <= d < len(shape) and shape else 1
                for k in sorted({0, 1, n, n + 1}):
                    for largest in (True, False):
                        x = lambda T: values(T, shape, dtype, layout)
                        # ties may come in any order: compare values, and that indices pick those values
                        res = check(lambda T: T.topk(x(T), k, d, largest).values, match_message=True)
                        check(lambda T: x(T).topk(k, dim=d, largest=largest, sorted=True).indices.shape)
                        if not hasattr(res, "exc"):
                            indices_pick_values(x(ember), ember.topk(x(ember), k, d, largest), d)
                        check(lambda T: T.sort(T.topk(x(T), k, d, largest, sorted=False).values, d).values)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_kthvalue(dtype):
    for shape in SHAPES3:
        for layout in LAYOUTS:
            for d in dims(shape):
                n = shape[d] if -len(shape) <= d < len(shape) and shape else 1
                for k in sorted({0, 1, max(n // 2, 1), n, n + 1}):
                    for keepdim in (False, True):
                        x = lambda T: values(T, shape, dtype, layout)
                        check(lambda T: T.kthvalue(x(T), k, d, keepdim).values, match_message=True)
                        res = check(lambda T: x(T).kthvalue(k, dim=d, keepdim=keepdim).indices.shape)
                        res = check(lambda T: x(T).kthvalue(k, dim=d, keepdim=keepdim).values)
                        if not hasattr(res, "exc"):
                            indices_pick_values(x(ember), x(ember).kthvalue(k, d, keepdim), d, keepdim)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_nonzero_argwhere_count_nonzero(dtype):
    for shape in SHAPES3:
        for layout in LAYOUTS:
            x = lambda T: values(T, shape, dtype, layout)
            check(lambda T: T.nonzero(x(T)))
            check(lambda T: x(T).nonzero(as_tuple=True))
            check(lambda T: T.argwhere(x(T)))
            check(lambda T: T.count_nonzero(x(T)))
            for d in [0, -1, (0, -1), len(shape) + 1]:
                if isinstance(d, tuple) and len(shape) < 2:
                    continue
                check(lambda T: T.count_nonzero(x(T), d), match_message=True)
                check(lambda T: x(T).count_nonzero(dim=d), match_message=True)


def test_bad_arguments():
    check(lambda T: T.sort(T.tensor([1.0]), 1), match_message=True)
    check(lambda T: T.tensor([[3, 1], [2, 2]]).topk(3), match_message=True)
    check(lambda T: T.tensor([3.0, 1]).topk(-1), match_message=True)
    check(lambda T: T.tensor([True, False]).topk(1), match_message=True)
    check(lambda T: T.tensor([1j]).topk(1), match_message=True)
    check(lambda T: T.tensor([1j]).kthvalue(1), match_message=True)
    check(lambda T: T.tensor([True]).kthvalue(1), match_message=True)
    check(lambda T: T.tensor([1j]).argsort(), match_message=True)
