"""Variance and its kin (std, var, std_mean, var_mean), logsumexp, softmax/log_softmax and norm."""
import builtins
import math
import warnings

import numpy as np

from .. import dtypes as _dt
from ..autograd.graph import Node, no_out, record, wants_grad
from ..tensor import Tensor, _wrap
from .common import _CPP_TYPES, not_implemented, result, wrap_dim
from .reduction import _axes, _conj, _contiguous, _count, _is_int, _numpy_spelling, constant, divide, restore
from .reduction import sum as _sum, mean as _mean

_REDUCED = (_dt.float16, _dt.bfloat16)
_MISSING = object()
_VAR_OVERLOADS = (" * (Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False{out})\n"
                  " * (Tensor input, tuple of ints dim = None, *, Number correction = None, bool keepdim = False"
                  "{out2})\n * (Tensor input, bool unbiased = True)\n")


def _compute_dtype(dtype):
    """The NumPy dtype a reduction computes in: float16/bfloat16 in float32, others as they are."""
    return np.float32 if dtype in _REDUCED else dtype._np


def _check_out_dtype(out, dtype):
    """Ops that allocate their result in one dtype refuse an ``out=`` of any other."""
    if out is not None and out._dtype is not dtype:
        raise RuntimeError(f"Expected out tensor to have dtype {_CPP_TYPES[dtype]}, but got "
                           f"{_CPP_TYPES[out._dtype]} instead")


def _keep_all(array, ndim):
    """A reduction over every dim, with keepdim: each dim kept as size 1."""
    return np.reshape(array, (1,) * ndim)


# ---------------------------------------------------------------------------------------------
# std, var, std_mean, var_mean


def _var_arguments(name, input, dim, unbiased, keepdim, correction, out, returns_mean):
    """Resolve PyTorch's three overloads to ``(axes, correction, keepdim)``."""
    got = [a for a in (dim, unbiased, keepdim) if a is not _MISSING]

    def invalid():
        kinds = ", ".join(["Tensor"] + [type(a).__name__ for a in got])
        overloads = _VAR_OVERLOADS.format(out="" if returns_mean else ", *, Tensor out = None",
                                          out2="" if returns_mean else ", Tensor out = None")
        return TypeError(f"{name}() received an invalid combination of arguments - got ({kinds}), but expected one "
                         f"of:\n{overloads}")

    if returns_mean and out is not _MISSING:
        raise invalid()
    if type(dim) is bool:  # the (input, bool unbiased) overload
        if builtins.any(a is not _MISSING for a in (unbiased, keepdim, correction)):
            raise invalid()
        dim, unbiased = None, dim
    if unbiased is not _MISSING and (type(unbiased) is not bool or correction is not _MISSING):
        raise invalid()
    if dim is _MISSING:
        dim = None
    elif dim is not None and not _is_int(dim) and not (isinstance(dim, (tuple, list))
                                                        and builtins.all(_is_int(d) for d in dim)):
        raise invalid()
    keepdim = False if keepdim is _MISSING else keepdim
    if type(keepdim) is not bool:
        raise invalid()
    if correction is _MISSING or correction is None:
        correction = 0 if unbiased is False else 1
    else:
        correction = correction.item() if isinstance(correction, Tensor) else _dt.py_scalar(correction)
        if correction is None:
            raise invalid()
        if type(correction) is complex:
            raise RuntimeError("value cannot be converted to type double without overflow")
    if input._dtype._kind < 2:
        raise RuntimeError(f"{name if returns_mean else 'std and var'} only support floating point and "
                           "complex dtypes")
    return _axes(name, input, dim), correction, keepdim


