"""cross, outer/ger, inner, kron, tensordot, einsum and cdist against PyTorch."""
import numpy as np
import pytest
import torch

import ember.ops.products as _ember_products
from oracle import DTYPE_NAMES, LAYOUTS, check, sample


def operand(T, shape, dtype, layout=LAYOUTS[0], seed=0):
    """Small non-negative values (no overflow, no cancellation); complex ones with an imaginary part only in the
    first operand (seed 1 or 0), since (a + bi)(c + di) cancels in ac - bd otherwise."""
    values = sample(shape, dtype, seed, low=0, high=3)
    return layout(T, values if seed < 2 else values.real.astype(values.dtype), dtype)


def tolerance(dtype):
    """Sums of products come out of BLAS in its own order."""
    return 16


def linalg_cross(T):
    return T.linalg.cross if T is torch else _ember_products.linalg_cross


# ---------------------------------------------------------------------------------------------
# cross


CROSS_SHAPES = [((3,), (3,), -1), ((2, 3), (2, 3), 1), ((3, 2), (3, 2), 0), ((2, 3), (1, 3), -1), ((0, 3), (0, 3), 1),
                ((3, 4, 3), (1, 4, 3), 2), ((3, 1), (3, 4), 0), ((3, 2, 1), (3, 2, 1), 0), ((2, 1, 3), (1, 1, 3), 2)]


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_cross(dtype):
    for i, (a, b, dim) in enumerate(CROSS_SHAPES):
        layout = LAYOUTS[i % 3]
        check(lambda T: T.cross(operand(T, a, dtype, layout, 1), operand(T, b, dtype, seed=2), dim=dim),
              ulps=tolerance(dtype), match_message=True)
        check(lambda T: linalg_cross(T)(operand(T, a, dtype, seed=1), operand(T, b, dtype, layout, 2), dim=dim),
              ulps=tolerance(dtype), match_message=True)
    check(lambda T: operand(T, (2, 3), dtype, seed=1).cross(operand(T, (2, 3), dtype, seed=2)), match_message=True)


def test_cross_wraps_integers():
    check(lambda T: T.cross(T.tensor([1, 2, 3], dtype=T.uint8), T.tensor([4, 5, 6], dtype=T.uint8), dim=0))


CROSS_ERRORS = [
    lambda T: T.cross(T.ones(2, 4), T.ones(2, 4)), lambda T: T.cross(T.ones(()), T.ones(())),
    lambda T: T.cross(T.ones(2, 3), T.ones(3)), lambda T: T.cross(T.ones(3, 3), T.ones(3, 3), 5),
    lambda T: T.cross(T.ones(2, 3), T.ones(2, 3, dtype=T.float64)),
    lambda T: T.cross(T.ones(2, 3), T.ones(2, 3), dim=0),
    lambda T: T.cross(T.ones(2, 3), 1),
    lambda T: linalg_cross(T)(T.ones(3, 2), T.ones(3, 2)), lambda T: linalg_cross(T)(T.ones(2, 3), T.ones(4, 3)),
    lambda T: linalg_cross(T)(T.ones(2, 3, dtype=T.int8), T.ones(2, 3, dtype=T.int64)),
    lambda T: linalg_cross(T)(T.ones(2, 4), T.ones(2, 3, dtype=T.float64)),
    lambda T: linalg_cross(T)(T.ones(2, 3, dtype=T.bool), T.ones(2, 3, dtype=T.float64)),
    lambda T: linalg_cross(T)(T.ones(()), T.ones(())),
    lambda T: linalg_cross(T)(T.ones(2, 3), T.ones(2, 3), out=T.empty(2, 3, dtype=T.float64)),
    lambda T: linalg_cross(T)(T.ones(2, 3, dtype=T.bool), T.ones(2, 3, dtype=T.bool), out=T.empty(2, 3)),
]


@pytest.mark.parametrize("fn", CROSS_ERRORS)
def test_cross_errors(fn):
    check(fn, match_message=True)


