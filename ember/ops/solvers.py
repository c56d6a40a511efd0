"""Inverses and linear solvers: inv, solve, solve_triangular/triangular_solve, lu_solve, ldl_solve, cholesky_solve and
cholesky_inverse, lstsq, pinv, matrix_rank, matrix_power, matrix_exp, tensorinv/tensorsolve, vander, diagonal."""
import numpy as np

from .. import dtypes as _dt
from .. import return_types
from ..tensor import Tensor
from .common import _int_arg, _type_name, broadcast_error, like, not_implemented
from .decompositions import (_REAL, _REDUCED, LinAlgError, batch_prefix, check_kernel, check_square, contiguous,
                             fortran, lapack, matrices, matrix_arg, row_order, singular_values, tensor_arg, top_level,
                             with_out)


def _first_singular(a):
    """The batch index and 1-based zero diagonal element of U for the first exactly singular matrix, or None."""
    getrf = lapack("getrf", a)
    for index in matrices(a.shape[:-2]):
        info = getrf(a[index])[2]
        if info > 0:
            return index, info
    return None


def _lu_solve_each(a, b):
    """Solve through LAPACK's getrf/getrs one matrix at a time, as PyTorch does for a singular input
    (the infinities and NaNs of a zero pivot come out the same)."""
    getrf, getrs = lapack("getrf", a), lapack("getrs", a)
    out = np.empty(np.broadcast_shapes(a.shape[:-2], b.shape[:-2]) + b.shape[-2:], a.dtype)
    infos = np.zeros(out.shape[:-2], np.int32)
    a, b = np.broadcast_to(a, out.shape[:-2] + a.shape[-2:]), np.broadcast_to(b, out.shape)
    for index in matrices(out.shape[:-2]):
        lu, piv, info = getrf(a[index])
        with np.errstate(all="ignore"):
            out[index] = getrs(lu, piv, b[index])[0]
        infos[index] = info
    return out, infos


def _inv(a, name):
    try:
        return np.linalg.inv(a)
    except np.linalg.LinAlgError:
        index, k = _first_singular(a)
        raise LinAlgError(f"{name}: {batch_prefix(index, a.shape[:-2])}The diagonal element {k} is zero, the "
                          "inversion could not be completed because the input matrix is singular.") from None


@with_out(aten="linalg_inv_ex")
def inv(A):
    """The inverse of each square matrix; a singular one raises."""
    a = matrix_arg(A, "linalg.inv")
    inverse = fortran(_inv(a, "linalg.inv"), A._dtype)
    if wants_grad(A):
        node = LinalgInvExBackward0()
        node.save(inverse, outputs=(0,))
        return record(node, (inverse, None), (A,))[0]
    return inverse


def inv_ex(A, *, check_errors=False):
    """``inv`` that reports singular matrices in ``info`` instead of raising."""
    a = matrix_arg(A, "linalg.inv")
    if check_errors:
        _inv(a, "linalg.inv_ex")
    try:
        inverse, infos = np.linalg.inv(a), np.zeros(a.shape[:-2], np.int32)
    except np.linalg.LinAlgError:
        inverse, infos = _lu_solve_each(a, np.eye(a.shape[-1], dtype=a.dtype))
    inverse, info = fortran(inverse, A._dtype), contiguous(infos, _dt.int32)
    if wants_grad(A):
        node = LinalgInvExBackward0()
        node.save(inverse, outputs=(0,))
        recorded(node, (inverse, info), (A,))
    return return_types.named("linalg_inv_ex", ("inverse", "info"))(inverse, info)


def _same_dtype(A, B, name):
    if A._dtype is not B._dtype:
        raise RuntimeError(f"{name}: Expected A and B to have the same dtype, but found A of type {A._dtype._legacy} "
                           f"and B of type {B._dtype._legacy} instead")


def batch_shapes(a, b):
    try:
        return np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    except ValueError:
        raise broadcast_error(a.shape[:-2], b.shape[:-2]) from None


def _solve_args(A, B, left, name):
    """The arrays of ``A X = B`` (or ``X A = B``), B as a matrix, and whether B was a vector."""
    a = matrix_arg(A, name, low=False)
    tensor_arg(B, name.replace(".", "_"), "B", 2)
    _same_dtype(A, B, name)
    b = B._data
    vector = b.ndim == 1 or (b.ndim == a.ndim - 1 and b.shape == a.shape[:-1])
    if vector:
        b = b[..., None]  # a column even for X A = B, where only 1x1 matrices fit
    if b.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor B must have at least 2 dimensions.")
    n, rows = a.shape[-1], b.shape[-2] if left else b.shape[-1]
    if rows != n:
        equation = "AX = B" if left else "XA = B"
        raise RuntimeError(f"{name}: Incompatible shapes of A and B for the equation {equation} ({n}x{n} and "
                           f"{b.shape[-2]}x{b.shape[-1]})")
    if vector and not left:
        raise RuntimeError(f"{name}: Vector broadcasting of the left hand side is not supported for left=False. In "
                           "this case linalg.solve is equivalent to B / A.squeeze(-1)")
    batch_shapes(b, a)  # PyTorch broadcasts B's batch against A's
    if A._dtype in _REDUCED:
        raise not_implemented("lu_cpu", A._dtype)
    return a, b, vector


def _solved(x, vector, left, dtype):
    """The solution tensor: column-major for a left solve (a vector one too), row-major for a right solve."""
    if vector:
        x = x[..., 0]
        return fortran(x, dtype) if left and x.ndim > 1 else contiguous(x, dtype)
    return fortran(x, dtype) if left else contiguous(x, dtype)