def _moments(name, input, axes, correction, keepdim):
    """``(variance, mean)`` arrays in the compute precision (float64, complex128 for complex)."""
    data = input._data
    wide = data.astype(np.complex128 if input._dtype._kind == 3 else np.float64, copy=False)
    n = _count(data.shape, axes)
    if data.size == 0:
        n = 0  # PyTorch's factor is the input's numel over the output's
    dof = builtins.max(0, n - correction)
    if dof <= 0:
        warnings.warn(f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than the reduction "
                      "factor (input numel divided by output numel).", UserWarning, stacklevel=3)
    with np.errstate(all="ignore"):
        if n:
            mean = np.add.reduce(wide, axis=axes, keepdims=True) / n
        else:  # the mean of nothing: NaN, and NaN + NaN j for complex, as PyTorch gives
            mean = np.full(_reduced_shape(data.shape, axes, True), np.nan, wide.dtype)
            if wide.dtype.kind == "c":
                mean.imag = np.nan
        deviation = wide - mean
        squares = deviation.real ** 2 + deviation.imag ** 2 if input._dtype._kind == 3 else deviation * deviation
        variance = np.add.reduce(squares, axis=axes, keepdims=keepdim) / np.float64(dof)
    if not keepdim:
        mean = mean.reshape(variance.shape)
    if keepdim and axes is None:
        variance = _keep_all(variance, data.ndim)
    return variance, mean


def _reduced_shape(shape, axes, keepdim):
    """The shape a reduction over ``axes`` (None: all) leaves."""
    axes = range(len(shape)) if axes is None else axes
    return tuple(1 if d in axes else n for d, n in enumerate(shape) if keepdim or d not in axes)


def _real_dtype(input):
    return _dt._TO_REAL.get(input._dtype, input._dtype)


def _var_result(input, variance, out, root):
    """The variance (or its root) rounded to the dtype PyTorch computes in: ``out``'s if given."""
    dtype = _real_dtype(input)
    if out is not None and out._dtype._kind == 3 and input._dtype._kind != 3:
        raise not_implemented("std_cpu", out._dtype)
    with np.errstate(all="ignore"):
        values = np.sqrt(variance) if root else variance
    precision = dtype if out is None else _dt._TO_REAL.get(out._dtype, out._dtype)
    return result(_contiguous(values.astype(_compute_dtype(precision))), dtype, out)


def _variance_op(name, root):
    def op(input, dim=_MISSING, unbiased=_MISSING, keepdim=_MISSING, *, correction=_MISSING, out=None, axis=None,
           keepdims=None):
        dim, keepdim = _numpy_spelling(dim, keepdim, axis, keepdims)
        axes, corr, keep = _var_arguments(name, input, dim, unbiased, keepdim, correction, _MISSING, False)
        variance, _ = _moments(name, input, axes, corr, keep)
        if input._requires_grad and wants_grad(input):
            no_out(name, out)
            node = (StdBackward0 if root else VarBackward0)(axes, corr, keep)
            r = _var_result(input, variance, None, root)
            node.save(*((input, r) if root else (input,)), outputs=(1,) if root else ())
            return record(node, r, (input,))
        return _var_result(input, variance, out, root)

    op.__name__ = name
    op.__doc__ = (f"The {'standard deviation' if root else 'variance'} over ``dim`` (all dims by default), "
                  "dividing by N - ``correction`` (Bessel's correction, 1, by default).")
    return op


def _variance_mean_op(name, root):
    def op(input, dim=_MISSING, unbiased=_MISSING, keepdim=_MISSING, *, correction=_MISSING, out=_MISSING,
           axis=None, keepdims=None):
        dim, keepdim = _numpy_spelling(dim, keepdim, axis, keepdims)
        axes, corr, keep = _var_arguments(name, input, dim, unbiased, keepdim, correction, out, True)
        variance, mean = _moments(name, input, axes, corr, keep)
        if keep and axes is None:
            mean = _keep_all(mean, input._data.ndim)
        mean = result(_contiguous(mean.astype(_compute_dtype(input._dtype))), input._dtype)
        r = _var_result(input, variance, None, root)
        if input._requires_grad and wants_grad(input):
            node = (StdMeanBackward0 if root else VarMeanBackward0)(axes, corr, keep)
            node.save(*((input, r) if root else (input,)), outputs=(1,) if root else ())
            return record(node, (r, mean), (input,))
        return r, mean

    op.__name__ = name
    op.__doc__ = f"``({name[:3]}, mean)`` over ``dim``, as a plain tuple."
    return op


