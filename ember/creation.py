"""Tensor creation: from data (tensor, as_tensor, from_numpy, ...), the factories (zeros, arange, eye, ...)
and the ops that assemble tensors from others (cat, stack, tril, diag, meshgrid, ...)."""
import builtins
import math
import operator
import warnings
from collections import abc

import ml_dtypes
import numpy as np

from . import dtypes as _dt
from .autograd.grad_mode import is_grad_enabled
from .device import as_device
from .ops import shape as _shape
from .ops.common import iterator_strides, write_out
from .ops.shape import _dense_strides_like, _non_overlapping_and_dense, _owning, order_dims
from .size import Size
from .tensor import Tensor, _contiguous_strides, _wrap, _wrap_dim

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
_f32 = np.dtype(np.float32)
_bf16 = _dt.bfloat16._np
_REDUCED = (_dt.float16._np, _bf16)


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


def _int_arg(x):
    """``x`` as an integer argument (anything with ``__index__``: NumPy ints, one-element integer tensors), or None."""
    if type(x) is int:
        return x
    try:
        return operator.index(x)
    except TypeError:
        return None


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


def _write_out(out, array, name):
    """Store a result in ``out=``: in place when the shape fits, else resized to contiguous.

    ``name`` is how PyTorch's autograd check names the op (``aten::zeros`` for factories, ``cat`` for ops).
    """
    if out._requires_grad and is_grad_enabled():
        raise RuntimeError(f"{name}(): functions with out=... arguments don't support automatic "
                           "differentiation, but one of the arguments requires grad.")
    return write_out(out, array if array.dtype == out._dtype._np else _cast(array, out._dtype), out._dtype)


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


def _cast_into(dst, src):
    """Copy ``src`` into ``dst`` with PyTorch's conversions."""
    if getattr(src, "dtype", None) == dst.dtype:
        np.copyto(dst, src)
        return
    with np.errstate(all="ignore"):
        src = np.asarray(src)
        if src.dtype.kind == "c" and dst.dtype.kind != "c":
            src = src.real  # PyTorch drops the imaginary part
        # PyTorch rounds to float16/bfloat16 through float32; ml_dtypes has no bfloat16-to-integer cast
        if dst.dtype in _REDUCED or src.dtype == _bf16 and dst.dtype.kind in "iub":
            src = src.astype(_f32)
        np.copyto(dst, src, casting="unsafe")


def _cast(array, dtype):
    """``array`` converted to ``dtype`` as a new C-contiguous array."""
    out = np.empty(np.shape(array), dtype._np)
    _cast_into(out, array)
    return out


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


def _type_name(x):
    """The type name PyTorch's argument errors print: ``Tensor``, ``float``, ``numpy.ndarray``..."""
    if isinstance(x, Tensor):
        return "Tensor"
    kind = type(x)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"


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

_CPP_TYPES = {_dt.bool: "bool", _dt.uint8: "unsigned char", _dt.int8: "signed char", _dt.int16: "short int",
              _dt.int32: "int", _dt.int64: "long int", _dt.float16: "c10::Half", _dt.bfloat16: "c10::BFloat16",
              _dt.float32: "float", _dt.float64: "double", _dt.complex64: "c10::complex<float>",
              _dt.complex128: "c10::complex<double>"}


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
        from .ops.shape import set_data
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


def _check_input(input, name):
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {_type_name(input)}")


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
# Factories: eye, ranges, scalars, complex numbers, triangle indices


def _int_param(x, name, arg, position):
    n = _int_arg(x) if type(x) is not bool else None
    if n is None:
        raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be int, not {_type_name(x)}")
    return n


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


def _fmt(x):
    """A number as C++ streams print a double in PyTorch's messages."""
    return f"{x:g}"


