"""Gather/scatter and the index ops (gather, index_select, take, take_along_dim, scatter*, index_*, masked_*,
put) against PyTorch."""
import warnings

import numpy as np
import pytest

from oracle import DTYPE_NAMES, LAYOUTS, check, sample

REAL = [d for d in DTYPE_NAMES if "complex" not in d]
FEW = ["bool", "uint8", "int32", "float16", "bfloat16", "float32", "complex64"]
SHAPES = [(), (5,), (3, 4), (2, 3, 4), (3, 0)]


def data(T, shape, dtype, layout=LAYOUTS[0], seed=0):
    return layout(T, sample(shape, dtype, seed), dtype)


def ints(T, values, dtype="int64", layout=LAYOUTS[0]):
    """An index tensor from NumPy ints, in a given layout."""
    return layout(T, np.asarray(values), dtype)


def along(shape, dim, size, seed=1):
    """Random in-range indices (with repeats) of ``shape`` for a dim of ``size``."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, max(size, 1), size=shape)


def placements(shape):
    """(layout, dim) pairs to try for ``shape``: first, last and a middle dim, the layouts taking turns."""
    if not shape:
        return [(LAYOUTS[0], 0)]
    dims = [0, -1] + ([1] if len(shape) > 2 else [])
    return [(LAYOUTS[(k + 1) % 3], d) for k, d in enumerate(dims)]


def corner(shape, dim, length):
    """An index shape no larger than ``shape`` apart from ``dim``, which gets ``length``."""
    return tuple(length if d == dim else max(n - 1, 1) if n else 0 for d, n in enumerate(shape))


def ulps(dtype, reduce):
    """Complex products round differently from NumPy's (PyTorch's kernels fuse multiply-adds)."""
    return 1000 if "complex" in dtype and reduce == "prod" else 4


def warned(fn):
    """Run ``fn`` recording warnings; the messages without PyTorch's '(Triggered internally ...)' tail."""
    def wrapper(T):
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            try:
                fn(T)
            except RuntimeError:
                pass
        return [str(w.message).split(" (Triggered internally")[0] for w in seen]
    return wrapper


# ---------------------------------------------------------------------------------------------
# Gathers


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_gather(dtype):
    for shape in SHAPES:
        for layout, dim in placements(shape):
            n = shape[dim] if shape else 1
            ishape = corner(shape, dim, 3) if shape else ()
            for ilayout in LAYOUTS[:2]:
                idx = along(ishape, dim, n)
                if shape and not n:
                    idx = np.zeros(corner(shape, dim, 0), np.int64)
                check(lambda T: T.gather(data(T, shape, dtype, layout), dim, ints(T, idx, layout=ilayout)))
                check(lambda T: data(T, shape, dtype, layout).gather(dim, ints(T, idx, "int32")))


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_index_select(dtype):
    for shape in SHAPES:
        for layout, dim in placements(shape):
            n = shape[dim] if shape else 1
            for idx in (along((4,), dim, n), along((), dim, n), np.zeros(0, np.int64)):
                check(lambda T: T.index_select(data(T, shape, dtype, layout), dim, ints(T, idx)),
                      match_message=True)
                check(lambda T: data(T, shape, dtype, layout).index_select(dim, ints(T, idx, "int32")),
                      match_message=True)


@pytest.mark.parametrize("dtype", FEW)
def test_take_and_take_along_dim(dtype):
    for shape in SHAPES:
        for layout in LAYOUTS[1:]:  # transposed is contiguous for a vector
            size = int(np.prod(shape))
            rng = np.random.default_rng(2)
            for ishape in ((), (4,), (2, 3)):
                idx = rng.integers(-size, max(size, 1), size=ishape)
                check(lambda T: T.take(data(T, shape, dtype, layout), ints(T, idx)), match_message=True)
                check(lambda T: T.take_along_dim(data(T, shape, dtype, layout), ints(T, idx).reshape(-1)),
                      match_message=True)
            for dim in range(-len(shape), len(shape)):
                n = shape[dim]
                for ishape in (corner(shape, dim, 2), tuple(1 if d != dim else 2 for d in range(len(shape)))):
                    idx = along(ishape, dim, n)
                    if not n:
                        idx = idx[..., :0] if dim in (-1, len(shape) - 1) else idx[:0]
                    check(lambda T: T.take_along_dim(data(T, shape, dtype, layout), ints(T, idx, layout=layout),
                                                     dim), match_message=True)
                    check(lambda T: data(T, shape, dtype, layout).take_along_dim(ints(T, idx), dim=dim),
                          match_message=True)