class VarBackward0(Node):
    """``2 / (N - correction) * (input - mean)``, times the gradient (for std divided by twice the result)."""

    def __init__(self, axes, correction, keepdim):
        super().__init__()
        self.axes, self.correction, self.keepdim = axes, correction, keepdim

    def backward(self, grad):
        x, r = (self.saved_tensors + (None,))[:2]
        return _variance_grad(self, grad, x, r),

    def _centred(self, grad, x):
        shape = x._data.shape
        n = 0 if x._data.size == 0 else _count(shape, self.axes)
        dof = n - self.correction
        grad = restore(grad, shape, self.axes, self.keepdim)
        if dof <= 0:  # 2 / dof is infinite: NaN where the deviation is zero (inf * 0), inf elsewhere
            deviation = x._data - _mean(x.detach(), self.axes, True)._data
            return grad * constant(np.where(deviation == 0, np.nan, np.inf), x._dtype)
        return 2.0 / dof * grad * (x - _mean(x, self.axes, True))


def _variance_grad(node, grad, x, r):
    if r is not None:  # std: d sqrt(v) = dv / (2 sqrt(v)), zero where the deviation is zero
        zero = constant(r._data == 0, r._dtype)
        grad = grad / (r * 2 + zero) * (1 - zero)
    return node._centred(grad, x)


class StdBackward0(VarBackward0):
    pass


class VarMeanBackward0(VarBackward0):
    outputs = 2

    def backward(self, gvar, gmean):
        x, r = (self.saved_tensors + (None,))[:2]
        total = None if gvar is None else _variance_grad(self, gvar, x, r)
        if gmean is not None:
            shape = x._data.shape
            part = divide(restore(gmean, shape, self.axes, self.keepdim).expand(shape), _count(shape, self.axes))
            total = part if total is None else total + part
        return total,


class StdMeanBackward0(VarMeanBackward0):
    pass


std = _variance_op("std", True)
var = _variance_op("var", False)
std_mean = _variance_mean_op("std_mean", True)
var_mean = _variance_mean_op("var_mean", False)


# ---------------------------------------------------------------------------------------------
# logsumexp, softmax, log_softmax


def logsumexp(input, dim=_MISSING, keepdim=False, *, out=None, axis=None, keepdims=None):
    """``log(sum(exp(input)))`` over ``dim``, shifted by the maximum so that it cannot overflow."""
    dim, keepdim = _numpy_spelling(dim, keepdim, axis, keepdims)
    if dim is _MISSING:
        raise TypeError('logsumexp() missing 1 required positional arguments: "dim"')
    if dim is None or not _is_int(dim) and not isinstance(dim, (tuple, list)):
        raise TypeError(f"logsumexp(): argument 'dim' (position 2) must be tuple of ints, not {type(dim).__name__}")
    data = input._data
    if isinstance(dim, (tuple, list)) and not dim and data.ndim and data.size and not keepdim:
        raise RuntimeError(f"output with shape [] doesn't match the broadcast shape {[1] * data.ndim}")
    if out is not None and out._dtype._kind < 2:
        raise RuntimeError(f"logsumexp(): Expected floating point type for result tensor, but got: "
                           f"{out._dtype._legacy}")
    dtype = input._dtype if input._dtype._kind >= 2 else _dt.get_default_dtype()
    target = dtype if out is None else out._dtype  # PyTorch sums straight into the result
    axes = _axes("logsumexp", input, dim)
    x = data.astype(_compute_dtype(dtype), copy=False)
    with np.errstate(all="ignore"):
        top = np.maximum.reduce(x.real, axis=axes, keepdims=True, initial=-np.inf)
        top = np.where(np.isinf(top), 0, top)  # inf - inf would be NaN; shifting by zero is exact there
        terms = _rounded(np.exp(_rounded(x - top, dtype)), dtype)  # float16/bfloat16 round each step
        total = _rounded(np.add.reduce(terms.astype(_compute_dtype(target)), axis=axes, keepdims=True), target)
        values = _rounded(_rounded(np.log(total), target) + top, target)
    if not keepdim:
        values = values.reshape(_reduced_shape(data.shape, range(data.ndim) if axes is None else axes, False))
    if input._requires_grad and wants_grad(input):
        no_out("logsumexp", out)
        node = LogsumexpBackward0(axes, keepdim)
        r = result(_contiguous(values), dtype)
        node.save(input, r, outputs=(1,))
        return record(node, r, (input,))
    return result(_contiguous(values), dtype, out)


