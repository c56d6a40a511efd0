"""ember.linalg and the top-level linear-algebra functions against PyTorch: values, dtypes, shapes, strides, errors.

LAPACK differs between the two builds (PyTorch links MKL, NumPy OpenBLAS), so values are compared to within
a relative tolerance (``ULPS``) rather than bit for bit; inputs are well conditioned so that tolerance holds.
"""
import numpy as np
import pytest
import torch

import ember
from oracle import Raised, _values, assert_same, check, make, run, sample

FLOATS = ["float32", "float64", "complex64", "complex128"]
ULPS = {"float32": 2000, "float64": 2 ** 20, "complex64": 2000, "complex128": 2 ** 20}  # float64: ~2e-10 relative


def _ulps(dtype):
    return ULPS.get(dtype, 4)


def general(shape, dtype, seed=0):
    """Well-conditioned square matrices: random entries plus a dominant diagonal."""
    a = sample(shape, dtype, seed=seed)
    n = shape[-1]
    if dtype in FLOATS and n:
        a = a + 4 * n * np.eye(n, dtype=a.dtype)
    return a


def hermitian(shape, dtype, seed=0):
    """Hermitian positive-definite matrices."""
    a = sample(shape, dtype, seed=seed)
    n = shape[-1]
    return (a @ np.conj(np.swapaxes(a, -1, -2)) + n * np.eye(n)).astype(a.dtype)


def rect(shape, dtype, seed=0):
    return sample(shape, dtype, seed=seed)


def mk(T, data, dtype, layout="contiguous"):
    """A tensor of ``data``: contiguous, transposed (column-major) or strided (every other matrix row)."""
    if layout == "transposed":
        return make(T, np.swapaxes(data, -1, -2), dtype).reshape(np.swapaxes(data, -1, -2).shape).transpose(-1, -2)
    if layout == "strided":
        doubled = np.repeat(data, 2, axis=-2)
        return make(T, doubled, dtype).reshape(doubled.shape)[..., ::2, :]
    return make(T, data, dtype).reshape(data.shape)  # make() loses the shape of an empty nested list


def _canonical(values, axis):
    """Singular/eigen-vectors with the sign (phase) each LAPACK build picks taken out: every vector (a column for
    axis -2, a row for axis -1) turned so that its largest entry is real and positive."""
    if not values.size:
        return values
    moved = np.moveaxis(values, axis, -1)
    big = np.take_along_axis(moved, np.abs(moved).argmax(-1)[..., None], -1)
    phase = np.where(big == 0, 1, big / np.where(big == 0, 1, np.abs(big)))
    return np.moveaxis(moved / phase, -1, axis)


def _compare(e, t, rtol, vectors, path="result"):
    if isinstance(t, (tuple, list)):
        assert isinstance(e, (tuple, list)) and len(e) == len(t), f"{path}: {e!r} != {t!r}"
        assert type(e).__name__ == type(t).__name__, f"{path}: {type(e).__name__} != {type(t).__name__}"
        for i, (x, y) in enumerate(zip(e, t)):
            _compare(x, y, rtol, vectors.get(i) if isinstance(vectors, dict) else None, f"{path}[{i}]")
        return
    if not isinstance(t, torch.Tensor):
        assert_same(e, t, path=path)
        return
    assert isinstance(e, ember.Tensor), f"{path}: expected a Tensor, got {type(e).__name__}"
    assert str(e.dtype) == str(t.dtype) and e.shape == t.shape, f"{path}: {e.dtype}{e.shape} != {t.dtype}{t.shape}"
    assert (e.stride(), e.storage_offset()) == (t.stride(), t.storage_offset()), (
        f"{path}: strides {e.stride()} != {t.stride()}")
    ev, tv = _values(e), _values(t)
    if vectors is not None:
        ev, tv = _canonical(ev, vectors), _canonical(tv, vectors)
    finite = np.isfinite(tv)
    scale = max(1.0, float(np.abs(tv[finite]).max())) if finite.any() else 1.0
    assert np.allclose(ev, tv, rtol=rtol, atol=rtol * scale, equal_nan=True), (
        f"{path}: values differ\nember: {ev}\ntorch: {tv}")


def close(fn, dtype, vectors=None, match_message=True):
    """Run ``fn`` on both libraries: the same dtypes, shapes, strides and errors, values within a tolerance scaled
    by the largest entry (LAPACK builds round differently, and differ in sign choices: see ``vectors``)."""
    t, e = run(fn, torch), run(fn, ember)
    if isinstance(t, Raised):
        assert_same(e, t)
        if match_message:
            assert str(e.exc) == str(t.exc), f"message differs:\nember: {e.exc}\ntorch: {t.exc}"
        return
    if isinstance(e, Raised):
        raise AssertionError(f"Ember raised {e!r} but PyTorch returned {t!r}") from e.exc
    _compare(e, t, RTOL.get(dtype, 1e-2), vectors)


RTOL = {"float32": 1e-4, "complex64": 1e-4, "float64": 1e-10, "complex128": 1e-10}


# -- single-input functions over dtypes, batch shapes and layouts -----------------------------------------------------