def test_take_along_dim_broadcasts():
    x = lambda T: T.arange(24.).reshape(2, 3, 4)
    check(lambda T: T.take_along_dim(x(T), T.tensor([[[0], [2]]]), 2))
    check(lambda T: T.take_along_dim(x(T), T.tensor([[[0, 1, 2, 0]]]), 1))
    check(lambda T: T.take_along_dim(x(T)[:1], T.zeros(2, 3, 2, dtype=T.long), 2))
    check(lambda T: T.take_along_dim(x(T), T.zeros(2, 2, 2, dtype=T.long), 2), match_message=True)
    check(lambda T: T.take_along_dim(x(T), T.full((2, 1, 4), 5), 1), match_message=True)
    check(lambda T: T.take_along_dim(T.tensor(3.), T.tensor(0)), match_message=True)
    check(lambda T: T.take_along_dim(T.tensor(3.), T.tensor(0), 0), match_message=True)
    for i in (-4, -1, 3, 5):  # PyTorch wraps the indices around the dim
        check(lambda T: T.take_along_dim(T.arange(12.).reshape(3, 4), T.full((1, 4), i), 0))
    check(lambda T: T.take_along_dim(x(T), T.tensor([0]), 0), match_message=True)


@pytest.mark.parametrize("dtype", FEW)
def test_masked_select(dtype):
    for shape in SHAPES:
        for layout in LAYOUTS:
            mask = sample(shape, "bool", 3)
            check(lambda T: T.masked_select(data(T, shape, dtype, layout), layout(T, mask, "bool")))
            check(lambda T: data(T, shape, dtype, layout).masked_select(layout(T, mask, "bool")))
            if len(shape) > 1:
                check(lambda T: data(T, shape, dtype, layout).masked_select(T.tensor(mask[0])))
                check(lambda T: data(T, shape[1:], dtype, layout).masked_select(T.tensor(mask)))


# ---------------------------------------------------------------------------------------------
# Scatters


def scatter_case(shape, dim, seed=1, length=3):
    """An index for scattering into ``shape`` along ``dim`` and the shape of a source for it."""
    n = shape[dim] if shape else 1
    ishape = corner(shape, dim, length) if shape else ()
    return along(ishape, dim, n, seed), tuple(k + 1 for k in ishape)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_scatter(dtype):
    for shape in SHAPES[:4]:
        for layout, dim in placements(shape):
            idx, sshape = scatter_case(shape, dim)
            x = lambda T: data(T, shape, dtype, layout)
            src = lambda T: data(T, sshape, dtype, layout, seed=4)
            i = lambda T: ints(T, idx, layout=layout)
            check(lambda T: T.scatter(x(T), dim, i(T), src(T)))
            check(lambda T: x(T).scatter(dim, i(T), value=2))
            check(lambda T: x(T).scatter_(dim, ints(T, idx, "int32"), src(T)))
            check(lambda T: x(T).scatter_(dim, i(T), 1.5))
            check(lambda T: x(T).scatter_add(dim, i(T), src(T)))
            check(lambda T: T.scatter_add(x(T), dim, i(T), src(T)))
            check(lambda T: x(T).scatter_add_(dim, i(T), src(T)))
            for reduce in ("add", "multiply") if "complex" not in dtype else ("add",):  # complex products
                check(lambda T: x(T).scatter(dim, i(T), src(T), reduce=reduce))
                check(lambda T: x(T).scatter_(dim, i(T), 3, reduce=reduce))


@pytest.mark.parametrize("reduce", ["sum", "prod", "mean", "amax", "amin", "max"])
@pytest.mark.parametrize("include_self", [True, False])
def test_scatter_reduce(reduce, include_self):
    for dtype in DTYPE_NAMES:
        for k, (shape, dim) in enumerate((((6,), 0), ((3, 4), -1), ((2, 3, 4), 0), ((2, 3, 4), 1))):
            idx, sshape = scatter_case(shape, dim, length=5)
            x = lambda T: data(T, shape, dtype, LAYOUTS[k % 3])
            src = lambda T: data(T, sshape, dtype, seed=5)
            tol = ulps(dtype, reduce)
            check(lambda T: x(T).scatter_reduce(dim, ints(T, idx), src(T), reduce, include_self=include_self),
                  match_message=True, ulps=tol)
            check(lambda T: T.scatter_reduce(x(T), dim, ints(T, idx, "int32"), src(T), reduce=reduce,
                                             include_self=include_self), match_message=True, ulps=tol)
            check(lambda T: x(T).scatter_reduce_(dim, ints(T, idx), src(T), reduce, include_self=include_self),
                  match_message=True, ulps=tol)