class LogsumexpBackward0(Node):
    def __init__(self, axes, keepdim):
        super().__init__()
        self.axes, self.keepdim = axes, keepdim

    def backward(self, grad):
        x, r = self.saved_tensors
        shape = x._data.shape
        grad, r = restore(grad, shape, self.axes, self.keepdim), restore(r, shape, self.axes, self.keepdim)
        return grad * _conj((x - r).exp()),


def _rounded(array, dtype):
    """``array`` (computed in float32) rounded to float16/bfloat16 as PyTorch stores each intermediate step."""
    return array.astype(dtype._np).astype(np.float32) if dtype in _REDUCED else array


def _softmax_op(name, log):
    def op(input, dim=_MISSING, dtype=None, *, out=None, axis=None):
        dim = dim if axis is None else axis
        if dim is _MISSING:
            raise TypeError(f'{name}() missing 1 required positional arguments: "dim"')
        if not _is_int(dim):
            raise TypeError(f"{name}(): argument 'dim' (position 2) must be int, not {type(dim).__name__}")
        data = input._data
        d = wrap_dim(dim, data.ndim)
        target = input._dtype if dtype is None else dtype
        _check_out_dtype(out, target)
        if data.size == 0:
            if input._requires_grad and wants_grad(input):
                return _softmax_recorded(log, input, result(np.empty(data.shape, target._np), target), out, d)
            return result(np.empty(data.shape, target._np), target, out)
        if target._kind != 2:
            last = "_lastdim" if d == data.ndim - 1 or not data.ndim else ""
            raise not_implemented(f"{name}{last}_kernel_impl", target)
        x = data.astype(_compute_dtype(target), copy=False)
        axis = d if data.ndim else None
        with np.errstate(all="ignore"):
            shifted = np.asarray(x - np.max(x, axis=axis, keepdims=True))  # 0-d: an array, not a scalar
            if log:  # NumPy's float32 log is off by an ulp where PyTorch's is not: take it in float64
                total = np.add.reduce(np.exp(shifted), axis=axis, keepdims=True)
                shifted -= np.log(total.astype(np.float64)).astype(x.dtype)
            else:
                np.exp(shifted, out=shifted)
                shifted /= np.add.reduce(shifted, axis=axis, keepdims=True)
            values = shifted
        if input._requires_grad and wants_grad(input):
            return _softmax_recorded(log, input, result(_contiguous(values), target), out, d)
        return result(_contiguous(values), target, out)

    op.__name__ = name
    op.__doc__ = (f"{'Log of the n' if log else 'N'}ormalized exponentials along ``dim``, computed in ``dtype`` "
                  "if given.")
    return op


def _softmax_recorded(log, input, r, out, d):
    no_out("log_softmax" if log else "softmax", out)
    node = (LogSoftmaxBackward0 if log else SoftmaxBackward0)(d)
    node.save(r, outputs=(0,))
    return record(node, r, (input,))


