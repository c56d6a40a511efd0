"""Making tensors: from data (tensor, from_numpy, ...), the fill factories (zeros, full, eye, ...), complex, polar."""
import builtins
import math
import operator
import warnings
from collections import abc

import ml_dtypes
import numpy as np

from . import dtypes as _dt
from .autograd.grad_mode import is_grad_enabled
from .autograd.graph import Node, no_out, record, wants_grad
from .device import as_device
from .ops.common import (_CPP_TYPES, _cast_into, _check_input, _f32, _int_arg, _int_param, _store, _type_name,
                         _write_out, broadcast_error, iterator_strides, not_implemented, operand_strides)
from .ops.shape import _dense_strides_like, _non_overlapping_and_dense, _owning, set_data
from .size import Size
from .tensor import Tensor, _contiguous_strides, _wrap

_PY_NUMBERS = frozenset((bool, int, float, builtins.complex))
_INT_LIMITS = {d: (int(np.iinfo(d._np).min), int(np.iinfo(d._np).max))
               for d in (_dt.uint8, _dt.int8, _dt.int16, _dt.int32, _dt.int64)}
_FLOAT_MAX = {_dt.float16: 65504.0, _dt.bfloat16: float(ml_dtypes.finfo(ml_dtypes.bfloat16).max),
              _dt.float32: float(np.finfo(np.float32).max), _dt.float64: math.inf,
              _dt.complex64: float(np.finfo(np.float32).max), _dt.complex128: math.inf}
# The C++ type names PyTorch's scalar conversions print in their overflow errors.
_C_NAMES = {_dt.bool: "bool", _dt.uint8: "uint8_t", _dt.int8: "int8_t", _dt.int16: "int16_t", _dt.int32: "int",
            _dt.int64: "int64_t", _dt.float16: "c10::Half", _dt.bfloat16: "c10::BFloat16", _dt.float32: "float",
            _dt.float64: "double", _dt.complex64: "c10::complex<float>", _dt.complex128: "c10::complex<double>"}
_PY_DTYPES = {builtins.bool: _dt.bool, builtins.int: _dt.int64, builtins.float: _dt.float64,
              builtins.complex: _dt.complex128}
_MAX_DIMS = 128
_warned = set()  # the warnings PyTorch gives once per process


# ---------------------------------------------------------------------------------------------
# Argument helpers shared by the factories


def dtype_arg(dtype, name):
    """A dtype argument: an ember dtype, or one of the Python types PyTorch also accepts."""
    if dtype is None or type(dtype) is _dt.dtype:
        return dtype
    found = _PY_DTYPES.get(dtype) if isinstance(dtype, type) else None
    if found is None:
        raise TypeError(f"{name}(): argument 'dtype' must be torch.dtype, not {_type_name(dtype)}")
    return found


def parse_size(args, name, size=None):
    """The shape from ``f(2, 3)``, ``f((2, 3))``, ``f([2, 3])`` or ``f(size=(2, 3))``, checked as PyTorch does."""
    if size is not None:
        if args:
            raise TypeError(f"{name}() got multiple values for argument 'size'")
        if not isinstance(size, (tuple, list)):
            raise TypeError(f"{name}(): argument 'size' must be tuple of ints, not {_type_name(size)}")
        args = (size,)
    if not args:
        raise TypeError(f'{name}() missing 1 required positional arguments: "size"')
    if len(args) == 1:
        first = args[0]
        n = _int_arg(first) if type(first) is not bool else None
        if n is not None:
            return _checked_shape((n,), name)
        if not isinstance(first, (tuple, list)):
            raise TypeError(f"{name}(): argument 'size' (position 1) must be tuple of ints, not "
                            f"{_type_name(first)}")
        args = first
    elif isinstance(args[0], (tuple, list)):
        raise TypeError(f"{name}() takes 1 positional argument but {len(args)} were given")
    shape = []
    for i, s in enumerate(args):
        n = _int_arg(s)
        if n is None:
            raise TypeError(f"{name}(): argument 'size' failed to unpack the object at pos {i + 1} with error "
                            f'"type must be tuple of ints,but got {_type_name(s)}"')
        shape.append(n)
    return _checked_shape(shape, name)


def _checked_shape(shape, name):
    for s in shape:
        if s < 0:
            if name == "zeros":
                raise RuntimeError("zeros: Dimension size must be non-negative.")
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(shape)}")
    return tuple(shape)


def _ready(t, device, requires_grad):
    """Check the device and honour ``requires_grad`` for a freshly made tensor."""
    if device is not None:
        as_device(device)
    if requires_grad:
        if t._dtype._kind < 2:
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        t._requires_grad = True
    return t


def finish(array, dtype, device, requires_grad):
    """Wrap a freshly made (contiguous) array as a tensor, checking the device and ``requires_grad``."""
    return _ready(_wrap(array, dtype), device, requires_grad)


def _out_dtype(dtype, out):
    """The dtype of a factory writing to ``out``: PyTorch insists an explicit dtype matches it."""
    if dtype is not None and dtype is not out._dtype:
        raise RuntimeError(f"dtype {dtype._legacy} does not match dtype of out parameter ({out._dtype._legacy})")
    return out._dtype