SQUARE_FNS = {
    "inv": lambda T, a: T.linalg.inv(a),
    "inv_ex": lambda T, a: T.linalg.inv_ex(a),
    "inverse": lambda T, a: T.inverse(a),
    "inverse_method": lambda T, a: a.inverse(),
    "det": lambda T, a: T.linalg.det(a),
    "det_top": lambda T, a: T.det(a),
    "det_method": lambda T, a: a.det(),
    "slogdet": lambda T, a: T.linalg.slogdet(a),
    "slogdet_top": lambda T, a: T.slogdet(a),
    "slogdet_method": lambda T, a: a.slogdet(),
    "logdet": lambda T, a: T.logdet(a),
    "logdet_method": lambda T, a: a.logdet(),
    "matrix_exp": lambda T, a: T.linalg.matrix_exp(a),
    "matrix_exp_top": lambda T, a: T.matrix_exp(a),
    "matrix_exp_method": lambda T, a: a.matrix_exp(),
    "matrix_power3": lambda T, a: T.linalg.matrix_power(a, 3),
    "matrix_power5": lambda T, a: T.matrix_power(a, 5),
    "matrix_power0": lambda T, a: a.matrix_power(0),
    "matrix_power1": lambda T, a: a.matrix_power(1),
    "matrix_power-2": lambda T, a: T.linalg.matrix_power(a, -2),
    "cond": lambda T, a: T.linalg.cond(a),
    "cond_fro": lambda T, a: T.linalg.cond(a, "fro"),
    "cond_nuc": lambda T, a: T.linalg.cond(a, "nuc"),
    "cond_1": lambda T, a: T.linalg.cond(a, 1),
    "cond_-inf": lambda T, a: T.linalg.cond(a, -float("inf")),
    "cond_-2": lambda T, a: T.linalg.cond(a, -2),
    "lu_factor": lambda T, a: T.linalg.lu_factor(a),
    "lu_factor_ex": lambda T, a: T.linalg.lu_factor_ex(a),
    "lu": lambda T, a: T.linalg.lu(a),
    "lu_unpack": lambda T, a: T.lu_unpack(*T.linalg.lu_factor(a)),
    "eigvals": lambda T, a: T.linalg.eigvals(a),
    "matrix_rank": lambda T, a: T.linalg.matrix_rank(a),
}


# the error and batch tables leave out the Tensor-method spellings (the same function)
ERROR_NAMES = [name for name in SQUARE_FNS if not name.endswith("_method")]


@pytest.mark.parametrize("name,dtype", [(name, dtype) for name in SQUARE_FNS for dtype in FLOATS
                                        if name in ERROR_NAMES or dtype == "float64"])
def test_square_functions(name, dtype):
    fn = SQUARE_FNS[name]
    check(lambda T: fn(T, mk(T, general((3, 3), dtype), dtype)), ulps=_ulps(dtype))


@pytest.mark.parametrize("name", ERROR_NAMES)
@pytest.mark.parametrize("shape,layout", [((2, 1, 4, 4), "transposed"), ((2, 0, 0), "strided")])
def test_square_functions_batched(name, shape, layout):
    fn = SQUARE_FNS[name]
    check(lambda T: fn(T, mk(T, general(shape, "float64"), "float64", layout)), ulps=_ulps("float64"))


# PyTorch's float16 matrix_exp overflows to inf for ordinary inputs; Ember computes it in float32 (not compared)
@pytest.mark.parametrize("name,dtype", [(name, dtype) for name in ERROR_NAMES for dtype in ["int64", "float16"]
                                        if not (dtype == "float16" and name.startswith("matrix_exp"))])
def test_square_functions_refused_dtypes(name, dtype):
    fn = SQUARE_FNS[name]
    check(lambda T: fn(T, mk(T, general((3, 3), dtype), dtype)), ulps=8, match_message=True)


@pytest.mark.parametrize("name", ERROR_NAMES)
@pytest.mark.parametrize("shape", [(2, 3), (3,)])
def test_square_functions_bad_shapes(name, shape):
    fn = SQUARE_FNS[name]
    check(lambda T: fn(T, mk(T, rect(shape, "float32"), "float32")), ulps=_ulps("float32"), match_message=True)


# -- rectangular inputs ---------------------------------------------------------------------------------------------

RECT_FNS = {
    "qr": lambda T, a: T.linalg.qr(a),
    "qr_complete": lambda T, a: T.linalg.qr(a, mode="complete"),
    "qr_r": lambda T, a: T.linalg.qr(a, mode="r"),
    "qr_top": lambda T, a: T.qr(a),
    "qr_some_false": lambda T, a: a.qr(some=False),
    "svd": lambda T, a: T.linalg.svd(a),
    "svd_reduced": lambda T, a: T.linalg.svd(a, full_matrices=False),
    "svd_top": lambda T, a: T.svd(a),
    "svd_top_full": lambda T, a: a.svd(some=False),
    "svd_no_uv": lambda T, a: T.svd(a, compute_uv=False),
    "svdvals": lambda T, a: T.linalg.svdvals(a),
    "pinv": lambda T, a: T.linalg.pinv(a),
    "pinv_rtol": lambda T, a: T.linalg.pinv(a, rtol=0.3),
    "pinv_atol": lambda T, a: T.linalg.pinv(a, atol=2.0),
    "pinverse": lambda T, a: T.pinverse(a),
    "pinverse_method": lambda T, a: a.pinverse(rcond=0.2),
    "matrix_rank": lambda T, a: T.linalg.matrix_rank(a),
    "matrix_rank_atol": lambda T, a: T.linalg.matrix_rank(a, atol=3.0, rtol=0.1),
    "lu_factor": lambda T, a: T.linalg.lu_factor(a),
    "lu": lambda T, a: T.linalg.lu(a),
    "lu_unpack_parts": lambda T, a: T.lu_unpack(*T.linalg.lu_factor(a), unpack_data=False),
    "cond": lambda T, a: T.linalg.cond(a),
    "matrix_norm_fro": lambda T, a: T.linalg.matrix_norm(a),
    "matrix_norm_nuc": lambda T, a: T.linalg.matrix_norm(a, "nuc"),
    "matrix_norm_2": lambda T, a: T.linalg.matrix_norm(a, 2),
    "matrix_norm_-2": lambda T, a: T.linalg.matrix_norm(a, -2),
    "matrix_norm_1": lambda T, a: T.linalg.matrix_norm(a, 1),
    "matrix_norm_-1": lambda T, a: T.linalg.matrix_norm(a, -1),
    "matrix_norm_inf": lambda T, a: T.linalg.matrix_norm(a, float("inf")),
    "matrix_norm_-inf_keep": lambda T, a: T.linalg.matrix_norm(a, -float("inf"), keepdim=True),
    "matrix_norm_dims": lambda T, a: T.linalg.matrix_norm(a, 1, dim=(-1, 0)),
    "matrix_norm_nuc_keep": lambda T, a: T.linalg.matrix_norm(a, "nuc", dim=(-1, -2), keepdim=True),
    "norm": lambda T, a: T.linalg.norm(a),
    "norm_dim": lambda T, a: T.linalg.norm(a, dim=(0, -1)),
    "norm_ord_dim": lambda T, a: T.linalg.norm(a, 3, dim=-1, keepdim=True),
}