class SoftmaxBackward0(Node):
    """``y * (grad - sum(grad * y))`` along the softmax dim, one fused NumPy kernel (recorded itself when building
    a graph of the gradient, as PyTorch's ``_softmax_backward_data``)."""
    data_node = None  # set below

    def __init__(self, d):
        super().__init__()
        self.d = d

    def backward(self, grad):
        (y,) = self.saved_tensors
        g, out = grad._data, y._data
        if y._dtype in _REDUCED:  # PyTorch's kernels compute float16/bfloat16 in float32
            g, out = g.astype(np.float32), out.astype(np.float32)
        axis = self.d if out.ndim else None
        with np.errstate(all="ignore"):
            z = self.kernel(g, out, axis)
        z = _wrap(_contiguous(z.astype(y._dtype._np, copy=False)), y._dtype)
        if wants_grad(grad, y):
            node = self.data_node(self.d)
            node.save(grad, y)
            return record(node, z, (grad, y)),
        return z,

    @staticmethod
    def kernel(g, y, axis):
        return y * (g - np.add.reduce(g * y, axis=axis, keepdims=True))


class LogSoftmaxBackward0(SoftmaxBackward0):
    """``grad - exp(y) * sum(grad)`` along the dim."""

    @staticmethod
    def kernel(g, y, axis):
        return g - np.exp(y) * np.add.reduce(g, axis=axis, keepdims=True)


class SoftmaxBackwardDataBackward0(Node):
    """The derivatives of ``z = y * (g - sum(g * y))`` for ``g`` and ``y``, with Tensor ops."""

    def __init__(self, d):
        super().__init__()
        self.d = d

    def backward(self, v):
        g, y = self.saved_tensors
        vy = _sum(v * y, self.d, True)
        dg = y * (v - vy) if self.needs(0) else None
        dy = v * (g - _sum(g * y, self.d, True)) - g * vy if self.needs(1) else None
        return dg, dy


class LogSoftmaxBackwardDataBackward0(SoftmaxBackwardDataBackward0):
    """The derivatives of ``z = g - exp(y) * sum(g)`` for ``g`` and ``y``."""

    def backward(self, v):
        g, y = self.saved_tensors
        e = y.exp()
        dg = v - _sum(v * e, self.d, True) if self.needs(0) else None
        dy = -v * e * _sum(g, self.d, True) if self.needs(1) else None
        return dg, dy


SoftmaxBackward0.data_node = SoftmaxBackwardDataBackward0
LogSoftmaxBackward0.data_node = LogSoftmaxBackwardDataBackward0


softmax = _softmax_op("softmax", False)
log_softmax = _softmax_op("log_softmax", True)


# ---------------------------------------------------------------------------------------------
# norm


def _check_float_input(kind, input):
    if input._dtype._kind < 2:
        raise RuntimeError(f"linalg.{kind}: Expected a floating point or complex tensor as input. "
                           f"Got {input._dtype._legacy}")


def _norm_dtype(kind, input, dtype):
    """The dtype a vector/matrix norm reduces in (real counterpart for complex), with PyTorch's checks."""
    _check_float_input(kind, input)
    if dtype is None:
        return input._dtype
    if dtype._kind < 2:
        raise RuntimeError(f"linalg.{kind}: dtype should be floating point or complex, but got {dtype._legacy}")
    if (dtype._kind == 3) != (input._dtype._kind == 3):
        which = "complex" if input._dtype._kind == 3 else "real"
        raise RuntimeError(f"linalg.{kind}: dtype should be {which} for {which} inputs, but got {dtype._legacy}")
    return dtype


def norm(input, p="fro", dim=None, keepdim=False, out=None, dtype=None):
    """The vector ``p``-norm over ``dim`` (all dims by default), or the Frobenius or nuclear matrix norm."""
    if isinstance(out, _dt.dtype):  # Tensor.norm(p, dim, keepdim, dtype) has no out= in fourth place
        out, dtype = None, out
    dims = [dim] if _is_int(dim) else dim
    if isinstance(p, str):
        if p == "fro" and (dims is None or len(dims) <= 2):
            return _vector_norm(input, 2, dims, keepdim, dtype, out)
        return _matrix_norm(input, p, list(range(input._data.ndim)) if dims is None else dims, keepdim, dtype, out)
    return _vector_norm(input, 2 if p is None else p, dims, keepdim, dtype, out)


