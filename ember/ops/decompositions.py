"""Matrix decompositions on NumPy's and SciPy's LAPACK: det/slogdet, cholesky, qr, svd, eig/eigh, lu, ldl, and the
Householder routines (householder_product, geqrf, ormqr).

Also the checks and output layouts every ``torch.linalg`` function shares: PyTorch's LAPACK results are batches of
column-major matrices, so :func:`fortran` lays a result out that way.
"""
import functools
import warnings

import numpy as np

from .. import dtypes as _dt
from .. import return_types
from ..tensor import Tensor, _wrap
from .common import _CPP_TYPES, _type_name, check_writable, not_implemented
from .shape import _copy_with_strides, _owning, set_data

_REDUCED = (_dt.float16, _dt.bfloat16)
_REAL = {_dt.complex64: _dt.float32, _dt.complex128: _dt.float64}
_COMPLEX = {_dt.float32: _dt.complex64, _dt.float64: _dt.complex128}


class LinAlgError(RuntimeError):
    """A linear-algebra routine could not finish: the input is singular or not positive-definite."""



# -- argument checks ------------------------------------------------------------------------------------------

def tensor_arg(x, op, name="A", position=1):
    """``x`` must be a Tensor (PyTorch's TypeError otherwise)."""
    if not isinstance(x, Tensor):
        raise TypeError(f"{op}(): argument '{name}' (position {position}) must be Tensor, not {_type_name(x)}")
    return x


def matrix_arg(A, name, low=None, square=True, arg="A"):
    """``A``'s array after PyTorch's checks: at least 2-d, floating or complex, not float16/bfloat16, square.

    ``low`` names the kernel that refuses float16/bfloat16 (a NotImplementedError); without it PyTorch's
    'Low precision dtypes not supported' RuntimeError is raised; ``low=False`` leaves the check to the caller.
    """
    tensor_arg(A, name.replace(".", "_"), arg)
    a, dtype = A._data, A._dtype
    if a.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor {arg} must have at least 2 dimensions.")
    if dtype._kind < 2:
        raise RuntimeError(f"{name}: Expected a floating point or complex tensor as input. Got {dtype._legacy}")
    if dtype in _REDUCED and low is not False:
        if low:
            raise not_implemented(low, dtype)
        raise RuntimeError(f"{name}: Low precision dtypes not supported. Got {dtype._legacy}")
    if square:
        check_square(a, name)
    return a


def check_square(a, name):
    if a.shape[-1] != a.shape[-2]:
        raise RuntimeError(f"{name}: A must be batches of square matrices, but they are {a.shape[-2]} by "
                           f"{a.shape[-1]} matrices")


def check_kernel(A, kernel):
    """Kernels without an integer/float16 loop refuse those dtypes (``"lu_cpu" not implemented for 'Long'``)."""
    if A._dtype._kind < 2 or A._dtype in _REDUCED:
        raise not_implemented(kernel, A._dtype)


def batch_prefix(index, batch):
    """PyTorch's '(Batch element i): ' for an error in one matrix of a batch ('' for a single matrix)."""
    if not batch:
        return ""
    return f"(Batch element {int(np.ravel_multi_index(index, batch))}): "


def store(result, out, cast=False, message=None):
    """Write a result into ``out=``: its dtype must be the result's (unless ``cast``); an ``out`` of another shape
    is resized to the result's own layout (with PyTorch's warning when it had elements), else keeps its strides."""
    tensor_arg(out, "linalg", "out")
    if out._dtype is not result._dtype:
        if message:
            raise RuntimeError(message.format(expected=result._dtype._legacy, got=out._dtype._legacy))
        if not cast:
            raise RuntimeError(f"Expected out tensor to have dtype {_CPP_TYPES[result._dtype]}, but got "
                               f"{_CPP_TYPES[out._dtype]} instead")
        result = _wrap(result._data.astype(out._dtype._np), out._dtype)
    if out._data.shape != result._data.shape:
        if out._data.size:
            warnings.warn(f"An output with one or more elements was resized since it had shape "
                          f"{list(out._data.shape)}, which does not match the required output shape "
                          f"{list(result._data.shape)}. This behavior is deprecated, and in a future PyTorch release "
                          "outputs will not be resized unless they have zero elements. You can explicitly reuse an out "
                          "tensor t by resizing it, inplace, to zero elements with t.resize_(0).", UserWarning,
                          stacklevel=3)
        set_data(out, result._data)
        return out
    check_writable(out)
    np.copyto(out._data, result._data)
    out._bump_version()
    return out


def with_out(cast=False, message=None, aten=None):
    """Give a single-result function PyTorch's ``out=`` keyword (see :func:`store`); a result that records history
    refuses ``out=`` with the error naming PyTorch's kernel ``aten`` (``aten=False``: composites that accept it)."""
    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, out=None, **kwargs):
            result = fn(*args, **kwargs)
            if out is None:
                return result
            if result._requires_grad and result._grad_fn is not None:
                if aten is False:  # a composite: the copy into out= is recorded, as PyTorch records it
                    store(result.detach(), out, cast, message)
                    return out.copy_(result)
                from ..autograd.graph import no_out
                no_out(aten or fn.__name__, out)
            return store(result, out, cast, message)
        return wrapper
    return decorate


def top_level(fn, name):
    """``fn`` under its ``torch.<name>`` spelling, where PyTorch calls the first argument 'input'."""
    @functools.wraps(fn)
    def wrapper(input, *args, **kwargs):
        tensor_arg(input, name, "input")
        return fn(input, *args, **kwargs)
    wrapper.__name__ = wrapper.__qualname__ = name
    return wrapper


# -- layouts --------------------------------------------------------------------------------------------------

def fortran_strides(shape):
    """Element strides of a batch of column-major matrices, as PyTorch's LAPACK wrappers allocate them."""
    m, n = shape[-2], shape[-1]
    strides = [1, max(m, 1)]
    step = max(m * n, 1)
    for size in reversed(shape[:-2]):
        strides.insert(0, step)
        step *= max(size, 1)
    return strides


def fortran(array, dtype):
    """A new tensor holding ``array`` as a batch of column-major matrices."""
    if array.ndim < 2:
        return contiguous(array, dtype)
    if array.dtype != dtype._np:
        array = array.astype(dtype._np)
    return _owning(_copy_with_strides(array, fortran_strides(array.shape)), dtype)


def contiguous(array, dtype):
    """A new C-contiguous tensor holding ``array``."""
    array = np.asarray(array)
    if not array.size:
        return _wrap(np.empty(array.shape, dtype._np), dtype)
    return _wrap(np.array(array, dtype._np, order="C"), dtype)  # always a copy: the input may be a caller's array