# where singular vectors and eigenvectors are in the results: their signs are LAPACK's choice
VECTORS = {"svd": {0: -2, 2: -1}, "svd_reduced": {0: -2, 2: -1}, "svd_top": {0: -2, 2: -2},
           "svd_top_full": {0: -2, 2: -2},
           "eigh": {1: -2}, "eigh_upper": {1: -2}, "eig": {1: -2}}


@pytest.mark.parametrize("name", list(RECT_FNS))
@pytest.mark.parametrize("shape,dtype,layout", [
    ((4, 3), "float64", "contiguous"), ((3, 4), "float32", "transposed"), ((2, 3, 4), "complex128", "strided"),
    ((3, 0), "float32", "contiguous"), ((0, 2, 3), "complex64", "contiguous"),
])
def test_rectangular_functions(name, shape, dtype, layout):
    fn = RECT_FNS[name]
    close(lambda T: fn(T, mk(T, rect(shape, dtype), dtype, layout)), dtype, VECTORS.get(name))


@pytest.mark.parametrize("name", [name for name in RECT_FNS if not name.endswith(("_method", "_top")) and
                                  not name.startswith("matrix_norm_") or name == "matrix_norm_2"])
@pytest.mark.parametrize("dtype,shape", [("int64", (2, 3)), ("bfloat16", (2, 3)), ("float32", (3,))])
def test_rectangular_functions_errors(name, dtype, shape):
    fn = RECT_FNS[name]
    check(lambda T: fn(T, mk(T, rect(shape, dtype), dtype)), ulps=8, match_message=True)


# -- Hermitian positive-definite inputs --------------------------------------------------------------------------

HERMITIAN_FNS = {
    "cholesky": lambda T, a: T.linalg.cholesky(a),
    "cholesky_upper": lambda T, a: T.linalg.cholesky(a, upper=True),
    "cholesky_ex": lambda T, a: T.linalg.cholesky_ex(a),
    "cholesky_top": lambda T, a: T.cholesky(a),
    "cholesky_method_upper": lambda T, a: a.cholesky(upper=True),
    "cholesky_inverse": lambda T, a: T.cholesky_inverse(T.linalg.cholesky(a)),
    "cholesky_inverse_upper": lambda T, a: T.linalg.cholesky(a, upper=True).cholesky_inverse(upper=True),
    "cholesky_solve": lambda T, a: T.cholesky_solve(a[..., :2] * 3, T.linalg.cholesky(a)),
    "cholesky_solve_upper": lambda T, a: (a[..., :1] + 1).cholesky_solve(T.linalg.cholesky(a, upper=True), True),
    "eigh": lambda T, a: T.linalg.eigh(a),
    "eigh_upper": lambda T, a: T.linalg.eigh(a.triu() + 0.5, UPLO="U"),
    "eigvalsh": lambda T, a: T.linalg.eigvalsh(a),
    "eigvalsh_upper": lambda T, a: T.linalg.eigvalsh(a.tril() - 1, "U"),
    "pinv_hermitian": lambda T, a: T.linalg.pinv(a, hermitian=True),
    "pinv_hermitian_atol": lambda T, a: T.linalg.pinv(a, atol=4.0, hermitian=True),
    "matrix_rank_hermitian": lambda T, a: T.linalg.matrix_rank(a, hermitian=True, rtol=0.05),
    "eig": lambda T, a: T.linalg.eig(a),
}


@pytest.mark.parametrize("name", list(HERMITIAN_FNS))
@pytest.mark.parametrize("shape,dtype,layout", [
    ((3, 3), "float64", "contiguous"), ((3, 3), "float32", "transposed"), ((2, 3, 3), "complex128", "strided"),
    ((2, 2, 2), "complex64", "contiguous"), ((0, 2, 2), "float64", "contiguous"), ((2, 0, 0), "float32", "contiguous"),
])
def test_hermitian_functions(name, shape, dtype, layout):
    fn = HERMITIAN_FNS[name]
    close(lambda T: fn(T, mk(T, hermitian(shape, dtype), dtype, layout)), dtype, VECTORS.get(name))


@pytest.mark.parametrize("name", [name for name in HERMITIAN_FNS if "upper" not in name])
@pytest.mark.parametrize("dtype,shape", [("int64", (2, 2)), ("float16", (2, 2)), ("float32", (2, 3)),
                                         ("float32", (2,))])