def _range_dtype(values, dtype, out, name):
    """The dtype of arange/linspace-like factories: ``out``'s, the given one, or inferred from the arguments."""
    if out is not None:
        return _out_dtype(dtype, out)
    if dtype is not None:
        return dtype
    if name == "arange" and all(isinstance(v, int) for v in values):
        return _dt.int64
    if any(isinstance(v, builtins.complex) for v in values):
        return _dt._default_complex()
    return _dt.get_default_dtype()


def _not_implemented(name, dtype):
    return NotImplementedError(f'"{name}" not implemented for \'{dtype._legacy}\'')


def arange(start=None, end=None, step=1, *, out=None, dtype=None, layout=None, device=None, requires_grad=False,
           pin_memory=False):
    """Values from ``start`` up to (not including) ``end`` spaced by ``step``: ``ceil((end - start) / step)`` of them.

    Example::

        >>> ember.arange(1, 2.5, 0.5)
        tensor([1.0000, 1.5000, 2.0000])
    """
    if type(start) is int and end is None and dtype is None and out is None and start >= 0:
        return finish(np.arange(start, dtype=np.int64), _dt.int64, device, requires_grad)  # arange(n), the common case
    if start is None or end is None:
        if start is None and end is None:
            raise TypeError('arange() missing 1 required positional arguments: "end"')
        start, end = 0, _number(end if start is None else start, "arange", "end", 1)
    else:
        start, end = _number(start, "arange", "start", 1), _number(end, "arange", "end", 2)
    step = _number(step, "arange", "step", 3)
    for v in (start, end, step):
        if isinstance(v, builtins.complex):
            raise _overflow(None, "double")
    dtype = _range_dtype((start, end, step), dtype_arg(dtype, "arange"), out, "arange")
    if dtype._kind in (0, 3):
        raise _not_implemented("arange_cpu", dtype)
    size = _arange_size(start, end, step, dtype)
    values = _arange_values(start, step, size, dtype)
    if out is not None:
        if out._data.size != size and out._data.size:
            warnings.warn(f"The number of elements in the out tensor of shape {list(out._data.shape)} is "
                          f"{out._data.size} which does not match the computed number of elements {size}. Note "
                          "that this may occur as a result of rounding error. The out tensor will be resized to a "
                          f"tensor of shape ({size},).", UserWarning, stacklevel=2)
        return _range_out(out, values, "arange")
    return finish(values, dtype, device, requires_grad)


def _range_out(out, values, name):
    """Ranges fill an ``out`` of the right element count in its own shape, and resize any other to 1-d."""
    if out._data.size == values.size:
        values = values.reshape(out._data.shape)
    return _write_out(out, values, "aten::" + name)


def _arange_size(start, end, step, dtype):
    """PyTorch's length rule: checks in double, then ceil((end - start) / step), exact integers for int64."""
    if not step:
        raise RuntimeError("step must be nonzero")
    if not (math.isfinite(start) and math.isfinite(end)):
        raise RuntimeError(f"unsupported range: {_fmt(start)} -> {_fmt(end)}")
    if not (step > 0 and end >= start or step < 0 and end <= start):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if dtype is _dt.int64:
        xstart, xend, xstep = int(start), int(end), int(step)
        if not xstep:
            raise ValueError("step must be nonzero")
        return (xend - xstart + xstep - (1 if xstep > 0 else -1)) // xstep
    size = math.ceil((float(end) - float(start)) / float(step))
    if size > 2 ** 63 - 1:
        raise RuntimeError("invalid size, possible overflow?")
    return size


# PyTorch's CPU arange (AVX2 build) fills 32-byte vectors, each from a base value rounded to the element type;
# GCC contracts its ``start + step * i`` into fused multiply-adds, which _fma reproduces.
_VECTOR_BYTES = 32


def _fma(a, b, c):
    """``a * b + c`` with a single rounding, for float64 values (error-free transformations)."""
    p = a * b
    split = 134217729.0  # 2**27 + 1 splits a double into two 26-bit halves
    ah = a * split
    ah = ah - (ah - a)
    bh = b * split
    bh = bh - (bh - b)
    al, bl = a - ah, b - bh
    p_err = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    s = p + c
    v = s - p
    s_err = (p - (s - v)) + (c - v)
    return s + (p_err + s_err)