def test_scatter_duplicates_last_write_wins():
    check(lambda T: T.zeros(5).scatter(0, T.tensor([1, 1, 1, 3, 3]), T.arange(1., 6)))
    check(lambda T: T.zeros(5).scatter(0, T.tensor([3, 3, 1, 1, 1]), T.arange(1., 6)))
    check(lambda T: T.zeros(3, 4).scatter(0, T.tensor([[0, 1, 0, 2], [0, 0, 0, 2], [1, 1, 0, 2]]),
                                          T.arange(1., 13).reshape(3, 4)))
    check(lambda T: T.zeros(3, 4).scatter(1, T.tensor([[0, 0, 0], [2, 2, 1]]).t().contiguous().t(),
                                          T.arange(1., 13).reshape(3, 4)))
    check(lambda T: T.zeros(3, 4).index_copy(0, T.tensor([0, 2, 0]), T.arange(1., 13).reshape(3, 4)))
    check(lambda T: T.zeros(3, 4).put(T.tensor([0, 0, 5, 0]), T.arange(1., 5)))
    check(lambda T: T.zeros(3, 4).put(T.tensor([0, 0, 5, -12]), T.arange(1., 5), accumulate=True))
    # put_ visits a strided source (and the index reshaped to it) in memory order
    check(lambda T: T.zeros(9).put(T.tensor([[0, 1, 2], [0, 1, 2]]), T.arange(6.).reshape(3, 2).t()))
    check(lambda T: T.zeros(9).put(T.tensor([[0, 1], [2, 0], [1, 2]]).t(), T.arange(6.).reshape(2, 3)))
    check(lambda T: T.zeros(9).put(T.tensor([0, 1, 2, 0, 1, 2]), T.arange(6.).reshape(3, 2).t()))


def test_index_fill_empty():
    for shape, dim in (((1, 0, 0), 1), ((3, 0, 2), 1), ((0, 2), 1), ((0, 3, 3), 0), ((3, 0), 0), ((0,), 0)):
        check(lambda T: T.zeros(shape).index_fill(dim, T.tensor([5, 0]), 1.), match_message=True)


def test_scatter_zero_dim_and_empty():
    check(lambda T: T.tensor(1.).scatter(0, T.tensor(0), T.tensor(5.)))
    check(lambda T: T.tensor(1.).scatter(0, T.tensor([0]), T.tensor([5.])))
    check(lambda T: T.tensor(1.).scatter_add(0, T.tensor([0]), T.tensor([5.])))
    check(lambda T: T.tensor(1.).scatter_reduce(0, T.tensor([0, 0]), T.tensor([5., 2.]), "mean"))
    check(lambda T: T.tensor(1.).scatter(0, T.tensor(1), T.tensor(5.)), match_message=True)
    check(lambda T: T.tensor(5.).gather(0, T.tensor([0, 0])))
    check(lambda T: T.gather(T.arange(6.).reshape(2, 3), 1, T.tensor([[2], [0]]), sparse_grad=True))
    check(lambda T: T.tensor(5.).gather(0, T.tensor(1)), match_message=True)
    for idx in ((0, 1), (0,), (0, 5)):
        check(lambda T: T.zeros(3, 4).scatter(0, T.zeros(idx, dtype=T.long), T.ones(3, 4)))
        check(lambda T: T.zeros(3, 4).scatter(0, T.zeros(idx), T.ones(3, 4)))  # empty: the dtype goes unchecked
        check(lambda T: T.zeros(3, 4).gather(1, T.zeros(idx, dtype=T.long)))
    check(lambda T: T.zeros(3, 4).scatter(0, T.zeros(0, dtype=T.long), T.ones(3, 4).double()), match_message=True)
    check(lambda T: T.zeros(3, 4).bool().scatter_reduce(0, T.zeros(0, 1, dtype=T.long), T.ones(3, 4).bool(), "mean"),
          match_message=True)


