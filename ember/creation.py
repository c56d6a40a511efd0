"""Tensor creation: from data (tensor, as_tensor, from_numpy) and the factory functions (zeros, arange, ...)."""
import builtins
import numbers
import warnings

import numpy as np

from . import dtypes as _dt
from .device import as_device, cpu
from .tensor import Tensor, _wrap, _contiguous_strides

_Tensor = Tensor


# ---------------------------------------------------------------------------------------------
# Argument helpers shared by the factories


def parse_size(args, name, size=None):
    """The shape from ``f(2, 3)``, ``f((2, 3))``, ``f([2, 3])`` or ``f(size=(2, 3))``."""
    if size is not None:
        args = (size,)
    if len(args) == 1 and not isinstance(args[0], (int, np.integer, Tensor)):
        args = args[0]
        if isinstance(args, (int, np.integer)):
            args = (args,)
    shape = []
    for s in args:
        if isinstance(s, bool) or not isinstance(s, (int, np.integer, Tensor)):
            raise TypeError(f"{name}(): argument 'size' (position 1) must be tuple of ints, but found element of "
                            f"type {type(s).__name__} at pos {len(shape)}")
        s = int(s)
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(map(int, args))}")
        shape.append(s)
    return tuple(shape)


def finish(array, dtype, device, requires_grad):
    """Wrap a freshly made array as a tensor, checking the device and the requires_grad request."""
    device = as_device(device)
    t = _wrap(array, dtype)
    if requires_grad:
        if not (t._dtype.is_floating_point or t._dtype.is_complex):
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        t._requires_grad = True
    return t


def _filled(shape, value, dtype):
    array = np.empty(shape, dtype._np)
    array.fill(value)
    return array


# ---------------------------------------------------------------------------------------------
# From data


def _leaf_dtype(x):
    """The dtype PyTorch infers for one scalar element of the data."""
    if isinstance(x, Tensor):
        return x._dtype
    if isinstance(x, np.ndarray):
        return _dt.from_numpy_dtype(x.dtype)
    if isinstance(x, np.generic):
        return _dt.from_numpy_dtype(x.dtype)
    if isinstance(x, bool):
        return _dt.bool
    if isinstance(x, numbers.Integral):
        return _dt.int64
    if isinstance(x, numbers.Real):
        return _dt.get_default_dtype()
    if isinstance(x, numbers.Complex):
        return _dt._default_complex()
    raise TypeError(f"new(): invalid data type '{type(x).__name__}'")


def _scan(data, depth, shape, dtypes):
    """Walk nested sequences checking they are rectangular; collect each scalar's inferred dtype."""
    if isinstance(data, (list, tuple, range)) or (isinstance(data, Tensor) and data._data.ndim):
        n = len(data)
        if depth == len(shape):
            shape.append(n)
        elif shape[depth] != n:
            raise ValueError(f"expected sequence of length {shape[depth]} at dim {depth} (got {n})")
        for item in data:
            _scan(item, depth + 1, shape, dtypes)
        return
    if isinstance(data, str):
        raise ValueError(f"too many dimensions 'str'")
    if depth != len(shape):
        raise TypeError("not a sequence")
    dtypes.add(_leaf_dtype(data))


def _from_sequence(data, dtype):
    shape, found = [], set()
    _scan(data, 0, shape, found)
    if dtype is None:
        for d in found:
            dtype = d if dtype is None else _dt.promote_types(dtype, d)
        if dtype is None:
            dtype = _dt.get_default_dtype()
    if dtype is _dt.bfloat16 or dtype is _dt.float16:
        values = np.array(_plain(data), np.float64 if not any(d.is_complex for d in found) else np.complex128)
    else:
        values = np.array(_plain(data))
    if values.dtype == object:
        raise ValueError("Overflow when unpacking long long")
    values = values.reshape(shape)
    return _convert(values, dtype), dtype


def _plain(data):
    """Nested Python lists with tensors and NumPy scalars replaced by their Python values."""
    if isinstance(data, (list, tuple, range)):
        return [_plain(x) for x in data]
    if isinstance(data, Tensor):
        return data.tolist()
    return data