def _fma32(a, b, c):
    """``a * b + c`` for float32 values rounded once to float32 (the product is exact in double)."""
    return (np.float64(a) * b + c).astype(np.float32)


def _arange_values(start, step, size, dtype):
    """``start + step * i`` computed as PyTorch's CPU kernel does, so floating results are bit-exact."""
    index = np.arange(size, dtype=np.int64)
    if dtype._kind == 1:
        xstart = int(_scalar_as(start, _dt.int64))
        xstep = int(_scalar_as(step, _dt.int64))
        with np.errstate(over="ignore"):
            return (index * np.int64(xstep) + np.int64(xstart)).astype(dtype._np)
    if dtype.itemsize >= 4:  # float32 and float64 accumulate in double
        acc, fma, lane_fma = np.float64, _fma, _fma
    else:  # float16 and bfloat16 accumulate in float; the bfloat16 vector kernel rounds k * step first
        acc, fma = np.float32, _fma32
        lane_fma = _fma32 if dtype is _dt.float16 else _mul_add
        start, step = float(_scalar_as(start, _dt.float32)), float(_scalar_as(step, _dt.float32))
    lanes = _VECTOR_BYTES // dtype.itemsize
    body = size - size % (2 * lanes)
    xstart, xstep = acc(start), acc(step)
    with np.errstate(all="ignore"):
        values = fma(xstep, index.astype(acc), xstart)
        if body:  # each vector starts from a base rounded to the element type
            base = np.repeat(values[:body:lanes].astype(dtype._np).astype(acc), lanes)
            lane = np.tile(np.arange(lanes, dtype=acc), body // lanes)
            values[:body] = lane_fma(xstep, lane, base)
        return values.astype(dtype._np)


def _mul_add(a, b, c):
    return a * b + c


def _space_args(start, end, steps, name):
    start = _number(start, name, "start", 1)
    end = _number(end, name, "end", 2)
    steps = _int_param(steps, name, "steps", 3)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    return start, end, steps


def _space_ends(start, end, dtype):
    """``start`` and ``end`` converted to the element type (PyTorch's checked Scalar conversion)."""
    s, e = _scalar_as(start, dtype), _scalar_as(end, dtype)
    if dtype._kind == 1:
        return int(s), int(e)
    return s, e


def _halves(steps, lower, upper):
    """Values computed from ``start`` for the first half of the indices and from ``end`` for the second."""
    index = np.arange(steps, dtype=np.int64)
    half = steps // 2
    return np.concatenate((lower(index[:half]), upper(steps - 1 - index[half:])))


def _single(steps, value, dtype):
    """The result of a one-step (or empty) range: ``value`` filled in as ``Tensor.fill_`` converts it."""
    if not steps:
        return np.empty(0, dtype._np)
    return np.full(1, _scalar_as(value, dtype, 1), dtype._np)


def _linspace_values(start, end, steps, dtype):
    """PyTorch's CPU linspace: the first half stepped from ``start``, the second half back from ``end``."""
    s, e = _space_ends(start, end, dtype)
    if dtype._kind == 1:  # the step is a double, each value truncated
        step = (float(e) - float(s)) / (steps - 1)
        values = _halves(steps, lambda i: _fma(np.full(len(i), step), i.astype(np.float64), np.float64(s)),
                         lambda j: _fma(np.full(len(j), -step), j.astype(np.float64), np.float64(e)))
        with np.errstate(invalid="ignore"):
            return values.astype(dtype._np)
    if dtype._kind == 3:
        return _complex_parts(lambda r: _linspace_values(r[0], r[1], steps, dtype.to_real()),
                              ((s.real, e.real), (s.imag, e.imag)), dtype)
    np_type = dtype._np.type
    if dtype.itemsize == 2:  # c10::Half and c10::BFloat16 round after every operation
        step = (e - s) / np_type(steps - 1)
        return _halves(steps, lambda i: s + step * i.astype(dtype._np), lambda j: e - step * j.astype(dtype._np))
    fma = _fma if dtype is _dt.float64 else _fma32
    step = (e - s) / np_type(steps - 1)
    return _halves(steps, lambda i: fma(np.full(len(i), step), i.astype(dtype._np), s),
                   lambda j: fma(np.full(len(j), -step), j.astype(dtype._np), e)).astype(dtype._np)


def _complex_parts(compute, parts, dtype):
    """A complex result computed part by part, as PyTorch's component-wise complex arithmetic does."""
    real, imag = (compute(p) for p in parts)
    return (real + 1j * imag.astype(real.dtype)).astype(dtype._np) if len(real) else np.empty(0, dtype._np)


def linspace(start, end, steps, *, out=None, dtype=None, layout=None, device=None, requires_grad=False,
             pin_memory=False):
    """``steps`` values evenly spaced from ``start`` to ``end``, both included."""
    start, end, steps = _space_args(start, end, steps, "linspace")
    dtype = _range_dtype((start, end), dtype_arg(dtype, "linspace"), out, "linspace")
    if dtype is _dt.bool:
        raise _not_implemented("linspace_cpu", dtype)
    with np.errstate(all="ignore"):
        if steps <= 1:
            values = _single(steps, start, dtype)
        else:
            values = _linspace_values(start, end, steps, dtype)
    if out is not None:
        return _range_out(out, values, "linspace")
    return finish(values, dtype, device, requires_grad)


def logspace(start, end, steps, base=10.0, *, out=None, dtype=None, layout=None, device=None,
             requires_grad=False, pin_memory=False):
    """``steps`` values from ``base ** start`` to ``base ** end``, evenly spaced on a log scale."""
    start, end, steps = _space_args(start, end, steps, "logspace")
    base = _number(base, "logspace", "base", 4)
    dtype = _range_dtype((start, end), dtype_arg(dtype, "logspace"), out, "logspace")
    if dtype is _dt.bool:
        raise _not_implemented("logspace_cpu", dtype)
    with np.errstate(all="ignore"):
        if steps <= 1:
            values = _single(steps, _power(base, start), dtype)
        elif dtype._kind == 3:
            values = _logspace_complex(start, end, steps, base, dtype)
        else:  # unlike linspace's, this kernel is built without fused multiply-adds
            s, e = _space_ends(start, end, dtype)
            step = float(e - s) / (steps - 1)  # the difference is taken in the element type
            base = np.float64(base)
            values = _halves(steps, lambda i: np.power(base, s + step * i.astype(np.float64)),
                             lambda j: np.power(base, e - step * j.astype(np.float64)))
            values = values.astype(dtype._np) if dtype._kind == 1 else _narrow(values, dtype)
    if out is not None:
        return _range_out(out, values, "logspace")
    return finish(values, dtype, device, requires_grad)


def _power(base, exponent):
    """``base ** exponent`` as C++'s std::pow computes it for a real base and a real or complex exponent."""
    if not isinstance(exponent, builtins.complex):
        return np.power(np.float64(base), np.float64(exponent)).item()
    if base > 0:  # libstdc++ takes the polar form for a positive real base
        rho = np.power(np.float64(base), np.float64(exponent.real)).item()
        theta = exponent.imag * math.log(base)
        return builtins.complex(rho * math.cos(theta), rho * math.sin(theta))
    return np.exp(np.complex128(exponent) * np.log(np.complex128(base))).item()


def _logspace_complex(start, end, steps, base, dtype):
    """Complex logspace as PyTorch computes it: exponents in the element type (the step by a reciprocal
    multiply, each product rounded before the add), then ``exp(exponent * log(base))``."""
    s, e = _space_ends(start, end, dtype)
    real = dtype.to_real()._np.type
    inverse = real(1) / real(steps - 1)
    parts = []
    for lo, hi in ((s.real, e.real), (s.imag, e.imag)):
        step = real(hi - lo) * inverse
        parts.append(_halves(steps, lambda i: lo + step * i.astype(real), lambda j: hi - step * j.astype(real)))
    exponents = (parts[0] + 1j * parts[1]).astype(dtype._np)
    return np.exp(exponents * np.log(dtype._np.type(base)))


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
        raise _not_implemented(name, dtype)
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
# Ops that build tensors from tensors: the out= protocol they share


def _store(out, array, name):
    """Write an op's result into ``out=``, warning as PyTorch does when a non-empty ``out`` must be resized."""
    if out._data.shape != array.shape and out._data.size:
        warnings.warn(f"An output with one or more elements was resized since it had shape {list(out._data.shape)}, "
                      f"which does not match the required output shape {list(array.shape)}. This behavior is "
                      "deprecated, and in a future PyTorch release outputs will not be resized unless they have zero "
                      "elements. You can explicitly reuse an out tensor t by resizing it, inplace, to zero elements "
                      "with t.resize_(0).", UserWarning, stacklevel=3)
    return _write_out(out, array, name)


def _tensor_args(tensors, name):
    """The tensors of a list argument, with PyTorch's TypeErrors for anything else."""
    if not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, not "
                        f"{_type_name(tensors)}")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {_type_name(t)}")
    return tensors


