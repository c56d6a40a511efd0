"""Gradients of ``torch.linalg`` (and the legacy ``torch.svd``/``cholesky``/``triangular_solve`` spellings) against
PyTorch: outputs, grad_fn names, input gradients (float64 and complex128, batched, broadcast, non-contiguous), the
phase errors of complex singular/eigen vectors, and second derivatives.

Comparison: LAPACK builds differ in the last bits (MKL in PyTorch, OpenBLAS in NumPy) and the backward formulas
chain several solves, so values are compared with ``np.allclose(rtol=1e-6, atol=1e-9 * largest)`` instead of ulps;
dtypes, shapes, ``requires_grad``, the outputs' strides and the grad_fn names must match exactly. Decompositions
are not unique, so the upstream gradients sent into singular/eigen vectors are those of gauge-invariant functions
(``Re <W, U diag(S) Vh>``, ``|U|``, ``|V|``), computed from each library's own outputs.
"""
import numpy as np
import pytest

import ember
from oracle import Raised, run

RTOL = 1e-6


def _same(e, t, path="result"):
    if isinstance(t, Raised):
        assert isinstance(e, Raised), f"{path}: PyTorch raised {t!r} but Ember returned {e!r}"
        assert type(e.exc) is type(t.exc), f"{path}: PyTorch raised {t!r} but Ember raised {e!r}"
        assert str(e.exc) == str(t.exc), f"{path}: message differs:\nember: {e.exc}\ntorch: {t.exc}"
        return
    if isinstance(e, Raised):
        raise AssertionError(f"{path}: Ember raised {e!r} but PyTorch returned {t!r}") from e.exc
    if isinstance(t, (tuple, list)):
        assert len(e) == len(t), f"{path}: length {len(e)} != {len(t)}"
        for i, (x, y) in enumerate(zip(e, t)):
            _same(x, y, f"{path}[{i}]")
        return
    if t is None or isinstance(t, (str, int, bool)):
        assert e == t, f"{path}: {e!r} != {t!r}"
        return
    assert str(e.dtype) == str(t.dtype), f"{path}: dtype {e.dtype} != {t.dtype}"
    assert tuple(e.shape) == tuple(t.shape), f"{path}: shape {tuple(e.shape)} != {tuple(t.shape)}"
    assert e.requires_grad == t.requires_grad, f"{path}: requires_grad {e.requires_grad} != {t.requires_grad}"
    ev, tv = e.detach().numpy(), t.detach().resolve_conj().numpy()
    finite = np.abs(tv[np.isfinite(tv)])
    scale = finite.max() if finite.size else 0
    assert np.allclose(ev, tv, rtol=RTOL, atol=1e-9 * scale, equal_nan=True), f"{path}: values differ\n{ev}\n{tv}"


def compare(fn):
    """Run ``fn(T)`` with torch and ember and compare the results as the module docstring says."""
    import torch
    _same(run(fn, ember), run(fn, torch))


def strides(ts):
    return [t.stride() for t in ts]


# -- inputs -------------------------------------------------------------------------------------------------------

def matrix(shape, dtype, seed=0, kind="general"):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(shape)
    if dtype == "complex128":
        a = a + 1j * rng.standard_normal(shape)
    n = shape[-1]
    if kind == "spd":
        a = a @ np.conj(np.swapaxes(a, -1, -2)) + n * np.eye(n)
    elif kind == "wellposed":
        a = a + 3 * np.eye(n)
    return a


def leaf(T, array, dtype, transposed=False):
    """A leaf requiring grad; ``transposed`` builds it non-contiguous (the transpose of a contiguous tensor)."""
    if transposed and array.ndim >= 2:
        t = T.tensor(np.swapaxes(array, -1, -2).copy(), dtype=getattr(T, dtype)).transpose(-1, -2)
        return t.detach().requires_grad_()
    return T.tensor(array, dtype=getattr(T, dtype), requires_grad=True)


def weights(o, seed=1):
    """A deterministic upstream gradient shaped like output ``o`` (a NumPy array)."""
    rng = np.random.default_rng(seed)
    w = rng.standard_normal(o.shape)
    if o.dtype.kind == "c":
        w = w + 1j * rng.standard_normal(o.shape)
    return w.astype(o.dtype)