# ---------------------------------------------------------------------------------------------
# The index_* family


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_index_add_copy_fill(dtype):
    for shape in SHAPES:
        for layout, dim in placements(shape):
            n = shape[dim] if shape else 1
            k = 4 if n else 0
            idx = along((k,) if shape else (), dim, n)
            sshape = tuple(k if d == dim % len(shape) else s for d, s in enumerate(shape)) if shape else ()
            x = lambda T: data(T, shape, dtype, layout)
            src = lambda T: data(T, sshape, dtype, layout, seed=6)
            check(lambda T: x(T).index_add(dim, ints(T, idx), src(T)), match_message=True)
            check(lambda T: T.index_add(x(T), dim, ints(T, idx, "int32"), src(T), alpha=2), match_message=True)
            check(lambda T: x(T).index_add_(dim, ints(T, idx), src(T), alpha=True if dtype == "bool" else 2),
                  match_message=True)
            perm = np.random.default_rng(7).permutation(n)[:k] if shape else idx
            check(lambda T: x(T).index_copy(dim, ints(T, perm), src(T)), match_message=True)
            check(lambda T: T.index_copy(x(T), dim, ints(T, idx), src(T)), match_message=True)
            check(lambda T: x(T).index_copy_(dim, ints(T, perm), src(T)), match_message=True)
            neg = idx - n if shape else idx
            check(lambda T: x(T).index_fill(dim, ints(T, neg), 1), match_message=True)
            check(lambda T: T.index_fill(x(T), dim, ints(T, idx), T.tensor(0.5, dtype=T.float64)),
                  match_message=True)
            check(lambda T: x(T).index_fill_(dim, ints(T, idx), True), match_message=True)


@pytest.mark.parametrize("reduce", ["prod", "mean", "amax", "amin"])
def test_index_reduce(reduce):
    for dtype in DTYPE_NAMES:
        for shape, dim in (((6,), 0), ((3, 4), 0), ((3, 4), 1), ((2, 3, 4), 1), ((), 0)):
            n = shape[dim] if shape else 1
            k = 5 if shape else 1
            idx = along((k,) if shape else (), dim, n)
            sshape = tuple(k if d == dim else s for d, s in enumerate(shape))
            for include_self in (True, False):
                x = lambda T: data(T, shape, dtype, LAYOUTS[2])
                src = lambda T: data(T, sshape, dtype, seed=8)
                check(lambda T: x(T).index_reduce(dim, ints(T, idx), src(T), reduce, include_self=include_self),
                      match_message=True, ulps=ulps(dtype, reduce))
                check(lambda T: x(T).index_reduce_(dim, ints(T, idx), src(T), reduce, include_self=include_self),
                      match_message=True, ulps=ulps(dtype, reduce))


@pytest.mark.parametrize("dtype", FEW)
def test_masked_scatter_and_put(dtype):
    for shape in SHAPES:
        for layout in LAYOUTS:
            mask = sample(shape, "bool", 3)
            x = lambda T: data(T, shape, dtype, layout)
            src = lambda T: data(T, (13,), dtype, layout, seed=9)
            check(lambda T: x(T).masked_scatter(layout(T, mask, "bool"), src(T)), match_message=True)
            check(lambda T: T.masked_scatter(x(T), T.tensor(mask), src(T)[:3].reshape(3, 1)), match_message=True)
            check(lambda T: x(T).masked_scatter_(layout(T, mask, "bool"), src(T)), match_message=True)
            if len(shape) > 1:
                check(lambda T: x(T).masked_scatter(T.tensor(mask[0]), src(T)))
                check(lambda T: x(T)[0].masked_scatter(T.tensor(mask), src(T)))
                check(lambda T: x(T).masked_scatter_(T.tensor(mask[0]), src(T)))
            size = int(np.prod(shape))
            idx = np.random.default_rng(10).integers(-size, max(size, 1), size=(2, 2) if size else (0,))
            vals = lambda T: data(T, idx.shape, dtype, seed=11)
            for acc in (False, True):
                check(lambda T: x(T).put(ints(T, idx), vals(T), accumulate=acc), match_message=True)
                check(lambda T: T.put(x(T), ints(T, idx, layout=layout), vals(T), acc), match_message=True)
                check(lambda T: x(T).put_(ints(T, idx), vals(T), accumulate=acc), match_message=True)


# ---------------------------------------------------------------------------------------------
# out=, in-place on views, bad arguments


def test_out():
    x = lambda T: T.arange(12.).reshape(3, 4)
    i2 = lambda T: T.tensor([[0, 1, 2, 0]])
    i1 = lambda T: T.tensor([2, 0, 1])
    for out in (lambda T: T.zeros(0), lambda T: T.zeros(5), lambda T: T.zeros(4, 3).t(),
                lambda T: T.zeros(3, 4, dtype=T.long), lambda T: T.zeros(3, 4, dtype=T.double)):
        for op in (lambda T, o: T.gather(x(T), 0, i2(T), out=o),
                   lambda T, o: T.index_select(x(T), 0, i1(T), out=o),
                   lambda T, o: T.take(x(T), i2(T), out=o),
                   lambda T, o: T.take_along_dim(x(T), i2(T), 0, out=o),
                   lambda T, o: T.take_along_dim(x(T), i2(T), out=o),
                   lambda T, o: T.masked_select(x(T), x(T) > 3, out=o),
                   lambda T, o: T.scatter(x(T), 0, i2(T), x(T), out=o),
                   lambda T, o: T.scatter(x(T), 0, i2(T), 2.0, out=o),
                   lambda T, o: T.scatter_add(x(T), 0, i2(T), x(T), out=o),
                   lambda T, o: T.scatter_reduce(x(T), 0, i2(T), x(T), "amax", out=o),
                   lambda T, o: T.index_add(x(T), 0, i1(T), x(T), alpha=2, out=o),
                   lambda T, o: T.index_copy(x(T), 0, i1(T), x(T), out=o),
                   lambda T, o: T.index_reduce(x(T), 0, i1(T), x(T), "prod", out=o)):
            check(lambda T: (lambda o: (op(T, o), o))(out(T)), match_message=True)