def _promoted(tensors):
    dtype = tensors[0]._dtype
    for t in tensors[1:]:
        if t._dtype is not dtype:
            dtype = _dt.promote_types(dtype, t._dtype)
    return dtype


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
        from .ops.common import broadcast_error
        raise broadcast_error(a._data.shape, b._data.shape) from None
    return a._dtype.to_complex(), shape


def _complex_result(parts, dtype, shape, operands, out, name):
    """Assemble (real, imag) arrays into a complex tensor laid out as TensorIterator lays it out."""
    strides = iterator_strides(shape, [np.broadcast_to(t._data, shape).strides for t in operands])
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
    return _complex_result((real._data, imag._data), dtype, shape, (real, imag), out, "complex")


def polar(abs, angle, *, out=None):
    """The complex tensor ``abs * (cos(angle) + i sin(angle))``."""
    dtype, shape = _complex_operands(abs, angle, "polar")
    with np.errstate(all="ignore"):
        parts = (abs._data * np.cos(angle._data), abs._data * np.sin(angle._data))
    return _complex_result(parts, dtype, shape, (abs, angle), out, "polar")


# ---------------------------------------------------------------------------------------------
# Triangles and diagonals


def _triangle_keep(array, diagonal, lower):
    """The (rows, cols) mask of the elements a tril/triu keeps."""
    rows, cols = array.shape[-2:]
    keep = np.tri(rows, cols, diagonal, dtype=np.bool_)
    return keep if lower else ~np.tri(rows, cols, diagonal - 1, dtype=np.bool_)