def test_hermitian_functions_errors(name, dtype, shape):
    fn = HERMITIAN_FNS[name]
    check(lambda T: fn(T, mk(T, rect(shape, dtype), dtype)), ulps=8, match_message=True)


# -- solvers: two inputs, batched and broadcast, vector right-hand sides -----------------------------------------------

def _a(T, shape, dtype, layout="contiguous", seed=0):
    return mk(T, general(shape, dtype, seed), dtype, layout)


def _b(T, shape, dtype, layout="contiguous"):
    data = rect(shape, dtype, seed=1)
    return mk(T, data, dtype, layout) if len(shape) > 1 else make(T, data, dtype)


SOLVERS = {
    "solve": lambda T, d: T.linalg.solve(_a(T, (3, 3), d), _b(T, (3, 2), d)),
    "solve_batched": lambda T, d: T.linalg.solve(_a(T, (2, 3, 3), d, "transposed"), _b(T, (2, 3, 4), d, "strided")),
    "solve_broadcast": lambda T, d: T.linalg.solve(_a(T, (2, 1, 3, 3), d), _b(T, (4, 3, 2), d)),
    "solve_vector": lambda T, d: T.linalg.solve(_a(T, (3, 3), d), _b(T, (3,), d)),
    "solve_vector_batched": lambda T, d: T.linalg.solve(_a(T, (2, 2, 3, 3), d), _b(T, (2, 2, 3), d)),
    "solve_vector_1d_batch": lambda T, d: T.linalg.solve(_a(T, (2, 3, 3), d), _b(T, (3,), d)),
    "solve_not_vector": lambda T, d: T.linalg.solve(_a(T, (2, 2, 3, 3), d), _b(T, (2, 3), d)),
    "solve_right": lambda T, d: T.linalg.solve(_a(T, (2, 3, 3), d), _b(T, (2, 4, 3), d), left=False),
    "solve_ex": lambda T, d: T.linalg.solve_ex(_a(T, (2, 3, 3), d), _b(T, (2, 3, 1), d)),
    "solve_empty": lambda T, d: T.linalg.solve(_a(T, (0, 3, 3), d), _b(T, (0, 3, 2), d)),
    "solve_bad_shape": lambda T, d: T.linalg.solve(_a(T, (3, 3), d), _b(T, (4, 2), d)),
    "solve_bad_batch": lambda T, d: T.linalg.solve(_a(T, (2, 3, 3), d), _b(T, (3, 3, 2), d)),
    "solve_mixed_dtypes": lambda T, d: T.linalg.solve(_a(T, (3, 3), d), _b(T, (3, 2), "float64")),
    "solve_triangular_upper": lambda T, d: T.linalg.solve_triangular(_a(T, (3, 3), d), _b(T, (3, 2), d), upper=True),
    "solve_triangular_lower_batched": lambda T, d: T.linalg.solve_triangular(
        _a(T, (2, 3, 3), d, "transposed"), _b(T, (1, 3, 4), d), upper=False),
    "solve_triangular_right_unit": lambda T, d: T.linalg.solve_triangular(
        _a(T, (3, 3), d), _b(T, (2, 4, 3), d), upper=True, left=False, unitriangular=True),
    "solve_triangular_vector": lambda T, d: T.linalg.solve_triangular(_a(T, (3, 3), d), _b(T, (3,), d), upper=True),
    "solve_triangular_no_upper": lambda T, d: T.linalg.solve_triangular(_a(T, (3, 3), d), _b(T, (3, 2), d)),
    "triangular_solve": lambda T, d: T.triangular_solve(_b(T, (3, 2), d), _a(T, (3, 3), d)),
    "triangular_solve_batched": lambda T, d: _b(T, (2, 3, 2), d).triangular_solve(
        _a(T, (3, 3), d, "transposed"), upper=False, transpose=True),
    "triangular_solve_unit": lambda T, d: T.triangular_solve(_b(T, (3, 2), d), _a(T, (2, 3, 3), d), unitriangular=True),
    "lu_solve": lambda T, d: T.linalg.lu_solve(*T.linalg.lu_factor(_a(T, (3, 3), d)), _b(T, (3, 2), d)),
    "lu_solve_batched": lambda T, d: T.linalg.lu_solve(*T.linalg.lu_factor(_a(T, (2, 3, 3), d)), _b(T, (2, 3, 4), d)),
    "lu_solve_broadcast": lambda T, d: T.linalg.lu_solve(*T.linalg.lu_factor(_a(T, (3, 3), d)), _b(T, (2, 3, 1), d)),
    "lu_solve_right": lambda T, d: T.linalg.lu_solve(*T.linalg.lu_factor(_a(T, (3, 3), d)), _b(T, (2, 3), d),
                                                     left=False),
    "lu_solve_adjoint": lambda T, d: T.linalg.lu_solve(*T.linalg.lu_factor(_a(T, (2, 3, 3), d)), _b(T, (2, 3, 2), d),
                                                       adjoint=True),
    "lu_solve_right_adjoint": lambda T, d: T.linalg.lu_solve(*T.linalg.lu_factor(_a(T, (3, 3), d)),
                                                             _b(T, (4, 3), d), left=False, adjoint=True),
    "lu_solve_method": lambda T, d: _b(T, (3, 2), d).lu_solve(*T.linalg.lu_factor(_a(T, (3, 3), d))),
    "lu_solve_bad_pivots": lambda T, d: T.linalg.lu_solve(_a(T, (3, 3), d), T.zeros(3, dtype=T.int32),
                                                          _b(T, (3, 2), d)),
    # batches of many small matrices take the row-by-row substitution path
    "solve_triangular_many": lambda T, d: T.linalg.solve_triangular(_a(T, (6, 3, 3), d), _b(T, (6, 3, 2), d),
                                                                    upper=False, unitriangular=True),
    "solve_triangular_singular": lambda T, d: T.linalg.solve_triangular(
        _a(T, (3, 3), d) * T.tensor([1.0, 0.0, 1.0]).to(getattr(T, d)), _b(T, (3, 2), d), upper=True),
    "solve_triangular_many_singular": lambda T, d: T.linalg.solve_triangular(
        _a(T, (6, 3, 3), d) * T.tensor([1.0, 0.0, 1.0]).to(getattr(T, d)), _b(T, (3, 2), d), upper=True),
    "triangular_solve_many_transpose": lambda T, d: T.triangular_solve(_b(T, (6, 3, 2), d), _a(T, (6, 3, 3), d),
                                                                       transpose=True),
    "lu_solve_many": lambda T, d: T.linalg.lu_solve(*T.linalg.lu_factor(_b(T, (6, 4, 4), d)), _b(T, (6, 4, 2), d)),
    "lu_solve_many_adjoint": lambda T, d: T.linalg.lu_solve(*T.linalg.lu_factor(_b(T, (6, 4, 4), d)),
                                                            _b(T, (4, 2), d), adjoint=True),
    "lu_solve_many_right": lambda T, d: T.linalg.lu_solve(*T.linalg.lu_factor(_b(T, (6, 4, 4), d)),
                                                          _b(T, (6, 3, 4), d), left=False),
    "cholesky_solve_many": lambda T, d: T.cholesky_solve(_b(T, (6, 3, 2), d), T.linalg.cholesky(
        mk(T, hermitian((6, 3, 3), d), d)), upper=False),
    "cholesky_inverse_many": lambda T, d: T.cholesky_inverse(T.linalg.cholesky(mk(T, hermitian((6, 3, 3), d), d))),
    "lu_many": lambda T, d: T.linalg.lu(_b(T, (6, 4, 3), d)),
    "lstsq": lambda T, d: T.linalg.lstsq(_b(T, (5, 3), d), _b(T, (5, 2), d)),
    "lstsq_wide": lambda T, d: T.linalg.lstsq(_b(T, (3, 5), d), _b(T, (3, 2), d)),
    "lstsq_vector_batched": lambda T, d: T.linalg.lstsq(_b(T, (2, 5, 3), d), _b(T, (2, 5), d)),
    "lstsq_vector_gelsd": lambda T, d: T.linalg.lstsq(_b(T, (5, 3), d), _b(T, (5,), d), driver="gelsd"),
    "solve_right_vector": lambda T, d: T.linalg.solve(_a(T, (2, 3, 3), d), _b(T, (2, 3), d), left=False),
    "lstsq_gelsd": lambda T, d: T.linalg.lstsq(_b(T, (2, 5, 3), d), _b(T, (2, 5, 2), d), driver="gelsd"),
    "lstsq_gelss": lambda T, d: T.linalg.lstsq(_b(T, (3, 4), d), _b(T, (3, 2), d), driver="gelss"),
    "lstsq_gels": lambda T, d: T.linalg.lstsq(_b(T, (5, 3), d), _b(T, (5, 2), d), driver="gels"),
    "lstsq_gels_wide": lambda T, d: T.linalg.lstsq(_b(T, (2, 3, 5), d), _b(T, (2, 3, 2), d), driver="gels"),
    "lstsq_bad_driver": lambda T, d: T.linalg.lstsq(_b(T, (5, 3), d), _b(T, (5, 2), d), driver="foo"),
    "householder_product": lambda T, d: T.linalg.householder_product(_b(T, (4, 3), d), _b(T, (2,), d)),
    "householder_product_batched": lambda T, d: T.linalg.householder_product(_b(T, (2, 4, 3), d), _b(T, (2, 3), d)),
    "householder_product_wide": lambda T, d: T.linalg.householder_product(_b(T, (3, 4), d), _b(T, (3,), d)),
    "householder_product_bad_tau": lambda T, d: T.linalg.householder_product(_b(T, (4, 3), d), _b(T, (4,), d)),
}


