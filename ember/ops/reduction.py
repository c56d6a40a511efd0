"""Reductions: sum, mean, prod, max/min (with indices), argmax/argmin, amax/amin, aminmax, all/any, nansum/nanmean.

std/var, logsumexp, softmax and norm are in ``moments.py``.
"""
import builtins

import numpy as np

from .. import dtypes as _dt
from .. import return_types
from ..autograd import grad_mode as _grad_mode
from ..autograd.graph import Node, no_out, record, wants_grad
from ..tensor import Tensor, _contiguous_strides, _wrap
from .common import _CPP_TYPES, dims_of, not_implemented, result, type_name, wrap_dim

_REDUCED = (_dt.float16, _dt.bfloat16)
_UNSET = object()  # sum()/mean() without a dim record SumBackward0/MeanBackward0, an explicit dim=None the 1 forms
_NO_DIM = " * (*, torch.dtype dtype = None)\n"
_SIGNATURES = {
    "dims": _NO_DIM + " * (tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)\n",
    "dim": _NO_DIM + " * (int dim, bool keepdim = False, *, torch.dtype dtype = None)\n",
}


def _invalid(name, args, signature):
    got = ", ".join(type(a).__name__ for a in args)
    return TypeError(f"{name}() received an invalid combination of arguments - got ({got}), but expected one of:\n"
                     f"{_SIGNATURES[signature]}")


def _is_int(x):
    return isinstance(x, (int, np.integer)) and not isinstance(x, bool)


def _axes(name, input, dim):
    """NumPy axes for ``dim``: an int, a tuple/list of ints (empty for all dims) or None (all dims)."""
    if dim is None:
        return None
    ndim = input._data.ndim
    if type(dim) is int and -ndim <= dim < ndim:  # the common case, without the checks below
        return (dim % ndim,)
    if _is_int(dim):
        dims = (wrap_dim(dim, input._data.ndim),)
    elif isinstance(dim, (tuple, list)) and builtins.all(_is_int(d) for d in dim):
        if not dim:
            return None
        dims = dims_of(dim, input._data.ndim)
    else:
        raise _invalid(name, (dim,), "dims")
    return dims if input._data.ndim else ()


def _contiguous(array):
    """A reduction's result with contiguous strides (size-1 dims included), as PyTorch allocates it."""
    array = np.asarray(array)
    if array.flags.c_contiguous and 1 not in array.shape:  # NumPy's flags overlook the strides of size-1 dims
        return array
    return array if array.strides == _contiguous_strides(array.shape, array.itemsize) else array.copy()


def _cast_for(input, dtype):
    """``input``'s array converted to ``dtype`` for reducing (float16/bfloat16 accumulate in float32)."""
    data = input._data
    if input._dtype._kind == 3 and dtype._kind < 3:
        data = data.real  # PyTorch drops the imaginary part, silently, when a reduction's dtype is real
    if data.dtype != dtype._np:
        data = data.astype(dtype._np)
    return data.astype(np.float32) if dtype in _REDUCED else data


def _numpy_spelling(dim, keepdim, axis, keepdims):
    """``dim``/``keepdim`` from PyTorch's or NumPy's spelling."""
    if axis is not None:
        dim = axis
    return dim, keepdim if keepdims is None else keepdims


def _result_dtype(input, dtype, out):
    """A sum's or product's dtype: the one asked for, else ``out``'s, else the input's (int64 for integers)."""
    if dtype is not None:
        return dtype
    if out is not None:
        return out._dtype
    return _dt.int64 if input._dtype._kind < 2 else input._dtype


def sum(input, dim=_UNSET, keepdim=False, *, dtype=None, out=None, axis=None, keepdims=None):
    """Sum over ``dim`` (all dims by default); integers and bools sum in int64."""
    given = dim is not _UNSET
    if not given:
        dim = None
    if axis is not None or keepdims is not None:
        dim, keepdim = _numpy_spelling(dim, keepdim, axis, keepdims)
        given = True
    axes = _axes("sum", input, dim)
    dtype = _result_dtype(input, dtype, out)
    total = _contiguous(np.add.reduce(_cast_for(input, dtype), axis=_numpy_axis(axes), keepdims=keepdim))
    if input._requires_grad and wants_grad(input):
        no_out("sum", out)
        node = (SumBackward1 if given else SumBackward0)(input._data.shape, axes, keepdim)
        return record(node, _differentiable(result(total, dtype)), (input,))
    if out is None and total.dtype == dtype._np:
        return _wrap(total, dtype)
    return result(total, dtype, out)