# ---------------------------------------------------------------------------------------------
# Layouts: PyTorch's preserve_format rules for copies and *_like factories


def _preserved_strides(shape, strides):
    """The strides a copy keeps under ``torch.preserve_format`` (an empty tensor keeps its own)."""
    if 0 in shape or _non_overlapping_and_dense(shape, strides):
        return tuple(strides)
    return _dense_strides_like(shape, strides)


def _format_strides(shape, strides, memory_format):
    """Strides for a new tensor shaped like another, per ``memory_format`` (None means preserve)."""
    fmt = None if memory_format is None else repr(memory_format)
    if fmt is None or fmt == "torch.preserve_format":
        return _preserved_strides(shape, strides)
    if fmt == "torch.channels_last":
        if len(shape) != 4:
            raise RuntimeError("required rank 4 tensor to use channels_last format")
        n, c, h, w = shape
        return (h * w * max(c, 1), 1, w * max(c, 1), max(c, 1))
    return _contiguous_strides(shape)


def _alloc(shape, strides, np_dtype):
    """An uninitialised array with the given element strides (which must describe a dense layout)."""
    np_dtype = np.dtype(np_dtype)
    buffer = np.empty(math.prod(shape), np_dtype)
    return np.ndarray(shape, np_dtype, buffer, 0, tuple(s * np_dtype.itemsize for s in strides))


def _converted(t, dtype):
    """A copy of ``t`` in ``dtype`` keeping its layout as ``Tensor.to`` does."""
    array = t._data
    out = _alloc(array.shape, _preserved_strides(array.shape, t._strides()), dtype._np)
    _cast_into(out, array)
    return _owning(out, dtype)


# ---------------------------------------------------------------------------------------------
# From data: nested sequences of scalars


def _is_sequence(x):
    """Whether PyTorch reads ``x`` as a sequence (tensors are scalars to it when they lead a sequence)."""
    kind = type(x)
    if kind is list or kind is tuple:
        return True
    if kind in _PY_NUMBERS or kind is Tensor:
        return False
    return isinstance(x, (range, np.ndarray, str, bytes, bytearray, memoryview)) or (
        isinstance(x, abc.Sequence) and not isinstance(x, Tensor))


def _sizes(data):
    """The shape of nested data, read along its first elements (PyTorch's compute_sizes)."""
    shape = []
    seq = data
    while _is_sequence(seq):
        if len(shape) == _MAX_DIMS or isinstance(seq, str) and seq:
            raise ValueError(f"too many dimensions '{type(seq).__name__}'")
        n = len(seq)
        shape.append(n)
        if not n:
            break
        seq = seq[0]
    return shape


def _gather(seq, shape, depth, leaves, inferring):
    """Collect the scalars of nested data in row-major order, checking it is rectangular.

    Strings and bytes are sequences to PyTorch, but ones it cannot infer a dtype from.
    """
    n = len(seq)
    if n != shape[depth]:
        raise ValueError(f"expected sequence of length {shape[depth]} at dim {depth} (got {n})")
    if depth + 1 == len(shape):
        leaves.extend(seq)
        return
    for item in seq:
        if type(item) is not list and type(item) is not tuple:
            if inferring and isinstance(item, (str, bytes)):
                raise TypeError(f"new(): invalid data type '{type(item).__name__}'")
            try:
                item = list(item)
            except TypeError:
                raise TypeError("not a sequence") from None
        _gather(item, shape, depth + 1, leaves, inferring)


def _infer_sequence(seq):
    """PyTorch's dtype inference over a sequence: its elements' dtypes promoted together, in order.

    An empty sequence counts as the default dtype; the search stops once complex128 is reached.
    """
    result = None
    for x in seq:
        found = _leaf_dtype(x)
        result = found if result is None else _dt.promote_types(result, found)
        if result is _dt.complex128:
            break
    return _dt.get_default_dtype() if result is None else result