def _vector_norm(input, ord, dims, keepdim, dtype, out):
    if isinstance(ord, Tensor):
        ord = ord.item()
    ord = _dt.py_scalar(ord)
    if type(ord) is complex:
        raise RuntimeError("linalg.vector_norm: Expected a non-complex scalar as the order of norm.")
    if dims is not None and not (isinstance(dims, (tuple, list)) and builtins.all(_is_int(d) for d in dims)):
        raise TypeError(f"linalg_vector_norm(): argument 'dim' (position 3) must be tuple of ints, not "
                        f"{type(dims).__name__}")
    dtype = _dt._TO_REAL.get(_norm_dtype("vector_norm", input, dtype), _norm_dtype("vector_norm", input, dtype))
    if out is not None and wants_grad(input):
        no_out("linalg_vector_norm", out)
    _check_out_dtype(out, dtype)
    data = input._data
    axes = _axes("linalg_vector_norm", input, dims)
    if ord < 0 or ord == np.inf:
        _check_identity(data, dims, ord)
    x = np.abs(data.astype(_dt._TO_COMPLEX[dtype]._np if input._dtype._kind == 3 else _compute_dtype(dtype)))
    x = x.astype(_compute_dtype(dtype), copy=False)
    with np.errstate(all="ignore"):
        if ord == 2:
            values = np.sqrt(np.add.reduce(x * x, axis=axes, keepdims=keepdim))
        elif ord == 1:
            values = np.add.reduce(x, axis=axes, keepdims=keepdim)
        elif ord == np.inf:
            values = np.max(x, axis=axes, keepdims=keepdim)
        elif ord == -np.inf:
            values = np.min(x, axis=axes, keepdims=keepdim)
        elif ord == 0:
            values = np.add.reduce(x != 0, axis=axes, keepdims=keepdim, dtype=x.dtype)
        else:
            power = x.dtype.type(ord)
            values = np.add.reduce(x ** power, axis=axes, keepdims=keepdim) ** (1 / power)
    if keepdim and axes is None:
        values = _keep_all(values, data.ndim)
    if input._requires_grad and wants_grad(input):
        no_out("linalg_vector_norm", out)
        node = LinalgVectorNormBackward0(ord, axes, keepdim)
        r = result(_contiguous(values), dtype)
        node.save(input, r, outputs=(1,))
        return record(node, r, (input,))
    return result(_contiguous(values), dtype, out)


class LinalgVectorNormBackward0(Node):
    """The gradient of a vector p-norm; zero where the norm is zero (and everywhere for p = 0)."""

    def __init__(self, ord, axes, keepdim):
        super().__init__()
        self.ord, self.axes, self.keepdim = ord, axes, keepdim

    def backward(self, grad):
        x, r = self.saved_tensors
        shape, p = x._data.shape, self.ord
        grad, r = restore(grad, shape, self.axes, self.keepdim), restore(r, shape, self.axes, self.keepdim)
        if x._dtype is not r._dtype:  # norm(dtype=...) computes in that dtype
            x = x.to(_dt._TO_COMPLEX[r._dtype] if x._dtype._kind == 3 else r._dtype)
        if p == 0:  # PyTorch sends no gradient at all
            return None,
        sign = x.sgn()  # the derivative of |x|
        if p == 1:
            return sign * grad,
        if math.isinf(p):
            magnitude = np.abs(x._data)
            mask = (magnitude == r._data) | np.isnan(magnitude)
            count = np.add.reduce(mask, axis=self.axes, keepdims=True, dtype=np.int64)
            return sign * (grad / constant(count, grad._dtype) * constant(mask, grad._dtype)),
        zero = constant(r._data == 0, r._dtype)
        if p == 2:
            return x * (grad / (r + zero) * (1 - zero)),
        scale = grad / (r ** (p - 1) + zero) * (1 - zero)
        if p < 1:  # |x| ** (p - 1) is infinite at 0, where the gradient is zero
            at_zero = constant(x._data == 0, r._dtype)
            return sign * ((x.abs() + at_zero) ** (p - 1) * (1 - at_zero)) * scale,
        if p < 2:
            return sign * x.abs() ** (p - 1) * scale,
        return x * x.abs() ** (p - 2) * scale,


