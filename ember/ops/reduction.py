"""Reductions: sum, mean, prod, max/min (with indices), argmax/argmin, amax/amin."""
import numpy as np

from .. import dtypes as _dt
from .. import return_types
from ..tensor import Tensor
from .common import dims_of, result, type_name, wrap_dim

_REDUCED = (_dt.float16, _dt.bfloat16)


def _dim_arg(dim, axis):
    """``dim`` or its NumPy spelling ``axis``; an empty list means every dim, as in PyTorch."""
    if axis is not None:
        dim = axis
    if isinstance(dim, (list, tuple)) and len(dim) == 0:
        return None
    return dim


def _axes(input, dim):
    n = input._data.ndim
    if dim is None:
        return None
    dims = dims_of(dim, n)
    return dims if n else ()


def _accumulate(input, dtype):
    """The array to reduce, in the dtype PyTorch accumulates ``input`` in for a sum-like reduction."""
    data = input._data
    if dtype in _REDUCED:
        return data.astype(np.float32)
    if data.dtype != dtype._np:
        return data.astype(dtype._np)
    return data


def sum(input, dim=None, keepdim=False, *, dtype=None, out=None, axis=None, keepdims=None):
    """Sum over ``dim`` (all dims by default); integers and bools sum in int64."""
    dim = _dim_arg(dim, axis)
    keepdim = keepdims if keepdims is not None else keepdim
    if dtype is None:
        dtype = _dt.int64 if input._dtype._kind <= 1 else input._dtype
    axes = _axes(input, dim)
    return result(np.sum(_accumulate(input, dtype), axis=axes, keepdims=keepdim), dtype, out)


def mean(input, dim=None, keepdim=False, *, dtype=None, out=None, axis=None, keepdims=None):
    """Arithmetic mean over ``dim``; needs a floating or complex dtype."""
    dim = _dim_arg(dim, axis)
    keepdim = keepdims if keepdims is not None else keepdim
    target = dtype or input._dtype
    if target._kind <= 1:
        raise RuntimeError("mean(): could not infer output dtype. Input dtype must be either a floating point or "
                           f"complex dtype. Got: {type_name(target)}")
    axes = _axes(input, dim)
    with np.errstate(invalid="ignore", divide="ignore"):
        return result(np.mean(_accumulate(input, target), axis=axes, keepdims=keepdim), target, out)


def prod(input, dim=None, keepdim=False, *, dtype=None, out=None):
    """Product over one dim (or all); integers and bools multiply in int64."""
    if dtype is None:
        dtype = _dt.int64 if input._dtype._kind <= 1 else input._dtype
    axes = None if dim is None else (wrap_dim(dim, input._data.ndim),) if input._data.ndim else ()
    return result(np.prod(_accumulate(input, dtype), axis=axes, keepdims=keepdim), dtype, out)


# ---------------------------------------------------------------------------------------------
# Extremes


def _check_nonempty(input, name, d=None):
    if d is None:
        if input._data.size == 0:
            raise RuntimeError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0. Specify "
                               "the reduction dim with the 'dim' argument.")
    elif input._data.ndim and input._data.shape[d] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")


def _check_orderable(input, name):
    if input._dtype.is_complex:
        raise RuntimeError(f'"{name}_all" not implemented for \'{type_name(input._dtype)}\'')


def _extreme(name, pick, arg):
    values_type = getattr(return_types, name)

    def extreme(input, dim=None, keepdim=False, *, out=None):
        if isinstance(dim, Tensor):  # the binary form: max(input, other)
            from .pointwise import maximum, minimum
            return (maximum if name == "max" else minimum)(input, dim, out=out)
        _check_orderable(input, name)
        data = input._data
        if dim is None:
            _check_nonempty(input, name)
            return result(pick(data), input._dtype, out)
        d = wrap_dim(dim, data.ndim)
        _check_nonempty(input, name, d)
        if not data.ndim:
            return values_type(result(data.copy(), input._dtype), result(np.int64(0), _dt.int64))
        indices = arg(data, axis=d, keepdims=keepdim)
        values = np.take_along_axis(data, indices if keepdim else np.expand_dims(indices, d), d)
        if not keepdim:
            values = values.squeeze(d)
        return values_type(result(values, input._dtype), result(indices, _dt.int64))

    extreme.__name__ = name
    extreme.__doc__ = f"The {name}imum of all elements, or ``(values, indices)`` along ``dim``."
    return extreme


max = _extreme("max", np.max, np.argmax)
min = _extreme("min", np.min, np.argmin)


def _arg_extreme(name, arg):
    def arg_extreme(input, dim=None, keepdim=False, *, out=None):
        _check_orderable(input, name)
        data = input._data
        if dim is None:
            if data.size == 0:
                raise IndexError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0.")
            index = arg(data.reshape(-1))
            if keepdim:
                return result(np.full((1,) * data.ndim, index, np.int64), _dt.int64, out)
            return result(np.int64(index), _dt.int64, out)
        d = wrap_dim(dim, data.ndim)
        _check_nonempty(input, name, d)
        if not data.ndim:
            return result(np.int64(0), _dt.int64, out)
        return result(arg(data, axis=d, keepdims=keepdim), _dt.int64, out)

    arg_extreme.__name__ = name
    arg_extreme.__doc__ = f"Index of the first {name[3:]}imum, over all elements or along ``dim``."
    return arg_extreme


argmax = _arg_extreme("argmax", np.argmax)
argmin = _arg_extreme("argmin", np.argmin)


def _amax(name, pick):
    def amax(input, dim=(), keepdim=False, *, out=None):
        _check_orderable(input, name)
        axes = _axes(input, _dim_arg(dim, None))
        if input._data.size == 0:
            for d in (range(input._data.ndim) if axes is None else axes):
                if input._data.shape[d] == 0:
                    raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
            if axes is None:
                raise RuntimeError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0.")
        return result(pick(input._data, axis=axes, keepdims=keepdim), input._dtype, out)

    amax.__name__ = name
    amax.__doc__ = f"The {name[1:]}imum over ``dim`` (all dims by default), values only."
    return amax


amax = _amax("amax", np.max)
amin = _amax("amin", np.min)