def lapack(name, array):
    """The SciPy LAPACK routine ``name`` for ``array``'s dtype."""
    from scipy.linalg import get_lapack_funcs
    return get_lapack_funcs((name,), (array,))[0]


def matrices(batch):
    """Indices of every matrix in a batch of shape ``batch``."""
    return np.ndindex(*batch)


# -- determinants -----------------------------------------------------------------------------------------------

@with_out(aten="_linalg_det")
def det(A):
    """The determinant of each square matrix."""
    a = matrix_arg(A, "linalg.det", low="lu_cpu")
    d = contiguous(np.linalg.det(a), A._dtype)
    if wants_grad(A):
        node = LinalgDetBackward0()
        node.save(A, d, outputs=(1,))
        return record(node, d, (A,))
    return d


def slogdet(A):
    """Sign (or phase) and log of the absolute value of each determinant."""
    a = matrix_arg(A, "linalg.slogdet")
    sign, logabs = np.linalg.slogdet(a)
    sign, logabs = contiguous(sign, A._dtype), contiguous(logabs, _REAL.get(A._dtype, A._dtype))
    if wants_grad(A):
        node = LinalgSlogdetBackward0()
        node.save(A, sign, outputs=(1,))
        recorded(node, (sign, logabs), (A,))
    return return_types.named("linalg_slogdet", ("sign", "logabsdet"))(sign, logabs)


def slogdet_legacy(input):
    """``torch.slogdet``: as ``linalg.slogdet``, under its own tuple name."""
    tensor_arg(input, "slogdet", "input")
    sign, logabs = slogdet(input)
    return return_types.named("slogdet", ("sign", "logabsdet"))(sign, logabs)


def logdet(input):
    """Log of each determinant: NaN for a negative real determinant, -inf for a zero one."""
    tensor_arg(input, "logdet", "input")
    a = matrix_arg(input, "logdet")
    if wants_grad(input):  # PyTorch's composition of slogdet
        sign, logabs = slogdet(input)
        if input._dtype._kind == 3:
            return sign.log() + logabs
        from .conditional import where
        return where(sign < 0, float("nan"), logabs)
    sign, logabs = np.linalg.slogdet(a)
    if input._dtype._kind == 3:
        with np.errstate(all="ignore"):
            value = np.where(sign == 0, complex(-np.inf, np.nan), np.log(sign) + logabs)  # PyTorch's log of 0
    else:
        value = np.where(sign < 0, np.nan, logabs)
    return contiguous(value, input._dtype)


# -- cholesky -------------------------------------------------------------------------------------------------

def _potrf(a, upper):
    """LAPACK's Cholesky of every matrix: the factors (partial where it failed, as LAPACK leaves them) and infos."""
    factors, infos = np.empty_like(a), np.zeros(a.shape[:-2], np.int32)
    for index in matrices(a.shape[:-2]):
        c, info = lapack("potrf", a[index])(a[index], lower=not upper, clean=True)
        factors[index], infos[index] = c, info
    return factors, infos


def _cholesky(A, upper, name):
    a = matrix_arg(A, name, low="cholesky_cpu")
    try:
        factor = np.linalg.cholesky(a, upper=upper)
        return factor, np.zeros(a.shape[:-2], np.int32)
    except np.linalg.LinAlgError:
        return _potrf(a, upper)


@with_out(aten="linalg_cholesky_ex")
def cholesky(A, *, upper=False, _name="linalg.cholesky", _node=None):
    """The Cholesky factor of each Hermitian positive-definite matrix (lower, or ``upper``)."""
    factor, infos = _cholesky(A, upper, _name)
    failed = np.flatnonzero(infos)
    if failed.size:
        index = np.unravel_index(failed[0], infos.shape)
        raise LinAlgError(f"{_name}: {batch_prefix(index, infos.shape)}The factorization could not be completed "
                          f"because the input is not positive-definite (the leading minor of order {infos[index]} "
                          "is not positive-definite).")
    L = fortran(factor, A._dtype)
    if wants_grad(A):
        node = (_node or LinalgCholeskyExBackward0)(upper)
        node.save(L, outputs=(0,))
        return record(node, (L,) if node.outputs == 1 else (L, None), (A,))[0]
    return L


def cholesky_ex(A, *, upper=False, check_errors=False):
    """``cholesky`` that reports failures in ``info`` (the order of the failing minor) instead of raising."""
    if check_errors:
        cholesky(A, upper=upper, _name="linalg.cholesky_ex")
    factor, infos = _cholesky(A, upper, "linalg.cholesky")
    L, info = fortran(factor, A._dtype), contiguous(infos, _dt.int32)
    if wants_grad(A):
        node = LinalgCholeskyExBackward0(upper)
        node.save(L, outputs=(0,))
        recorded(node, (L, info), (A,))
    return return_types.named("linalg_cholesky_ex", ("L", "info"))(L, info)


@with_out(aten="cholesky")
def cholesky_legacy(input, upper=False):
    """``torch.cholesky``: the old spelling of ``linalg.cholesky``."""
    tensor_arg(input, "cholesky", "input")
    check_kernel(input, "cholesky_cpu")
    factor = cholesky(input, upper=upper, _name="cholesky", _node=CholeskyBackward0)
    if factor._data.size or factor._requires_grad:
        return factor
    return contiguous(factor._data, factor._dtype)  # PyTorch's empty result


# -- qr, svd ---------------------------------------------------------------------------------------------------

def qr(A, mode="reduced"):
    """The QR decomposition of each matrix (``mode``: 'reduced', 'complete' or 'r')."""
    a = matrix_arg(A, "linalg.qr", low="geqrf_cpu", square=False)
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), 'r', "
                           "or 'complete'")
    dtype, tuple_type = A._dtype, return_types.named("linalg_qr", ("Q", "R"))
    if mode == "r":
        r = np.linalg.qr(a, mode="r") if a.size else _empty_r(a)
        q, r = _wrap(np.empty(0, dtype._np), dtype), fortran(r, dtype)
        if wants_grad(A):
            recorded(LinalgQrBackward0(mode), (q, r), (A,))
        return tuple_type(q, r)
    if a.size:
        q, r = np.linalg.qr(a, mode=mode)
    else:
        m, n = a.shape[-2:]
        k = m if mode == "complete" else min(m, n)
        q = np.broadcast_to(np.eye(m, k, dtype=a.dtype), a.shape[:-2] + (m, k))
        r = _empty_r(a, k)
    q, r = fortran(q, dtype), fortran(r, dtype)
    if wants_grad(A):
        node = LinalgQrBackward0(mode)
        node.save(q, r, outputs=(0, 1))
        recorded(node, (q, r), (A,))
    return tuple_type(q, r)