def usv_upstream(w):
    """Upstream gradients of ``Re <w, U diag(S) Vh>`` for outputs U, S, Vh (gauge invariant)."""
    def upstream(outs):
        u, s, vh = outs
        k = s.shape[-1]
        uk, vk = u[..., :k], vh[..., :k, :]
        gu, gvh = np.zeros_like(u), np.zeros_like(vh)
        gu[..., :k] = w @ np.conj(np.swapaxes(vk, -1, -2)) * s[..., None, :]
        gvh[..., :k, :] = s[..., :, None] * (np.conj(np.swapaxes(uk, -1, -2)) @ w)
        gs = np.real(np.einsum("...ik,...ij,...kj->...k", np.conj(uk), w, np.conj(vk)))
        return [gu, gs, gvh]
    return upstream


def magnitude_upstream(outs):
    """Upstream gradients of sum(values * weights) + sum(|vectors|): phase invariant for singular/eigen vectors."""
    first, vectors = outs[0], outs[-1]
    grads = [weights(first), None, vectors / np.abs(vectors)] if len(outs) == 3 else [weights(first),
                                                                                          vectors / np.abs(vectors)]
    return grads


def backprop(T, outs, upstream):
    """Send ``upstream`` (a function of the outputs' values, or None for fixed weights) back from ``outs``."""
    outs = list(outs) if isinstance(outs, (tuple, list)) else [outs]
    values = [o.detach().resolve_conj().numpy() if isinstance(o, T.Tensor) and o.requires_grad else None
              for o in outs]
    grads = upstream(values) if upstream else [None if v is None else weights(v, 1 + i) for i, v in enumerate(values)]
    pairs = [(o, T.tensor(g)) for o, g in zip(outs, grads) if g is not None and values[outs.index(o)] is not None]
    T.autograd.backward([o for o, _ in pairs], [g for _, g in pairs])
    return [type(o.grad_fn).__name__ if o.grad_fn is not None else None for o in outs]


# -- first derivatives --------------------------------------------------------------------------------------------

L = lambda T: T.linalg  # noqa: E731