def test_in_place_on_views_and_layouts():
    src = lambda T: T.arange(1., 13).reshape(3, 4)
    check(lambda T: (lambda b: (b[:, 1:].scatter_(0, T.tensor([[2, 0, 1]]), src(T)), b))(T.zeros(3, 4)))
    check(lambda T: (lambda b: (b.t().index_add_(1, T.tensor([1, 0, 1]), src(T).t()[:, :3]), b))(T.zeros(3, 4)))
    check(lambda T: (lambda b: (b.t().put_(T.tensor([0, 5, 11]), T.tensor([1., 2, 3])), b))(T.zeros(3, 4)))
    check(lambda T: (lambda b: (b.t().masked_scatter_(b.t() == 0, T.arange(12.)), b))(T.zeros(3, 4)))
    check(lambda T: T.zeros(4, 3).t().scatter(0, T.tensor([[0, 1, 2]]), src(T)))
    check(lambda T: T.zeros(4, 3).t().index_fill(1, T.tensor(1), 3.5))
    check(lambda T: T.zeros(4, 3).t().put(T.tensor([0, 1]), T.tensor([1., 2])))
    check(lambda T: T.zeros(4, 3).t().index_copy(1, T.tensor([0, 1]), T.ones(3, 2)))
    check(lambda T: T.zeros(4).expand(3, 4).scatter_(0, T.tensor([[0, 1, 2]]), 1.), match_message=True)
    check(lambda T: T.zeros(4).expand(3, 4).index_fill_(0, T.tensor([0]), 1.), match_message=True)