def _empty_r(a, k=None):
    m, n = a.shape[-2:]
    return np.zeros(a.shape[:-2] + (min(m, n) if k is None else k, n), a.dtype)


def qr_legacy(input, some=True):
    """``torch.qr``: reduced (``some``) or complete QR."""
    tensor_arg(input, "qr", "input")
    q, r = qr(input, "reduced" if some else "complete")
    return return_types.named("qr", ("Q", "R"))(q, r)


def _svd(a, full_matrices):
    """U, S, Vh of every matrix (an empty matrix's singular vectors are identity columns)."""
    if a.size:
        return np.linalg.svd(a, full_matrices=full_matrices)
    m, n = a.shape[-2:]
    k = min(m, n)
    batch, real = a.shape[:-2], np.empty(0, a.dtype).real.dtype
    u = np.broadcast_to(np.eye(m, m if full_matrices else k, dtype=a.dtype), batch + (m, m if full_matrices else k))
    vh = np.broadcast_to(np.eye(n if full_matrices else k, n, dtype=a.dtype), batch + (n if full_matrices else k, n))
    return u, np.zeros(batch + (k,), real), vh


def _check_driver(driver):
    if driver is not None:
        raise RuntimeError("torch.linalg.svd: keyword argument `driver=` is only supported on CUDA inputs with "
                           "cuSOLVER backend.")


def svd(A, full_matrices=True, *, driver=None):
    """The singular value decomposition ``A = U diag(S) Vh`` of each matrix (singular values descending)."""
    a = matrix_arg(A, "linalg.svd", low="linalg_svd_cpu", square=False)
    _check_driver(driver)
    return return_types.named("linalg_svd", ("U", "S", "Vh"))(*_svd_tensors(A, a, full_matrices))


def _svd_tensors(A, a, full_matrices):
    """U, S, Vh as tensors, recorded by one LinalgSvdBackward0 node when A requires grad."""
    u, s, vh = _svd(a, full_matrices)
    dtype = A._dtype
    outs = fortran(u, dtype), contiguous(s, _REAL.get(dtype, dtype)), fortran(vh, dtype)
    if wants_grad(A):
        node = LinalgSvdBackward0(full_matrices)
        node.save(*outs, outputs=(0, 1, 2))
        recorded(node, outs, (A,))
    return outs


@with_out(aten="_linalg_svd")
def svdvals(A, *, driver=None):
    """The singular values of each matrix, descending."""
    a = matrix_arg(A, "linalg.svd", low="linalg_svd_cpu", square=False)
    _check_driver(driver)
    if wants_grad(A):  # the singular vectors are needed for the gradient
        return _svd_tensors(A, a, False)[1]
    return contiguous(singular_values(a), _REAL.get(A._dtype, A._dtype))


def singular_values(a):
    """The singular values of each matrix of an array (none for an empty matrix)."""
    if a.size:
        return np.linalg.svd(a, compute_uv=False)
    return np.zeros(a.shape[:-2] + (min(a.shape[-2:]),), np.empty(0, a.dtype).real.dtype)


def svd_legacy(input, some=True, compute_uv=True):
    """``torch.svd``: U, S and V (not Vh); reduced unless ``some=False``; zero U and V without ``compute_uv``."""
    tensor_arg(input, "svd", "input")
    if input._data.ndim < 2:
        raise RuntimeError(f"linalg.svd: input should have at least 2 dimensions, but has {input._data.ndim} "
                           "dimensions instead")
    a = matrix_arg(input, "linalg.svd", low="linalg_svd_cpu", square=False)
    dtype, tuple_type = input._dtype, return_types.named("svd", ("U", "S", "V"))
    real = _REAL.get(dtype, dtype)
    if not compute_uv:
        m, n = a.shape[-2:]
        batch = a.shape[:-2]
        s = _svd_tensors(input, a, False)[1] if wants_grad(input) else contiguous(singular_values(a), real)
        return tuple_type(contiguous(np.zeros(batch + (m, m), a.dtype), dtype), s,
                          fortran(np.zeros(batch + (n, n), a.dtype), dtype))
    if wants_grad(input):
        u, s, vh = _svd_tensors(input, a, not some)
        return tuple_type(u, s, vh.mH)
    u, s, vh = _svd(a, full_matrices=not some)
    return tuple_type(fortran(u, dtype), contiguous(s, real), contiguous(np.conj(np.swapaxes(vh, -1, -2)), dtype))


# -- eigenvalues -----------------------------------------------------------------------------------------------

def _eig_input(A, name):
    tensor_arg(A, name.replace(".", "_"))
    if A._data.ndim >= 2 and A._dtype._kind < 2:
        raise RuntimeError(f"Unknown Complex ScalarType for {A._dtype._legacy}")
    return matrix_arg(A, name, low="linalg_eig_out_cpu")


def eig(A):
    """Eigenvalues and right eigenvectors (unit norm) of each square matrix, always complex."""
    a = _eig_input(A, "linalg.eig")
    dtype = _COMPLEX.get(A._dtype, A._dtype)
    w, v = np.linalg.eig(a) if a.size else (np.zeros(a.shape[:-1], dtype._np), np.zeros(a.shape, dtype._np))
    w, v = contiguous(w, dtype), fortran(v, dtype)
    if wants_grad(A):
        node = LinalgEigBackward0()
        node.save(w, v, outputs=(0, 1))
        recorded(node, (w, v), (A,))
    return return_types.named("linalg_eig", ("eigenvalues", "eigenvectors"))(w, v)


def eigvals(A, *, out=None):
    """Eigenvalues of each square matrix, always complex."""
    a = _eig_input(A, "linalg.eigvals")
    dtype = _COMPLEX.get(A._dtype, A._dtype)
    if wants_grad(A):
        if out is None:
            return eig(A)[0]
        # PyTorch's out= form records a node without a derivative
        return record(not_implemented_node("linalg_eigvals"), store(eig(A)[0].detach(), out), (A,))
    result = contiguous(np.linalg.eigvals(a) if a.size else np.zeros(a.shape[:-1], dtype._np), dtype)
    return result if out is None else store(result, out)


def _eigh_input(A, UPLO):
    tensor_arg(A, "linalg_eigh")
    if not isinstance(UPLO, str) or UPLO.upper() not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    if A._data.ndim >= 2:
        check_kernel(A, "linalg_eigh_cpu")
    return matrix_arg(A, "linalg.eigh")