def test_cross_out_and_default_dim():
    def into(T, out, f):
        r = f(T.tensor([[1.0, 2, 3], [4, 5, 6]]), T.tensor([[0.5, 1, 2]]), dim=1, out=out)
        return r is out, out

    for f in (lambda T: T.cross, linalg_cross):
        check(lambda T: into(T, T.empty(2, 3), f(T)))
        check(lambda T: into(T, T.empty(0), f(T)))
        check(lambda T: into(T, T.zeros(3, 2).t(), f(T)))
    # without dim, torch.cross takes the first dim of size 3 (and warns); linalg.cross the last
    check(lambda T: T.cross(T.arange(9.0).reshape(3, 3), T.ones(3, 3)))
    check(lambda T: T.cross(T.arange(9.0).reshape(3, 3), T.ones(3, 3), dim=None))
    check(lambda T: linalg_cross(T)(T.arange(9.0).reshape(3, 3), T.ones(3, 3)))


def test_cross_warns_without_dim():
    import warnings
    import ember
    ember.ops.shape._warned.discard(next((m for m in ember.ops.shape._warned if "torch.cross" in m), None))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ember.cross(ember.ones(2, 3), ember.ones(2, 3))
    assert any("Using torch.cross without specifying the dim arg is deprecated" in str(w.message) for w in caught)


# ---------------------------------------------------------------------------------------------
# outer, ger, inner, kron


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_outer_inner_kron(dtype):
    for la, lb in zip(LAYOUTS, LAYOUTS[1:] + LAYOUTS[:1]):
        for op in ("outer", "ger"):
            check(lambda T: getattr(T, op)(operand(T, (2,), dtype, la, 1), operand(T, (3,), dtype, lb, 2)))
        for a, b in [((2, 3), (4, 3)), ((3,), (3,)), ((2, 2, 3), (3, 5, 3)), ((), (2, 3)), ((2, 0), (4, 0))]:
            check(lambda T: T.inner(operand(T, a, dtype, la, 1), operand(T, b, dtype, lb, 2)), ulps=tolerance(dtype),
                  match_message=True)
        for a, b in [((2, 3), (2, 2)), ((2, 3), (4,)), ((), (2,)), ((2, 1, 3), (2, 2)), ((0, 3), (2, 2))]:
            check(lambda T: T.kron(operand(T, a, dtype, la, 1), operand(T, b, dtype, lb, 2)), match_message=True)
    check(lambda T: [operand(T, (2,), dtype, seed=1).outer(operand(T, (3,), dtype, seed=2)),
                     operand(T, (2,), dtype, seed=1).ger(operand(T, (3,), dtype, seed=2)),
                     operand(T, (2, 3), dtype, seed=1).kron(operand(T, (2,), dtype, seed=2))])
    check(lambda T: operand(T, (2, 3), dtype, seed=1).inner(operand(T, (3,), dtype, seed=2)), ulps=tolerance(dtype),
          match_message=True)


def test_outer_and_kron_promote():
    check(lambda T: [T.outer(T.ones(2), T.ones(3, dtype=T.float64)),
                     T.outer(T.ones(2, dtype=T.int64), T.ones(3, dtype=T.bool)),
                     T.kron(T.ones(2, 3), T.ones(2, 2, dtype=T.float64)),
                     T.kron(T.ones(2, 3, dtype=T.int64), T.ones(2, 2, dtype=T.bool)),
                     T.inner(T.ones((), dtype=T.int64), T.ones(2, 3))])


PRODUCT_ERRORS = [
    lambda T: T.outer(T.ones(2, 3), T.ones(3)), lambda T: T.outer(T.ones(3), T.ones(2, 3)),
    lambda T: T.outer(T.ones(()), T.ones(3)), lambda T: T.outer(T.ones(2), 3),
    lambda T: T.outer(T.ones(2), T.ones(3), out=T.empty(2, 3, dtype=T.int64)),
    lambda T: T.inner(T.ones(2, 3), T.ones(4, 2)), lambda T: T.inner(T.ones(2, 3), T.ones(3, dtype=T.float64)),
    lambda T: T.inner(T.ones(3, 2).t(), T.ones(4, 2).t()),
    lambda T: T.inner(T.ones(2, 3), T.ones(4, 3), out=T.empty(2, 4, dtype=T.float64)),
    lambda T: T.kron(T.arange(6.0).reshape(2, 3).t(), T.ones(2, 2)),  # PyTorch's final view refuses this layout
    lambda T: T.kron(T.ones(2, 3), T.ones(2, 2), out=T.empty(4, 6, dtype=T.int64)),
    lambda T: T.kron(T.ones(2, 3), 2),
]