def _check_identity(data, dims, ord):
    """The max/min of nothing is undefined: refuse an infinity or negative norm over an empty dim."""
    if data.size:
        return
    if not dims:
        raise RuntimeError(f"linalg.vector_norm cannot compute the {ord:g} norm on an empty tensor because the "
                           "operation does not have an identity")
    for d in dims:
        if data.shape[wrap_dim(d, data.ndim)] == 0:
            raise RuntimeError(f"linalg.vector_norm cannot compute the {ord:g} norm on the dimension {d}because this "
                               "dimension is empty and the operation does not have an identity")


def _matrix_norm(input, ord, dims, keepdim, dtype, out):
    """The nuclear norm (sum of singular values) over two dims; PyTorch's errors for anything else."""
    data = input._data
    if ord not in ("fro", "nuc"):
        raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    if ord == "nuc" and data.ndim < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.")
    _check_float_input("matrix_norm", input)
    if ord == "nuc" and input._dtype in _REDUCED:
        raise RuntimeError(f"linalg.matrix_norm: Low precision dtypes not supported. Got {input._dtype._legacy}")
    if len(dims) != 2:  # the Frobenius norm comes here only for more than two dims
        raise RuntimeError(f"linalg.matrix_norm: dim must be a 2-tuple. Got {' '.join(str(d) for d in dims)}")
    dtype = _norm_dtype("matrix_norm", input, dtype)
    rows, cols = wrap_dim(dims[0], data.ndim), wrap_dim(dims[1], data.ndim)
    if rows == cols:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({dims[0]}, {dims[1]})")
    real = _dt._TO_REAL.get(dtype, dtype)
    _check_out_dtype(out, real)
    matrices = np.moveaxis(data.astype(dtype._np, copy=False), (rows, cols), (-2, -1))
    if matrices.size:
        values = np.linalg.svd(matrices, compute_uv=False).sum(-1)
    else:
        values = np.zeros(matrices.shape[:-2], real._np)
    values = _contiguous(values.astype(real._np, copy=False))
    if keepdim:  # PyTorch gives the two restored dims a stride of one element
        shape, strides = list(values.shape), list(values.strides)
        for d in sorted((rows, cols)):
            shape.insert(d, 1)
            strides.insert(d, values.itemsize)
        values = np.lib.stride_tricks.as_strided(values, shape, strides)
    if ord == "nuc" and input._requires_grad and wants_grad(input):
        no_out("linalg_matrix_norm", out)
        node = SumBackward1((rows, cols), keepdim)
        node.save(input)
        return record(node, result(values, real), (input,))
    return result(values, real, out)


class SumBackward1(Node):
    """The nuclear norm's gradient (PyTorch records it as the sum of the singular values): ``U @ Vh`` of the
    input's reduced SVD, a constant (its own derivative through the SVD is not recorded)."""

    def __init__(self, dims, keepdim):
        super().__init__()
        self.dims, self.keepdim = dims, keepdim

    def backward(self, grad):
        (x,) = self.saved_tensors
        u, _, vh = np.linalg.svd(np.moveaxis(x._data, self.dims, (-2, -1)), full_matrices=False)
        direction = np.moveaxis(u @ vh, (-2, -1), self.dims)
        return restore(grad, x._data.shape, self.dims, self.keepdim) * constant(direction, x._dtype),