def eigh(A, UPLO="L"):
    """Eigenvalues (ascending, real) and orthonormal eigenvectors of each Hermitian matrix (one triangle read)."""
    a = _eigh_input(A, UPLO)
    dtype = A._dtype
    if a.size:
        w, v = np.linalg.eigh(a, UPLO=UPLO.upper())
    else:
        w, v = np.zeros(a.shape[:-1], a.real.dtype), np.zeros(a.shape, a.dtype)
    w, v = contiguous(w, _REAL.get(dtype, dtype)), fortran(v, dtype)
    if wants_grad(A):
        node = LinalgEighBackward0()
        node.save(w, v, outputs=(0, 1))
        recorded(node, (w, v), (A,))
    return return_types.named("linalg_eigh", ("eigenvalues", "eigenvectors"))(w, v)


@with_out(aten="_linalg_eigh")
def eigvalsh(A, UPLO="L"):
    """Eigenvalues (ascending, real) of each Hermitian matrix."""
    a = _eigh_input(A, UPLO)
    if wants_grad(A):
        return eigh(A, UPLO)[0]
    w = np.linalg.eigvalsh(a, UPLO=UPLO.upper()) if a.size else np.zeros(a.shape[:-1], a.real.dtype)
    return contiguous(w, _REAL.get(A._dtype, A._dtype))


# -- lu --------------------------------------------------------------------------------------------------------

def _getrf(a):
    """LAPACK's LU with partial pivoting of every matrix: factors, 1-based int32 pivots and infos."""
    batch, (m, n) = a.shape[:-2], a.shape[-2:]
    factors = np.empty_like(a)
    pivots = np.empty(batch + (min(m, n),), np.int32)
    infos = np.zeros(batch, np.int32)
    if not a.size:
        pivots[...] = np.arange(1, min(m, n) + 1)
        return factors, pivots, infos
    getrf = lapack("getrf", a)
    for index in matrices(batch):
        lu, piv, info = getrf(a[index])
        factors[index], pivots[index], infos[index] = lu, piv + 1, info
    return factors, pivots, infos


def _lu_input(A, name):
    tensor_arg(A, name.split(".")[-1])
    if A._data.ndim < 2:
        raise RuntimeError(f"{name}: Expected tensor with 2 or more dimensions. Got size: {list(A._data.shape)} "
                           "instead")
    check_kernel(A, "lu_cpu")
    return A._data


def lu_factor_ex(A, *, pivot=True, check_errors=False):
    """LU factors (compact), pivots and infos (the first zero diagonal element of U, 1-based) of each matrix."""
    a = _lu_input(A, "torch.lu_factor")
    _check_pivot(pivot, "linalg.lu_factor")
    factors, pivots, infos = _getrf(a)
    if check_errors:
        _lu_errors(infos, "torch.linalg.lu_factor_ex")
    outs = fortran(factors, A._dtype), contiguous(pivots, _dt.int32), contiguous(infos, _dt.int32)
    if wants_grad(A):
        node = LinalgLuFactorExBackward0()
        node.save(outs[0], outs[1], outputs=(0, 1))
        recorded(node, outs, (A,))
    return return_types.named("linalg_lu_factor_ex", ("LU", "pivots", "info"))(*outs)


def _check_pivot(pivot, name):
    if not pivot:
        raise RuntimeError(f"{name}: LU without pivoting is not implemented on the CPU")


def _lu_errors(infos, name="torch.linalg.lu_factor"):
    failed = np.flatnonzero(infos)
    if failed.size:
        index = np.unravel_index(failed[0], infos.shape)
        k = infos[index]
        raise RuntimeError(f"{name}: {batch_prefix(index, infos.shape)}U[{k},{k}] is zero and using "
                           "it on lu_solve would result in a division by zero. If you still want to perform the "
                           "factorization, consider calling linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)")


def lu_factor(A, *, pivot=True):
    """LU factors (L and U in one matrix) and 1-based pivots of each matrix; an exactly singular U raises."""
    LU, pivots, infos = lu_factor_ex(A, pivot=pivot)
    _lu_errors(infos._data)
    return return_types.named("linalg_lu_factor", ("LU", "pivots"))(LU, pivots)


def lu_legacy(A, pivot=True, get_infos=False):
    """``torch.lu``: compact LU factors and pivots (and infos with ``get_infos``); a singular input does not raise."""
    tensor_arg(A, "lu", "A")
    LU, pivots, infos = lu_factor_ex(A, pivot=pivot)
    if get_infos:
        return return_types.named("_lu_with_info", ("LU", "pivots", "info"))(LU, pivots, infos)
    return LU, pivots


def _unpack(factors, pivots, dtype):
    """P, L, U (C-contiguous) from compact LU factors and 1-based pivots."""
    m, n = factors.shape[-2:]
    k = min(m, n)
    lower = np.tril(factors[..., :, :k], -1)
    idx = np.arange(k)
    lower[..., idx, idx] = 1
    upper = np.triu(factors[..., :k, :])
    return permutation(pivots, m, dtype), contiguous(lower, dtype), contiguous(upper, dtype)


def row_order(pivots, m):
    """The row order that LAPACK's interchanges ``pivots`` (1-based) leave: row i of P^T A is row ``order[i]`` of A."""
    batch = pivots.shape[:-1]
    order = np.broadcast_to(np.arange(m), batch + (m,)).copy()
    rows = pivots.astype(np.intp)[..., None] - 1
    for i in range(pivots.shape[-1]):
        here, there = order[..., i].copy(), np.take_along_axis(order, rows[..., i, :], -1)[..., 0]
        order[..., i] = there
        np.put_along_axis(order, rows[..., i, :], here[..., None], -1)
    return order


def permutation(pivots, m, dtype):
    """The permutation matrices P (A = P L U) that LAPACK's row interchanges ``pivots`` (1-based) stand for."""
    order = row_order(pivots, m)
    eye = np.zeros(pivots.shape[:-1] + (m, m), dtype._np)
    # row i of P^T A holds row order[i] of A, so P holds a one at (order[i], i)
    np.put_along_axis(eye, order[..., None, :], 1, axis=-2)
    return contiguous(eye, dtype)


def lu(A, *, pivot=True):
    """The LU decomposition with partial pivoting ``A = P L U`` of each matrix."""
    a = _lu_input(A, "linalg.lu")
    _check_pivot(pivot, "linalg.lu_factor")
    factors, pivots, _ = _getrf(a)
    P, L, U = _unpack(factors, pivots, A._dtype)
    if wants_grad(A):
        node = LinalgLuBackward0()
        node.save(P, L, U, outputs=(1, 2))
        recorded(node, (None, L, U), (A,))
    return return_types.named("linalg_lu", ("P", "L", "U"))(P, L, U)