ARGUMENT_TYPES = [  # PyTorch counts a method's arguments without self
    lambda T: T.dot(T.ones(3), 2), lambda T: T.vdot(2, T.ones(3)), lambda T: T.mv(T.ones(2, 3), 2),
    lambda T: T.addmm(T.ones(2, 2), T.ones(2, 2), 2), lambda T: T.baddbmm(T.ones(2, 2, 2), 2, T.ones(2, 2, 2)),
    lambda T: T.addr(T.ones(2, 3), T.ones(2), 3), lambda T: T.outer(2, T.ones(3)), lambda T: T.cdist(2, T.ones(2, 3)),
    lambda T: T.ones(2, 2).mm(2), lambda T: T.ones(2, 2).addmm_(T.ones(2, 2), 2), lambda T: T.ones(3).dot(2),
    lambda T: T.ones(3).cross(2), lambda T: T.ones(3).vdot(2), lambda T: T.ones(2, 3).addr_(T.ones(2), 2),
    lambda T: T.ones(2).kron(None), lambda T: T.einsum(2, T.ones(3)),
    lambda T: T.addmv_(T.ones(2), T.ones(2, 3), T.ones(3)),
]


@pytest.mark.parametrize("fn", ARGUMENT_TYPES)
def test_argument_types(fn):
    check(fn, match_message=True)


@pytest.mark.parametrize("fn", PRODUCT_ERRORS)
def test_product_errors(fn):
    check(fn, match_message=True)


def test_product_out():
    def into(T, out, f):
        r = f(T, out)
        return r is out, out

    for f in (lambda T, out: T.outer(T.arange(2.0), T.arange(3.0), out=out),
              lambda T, out: T.inner(T.arange(6.0).reshape(2, 3), T.ones(4, 3), out=out),
              lambda T, out: T.kron(T.arange(6.0).reshape(2, 3), T.arange(2.0), out=out),
              lambda T, out: T.tensordot(T.arange(6.0).reshape(2, 3), T.ones(3, 4), 1, out=out)):
        check(lambda T: into(T, T.empty(0), f))
        check(lambda T: into(T, T.empty(1), f))
    check(lambda T: into(T, T.zeros(4, 2).t(), lambda T, out: T.tensordot(T.ones(2, 3), T.ones(3, 4), 1, out=out)))


# ---------------------------------------------------------------------------------------------
# tensordot

TENSORDOT = [
    ((2, 3, 4), (3, 4, 5), 2), ((2, 3, 4), (4, 5), 1), ((2, 3), (4, 5), 0), ((2, 3, 4), (4, 3, 5), ([1, 2], [1, 0])),
    ((2, 3, 4), (4, 3, 5), ((1, 2), (1, 0))), ((2, 3, 4), (4, 3, 5), [[1], [1]]), ((2, 3, 4), (4, 3, 5), ([-2], [-2])),
    ((2, 1, 4), (4, 3, 5), ([1], [1])), ((2, 3, 4), (4, 1, 5), ([1], [1])), ((), (), 0),
    ((2, 3, 4), (3, 4, 5), ([], [])),
    ((0, 3), (3, 4), 1), ((2, 0), (0, 4), 1), ((3,), (3,), 1), ((2, 3), (2, 3), 2), ((1, 3), (3, 1), 1),
    ((0,), (0,), 1),
    ((1, 3, 3), (3, 3, 1), 2),
]


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_tensordot(dtype):
    for i, (a, b, dims) in enumerate(TENSORDOT):
        check(lambda T: T.tensordot(operand(T, a, dtype, LAYOUTS[i % 3], 1),
                                    operand(T, b, dtype, LAYOUTS[(i + 1) % 3], 2),
                                    dims), ulps=tolerance(dtype), match_message=True)


