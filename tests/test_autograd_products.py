"""Gradients of the products beyond matmul (outer, inner, kron, tensordot, einsum, cross, cdist, vecdot) against
PyTorch: values, gradients, grad_fn chains, and second derivatives."""
import pytest

from oracle import LAYOUTS, check
from test_autograd_matmul import backward_of, exact, leaves

ROWS = {
    "outer": (((3,), (4,)), lambda T, a, b: T.outer(a, b)),
    "ger": (((3,), (4,)), lambda T, a, b: T.ger(a, b)),
    "inner": (((2, 3), (4, 3)), lambda T, a, b: T.inner(a, b)),
    "inner_1d": (((3,), (3,)), lambda T, a, b: T.inner(a, b)),
    "inner_0d": (((), (2, 3)), lambda T, a, b: T.inner(a, b)),
    "kron": (((2, 3), (4, 3)), lambda T, a, b: T.kron(a, b)),
    "kron_ranks": (((2,), (3, 2)), lambda T, a, b: T.kron(a, b)),
    "tensordot_2": (((2, 3, 4), (3, 4, 5)), lambda T, a, b: T.tensordot(a, b, 2)),
    "tensordot_lists": (((2, 3, 4), (4, 2, 5)), lambda T, a, b: T.tensordot(a, b, ([0, 2], [1, 0]))),
    "tensordot_broadcast": (((2, 1, 4), (3, 4)), lambda T, a, b: T.tensordot(a, b, ([1, 2], [0, 1]))),
    "tensordot_0": (((2, 3), (4,)), lambda T, a, b: T.tensordot(a, b, 0)),
    "tensordot_full": (((2, 3), (2, 3)), lambda T, a, b: T.tensordot(a, b, 2)),
    "tensordot_full_strided": (((2, 3), (3, 2)), lambda T, a, b: T.tensordot(a.t(), b, 2)),
    "einsum_mm": (((2, 3), (3, 4)), lambda T, a, b: T.einsum("ij,jk->ik", a, b)),
    "einsum_bmm": (((5, 2, 3), (5, 3, 4)), lambda T, a, b: T.einsum("bij,bjk->bik", a, b)),
    "einsum_outer": (((3,), (2,)), lambda T, a, b: T.einsum("i,j->ij", a, b)),
    "einsum_implicit": (((2, 3), (3, 4)), lambda T, a, b: T.einsum("ij,jk", a, b)),
    "einsum_ellipsis": (((5, 2, 3), (3, 4)), lambda T, a, b: T.einsum("...ij,jk->...ik", a, b)),
    "einsum_transpose_out": (((2, 3), (3, 4)), lambda T, a, b: T.einsum("ij,jk->ki", a, b)),
    "einsum_sum_both": (((2, 3), (3, 4)), lambda T, a, b: T.einsum("ij,jk->", a, b)),
    "einsum_batch_broadcast": (((2, 3), (5, 3, 4)), lambda T, a, b: T.einsum("...ij,...jk->...ik", a, b)),
    "einsum_rowwise_dot": (((2, 3), (2, 3)), lambda T, a, b: T.einsum("ij,ij->i", a, b)),
    "einsum_dot": (((3,), (3,)), lambda T, a, b: T.einsum("i,i->", a, b)),
    "einsum_bilinear": (((2, 3), (4, 3, 5)), lambda T, a, b: T.einsum("bn,anm,bm->ba", a, b, a.new_ones(2, 5))),
    "einsum_sublist": (((2, 3), (3, 4)), lambda T, a, b: T.einsum(a, [0, 1], b, [1, 2], [2, 0])),
    "cross": (((4, 3), (4, 3)), lambda T, a, b: T.cross(a, b, dim=1)),
    "linalg_cross_broadcast": (((4, 3), (1, 3)), lambda T, a, b: T.linalg.cross(a, b)),
    "cross_dim0": (((3, 2), (3, 2)), lambda T, a, b: T.linalg.cross(a, b, dim=0)),
    "vecdot": (((2, 3), (2, 3)), lambda T, a, b: T.linalg.vecdot(a, b)),
}
SINGLE = {
    "einsum_diag": ((3, 3), lambda T, a: T.einsum("ii->i", a)),
    "einsum_trace": ((3, 3), lambda T, a: T.einsum("ii", a)),
    "einsum_sum": ((3, 3), lambda T, a: T.einsum("ij->", a)),
    "einsum_permute": ((2, 3, 4), lambda T, a: T.einsum("ijk->kij", a)),
    "einsum_three": ((2, 3), lambda T, a: T.einsum("ij,jk,kl->il", a, a.t(), a)),
}