def lu_unpack(LU_data, LU_pivots, unpack_data=True, unpack_pivots=True):
    """P, L, U from ``lu_factor``'s compact factors and pivots (empty tensors for the parts not asked for)."""
    tensor_arg(LU_data, "lu_unpack", "LU_data")
    tensor_arg(LU_pivots, "lu_unpack", "LU_pivots", 2)
    dtype, factors = LU_data._dtype, LU_data._data
    if LU_pivots._dtype is not _dt.int32:
        raise RuntimeError("torch.lu_unpack: LU_pivots is expected to be a contiguous tensor of torch.int32 dtype.\n"
                           "Note: this function is intended to be used with the output produced by torch.linalg."
                           "lu_factor")
    p, lower, upper = _unpack(factors, LU_pivots._data, dtype)
    if wants_grad(LU_data) and unpack_data:
        recorded(LuUnpackBackward0(tuple(factors.shape)), (lower, upper), (LU_data,))
    empty = _wrap(np.empty(0, dtype._np), dtype)
    return return_types.named("lu_unpack", ("P", "L", "U"))(p if unpack_pivots else empty,
                                                            lower if unpack_data else empty,
                                                            upper if unpack_data else empty)


# -- ldl ---------------------------------------------------------------------------------------------------------

def ldl_factor_ex(A, *, hermitian=False, check_errors=False):
    """LAPACK's Bunch-Kaufman factorization of each symmetric (or Hermitian) matrix: compact L and D (lower
    triangle), LAPACK's pivots (1-based; negative for a 2x2 block) and infos."""
    a = matrix_arg(A, "torch.linalg.ldl_factor_ex", low="ldl_factor_kernel_cpu")
    factors = np.zeros_like(a)
    pivots = np.zeros(a.shape[:-1], np.int32)
    infos = np.zeros(a.shape[:-2], np.int32)
    if a.size:
        routine = lapack("hetrf" if hermitian and a.dtype.kind == "c" else "sytrf", a)
        for index in matrices(a.shape[:-2]):
            ld, piv, info = routine(a[index], lower=1)
            factors[index], pivots[index], infos[index] = np.tril(ld), piv, info
    if check_errors:
        _ldl_errors(infos)
    outs = fortran(factors, A._dtype), contiguous(pivots, _dt.int32), contiguous(infos, _dt.int32)
    if wants_grad(A):
        recorded(not_implemented_node("linalg_ldl_factor_ex", 3), outs, (A,))
    return return_types.named("linalg_ldl_factor_ex", ("LD", "pivots", "info"))(*outs)


def _ldl_errors(infos):
    failed = np.flatnonzero(infos)
    if failed.size:
        raise RuntimeError(f"torch.linalg.ldl_factor: Unknown error code: {infos.flat[failed[0]]}.")


def ldl_factor(A, *, hermitian=False):
    """The compact LDL factors and pivots of each symmetric (or Hermitian) matrix."""
    LD, pivots, infos = ldl_factor_ex(A, hermitian=hermitian)
    _ldl_errors(infos._data)
    return return_types.named("linalg_ldl_factor", ("LD", "pivots"))(LD, pivots)


# -- householder -----------------------------------------------------------------------------------------------

@with_out(aten="linalg_householder_product")
def householder_product(A, tau):
    """The first n columns of the product of Householder reflectors (LAPACK's orgqr/ungqr)."""
    name = "torch.linalg.householder_product"
    tensor_arg(A, "linalg_householder_product", "input")
    tensor_arg(tau, "linalg_householder_product", "tau", 2)
    a, t = A._data, tau._data
    if a.ndim < 2:
        raise RuntimeError(f"{name}: input must have at least 2 dimensions.")
    if a.shape[-2] < a.shape[-1]:
        raise RuntimeError(f"{name}: input.shape[-2] must be greater than or equal to input.shape[-1]")
    if a.shape[-1] < t.shape[-1]:
        raise RuntimeError(f"{name}: input.shape[-1] must be greater than or equal to tau.shape[-1]")
    if a.ndim - t.ndim != 1:
        raise RuntimeError(f"{name}: Expected tau to have one dimension less than input, but got tau.ndim equal to "
                           f"{t.ndim} and input.ndim is equal to {a.ndim}")
    if A._dtype is not tau._dtype:
        raise RuntimeError(f"{name}: tau dtype {tau._dtype._legacy} does not match input dtype {A._dtype._legacy}")
    check_kernel(A, "orgqr_cpu")
    q = np.empty_like(a)
    if a.size:
        orgqr = lapack("ungqr" if a.dtype.kind == "c" else "orgqr", a)
        for index in matrices(a.shape[:-2]):
            tau_i = np.zeros(a.shape[-1], a.dtype)
            tau_i[:t.shape[-1]] = t[index]
            q[index] = orgqr(a[index], tau_i)[0]
    q = fortran(q, A._dtype)
    if wants_grad(A, tau):
        node = LinalgHouseholderProductBackward0()
        node.save(A, tau)
        return record(node, q, (A, tau))
    return q


def det_legacy(input):
    """``torch.det`` (no ``out=``, as in PyTorch)."""
    tensor_arg(input, "det", "input")
    return det(input)


det_legacy.__name__ = det_legacy.__qualname__ = "det"


# -- Householder reflectors: geqrf, orgqr, ormqr -------------------------------------------------------------------

def geqrf(input, *, out=None):
    """LAPACK's compact QR: R above the diagonal, the Householder vectors below it, and their scalars ``tau``."""
    tensor_arg(input, "geqrf", "input")
    a = input._data
    if a.ndim < 2:
        raise RuntimeError("torch.geqrf: input must have at least 2 dimensions.")
    check_kernel(input, "geqrf_cpu")
    factors = np.empty_like(a)
    tau = np.zeros(a.shape[:-2] + (min(a.shape[-2:]),), a.dtype)
    if a.size:
        routine = lapack("geqrf", a)
        for index in matrices(a.shape[:-2]):
            factors[index], tau[index] = routine(a[index])[:2]
    outs = fortran(factors, input._dtype), contiguous(tau, input._dtype)
    if wants_grad(input):
        recorded(GeqrfBackward0(), outs, (input,))
    return return_types.named("geqrf", ("a", "tau"))(*outs)


def orgqr(input, tau, *, out=None):
    """``torch.orgqr``: the spelling of ``linalg.householder_product`` on Tensors."""
    tensor_arg(input, "orgqr", "input")
    return householder_product(input, tau)