def _triangle(input, diagonal, out, name, lower):
    _check_input(input, name)
    diagonal = _int_param(diagonal, name, "diagonal", 2)
    if input._data.ndim < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")
    if out is not None and out._dtype is not input._dtype:
        raise RuntimeError(f"Expected out tensor to have dtype {_CPP_TYPES[input._dtype]}, but got "
                           f"{_CPP_TYPES[out._dtype]} instead")
    array = np.array(input._data, order="C")
    array[..., ~_triangle_keep(array, diagonal, lower)] = 0
    if out is not None:
        return _store(out, array, name)
    return _wrap(array, input._dtype)


def _triangle_(self, diagonal, lower):
    from .ops.common import check_writable
    name = "tril_" if lower else "triu_"
    diagonal = _int_param(diagonal, name, "diagonal", 2)
    if self._data.ndim < 2:
        raise RuntimeError(f"{name[:-1]}: input tensor must have at least 2 dimensions")
    check_writable(self)
    self._data[..., ~_triangle_keep(self._data, diagonal, lower)] = 0
    self._bump_version()
    return self


def tril(input, diagonal=0, *, out=None):
    """The lower triangle of the last two dims (on and below ``diagonal``); the rest set to 0."""
    return _triangle(input, diagonal, out, "tril", True)