def _numpy_axis(axes):
    """One reduced axis as an int: NumPy takes a slower path for a tuple (and for ``dtype=``, which the callers
    avoid by converting first; NumPy's own upcast of small integers and bools changes no result modulo the
    final cast)."""
    return axes[0] if axes is not None and len(axes) == 1 else axes


def mean(input, dim=_UNSET, keepdim=False, *, dtype=None, out=None, axis=None, keepdims=None):
    """Arithmetic mean over ``dim``; needs a floating or complex dtype."""
    given = dim is not _UNSET or axis is not None or keepdims is not None
    if dim is _UNSET:
        dim = None
    dim, keepdim = _numpy_spelling(dim, keepdim, axis, keepdims)
    if dtype is None and input._dtype._kind < 2:
        raise RuntimeError("mean(): could not infer output dtype. Input dtype must be either a floating point or "
                           f"complex dtype. Got: {type_name(input._dtype)}")
    if dtype is not None and dtype._kind < 2:
        raise RuntimeError("mean(): could not infer output dtype. Optional dtype must be either a floating point or "
                           f"complex dtype. Got: {type_name(dtype)}")
    axes = _axes("mean", input, dim)
    dtype = dtype or input._dtype
    data = _cast_for(input, dtype)
    total = np.add.reduce(data, axis=_numpy_axis(axes), keepdims=keepdim)
    average = _contiguous(np.true_divide(total, data.dtype.type(_count(data.shape, axes))))
    if input._requires_grad and wants_grad(input):
        no_out("mean", out)
        node = (MeanBackward1 if given else MeanBackward0)(data.shape, axes, keepdim)
        return record(node, _wrap(average.astype(dtype._np, copy=False), dtype), (input,))
    if out is None and average.dtype == dtype._np:
        return _wrap(average, dtype)
    return result(average, dtype, out)


def _count(shape, axes):
    """How many elements each output of a reduction over ``axes`` combines."""
    n = 1
    for d in (range(len(shape)) if axes is None else axes):
        n *= shape[d]
    return n


def prod(input, dim=None, keepdim=False, *, dtype=None, out=None):
    """Product over one dim (or all); integers and bools multiply in int64."""
    if dim is not None and not _is_int(dim) or dim is None and keepdim:
        raise _invalid("prod", (dim,), "dim")
    axes = None if dim is None else (wrap_dim(dim, input._data.ndim),) if input._data.ndim else ()
    dtype = _result_dtype(input, dtype, out)
    data = _cast_for(input, dtype)
    product = np.multiply.reduce(data, axis=axes, keepdims=keepdim, dtype=data.dtype)
    if input._requires_grad and wants_grad(input):
        no_out("prod", out)
        node = ProdBackward0() if dim is None else ProdBackward1(axes, keepdim)
        r = _differentiable(result(_contiguous(product), dtype))
        node.save(input, r, outputs=(1,))
        return record(node, r, (input,))
    return result(_contiguous(product), dtype, out)


# ---------------------------------------------------------------------------------------------
# Extremes


def _check_nonempty(input, name, dims, error=IndexError):
    """A reduction with no identity needs something to reduce in each reduced dim (``dims`` as the user gave
    them: amax/amin name them so in the error, the others wrapped)."""
    shape = input._data.shape
    if dims is None:
        if input._data.size == 0:
            raise error(f"{name}(): Expected reduction dim to be specified for input.numel() == 0."
                        + (" Specify the reduction dim with the 'dim' argument." if error is RuntimeError else ""))
        return
    for d in dims:
        if input._data.ndim and shape[d] == 0:
            raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")


_ALL = object()  # max()/min() without a dim: an explicit dim=None is an error in PyTorch