def ormqr(input, tau, other, left=True, transpose=False, *, out=None):
    """``other`` multiplied by the Q (or Q^H with ``transpose``) that geqrf's reflectors stand for, from the left
    or the right."""
    name = "torch.ormqr"
    tensor_arg(input, "ormqr", "input")
    tensor_arg(tau, "ormqr", "tau", 2)
    tensor_arg(other, "ormqr", "other", 3)
    a, t, c = input._data, tau._data, other._data
    for arg, x in (("input", a), ("other", c)):
        if x.ndim < 2:
            raise RuntimeError(f"{name}: {arg} must have at least 2 dimensions.")
    side = -2 if left else -1
    if c.shape[side] != a.shape[-2]:
        raise RuntimeError(f"{name}: other.shape[{side}] must be equal to input.shape[-2]")
    if t.shape[-1] != min(c.shape[side], a.shape[-1]):
        raise RuntimeError(f"{name}: tau.shape[-1] must be equal to min(other.shape[{side}], input.shape[-1])")
    if input._dtype is not other._dtype:
        raise RuntimeError(f"{name}: Expected input and other to have the same dtype, but input has dtype"
                           f"{input._dtype._legacy} and other has dtype {other._dtype._legacy}")
    check_kernel(input, "ormqr_cpu")
    k = t.shape[-1]
    batch = np.broadcast_shapes(a.shape[:-2], c.shape[:-2], t.shape[:-1])
    a = np.broadcast_to(a[..., :k], batch + a.shape[-2:-1] + (k,))
    t = np.broadcast_to(t, batch + (k,))
    c = np.broadcast_to(c, batch + c.shape[-2:])
    result = np.array(c)
    if c.size and k:
        complex_ = a.dtype.kind == "c"
        routine = lapack("unmqr" if complex_ else "ormqr", a)
        trans = ("C" if complex_ else "T") if transpose else "N"
        lwork = 64 * max(1, *c.shape[-2:])
        for index in matrices(batch):
            result[index] = routine("L" if left else "R", trans, a[index], t[index], c[index], lwork)[0]
    result = fortran(result, input._dtype)
    if wants_grad(input, tau, other):
        node = OrmqrBackward0(left, transpose)
        node.save(input, tau, other)
        return record(node, result, (input, tau, other))
    return result


# -- autograd: the decompositions' backward formulas (written with Tensor ops, so they are differentiable) ----------

from ..autograd.graph import Node, record, wants_grad  # noqa: E402  (the graph module imports nothing of ours)


def mm(a, b):
    """The batched matrix product used inside the backward formulas."""
    from .linalg import matmul
    return matmul(a, b)


def embed(v):
    """Diagonal matrices from vectors (last dim)."""
    from .triangular import diag_embed
    return diag_embed(v)


def diag(x):
    return x.diagonal(0, -2, -1)


def solve_t(A, B, **kwargs):
    """A solve inside a backward formula: a singular A gives infinities and NaNs, as PyTorch's does, not an error."""
    from .solvers import solve_ex
    return solve_ex(A, B, **kwargs)[0]


def tri_solve(A, B, **kwargs):
    from .solvers import solve_triangular
    return solve_triangular(A, B, **kwargs)


def recorded(node, outputs, inputs):
    """``record`` for a node that returns several tensors (integer outputs get no grad_fn)."""
    return record(node, tuple(outputs), inputs)


def scaled_eye(c, A):
    """c[..., None, None] times the identity of A's size (the right-hand side of gradients like c A^{-H})."""
    n = A.shape[-1]
    return embed(c.unsqueeze(-1).expand(tuple(c.shape) + (n,)))


def _off_diagonal_ones(x):
    """``x`` with its diagonal replaced by ones (the denominators of the eigen/singular-vector formulas)."""
    return x + embed(1 - diag(x))


def _gauge_check(imag_part, message):
    """A loss that depends on the phase of complex singular/eigen vectors has no gradient (PyTorch refuses it)."""
    if imag_part is not None and not np.allclose(imag_part._data, 0, rtol=1e-2, atol=1e-2):
        raise RuntimeError(message)


class LinalgDetBackward0(Node):
    """d det(A) = det(A) tr(A^{-1} dA): the gradient is conj(det) A^{-H}."""

    def backward(self, grad):
        A, d = self.saved_tensors
        if not (d._data == 0).any():
            return solve_t(A.mH, scaled_eye(grad * d.conj(), A)),
        # singular matrices in the batch get a zero gradient, as PyTorch gives them
        cofactors = _cofactors(A._data) * (d._data != 0)[..., None, None]
        return grad.unsqueeze(-1).unsqueeze(-1) * _wrap(cofactors, A._dtype),


def _cofactors(a):
    """The cofactor matrices conj(adj(A))^T = conj(det(U) det(Vh)) U diag(prod of the other s) Vh, singular or not."""
    u, s, vh = np.linalg.svd(a)
    n = s.shape[-1]
    ones = np.ones(s.shape[:-1] + (1,), s.dtype)
    before = np.cumprod(np.concatenate([ones, s[..., :-1]], -1), -1)
    after = np.cumprod(np.concatenate([ones, s[..., :0:-1]], -1), -1)[..., ::-1]
    others = (before * after)[..., :n]
    phase = np.conj(np.linalg.det(u) * np.linalg.det(vh))
    return phase[..., None, None] * np.matmul(u * others[..., None, :], vh)


class LinalgSlogdetBackward0(Node):
    """log|det| has gradient A^{-H}; a complex sign adds -i Im(conj(g_sign) sign) A^{-H}."""
    outputs = 2

    def backward(self, gsign, glogabs):
        A, sign = self.saved_tensors
        c = glogabs if glogabs is not None else None
        if A._dtype._kind == 3 and gsign is not None:
            phase = (gsign.conj() * sign).imag * (-1j)
            c = phase if c is None else c + phase
        if c is None:  # a real sign is constant
            return None,
        return solve_t(A.mH, scaled_eye(c.to(A._dtype), A)),


class LinalgCholeskyExBackward0(Node):
    """A = L L^H: gA = L^{-H} M L^{-1}, M the Hermitian matrix of the strict lower triangle of P = L^H gL, halved,
    with half of P's diagonal (its imaginary part kept, as PyTorch's gradient keeps it)."""
    outputs = 2

    def __init__(self, upper):
        super().__init__()
        self.upper = upper

    def backward(self, gL, ginfo=None):
        L, = self.saved_tensors
        if gL is None:
            return None,
        if self.upper:
            L, gL = L.mH, gL.mH
        P = mm(L.mH, gL.tril())  # the zero triangle is no function of A
        below = P.tril(-1)
        M = 0.5 * (below + below.mH) + 0.5 * embed(diag(P))
        gA = tri_solve(L.mH, M, upper=True)
        return tri_solve(L, gA, upper=False, left=False),


class CholeskyBackward0(LinalgCholeskyExBackward0):
    """``torch.cholesky``'s node: the same formula, one output."""
    outputs = 1


def _copyltu(M):
    """The Hermitian matrix whose lower triangle is M's (the diagonal's real part)."""
    low = M.tril(-1)
    d = diag(M)
    return low + low.mH + embed(d.real.to(M._dtype) if M._dtype._kind == 3 else d)