# name: (function of T and the leaves, input specs (shape, kind), upstream, complex allowed)
FIRST = {
    "inv": (lambda T, a: L(T).inv(a), [((2, 3, 3), "wellposed")], None, True),
    "inv_ex": (lambda T, a: L(T).inv_ex(a), [((3, 3), "wellposed")], None, True),
    "inverse": (lambda T, a: T.inverse(a), [((3, 3), "wellposed")], None, False),
    "det": (lambda T, a: L(T).det(a), [((2, 3, 3), "general")], None, True),
    "torch.det": (lambda T, a: T.det(a), [((3, 3), "general")], None, False),
    "slogdet": (lambda T, a: L(T).slogdet(a), [((2, 3, 3), "general")], None, True),
    "slogdet_logabs": (lambda T, a: L(T).slogdet(a)[1], [((3, 3), "general")], None, True),
    "slogdet_sign": (lambda T, a: L(T).slogdet(a)[0], [((3, 3), "general")], None, True),
    "torch.slogdet": (lambda T, a: T.slogdet(a), [((3, 3), "general")], None, False),
    "solve": (lambda T, a, b: L(T).solve(a, b), [((2, 3, 3), "wellposed"), ((2, 3, 2), "general")], None, True),
    "solve_broadcast_B": (lambda T, a, b: L(T).solve(a, b), [((2, 3, 3), "wellposed"), ((3, 2), "general")], None,
                          False),
    "solve_broadcast_A": (lambda T, a, b: L(T).solve(a, b), [((3, 3), "wellposed"), ((2, 3, 2), "general")], None,
                          False),
    "solve_vector": (lambda T, a, b: L(T).solve(a, b), [((2, 3, 3), "wellposed"), ((3,), "general")], None, True),
    "solve_batched_vector": (lambda T, a, b: L(T).solve(a, b), [((2, 3, 3), "wellposed"), ((2, 3), "general")], None,
                             False),
    "solve_right": (lambda T, a, b: L(T).solve(a, b, left=False), [((2, 3, 3), "wellposed"), ((2, 4, 3), "general")],
                    None, True),
    "solve_right_vector": (lambda T, a, b: L(T).solve(a, b, left=False), [((1, 1), "wellposed"), ((1,), "general")],
                           None, False),
    "solve_ex": (lambda T, a, b: L(T).solve_ex(a, b), [((3, 3), "wellposed"), ((3, 2), "general")], None, False),
    "solve_triangular_upper": (lambda T, a, b: L(T).solve_triangular(a, b, upper=True),
                               [((2, 3, 3), "wellposed"), ((2, 3, 2), "general")], None, True),
    "solve_triangular_lower_right": (lambda T, a, b: L(T).solve_triangular(a, b, upper=False, left=False),
                                     [((3, 3), "wellposed"), ((2, 3), "general")], None, True),
    "solve_triangular_unit": (lambda T, a, b: L(T).solve_triangular(a, b, upper=False, unitriangular=True),
                              [((3, 3), "wellposed"), ((3, 2), "general")], None, False),
    "triangular_solve": (lambda T, b, a: T.triangular_solve(b, a), [((2, 3, 2), "general"), ((3, 3), "wellposed")],
                         None, False),
    "triangular_solve_transpose": (lambda T, b, a: T.triangular_solve(b, a, upper=False, transpose=True),
                                   [((3, 2), "general"), ((3, 3), "wellposed")], None, False),
    "cholesky": (lambda T, a: L(T).cholesky(a), [((2, 3, 3), "spd")], None, True),
    "cholesky_upper": (lambda T, a: L(T).cholesky(a, upper=True), [((3, 3), "spd")], None, True),
    "cholesky_ex": (lambda T, a: L(T).cholesky_ex(a), [((3, 3), "spd")], None, False),
    "torch.cholesky": (lambda T, a: T.cholesky(a), [((2, 3, 3), "spd")], None, True),
    "cholesky_solve": (lambda T, b, f: T.cholesky_solve(b, L(T).cholesky(f)), [((2, 3, 2), "general"),
                                                                                ((3, 3), "spd")], None, True),
    "cholesky_solve_upper": (lambda T, b, f: T.cholesky_solve(b, L(T).cholesky(f, upper=True), upper=True),
                             [((3, 2), "general"), ((3, 3), "spd")], None, False),
    "qr": (lambda T, a: L(T).qr(a), [((2, 3, 3), "general")], None, True),
    "qr_tall": (lambda T, a: L(T).qr(a), [((5, 3), "general")], None, True),
    "qr_wide": (lambda T, a: L(T).qr(a), [((2, 3, 5), "general")], None, True),
    "qr_complete_wide": (lambda T, a: L(T).qr(a, mode="complete"), [((3, 5), "general")], None, False),
    "torch.qr": (lambda T, a: T.qr(a), [((4, 3), "general")], None, False),
    "svd": (lambda T, a: L(T).svd(a, full_matrices=False), [((2, 4, 3), "general")], "usv", True),
    "svd_full_wide": (lambda T, a: L(T).svd(a), [((3, 5), "general")], "usv", True),
    "svd_magnitudes": (lambda T, a: L(T).svd(a, full_matrices=False), [((2, 3, 4), "general")], "magnitude", True),
    "svd_S": (lambda T, a: L(T).svd(a)[1], [((2, 4, 3), "general")], None, True),
    "svdvals": (lambda T, a: L(T).svdvals(a), [((2, 3, 4), "general")], None, True),
    "torch.svd": (lambda T, a: T.svd(a), [((4, 3), "general")], "magnitude", False),
    "torch.svd_no_uv": (lambda T, a: T.svd(a, compute_uv=False)[1], [((4, 3), "general")], None, False),
    "eigh": (lambda T, a: L(T).eigh(a), [((2, 3, 3), "spd")], "magnitude", True),
    "eigh_values": (lambda T, a: L(T).eigh(a)[0], [((3, 3), "spd")], None, True),
    "eigvalsh": (lambda T, a: L(T).eigvalsh(a), [((2, 3, 3), "spd")], None, True),
    "eig": (lambda T, a: L(T).eig(a), [((2, 3, 3), "general")], "magnitude", True),
    "eigvals": (lambda T, a: L(T).eigvals(a), [((3, 3), "general")], None, True),
    "pinv": (lambda T, a: L(T).pinv(a), [((2, 3, 3), "general")], None, True),
    "pinv_wide": (lambda T, a: L(T).pinv(a), [((3, 5), "general")], None, True),
    "pinv_tall": (lambda T, a: L(T).pinv(a), [((5, 3), "general")], None, False),
    "pinv_hermitian": (lambda T, a: L(T).pinv(a, hermitian=True), [((3, 3), "spd")], None, False),
    "matrix_exp": (lambda T, a: L(T).matrix_exp(a), [((2, 3, 3), "general")], None, True),
    "torch.matrix_exp": (lambda T, a: T.matrix_exp(a), [((3, 3), "general")], None, False),
    "matrix_power_0": (lambda T, a: L(T).matrix_power(a, 0), [((3, 3), "general")], None, False),
    "matrix_power_1": (lambda T, a: L(T).matrix_power(a, 1), [((3, 3), "general")], None, False),
    "matrix_power_3": (lambda T, a: L(T).matrix_power(a, 3), [((3, 3), "general")], None, False),
    "matrix_power_neg": (lambda T, a: L(T).matrix_power(a, -2), [((3, 3), "wellposed")], None, False),
    "lstsq": (lambda T, a, b: L(T).lstsq(a, b)[0], [((2, 5, 3), "general"), ((2, 5, 2), "general")], None, True),
    "lstsq_residuals": (lambda T, a, b: L(T).lstsq(a, b, driver="gelsd")[:2],
                        [((5, 3), "general"), ((5, 2), "general")], None, False),
    "lstsq_empty_residuals": (lambda T, a, b: L(T).lstsq(a, b), [((5, 3), "general"), ((5, 2), "general")], None,
                              False),
    "lstsq_vector": (lambda T, a, b: L(T).lstsq(a, b)[0], [((5, 3), "general"), ((5,), "general")], None, False),
    "tensorinv": (lambda T, a: L(T).tensorinv(a, 1), [((3, 3), "wellposed")], None, False),
    "tensorinv_ind2": (lambda T, a: L(T).tensorinv(a, 2), [((2, 3, 6), "general")], None, False),
    "tensorsolve": (lambda T, a, b: L(T).tensorsolve(a, b), [((6, 2, 3), "general"), ((6,), "general")], None, True),
    "tensorsolve_matrix_B": (lambda T, a, b: L(T).tensorsolve(a, b), [((2, 3, 6), "general"), ((2, 3), "general")],
                             None, False),
    "cholesky_inverse": (lambda T, f: T.cholesky_inverse(L(T).cholesky(f)), [((2, 3, 3), "spd")], None, True),
    "cholesky_inverse_upper": (lambda T, f: T.cholesky_inverse(L(T).cholesky(f, upper=True), upper=True),
                               [((3, 3), "spd")], None, False),
    "logdet": (lambda T, a: T.logdet(a), [((2, 3, 3), "spd")], None, True),
    "logdet_negative": (lambda T, a: T.logdet(a), [((3, 3), "general")], None, False),
    "lu": (lambda T, a: L(T).lu(a), [((2, 3, 3), "general")], None, True),
    "lu_wide": (lambda T, a: L(T).lu(a), [((3, 5), "general")], None, True),
    "lu_tall": (lambda T, a: L(T).lu(a), [((2, 5, 3), "general")], None, True),
    "lu_tall_U_only": (lambda T, a: L(T).lu(a)[2], [((5, 3), "general")], None, False),
    "lu_wide_L_only": (lambda T, a: L(T).lu(a)[1], [((3, 5), "general")], None, False),
    "lu_factor": (lambda T, a: L(T).lu_factor(a)[0], [((2, 3, 3), "general")], None, True),
    "lu_factor_ex_wide": (lambda T, a: L(T).lu_factor_ex(a), [((3, 4), "general")], None, False),
    "torch.lu": (lambda T, a: T.lu(a)[0], [((3, 3), "general")], None, False),
    "lu_solve": (lambda T, a, b: L(T).lu_solve(*L(T).lu_factor(a), b), [((2, 3, 3), "wellposed"),
                                                                         ((2, 3, 2), "general")], None, True),
    "lu_solve_adjoint": (lambda T, a, b: L(T).lu_solve(*L(T).lu_factor(a), b, adjoint=True),
                         [((3, 3), "wellposed"), ((3, 2), "general")], None, True),
    "lu_solve_right": (lambda T, a, b: L(T).lu_solve(*L(T).lu_factor(a), b, left=False),
                       [((3, 3), "wellposed"), ((2, 3), "general")], None, True),
    "lu_solve_right_adjoint": (lambda T, a, b: L(T).lu_solve(*L(T).lu_factor(a), b, left=False, adjoint=True),
                               [((3, 3), "wellposed"), ((2, 3), "general")], None, False),
    "torch.lu_solve": (lambda T, a, b: T.lu_solve(b, *L(T).lu_factor(a)), [((3, 3), "wellposed"),
                                                                           ((3, 2), "general")], None, False),
    "householder_product": (lambda T, a, t: L(T).householder_product(a, t), [((2, 5, 3), "general"),
                                                                             ((2, 2), "general")], None, True),
    "householder_product_no_reflectors": (lambda T, a, t: L(T).householder_product(a, t),
                                          [((4, 2), "general"), ((0,), "general")], None, False),
    "orgqr": (lambda T, a, t: T.orgqr(a, t), [((4, 3), "general"), ((3,), "general")], None, False),
    "vander": (lambda T, x: L(T).vander(x), [((2, 3), "general")], None, True),
    "vander_N": (lambda T, x: L(T).vander(x, N=5), [((3,), "general")], None, False),
    "lu_unpack": (lambda T, a: T.lu_unpack(*L(T).lu_factor(a)), [((2, 3, 3), "general")], None, True),
    "lu_unpack_wide": (lambda T, a: T.lu_unpack(*L(T).lu_factor(a)), [((3, 5), "general")], None, False),
    "lu_unpack_tall_L": (lambda T, a: T.lu_unpack(*L(T).lu_factor(a))[1], [((5, 3), "general")], None, False),
    "ormqr": (lambda T, a, t, c: T.ormqr(a, t, c), [((4, 3), "general"), ((3,), "general"), ((4, 2), "general")],
              None, True),
    "ormqr_right_transpose": (lambda T, a, t, c: T.ormqr(a, t, c, left=False, transpose=True),
                              [((2, 4, 3), "general"), ((2, 3), "general"), ((2, 3, 4), "general")], None, True),
    "ormqr_tau_too_short": (lambda T, a, t, c: T.ormqr(a, t, c), [((4, 3), "general"), ((2,), "general"),
                                                                  ((4, 2), "general")], None, False),
}


