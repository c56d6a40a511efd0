"""Vector and matrix norms (``linalg.norm``, ``vector_norm``, ``matrix_norm``) and condition numbers."""
import math

import numpy as np

from .. import dtypes as _dt
from ..tensor import Tensor
from .common import _type_name, dims_of
from ..autograd.graph import record, wants_grad
from .decompositions import (_REAL, _REDUCED, check_square, contiguous, matrix_arg, singular_values, svdvals,
                             tensor_arg, with_out)

_INF = math.inf


def _float_input(x, name):
    if x._dtype._kind < 2:
        raise RuntimeError(f"{name}: Expected a floating point or complex tensor as input. Got {x._dtype._legacy}")


def _with_dtype(x, dtype, name):
    """The array to take the norm of, in ``dtype`` if given, and the real result dtype."""
    a = x._data
    if dtype is not None:
        if x._dtype._kind == 3 and dtype._kind != 3:
            raise RuntimeError(f"{name}: dtype should be complex for complex inputs, but got {dtype._legacy}")
        if x._dtype._kind != 3 and dtype._kind == 3 or _dt.promote_types(x._dtype, dtype) is not dtype:
            raise RuntimeError(f"{name}: the dtype of the input ({x._dtype._legacy}) should be convertible without "
                               f"narrowing to the specified dtype ({dtype._legacy})")
        a = a.astype(dtype._np)
    else:
        dtype = x._dtype
    if dtype in _REDUCED:
        a = a.astype(np.float32)  # accumulate in float32 as PyTorch does
    return a, _REAL.get(dtype, dtype)


def _ord_number(ord, name, position=2):
    if isinstance(ord, Tensor) or isinstance(ord, bool) or not isinstance(ord, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name}(): argument 'ord' (position {position}) must be Number, not {_type_name(ord)}")
    return float(ord)


def _vector_norm(a, p, axes, keepdim):
    """The p-norm of |a| over ``axes``."""
    absolute = np.abs(a)
    if p == 2:
        return np.sqrt(np.sum(absolute * absolute, axis=axes, keepdims=keepdim))
    if p == 1:
        return np.sum(absolute, axis=axes, keepdims=keepdim)
    if p == _INF:
        return np.max(absolute, axis=axes, keepdims=keepdim)
    if p == -_INF:
        return np.min(absolute, axis=axes, keepdims=keepdim)
    if p == 0:
        return np.sum(absolute != 0, axis=axes, keepdims=keepdim).astype(absolute.dtype)
    return np.power(np.sum(np.power(absolute, p), axis=axes, keepdims=keepdim), 1 / p)


@with_out(aten="linalg_vector_norm")
def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    """The vector ``ord``-norm of ``x`` over ``dim`` (all of it by default), flattened."""
    name = "linalg.vector_norm"
    tensor_arg(x, "linalg_vector_norm", "input")
    p = _ord_number(ord, "linalg_vector_norm")
    _float_input(x, name)
    a, real = _with_dtype(x, dtype, name)
    ndim = a.ndim
    axes = dims_of(dim, ndim) if dim is not None and (not isinstance(dim, (tuple, list)) or dim) else None
    if ndim == 0:
        axes = None
    if p < 0 or p == _INF:
        _check_identity(a, p, axes, dim)
    r = contiguous(_vector_norm(a, p, axes, keepdim), real)
    if wants_grad(x):
        from .moments import LinalgVectorNormBackward0
        node = LinalgVectorNormBackward0(p, axes, keepdim)
        node.save(x, r, outputs=(1,))
        return record(node, r, (x,))
    return r


def _check_identity(a, p, axes, dim):
    """Max, min and negative powers have no value over nothing."""
    text = "inf" if p == _INF else "-inf" if p == -_INF else _format(p)
    if axes is None:
        if not a.size:
            raise RuntimeError(f"linalg.vector_norm cannot compute the {text} norm on an empty tensor because the "
                               "operation does not have an identity")
        return
    for d, shown in zip(axes, (dim,) if isinstance(dim, (int, np.integer)) else dim):
        if a.shape[d] == 0:
            raise RuntimeError(f"linalg.vector_norm cannot compute the {text} norm on the dimension {shown}"
                               "because this dimension is empty and the operation does not have an identity")


def _format(p):
    """A norm order as PyTorch prints it: ``2``, ``-inf``, ``3.5``."""
    if math.isinf(p):
        return "inf" if p > 0 else "-inf"
    return str(int(p)) if p == int(p) else str(p)


_MATRIX_ORDS = ("fro", "nuc", 1.0, -1.0, 2.0, -2.0, _INF, -_INF)