def _extreme(name, pick, arg):
    """``max``/``min``: of all elements, along a dim with indices, or elementwise against another tensor."""
    values_type = getattr(return_types, name)
    all_node, dim_node = f"{name.title()}Backward1", f"{name.title()}Backward0"

    def extreme(input, dim=_ALL, keepdim=False, *, out=None):
        if isinstance(dim, Tensor):
            from . import pointwise
            return getattr(pointwise, name + "imum")(input, dim, out=out)
        if dim is _ALL:
            if keepdim:
                raise _invalid(name, (keepdim,), "dim")
            _check_nonempty(input, name, None, RuntimeError)
            if input._dtype._kind == 3:
                raise not_implemented(f"{name}_all", input._dtype)
            if input._requires_grad and wants_grad(input):
                no_out(name, out)
                return _spread_recorded(globals()[all_node](), input, result(pick(input._data), input._dtype))
            return result(pick(input._data), input._dtype, out)
        if not _is_int(dim):
            raise TypeError(f"{name}() received an invalid combination of arguments - got "
                            f"({type(dim).__name__}), but expected one of:\n * ()\n * (Tensor other)\n"
                            f" * (int dim, bool keepdim = False)\n")
        d = wrap_dim(dim, input._data.ndim)
        _check_nonempty(input, name, (d,))
        if input._dtype._kind == 3:
            raise RuntimeError(f"{name}(): does not support complex input")
        indices = _arg_along(input._data, d, keepdim, arg)
        values, indices = _wrap(_take(input._data, indices, d, keepdim), input._dtype), _wrap(indices, _dt.int64)
        if input._requires_grad and wants_grad(input):
            no_out(name, out)
            selected(dim_node, input, _differentiable(values), indices, d, keepdim)
        return values_type(values, indices)

    extreme.__name__ = name
    extreme.__doc__ = f"The {name}imum of all elements, or ``(values, indices)`` along ``dim``."
    return extreme


def _arg_along(data, d, keepdim, arg):
    """Indices of the extremes along axis ``d`` (first occurrence, NaN winning), contiguous int64."""
    if not data.ndim:
        return np.zeros((), np.int64)
    return _contiguous(arg(data, axis=d, keepdims=keepdim).astype(np.int64))


def _take(data, indices, d, keepdim):
    if not data.ndim:
        return data.copy()
    picked = np.take_along_axis(data, indices if keepdim else np.expand_dims(indices, d), d)
    return _contiguous(picked if keepdim else picked.squeeze(d))


max = _extreme("max", np.max, np.argmax)
min = _extreme("min", np.min, np.argmin)


def _arg_extreme(name, arg):
    def arg_extreme(input, dim=None, keepdim=False, *, out=None):
        if dim is not None and not _is_int(dim):
            raise TypeError(f"{name}(): argument 'dim' (position 1) must be int, not {type(dim).__name__}")
        kind = input._dtype._kind
        if kind == 0 or kind == 3:
            raise RuntimeError(f"{name}(): does not support {'bool' if kind == 0 else 'complex'} input")
        data = input._data
        if dim is None:
            _check_nonempty(input, name, None)
            index = np.int64(arg(data.reshape(-1)))
            return result(np.full((1,) * data.ndim, index) if keepdim else index, _dt.int64, out)
        d = wrap_dim(dim, data.ndim)
        _check_nonempty(input, name, (d,))
        return result(_arg_along(data, d, keepdim, arg), _dt.int64, out)

    arg_extreme.__name__ = name
    arg_extreme.__doc__ = f"Index of the first {name[3:]}imum, over all elements or along ``dim``."
    return arg_extreme


argmax = _arg_extreme("argmax", np.argmax)
argmin = _arg_extreme("argmin", np.argmin)


def _amax(name, pick):
    def amax(input, dim=(), keepdim=False, *, out=None):
        given = (dim,) if _is_int(dim) else dim
        if isinstance(given, (tuple, list)) and builtins.all(_is_int(d) for d in given):
            for d in given:
                wrap_dim(d, input._data.ndim)
            # emptiness (named as given) is refused before duplicate dims are
            _check_nonempty(input, name, given or None, RuntimeError)
        axes = _axes(name, input, dim)
        picked = pick(input._data, axis=axes, keepdims=keepdim)
        if input._dtype._kind == 3 and np.size(picked):  # an empty result runs no kernel
            raise not_implemented(f"{name[1:]}_values_cpu", input._dtype)
        if input._requires_grad and wants_grad(input):
            no_out(name, out)
            node = globals()[f"{name.title()}Backward0"](axes, keepdim)
            return _spread_recorded(node, input, result(_contiguous(picked), input._dtype))
        return result(_contiguous(picked), input._dtype, out)

    amax.__name__ = name
    amax.__doc__ = f"The {name[1:]}imum over ``dim`` (all dims by default), values only."
    return amax