def triu(input, diagonal=0, *, out=None):
    """The upper triangle of the last two dims (on and above ``diagonal``); the rest set to 0."""
    return _triangle(input, diagonal, out, "triu", False)


def tril_(self, diagonal=0):
    """In-place :func:`tril`."""
    return _triangle_(self, diagonal, True)


def triu_(self, diagonal=0):
    """In-place :func:`triu`."""
    return _triangle_(self, diagonal, False)


def diag(input, diagonal=0, *, out=None):
    """A 1-d input laid on a diagonal of a square matrix, or the diagonal of a 2-d input as a new 1-d tensor."""
    _check_input(input, "diag")
    diagonal = _int_param(diagonal, "diag", "diagonal", 2)
    array = input._data
    if array.ndim not in (1, 2):
        raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {array.ndim}D")
    result = np.diag(array, diagonal) if array.ndim == 1 else np.diagonal(array, diagonal).copy()
    if out is not None:
        if not _dt.can_cast(input._dtype, out._dtype):
            raise RuntimeError(f"diag: result type {input._dtype._legacy} can't be cast to the desired out= type "
                               f"{out._dtype._legacy}")
        if out._dtype is not input._dtype:
            raise RuntimeError(f"Expected out tensor to have dtype {_CPP_TYPES[input._dtype]}, but got "
                               f"{_CPP_TYPES[out._dtype]} instead")
        return _store(out, result, "diag")
    return _wrap(result, input._dtype)


def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    """Tensors whose (dim1, dim2) planes hold the last dim of ``input`` on diagonal ``offset``."""
    _check_input(input, "diag_embed")
    array = input._data
    ndim = array.ndim + 1
    d1, d2 = _wrap_dim(dim1, ndim), _wrap_dim(dim2, ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    length = array.shape[-1]
    n = length + builtins.abs(offset)
    planes = np.zeros(array.shape[:-1] + (n, n), array.dtype)
    index = np.arange(length)
    planes[..., index + max(-offset, 0), index + max(offset, 0)] = array
    return _wrap(np.array(np.moveaxis(planes, (-2, -1), (d1, d2)), order="C"), input._dtype)


def diagflat(input, offset=0):
    """The flattened input laid on diagonal ``offset`` of a square matrix."""
    _check_input(input, "diagflat")
    return _wrap(np.diag(input._data.reshape(-1), offset), input._dtype)


# ---------------------------------------------------------------------------------------------
# Joining tensors: cat and stack and their variants


def _cast_arrays(tensors, dtype):
    return [t._data if t._dtype is dtype else _cast(t._data, dtype) for t in tensors]


def _check_out_cast(dtype, out):
    if out is not None and not _dt.can_cast(dtype, out._dtype):
        raise TypeError(f"torch.cat(): input types can't be cast to the desired output type {out._dtype._legacy}")


def cat(tensors, dim=0, *, out=None):
    """Tensors joined along an existing dim (their dtypes promoted together).

    As in PyTorch, 1-d empty tensors are skipped whatever their shape elsewhere.
    """
    tensors = _tensor_args(tensors, "cat")
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    dtype = _promoted(tensors)
    _check_out_cast(dtype, out)
    for i, t in enumerate(tensors):
        if not t._data.ndim:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be concatenated")
    kept = [(i, t) for i, t in enumerate(tensors) if t._data.shape != (0,)]
    if kept:
        first = kept[0][1]._data.shape
        d = _wrap_dim(dim, len(first))
        for i, t in kept[1:]:
            _check_cat_shape(first, t._data.shape, d, i)
        shape = list(first)
        shape[d] = sum(t._data.shape[d] for _, t in kept)
        result = np.empty(shape, dtype._np)
        np.concatenate(_cast_arrays([t for _, t in kept], dtype), axis=d, out=result)
    else:
        result = np.empty(0, dtype._np)
    if out is not None:
        return _store(out, result, "cat")
    return _wrap(result, dtype)


def _check_cat_shape(first, shape, dim, index):
    if len(shape) != len(first):
        raise RuntimeError(f"Tensors must have same number of dimensions: got {len(first)} and {len(shape)}")
    for d, (a, b) in enumerate(zip(first, shape)):
        if d != dim and a != b:
            raise RuntimeError(f"Sizes of tensors must match except in dimension {dim}. Expected size {a} but got "
                               f"size {b} for tensor number {index} in the list.")


def concat(tensors, dim=0, *, out=None):
    """Alias of :func:`cat`."""
    return cat(tensors, dim, out=out)


def concatenate(tensors, axis=0, *, dim=None, out=None):
    """Alias of :func:`cat` (NumPy's spelling, with ``axis``)."""
    return cat(tensors, axis if dim is None else dim, out=out)


def stack(tensors, dim=0, *, out=None):
    """Tensors of one shape joined along a new dim."""
    tensors = _tensor_args(tensors, "stack")
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    shape = tensors[0]._data.shape
    for i, t in enumerate(tensors[1:], 1):
        if t._data.shape != shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got {list(shape)} at entry 0 and "
                               f"{list(t._data.shape)} at entry {i}")
    d = _wrap_dim(dim, len(shape) + 1)
    dtype = _promoted(tensors)
    _check_out_cast(dtype, out)
    result = np.empty(shape[:d] + (len(tensors),) + shape[d:], dtype._np)
    np.stack(_cast_arrays(tensors, dtype), axis=d, out=result)
    if out is not None:
        return _store(out, result, "stack")
    return _wrap(result, dtype)