def _first(name, dtype, transposed):
    fn, specs, upstream, _ = FIRST[name]

    def body(T):
        leaves = [leaf(T, matrix(shape, dtype, i, kind), dtype, transposed and i == 0)
                  for i, (shape, kind) in enumerate(specs)]
        outs = fn(T, *leaves)
        listed = list(outs) if isinstance(outs, (tuple, list)) else [outs]
        if upstream == "usv":
            rule = usv_upstream(matrix(listed[0].shape[:-1] + listed[2].shape[-1:], dtype, 7))
        else:
            rule = magnitude_upstream if upstream == "magnitude" else None
        names = backprop(T, outs, rule)
        return listed, strides([o for o in listed if o.numel()]), names, [x.grad for x in leaves]
    return body


@pytest.mark.parametrize("name", list(FIRST))
def test_first_derivative(name):
    compare(_first(name, "float64", False))


@pytest.mark.parametrize("name", [n for n, row in FIRST.items() if row[3]])
def test_first_derivative_complex(name):
    compare(_first(name, "complex128", False))


@pytest.mark.parametrize("name", ["inv", "det", "solve", "solve_triangular_upper", "cholesky", "qr", "svd", "eigh",
                                  "pinv", "matrix_exp", "matrix_power_0", "matrix_power_1", "lu", "lstsq"])