def _leaf_dtype(x):
    """The dtype PyTorch infers for one element of data."""
    if isinstance(x, bool):
        return _dt.bool
    if isinstance(x, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{type(x).__name__}'")
    if isinstance(x, (np.generic, np.ndarray)):
        return _dt.from_numpy_dtype(x.dtype)
    if isinstance(x, int):
        return _dt.int64
    if isinstance(x, float):
        return _dt.get_default_dtype()
    if isinstance(x, builtins.complex):
        return _dt._default_complex()
    if isinstance(x, Tensor):
        return x._dtype
    if _is_sequence(x):
        return _infer_sequence(x)
    raise RuntimeError(f"Could not infer dtype of {type(x).__name__}")


def _convert(leaves, dtype):
    """A flat array of ``dtype`` from scalars, converting each as PyTorch stores it into a tensor."""
    kinds = set(map(type, leaves))
    with np.errstate(all="ignore"):
        if kinds <= _PY_NUMBERS:
            values = _convert_numbers(leaves, kinds, dtype)
            if values is not None:
                return values
        with warnings.catch_warnings():  # NumPy warns when it reads a complex scalar as a float
            warnings.simplefilter("ignore")
            return _convert_each(leaves, dtype)


def _convert_numbers(leaves, kinds, dtype):
    """The vectorised conversion of plain Python numbers; None when only the element-wise one is exact."""
    kind = dtype._kind
    if kind == 0:
        return np.array(leaves, np.bool_)
    if kind == 1:
        if kinds <= {bool, int}:
            try:
                values = np.array(leaves, np.int64)
            except OverflowError:
                raise ValueError("Overflow when unpacking long long") from None
            _check_int_range(values, dtype)
        elif kinds == {float}:
            values = np.array(leaves, np.float64)
            _check_float_to_int(values, dtype)
        else:
            return None
        return values.astype(dtype._np)
    if builtins.complex in kinds:
        if kind == 2:
            raise TypeError("must be real number, not complex")
        return _narrow(np.array(leaves, np.complex128), dtype)
    return _narrow(np.array(leaves, np.float64 if kind == 2 else np.complex128), dtype)


def _check_int_range(values, dtype):
    """PyTorch's overflow check for int64 values stored as a narrower integer (negatives wrap for uint8)."""
    if dtype is _dt.int64 or not values.size:
        return
    low, high = _INT_LIMITS[dtype]
    if dtype is _dt.uint8:
        low = -high
    if values.min() < low or values.max() > high:
        raise RuntimeError(f"value cannot be converted to type {dtype._name} without overflow")


def _check_float_to_int(values, dtype):
    """PyTorch's overflow check for doubles stored as integers: finite and within the type's range."""
    low, high = _INT_LIMITS[dtype]
    if values.size and not (np.isfinite(values).all() and values.min() >= low and values.max() <= high):
        raise RuntimeError(f"value cannot be converted to type {dtype._name} without overflow")


def _narrow(values, dtype):
    """float64/complex128 values rounded to ``dtype``, float16 and bfloat16 via float32 as PyTorch does."""
    if values.dtype == dtype._np:
        return values
    if dtype.itemsize == 2:
        values = values.astype(_f32)
    return values.astype(dtype._np)


def _convert_each(leaves, dtype):
    """Element-wise conversion, for data mixing numbers with NumPy scalars, tensors or other objects."""
    kind = dtype._kind
    if kind == 0:
        return np.array([_to_bool(x) for x in leaves], np.bool_)
    if kind == 1:
        values = np.array([_to_int(x, dtype) for x in leaves], np.int64)
        return values.astype(dtype._np)
    if kind == 2:
        return _narrow(np.array([_to_double(x) for x in leaves], np.float64), dtype)
    return _narrow(np.array([_to_complex(x) for x in leaves], np.complex128), dtype)


def _index(x):
    """``x.__index__()``, with PyTorch's reading of tensors (bool tensors are integers to it)."""
    if isinstance(x, Tensor):
        if x._data.size != 1 or x._dtype._kind > 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(x._data.reshape(()))
    return operator.index(x)


def _unpack_long(x):
    value = _index(x)
    if not -2 ** 63 <= value < 2 ** 63:
        raise ValueError("Overflow when unpacking long long")
    return value


def _to_bool(x):
    if isinstance(x, (float, builtins.complex, np.bool_)):
        return bool(x)
    return _index(x) != 0  # PyTorch reads an int64 overflow as true


def _to_int(x, dtype):
    if isinstance(x, float):
        _check_float_to_int(np.array([x]), dtype)
        return int(x)
    value = _unpack_long(x)
    _check_int_range(np.array([value]), dtype)
    return value


def _to_double(x):
    if isinstance(x, float):
        return x
    kind = type(x)
    if isinstance(x, builtins.complex) or not (hasattr(kind, "__float__") or hasattr(kind, "__index__")):
        raise TypeError(f"must be real number, not {kind.__name__}")
    return float(x) if hasattr(kind, "__float__") else float(operator.index(x))


def _to_complex(x):
    if isinstance(x, builtins.complex) or hasattr(type(x), "__complex__"):
        return builtins.complex(x)
    return _to_double(x)


def _from_data(data, dtype):
    """(array, dtype) for Python data: nested sequences of numbers, NumPy scalars and tensors."""
    if type(data) in _PY_NUMBERS:
        dtype = dtype or _leaf_dtype(data)
        return _convert([data], dtype).reshape(()), dtype
    if isinstance(data, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{type(data).__name__}'")
    shape = _sizes(data)
    if 0 in shape:  # PyTorch stores nothing, so it checks nothing but the dtype of what is there
        dtype = dtype or _leaf_dtype(data)
        return np.empty(shape, dtype._np), dtype
    leaves = [] if shape else [data]
    try:
        if shape:
            _gather(data, shape, 0, leaves, dtype is None)
    except (TypeError, ValueError):
        # PyTorch infers the dtype first, then converts the elements in order as it checks the shape: an
        # error in either comes before this one
        _convert(leaves, dtype or _leaf_dtype(data))
        raise
    if dtype is None:
        kinds = set(map(type, leaves))
        if kinds <= _PY_NUMBERS:  # one number of each type decides
            dtype = _infer_sequence([next(x for x in leaves if type(x) is kind) for kind in kinds])
        else:
            dtype = _leaf_dtype(data)
    return _convert(leaves, dtype).reshape(shape), dtype


# ---------------------------------------------------------------------------------------------
# From data: tensors, NumPy arrays, buffers


def _check_numpy(array, warn=True):
    """Refuse the NumPy arrays PyTorch cannot view; warn about read-only ones as PyTorch does."""
    if array.dtype.byteorder not in "=|":
        raise ValueError("given numpy array has byte order different from the native byte order. Conversion "
                         "between byte orders is currently not supported.")
    if any(s < 0 for s in array.strides):
        raise ValueError("At least one stride in the given numpy array is negative, and tensors with negative "
                         "strides are not currently supported. (You can probably work around this by making a "
                         "copy of your array  with array.copy().) ")
    if any(s % array.itemsize for s in array.strides):
        raise ValueError("given numpy array strides not a multiple of the element byte size. Copy the numpy "
                         "array to reallocate the memory.")
    dtype = _dt.from_numpy_dtype(array.dtype)
    if warn and not array.flags.writeable and "numpy" not in _warned:
        _warned.add("numpy")
        warnings.warn("The given NumPy array is not writable, and PyTorch does not support non-writable tensors. "
                      "This means writing to this tensor will result in undefined behavior. You may want to copy "
                      "the array to protect its data or make it writable before converting it to a tensor. This "
                      "type of warning will be suppressed for the rest of this program.", UserWarning, stacklevel=3)
    return dtype


def _share(array, dtype):
    """A tensor viewing a NumPy array's memory, with its strides (divided by the item size)."""
    if type(array) is not np.ndarray:
        array = array.view(np.ndarray)
    return _owning(array, dtype)


def _copy_array(array, dtype):
    """A tensor holding a copy of a NumPy array, in its layout when dense, as ``torch.tensor`` copies."""
    source = _check_numpy(array)
    dtype = dtype or source
    item = array.itemsize
    strides = _preserved_strides(array.shape, tuple(s // item for s in array.strides))
    out = _alloc(array.shape, strides, dtype._np)
    _cast_into(out, array)
    return _owning(out, dtype)


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """A new tensor holding a copy of ``data`` (nested sequences, NumPy arrays, scalars or tensors).

    Example::

        >>> ember.tensor([[1, 2], [3, 4.5]])
        tensor([[1.0000, 2.0000],
                [3.0000, 4.5000]])
    """
    dtype = dtype_arg(dtype, "tensor")
    kind = type(data)
    if kind in _PY_NUMBERS or kind is list:
        array, dtype = _from_data(data, dtype)
        t = _wrap(array, dtype)
    elif isinstance(data, Tensor):
        warnings.warn("To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() "
                      "or sourceTensor.detach().clone().requires_grad_(True), rather than "
                      "torch.tensor(sourceTensor).", UserWarning, stacklevel=2)
        t = _converted(data, dtype or data._dtype)
    elif isinstance(data, np.ndarray):
        t = _copy_array(data, dtype)
    elif not _is_sequence(data) and hasattr(type(data), "__array__") and not isinstance(data, np.generic):
        t = _copy_array(np.asarray(data), dtype)
    else:
        array, dtype = _from_data(data, dtype)
        t = _wrap(array, dtype)
    return _ready(t, device, requires_grad)


def from_numpy(ndarray):
    """A tensor sharing memory with a NumPy array."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {_type_name(ndarray)})")
    return _share(ndarray, _check_numpy(ndarray))


def as_tensor(data, *, dtype=None, device=None):
    """``data`` as a tensor, sharing memory with it when it is a tensor or NumPy array of that dtype."""
    dtype = dtype_arg(dtype, "as_tensor")
    if isinstance(data, Tensor):
        t = data if dtype is None or dtype is data._dtype else data.to(dtype)
    elif isinstance(data, np.ndarray):
        t = from_numpy(data)
        t = t if dtype is None or dtype is t._dtype else _converted(t, dtype)
    else:
        return tensor(data, dtype=dtype, device=device)
    return _ready(t, device, False)


def frombuffer(buffer, *, dtype, count=-1, offset=0, requires_grad=False):
    """A 1-d tensor viewing the bytes of an object that implements the buffer protocol."""
    try:
        view = memoryview(buffer)
    except TypeError:
        raise ValueError("object does not implement Python buffer protocol.") from None
    length = view.nbytes
    item = dtype.itemsize
    if length <= 0 or count == 0:
        raise ValueError(f"both buffer length ({length}) and count ({count}) must not be 0")
    if not 0 <= offset < length:
        raise ValueError(f"offset ({offset} bytes) must be non-negative and no greater than buffer length "
                         f"({length} bytes) minus 1")
    if count < 0 and (length - offset) % item:
        raise ValueError(f"buffer length ({length - offset} bytes) after offset ({offset} bytes) must be a multiple "
                         f"of element size ({item})")
    count = (length - offset) // item if count < 0 else count
    if offset + count * item > length:
        raise ValueError(f"requested buffer length ({count} * {item} bytes) after offset ({offset} bytes) must not "
                         f"be greater than actual buffer length ({length} bytes)")
    if view.readonly and "buffer" not in _warned:
        _warned.add("buffer")
        warnings.warn("The given buffer is not writable, and PyTorch does not support non-writable tensors. This "
                      "means you can write to the underlying (supposedly non-writable) buffer using the tensor. You "
                      "may want to copy the buffer to protect its data or make it writable before converting it to a "
                      "tensor. This type of warning will be suppressed for the rest of this program.", UserWarning,
                      stacklevel=2)
    array = np.frombuffer(view.cast("B") if view.ndim != 1 or view.format != "B" else view, dtype._np, count, offset)
    return _ready(_share(array, dtype), None, requires_grad)


def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=None):
    """``obj`` as a tensor, sharing memory when it can; ``copy=True`` forces a copy, ``copy=False`` forbids one."""
    dtype = dtype_arg(dtype, "asarray")
    t = None
    if isinstance(obj, Tensor):
        t = obj
    elif isinstance(obj, np.generic):
        if copy is False:
            raise RuntimeError("can't alias NumPy scalars. Either remove copy=False or transform it in a ndarray. ")
        t, copy = tensor(obj), None
    elif isinstance(obj, np.ndarray):
        t = _share(obj, _check_numpy(obj, warn=False))
    elif hasattr(obj, "__dlpack__"):
        t = from_dlpack(obj)
    elif isinstance(obj, (bytes, bytearray, memoryview)) or _has_buffer(obj):
        t = frombuffer(obj, dtype=dtype or _dt.get_default_dtype())
    if t is None:
        if copy is False:
            raise ValueError("can't alias arbitrary sequence into a tensor.")
        return _ready(tensor(obj, dtype=dtype, device=device), None, bool(requires_grad))
    if requires_grad is None:
        if obj is t and t._requires_grad and "asarray" not in _warned:
            _warned.add("asarray")
            warnings.warn("torch.asarray: unspecified requires_grad now defaults to obj.requires_grad instead of "
                          "False. Pass requires_grad=False explicitly to get the old behavior and silence this "
                          "warning.", UserWarning, stacklevel=2)
        requires_grad = t._requires_grad
    wrong_dtype = dtype is not None and dtype is not t._dtype
    if copy or (copy is None and wrong_dtype):
        t = t.to(dtype) if wrong_dtype else t.clone()
    elif wrong_dtype:
        raise ValueError(f"can't alias tensor with dtype '{t._dtype._legacy}' into dtype '{dtype._legacy}'.")
    if device is not None:
        as_device(device)
    if t._grad_fn is not None and not requires_grad:
        return t.detach()
    return t.requires_grad_(requires_grad)


def _has_buffer(obj):
    try:
        memoryview(obj)
    except TypeError:
        return False
    return True


def from_dlpack(ext_tensor):
    """A tensor sharing memory with any object that speaks DLPack."""
    if isinstance(ext_tensor, Tensor):
        return _share(ext_tensor._data, ext_tensor._dtype)
    if not hasattr(ext_tensor, "__dlpack__"):
        raise RuntimeError("from_dlpack received an invalid capsule. Note that DLTensor capsules can be consumed "
                           "only once, so you might have already constructed a tensor from it once.")
    array = np.from_dlpack(ext_tensor)
    return _share(array, _check_numpy(array, warn=False))


# ---------------------------------------------------------------------------------------------
# Legacy constructors: torch.Tensor(2, 3), torch.FloatTensor([1, 2]), isinstance checks


def _options(dtype):
    return (f"TensorOptions(dtype={_CPP_TYPES[dtype]}, device=cpu, layout=Strided, requires_grad=false (default), "
            "pinned_memory=false (default), memory_format=(nullopt))")


def legacy_new(cls, dtype, args, kwargs, typed=False):
    """``torch.Tensor(...)`` and ``torch.FloatTensor(...)``: a size, data, another tensor, or nothing."""
    device = kwargs.pop("device", None)
    if kwargs:
        raise TypeError(f"new() received an invalid combination of arguments - got unexpected keyword "
                        f"argument '{next(iter(kwargs))}'")
    if device is not None:
        as_device(device)
    if not args:
        return _wrap(np.zeros(0, dtype._np), dtype)
    data = args[0]
    if len(args) == 1 and isinstance(data, Tensor):
        if typed and data._dtype is not dtype:
            raise TypeError(f"expected {_options(dtype)} (got {_options(data._dtype)})")
        return data.detach()
    if len(args) > 1 or isinstance(data, Size) or _int_arg(data) is not None and not isinstance(data, bool):
        return _wrap(np.zeros(parse_size(args, "new"), dtype._np), dtype)
    if isinstance(data, np.ndarray):
        t = from_numpy(data)
        return t if t._dtype is dtype else _converted(t, dtype)
    if not _is_sequence(data) and not isinstance(data, str):
        raise TypeError(f"new(): data must be a sequence (got {type(data).__name__})")
    array, _ = _from_data(data, dtype)
    return _wrap(array, dtype)


class _LegacyType(type):
    """The metaclass of ``torch.FloatTensor`` and friends: instances are tensors of one dtype."""

    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj._dtype is cls.dtype

    def __call__(cls, *args, **kwargs):
        return legacy_new(Tensor, cls.dtype, args, kwargs, typed=True)


def _legacy_class(dtype):
    return _LegacyType(f"{dtype._legacy}Tensor", (), {"dtype": dtype, "is_cuda": False, "is_sparse": False,
                                                       "__module__": "torch"})


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


# ---------------------------------------------------------------------------------------------
# Fill values: PyTorch's checked conversion of a Python number to an element type


def _number(x, name, arg, position):
    """A Python number from a number argument (NumPy scalars and one-element tensors included)."""
    if type(x) in _PY_NUMBERS:
        return x
    if isinstance(x, np.generic) and not isinstance(x, (np.str_, np.bytes_, np.void)):
        if isinstance(x, (np.bool_, np.complex64)):  # PyTorch reads these as floats (complex64: its real part)
            return float(x.real)
        return x.item()
    if isinstance(x, Tensor) and x._data.ndim == 0:
        return x.item()
    if isinstance(x, (bool, int, float, builtins.complex)):
        return x
    raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be Number, not {_type_name(x)}")


def _overflow(dtype, name=None):
    return RuntimeError(f"value cannot be converted to type {name or _C_NAMES[dtype]} without overflow")


def _scalar_as(value, dtype, numel=2):
    """``value`` converted to ``dtype`` as PyTorch's fill does, raising its overflow errors.

    PyTorch skips the range check for float16 and bfloat16 when it fills a single element.
    """
    if type(value) is int and not -2 ** 63 <= value < 2 ** 64:
        raise OverflowError("int too big to convert" if value > 0 else "can't convert negative int to unsigned")
    kind = dtype._kind
    if kind == 0:
        return np.bool_(value)
    unchecked = numel == 1 and dtype.itemsize == 2 and kind == 2
    if isinstance(value, builtins.complex) and kind < 3:
        if value.imag:
            raise _overflow(dtype, "double" if unchecked else None)
        value = value.real
    if kind == 1:
        low, high = _INT_LIMITS[dtype]
        if isinstance(value, float):
            if not (math.isfinite(value) and low <= value <= high):
                raise _overflow(dtype)
            value = int(value)
        elif not (-high if dtype is _dt.uint8 else low) <= value <= high:
            raise _overflow(dtype)
        return np.array(value).astype(dtype._np)[()]
    limit = _FLOAT_MAX[dtype]
    parts = (value.real, value.imag) if isinstance(value, builtins.complex) else (value,)
    if not unchecked and any(math.isfinite(p) and abs(p) > limit for p in parts):
        raise _overflow(dtype)
    if kind == 2 and dtype.itemsize > 2:  # in range: a single rounding from double
        return dtype._np.type(value)
    with np.errstate(over="ignore"):
        return _narrow(np.array(value, np.complex128 if kind == 3 else np.float64), dtype)[()]


# ---------------------------------------------------------------------------------------------
# Factories: zeros, ones, empty, full and their *_like / new_* forms


def _factory(shape, value, dtype, out, device, requires_grad, name):
    """A tensor of ``shape`` filled with the number ``value`` (range-checked for the dtype), or ``out`` refilled."""
    if out is not None:
        dtype = _out_dtype(dtype, out)
    elif dtype is None:
        dtype = _dt.get_default_dtype()
    array = np.empty(shape, dtype._np)
    array.fill(value if type(value) is int and 0 <= value <= 1 else _scalar_as(value, dtype, array.size))
    if out is not None:
        return _write_out(out, array, "aten::" + name)
    return finish(array, dtype, device, requires_grad)


def zeros(*args, size=None, out=None, dtype=None, layout=None, device=None, requires_grad=False,
          pin_memory=False):
    """A tensor filled with 0."""
    shape = parse_size(args, "zeros", size)
    return _factory(shape, 0, dtype_arg(dtype, "zeros"), out, device, requires_grad, "zeros")


def ones(*args, size=None, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """A tensor filled with 1."""
    return _factory(parse_size(args, "ones", size), 1, dtype_arg(dtype, "ones"), out, device, requires_grad, "ones")


def empty(*args, size=None, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False,
          memory_format=None):
    """An uninitialised tensor (Ember fills new memory with zeros, so results are reproducible)."""
    shape = parse_size(args, "empty", size)
    dtype = dtype_arg(dtype, "empty")
    if out is not None:
        return _resized(out, shape, _out_dtype(dtype, out))
    dtype = dtype or _dt.get_default_dtype()
    strides = _format_strides(shape, _contiguous_strides(shape), memory_format)
    array = _alloc(shape, strides, dtype._np)
    array.fill(0)
    return _ready(_owning(array, dtype), device, requires_grad)


def _resized(out, shape, dtype):
    """``empty(out=...)``: ``out`` keeps its contents when its shape fits, else gets new (zeroed) memory."""
    if out._requires_grad and is_grad_enabled():
        raise RuntimeError("cannot resize variables that require grad")
    if out._data.shape != shape:
        set_data(out, np.zeros(shape, dtype._np))
    return out


def full(size, fill_value, *, out=None, dtype=None, layout=None, device=None, requires_grad=False,
         pin_memory=False):
    """A tensor filled with ``fill_value``; without ``dtype`` the value's kind picks it (bool, int64, float...)."""
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"full(): argument 'size' (position 1) must be tuple of ints, not {_type_name(size)}")
    shape = parse_size((size,), "full")
    value = _number(fill_value, "full", "fill_value", 2)
    dtype = dtype_arg(dtype, "full")
    if dtype is None and out is None:
        dtype = _leaf_dtype(value)
    return _factory(shape, value, dtype, out, device, requires_grad, "full")


def _like(input, value, dtype, device, requires_grad, memory_format, name):
    """A tensor shaped (and by default typed and laid out) like ``input``, filled with ``value``."""
    _check_input(input, name)
    dtype = dtype_arg(dtype, name) or input._dtype
    shape, strides = input._data.shape, input._strides()
    if type(value) is int and not value and memory_format is None and strides == _contiguous_strides(shape):
        return finish(np.zeros(shape, dtype._np), dtype, device, requires_grad)  # the usual case, kept short
    array = _alloc(shape, _format_strides(shape, strides, memory_format), dtype._np)
    array.fill(_scalar_as(value, dtype, array.size))
    return _ready(_owning(array, dtype), device, requires_grad)


def zeros_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None):
    """Zeros with the shape, dtype and layout of ``input``."""
    return _like(input, 0, dtype, device, requires_grad, memory_format, "zeros_like")


def ones_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None):
    """Ones with the shape, dtype and layout of ``input``."""
    return _like(input, 1, dtype, device, requires_grad, memory_format, "ones_like")


def empty_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None):
    """An uninitialised tensor shaped like ``input`` (Ember fills it with zeros)."""
    return _like(input, 0, dtype, device, requires_grad, memory_format, "empty_like")