CORE_SOLVERS = ["solve_batched", "solve_vector_batched", "solve_right", "solve_triangular_lower_batched",
                "solve_triangular_right_unit", "triangular_solve_batched", "lu_solve_batched", "lu_solve_right_adjoint",
                "lstsq", "lstsq_gelsd", "householder_product_batched"]


@pytest.mark.parametrize("name,dtype", [(name, dtype) for name in SOLVERS for dtype in FLOATS
                                        if dtype in ("float64", "complex64") or name in CORE_SOLVERS])
def test_solvers(name, dtype):
    fn = SOLVERS[name]
    close(lambda T: fn(T, dtype), dtype)


@pytest.mark.parametrize("name", [n for n in SOLVERS if not any(w in n for w in ("bad", "mixed", "empty", "method"))])
@pytest.mark.parametrize("dtype", ["int64", "float16"])
def test_solvers_refused_dtypes(name, dtype):
    fn = SOLVERS[name]
    check(lambda T: fn(T, dtype), match_message=True)


# -- norms -------------------------------------------------------------------------------------------------------

NORMS = {
    "vector_norm": lambda T, x: T.linalg.vector_norm(x),
    "vector_norm_1": lambda T, x: T.linalg.vector_norm(x, 1),
    "vector_norm_0": lambda T, x: T.linalg.vector_norm(x, 0, dim=-1),
    "vector_norm_inf": lambda T, x: T.linalg.vector_norm(x, float("inf"), dim=(0, -1)),
    "vector_norm_-inf_keep": lambda T, x: T.linalg.vector_norm(x, -float("inf"), dim=0, keepdim=True),
    "vector_norm_3.5": lambda T, x: T.linalg.vector_norm(x, 3.5, dim=[-1]),
    "vector_norm_-1": lambda T, x: T.linalg.vector_norm(x, -1),
    "vector_norm_dtype": lambda T, x: T.linalg.vector_norm(x, dtype=T.complex128 if x.is_complex() else T.float64),
    "norm": lambda T, x: T.linalg.norm(x),
    "norm_ord": lambda T, x: T.linalg.norm(x, 1),
    "norm_fro": lambda T, x: T.linalg.norm(x, "fro"),
    "norm_dim": lambda T, x: T.linalg.norm(x, 2, dim=0),
    "norm_dims": lambda T, x: T.linalg.norm(x, -2, dim=(0, -1)),
}