@with_out(message="linalg.matrix_norm expected out tensor dtype {expected} but got: {got}", aten=False)
def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    """The matrix ``ord``-norm ('fro', 'nuc', ±1, ±2, ±inf) over the two dims ``dim``."""
    name = "linalg.matrix_norm"
    tensor_arg(A, "linalg_matrix_norm", "input")
    if ord is None or isinstance(ord, bool) or not isinstance(ord, (str, int, float, np.integer, np.floating)):
        raise TypeError(f"linalg_matrix_norm() received an invalid combination of arguments - got (Tensor, "
                        f"{_type_name(ord)}), but expected one of:\n"
                        " * (Tensor input, Number ord, tuple of ints dim = (-2,-1), bool keepdim = False, *, "
                        "torch.dtype dtype = None, Tensor out = None)\n"
                        " * (Tensor input, str ord = \"fro\", tuple of ints dim = (-2,-1), bool keepdim = False, *, "
                        "torch.dtype dtype = None, Tensor out = None)\n")
    if isinstance(ord, str):
        if ord not in ("fro", "nuc"):
            raise RuntimeError(f"{name}: Order {ord} not supported.")
    elif float(ord) not in _MATRIX_ORDS:
        raise RuntimeError(f"{name}: Order {_format(float(ord))} not supported.")
    if A._data.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor A must have at least 2 dimensions.")
    _float_input(A, name)
    if A._dtype in _REDUCED and (ord == "nuc" or ord in (2, -2)):
        raise RuntimeError(f"{name}: Low precision dtypes not supported. Got {A._dtype._legacy}")
    dims = (dim,) if isinstance(dim, (int, np.integer)) else tuple(dim)
    if len(dims) != 2:
        raise RuntimeError(f"{name}: dim must be a 2-tuple. Got {' '.join(str(d) for d in dims)}")
    d0, d1 = dims_of(dims, A._data.ndim)
    a, real = _with_dtype(A, dtype, name)
    value = contiguous(_matrix_norm(a, ord, d0, d1, keepdim), real)
    if wants_grad(A):  # PyTorch composes it of differentiable ops
        return _matrix_norm_graph(A, ord, d0, d1, keepdim, dtype)
    return value


def _matrix_norm_graph(A, ord, d0, d1, keepdim, dtype):
    """``matrix_norm`` as PyTorch composes it (so the graph holds the same nodes): a vector norm for 'fro', the
    singular values for 'nuc' and ±2, a vector 1-norm along one dim and its max/min along the other for ±1, ±inf."""
    if ord == "fro":
        return vector_norm(A, 2, (d0, d1), keepdim, dtype=dtype)
    if ord == "nuc" or abs(float(ord)) == 2:
        if dtype is not None:
            A = A.to(dtype)
        ndim = A.ndim
        order = [d for d in range(ndim) if d not in (d0, d1)] + [d0, d1]
        s = svdvals(A.permute(*order))
        if ord == "nuc":
            value = s.sum(-1, keepdim=keepdim)
        else:
            value = s.amax(-1, keepdim=keepdim) if ord > 0 else s.amin(-1, keepdim=keepdim)
        if keepdim:
            value = value.unsqueeze(-1).permute(*np.argsort(order))
        return value
    ord = float(ord)
    sum_dim, max_dim = (d0, d1) if abs(ord) == 1 else (d1, d0)
    sums = vector_norm(A, 1, sum_dim, keepdim, dtype=dtype)
    if not keepdim and sum_dim < max_dim:
        max_dim -= 1
    return sums.amax(max_dim, keepdim=keepdim) if ord > 0 else sums.amin(max_dim, keepdim=keepdim)


def _matrix_norm(a, ord, d0, d1, keepdim):
    if ord == "fro":
        return _vector_norm(a, 2, (d0, d1), keepdim)
    absolute = np.abs(a)
    if ord == "nuc" or abs(float(ord)) == 2:
        s = singular_values(np.moveaxis(a, (d0, d1), (-2, -1)))
        if ord == "nuc":
            value = np.sum(s, axis=-1)
        else:
            value = _extreme(s, -1, ord > 0, -1, False)
        value = value.astype(s.dtype)
        if keepdim:
            value = np.expand_dims(value, (d0, d1) if d0 < d1 else (d1, d0))
        return value
    ord = float(ord)
    # 1: largest column sum (sum over rows); inf: largest row sum
    sum_dim, max_dim = (d0, d1) if abs(ord) == 1 else (d1, d0)
    sums = np.sum(absolute, axis=sum_dim, keepdims=True)
    # the dim PyTorch names in its error is counted after the summed dim is dropped (unless kept)
    shown = max_dim if keepdim or sum_dim > max_dim else max_dim - 1
    value = _extreme(sums, max_dim, ord > 0, shown, True)
    return value if keepdim else np.squeeze(value, axis=(d0, d1))