@pytest.mark.parametrize("name", list(ROWS))
@pytest.mark.parametrize("dtype", ["float32", "float64", "complex128"])
def test_pairs(name, dtype):
    shapes, op = ROWS[name]
    for wants in ((True, True), (True, False), (False, True)):
        def fn(T):
            xs = leaves(T, shapes, dtype, wants)
            return backward_of(T, op(T, *xs), xs)
        check(fn, ulps=64)


@pytest.mark.parametrize("name", list(SINGLE))
def test_single(name):
    shape, op = SINGLE[name]

    def fn(T):
        (x,) = leaves(T, [shape], "float64", (True,))
        return backward_of(T, op(T, x), (x,))
    check(fn, ulps=64)


def test_strided():
    for name in ("inner", "kron", "tensordot_lists", "einsum_mm", "einsum_bmm", "cross"):
        shapes, op = ROWS[name]
        for layout in LAYOUTS[1:]:
            def fn(T):
                xs = leaves(T, shapes, "float64", (True, True), layout)
                return backward_of(T, op(T, *xs), xs)
            check(fn, ulps=64)


CDIST = [((4, 3), (5, 3), 2.0), ((4, 3), (5, 3), 1.0), ((4, 3), (5, 3), 0.0), ((4, 3), (5, 3), float("inf")),
         ((4, 3), (5, 3), 0.5), ((4, 3), (5, 3), 3.0), ((30, 3), (5, 3), 2.0), ((2, 30, 3), (1, 4, 3), 2.0),
         ((2, 4, 3), (1, 5, 3), 1.5)]


@pytest.mark.parametrize("case", CDIST, ids=str)
def test_cdist(case):
    s1, s2, p = case

    def fn(T):
        a, b = leaves(T, (s1, s2), "float64", (True, True))
        return backward_of(T, T.cdist(a, b, p=p), (a, b))
    check(fn, ulps=256)


SECOND = [
    (((2, 3), (3, 4)), lambda T, a, b: T.einsum("ij,jk->ik", a, b)),
    (((2, 3, 4), (4, 2, 5)), lambda T, a, b: T.tensordot(a, b, ([0, 2], [1, 0]))),
    (((4, 3), (4, 3)), lambda T, a, b: T.linalg.cross(a, b)),
    (((2, 3), (4, 3)), lambda T, a, b: T.kron(a, b)),
    (((3,), (4,)), lambda T, a, b: T.outer(a, b)),
    (((30, 3), (5, 3)), lambda T, a, b: T.cdist(a, b)),
]


@pytest.mark.parametrize("index", range(len(SECOND)))
def test_second_derivative(index):
    shapes, op = SECOND[index]

    def fn(T):
        xs = leaves(T, shapes, "float64", (True,) * len(shapes))
        y = op(T, *xs)
        grads = T.autograd.grad((y * y).sum(), xs, create_graph=True)
        vs = [T.tensor(exact(tuple(x.shape), "float64", 11 + i)) for i, x in enumerate(xs)]
        return grads, T.autograd.grad(sum((g * v).sum() for g, v in zip(grads, vs)), xs)
    check(fn, ulps=256)


def test_out_refused_when_recording():
    check(lambda T: T.linalg.cross(T.ones(2, 3, requires_grad=True), T.ones(2, 3), out=T.empty(2, 3)),
          match_message=True)
    check(lambda T: T.kron(T.ones(2, requires_grad=True), T.ones(3), out=T.empty(6)), match_message=True)


def test_cdist_not_twice_differentiable():
    def fn(T):
        a, b = leaves(T, ((4, 3), (5, 3)), "float64", (True, True))
        (g,) = T.autograd.grad(T.cdist(a, b, p=1).sum(), a, create_graph=True)
        return g, type(g.grad_fn).__name__, T.autograd.grad(g.sum(), a)
    check(fn, match_message=True)