def full_like(input, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    """``fill_value`` everywhere, shaped like ``input``."""
    value = _number(fill_value, "full_like", "fill_value", 2)
    return _like(input, value, dtype, device, requires_grad, memory_format, "full_like")


# Tensor.new_*: factories that default to the dtype of an existing tensor


def new_tensor(self, data, *, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False):
    """A new tensor from ``data``, with this tensor's dtype by default."""
    dtype = dtype_arg(dtype, "new_tensor") or self._dtype
    if isinstance(data, Tensor):
        warnings.warn("To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() "
                      "or sourceTensor.detach().clone().requires_grad_(True), rather than "
                      "tensor.new_tensor(sourceTensor).", UserWarning, stacklevel=2)
        return _ready(_converted(data, dtype), device, requires_grad)
    return tensor(data, dtype=dtype, device=device, requires_grad=requires_grad)


def new_zeros(self, *args, size=None, dtype=None, device=None, requires_grad=False, layout=None,
              pin_memory=False):
    """Zeros of ``size``, with this tensor's dtype by default."""
    shape = parse_size(args, "new_zeros", size)
    return _factory(shape, 0, dtype_arg(dtype, "new_zeros") or self._dtype, None, device, requires_grad, "new_zeros")


def new_ones(self, *args, size=None, dtype=None, device=None, requires_grad=False, layout=None,
             pin_memory=False):
    """Ones of ``size``, with this tensor's dtype by default."""
    shape = parse_size(args, "new_ones", size)
    return _factory(shape, 1, dtype_arg(dtype, "new_ones") or self._dtype, None, device, requires_grad, "new_ones")


def new_empty(self, *args, size=None, dtype=None, device=None, requires_grad=False, layout=None,
              pin_memory=False):
    """An uninitialised tensor of ``size`` (Ember fills it with zeros), with this tensor's dtype by default."""
    shape = parse_size(args, "new_empty", size)
    return _factory(shape, 0, dtype_arg(dtype, "new_empty") or self._dtype, None, device, requires_grad, "new_empty")


def new_full(self, size, fill_value, *, dtype=None, device=None, requires_grad=False, layout=None,
             pin_memory=False):
    """``fill_value`` everywhere, with this tensor's dtype by default."""
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"new_full(): argument 'size' (position 1) must be tuple of ints, not {_type_name(size)}")
    return full(size, fill_value, dtype=dtype_arg(dtype, "new_full") or self._dtype, device=device,
                requires_grad=requires_grad)