def solve_ex(A, B, *, left=True, check_errors=False):
    """``solve`` that reports singular matrices in ``info`` instead of raising."""
    name = "linalg.solve"
    a, b, vector = _solve_args(A, B, left, name)
    if not left:
        a, b = np.swapaxes(a, -1, -2), np.swapaxes(b, -1, -2)
    try:
        x, infos = np.linalg.solve(a, b), np.zeros(batch_shapes(a, b), np.int32)
    except np.linalg.LinAlgError:
        x, infos = _lu_solve_each(a, b)
        failed = np.flatnonzero(infos)
        if check_errors and failed.size:
            index = np.unravel_index(failed[0], infos.shape)
            raise LinAlgError(f"torch.linalg.solve: {batch_prefix(index, infos.shape)}The solver failed because the "
                              "input matrix is singular.") from None
    if not left:
        x = np.swapaxes(x, -1, -2)
    x, info = _solved(x, vector, left, A._dtype), contiguous(infos, _dt.int32)
    if wants_grad(A, B):
        node = LinalgSolveExBackward0(left, vector)
        node.save(A, x, outputs=(1,))
        recorded(node, (x, info), (A, B))
    return return_types.named("linalg_solve_ex", ("result", "info"))(x, info)


@with_out(aten="_linalg_solve_ex")
def solve(A, B, *, left=True):
    """The solution X of ``A X = B`` (``left``) or ``X A = B`` for square A, batched and broadcast; a vector B
    (one dim less than A, or 1-d) gives a vector X."""
    return solve_ex(A, B, left=left, check_errors=True)[0]