NORM_ERRORS = {
    "vector_norm_narrowing": lambda T, x: T.linalg.vector_norm(x, dtype=T.float16),
    "vector_norm_str": lambda T, x: T.linalg.vector_norm(x, "fro"),
    "vector_norm_bad_dim": lambda T, x: T.linalg.vector_norm(x, dim=5),
    "norm_str_one_dim": lambda T, x: T.linalg.norm(x, "nuc", dim=0),
    "matrix_norm_bad_ord": lambda T, x: T.linalg.matrix_norm(x, 3),
    "matrix_norm_zero_ord": lambda T, x: T.linalg.matrix_norm(x, 0),
    "matrix_norm_bad_dim": lambda T, x: T.linalg.matrix_norm(x, dim=(0,)),
    "matrix_norm_str": lambda T, x: T.linalg.matrix_norm(x, "foo"),
}


@pytest.mark.parametrize("name", list(NORMS))
@pytest.mark.parametrize("shape,dtype", [((2, 3, 4), "float32"), ((4, 3), "complex128"), ((5,), "float64"),
                                         ((), "float64"), ((2, 0), "float32"), ((3, 2), "bfloat16"), ((3,), "int64")])
def test_norms(name, shape, dtype):
    fn = NORMS[name]
    close(lambda T: fn(T, make(T, sample(shape, dtype), dtype).reshape(shape)), dtype)


@pytest.mark.parametrize("name", list(NORM_ERRORS))
@pytest.mark.parametrize("shape,dtype", [((2, 3), "float64"), ((3,), "complex64")])
def test_norm_errors(name, shape, dtype):
    fn = NORM_ERRORS[name]
    close(lambda T: fn(T, make(T, sample(shape, dtype), dtype)), dtype)


def test_norm_layouts():
    data = sample((3, 4), "float64")
    for layout in ("transposed", "strided"):
        close(lambda T: T.linalg.vector_norm(mk(T, data, "float64", layout), 2, dim=0, keepdim=True), "float64")
        close(lambda T: T.linalg.matrix_norm(mk(T, data, "float64", layout), "nuc"), "float64")


# -- singular and non-positive-definite inputs ------------------------------------------------------------------------

SINGULAR = [[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 1.0, 1.0]]
NOT_PD = [[1.0, 2.0], [2.0, 1.0]]


def raises_same(fn):
    """Both raise the linalg error (torch.linalg.LinAlgError / ember.linalg.LinAlgError, both RuntimeErrors) with the
    same message, or both return the same."""
    t, e = run(fn, torch), run(fn, ember)
    if isinstance(t, Raised) and isinstance(t.exc, torch.linalg.LinAlgError):
        assert isinstance(e, Raised) and isinstance(e.exc, ember.linalg.LinAlgError), f"{e!r} vs {t!r}"
        assert isinstance(e.exc, RuntimeError)
        assert str(e.exc) == str(t.exc), f"message differs:\nember: {e.exc}\ntorch: {t.exc}"
        return
    assert_same(e, t)
    if isinstance(t, Raised):
        assert str(e.exc) == str(t.exc), f"message differs:\nember: {e.exc}\ntorch: {t.exc}"


def _singular_batch(T, dtype, which):
    """A batch of three matrices; the one at ``which`` singular."""
    mats = [np.eye(3) * 2, np.eye(3) * 3, np.eye(3) * 4]
    mats[which] = np.array(SINGULAR)
    return T.tensor(np.array(mats), dtype=getattr(T, dtype))


SINGULAR_FNS = {
    "inv": lambda T, a: T.linalg.inv(a),
    "inverse": lambda T, a: T.inverse(a),
    "inv_ex": lambda T, a: T.linalg.inv_ex(a),
    "inv_ex_check": lambda T, a: T.linalg.inv_ex(a, check_errors=True),
    "matrix_power_negative": lambda T, a: T.linalg.matrix_power(a, -1),
    "solve": lambda T, a: T.linalg.solve(a, a[..., :1]),
    "solve_ex": lambda T, a: T.linalg.solve_ex(a, a[..., :1]),
    "lu_factor": lambda T, a: T.linalg.lu_factor(a),
    "lu_factor_ex": lambda T, a: T.linalg.lu_factor_ex(a),
    "lu_factor_ex_check": lambda T, a: T.linalg.lu_factor_ex(a, check_errors=True),
    "lu": lambda T, a: T.linalg.lu(a),
    "det": lambda T, a: T.linalg.det(a),
    "slogdet": lambda T, a: T.linalg.slogdet(a),
    "logdet": lambda T, a: T.logdet(a),
    "cond_1": lambda T, a: T.linalg.cond(a, 1),
    "matrix_rank": lambda T, a: T.linalg.matrix_rank(a),
    "cholesky": lambda T, a: T.linalg.cholesky(a),
    "cholesky_top": lambda T, a: T.cholesky(a),
    "cholesky_ex": lambda T, a: T.linalg.cholesky_ex(a),
    "cholesky_ex_check": lambda T, a: T.linalg.cholesky_ex(a, check_errors=True),
    "solve_triangular": lambda T, a: T.linalg.solve_triangular(a.triu(), a[..., :1].tril(), upper=True),
}