def test_first_derivative_noncontiguous(name):
    compare(_first(name, "float64", True))


# -- norms --------------------------------------------------------------------------------------------------------

NORMS = [
    ("vector_norm", lambda T, a: L(T).vector_norm(a)),
    ("vector_norm_1_dims", lambda T, a: L(T).vector_norm(a, 1, dim=(0, 2))),
    ("vector_norm_inf", lambda T, a: L(T).vector_norm(a, float("inf"), dim=-1, keepdim=True)),
    ("vector_norm_-inf", lambda T, a: L(T).vector_norm(a, -float("inf"), dim=1)),
    ("vector_norm_3.5", lambda T, a: L(T).vector_norm(a, 3.5)),
    ("vector_norm_0.5", lambda T, a: L(T).vector_norm(a, 0.5, dim=0)),
    ("vector_norm_0", lambda T, a: L(T).vector_norm(a, 0)),
    ("matrix_norm_fro", lambda T, a: L(T).matrix_norm(a)),
    ("matrix_norm_fro_dims", lambda T, a: L(T).matrix_norm(a, dim=(2, 0), keepdim=True)),
    ("matrix_norm_nuc", lambda T, a: L(T).matrix_norm(a, "nuc")),
    ("matrix_norm_nuc_keepdim", lambda T, a: L(T).matrix_norm(a, "nuc", dim=(0, 2), keepdim=True)),
    ("matrix_norm_2", lambda T, a: L(T).matrix_norm(a, 2)),
    ("matrix_norm_-2", lambda T, a: L(T).matrix_norm(a, -2, keepdim=True)),
    ("matrix_norm_1", lambda T, a: L(T).matrix_norm(a, 1)),
    ("matrix_norm_-1", lambda T, a: L(T).matrix_norm(a, -1, dim=(2, 1), keepdim=True)),
    ("matrix_norm_inf", lambda T, a: L(T).matrix_norm(a, float("inf"), keepdim=True)),
    ("matrix_norm_-inf", lambda T, a: L(T).matrix_norm(a, -float("inf"))),
    ("norm", lambda T, a: L(T).norm(a)),
    ("norm_ord_dim", lambda T, a: L(T).norm(a, 3, dim=1)),
    ("norm_nuc_2d", lambda T, a: L(T).norm(a[0], "nuc")),
    ("cond", lambda T, a: L(T).cond(a[:, :, :3])),
    ("cond_-2", lambda T, a: L(T).cond(a[:, :, :3], -2)),
    ("cond_nuc", lambda T, a: L(T).cond(a[:, :, :3], "nuc")),
]