amax = _amax("amax", np.max)
amin = _amax("amin", np.min)


def aminmax(input, *, dim=None, keepdim=False, out=None, axis=None, keepdims=None):
    """``(min, max)`` over all elements or along one ``dim``, as ``torch.return_types.aminmax``."""
    dim, keepdim = _numpy_spelling(dim, keepdim, axis, keepdims)
    if dim is not None and not _is_int(dim):
        raise TypeError(f"aminmax(): argument 'dim' must be int, not {type(dim).__name__}")
    data = input._data
    if dim is None:
        if data.size == 0:
            raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the operation has no "
                               "identity.")
        axes = None
    else:
        d = wrap_dim(dim, data.ndim)
        if data.ndim and data.shape[d] == 0:
            raise IndexError(f"aminmax: Expected reduction dim {d} to have non-zero size.")
        axes = (d,) if data.ndim else ()
        if input._dtype._kind == 3 and not data.ndim:
            raise RuntimeError(f"aminmax not implemented for {input._dtype._legacy}")
    if input._dtype._kind == 3:
        raise not_implemented("aminmax_cpu", input._dtype)
    low = _contiguous(np.min(data, axis=axes, keepdims=keepdim))
    high = _contiguous(np.max(data, axis=axes, keepdims=keepdim))
    if keepdim and dim is None:  # keepdim over all dims keeps every dim as size 1
        low, high = low.reshape((1,) * data.ndim), high.reshape((1,) * data.ndim)
    if out is not None:
        if wants_grad(input):
            no_out("aminmax", out)
        return _AMINMAX_OUT(result(low, input._dtype, out[0]), result(high, input._dtype, out[1]))
    if input._requires_grad and wants_grad(input):
        node = AminmaxBackward0(axes, keepdim)
        low, high = _differentiable(_wrap(low, input._dtype)), _wrap(high, input._dtype)
        node.save(input, low, high, outputs=(1, 2))
        return _AMINMAX(*record(node, (low, high), (input,)))
    return _AMINMAX(_wrap(low, input._dtype), _wrap(high, input._dtype))


_AMINMAX = return_types.named("aminmax", ("min", "max"))
_AMINMAX_OUT = return_types.named("aminmax_out", ("min", "max"))


# ---------------------------------------------------------------------------------------------
# all, any


def _logical(name, ufunc):
    """``all``/``any``: bool results (uint8 for uint8 input); an empty tuple of dims reduces nothing."""

    def reduce(input, dim=None, keepdim=False, *, out=None, axis=None, keepdims=None):
        dim, keepdim = _numpy_spelling(dim, keepdim, axis, keepdims)
        data = input._data
        if dim is None:
            axes = None
        elif _is_int(dim):
            axes = (wrap_dim(dim, data.ndim),) if data.ndim else ()
        elif isinstance(dim, (tuple, list)) and builtins.all(_is_int(d) for d in dim) and type(keepdim) is bool:
            axes = _axes(name, input, dim) if dim else ()  # no dims: each element on its own
        else:
            raise TypeError(f"{name}() received an invalid combination of arguments - got "
                            f"({', '.join(type(a).__name__ for a in (dim, keepdim))}), but expected one of:\n"
                            " * (Tensor input, *, Tensor out = None)\n"
                            " * (Tensor input, tuple of ints dim = None, bool keepdim = False, *, Tensor out = None)\n"
                            " * (Tensor input, int dim, bool keepdim = False, *, Tensor out = None)\n")
        dtype = _dt.uint8 if input._dtype is _dt.uint8 else _dt.bool
        if out is not None and out._dtype is not _dt.bool and out._dtype is not _dt.uint8:
            raise RuntimeError(f"{name} only supports bool tensor for result, got: {out._dtype._legacy}")
        if data.dtype != np.bool_:
            data = data != 0  # NaN counts as true, as any nonzero does
        picked = ufunc.reduce(data, axis=axes, keepdims=keepdim)
        if keepdim and axes is None:
            picked = np.reshape(picked, (1,) * data.ndim)
        if out is not None and out._dtype is not dtype:  # bool and uint8 results convert into each other freely
            picked, dtype = picked.astype(out._dtype._np), out._dtype
        return result(_contiguous(picked), dtype, out)

    reduce.__name__ = name
    reduce.__doc__ = f"Whether {name} elements are true (nonzero) over ``dim``, all dims by default."
    return reduce