BAD = [
    # gather
    lambda T: T.zeros(3, 4).gather(1, T.tensor([0, 1])),
    lambda T: T.zeros(3, 4).gather(1, T.tensor([[0, 5]])),
    lambda T: T.zeros(3, 4).gather(0, T.tensor([[0, 1, -2, 0]])),
    lambda T: T.zeros(3, 4).gather(0, T.tensor([[0, 1, 2, 0, 1]])),
    lambda T: T.zeros(3, 4).gather(1, T.zeros(1, 2)),
    lambda T: T.zeros(3, 4).gather(2, T.zeros(1, 1, dtype=T.long)),
    lambda T: T.zeros(3, 0).gather(1, T.zeros(3, 1, dtype=T.long)),
    # index_select
    lambda T: T.zeros(3, 4).index_select(0, T.tensor([1.])),
    lambda T: T.zeros(3, 4).index_select(0, T.tensor([[1]])),
    lambda T: T.zeros(3, 4).index_select(0, T.tensor([3])),
    lambda T: T.zeros(3, 4).index_select(1, T.tensor([0, -1])),
    lambda T: T.zeros(2, 3, 4).index_select(2, T.tensor([4])),
    lambda T: T.tensor(5.).index_select(0, T.tensor([0, 0])),
    lambda T: T.tensor(5.).index_select(0, T.tensor([1])),
    lambda T: T.zeros(0, 3).index_select(0, T.tensor([0])),
    lambda T: T.index_select(T.zeros(3, 4), 0, T.tensor([0]), out=T.zeros(1, dtype=T.long)),
    # take, put
    lambda T: T.zeros(3, 4).take(T.tensor([12])),
    lambda T: T.zeros(3, 4).take(T.tensor([-13])),
    lambda T: T.zeros(3, 4).take(T.tensor([1], dtype=T.int32)),
    lambda T: T.zeros(0).take(T.tensor([0])),
    lambda T: T.take_along_dim(T.zeros(3, 4), T.tensor([[0]], dtype=T.int32), 0),
    lambda T: T.zeros(3, 4).put_(T.tensor([0, 12]), T.tensor([1., 2])),
    lambda T: T.zeros(3, 4).put_(T.tensor([0, 1]), T.tensor([1., 2]).double()),
    lambda T: T.zeros(3, 4).put_(T.tensor([0, 1], dtype=T.int32), T.tensor([1., 2])),
    lambda T: T.zeros(3, 4).put_(T.tensor([0, 1]), T.tensor([1., 2, 3])),
    lambda T: T.zeros(0).put(T.tensor([0]), T.tensor([1.])),
    # scatter
    lambda T: T.zeros(3, 4).scatter(0, T.tensor([[0]]), T.ones(3, 4).double()),
    lambda T: T.zeros(3, 4).scatter(0, T.tensor([[0.]]), T.ones(3, 4)),
    lambda T: T.zeros(3, 4).scatter(0, T.tensor([0]), T.ones(3, 4)),
    lambda T: T.zeros(3, 4).scatter(0, T.tensor([[0]]), T.ones(1, 3, 4)),
    lambda T: T.zeros(3, 4).scatter(0, T.tensor([[0]]), T.tensor(5.)),
    lambda T: T.zeros(3, 4).scatter(0, T.tensor([[5]]), T.ones(3, 4)),
    lambda T: T.zeros(3, 4).scatter(0, T.tensor([[-1]]), 1.0),
    lambda T: T.zeros(3, 4).scatter(0, T.zeros(1, 5, dtype=T.long), T.ones(3, 4)),
    lambda T: T.zeros(3, 4).scatter(0, T.zeros(3, 1, dtype=T.long), T.ones(2, 4)),
    lambda T: T.zeros(3, 4).scatter(0, T.zeros(1, 5, dtype=T.long), 1.0),
    lambda T: T.zeros(3, 4).scatter(0, T.tensor([[0]]), 1 + 2j),
    lambda T: T.zeros(3, 4).scatter(0, T.tensor([[0]]), T.ones(3, 4), reduce="mean"),
    lambda T: T.zeros(3, 4).scatter_(0, T.tensor([[0]]), 2.0, reduce="sum"),
    lambda T: T.zeros(3, 4).scatter_add(0, T.tensor([[0]]), 2.0),
    lambda T: T.zeros(3, 4).scatter_add(0, T.tensor([[7]]), T.ones(3, 4)),
    lambda T: T.zeros(3, 4).scatter_reduce(0, T.tensor([[0]]), T.ones(3, 4), "add"),
    lambda T: T.zeros(3, 4).scatter_reduce(0, T.tensor([[0]]), 2.0, "sum"),
    lambda T: T.zeros(3, 4).scatter_reduce(0, T.tensor([[0]]), T.ones(3, 4).double(), "sum"),
    lambda T: T.zeros(3, 4).bool().scatter_reduce(0, T.tensor([[0]]), T.ones(3, 4).bool(), "mean"),
    lambda T: T.zeros(3, 4).cfloat().scatter_reduce(0, T.tensor([[0]]), T.ones(3, 4).cfloat(), "amin"),
    # index_*
    lambda T: T.zeros(3, 4).index_add(0, T.tensor([0, 1]), T.ones(3, 4).double()),
    lambda T: T.zeros(3, 4).index_add(0, T.tensor([0., 1]), T.ones(2, 4)),
    lambda T: T.zeros(3, 4).index_add(0, T.tensor([[0, 1]]), T.ones(2, 4)),
    lambda T: T.zeros(3, 4).index_add(0, T.tensor([0, 1]), T.ones(3, 4)),
    lambda T: T.zeros(3, 4).index_add(0, T.tensor([0, 1, 2]), T.ones(3, 2)),
    lambda T: T.zeros(3, 4).index_add(1, T.tensor([0]), T.ones(3)),
    lambda T: T.zeros(3, 4).index_add(0, T.tensor([0]), T.tensor(1.)),
    lambda T: T.zeros(3, 4).index_add(0, T.tensor([0, 5, 1]), T.ones(3, 4)),
    lambda T: T.zeros(3, 4).index_add(0, T.tensor([0, 5, 1], dtype=T.int32), T.ones(3, 4)),
    lambda T: T.zeros(2, 3, 4).index_add(1, T.tensor([5, 0]), T.ones(2, 2, 4)),
    lambda T: T.zeros(2, 3, 4).index_add(2, T.tensor([5, 0]), T.ones(2, 3, 2)),
    lambda T: T.zeros(4).index_add(0, T.tensor([-1]), T.ones(1)),
    lambda T: T.tensor(1.).index_add(0, T.tensor([0, 0]), T.tensor([2., 3])),
    lambda T: T.zeros(3, 4).index_add(0, T.tensor([0]), T.ones(1, 4), alpha=1 + 2j),
    lambda T: T.zeros(3, 4).index_copy(0, T.tensor([0, 5]), T.ones(2, 4)),
    lambda T: T.zeros(3, 4).index_copy(0, T.tensor([0, -1]), T.ones(2, 4)),
    lambda T: T.zeros(3, 4).index_copy(0, T.tensor([0, 1], dtype=T.int32), T.ones(2, 4)),
    lambda T: T.zeros(3, 4).index_copy(0, T.tensor([0, 1]), T.ones(3, 4)),
    lambda T: T.zeros(3, 4).index_copy(0, T.tensor([0, 1]), T.ones(2, 4).double()),
    lambda T: T.zeros(3, 4).index_copy(0, T.tensor([[0, 1]]), T.ones(2, 4)),
    lambda T: T.zeros(3, 4).index_copy(0, T.tensor([0]), T.ones(1, 3)),
    lambda T: T.zeros(3, 4).index_copy(0, T.tensor([0]), T.ones(4)),
    lambda T: T.zeros(3, 4).index_copy(1, T.tensor([0]), T.ones(1, 3)),
    lambda T: T.zeros(3, 4).index_fill(1, T.tensor([0, 5]), 1.),
    lambda T: T.zeros(3, 4).index_fill(1, T.tensor([0, -5]), 1.),
    lambda T: T.zeros(3, 4).index_fill(1, T.tensor([0], dtype=T.int32), 1.),
    lambda T: T.zeros(3, 4).index_fill(1, T.tensor([[0]]), 1.),
    lambda T: T.zeros(3, 4).index_fill(1, T.tensor([0]), T.tensor([1.])),
    lambda T: T.zeros(3, 4).long().index_fill(1, T.tensor([0]), 1 + 1j),
    lambda T: T.tensor(1.).index_fill(0, T.tensor([1]), 3.5),
    lambda T: T.zeros(3, 4).index_reduce(0, T.tensor([0, 2, 0]), T.ones(3, 4), "sum"),
    lambda T: T.zeros(3, 4).index_reduce(0, T.tensor([0, 2, 5]), T.ones(3, 4), "amax"),
    lambda T: T.zeros(3, 4).index_reduce(0, T.tensor([0, 2]), T.ones(3, 4), "amax"),
    lambda T: T.zeros(3, 4).index_reduce(0, T.tensor([0, 2, 1]), T.ones(3, 4).double(), "amax"),
    lambda T: T.zeros(3, 4).cfloat().index_reduce(0, T.tensor([0, 2, 1]), T.ones(3, 4).cfloat(), "amax"),
    lambda T: T.zeros(3, 4).cfloat().index_reduce(0, T.tensor([0, 2, 1]), T.ones(3, 4).cfloat(), "amin"),
    # masked
    lambda T: T.zeros(3, 4).masked_select(T.ones(3, 4, dtype=T.uint8)),
    lambda T: T.zeros(3, 4).masked_select(T.ones(2, 4, dtype=T.bool)),
    lambda T: T.masked_select(T.zeros(3, 4), T.ones(4, dtype=T.bool), out=T.zeros(1, dtype=T.long)),
    lambda T: T.zeros(3, 4).masked_scatter(T.ones(3, 4, dtype=T.bool), T.ones(11)),
    lambda T: T.zeros(3, 4).masked_scatter(T.ones(3, 4, dtype=T.bool), T.ones(12).double()),
    lambda T: T.zeros(3, 4).masked_scatter(T.ones(3, 4, dtype=T.uint8), T.ones(12)),
    lambda T: T.zeros(3, 4).masked_scatter(T.ones(3, 4, dtype=T.long), T.ones(12)),
    lambda T: T.zeros(3, 4).masked_scatter(T.ones(3, 4, dtype=T.bool), 2.0),
    lambda T: T.zeros(3, 4).masked_scatter(T.ones(2, 4, dtype=T.bool), T.ones(12)),
    lambda T: T.zeros(4).masked_scatter_(T.ones(3, 4, dtype=T.bool), T.ones(12)),
    # fill values that overflow the dtype
    lambda T: T.zeros(3, dtype=T.float16).scatter(0, T.tensor([0]), 1e6),
    lambda T: T.zeros(3, dtype=T.float16).index_fill(0, T.tensor([0]), T.tensor(1e6)),
    lambda T: T.zeros(3, dtype=T.bfloat16).scatter(0, T.tensor([0]), 1e39),
    lambda T: T.zeros(3, dtype=T.float16).scatter(0, T.tensor([0]), float("inf")),
    lambda T: T.zeros(3, dtype=T.uint8).index_fill(0, T.tensor([0]), 300),
    lambda T: T.zeros(3, dtype=T.int8).scatter(0, T.tensor([0]), -1000),
    # writing into memory that is also read
    lambda T: (lambda x: x.scatter_(1, T.tensor([[2, 1, 0]]), x))(T.arange(6.).reshape(2, 3)),
    lambda T: (lambda x: x.scatter_add_(1, T.tensor([[2, 1, 0]]), x[:, :2]))(T.arange(6.).reshape(2, 3)),
    lambda T: (lambda x: x.index_copy_(0, T.tensor([1, 0]), x))(T.arange(6.).reshape(2, 3)),
    lambda T: (lambda x: x.index_add_(0, T.tensor([1]), x[1:]))(T.arange(6.).reshape(2, 3)),
    lambda T: (lambda x: x.masked_scatter_(x > 2, x))(T.arange(6.).reshape(2, 3)),
    lambda T: (lambda x: x[:3].put_(T.tensor([1, 0]), x[4:]))(T.arange(6.)),
    lambda T: (lambda x: x.put_(T.tensor([1, 0]), x[:2]))(T.arange(6.)),
    # which bad index is named, and what is checked first
    lambda T: T.zeros(3, 4).gather(0, T.tensor([[0, 7], [5, 0]])),
    lambda T: T.zeros(3, 3, 3).gather(0, T.tensor([[[2, 1], [2, 0], [-1, -1]], [[1, 1], [-1, 1], [3, 3]]])),
    lambda T: T.zeros(3, 3, 3).scatter(1, T.tensor([[[2, 1], [2, 0], [-1, -1]], [[1, 1], [-1, 1], [3, 3]]]), 1.),
    lambda T: T.tensor(1j).scatter_reduce(0, T.tensor(-1), T.tensor(2j), "amin"),
    lambda T: T.tensor(1j).scatter_reduce(0, T.tensor(-1), T.tensor(2j), "amin", include_self=False),
    lambda T: T.zeros(3, 4).index_reduce(0, T.tensor([-1, 3]), T.ones(2, 4), "amax", include_self=False),
    lambda T: T.zeros(3, 4).index_reduce(0, T.tensor([-1, 0]), T.ones(2, 4), "amax", include_self=False),
    lambda T: T.zeros(2, dtype=T.cdouble).index_reduce(0, T.tensor([], dtype=T.long), T.ones(0).cdouble(), "prod"),
    lambda T: T.zeros(0).index_add(0, T.tensor([0, 0]), T.ones(2)),
    lambda T: T.zeros(2, 0).index_add(1, T.tensor([0, 0]), T.ones(2, 2)),
    lambda T: T.tensor(1.).index_add(0, T.tensor([0, 0]), T.tensor(2.)),
    lambda T: T.zeros(3, 0, 3).index_select(2, T.tensor([0, 3])),
    # lists where tensors belong
    lambda T: T.zeros(3, 4).index_select(0, [0, 1]),
    lambda T: T.zeros(3, 4).gather(0, [[0, 1]]),
    lambda T: T.zeros(3, 4).index_add(0, T.tensor([0]), [[1., 2, 3, 4]]),
    lambda T: T.zeros(3, 4).masked_select([True]),
    lambda T: T.zeros(3, 4).take([0]),
    lambda T: T.zeros(3, 4).put_([0], T.ones(1)),
    lambda T: T.zeros(3, 4).masked_scatter([True], T.ones(1)),
    lambda T: T.zeros(3, 4).index_copy(0, [0], T.ones(1, 4)),
    lambda T: T.zeros(3, 4).scatter_add(0, [[0]], T.ones(1, 4)),
]


@pytest.mark.parametrize("case", range(len(BAD)))
def test_bad_arguments(case):
    check(BAD[case], match_message=True)


def test_warnings():
    i = lambda T: T.tensor([[0, 1]])
    check(warned(lambda T: T.zeros(3, 4).scatter(0, i(T), T.ones(3, 4), reduce="add")))
    check(warned(lambda T: T.zeros(3, 4).scatter_(0, i(T), 2.0, reduce="multiply")))
    check(warned(lambda T: T.zeros(3, 4).scatter(0, i(T), T.ones(3, 4), reduce="mean")))
    check(warned(lambda T: T.zeros(3, 4).index_reduce(0, T.tensor([0]), T.ones(1, 4), "amax")))
    check(warned(lambda T: T.index_select(T.zeros(3, 4), 0, T.tensor([0]), out=T.zeros(2))))
    check(warned(lambda T: T.zeros(3, 4).masked_scatter_(T.ones(3, 4, dtype=T.uint8), T.ones(12))))