@pytest.mark.parametrize("p", ["fro", 1, float("inf"), -1])
def test_cond_of_other_norms(p):
    """PyTorch masks the saved inverse in place: the result records history, and its backward refuses."""
    def body(T):
        a = leaf(T, matrix((2, 3, 3), "float64"), "float64")
        y = L(T).cond(a, p)
        names = [type(y.grad_fn).__name__, y.requires_grad]
        y.sum().backward()
        return y, names
    compare(body)


@pytest.mark.parametrize("name,fn", NORMS, ids=[n for n, _ in NORMS])
@pytest.mark.parametrize("dtype", ["float64", "complex128"])
def test_norm_gradients(name, fn, dtype):
    def body(T):
        a = leaf(T, matrix((2, 3, 4), dtype), dtype)
        y = fn(T, a)
        names = backprop(T, y, None)
        return y, y.stride(), names, a.grad
    compare(body)


def test_norm_zero_vector_gradients():
    def body(T):
        a = T.zeros(2, 3, dtype=T.float64, requires_grad=True)
        grads = []
        for p in (2, 1, 3.0, 0.5, float("inf")):
            (g,) = T.autograd.grad(L(T).vector_norm(a, p, dim=-1), a, T.ones(2, dtype=T.float64))
            grads.append(g)
        return grads
    compare(body)


def test_matrix_norm_dtype():
    def body(T):
        a = leaf(T, matrix((3, 4), "float32"), "float32")
        y = L(T).matrix_norm(a, dtype=T.float64)
        y.backward()
        return y, a.grad, type(y.grad_fn).__name__
    compare(body)


# -- errors -------------------------------------------------------------------------------------------------------

def _phase_loss(T, kind):
    a = leaf(T, matrix((3, 3), "complex128", kind="spd" if kind == "eigh" else "general"), "complex128")
    if kind == "svd":
        vectors = L(T).svd(a)[0]
    elif kind == "eigh":
        vectors = L(T).eigh(a)[1]
    else:
        vectors = L(T).eig(a)[1]
    vectors.backward(T.ones_like(vectors))  # depends on the arbitrary phase of each vector


@pytest.mark.parametrize("kind", ["svd", "eigh", "eig"])
def test_complex_phase_is_refused(kind):
    compare(lambda T: _phase_loss(T, kind))