def test_tensordot_dims_arguments():
    for dims in (2, True, ([1, 2], [0, 1]), [[1, 2], [0, 1]]):
        check(lambda T: T.tensordot(T.ones(2, 3, 4), T.ones(3, 4, 5), dims))
    check(lambda T: T.tensordot(T.ones(2, 3, 4), T.ones(3, 4, 5), dims=T.tensor([[1, 2], [0, 1]])))
    check(lambda T: T.tensordot(T.ones(2, 3, 4), T.ones(4, 3, 5), T.tensor(1)))
    check(lambda T: T.tensordot(T.ones(2, 3), T.ones(3, 5), dims=T.tensor(1.5)))
    check(lambda T: T.tensordot(T.ones(2, 3), T.ones(3, 5)))


TENSORDOT_ERRORS = [
    lambda T: T.tensordot(T.ones(2, 3), T.ones(3, 5), -1), lambda T: T.tensordot(T.ones(2, 3), T.ones(3, 5), 3),
    lambda T: T.tensordot(T.ones(2, 3, 4), T.ones(4, 3, 5), ([1], [2])),
    lambda T: T.tensordot(T.ones(2, 3, 4), T.ones(4, 3, 5), ([1, 2], [1])),
    lambda T: T.tensordot(T.ones(2, 3, 4), T.ones(4, 3, 5), (1, 1)),
    lambda T: T.tensordot(T.ones(2, 3, 4), T.ones(4, 3, 5), ([5], [1])),
    lambda T: T.tensordot(T.ones(2, 3, 4), T.ones(4, 3, 5), T.tensor([1, 1])),
    lambda T: T.tensordot(T.ones(2, 3), T.ones(3, 5, dtype=T.float64), 1),
    lambda T: T.tensordot(T.ones(2, 3, dtype=T.bool), T.ones(3, 5, dtype=T.bool), 0),
    lambda T: T.tensordot(T.ones(2, 3), T.ones(3, 5), 1, out=T.ones(2, 5, dtype=T.float64)),
    lambda T: T.tensordot(T.ones(2, 3, 4), T.ones(4, 3, 5), ([1, 1], [1, 1])),
    lambda T: T.tensordot(T.ones(2, 3), T.ones(3, 5), dims=1.5),
    lambda T: T.tensordot(T.ones(2, 3, 4), T.ones(3, 4, 5), dims=[1, 0]),
    lambda T: T.tensordot(T.ones(2, 3, 4), T.ones(3, 4, 5), dims=[[1, 2]]),
]


@pytest.mark.parametrize("fn", TENSORDOT_ERRORS)
def test_tensordot_errors(fn):
    check(fn, match_message=True)


# ---------------------------------------------------------------------------------------------
# einsum

EINSUM = [  # equation, operand shapes
    ("ij,jk", [(2, 3), (3, 4)]), ("ij,jk->ik", [(2, 3), (3, 4)]), ("ij", [(2, 3)]), ("ji", [(2, 3)]),
    ("ij->ji", [(2, 3)]), ("ii", [(3, 3)]), ("ii->i", [(3, 3)]), ("ij->", [(2, 3)]), ("ij->j", [(2, 3)]),
    ("i,i", [(3,), (3,)]), ("i,j", [(2,), (3,)]), ("i,i->i", [(3,), (3,)]), ("...ij->...ji", [(2, 3, 4)]),
    ("bij,bjk->bik", [(2, 2, 3), (2, 3, 4)]), ("...ij,...jk", [(5, 2, 3), (3, 4)]), ("i...", [(2, 3)]),
    ("...,...", [(2, 3), (3,)]), ("ij->...", [(2, 3)]), ("ij->i...", [(2, 3)]), ("Ab,bC", [(2, 3), (3, 4)]),
    ("ij,jk,kl", [(2, 3), (3, 4), (4, 5)]), ("bn,anm,bm->ba", [(2, 3), (4, 3, 5), (2, 5)]), ("ij,kl", [(2, 3), (4, 5)]),
    ("ij,kl->ljki", [(2, 3), (4, 5)]), ("ij,kj->ki", [(2, 3), (4, 3)]), ("ijk->kj", [(2, 3, 4)]),
    ("iij->j", [(3, 3, 2)]), ("ij,ij,ij->i", [(2, 3), (2, 3), (2, 3)]), ("i,i->", [(0,), (0,)]),
    ("bij,bkj->bik", [(2, 0, 3), (2, 4, 3)]), ("ij,ij->ij", [(2, 3), (1, 3)]), ("i,i", [(3,), (1,)]), ("", [()]),
    (",", [(), ()]), ("i j", [(2, 3)]), ("ij,jk->", [(2, 3), (3, 4)]), ("iji->j", [(2, 3, 2)]),
    ("...i,...i->...", [(2, 1, 3), (4, 3)]), ("ab,cd,bc->ad", [(2, 3), (4, 5), (3, 4)]),
    ("bae,bYY...->Yea", [(1, 2, 3), (1, 3, 3, 2, 2)]), ("i...i->...", [(3, 2, 3)]),
]