all = _logical("all", np.logical_and)
any = _logical("any", np.logical_or)


# ---------------------------------------------------------------------------------------------
# nansum, nanmean


def nansum(input, dim=None, keepdim=False, *, dtype=None, out=None, axis=None, keepdims=None):
    """Sum over ``dim`` with NaNs counted as zero; integers and bools sum as :func:`sum` does."""
    dim, keepdim = _numpy_spelling(dim, keepdim, axis, keepdims)
    if dim is not None and not _is_int(dim) and not isinstance(dim, (tuple, list)):
        raise TypeError(f"nansum(): argument 'dim' (position 2) must be tuple of ints, not {type(dim).__name__}")
    kind = input._dtype._kind
    _axes("nansum", input, dim)  # bad dims are refused first
    if kind == 3:
        raise RuntimeError("nansum on CPU does not support complex inputs")
    if kind >= 2 and dtype is not None and out is not None and dtype is not out._dtype:
        raise RuntimeError(f"nansum: provided dtype must match dtype of result. Got {out._dtype._legacy} and "
                           f"{dtype._legacy}.")
    if kind < 2 or dtype is not None and dtype._kind < 2:  # nothing can be NaN
        if dtype is not None and out is not None and dtype is not out._dtype:
            raise RuntimeError(f"Expected out tensor to have dtype {_CPP_TYPES[dtype]}, but got "
                               f"{_CPP_TYPES[out._dtype]} instead")
        return sum(input, dim, keepdim, dtype=dtype, out=out)
    target = _result_dtype(input, dtype, out)
    if target._kind != 2:
        raise not_implemented("nansum_cpu", target)
    axes = _axes("nansum", input, dim)
    if input._requires_grad and wants_grad(input):
        no_out("nansum", out)
        node = NansumBackward0(input._data.shape, axes, keepdim)
        node.save(input)
        return record(node, result(_nansum(input, axes, keepdim, target), target), (input,))
    return result(_nansum(input, axes, keepdim, target), target, out)


def _nansum(input, axes, keepdim, dtype):
    data = _cast_for(input, dtype)
    data = np.where(np.isnan(data), data.dtype.type(0), data)
    return _contiguous(np.add.reduce(data, axis=axes, keepdims=keepdim, dtype=data.dtype))


def nanmean(input, dim=None, keepdim=False, *, dtype=None, out=None, axis=None, keepdims=None):
    """Mean over ``dim`` of the elements that are not NaN (NaN where there are none)."""
    dim, keepdim = _numpy_spelling(dim, keepdim, axis, keepdims)
    if dim is not None and not _is_int(dim) and not isinstance(dim, (tuple, list)):
        raise TypeError(f"nanmean(): argument 'dim' (position 2) must be tuple of ints, not {type(dim).__name__}")
    if input._dtype._kind < 2 and out is not None:
        raise RuntimeError("nanmean(): integral types and 'Bool' are not supported for nanmean, even for empty "
                           "tensors.")
    if input._dtype._kind < 2:
        raise RuntimeError("nanmean(): expected input to have floating point or complex dtype but got "
                           f"{input._dtype._legacy}")
    if dtype is not None and dtype._kind < 2:
        raise RuntimeError("nanmean(): could not infer output dtype. Optional dtype must be either a floating point "
                           f"or complex dtype. Got: {dtype._legacy}")
    axes = _axes("nanmean", input, dim)
    if input._dtype._kind == 3:
        raise RuntimeError("nansum on CPU does not support complex inputs")
    if dtype is not None and out is not None and dtype is not out._dtype:
        raise RuntimeError(f"nansum: provided dtype must match dtype of result. Got {out._dtype._legacy} and "
                           f"{dtype._legacy}.")
    target = _result_dtype(input, dtype, out)
    if target._kind != 2:
        raise not_implemented("nansum_cpu", target)
    count = np.add.reduce(~np.isnan(input._data), axis=axes, keepdims=keepdim, dtype=np.int64)
    if input._requires_grad and wants_grad(input):  # PyTorch records nansum and a division
        no_out("nansum", out)
        return nansum(input, dim, keepdim, dtype=dtype) / constant(_contiguous(count), target)
    total = _nansum(input, axes, keepdim, target)
    return result(_contiguous(np.true_divide(total, count.astype(total.dtype))), target, out)