def test_qr_modes_that_are_not_differentiable():
    def r_mode(T):
        a = leaf(T, matrix((4, 3), "float64"), "float64")
        L(T).qr(a, mode="r")[1].sum().backward()

    def complete_tall(T):
        a = leaf(T, matrix((4, 3), "float64"), "float64")
        L(T).qr(a, mode="complete")[1].sum().backward()
    compare(r_mode)
    compare(complete_tall)


def test_geqrf_records_but_has_no_derivative():
    def body(T):
        a = leaf(T, matrix((3, 3), "float64"), "float64")
        outs = T.geqrf(a)
        names = [type(o.grad_fn).__name__ for o in outs]
        outs[0].sum().backward()
        return names
    compare(body)


def test_ldl_records_but_has_no_derivative():
    def factor(T):
        a = leaf(T, matrix((3, 3), "float64", kind="spd"), "float64")
        LD = L(T).ldl_factor(a)[0]
        name = type(LD.grad_fn).__name__
        LD.sum().backward()
        return name

    def solve(T):
        b = leaf(T, matrix((3, 2), "float64"), "float64")
        x = L(T).ldl_solve(*L(T).ldl_factor(T.tensor(matrix((3, 3), "float64", kind="spd"))), b)
        name = type(x.grad_fn).__name__
        x.sum().backward()
        return name
    compare(factor)
    compare(solve)


@pytest.mark.parametrize("call", [
    lambda T, a, o: L(T).inv(a, out=o),
    lambda T, a, o: T.inverse(a, out=o),
    lambda T, a, o: L(T).solve(a, a, out=o),
    lambda T, a, o: T.cholesky_solve(a, a, out=o),
    lambda T, a, o: L(T).cholesky(a, out=o),
    lambda T, a, o: L(T).det(a, out=o[0, 0]),
    lambda T, a, o: L(T).svdvals(a, out=o[0]),
    lambda T, a, o: L(T).vector_norm(a, out=o[0, 0]),
    lambda T, a, o: L(T).pinv(a, out=o),
    lambda T, a, o: L(T).eigvalsh(a, out=o[0]),
    lambda T, a, o: L(T).matrix_power(a, 2, out=o),
    lambda T, a, o: L(T).solve_triangular(a, a, upper=True, out=o),
    lambda T, a, o: L(T).householder_product(a, a[0], out=o),
    lambda T, a, o: T.det(a, out=o[0, 0]),
])
def test_out_refused_when_recording(call):
    def body(T):
        a = leaf(T, matrix((3, 3), "float64", kind="spd"), "float64")
        return call(T, a, T.empty(3, 3, dtype=T.float64))
    compare(body)


@pytest.mark.parametrize("call", [
    lambda T, a, o: L(T).matrix_norm(a, out=o[0, 0]),
    lambda T, a, o: L(T).norm(a, out=o[0, 0]),
    lambda T, a, o: L(T).cond(a, out=o[0, 0]),
    lambda T, a, o: L(T).eigvals(a, out=T.empty(3, dtype=T.complex128)),
])
def test_out_of_composites_records_the_copy(call):
    def body(T):
        a = leaf(T, matrix((3, 3), "float64", kind="spd"), "float64")
        o = T.empty(3, 3, dtype=T.float64)
        r = call(T, a, o)
        return r, type(r.grad_fn).__name__, o.requires_grad
    compare(body)


def test_no_grad_records_nothing():
    def body(T):
        a = leaf(T, matrix((3, 3), "float64", kind="spd"), "float64")
        with T.no_grad():
            outs = [L(T).inv(a), L(T).det(a), L(T).cholesky(a), *L(T).svd(a), *L(T).eigh(a), L(T).vector_norm(a)]
        return [o.requires_grad for o in outs]
    compare(body)


# -- second derivatives -------------------------------------------------------------------------------------------