def _convert(values, dtype):
    """Cast data values to ``dtype``, refusing out-of-range values for integer targets as PyTorch does."""
    if dtype._kind == 1 and values.dtype.kind in "fiu" and values.size:
        info = np.iinfo(dtype._np)
        if values.dtype.kind == "f" and not np.isfinite(values).all():
            raise RuntimeError(f"value cannot be converted to type {dtype._name} without overflow")
        if values.min() < info.min or values.max() > info.max:
            raise RuntimeError(f"value cannot be converted to type {dtype._name} without overflow")
    return np.array(values, dtype._np)


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """A new tensor holding a copy of ``data`` (nested sequences, NumPy arrays, scalars or tensors)."""
    if isinstance(data, Tensor):
        warnings.warn("To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() "
                      "or sourceTensor.detach().clone().requires_grad_(True), rather than "
                      "torch.tensor(sourceTensor).", UserWarning, stacklevel=2)
        array = data._data.astype(data._dtype._np if dtype is None else dtype._np, copy=True)
        return finish(array, dtype or data._dtype, device, requires_grad)
    if isinstance(data, np.ndarray):
        _check_numpy(data)
        source = _dt.from_numpy_dtype(data.dtype)
        return finish(np.array(data, (dtype or source)._np, order="C"), dtype or source, device, requires_grad)
    if isinstance(data, np.generic):
        source = _dt.from_numpy_dtype(data.dtype)
        return finish(np.array(data, (dtype or source)._np), dtype or source, device, requires_grad)
    if hasattr(data, "__array_interface__") or hasattr(data, "__array__") and not isinstance(data, (list, tuple)):
        return tensor(np.asarray(data), dtype=dtype, device=device, requires_grad=requires_grad)
    array, dtype = _from_sequence(data, dtype)
    return finish(array, dtype, device, requires_grad)


def _check_numpy(array):
    if any(s < 0 for s in array.strides):
        raise ValueError("At least one stride in the given numpy array is negative, and tensors with negative "
                         "strides are not currently supported. (You can probably work around this by making a "
                         "copy of your array  with array.copy().) ")
    _dt.from_numpy_dtype(array.dtype)


def from_numpy(ndarray):
    """A tensor sharing memory with a NumPy array."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    _check_numpy(ndarray)
    if not ndarray.flags.writeable:
        warnings.warn("The given NumPy array is not writable, and PyTorch does not support non-writable tensors. "
                      "This means writing to this tensor will result in undefined behavior. You may want to copy "
                      "the array to protect its data or make it writable before converting it to a tensor. This "
                      "type of warning will be suppressed for the rest of this program.", UserWarning, stacklevel=2)
    array = ndarray
    if not array.size and array.ndim:
        array = np.ndarray(array.shape, array.dtype, np.empty(0, np.uint8), 0,
                           tuple(s if s else 1 for s in array.strides))
    return _wrap(array.view(), _dt.from_numpy_dtype(ndarray.dtype))


def as_tensor(data, dtype=None, device=None):
    """``data`` as a tensor, sharing memory with it when it is already a tensor or array of that dtype."""
    if isinstance(data, Tensor):
        if dtype is None or dtype is data._dtype:
            return data
        return data.to(dtype)
    if isinstance(data, np.ndarray):
        _check_numpy(data)
        t = from_numpy(data)
        return t if dtype is None or dtype is t._dtype else t.to(dtype)
    return tensor(data, dtype=dtype, device=device)


def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=False):
    """Like ``as_tensor``, with ``copy=`` forcing or forbidding a copy."""
    if copy:
        t = tensor(obj._data if isinstance(obj, Tensor) else obj, dtype=dtype, device=device)
    else:
        t = as_tensor(obj, dtype=dtype, device=device)
        if copy is False and isinstance(obj, (Tensor, np.ndarray)) and dtype not in (None, t._dtype):
            raise ValueError("can't alias tensor of a different dtype without copy")
    if requires_grad:
        t.requires_grad_(True)
    return t


def from_dlpack(ext_tensor):
    """A tensor sharing memory with any object that speaks DLPack."""
    if isinstance(ext_tensor, Tensor):
        return ext_tensor
    return from_numpy(np.from_dlpack(ext_tensor))


def _rebuild(array, dtype, requires_grad):
    t = _wrap(array, dtype)
    t._requires_grad = requires_grad
    return t


def legacy_new(cls, dtype, args, kwargs):
    """``torch.Tensor(...)`` and ``torch.FloatTensor(...)``: a shape, a sequence, or nothing."""
    device = kwargs.pop("device", None)
    if kwargs:
        raise TypeError(f"new() received an invalid combination of arguments")
    if len(args) == 1 and isinstance(args[0], Tensor):
        t = args[0]
        if t._dtype is not dtype:
            raise TypeError(f"expected {dtype._legacy} (got {t._dtype._legacy})")
        return t.detach()
    if len(args) == 1 and not isinstance(args[0], (int, np.integer)) and not isinstance(args[0], Tensor):
        data = args[0]
        if isinstance(data, np.ndarray):
            return finish(data.astype(dtype._np), dtype, device, False)
        array, _ = _from_sequence(data, dtype)
        return finish(array, dtype, device, False)
    shape = parse_size(args, "new")
    return finish(np.zeros(shape, dtype._np), dtype, device, False)


# ---------------------------------------------------------------------------------------------
# Factories


def _factory_dtype(dtype):
    return _dt.get_default_dtype() if dtype is None else dtype


def _out(out, array, dtype):
    """Write a factory result into ``out=`` (resizing it) and return it."""
    from .ops.shape import set_data
    set_data(out, array.astype(out._dtype._np if dtype is None else dtype._np))
    return out


def zeros(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """A tensor filled with 0."""
    shape = parse_size(size, "zeros")
    d = _factory_dtype(dtype if out is None or dtype is not None else out._dtype)
    if out is not None:
        return _out(out, np.zeros(shape, d._np), d)
    return finish(np.zeros(shape, d._np), d, device, requires_grad)


def ones(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """A tensor filled with 1."""
    shape = parse_size(size, "ones")
    d = _factory_dtype(dtype if out is None or dtype is not None else out._dtype)
    if out is not None:
        return _out(out, np.ones(shape, d._np), d)
    return finish(np.ones(shape, d._np), d, device, requires_grad)


def empty(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False,
          memory_format=None):
    """An uninitialised tensor (Ember fills it with zeros)."""
    shape = parse_size(size, "empty")
    d = _factory_dtype(dtype if out is None or dtype is not None else out._dtype)
    if out is not None:
        return _out(out, np.zeros(shape, d._np), d)
    return finish(np.zeros(shape, d._np), d, device, requires_grad)


def full(size, fill_value, *, out=None, dtype=None, layout=None, device=None, requires_grad=False,
         pin_memory=False):
    """A tensor filled with ``fill_value``; the dtype is inferred from the value when not given."""
    shape = parse_size((size,), "full")
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.item()
    d = dtype if dtype is not None else _leaf_dtype(fill_value)
    _check_fill(fill_value, d)
    array = _filled(shape, fill_value, d)
    if out is not None:
        return _out(out, array, d)
    return finish(array, d, device, requires_grad)


def _check_fill(value, dtype):
    if dtype._kind == 1 and isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        info = np.iinfo(dtype._np)
        if not info.min <= value <= info.max:
            c_name = {"uint8": "uint8_t", "int8": "int8_t", "int16": "int16_t", "int32": "int", "int64": "int64_t"}
            raise RuntimeError(f"value cannot be converted to type {c_name[dtype._name]} without overflow")


def _like(input, dtype):
    return input._dtype if dtype is None else dtype


def zeros_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None):
    """Zeros with the shape (and by default the dtype) of ``input``."""
    d = _like(input, dtype)
    return finish(np.zeros(input._data.shape, d._np), d, device, requires_grad)


def ones_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None):
    """Ones with the shape (and by default the dtype) of ``input``."""
    d = _like(input, dtype)
    return finish(np.ones(input._data.shape, d._np), d, device, requires_grad)


def empty_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None):
    """An uninitialised tensor shaped like ``input`` (Ember fills it with zeros)."""
    return zeros_like(input, dtype=dtype, device=device, requires_grad=requires_grad)


def full_like(input, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    """``fill_value`` everywhere, shaped like ``input``."""
    d = _like(input, dtype)
    _check_fill(fill_value, d)
    return finish(_filled(input._data.shape, fill_value, d), d, device, requires_grad)


# ---------------------------------------------------------------------------------------------
# Tensor.new_* : factories that default to the dtype (and device) of an existing tensor


def new_tensor(self, data, *, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False):
    """A new tensor from ``data``, with this tensor's dtype by default."""
    if isinstance(data, Tensor):
        data = data._data
    return tensor(data, dtype=dtype or self._dtype, device=device, requires_grad=requires_grad)