def _extreme(x, axis, largest, shown, keepdims):
    """amax (zero over nothing, as PyTorch's norms give) or amin (an IndexError over nothing) along ``axis``."""
    if x.shape[axis] == 0:
        if not largest:
            raise IndexError(f"amin(): Expected reduction dim {shown} to have non-zero size.")
        shape = list(x.shape)
        shape[axis] = 1
        x = np.zeros(shape if keepdims else shape[:axis % x.ndim] + shape[axis % x.ndim + 1:], x.dtype)
        return x
    return np.max(x, axis=axis, keepdims=keepdims) if largest else np.min(x, axis=axis, keepdims=keepdims)


@with_out(aten=False)
def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """A vector norm (``dim`` an int, or a 1-d input) or a matrix norm (``dim`` a pair, or a 2-d input)."""
    tensor_arg(A, "linalg_norm", "input")
    if dim is not None:
        dims = (dim,) if isinstance(dim, (int, np.integer)) else tuple(dim)
        if ord is None or len(dims) == 1 and not isinstance(ord, str):
            return vector_norm(A, 2 if ord is None else ord, dims, keepdim, dtype=dtype)
        return matrix_norm(A, ord, dims, keepdim, dtype=dtype)
    if ord is None:
        return vector_norm(A, 2, None, keepdim, dtype=dtype)
    ndim = A._data.ndim
    if ndim not in (1, 2):
        raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got "
                           f"{ndim}D.")
    if ndim == 1 and not isinstance(ord, str):
        return vector_norm(A, ord, None, keepdim, dtype=dtype)
    return matrix_norm(A, ord, (-2, -1), keepdim, dtype=dtype)


@with_out(aten=False)
def cond(A, p=None):
    """The condition number of each matrix in the ``p`` norm (2 by default: largest over smallest singular value)."""
    tensor_arg(A, "linalg_cond", "input")
    a = A._data
    if p is not None and p not in _MATRIX_ORDS:
        raise RuntimeError(f"linalg.cond got an invalid norm type: {p}")
    spectral = p is None or p in (2, -2)
    if a.ndim < 2:
        if isinstance(p, str):
            raise RuntimeError(f"linalg.cond(ord={p}): The input tensor A must have at least 2 dimensions.")
        raise RuntimeError("linalg.cond: The input tensor must have at least 2 dimensions.")
    real_dtype = _REAL.get(A._dtype, A._dtype)
    if not a.size:
        return contiguous(np.zeros(a.shape[:-2]), real_dtype)
    if spectral:
        matrix_arg(A, "linalg.svd", low="linalg_svd_cpu", square=False)
        s = singular_values(a)
        with np.errstate(all="ignore"):
            value = s[..., 0] / s[..., -1] if p != -2 else s[..., -1] / s[..., 0]
        if wants_grad(A):  # PyTorch's composition: a ratio of two singular values
            s = svdvals(A)
            k = s.shape[-1]
            first, last = s.narrow(-1, 0, 1), s.narrow(-1, k - 1, 1)
            return (first / last if p != -2 else last / first).squeeze(-1)
        return contiguous(value, real_dtype)
    check_square(a, f"linalg.cond(ord={p if isinstance(p, str) else _format(p)})")
    if p == "nuc":
        matrix_arg(A, "linalg.svd", low="linalg_svd_cpu")
    matrix_arg(A, "linalg.inv")
    if wants_grad(A):
        return _cond_graph(A, p)
    norm_a = _matrix_norm(a, p, a.ndim - 2, a.ndim - 1, False)
    try:
        inverse = np.linalg.inv(a)
    except np.linalg.LinAlgError:
        # singular matrices have an infinite condition number; the others are computed one by one
        value = np.full(a.shape[:-2], np.inf, norm_a.dtype)
        for index in np.ndindex(*a.shape[:-2]):
            try:
                inverse = np.linalg.inv(a[index])
            except np.linalg.LinAlgError:
                continue
            value[index] = norm_a[index] * _matrix_norm(inverse, p, 0, 1, False)
        return contiguous(value, real_dtype)
    return contiguous(norm_a * _matrix_norm(inverse, p, a.ndim - 2, a.ndim - 1, False), real_dtype)


def _cond_graph(A, p):
    """``cond`` as PyTorch composes it for the non-spectral norms: |A| |A^{-1}|, infinite for singular matrices (the
    inverse is masked in place, so, as in PyTorch, only the nuclear norm's composition can be differentiated)."""
    if p == "nuc":
        return svdvals(A).sum(-1) * svdvals(A).reciprocal().sum(-1)
    from .solvers import inv_ex
    inverse, info = inv_ex(A)
    inverse.masked_fill_((info > 0).unsqueeze(-1).unsqueeze(-1), _INF)
    value = matrix_norm(A, p) * matrix_norm(inverse, p)
    return value.nan_to_num(_INF, _INF, -_INF)