@pytest.mark.parametrize("name", list(SINGULAR_FNS))
@pytest.mark.parametrize("dtype,which", [("float64", None), ("float32", 0), ("complex128", 2)])
def test_singular_inputs(name, dtype, which):
    fn = SINGULAR_FNS[name]
    if which is None:
        raises_same(lambda T: fn(T, T.tensor(SINGULAR, dtype=getattr(T, dtype))))
    else:
        raises_same(lambda T: fn(T, _singular_batch(T, dtype, which)))


@pytest.mark.parametrize("name", ["cholesky", "cholesky_top", "cholesky_ex", "cholesky_ex_check"])
def test_not_positive_definite(name):
    fn = SINGULAR_FNS[name]
    raises_same(lambda T: fn(T, T.tensor(NOT_PD, dtype=T.float64)))
    raises_same(lambda T: fn(T, T.stack([T.eye(2), T.tensor(NOT_PD)])))


# -- matrix_power on every dtype (it is a product, not a LAPACK call) ---------------------------------------------

@pytest.mark.parametrize("n", [0, 1, 2, 3, 6, -1])
@pytest.mark.parametrize("dtype", ["bool", "int64", "uint8", "float16", "bfloat16", "float64"])
def test_matrix_power_dtypes(n, dtype):
    data = sample((2, 3, 3), dtype, low=-2, high=3)
    check(lambda T: T.linalg.matrix_power(mk(T, data, dtype, "transposed"), n), ulps=64, match_message=True)


def test_matrix_power_bad_n():
    check(lambda T: T.linalg.matrix_power(T.eye(2), 2.0), match_message=True)


def test_linalg_error_class():
    assert issubclass(ember.linalg.LinAlgError, RuntimeError)
    check(lambda T: T.linalg.matmul(T.ones(2, 3), T.ones(3)))


# -- out= (single-result functions) -------------------------------------------------------------------------------

OUT_FNS = {
    "inv": lambda T, a, out: T.linalg.inv(a, out=out),
    "det": lambda T, a, out: T.linalg.det(a, out=out),
    "solve": lambda T, a, out: T.linalg.solve(a, a, out=out),
    "cholesky": lambda T, a, out: T.linalg.cholesky(a @ a.mT, out=out),
    "matrix_power": lambda T, a, out: T.linalg.matrix_power(a, 3, out=out),
    "pinv": lambda T, a, out: T.linalg.pinv(a, out=out),
    "svdvals": lambda T, a, out: T.linalg.svdvals(a, out=out),
    "vector_norm": lambda T, a, out: T.linalg.vector_norm(a, out=out),
    "matrix_norm": lambda T, a, out: T.linalg.matrix_norm(a, 1, out=out),
}


@pytest.mark.parametrize("name", list(OUT_FNS))
@pytest.mark.parametrize("out", ["empty", "same", "transposed", "complex128", "wrong_shape"])
def test_out(name, out):
    fn = OUT_FNS[name]

    def make_out(T, a):
        if out == "transposed":
            return T.zeros(3, 3, dtype=T.float64).t()
        shape = {"same": (3, 3), "wrong_shape": (2,)}.get(out, (0,))
        if name in ("det", "vector_norm", "matrix_norm") and out == "same":
            shape = ()
        return T.zeros(shape, dtype=getattr(T, out) if out in ("float32", "complex128") else T.float64)

    def go(T):
        a = _a(T, (3, 3), "float64")
        target = make_out(T, a)
        result = fn(T, a, target)
        return result, target, result is target

    close(go, "float64")



# -- the products torch.linalg re-exports ------------------------------------------------------------------------

def test_reexported_products():
    a, b = sample((2, 3), "float64"), sample((2, 3), "float64", seed=1)
    check(lambda T: T.linalg.cross(make(T, a, "float64"), make(T, b, "float64")))
    check(lambda T: T.linalg.vecdot(make(T, a, "float64"), make(T, b, "float64")))
    close(lambda T: T.linalg.multi_dot([make(T, a, "float64"), make(T, b, "float64").t(), make(T, a, "float64")]),
          "float64")
    close(lambda T: T.linalg.matmul(make(T, a, "float64"), make(T, b, "float64").t()), "float64")


# -- the rest of torch.linalg: tensor forms, Vandermonde matrices, diagonals, driver and pivot arguments --------------

def _symmetric(T, shape, dtype, hermitian=False):
    """Symmetric (or Hermitian) indefinite matrices, so that Bunch-Kaufman pivots with 2x2 blocks."""
    a = rect(shape, dtype)
    a = a + (np.conj(np.swapaxes(a, -1, -2)) if hermitian else np.swapaxes(a, -1, -2))
    return mk(T, a, dtype)