SECOND = {
    "inv": (lambda T, a: L(T).inv(a), [((2, 3, 3), "wellposed")]),
    "det": (lambda T, a: L(T).det(a), [((2, 3, 3), "general")]),
    "slogdet": (lambda T, a: L(T).slogdet(a)[1], [((3, 3), "wellposed")]),
    "solve": (lambda T, a, b: L(T).solve(a, b), [((2, 3, 3), "wellposed"), ((2, 3, 2), "general")]),
    "solve_triangular": (lambda T, a, b: L(T).solve_triangular(a, b, upper=True),
                         [((3, 3), "wellposed"), ((3, 2), "general")]),
    "cholesky": (lambda T, a: L(T).cholesky(a), [((2, 3, 3), "spd")]),
    "cholesky_solve": (lambda T, b, f: T.cholesky_solve(b, f), [((3, 2), "general"), ((3, 3), "wellposed")]),
    "matrix_exp": (lambda T, a: L(T).matrix_exp(a), [((3, 3), "general")]),
    "pinv": (lambda T, a: L(T).pinv(a), [((3, 3), "wellposed")]),
    "matrix_norm_fro": (lambda T, a: L(T).matrix_norm(a), [((2, 3, 3), "general")]),
    "vector_norm_2": (lambda T, a: L(T).vector_norm(a, dim=-1), [((2, 3, 3), "general")]),
    "svdvals": (lambda T, a: L(T).svdvals(a), [((2, 3, 3), "general")]),
    "matrix_norm_nuc": (lambda T, a: L(T).matrix_norm(a, "nuc"), [((2, 3, 4), "general")]),
    "eigvalsh": (lambda T, a: L(T).eigvalsh(a), [((2, 3, 3), "spd")]),
    "qr_R": (lambda T, a: L(T).qr(a)[1], [((3, 3), "general")]),
    "lu_U": (lambda T, a: L(T).lu(a)[2], [((3, 3), "general")]),
    "lstsq": (lambda T, a, b: L(T).lstsq(a, b)[0], [((4, 3), "general"), ((4, 2), "general")]),
}


@pytest.mark.parametrize("name", list(SECOND))
def test_second_derivative(name):
    fn, specs = SECOND[name]

    def body(T):
        leaves = [leaf(T, matrix(shape, "float64", i, kind), "float64") for i, (shape, kind) in enumerate(specs)]
        if name == "cholesky_solve":  # a lower-triangular factor
            leaves[1] = leaves[1].detach().tril().requires_grad_()
        y = fn(T, *leaves)
        grads = T.autograd.grad(y, leaves, T.tensor(weights(y.detach().numpy())), create_graph=True)
        total = sum((g * T.tensor(weights(g.detach().numpy(), 5 + i))).sum() for i, g in enumerate(grads))
        return list(grads), list(T.autograd.grad(total, leaves))
    compare(body)


EMPTY = [("inv", lambda T, a: L(T).inv(a)), ("det", lambda T, a: L(T).det(a)), ("svd", lambda T, a: L(T).svd(a)),
         ("eigh", lambda T, a: L(T).eigh(a)), ("qr", lambda T, a: L(T).qr(a)),
         ("cholesky", lambda T, a: L(T).cholesky(a)),
         ("matrix_exp", lambda T, a: L(T).matrix_exp(a)), ("pinv", lambda T, a: L(T).pinv(a)),
         ("matrix_norm_nuc", lambda T, a: L(T).matrix_norm(a, "nuc"))]


@pytest.mark.parametrize("name,fn", EMPTY, ids=[n for n, _ in EMPTY])
def test_empty_matrices(name, fn):
    def body(T):
        a = T.zeros(2, 0, 0, dtype=T.float64, requires_grad=True)
        outs = fn(T, a)
        names = backprop(T, outs, None)
        return a.grad, names
    compare(body)


SINGULAR = [("det", lambda T, a: L(T).det(a)), ("slogdet", lambda T, a: L(T).slogdet(a)[1]),
            ("logdet", lambda T, a: T.logdet(a)), ("inv_ex", lambda T, a: L(T).inv_ex(a)[0]),
            # (the strictly upper [[0, 1], [0, 0]] left out: the sign of its infinities is LAPACK's detail)
            ("solve_ex", lambda T, a: L(T).solve_ex(a[:2], T.ones(2, 2, 1, dtype=T.float64))[0])]


@pytest.mark.parametrize("name,fn", SINGULAR, ids=[n for n, _ in SINGULAR])
def test_singular_matrices(name, fn):
    """PyTorch gives a zero det gradient for a singular matrix, and infinities/NaNs elsewhere (no error)."""
    def body(T):
        a = T.tensor([[[1., 2.], [2., 4.]], [[1., 2.], [3., 4.]], [[0., 1.], [0., 0.]]], dtype=T.float64,
                     requires_grad=True)
        fn(T, a).sum().backward()
        return a.grad
    compare(body)