# ---------------------------------------------------------------------------------------------
# Gradients (the formulas use Tensor ops, so that they can be differentiated again)


def _differentiable(t):
    """``t`` as a result that will record history: integer and bool results cannot."""
    if t._dtype._kind < 2:
        raise RuntimeError(f"Autograd not support dtype: {t._dtype._legacy}")
    return t


def restore(grad, shape, axes, keepdim):
    """A reduction's gradient (or result) with the reduced ``axes`` back as size-1 dims (None: all of them)."""
    if keepdim or not shape:
        return grad
    if axes is None:
        return grad.reshape((1,) * len(shape))
    for d in sorted(axes):
        grad = grad.unsqueeze(d)
    return grad


def constant(array, dtype):
    """A NumPy mask or count as a tensor of ``dtype`` (a constant of the backward formula)."""
    return _wrap(np.asarray(array).astype(dtype._np), dtype)


def _conj(t):
    return t.conj() if t._dtype._kind == 3 else t


class SumBackward0(Node):
    def __init__(self, shape, axes, keepdim):
        super().__init__()
        self.shape, self.axes, self.keepdim = shape, axes, keepdim

    def backward(self, grad):
        return restore(grad, self.shape, self.axes, self.keepdim).expand(self.shape),


class SumBackward1(SumBackward0):
    pass


class MeanBackward0(SumBackward0):
    def backward(self, grad):
        return divide(restore(grad, self.shape, self.axes, self.keepdim).expand(self.shape),
                      _count(self.shape, self.axes)),


def divide(t, n):
    """``t / n`` for a Python number ``n``, recorded as PyTorch's tensor-by-scalar division (DivBackward1)."""
    with np.errstate(all="ignore"):
        r = _wrap(_contiguous(np.true_divide(t._data, t._data.dtype.type(n))), t._dtype)
    if t._requires_grad and _grad_mode._state.enabled:
        return record(DivBackward1(n), r, (t,))
    return r


class DivBackward1(Node):
    def __init__(self, n):
        super().__init__()
        self.n = n

    def backward(self, grad):
        return divide(grad, self.n),


class MeanBackward1(MeanBackward0):
    pass


class ProdBackward0(Node):
    """The product of the other elements: ``result / input`` without zeros, else products that leave each out."""
    axes, keepdim = None, False

    def backward(self, grad):
        x, r = self.saved_tensors
        shape = x._data.shape
        if not shape:
            return grad,
        grad, r = restore(grad, shape, self.axes, self.keepdim), restore(r, shape, self.axes, self.keepdim)
        if not np.any(x._data == 0):
            return grad * _conj(r / x),
        if self.axes is None:
            return (grad * _conj(_others(x.reshape(-1), 0).reshape(shape))),
        return grad * _conj(_others(x, self.axes[0])),


class ProdBackward1(ProdBackward0):
    def __init__(self, axes, keepdim):
        super().__init__()
        self.axes, self.keepdim = axes, keepdim


def _others(x, d):
    """For each element, the product of the others along dim ``d`` (exact with zeros)."""
    n = x._data.shape[d]
    if n == 0:
        return x
    if not _grad_mode._state.enabled:  # the products before and after each element, in O(n)
        data = np.moveaxis(x._data, d, -1)
        ones = np.ones(data.shape[:-1] + (1,), data.dtype)
        before = np.cumprod(np.concatenate([ones, data[..., :-1]], -1), -1)
        after = np.flip(np.cumprod(np.concatenate([ones, np.flip(data[..., 1:], -1)], -1), -1), -1)
        return _wrap(np.ascontiguousarray(np.moveaxis(before * after, -1, d)), x._dtype)
    # differentiable again: each row repeated with a one in place of the element left out, then multiplied out
    eye = np.eye(n, dtype=bool).reshape((n, n) + (1,) * (x._data.ndim - d - 1))
    rows = x.unsqueeze(d) * constant(~eye, x._dtype) + constant(eye, x._dtype)
    return prod(rows, d + 1)


def extremes_mask(x, r, axes, keepdim):
    """Where ``x`` equals its reduced extreme ``r`` (NaN matching NaN), as a mask of ``x``'s shape."""
    data, value = x._data, restore(r, x._data.shape, axes, keepdim)._data
    mask = data == value
    if data.dtype.kind in "fc":
        mask |= np.isnan(data) & np.isnan(value)
    return mask