def _many(batch, n):
    """Whether a batch holds enough matrices that solving row by row across all of them beats one LAPACK call per
    matrix (small LAPACK calls cost far more than their arithmetic here)."""
    return int(np.prod(batch)) > max(2, n // 8)


def _trsm(a, b, upper, unit, trans=0):
    """Triangular solves: LAPACK's trtrs one matrix at a time, or substitution across a large batch of small ones;
    a zero on the diagonal gives infinities and NaNs, as PyTorch's trsm does, never an error."""
    batch = batch_shapes(a, b)
    a, b = np.broadcast_to(a, batch + a.shape[-2:]), np.broadcast_to(b, batch + b.shape[-2:])
    if not b.size:
        return np.empty(b.shape, a.dtype)
    with np.errstate(all="ignore"):
        if _many(batch, a.shape[-1]):
            return _substitute(a, b, upper, unit, trans)
        out = np.empty(b.shape, a.dtype)
        trtrs = lapack("trtrs", a)
        lower = 0 if upper else 1
        for index in matrices(batch):
            x, info = trtrs(a[index], b[index], lower=lower, trans=trans, unitdiag=int(unit))
            # LAPACK refuses a zero on the diagonal; PyTorch's trsm divides by it
            out[index] = x if info == 0 else _substitute(a[index], b[index], upper, unit, trans)
    return out


def _substitute(a, b, upper, unit, trans):
    """Back or forward substitution over the rows, for every matrix of a batch at once (only one triangle of
    ``a`` is read; ``trans`` 1 solves with its transpose, 2 with its conjugate transpose)."""
    if trans:
        a = np.swapaxes(np.conj(a) if trans == 2 else a, -1, -2)
        upper = not upper
    n = a.shape[-1]
    x = np.array(np.broadcast_to(b, b.shape), dtype=a.dtype)
    for i in (range(n - 1, -1, -1) if upper else range(n)):
        rest = slice(i + 1, n) if upper else slice(0, i)
        if rest.start != rest.stop:
            x[..., i, :] -= (a[..., i:i + 1, rest] @ x[..., rest, :])[..., 0, :]
        if not unit:
            pivot = a[..., i, i, None]
            x[..., i, :] /= pivot
            if x.dtype.kind == "c":  # a complex division by zero is NaN in PyTorch, not NumPy's infinities
                x[..., i, :] = np.where(pivot == 0, complex(np.nan, np.nan), x[..., i, :])
    return x


@with_out(aten="linalg_solve_triangular")
def solve_triangular(A, B, *, upper=None, left=True, unitriangular=False):
    """The solution X of ``A X = B`` (``left``) or ``X A = B`` for triangular A (the other triangle is not read)."""
    name = "linalg.solve_triangular"
    if upper is None:
        raise TypeError('linalg_solve_triangular() missing 1 required positional arguments: "upper"')
    tensor_arg(A, "linalg_solve_triangular")
    tensor_arg(B, "linalg_solve_triangular", "B", 2)
    a, b = A._data, B._data
    for arg, x in (("A", a), ("B", b)):
        if x.ndim < 2:
            raise RuntimeError(f"{name}: The input tensor {arg} must have at least 2 dimensions.")
    _same_dtype(A, B, name)
    check_kernel(A, "triangular_solve_cpu")
    check_square(a, name)
    if left:
        x = _trsm(a, b, upper, unitriangular)
    else:  # X A = B is A^T X^T = B^T
        x = np.swapaxes(_trsm(np.swapaxes(a, -1, -2), np.swapaxes(b, -1, -2), not upper, unitriangular), -1, -2)
    x = fortran(x, A._dtype)
    if wants_grad(A, B):
        node = LinalgSolveTriangularBackward0(upper, left, unitriangular)
        node.save(A, x, outputs=(1,))
        return record(node, x, (A, B))
    return x


def triangular_solve(input, A, upper=True, transpose=False, unitriangular=False):
    """``torch.triangular_solve(b, A)``: the solution of ``op(A) X = b`` and a copy of A, broadcast."""
    tensor_arg(input, "triangular_solve", "input")
    tensor_arg(A, "triangular_solve", "A", 2)
    b, a = input._data, A._data
    if b.ndim < 2:
        raise RuntimeError(f"torch.triangular_solve: Expected b to have at least 2 dimensions, but it has {b.ndim} "
                           "dimensions instead")
    if a.ndim < 2:
        raise RuntimeError(f"torch.triangular_solve: Expected A to have at least 2 dimensions, but it has {a.ndim} "
                           "dimensions instead")
    if input._dtype is not A._dtype:
        raise RuntimeError(f"Expected b and A to have the same dtype, but found b of type {input._dtype._legacy} and "
                           f"A of type {A._dtype._legacy} instead.")
    _square_plain(a)
    if a.shape[-1] != b.shape[-2]:
        raise RuntimeError(f"Incompatible matrix sizes for triangular_solve: each A matrix is {a.shape[-1]} by "
                           f"{a.shape[-1]} but each b matrix is {b.shape[-2]} by {b.shape[-1]}")
    check_kernel(A, "triangular_solve_cpu")
    batch = batch_shapes(a, b)
    x = _trsm(a, b, upper, unitriangular, 1 if transpose else 0)
    coefficient = np.broadcast_to(a, batch + a.shape[-2:])
    x, coefficient = fortran(x, A._dtype), fortran(coefficient, A._dtype)
    if wants_grad(input, A):
        node = TriangularSolveBackward0(upper, transpose, unitriangular)
        node.save(A, x, outputs=(1,))
        recorded(node, (x, coefficient), (input, A))
    return return_types.named("triangular_solve", ("solution", "cloned_coefficient"))(x, coefficient)


def _square_plain(a):
    if a.shape[-1] != a.shape[-2]:
        raise RuntimeError(f"A must be batches of square matrices, but they are {a.shape[-2]} by {a.shape[-1]} "
                           "matrices")


@with_out(aten="linalg_lu_solve")
def lu_solve(LU, pivots, B, *, left=True, adjoint=False):
    """The solution of ``A X = B`` (or ``X A = B``; with ``adjoint``, A^H) from ``lu_factor``'s factors of A."""
    name = "torch.linalg.lu_solve"
    tensor_arg(LU, "linalg_lu_solve", "LU")
    tensor_arg(pivots, "linalg_lu_solve", "pivots", 2)
    tensor_arg(B, "linalg_lu_solve", "B", 3)
    lu_data = matrix_arg(LU, name, low="lu_solve", square=True)
    b, piv = B._data, pivots._data
    if b.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor B must have at least 2 dimensions.")
    _same_dtype(LU, B, name)
    n = lu_data.shape[-1]
    if (b.shape[-2] if left else b.shape[-1]) != n:
        equation = "AX = B" if left else "XA = B"
        raise RuntimeError(f"{name}: Incompatible shapes of A and B for the equation {equation} ({n}x{n} and "
                           f"{b.shape[-2]}x{b.shape[-1]})")
    if pivots._dtype is not _dt.int32:
        raise RuntimeError(f"{name}: pivots should be a Tensor of scalar type int32. Got {pivots._dtype._legacy}")
    if piv.size and piv.min() < 1:
        raise RuntimeError("Pivots given to lu_solve must all be greater or equal to 1. Did you properly pass the "
                           "result of lu_factor?")
    if piv.size and piv.max() > n:
        raise RuntimeError("Pivots given to lu_solve must all be smaller or equal to LU.size(-1). Did you properly "
                           "pass the result of lu_factor?")
    trans = 2 if adjoint else 0
    if not left:  # X A = B is A^T X^T = B^T (A^H X^H = B^H with adjoint)
        b = np.swapaxes(b, -1, -2)
        trans = 0 if adjoint else 1
        if adjoint:
            b = np.conj(b)
    x = _getrs(lu_data, piv, b, trans)
    if not left:
        x = contiguous(np.swapaxes(np.conj(x) if adjoint else x, -1, -2), LU._dtype)
    else:
        x = fortran(x, LU._dtype)
    if wants_grad(LU, B):
        node = LinalgLuSolveBackward0(left, adjoint)
        node.save(LU, pivots, x, outputs=(2,))
        return record(node, x, (LU, B))
    return x


def _getrs(lu_data, piv, b, trans):
    """Solves from LU factors: LAPACK's getrs one matrix at a time, or row permutation and two substitutions
    across a large batch of small matrices."""
    batch = batch_shapes(lu_data, b)
    lu_data = np.broadcast_to(lu_data, batch + lu_data.shape[-2:])
    piv = np.broadcast_to(piv, batch + piv.shape[-1:])
    b = np.broadcast_to(b, batch + b.shape[-2:])
    n = lu_data.shape[-1]
    if not b.size:
        return np.empty(b.shape, lu_data.dtype)
    with np.errstate(all="ignore"):
        if _many(batch, n):
            order = row_order(piv, n)[..., None]
            if not trans:  # L U x = P^T b
                y = _substitute(lu_data, np.take_along_axis(b, order, -2), False, True, 0)
                return _substitute(lu_data, y, True, False, 0)
            # U^H L^H (P^T x) = b
            w = _substitute(lu_data, _substitute(lu_data, b, True, False, trans), False, True, trans)
            x = np.empty_like(w)
            np.put_along_axis(x, np.broadcast_to(order, w.shape), w, -2)
            return x
        out = np.empty(b.shape, lu_data.dtype)
        getrs = lapack("getrs", lu_data)
        for index in matrices(batch):
            out[index] = getrs(lu_data[index], piv[index] - 1, b[index], trans=trans)[0]
    return out


@with_out()
def lu_solve_legacy(input, LU_data, LU_pivots):
    """``torch.lu_solve(b, LU_data, LU_pivots)``: the old argument order of ``linalg.lu_solve``."""
    return lu_solve(LU_data, LU_pivots, input)


@with_out(aten="cholesky_solve")
def cholesky_solve(input, input2, upper=False):
    """The solution of ``A X = B`` given B (``input``) and A's Cholesky factor (``input2``)."""
    tensor_arg(input, "cholesky_solve", "input")
    tensor_arg(input2, "cholesky_solve", "input2", 2)
    b, factor = input._data, input2._data
    if b.ndim < 2:
        raise RuntimeError(f"b should have at least 2 dimensions, but has {b.ndim} dimensions instead")
    if factor.ndim < 2:
        raise RuntimeError(f"u should have at least 2 dimensions, but has {factor.ndim} dimensions instead")
    if input._dtype is not input2._dtype:
        raise RuntimeError(f"Expected b and A to have the same dtype, but found b of type {input._dtype._legacy} and "
                           f"A of type {input2._dtype._legacy} instead.")
    _square_plain(factor)
    if factor.shape[-1] != b.shape[-2]:
        raise RuntimeError(f"Incompatible matrix sizes for cholesky_solve: each A matrix is {factor.shape[-1]} by "
                           f"{factor.shape[-1]} but each b matrix is {b.shape[-2]} by {b.shape[-1]}")
    check_kernel(input, "cholesky_solve_cpu")
    # L L^H X = B: two triangular solves (U^H U for upper)
    if upper:
        y = _trsm(factor, b, True, False, 2)
        x = _trsm(factor, y, True, False, 0)
    else:
        y = _trsm(factor, b, False, False, 0)
        x = _trsm(factor, y, False, False, 2)
    x = fortran(x, input._dtype)
    if wants_grad(input, input2):
        node = CholeskySolveBackward0(upper)
        node.save(input2, x, outputs=(1,))
        return record(node, x, (input, input2))
    return x


@with_out(aten="cholesky_inverse")
def cholesky_inverse(input, upper=False):
    """The inverse of ``A = L L^H`` (or ``U^H U``) given its Cholesky factor."""
    tensor_arg(input, "cholesky_inverse", "input")
    factor = input._data
    check_kernel(input, "cholesky_inverse_out_cpu")
    if factor.ndim < 2:
        raise RuntimeError("cholesky_inverse: The input tensor A must have at least 2 dimensions.")
    check_square(factor, "cholesky_inverse")
    inverse = np.empty_like(factor)
    if factor.size:
        potri = lapack("potri", factor)
        for index in matrices(factor.shape[:-2]):
            half = potri(factor[index], lower=not upper)[0]  # one triangle of the Hermitian inverse
            inverse[index] = _hermitian_from(np.triu(half) if upper else np.tril(half), upper)
    inverse = fortran(inverse, input._dtype)
    if wants_grad(input):
        node = CholeskyInverseBackward0(upper)
        node.save(input, inverse, outputs=(1,))
        return record(node, inverse, (input,))
    return inverse


def _hermitian_from(half, upper):
    """The full Hermitian matrix from one triangle (diagonal included) of it."""
    strict = np.triu(half, 1) if upper else np.tril(half, -1)
    return half + np.conj(strict.T)


@with_out()
def ldl_solve(LD, pivots, B, *, hermitian=False):
    """The solution of ``A X = B`` from ``ldl_factor``'s compact factors of A."""
    name = "torch.linalg.ldl_solve"
    tensor_arg(LD, "linalg_ldl_solve", "LD")
    tensor_arg(pivots, "linalg_ldl_solve", "pivots", 2)
    tensor_arg(B, "linalg_ldl_solve", "B", 3)
    factors, b, piv = LD._data, B._data, pivots._data
    for arg, x in (("LD", factors), ("B", b)):
        if x.ndim < 2:
            raise RuntimeError(f"{name}: The input tensor {arg} must have at least 2 dimensions.")
    check_square(factors, name)
    if B._dtype is not LD._dtype:
        raise RuntimeError(f"Expected b and A to have the same dtype, but found b of type {B._dtype._legacy} and A "
                           f"of type {LD._dtype._legacy} instead.")
    if pivots._dtype._kind != 1:
        raise RuntimeError(f"{name}: Expected pivots to be integers. Got {pivots._dtype._legacy}")
    if factors.shape[-1] != b.shape[-2]:
        raise RuntimeError(f"{name}: Incompatible shapes of A and B for the equation AX = B ({factors.shape[-1]}x"
                           f"{factors.shape[-1]} and {b.shape[-2]}x{b.shape[-1]})")
    check_kernel(LD, "ldl_solve_cpu")
    batch = batch_shapes(factors, b)
    factors = np.broadcast_to(factors, batch + factors.shape[-2:])
    piv = np.broadcast_to(piv, batch + piv.shape[-1:]).astype(np.int32)
    b = np.broadcast_to(b, batch + b.shape[-2:])
    out = np.empty(b.shape, factors.dtype)
    if out.size:
        routine = lapack("hetrs" if hermitian and factors.dtype.kind == "c" else "sytrs", factors)
        for index in matrices(batch):
            out[index] = routine(factors[index], piv[index], b[index], lower=1)[0]
    out = fortran(out, LD._dtype)
    if wants_grad(LD, B):
        from .decompositions import not_implemented_node
        return record(not_implemented_node("linalg_ldl_solve"), out, (LD, B))
    return out


# -- least squares ------------------------------------------------------------------------------------------------

_LAPACK_DTYPES = (_dt.float32, _dt.float64, _dt.complex64, _dt.complex128)
_DRIVERS = ("gels", "gelsy", "gelsd", "gelss")


def lstsq(A, B, rcond=None, *, driver=None):
    """The least-squares solution of ``A X = B`` with residuals, rank and singular values as the driver gives."""
    name = "torch.linalg.lstsq"
    tensor_arg(A, "linalg_lstsq", "self")
    tensor_arg(B, "linalg_lstsq", "b", 2)
    a, b = A._data, B._data
    if A._dtype not in _LAPACK_DTYPES:
        raise RuntimeError("This function doesn't handle types other than float and double")
    if a.ndim < 2:
        raise RuntimeError(f"{name}: input must have at least 2 dimensions.")
    if b.ndim < 1:
        raise RuntimeError(f"{name}: other must have at least 1 dimension.")
    if A._dtype is not B._dtype:
        raise RuntimeError(f"{name}: Expected input and other to have the same dtype, but got input's dtype "
                           f"{A._dtype._legacy} and other's dtype {B._dtype._legacy}")
    vector = a.ndim - b.ndim == 1
    if b.ndim > a.ndim or a.ndim - b.ndim > 1:
        raise RuntimeError(f"{name}: input.dim() must be greater or equal to other.dim() and (input.dim() - "
                           "other.dim()) <= 1")
    if vector:
        b = b[..., None]
    m, n = a.shape[-2:]
    if b.shape[-2] != m:
        dim = -1 if vector else -2
        raise RuntimeError(f"{name}: input.size(-2) should match other.size({dim})")
    driver = "gelsy" if driver is None else driver
    if driver not in _DRIVERS:
        raise RuntimeError(f"{name}: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)")
    batch = batch_shapes(a, b)
    a, b = np.broadcast_to(a, batch + a.shape[-2:]), np.broadcast_to(b, batch + b.shape[-2:])
    k = b.shape[-1]
    eps = np.finfo(a.dtype).eps
    cond = float(rcond) if rcond is not None else float(eps) * max(m, n)
    # PyTorch solves in a (max(m, n), k) column-major buffer and returns its first n rows
    buffer = np.zeros(batch + (max(m, n), k), a.dtype)
    ranks = np.zeros(batch, np.int64)
    real = np.empty(0, a.dtype).real.dtype
    values = np.zeros(batch + (min(m, n),), real)
    from scipy.linalg import lstsq as scipy_lstsq
    gels = lapack("gels", a) if driver == "gels" else None
    for index in matrices(batch):
        if not a[index].size or not b[index].size:
            continue
        if gels:  # QR without rank detection; its buffer's rows past n hold the residual components
            buffer[index][:m] = b[index]
            buffer[index] = gels(a[index], buffer[index])[1]
            continue
        x, _, rank, s = scipy_lstsq(a[index], b[index], cond=cond, lapack_driver=driver, check_finite=False)
        buffer[index][:n] = x
        ranks[index] = rank
        if s is not None:
            values[index] = s
    solution = fortran(buffer, A._dtype)
    solution = _narrow_rows(solution, n, vector)
    real_dtype = _REAL.get(A._dtype, A._dtype)
    empty = contiguous(np.zeros(0, real), real_dtype)
    residuals = empty
    if m > n and driver != "gelsy" and (driver == "gels" or (ranks == n).all()):
        if driver == "gels":
            r = np.sum(np.abs(buffer[..., n:, :]) ** 2, axis=-2)
        else:
            r = np.sum(np.abs(np.matmul(a, buffer[..., :n, :]) - b) ** 2, axis=-2)
        residuals = contiguous(r, real_dtype)
    rank = contiguous(ranks, _dt.int64) if driver != "gels" else contiguous(np.zeros(0, np.int64), _dt.int64)
    svals = contiguous(values, real_dtype) if driver in ("gelsd", "gelss") else empty
    if wants_grad(A, B):
        node = LinalgLstsqBackward0(vector)
        node.save(A, B, solution, outputs=(2,))
        recorded(node, (solution, residuals), (A, B))
    return return_types.named("linalg_lstsq", ("solution", "residuals", "rank", "singular_values"))(
        solution, residuals, rank, svals)


def _narrow_rows(t, n, vector):
    """The first ``n`` rows of a column-major buffer tensor, as a view (a vector solution loses its last dim)."""
    from .shape import narrow, select
    t = narrow(t, -2, 0, n)
    return select(t, -1, 0) if vector else t


# -- pseudo-inverse and rank ---------------------------------------------------------------------------------------

def _tolerance(tol, real):
    if tol is None:
        return None
    if isinstance(tol, Tensor):
        return tol._data.astype(real)
    return np.asarray(tol, real)


def _thresholds(s, m, n, atol, rtol, real):
    """PyTorch's cut-off for 'nonzero' singular values: max(atol, rtol * largest), ``rtol`` defaulting to
    eps * max(m, n) when ``atol`` is not given (or is zero)."""
    atol, rtol = _tolerance(atol, real), _tolerance(rtol, real)
    if rtol is None:
        default = np.finfo(real).eps * max(m, n)
        rtol = default if atol is None else np.where(atol > 0, 0, default).astype(real)
    if atol is None:
        atol = np.zeros((), real)
    largest = s.max(axis=-1, keepdims=True) if s.shape[-1] else np.zeros(s.shape[:-1] + (1,), real)
    return np.maximum(atol[..., None] if atol.ndim else atol, (rtol[..., None] if np.ndim(rtol) else rtol) * largest)


@with_out(cast=True, aten="linalg_pinv")
def pinv(A, *, atol=None, rtol=None, hermitian=False):
    """The Moore-Penrose pseudo-inverse of each matrix (through the SVD, or the eigendecomposition if Hermitian)."""
    tensor_arg(A, "linalg_pinv", "input")
    a, dtype = A._data, A._dtype
    if atol is not None:  # PyTorch builds the tolerances first, which refuses other dtypes and fewer dims
        if dtype not in _LAPACK_DTYPES:
            raise RuntimeError("This function doesn't handle types other than float and double")
        if a.ndim < 2:
            raise IndexError("Dimension specified as -2 but tensor has no dimensions" if not a.ndim else
                             "Dimension out of range (expected to be in range of [-1, 0], but got -2)")
    if a.ndim < 2 or dtype not in _LAPACK_DTYPES:
        raise RuntimeError(f"linalg.pinv({dtype._legacy}{{{list(a.shape)}}}): expected a tensor with 2 or more "
                           "dimensions of float, double, cfloat or cdouble types")
    m, n = a.shape[-2:]
    real = np.empty(0, a.dtype).real.dtype
    if hermitian:
        check_square(a, "linalg.eigh")
    if not a.size:
        return _pinv_recorded(A, contiguous(np.zeros(a.shape[:-2] + (n, m), a.dtype), dtype))
    if hermitian:
        w, u = np.linalg.eigh(a)
        s = np.abs(w)
        keep = s > _thresholds(np.sort(s, axis=-1), m, n, atol, rtol, real)
        inverse = np.where(keep, 1 / np.where(keep, w, 1), 0).astype(a.dtype)
        result = np.matmul(u * inverse[..., None, :], np.conj(np.swapaxes(u, -1, -2)))
    else:
        u, s, vh = np.linalg.svd(a, full_matrices=False)
        keep = s > _thresholds(s, m, n, atol, rtol, real)
        inverse = np.where(keep, 1 / np.where(keep, s, 1), 0).astype(a.dtype)
        result = np.matmul(np.conj(np.swapaxes(vh, -1, -2)) * inverse[..., None, :], np.conj(np.swapaxes(u, -1, -2)))
    return _pinv_recorded(A, contiguous(result, dtype))


def _pinv_recorded(A, result):
    if wants_grad(A):
        node = LinalgPinvBackward0()
        node.save(A, result, outputs=(1,))
        return record(node, result, (A,))
    return result


def pinverse(input, rcond=1e-15):
    """``torch.pinverse``: ``pinv`` with a relative cut-off ``rcond``."""
    tensor_arg(input, "pinverse", "input")
    return pinv(input, rtol=rcond)


@with_out()
def matrix_rank(A, tol=None, hermitian=False, *, atol=None, rtol=None):
    """The number of singular values (eigenvalue magnitudes if ``hermitian``) above the tolerance, per matrix."""
    tensor_arg(A, "linalg_matrix_rank", "input")
    a, dtype = A._data, A._dtype
    if a.ndim < 2:
        raise RuntimeError("torch.linalg.matrix_rank: The input tensor input must have at least 2 dimensions.")
    if tol is not None:
        atol, rtol = tol, 0.0
    if rtol is not None:  # with a relative tolerance PyTorch decomposes before it checks the dtype
        if hermitian:
            check_kernel(A, "linalg_eigh_cpu")
            check_square(a, "linalg.eigh")
        else:
            matrix_arg(A, "linalg.svd", low="linalg_svd_cpu", square=False)
    if dtype not in _LAPACK_DTYPES:
        raise RuntimeError("This function doesn't handle types other than float and double")
    if hermitian:
        check_square(a, "linalg.eigh")
    m, n = a.shape[-2:]
    real = np.empty(0, a.dtype).real.dtype
    if hermitian:
        s = np.abs(np.linalg.eigvalsh(a)) if a.size else np.zeros(a.shape[:-1], real)
        s = np.sort(s, axis=-1)[..., ::-1]
    else:
        s = singular_values(a)
    rank = np.sum(s > _thresholds(s, m, n, atol, rtol, real), axis=-1)
    return contiguous(rank, _dt.int64)


# -- powers and exponentials -------------------------------------------------------------------------------------------

@with_out(aten="matmul")
def matrix_power(A, n):
    """A raised to the integer power ``n`` by repeated squaring (through the inverse for negative ``n``)."""
    from .. import contiguous_format
    from ..ops.linalg import matmul
    from .shape import clone
    tensor_arg(A, "linalg_matrix_power")
    k = _int_arg(n) if type(n) is not bool else None
    if k is None:
        raise TypeError(f"linalg_matrix_power(): argument 'n' (position 2) must be int, not {_type_name(n)}")
    a = A._data
    if a.ndim < 2:
        raise RuntimeError("linalg.matrix_power: The input tensor A must have at least 2 dimensions.")
    check_square(a, "linalg.matrix_power")
    if k == 0:
        eye = np.broadcast_to(np.eye(a.shape[-1], dtype=a.dtype), a.shape)
        if wants_grad(A):  # PyTorch copies the identity into a clone of A: a zero gradient
            return clone(A, memory_format=contiguous_format).copy_(contiguous(eye, A._dtype))
        return contiguous(eye, A._dtype)
    if k < 0:
        A, k = inv(A), -k
        if k == 1:
            return A
    if k == 1:
        return clone(A, memory_format=contiguous_format) if wants_grad(A) else contiguous(A._data, A._dtype)
    if k == 2:
        return matmul(A, A)
    if k == 3:
        return matmul(matmul(A, A), A)
    z = result = None
    while k:
        z = A if z is None else matmul(z, z)
        if k & 1:
            result = z if result is None else matmul(result, z)
        k >>= 1
    return result if result is not A else clone(result)


def matrix_exp(A):
    """The matrix exponential of each square matrix (float16/bfloat16 computed in float32)."""
    tensor_arg(A, "linalg_matrix_exp")
    a, dtype = A._data, A._dtype
    if a.ndim < 2:
        raise RuntimeError("linalg.matrix_exp: The input tensor A must have at least 2 dimensions.")
    if dtype._kind < 2:
        raise RuntimeError(f"linalg.matrix_exp: Expected a floating point or complex tensor as input. Got "
                           f"{dtype._legacy}")
    check_square(a, "linalg.matrix_exp")
    if dtype in _REDUCED:
        a = a.astype(np.float32)
    result = like(A, a, dtype) if not a.size else contiguous(_expm(a), dtype)  # an empty input's clone
    if wants_grad(A):
        node = LinalgMatrixExpBackward0()
        node.save(A)
        return record(node, result, (A,))
    return result


# Higham's degree-13 Pade approximant of exp and the 1-norm it is accurate to in double precision
_PADE13 = (64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0, 129060195264000.0,
           10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0, 40840800.0, 960960.0, 16380.0, 182.0, 1.0)
_THETA13 = 5.371920351148152


def _expm(a):
    """exp of every matrix at once by scaling and squaring of the degree-13 Pade approximant (in double precision)."""
    shape = a.shape
    a = a.reshape((-1,) + shape[-2:]).astype(np.complex128 if a.dtype.kind == "c" else np.float64)
    norms = np.abs(a).sum(axis=-2).max(axis=-1)
    with np.errstate(divide="ignore"):
        squarings = np.maximum(0, np.ceil(np.log2(norms / _THETA13))).astype(int)
    squarings[~np.isfinite(norms)] = 0
    a = a / (2.0 ** squarings)[..., None, None]
    b = _PADE13
    eye = np.eye(a.shape[-1], dtype=a.dtype)
    a2 = a @ a
    a4 = a2 @ a2
    a6 = a4 @ a2
    u = a @ (a6 @ (b[13] * a6 + b[11] * a4 + b[9] * a2) + b[7] * a6 + b[5] * a4 + b[3] * a2 + b[1] * eye)
    v = a6 @ (b[12] * a6 + b[10] * a4 + b[8] * a2) + b[6] * a6 + b[4] * a4 + b[2] * a2 + b[0] * eye
    result = np.linalg.solve(v - u, v + u)
    for step in range(int(squarings.max())):
        more = squarings > step
        result[more] = result[more] @ result[more]
    return result.reshape(shape)


# -- tensor forms --------------------------------------------------------------------------------------------------

@with_out()
def tensorinv(A, ind=2):
    """The inverse of A read as a matrix (its first ``ind`` dims against the rest), shaped back as a tensor."""
    from .shape import reshape
    tensor_arg(A, "linalg_tensorinv", "input")
    if ind <= 0:
        raise RuntimeError(f"Expected a strictly positive integer for 'ind', but got {ind}")
    shape = A._data.shape
    rows, cols = int(np.prod(shape[:ind])), int(np.prod(shape[ind:]))
    if rows != cols:
        raise RuntimeError(f"Expected self to satisfy the requirement prod(self.shape[ind:]) == "
                           f"prod(self.shape[:ind]), but got {cols} != {rows}")
    return reshape(inv(reshape(A, (rows, cols))), shape[ind:] + shape[:ind])


@with_out()
def tensorsolve(A, B, dims=None):
    """The tensor X with ``tensordot(A, X, X.ndim) == B``; ``dims`` of A are moved to the end first."""
    from .shape import movedim, reshape
    tensor_arg(A, "linalg_tensorsolve", "input")
    tensor_arg(B, "linalg_tensorsolve", "other", 2)
    if dims is not None:
        dims = (dims,) if isinstance(dims, int) else tuple(dims)
        A = movedim(A, dims, tuple(range(A._data.ndim - len(dims), A._data.ndim)))
    shape, k = A._data.shape, B._data.ndim
    rows, cols = int(np.prod(B._data.shape)), int(np.prod(shape[k:]))
    if int(np.prod(shape[:k])) != cols:
        raise RuntimeError(f"Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == "
                           f"prod(self.shape[:other.ndim]), but got {cols} != {int(np.prod(shape[:k]))}")
    B = B if B._data.ndim == 1 else reshape(B, (rows,))  # flattened (a vector already stays as it is)
    return reshape(solve(reshape(A, (rows, cols)), B), shape[k:])


def vander(x, *, N=None):
    """The Vandermonde matrix of x: powers 0 .. N-1 of each element along a new last dim (integers in int64)."""
    tensor_arg(x, "linalg_vander", "x")
    dtype = x._dtype
    if dtype._kind == 0 or dtype in _REDUCED:
        raise RuntimeError(f"linalg.vander supports floating point, complex, and integer tensors, but got "
                           f"{dtype._legacy}")
    a = x._data
    n = (a.shape[-1] if a.ndim else 1) if N is None else N
    if n <= 1:
        raise RuntimeError("N must be greater than 1.")
    if dtype._kind == 1:
        dtype = _dt.int64
    if wants_grad(x):  # PyTorch's composition: a column of ones, then running products
        from ..creation import ones
        from .joining import cat
        powers = x.unsqueeze(-1).expand(tuple(x.shape) + (n - 1,)).cumprod(-1)
        return cat([ones(tuple(x.shape) + (1,), dtype=dtype), powers], -1)
    a = a.astype(dtype._np)
    # running products, as PyTorch computes them, so that floating-point values agree
    powers = np.cumprod(np.broadcast_to(a[..., None], a.shape + (n - 1,)), axis=-1)
    return contiguous(np.concatenate([np.ones(a.shape + (1,), a.dtype), powers], axis=-1), dtype)


def diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    """A view of the diagonals of the matrices in A (``torch.diagonal`` with matrix-dim defaults)."""
    from .shape import diagonal as _diagonal
    return _diagonal(A, offset, dim1, dim2)


# the torch.* spellings
inverse = top_level(inv, "inverse")
matrix_power_legacy = top_level(matrix_power, "matrix_power")
matrix_exp_legacy = top_level(matrix_exp, "matrix_exp")


# -- autograd: the solvers' backward formulas (Tensor ops, so second derivatives work) -----------------------------

from ..autograd.graph import Node, record, wants_grad  # noqa: E402
from .decompositions import mm, recorded  # noqa: E402


class LinalgInvExBackward0(Node):
    """d(A^{-1}) = -A^{-1} dA A^{-1}: gA = -A^{-H} g A^{-H}."""
    outputs = 2

    def backward(self, grad, ginfo=None):
        inverse, = self.saved_tensors
        if grad is None:
            return None,
        inverse_h = inverse.mH
        return -mm(mm(inverse_h, grad), inverse_h),


class LinalgSolveExBackward0(Node):
    """X = A^{-1} B: gB = A^{-H} gX, gA = -gB X^H (X A = B: gB = gX A^{-H}, gA = -X^H gB)."""
    outputs = 2

    def __init__(self, left, vector):
        super().__init__()
        self.left, self.vector = left, vector

    def backward(self, gX, ginfo=None):
        A, X = self.saved_tensors
        if gX is None:
            return None, None
        if self.vector:
            gX, X = gX.unsqueeze(-1), X.unsqueeze(-1)
        gB = solve_ex(A.mH, gX, left=self.left)[0]  # a singular A: infinities and NaNs, as in PyTorch
        gA = None
        if self.needs(0):
            gA = -mm(gB, X.mH) if self.left else -mm(X.mH, gB)
        if self.vector:
            gB = gB.squeeze(-1)
        return gA, gB if self.needs(1) else None


def _triangle(x, upper, unitriangular):
    """The part of a gradient that a triangular A's read triangle receives."""
    if upper:
        return x.triu(1 if unitriangular else 0)
    return x.tril(-1 if unitriangular else 0)


class LinalgSolveTriangularBackward0(Node):
    def __init__(self, upper, left, unitriangular):
        super().__init__()
        self.upper, self.left, self.unitriangular = upper, left, unitriangular

    def backward(self, gX):
        A, X = self.saved_tensors
        gB = solve_triangular(A.mH, gX, upper=not self.upper, left=self.left, unitriangular=self.unitriangular)
        gA = None
        if self.needs(0):
            gA = _triangle(-mm(gB, X.mH) if self.left else -mm(X.mH, gB), self.upper, self.unitriangular)
        return gA, gB if self.needs(1) else None


class CholeskySolveBackward0(Node):
    """X = (L L^H)^{-1} B: gB = cholesky_solve(gX), and A's gradient -(gB X^H + X gB^H) taken back to the factor."""

    def __init__(self, upper):
        super().__init__()
        self.upper = upper

    def backward(self, gX):
        factor, X = self.saved_tensors
        gB = cholesky_solve(gX, factor, self.upper)
        gL = None
        if self.needs(1):
            common = mm(gB, X.mH)
            common = common + common.mH
            gL = -mm(factor, common) if self.upper else -mm(common, factor)
        return gB if self.needs(0) else None, gL


def _pinv_backward(grad, pinvA, A):
    """The gradient of the Moore-Penrose pseudo-inverse (Golub and Pereyra's derivative, both shapes)."""
    m, n = A.shape[-2], A.shape[-1]
    pinvAh, gradh = pinvA.mH, grad.mH
    if m <= n:
        K = mm(gradh, pinvA)
        KpinvAh = mm(K, pinvAh)
        return (-mm(pinvA, K).mH + KpinvAh - mm(mm(A, pinvA), KpinvAh)
                + mm(mm(pinvAh, pinvA), gradh - mm(K, A)))
    K = mm(pinvA, gradh)
    pinvAhK = mm(pinvAh, K)
    return (-mm(K, pinvA).mH + mm(mm(gradh - mm(A, K), pinvA), pinvAh) + pinvAhK
            - mm(mm(pinvAhK, pinvA), A))


class LinalgPinvBackward0(Node):
    def backward(self, grad):
        A, pinvA = self.saved_tensors
        if not A.numel():
            from ..creation import zeros_like
            return zeros_like(A),
        return _pinv_backward(grad, pinvA, A),


class LinalgLstsqBackward0(Node):
    """X = pinv(A) B: only the solution is differentiable."""
    outputs = 4

    def __init__(self, vector):
        super().__init__()
        self.vector = vector

    def backward(self, gX, gres=None, *others):
        A, B, X = self.saved_tensors
        if self.vector:
            B, X = B.unsqueeze(-1), X.unsqueeze(-1)
            gX = None if gX is None else gX.unsqueeze(-1)
        gA = gB = None
        if gX is not None:
            pinvA = pinv(A)
            gA = _pinv_backward(mm(gX, B.mH), pinvA, A) if self.needs(0) else None
            gB = mm(pinvA.mH, gX) if self.needs(1) else None
        if gres is not None and gres.numel():  # |A X - B|^2 at its minimum over X: only the explicit dependence counts
            weighted = (mm(A, X) - B) * (2 * gres.unsqueeze(-2))
            if self.needs(0):
                term = mm(weighted, X.mH)
                gA = term if gA is None else gA + term
            if self.needs(1):
                gB = -weighted if gB is None else gB - weighted
        if gB is not None and self.vector:
            gB = gB.squeeze(-1)
        return gA, gB


class LinalgMatrixExpBackward0(Node):
    """The derivative of exp at A applied to g: the upper-right block of exp([[A^H, g], [0, A^H]])."""

    def backward(self, grad):
        from ..creation import zeros_like
        from .joining import cat
        A, = self.saved_tensors
        n = A.shape[-1]
        Ah = A.mH
        if not A.numel():
            return zeros_like(A),
        block = cat([cat([Ah, grad], -1), cat([zeros_like(Ah), Ah], -1)], -2)
        return matrix_exp(block).narrow(-2, 0, n).narrow(-1, n, n),


class TriangularSolveBackward0(Node):
    """``torch.triangular_solve``: op(A) X = b, op(A) = A or A^T; the cloned coefficient passes its gradient on."""
    outputs = 2

    def __init__(self, upper, transpose, unitriangular):
        super().__init__()
        self.upper, self.transpose, self.unitriangular = upper, transpose, unitriangular

    def backward(self, gX, gclone):
        A, X = self.saved_tensors
        gb = gA = None
        if gX is not None:
            gb = triangular_solve(gX, A.conj(), self.upper, not self.transpose, self.unitriangular)[0]
            if self.needs(1):
                gM = -mm(gb, X.mH)
                gA = _triangle(gM.mT if self.transpose else gM, self.upper, self.unitriangular)
        if gclone is not None and self.needs(1):
            gA = gclone if gA is None else gA + gclone
        return gb if self.needs(0) else None, gA


class CholeskyInverseBackward0(Node):
    """Y = (L L^H)^{-1}: A's gradient -Y gY Y, taken back to the factor as for cholesky_solve."""

    def __init__(self, upper):
        super().__init__()
        self.upper = upper

    def backward(self, grad):
        factor, inverse = self.saved_tensors
        common = -mm(mm(inverse, grad), inverse)
        common = common + common.mH
        return mm(factor, common) if self.upper else mm(common, factor),


class LinalgLuSolveBackward0(Node):
    """X = op(A)^{-1} B (or B op(A)^{-1}) from A's compact LU factors; A's gradient goes back to the factors."""

    def __init__(self, left, adjoint):
        super().__init__()
        self.left, self.adjoint = left, adjoint

    def backward(self, gX):
        from .decompositions import _unpack
        LU, pivots, X = self.saved_tensors
        left, adjoint = self.left, self.adjoint
        gB = lu_solve(LU, pivots, gX, left=left, adjoint=not adjoint)
        gLU = None
        if self.needs(0):
            if left:
                gA = -mm(X, gB.mH) if adjoint else -mm(gB, X.mH)
            else:
                gA = -mm(gB.mH, X) if adjoint else -mm(X.mH, gB)
            P, L, U = _unpack(LU._data, pivots._data, LU._dtype)
            gL = mm(mm(P.mT, gA), U.mH).tril(-1)
            gU = mm(mm(L.mH, P.mT), gA).triu()
            gLU = gL + gU
        return gLU, gB if self.needs(1) else None