def _stacked(tensors, name, reshape, dim, out):
    """The hstack family: each input reshaped by ``reshape``, then concatenated along ``dim``."""
    tensors = _tensor_args(tensors, name)
    if not tensors:
        raise RuntimeError(f"{name} expects a non-empty TensorList")
    parts = [reshape(t) for t in tensors]
    return cat(parts, dim(parts), out=out)


def hstack(tensors, *, out=None):
    """Tensors joined column-wise: along dim 0 for 1-d (and 0-d) inputs, dim 1 otherwise."""
    return _stacked(tensors, "hstack", atleast_1d, lambda parts: 0 if parts[0]._data.ndim == 1 else 1, out)


def vstack(tensors, *, out=None):
    """Tensors joined row-wise, 0-d and 1-d ones first made rows."""
    return _stacked(tensors, "vstack", atleast_2d, lambda parts: 0, out)


row_stack = vstack


def dstack(tensors, *, out=None):
    """Tensors joined depth-wise (along dim 2), after :func:`atleast_3d`."""
    return _stacked(tensors, "dstack", atleast_3d, lambda parts: 2, out)


def column_stack(tensors, *, out=None):
    """Tensors joined as columns: 0-d and 1-d inputs become columns, others are joined along dim 1."""
    def as_column(t):
        return _shape.reshape(t, (t._data.size, 1)) if t._data.ndim <= 1 else t

    return _stacked(tensors, "column_stack", as_column, lambda parts: 1, out)


def _at_least(tensors, name, grow):
    if len(tensors) == 1:
        if isinstance(tensors[0], Tensor):
            return grow(tensors[0])
        tensors = tensors[0]
    return tuple(grow(t) for t in _tensor_args(tensors, name))


def atleast_1d(*tensors):
    """Each input with at least one dim (0-d tensors become views of shape (1,)); one input gives one tensor."""
    return _at_least(tensors, "atleast_1d", lambda t: _shape.reshape(t, (1,)) if not t._data.ndim else t)