class _Spread(Node):
    """max()/min()/amax()/amin(): the gradient split evenly among the elements equal to the extreme."""

    def __init__(self, axes=None, keepdim=False):
        super().__init__()
        self.axes, self.keepdim = axes, keepdim

    def backward(self, grad):
        x, r = self.saved_tensors
        return _spread(grad, x, r, self.axes, self.keepdim),


def _spread(grad, x, r, axes, keepdim):
    shape = x._data.shape
    mask = extremes_mask(x, r, axes, keepdim)
    count = np.add.reduce(mask, axis=axes, keepdims=True, dtype=np.int64)
    return restore(grad, shape, axes, keepdim) / constant(count, grad._dtype) * constant(mask, grad._dtype)


MaxBackward1 = type("MaxBackward1", (_Spread,), {})
MinBackward1 = type("MinBackward1", (_Spread,), {})
AmaxBackward0 = type("AmaxBackward0", (_Spread,), {})
AminBackward0 = type("AminBackward0", (_Spread,), {})


def _spread_recorded(node, input, r):
    node.save(input, r, outputs=(1,))
    return record(node, _differentiable(r), (input,))


class AminmaxBackward0(_Spread):
    outputs = 2

    def backward(self, gmin, gmax):
        x, low, high = self.saved_tensors
        parts = [_spread(g, x, r, self.axes, self.keepdim) for g, r in ((gmin, low), (gmax, high)) if g is not None]
        return (parts[0] if len(parts) == 1 else parts[0] + parts[1]),


class NansumBackward0(SumBackward0):
    def backward(self, grad):
        (x,) = self.saved_tensors
        return restore(grad, self.shape, self.axes, self.keepdim) * constant(~np.isnan(x._data), grad._dtype),


def put_along(grad, indices, d, shape):
    """``grad`` placed at ``indices`` along dim ``d`` of zeros of ``shape`` (the gradient of a selection)."""
    if not shape:
        return grad.reshape(())
    out = np.zeros(shape, grad._data.dtype)
    np.put_along_axis(out, indices, grad._data, d)
    t = _wrap(out, grad._dtype)
    if grad._requires_grad and _grad_mode._state.enabled:
        return record(ScatterBackward0(indices, d), t, (grad,))
    return t


def take_along(grad, indices, d):
    """The elements of ``grad`` at ``indices`` along dim ``d`` (the gradient of :func:`put_along`)."""
    t = _wrap(_contiguous(np.take_along_axis(grad._data, indices, d)), grad._dtype)
    if grad._requires_grad and _grad_mode._state.enabled:
        return record(GatherBackward0(indices, d), t, (grad,))
    return t


class ScatterBackward0(Node):
    def __init__(self, indices, d):
        super().__init__()
        self.indices, self.d = indices, d

    def backward(self, grad):
        return take_along(grad, self.indices, self.d),


class GatherBackward0(ScatterBackward0):
    def backward(self, grad):
        return put_along(grad, self.indices, self.d, self._input_meta[0][0]),


class _Selected(Node):
    """max/min along a dim, sort, topk, kthvalue: the gradient goes back to the index each value came from."""

    def __init__(self, indices, d, keepdim):
        super().__init__()
        self.indices, self.d, self.keepdim = indices, d, keepdim

    def backward(self, grad):
        shape = self._input_meta[0][0]
        indices = self.indices
        if not self.keepdim and shape:
            grad, indices = grad.unsqueeze(self.d), np.expand_dims(indices, self.d)
        return put_along(grad, indices, self.d, shape),


def selected(name, input, values, indices, d, keepdim=True):
    """``values`` picked from ``input`` at ``indices`` along ``d``, recorded as the node PyTorch names ``name``."""
    node = _SELECTED[name](indices._data, d, keepdim)
    return record(node, values, (input,))


_SELECTED = {name: type(name, (_Selected,), {}) for name in
             ("MaxBackward0", "MinBackward0", "SortBackward0", "SortBackward1", "TopkBackward0",
              "KthvalueBackward0")}


# the moments live in their own module; the Tensor methods find them here with the other reductions
from . import moments as _moments  # noqa: E402
std, var, std_mean, var_mean = _moments.std, _moments.var, _moments.std_mean, _moments.var_mean
logsumexp, softmax, log_softmax, norm = _moments.logsumexp, _moments.softmax, _moments.log_softmax, _moments.norm