MISC = {
    "tensorinv": lambda T, d: T.linalg.tensorinv(_a(T, (24, 24), d).reshape(4, 6, 8, 3), ind=2),
    "tensorinv_ind1": lambda T, d: T.linalg.tensorinv(_a(T, (6, 6), d).reshape(6, 2, 3), ind=1),
    "tensorinv_bad": lambda T, d: T.linalg.tensorinv(_b(T, (4, 6, 8, 2), d), ind=2),
    "tensorinv_ind0": lambda T, d: T.linalg.tensorinv(_a(T, (4, 4), d), ind=0),
    "tensorsolve": lambda T, d: T.linalg.tensorsolve(_a(T, (6, 6), d).reshape(2, 3, 6), _b(T, (2, 3), d)),
    "tensorsolve_dims": lambda T, d: T.linalg.tensorsolve(_a(T, (6, 6), d).reshape(6, 2, 3), _b(T, (2, 3), d),
                                                          dims=(0,)),
    "tensorsolve_bad": lambda T, d: T.linalg.tensorsolve(_b(T, (2, 3, 5), d), _b(T, (2, 3), d)),
    "vander": lambda T, d: T.linalg.vander(_b(T, (2, 3), d)),
    "vander_N": lambda T, d: T.linalg.vander(_b(T, (3, 2), d, "transposed"), N=4),
    "vander_N1": lambda T, d: T.linalg.vander(_b(T, (3,), d), N=1),
    "diagonal": lambda T, d: T.linalg.diagonal(_b(T, (2, 3, 4), d), offset=1),
    "diagonal_dims": lambda T, d: T.linalg.diagonal(_b(T, (2, 3, 4), d), offset=-1, dim1=0, dim2=2),
    "ldl_factor": lambda T, d: T.linalg.ldl_factor(_symmetric(T, (3, 3), d)),
    "ldl_factor_hermitian": lambda T, d: T.linalg.ldl_factor_ex(_symmetric(T, (2, 3, 3), d, True), hermitian=True),
    "ldl_solve": lambda T, d: T.linalg.ldl_solve(*T.linalg.ldl_factor(_symmetric(T, (2, 3, 3), d)), _b(T, (3, 2), d)),
    "ldl_solve_hermitian": lambda T, d: T.linalg.ldl_solve(
        *T.linalg.ldl_factor(_symmetric(T, (3, 3), d, True), hermitian=True), _b(T, (2, 3, 1), d), hermitian=True),
    "ldl_solve_bad_dtype": lambda T, d: T.linalg.ldl_solve(*T.linalg.ldl_factor(_symmetric(T, (3, 3), d)),
                                                           _b(T, (3, 1), "float32")),
    "geqrf": lambda T, d: T.geqrf(_b(T, (2, 4, 3), d, "transposed")),
    "geqrf_wide": lambda T, d: _b(T, (3, 5), d).geqrf(),
    "orgqr": lambda T, d: T.orgqr(*T.geqrf(_b(T, (2, 4, 3), d))),
    "ormqr": lambda T, d: T.ormqr(*T.geqrf(_b(T, (2, 4, 3), d)), _b(T, (2, 4, 2), d)),
    "ormqr_transpose": lambda T, d: T.ormqr(*T.geqrf(_b(T, (4, 3), d)), _b(T, (4, 2), d), transpose=True),
    "ormqr_right": lambda T, d: _b(T, (4, 3), d).ormqr(T.geqrf(_b(T, (4, 3), d))[1], _b(T, (2, 4), d), left=False,
                                                       transpose=True),
    "ormqr_bad_shape": lambda T, d: T.ormqr(*T.geqrf(_b(T, (4, 3), d)), _b(T, (3, 2), d)),
    "lu_top": lambda T, d: T.lu(_b(T, (2, 4, 3), d)),
    "lu_top_infos": lambda T, d: T.lu(_b(T, (3, 3), d) * 0, get_infos=True),
    "lu_method": lambda T, d: _b(T, (3, 4), d).lu(),
    "svd_driver": lambda T, d: T.linalg.svd(_a(T, (3, 3), d), driver="gesvd"),
    "svdvals_driver": lambda T, d: T.linalg.svdvals(_a(T, (3, 3), d), driver="gesvd"),
    "lu_no_pivot": lambda T, d: T.linalg.lu(_a(T, (3, 3), d), pivot=False),
    "lu_factor_no_pivot": lambda T, d: T.linalg.lu_factor(_a(T, (3, 3), d), pivot=False),
    "eigh_lowercase": lambda T, d: T.linalg.eigvalsh(_a(T, (3, 3), d), UPLO="u"),
    "eigh_bad_uplo": lambda T, d: T.linalg.eigh(_a(T, (3, 3), d), UPLO="X"),
    "qr_bad_mode": lambda T, d: T.linalg.qr(_a(T, (3, 3), d), mode="full"),
    "not_a_tensor": lambda T, d: T.linalg.inv([[1.0, 2.0], [3.0, 4.0]]),
}


@pytest.mark.parametrize("name", list(MISC))
@pytest.mark.parametrize("dtype", ["float64", "complex64", "int64"])
def test_misc(name, dtype):
    fn = MISC[name]
    close(lambda T: fn(T, dtype), dtype)


@pytest.mark.parametrize("name", ["inverse", "det", "logdet", "slogdet", "matrix_power", "matrix_exp", "pinverse",
                                  "cholesky", "cholesky_inverse", "svd", "qr", "lu_unpack", "triangular_solve",
                                  "cholesky_solve"])
def test_top_level_argument_errors(name):
    two = name in ("triangular_solve", "cholesky_solve", "lu_unpack", "matrix_power")
    check(lambda T: getattr(T, name)([[1.0]], 2 if name == "matrix_power" else [[1.0]]) if two
          else getattr(T, name)([[1.0]]), match_message=True)