def atleast_2d(*tensors):
    """Each input with at least two dims: 0-d becomes (1, 1), 1-d of length n becomes (1, n)."""
    def grow(t):
        if t._data.ndim >= 2:
            return t
        return _shape.unsqueeze(t, 0) if t._data.ndim else _shape.reshape(t, (1, 1))

    return _at_least(tensors, "atleast_2d", grow)


def atleast_3d(*tensors):
    """Each input with at least three dims: (n,) becomes (1, n, 1) and (m, n) becomes (m, n, 1)."""
    def grow(t):
        ndim = t._data.ndim
        if ndim == 0:
            return _shape.reshape(t, (1, 1, 1))
        if ndim == 1:
            return _shape.unsqueeze(_shape.unsqueeze(t, 0), -1)
        return _shape.unsqueeze(t, -1) if ndim == 2 else t

    return _at_least(tensors, "atleast_3d", grow)


def block_diag(*tensors):
    """A matrix with the inputs (0-d, 1-d as rows, or 2-d) as blocks along its diagonal, zeros elsewhere."""
    tensors = _tensor_args(tensors, "block_diag")
    for i, t in enumerate(tensors):
        if t._data.ndim > 2:
            raise RuntimeError(f"torch.block_diag: Input tensors must have 2 or fewer dimensions. Input {i} has "
                               f"{t._data.ndim} dimensions")
    if not tensors:
        return _wrap(np.zeros((1, 0), _dt.get_default_dtype()._np))
    dtype = _promoted(tensors)
    blocks = [t._data.reshape((1, -1) if t._data.ndim < 2 else t._data.shape) for t in tensors]
    result = np.zeros((sum(b.shape[0] for b in blocks), sum(b.shape[1] for b in blocks)), dtype._np)
    row = col = 0
    for block in blocks:
        rows, cols = block.shape
        _cast_into(result[row:row + rows, col:col + cols], block)
        row, col = row + rows, col + cols
    return _wrap(result, dtype)


# ---------------------------------------------------------------------------------------------
# Grids: meshgrid and cartesian_prod


def meshgrid(*tensors, indexing=None):
    """Coordinate grids from 1-d (or 0-d) tensors: one view per input, expanded over the others.

    ``indexing='ij'`` (the default, with a warning when not given) puts input i along dim i; ``'xy'`` swaps the
    first two dims, as in NumPy.
    """
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tensors[0]
    tensors = _tensor_args(tensors, "meshgrid")
    if indexing is None:
        if "meshgrid" not in _warned:
            _warned.add("meshgrid")
            warnings.warn("torch.meshgrid: in an upcoming release, it will be required to pass the indexing "
                          "argument.", UserWarning, stacklevel=2)
        indexing = "ij"
    elif indexing not in ("ij", "xy"):
        raise RuntimeError(f'torch.meshgrid: indexing must be one of "xy" or "ij", but received: {indexing}')
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    for t in tensors:
        if t._dtype is not tensors[0]._dtype:
            raise RuntimeError("meshgrid expects all tensors to have the same dtype")
        if t._data.ndim > 1:
            raise RuntimeError(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: {t}")
    swap = indexing == "xy" and len(tensors) >= 2
    if swap:
        tensors = [tensors[1], tensors[0], *tensors[2:]]
    shape = tuple(t._data.size for t in tensors)
    grids = []
    for i, t in enumerate(tensors):
        view = [1] * len(tensors)
        view[i] = shape[i]
        grids.append(_shape.expand(_shape.reshape(t, view), shape))
    if swap:
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)


def cartesian_prod(*tensors):
    """Every combination of elements of 1-d tensors, one combination per row (a single input comes back as is)."""
    tensors = _tensor_args(tensors, "cartesian_prod")
    for t in tensors:
        if t._data.ndim != 1:
            raise RuntimeError(f"Expect a 1D vector, but got shape {list(t._data.shape)}")
    if len(tensors) == 1:
        return tensors[0]
    grids = meshgrid(*tensors, indexing="ij")
    return _wrap(np.stack([g._data.reshape(-1) for g in grids], axis=1), grids[0]._dtype)