def new_zeros(self, *size, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False):
    return zeros(*size, dtype=dtype or self._dtype, device=device, requires_grad=requires_grad)


def new_ones(self, *size, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False):
    return ones(*size, dtype=dtype or self._dtype, device=device, requires_grad=requires_grad)


def new_empty(self, *size, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False):
    return empty(*size, dtype=dtype or self._dtype, device=device, requires_grad=requires_grad)


def new_full(self, size, fill_value, *, dtype=None, device=None, requires_grad=False, layout=None,
             pin_memory=False):
    return full(size, fill_value, dtype=dtype or self._dtype, device=device, requires_grad=requires_grad)


# ---------------------------------------------------------------------------------------------
# Legacy typed constructors: torch.FloatTensor(2, 3), torch.LongTensor([1, 2]), isinstance checks


class _LegacyType(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj._dtype is cls._dtype


def _legacy_class(dtype):
    def __new__(cls, *args, **kwargs):
        return legacy_new(Tensor, dtype, args, kwargs)

    return _LegacyType(f"{dtype._legacy}Tensor", (), {"__new__": __new__, "_dtype": dtype, "dtype": dtype})


FloatTensor = _legacy_class(_dt.float32)
DoubleTensor = _legacy_class(_dt.float64)
HalfTensor = _legacy_class(_dt.float16)
BFloat16Tensor = _legacy_class(_dt.bfloat16)
ByteTensor = _legacy_class(_dt.uint8)
CharTensor = _legacy_class(_dt.int8)
ShortTensor = _legacy_class(_dt.int16)
IntTensor = _legacy_class(_dt.int32)
LongTensor = _legacy_class(_dt.int64)
BoolTensor = _legacy_class(_dt.bool)