# ---------------------------------------------------------------------------------------------
# Factories: eye, scalars, triangle indices


def eye(n, m=None, *, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """A 2-d tensor with ones on the diagonal and zeros elsewhere."""
    n = _int_param(n, "eye", "n", 1)
    m = n if m is None else _int_param(m, "eye", "m", 2)
    if n < 0:
        raise RuntimeError(f"n must be greater or equal to 0, got {n}")
    if m < 0:
        raise RuntimeError(f"m must be greater or equal to 0, got {m}")
    dtype = dtype_arg(dtype, "eye")
    if out is not None:
        return _write_out(out, np.eye(n, m, dtype=_out_dtype(dtype, out)._np), "aten::eye")
    dtype = dtype or _dt.get_default_dtype()
    return finish(np.eye(n, m, dtype=dtype._np), dtype, device, requires_grad)


def scalar_tensor(s, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """A 0-d tensor holding the number ``s``, of the default dtype unless ``dtype`` is given."""
    value = _number(s, "scalar_tensor", "s", 1)
    dtype = dtype_arg(dtype, "scalar_tensor") or _dt.get_default_dtype()
    return finish(np.array(_scalar_as(value, dtype, 1), dtype._np), dtype, device, requires_grad)


def _triangle_indices(row, col, offset, dtype, name, lower):
    row = _int_param(row, name, "row", 1)
    col = _int_param(col, name, "col", 2)
    offset = _int_param(offset, name, "offset", 3)
    dtype = dtype_arg(dtype, name) or _dt.int64
    if dtype not in (_dt.int32, _dt.int64):
        raise not_implemented(name, dtype)
    if row < 0:
        raise RuntimeError(f"row must be non-negative, got{row}")
    if col < 0:
        raise RuntimeError(f"col must be non-negative, got{col}")
    rows, cols = (np.tril_indices if lower else np.triu_indices)(row, offset, col)
    return np.stack((rows, cols)).astype(dtype._np), dtype


def tril_indices(row, col, offset=0, *, dtype=None, device=None, layout=None):
    """The (row, column) indices of the lower triangle of a ``row`` x ``col`` matrix, as a 2 x N tensor."""
    array, dtype = _triangle_indices(row, col, offset, dtype, "tril_indices", True)
    return finish(array, dtype, device, False)


def triu_indices(row, col, offset=0, *, dtype=None, device=None, layout=None):
    """The (row, column) indices of the upper triangle of a ``row`` x ``col`` matrix, as a 2 x N tensor."""
    array, dtype = _triangle_indices(row, col, offset, dtype, "triu_indices", False)
    return finish(array, dtype, device, False)


# ---------------------------------------------------------------------------------------------
# complex and polar


def _complex_operands(a, b, name):
    _check_input(a, name)
    if not isinstance(b, Tensor):
        raise TypeError(f"{name}(): argument '{'imag' if name == 'complex' else 'angle'}' (position 2) must be "
                        f"Tensor, not {type(b).__name__}")
    if a._dtype not in (_dt.float32, _dt.float64, _dt.float16) or b._dtype not in (_dt.float32, _dt.float64,
                                                                                   _dt.float16):
        raise RuntimeError(f"Expected both inputs to be Half, Float or Double tensors but got {a._dtype._legacy} "
                           f"and {b._dtype._legacy}")
    if a._dtype is not b._dtype:
        raise RuntimeError(f"Expected object of scalar type {a._dtype._legacy} but got scalar type "
                           f"{b._dtype._legacy} for second argument")
    if a._dtype is _dt.float16:
        raise TypeError("Ember has no complex32 (ComplexHalf) dtype")
    try:
        shape = np.broadcast_shapes(a._data.shape, b._data.shape)
    except ValueError:
        raise broadcast_error(a._data.shape, b._data.shape) from None
    return a._dtype.to_complex(), shape


def _complex_result(parts, dtype, shape, operands, out, name):
    """Assemble (real, imag) arrays into a complex tensor laid out as TensorIterator lays it out."""
    strides = iterator_strides(shape, [operand_strides(t._data, shape) for t in operands])
    array = _alloc(shape, strides, dtype._np)
    array.real, array.imag = parts
    if out is not None:
        if out._dtype is not dtype:
            raise RuntimeError(f"Expected object of scalar type {dtype._legacy} but got scalar type "
                               f"{out._dtype._legacy} for argument 'out'")
        return _store(out, array, name)
    return _owning(array, dtype)


def complex(real, imag, *, out=None):
    """A complex tensor from its real and imaginary parts (float tensors of one dtype, broadcast together)."""
    dtype, shape = _complex_operands(real, imag, "complex")
    if wants_grad(real, imag):
        no_out("complex", out)
        r = _complex_result((real._data, imag._data), dtype, shape, (real, imag), None, "complex")
        return record(ComplexBackward0(), r, (real, imag))
    return _complex_result((real._data, imag._data), dtype, shape, (real, imag), out, "complex")


class ComplexBackward0(Node):
    def backward(self, grad):
        return grad.real, grad.imag


def polar(abs, angle, *, out=None):
    """The complex tensor ``abs * (cos(angle) + i sin(angle))``."""
    dtype, shape = _complex_operands(abs, angle, "polar")
    with np.errstate(all="ignore"):
        parts = (abs._data * np.cos(angle._data), abs._data * np.sin(angle._data))
    if wants_grad(abs, angle):
        no_out("polar", out)
        r = _complex_result(parts, dtype, shape, (abs, angle), None, "polar")
        node = PolarBackward0()
        node.save(r, outputs=(0,))
        return record(node, r, (abs, angle))
    return _complex_result(parts, dtype, shape, (abs, angle), out, "polar")


class PolarBackward0(Node):
    """For a real input x of z: Re(conj(grad) * dz/dx), with dz/d(abs) taken as sgn(z) (PyTorch's choice, which is
    exp(i angle) for a positive abs) and dz/d(angle) = i z."""

    def backward(self, grad):
        (z,) = self.saved_tensors
        g = grad.conj()
        return ((g * z.sgn()).real if self.needs(0) else None), (((g * z) * 1j).real if self.needs(1) else None)