@pytest.mark.parametrize("dtype", ["bool", "uint8", "int32", "int64", "float16", "bfloat16", "float32", "float64",
                                   "complex64"])
def test_einsum(dtype):
    for i, (equation, shapes) in enumerate(EINSUM):
        check(lambda T: T.einsum(equation, *[operand(T, s, dtype, LAYOUTS[(i + j) % 3], j + 1)
                                             for j, s in enumerate(shapes)]), ulps=tolerance(dtype), match_message=True)


def test_einsum_argument_forms():
    a, b = np.arange(6.0).reshape(2, 3).tolist(), np.arange(12.0).reshape(3, 4).tolist()
    check(lambda T: T.einsum("ij,jk", [T.tensor(a), T.tensor(b)]))
    check(lambda T: T.einsum("ij,jk", (T.tensor(a), T.tensor(b))))
    check(lambda T: T.einsum(T.tensor(a), [0, 1], T.tensor(b), [1, 2]))
    check(lambda T: T.einsum(T.tensor(a), [0, 1], T.tensor(b), [1, 2], [2, 0]))
    check(lambda T: T.einsum(T.tensor(a), [Ellipsis, 1], [1, Ellipsis]))
    check(lambda T: T.einsum(T.tensor(a), [30, 51], [51]))
    check(lambda T: T.einsum("i,j", T.ones(2), T.ones(3, dtype=T.float64)))


EINSUM_ERRORS = [
    ("ij,jk", [(2, 3), (4, 4)]), ("ij,jk", [(2, 3)]), ("ij", [(2, 3), (3, 4)]), ("ijk", [(2, 3)]), ("i", [(2, 3)]),
    ("ij->k", [(2, 3)]), ("ij->ii", [(2, 3)]), ("i.j", [(2, 3)]), ("ij->j->i", [(2, 3)]), ("ii", [(2, 3)]),
    ("i,i", [(3,), (4,)]), ("...i,...i", [(2, 3), (4, 3)]), ("...i...", [(2, 3)]), ("..i", [(2, 3)]),
    ("i1", [(2, 3)]), ("ij->i.", [(2, 3)]), ("ij->......", [(2, 3)]), ("...ijk", [(2, 3)]),
    ("ij,jk", [(2, 3), (3, 4), (2, 2)]),
]


@pytest.mark.parametrize("equation, shapes", EINSUM_ERRORS, ids=str)
def test_einsum_errors(equation, shapes):
    check(lambda T: T.einsum(equation, *[T.ones(s) for s in shapes]), match_message=True)


def test_einsum_argument_errors():
    check(lambda T: T.einsum("ij,jk", T.ones(2, 3), T.ones(3, 4, dtype=T.float64)), match_message=True)
    check(lambda T: T.einsum("ij,jk", T.ones(2, 3), 2), match_message=True)
    check(lambda T: T.einsum(T.ones(2, 3)), match_message=True)
    check(lambda T: T.einsum("ij"), match_message=True)
    check(lambda T: T.einsum(T.ones(2, 3), [0, 1], T.ones(3, 4), [1, 53]), match_message=True)
    check(lambda T: T.einsum("ij", T.ones(2, 3), out=None))