def _qr_tall(Q, R, gQ, gR):
    """A = QR with m >= n: gA = (gQ + Q copyltu(M)) R^{-H}, M = R gR^H - gQ^H Q."""
    M = None
    if gR is not None:
        M = mm(R, gR.mH)
    if gQ is not None:
        M = -mm(gQ.mH, Q) if M is None else M - mm(gQ.mH, Q)
    b = mm(Q, _copyltu(M))
    if gQ is not None:
        b = b + gQ
    return tri_solve(R.mH, b, upper=False, left=False)


class LinalgQrBackward0(Node):
    outputs = 2

    def __init__(self, mode):
        super().__init__()
        self.mode = mode

    def backward(self, gQ, gR):
        if self.mode == "r":
            raise RuntimeError("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. Please "
                               "use linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.")
        Q, R = self.saved_tensors
        m, n = Q.shape[-2], R.shape[-1]
        if self.mode == "complete" and m > n:
            raise RuntimeError("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.")
        if gQ is None and gR is None:
            return None,
        if m >= n:
            return _qr_tall(Q, R, gQ, gR),
        # A = [X | Y] with X = Q R1 square and Y = Q R2: Y's part moves into gQ
        from .joining import cat
        R1, R2 = R.narrow(-1, 0, m), R.narrow(-1, m, n - m)
        gR1 = gY = None
        if gR is not None:
            gR1, gR2 = gR.narrow(-1, 0, m), gR.narrow(-1, m, n - m)
            extra = mm(mm(Q, R2), gR2.mH)
            gQ = extra if gQ is None else gQ + extra
            gY = mm(Q, gR2)
        gX = _qr_tall(Q, R1, gQ, gR1)
        if gY is None:
            from ..creation import zeros_like
            gY = zeros_like(R2)
        return cat([gX, gY], -1),


_SVD_GAUGE = ("svd_backward: The singular vectors in the complex case are specified up to multiplication by e^{i phi}. "
              "The specified loss function depends on this phase term, making it ill-defined.")


class LinalgSvdBackward0(Node):
    """The SVD's gradient (Townsend's formulas, with PyTorch's phase check for complex singular vectors)."""
    outputs = 3

    def __init__(self, full_matrices):
        super().__init__()
        self.full_matrices = full_matrices

    def backward(self, gU, gS, gVh):
        U, S, Vh = self.saved_tensors
        m, n, k = U.shape[-2], Vh.shape[-1], S.shape[-1]
        if self.full_matrices:
            U, Vh = U.narrow(-1, 0, k), Vh.narrow(-2, 0, k)
            gU = None if gU is None else gU.narrow(-1, 0, k)
            gVh = None if gVh is None else gVh.narrow(-2, 0, k)
        if gU is None and gVh is None:
            if gS is None:
                return None,
            return mm(U * gS.unsqueeze(-2).to(U._dtype), Vh),
        complex_ = U._dtype._kind == 3
        V, gV = Vh.mH, None if gVh is None else gVh.mH
        S2 = S * S
        E = _off_diagonal_ones(S2.unsqueeze(-2) - S2.unsqueeze(-1))
        UhgU = None if gU is None else mm(U.mH, gU)
        VhgV = None if gV is None else mm(Vh, gV)
        if complex_:
            imag_u = diag(UhgU).imag if UhgU is not None else None
            imag_v = diag(VhgV).imag if VhgV is not None else None
            total = imag_u if imag_v is None else imag_v if imag_u is None else imag_u + imag_v
            _gauge_check(total, _SVD_GAUGE)
        ret = None
        if UhgU is not None:
            ret = (UhgU - UhgU.mH) * S.unsqueeze(-2) / E
        if VhgV is not None:
            term = S.unsqueeze(-1) * (VhgV - VhgV.mH) / E
            ret = term if ret is None else ret + term
        if gS is not None:
            ret = ret + embed(gS)
        if complex_ and UhgU is not None:
            ret = ret + embed(diag(UhgU).imag / S) * 1j
        if m > n and gU is not None:
            gA = mm(U, ret) + (gU - mm(U, UhgU)) / S.unsqueeze(-2)
            return mm(gA, Vh),
        if m < n and gV is not None:
            gA = mm(ret, Vh) + ((gV - mm(V, VhgV)) / S.unsqueeze(-2)).mH
            return mm(U, gA),
        return mm(mm(U, ret), Vh),


_EIGH_GAUGE = ("linalg_eigh_backward: The eigenvectors in the complex case are specified up to multiplication by "
               "e^{i phi}. The specified loss function depends on this quantity, so it is ill-defined.")
_EIG_GAUGE = _EIGH_GAUGE.replace("linalg_eigh", "linalg_eig")


class LinalgEighBackward0(Node):
    """gA = V (diag(gL) + (V^H gV) / E) V^H with E_ij = L_j - L_i."""
    outputs = 2

    def backward(self, gL, gV):
        L, V = self.saved_tensors
        if gV is None:
            if gL is None:
                return None,
            return mm(V * gL.unsqueeze(-2).to(V._dtype), V.mH),
        VhgV = mm(V.mH, gV)
        if V._dtype._kind == 3:
            _gauge_check(diag(VhgV).imag, _EIGH_GAUGE)
        E = _off_diagonal_ones(L.unsqueeze(-2) - L.unsqueeze(-1))
        ret = VhgV / E
        ret = ret - embed(diag(ret))
        if gL is not None:
            ret = ret + embed(gL.to(V._dtype))
        gA = mm(mm(V, ret), V.mH)
        return 0.5 * (gA + gA.mH),


class LinalgEigBackward0(Node):
    """gA = V^{-H} (diag(gL) + (V^H gV - V^H V Re diag(V^H gV)) / conj(E)) V^H."""
    outputs = 2

    def backward(self, gL, gV):
        L, V = self.saved_tensors
        Vh = V.mH
        if gV is None:
            if gL is None:
                return None,
            return solve_t(Vh, gL.unsqueeze(-1) * Vh),
        VhgV = mm(Vh, gV)
        _gauge_check(diag(VhgV).imag, _EIG_GAUGE)
        ret = VhgV - mm(Vh, V) * diag(VhgV).real.to(V._dtype).unsqueeze(-2)
        Lc = L.conj()
        ret = ret / _off_diagonal_ones(Lc.unsqueeze(-2) - Lc.unsqueeze(-1))
        ret = ret - embed(diag(ret))
        if gL is not None:
            ret = ret + embed(gL)
        return solve_t(Vh, mm(ret, Vh)),