# ---------------------------------------------------------------------------------------------
# cdist


def points(T, shape, dtype="float32", seed=0, layout=LAYOUTS[0]):
    return layout(T, sample(shape, dtype, seed), dtype)


@pytest.mark.parametrize("p", [0, 1, 2, 3, 0.5, float("inf"), True])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_cdist(p, dtype):
    for i, (a, b) in enumerate([((2, 3), (4, 3)), ((2, 2, 3), (2, 4, 3)), ((2, 1, 2, 3), (3, 4, 3)), ((0, 3), (4, 3)),
                                ((2, 0), (4, 0)), ((1, 3), (1, 3))]):
        check(lambda T: T.cdist(points(T, a, dtype, 1, LAYOUTS[i % 3]), points(T, b, dtype, 2), p=p), ulps=16)
        check(lambda T: T.cdist(points(T, a, dtype, 1), points(T, b, dtype, 2), p,
                                compute_mode="donot_use_mm_for_euclid_dist"), ulps=16)


def test_cdist_matrix_product_path():
    """p=2 takes PyTorch's |a|^2 - 2ab + |b|^2 route when asked to, or past 25 rows."""
    check(lambda T: T.cdist(points(T, (3, 4), seed=1), points(T, (5, 4), seed=2),
                            compute_mode="use_mm_for_euclid_dist"),
          ulps=16)
    check(lambda T: T.cdist(points(T, (30, 4), seed=1), points(T, (5, 4), seed=2)), ulps=16)
    check(lambda T: T.cdist(points(T, (2, 30, 4), seed=1), points(T, (5, 4), seed=2)), ulps=16)
    check(lambda T: T.cdist(points(T, (30, 4), "float64", 1), points(T, (5, 4), "float64", 2)), ulps=1 << 10)
    check(lambda T: T.cdist(points(T, (30, 4), seed=1), points(T, (5, 4), seed=2), p=1), ulps=16)
    check(lambda T: T.cdist(points(T, (2, 3), seed=1), points(T, (4, 3), seed=2), p=T.tensor(1.0)), ulps=16)


CDIST_ERRORS = [
    lambda T: T.cdist(T.ones(2, 3), T.ones(4, 3), p=-1), lambda T: T.cdist(T.ones(2, 3), T.ones(4, 3), p=float("nan")),
    lambda T: T.cdist(T.ones(2, 3), T.ones(4, 3), compute_mode="bad"), lambda T: T.cdist(T.ones(3), T.ones(4, 3)),
    lambda T: T.cdist(T.ones(2, 3), T.ones(3)), lambda T: T.cdist(T.ones(2, 3), T.ones(4, 4)),
    lambda T: T.cdist(T.ones(2, 3), T.ones(4, 3, dtype=T.float64)),
    lambda T: T.cdist(T.ones(2, 3, dtype=T.float64), T.ones(4, 3)),
    lambda T: T.cdist(T.ones(2, 2, 3), T.ones(3, 4, 3)), lambda T: T.cdist(T.ones(2, 3), 2),
    lambda T: T.cdist(T.ones(2, 3, dtype=T.int32), T.ones(4, 3, dtype=T.int32)),
    lambda T: T.cdist(T.ones(2, 3), T.ones(4, 3, dtype=T.int32)),
    lambda T: T.cdist(T.ones(2, 3), T.ones(4, 3, dtype=T.half)),
    lambda T: T.cdist(T.ones(2, 3, dtype=T.half), T.ones(4, 3)),
    lambda T: T.cdist(T.ones(2, 3, dtype=T.bfloat16), T.ones(4, 3, dtype=T.bfloat16)),
    lambda T: T.cdist(T.ones(2, 3, dtype=T.complex64), T.ones(4, 3, dtype=T.complex64)),
    lambda T: T.cdist(T.ones(2, 3, dtype=T.bool), T.ones(4, 3, dtype=T.bool)),
]


@pytest.mark.parametrize("fn", CDIST_ERRORS)
def test_cdist_errors(fn):
    check(fn, match_message=True)