def lu_backward(P, L, U, gL, gU):
    """The gradient of A = P L U from those of L (unit lower) and U, for square, wide and tall A."""
    from ..creation import zeros_like
    from .joining import cat
    if gL is None and gU is None:
        return None
    m, n = L.shape[-2], U.shape[-1]
    k = min(m, n)
    gL = gL.tril(-1) if gL is not None else None
    gU = gU.triu() if gU is not None else None
    extra = None
    if m < n:  # A = P L [U1 | U2]: U2's part is A2's directly and moves into L's
        U1, U2 = U.narrow(-1, 0, k), U.narrow(-1, k, n - k)
        extra = zeros_like(U2)
        if gU is not None:
            gU1, gU2 = gU.narrow(-1, 0, k), gU.narrow(-1, k, n - k)
            extra = tri_solve(L.mH, gU2, upper=True, unitriangular=True)  # L^{-H} gU2
            shift = mm(extra, U2.mH).tril(-1)
            gL = -shift if gL is None else gL - shift
            gU = gU1
        U = U1
    elif m > n:  # A = P [L1; L2] U: L2's part is B2's directly and moves into U's
        L1, L2 = L.narrow(-2, 0, k), L.narrow(-2, k, m - k)
        extra = zeros_like(L2)
        if gL is not None:
            gL1, gL2 = gL.narrow(-2, 0, k), gL.narrow(-2, k, m - k)
            extra = tri_solve(U.mH, gL2, upper=False, left=False)  # gL2 U^{-H}
            shift = mm(L2.mH, extra).triu()
            gU = -shift if gU is None else gU - shift
            gL = gL1
        L = L1
    inner = None
    if gL is not None:
        inner = mm(L.mH, gL).tril(-1)
    if gU is not None:
        term = mm(gU, U.mH).triu()
        inner = term if inner is None else inner + term
    gB = tri_solve(U.mH, tri_solve(L.mH, inner, upper=True, unitriangular=True), upper=False, left=False)
    if extra is not None:
        gB = cat([gB, extra], -1 if m < n else -2)
    return mm(P, gB)


class LinalgLuBackward0(Node):
    outputs = 3

    def backward(self, gP, gL, gU):
        P, L, U = self.saved_tensors
        return lu_backward(P, L, U, gL, gU),


class LinalgLuFactorExBackward0(Node):
    """The compact factors' gradient: the strict lower part is L's, the upper part U's."""
    outputs = 3

    def backward(self, gLU, *rest):
        LU, pivots = self.saved_tensors
        if gLU is None:
            return None,
        P, L, U = _unpack(LU._data, pivots._data, LU._dtype)
        m, n = LU.shape[-2], LU.shape[-1]
        k = min(m, n)
        return lu_backward(P, L, U, gLU.narrow(-1, 0, k), gLU.narrow(-2, 0, k)),


def _reflectors_applied(A, tau, columns=None):
    """H_1 ... H_k applied to the first n (or ``columns``) columns of the identity, with Tensor ops
    (H_i = I - tau_i v_i v_i^H, v_i holding a one at i and A's column i below it)."""
    m, n, k = A.shape[-2], A.shape[-1] if columns is None else columns, tau.shape[-1]
    rows = np.arange(m)
    q = _wrap(np.broadcast_to(np.eye(m, n, dtype=A._dtype._np), tuple(A.shape[:-1]) + (n,)).copy(), A._dtype)
    for i in reversed(range(k)):
        below = _wrap((rows > i).astype(A._dtype._np)[:, None], A._dtype)
        one = _wrap((rows == i).astype(A._dtype._np)[:, None], A._dtype)
        v = A.narrow(-1, i, 1) * below + one
        q = q - tau.narrow(-1, i, 1).unsqueeze(-1) * mm(v, mm(v.mH, q))
    return q


class LinalgHouseholderProductBackward0(Node):
    """Differentiates the product of reflectors rebuilt with Tensor ops (first derivatives)."""

    def backward(self, grad):
        from ..autograd import grad as _grad
        from ..autograd.grad_mode import enable_grad
        A, tau = self.saved_tensors
        if not tau.shape[-1] or not A.numel():  # no reflectors: Q does not depend on the inputs
            return None, None
        with enable_grad():
            a, t = A.detach().requires_grad_(), tau.detach().requires_grad_()
            gA, gtau = _grad(_reflectors_applied(a, t), (a, t), grad, allow_unused=True)
        return gA if self.needs(0) else None, gtau if self.needs(1) else None


class LuUnpackBackward0(Node):
    """L's strict lower part and U's upper part go back into the compact factors."""
    outputs = 2

    def __init__(self, shape):
        super().__init__()
        self.shape = shape

    def backward(self, gL, gU):
        from ..creation import zeros
        m, n = self.shape[-2:]
        k = min(m, n)
        dtype = (gL if gL is not None else gU)._dtype
        grad = zeros(self.shape, dtype=dtype)
        if gL is not None:  # L is m x k
            grad = grad + _pad_columns(gL.tril(-1), n - k)
        if gU is not None:  # U is k x n
            grad = grad + _pad_rows(gU.triu(), m - k)
        return grad,


def _pad_columns(x, extra):
    from ..creation import zeros
    from .joining import cat
    return x if not extra else cat([x, zeros(tuple(x.shape[:-1]) + (extra,), dtype=x._dtype)], -1)


def _pad_rows(x, extra):
    from ..creation import zeros
    from .joining import cat
    return x if not extra else cat([x, zeros(tuple(x.shape[:-2]) + (extra, x.shape[-1]), dtype=x._dtype)], -2)


class GeqrfBackward0(Node):
    outputs = 2

    def backward(self, *grads):
        raise NotImplementedError("the derivative for 'geqrf' is not implemented.")


class OrmqrBackward0(Node):
    """Differentiates op(Q) C (or C op(Q)) rebuilt with Tensor ops from the reflectors (first derivatives)."""

    def __init__(self, left, transpose):
        super().__init__()
        self.left, self.transpose = left, transpose

    def backward(self, grad):
        from ..autograd import grad as _grad
        from ..autograd.grad_mode import enable_grad
        A, tau, C = self.saved_tensors
        with enable_grad():
            a, t, c = (x.detach().requires_grad_() for x in (A, tau, C))
            k = t.shape[-1]
            q = _reflectors_applied(a.narrow(-1, 0, k), t, a.shape[-2])
            q = q.mH if self.transpose else q
            out = mm(q, c) if self.left else mm(c, q)
            grads = _grad(out, (a, t, c), grad, allow_unused=True)
        return tuple(g if self.needs(i) else None for i, g in enumerate(grads))


def not_implemented_node(kernel, outputs=1):
    """PyTorch's ``NotImplemented`` node: it records history, and its backward refuses."""
    def backward(self, *grads):
        raise RuntimeError(f"derivative for aten::{kernel} is not implemented")
    return type("NotImplemented", (Node,), {"outputs": outputs, "backward": backward})()
