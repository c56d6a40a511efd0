"""Argument handling every op family shares: dims, operands and their promotion, results and ``out=``."""
import operator
import warnings

import numpy as np

from .. import dtypes as _dt
from ..autograd.grad_mode import is_grad_enabled
from ..tensor import Tensor, _wrap, _wrap_dim

# PyTorch computes through overflow, 0/0 and x/0 silently. NumPy's floating-point warnings raised from Ember's
# own frames would be noise to Ember's users; their own NumPy code still warns.
warnings.filterwarnings("ignore", r"(overflow|invalid value|divide by zero|underflow) encountered", RuntimeWarning,
                        r"ember(\.|$)")

_INT_RANGE = {d: (int(np.iinfo(d._np).min), int(np.iinfo(d._np).max))
              for d in (_dt.uint8, _dt.int8, _dt.int16, _dt.int32, _dt.int64)}
_REDUCED = (_dt.float16, _dt.bfloat16)
_f32 = np.float32
_bf16 = _dt.bfloat16._np
_REDUCED_NP = (_dt.float16._np, _bf16)
# The C++ type names PyTorch prints for dtypes in its TensorOptions and out= dtype errors.
_CPP_TYPES = {_dt.bool: "bool", _dt.uint8: "unsigned char", _dt.int8: "signed char", _dt.int16: "short int",
              _dt.int32: "int", _dt.int64: "long int", _dt.float16: "c10::Half", _dt.bfloat16: "c10::BFloat16",
              _dt.float32: "float", _dt.float64: "double", _dt.complex64: "c10::complex<float>",
              _dt.complex128: "c10::complex<double>"}
_SMALLEST_INT, _INT_END = -(1 << 63), 1 << 64  # PyTorch reads Python ints as int64 or uint64

wrap_dim = _wrap_dim


def dims_of(dim, ndim):
    """A tuple of non-negative dims from an int, a sequence or None (all dims)."""
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, (int, np.integer)):
        return (_wrap_dim(dim, ndim),)
    dims = tuple(_wrap_dim(d, ndim) for d in dim)
    if len(set(dims)) != len(dims):
        for d in dims:
            if dims.count(d) > 1:
                raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
    return dims


def scalar_of(x):
    """The Python number PyTorch reads ``x`` as; None when ``x`` is not a number."""
    return _dt.py_scalar(x)


def as_tensor_arg(x):
    """Tensors pass through, NumPy arrays are shared, anything else is not an operand."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, np.ndarray):
        from ..creation import from_numpy
        return from_numpy(x)
    return None


def operand(x, name, position, op):
    """``x`` as an operand: a Tensor, or the Python number it stands for; TypeError for anything else."""
    if isinstance(x, Tensor):
        return x
    value = _dt.py_scalar(x)
    if value is not None:
        if type(value) is int and not _SMALLEST_INT <= value < _INT_END:
            raise OverflowError("int too big to convert")
        return value
    other = as_tensor_arg(x)
    if other is None:
        raise TypeError(f"{op}(): argument '{name}' (position {position}) must be Tensor, not {type(x).__name__}")
    return other


def invalid_arguments(op, *args):
    """PyTorch's TypeError for a call no overload of ``op(input, other)`` accepts."""
    got = ", ".join(type(a).__name__ for a in args)
    return TypeError(f"{op}() received an invalid combination of arguments - got ({got}), but expected one of:\n"
                     f" * (Tensor input, Tensor other, *, Tensor out = None)\n"
                     f" * (Tensor input, Number other, *, Tensor out = None)\n")


def _type_name(x):
    """The type name PyTorch's argument errors print: ``Tensor``, ``float``, ``numpy.ndarray``..."""
    if isinstance(x, Tensor):
        return "Tensor"
    kind = type(x)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"


def _int_arg(x):
    """``x`` as an integer argument (anything with ``__index__``: NumPy ints, one-element integer tensors), or None."""
    if type(x) is int:
        return x
    try:
        return operator.index(x)
    except TypeError:
        return None


def _int_param(x, name, arg, position):
    n = _int_arg(x) if type(x) is not bool else None
    if n is None:
        raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be int, not {_type_name(x)}")
    return n


def _check_input(input, name):
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {_type_name(input)}")


def cast_scalar(value, dtype):
    """A Python number converted as PyTorch converts it to ``dtype`` (integers wrap around)."""
    kind = dtype._kind
    if kind == 1:
        if type(value) is int:
            low, high = _INT_RANGE[dtype]
            if not low <= value <= high:
                bits = 8 * dtype.itemsize
                value &= (1 << bits) - 1
                return value - (1 << bits) if value > high else value
            return value
        return int(value)
    if kind == 0:
        return bool(value)
    if kind == 2 and type(value) is complex:
        return value.real
    return value


def operands(a, b, opmath=False, to_float=False):
    """The arrays (or numbers) to hand NumPy for a binary op, and the dtype PyTorch computes in.

    ``a`` and ``b`` are Tensors or Python numbers (see :func:`operand`). Each is converted to the result dtype;
    with ``to_float`` (true division) an integer result dtype becomes the default float. A float16/bfloat16
    result is computed in float32 as PyTorch's CPU kernels do: operands are rounded to the result dtype first,
    except that with ``opmath`` (the kernels of mul and div) a number or single-valued tensor in second place
    keeps its float32 value.
    """
    if type(a) is Tensor and type(b) is Tensor and a._dtype is b._dtype:
        dtype = a._dtype
        if dtype not in _REDUCED and (dtype._kind > 1 or not to_float):
            return a._data, b._data, dtype
    dtype = _dt.result_type_of((a, b))
    if to_float and dtype._kind < 2:
        dtype = _dt.get_default_dtype()
    if dtype in _REDUCED:
        return _in_float32(a, dtype, False), _in_float32(b, dtype, opmath), dtype
    x, y = _converted(a, dtype), _converted(b, dtype)
    if not isinstance(a, Tensor) and not isinstance(b, Tensor):
        x = np.asarray(x, dtype._np)  # two numbers: compute in the result dtype, not in NumPy's float64
    return x, y, dtype


def _converted(x, dtype):
    if isinstance(x, Tensor):
        return x._data if x._dtype is dtype else x._data.astype(dtype._np)
    return cast_scalar(x, dtype)


def _in_float32(x, dtype, keep):
    """A float32 operand for a reduced-precision result: rounded to ``dtype`` unless ``keep``-ing full precision."""
    if isinstance(x, Tensor):
        array = x._data
        if x._dtype is not dtype and not (keep and single_valued(array)):
            array = array.astype(dtype._np)
        return array.astype(_f32)
    # PyTorch converts a number to float16/bfloat16 by way of float32
    return _f32(x) if keep else _f32(dtype._np.type(_f32(x)))


def single_valued(array):
    """Whether every element of ``array`` is the same memory (PyTorch's TensorIterator 'scalar' operand)."""
    return all(s == 0 or n == 1 for n, s in zip(array.shape, array.strides))


def compute(ufunc, x, y, *args):
    """``ufunc(x, y)`` with NumPy's broadcasting error turned into PyTorch's."""
    try:
        return ufunc(x, y, *args)
    except ValueError:
        raise broadcast_error(np.shape(x), np.shape(y)) from None


def result(array, dtype, out=None, layout=()):
    """Wrap a computed array as the op's result, or write it into ``out=``.

    ``layout`` holds the op's operands: where a tensor among them is not C-contiguous the result takes the
    strides PyTorch's TensorIterator would give it (NumPy resolves conflicting layouts differently).
    """
    if out is not None:
        for x in layout:
            if isinstance(x, Tensor):
                check_no_partial_overlap(out, x)
        return write_out(out, array, dtype)
    if array.dtype != dtype._np:
        array = array.astype(dtype._np)
    for x in layout:
        if isinstance(x, Tensor) and not x._data.flags.c_contiguous:
            array = _relayout(array, [t._data for t in layout if isinstance(t, Tensor)])
            break
    return _wrap(array, dtype)


def _relayout(array, operands):
    """``array`` copied, if need be, into the strides TensorIterator computes from the operands' strides."""
    shape = array.shape
    if array.size < 2:
        return array
    item = array.itemsize
    strides = iterator_strides(shape, [operand_strides(x, shape) for x in operands])
    if tuple(s * item for s in strides) == array.strides:
        return array
    out = np.ndarray(shape, array.dtype, np.empty(array.size * item, np.uint8), 0, [s * item for s in strides])
    np.copyto(out, array)
    return out


def operand_strides(array, shape):
    """``array``'s byte strides as an operand of an iteration over ``shape``: 0 only where it is broadcast (a
    size-1 dim that the result does not share keeps its stride, as in TensorIterator)."""
    lead = len(shape) - array.ndim
    return tuple(0 if d < lead or array.shape[d - lead] != n else array.strides[d - lead] for d, n in enumerate(shape))


def iterator_strides(shape, strides_of_operands):
    """Element strides of the output TensorIterator allocates for operands with these broadcast strides.

    Dims are ordered fastest-first by the first operand whose strides decide (broadcast dims abstain; equal
    strides put the smaller dim first), then the output is dense in that order.
    """
    from .shape import iteration_order

    out, step = [0] * len(shape), 1
    for d in iteration_order(shape, strides_of_operands):
        out[d] = step
        step *= shape[d]
    return out


def check_no_partial_overlap(out, operand):
    """Refuse to write into ``out`` while reading ``operand`` when the two overlap without being the same view."""
    a, b = out._data, operand._data
    if a is b or not a.size or not b.size or not np.may_share_memory(a, b):
        return
    if a.shape == b.shape and a.strides == b.strides and a.ctypes.data == b.ctypes.data:
        return
    from .shape import _non_overlapping_and_dense
    if _non_overlapping_and_dense(a.shape, out._strides()) and _non_overlapping_and_dense(b.shape, operand._strides()):
        raise RuntimeError("unsupported operation: some elements of the input tensor and the written-to tensor refer "
                           "to a single memory location. Please clone() the tensor before performing the operation.")


def check_output_shape(out, *shapes):
    """The operands' broadcast shape must be ``out``'s own shape (for in-place ops)."""
    target = out._data.shape
    if all(shape == target for shape in shapes):
        return
    try:
        shape = np.broadcast_shapes(target, *shapes)
    except ValueError:
        raise broadcast_error(target, shapes[0]) from None
    if shape != target:
        raise RuntimeError(f"output with shape {list(target)} doesn't match the broadcast shape {list(shape)}")


def like(input, array, dtype):
    """``array`` in a new tensor laid out as PyTorch's ``empty_like(input)``: a dense (or empty) input's strides
    kept, others made dense in the same order."""
    from .shape import _copy_with_strides, _dense_strides_like, _non_overlapping_and_dense, _owning
    shape, strides = input._data.shape, input._strides()
    if input._data.size and not _non_overlapping_and_dense(shape, strides):  # an empty one counts as dense
        strides = _dense_strides_like(shape, strides)
    return _owning(_copy_with_strides(array, strides), dtype)


def write_out(out, array, dtype):
    """Write a result into ``out=``: check the cast, resize ``out`` if its shape differs."""
    _dt.check_cast(dtype, out._dtype)
    if out._data.shape != np.shape(array):
        from .shape import set_data
        set_data(out, np.asarray(array).astype(out._dtype._np))
    else:
        check_writable(out)
        np.copyto(out._data, array, casting="unsafe")
        out._bump_version()
    return out


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
        if dst.dtype in _REDUCED_NP or src.dtype == _bf16 and dst.dtype.kind in "iub":
            src = src.astype(_f32)
        np.copyto(dst, src, casting="unsafe")


def _cast(array, dtype):
    """``array`` converted to ``dtype`` as a new C-contiguous array."""
    out = np.empty(np.shape(array), dtype._np)
    _cast_into(out, array)
    return out


def _write_out(out, array, name):
    """Store a result in ``out=``: in place when the shape fits, else resized to contiguous.

    ``name`` is how PyTorch's autograd check names the op (``aten::zeros`` for factories, ``cat`` for ops).
    """
    if out._requires_grad and is_grad_enabled():
        raise RuntimeError(f"{name}(): functions with out=... arguments don't support automatic "
                           "differentiation, but one of the arguments requires grad.")
    return write_out(out, array if array.dtype == out._dtype._np else _cast(array, out._dtype), out._dtype)


def _store(out, array, name):
    """Write an op's result into ``out=``, warning as PyTorch does when a non-empty ``out`` must be resized."""
    if out._data.shape != array.shape and out._data.size:
        warnings.warn(f"An output with one or more elements was resized since it had shape {list(out._data.shape)}, "
                      f"which does not match the required output shape {list(array.shape)}. This behavior is "
                      "deprecated, and in a future PyTorch release outputs will not be resized unless they have zero "
                      "elements. You can explicitly reuse an out tensor t by resizing it, inplace, to zero elements "
                      "with t.resize_(0).", UserWarning, stacklevel=3)
    return _write_out(out, array, name)


def inplace(self, array, dtype):
    """Store an op's result into ``self`` (``x.add_(y)``): the cast and the shape must fit."""
    if dtype is not self._dtype:
        _dt.check_cast(dtype, self._dtype)
    target = self._data
    if np.shape(array) != target.shape:
        check_output_shape(self, np.shape(array))
    check_writable(self)
    np.copyto(target, array, casting="unsafe")
    self._bump_version()
    return self


def check_writable(t):
    """Refuse to write into a tensor whose elements overlap in memory (an expanded view)."""
    array = t._data
    if 0 in array.strides:
        for n, s in zip(array.shape, array.strides):
            if s == 0 and n > 1:
                raise RuntimeError("unsupported operation: more than one element of the written-to tensor refers "
                                   "to a single memory location. Please clone() the tensor before performing the "
                                   "operation.")


def broadcast_error(a_shape, b_shape):
    """PyTorch's message for shapes that do not broadcast."""
    na, nb = len(a_shape), len(b_shape)
    n = max(na, nb)
    for i in range(1, n + 1):
        sa = a_shape[-i] if i <= na else 1
        sb = b_shape[-i] if i <= nb else 1
        if sa != sb and sa != 1 and sb != 1:
            return RuntimeError(f"The size of tensor a ({sa}) must match the size of tensor b ({sb}) at "
                                f"non-singleton dimension {n - i}")
    return RuntimeError("shapes cannot be broadcast")


def type_name(dtype):
    """The C++ scalar-type name PyTorch uses in 'not implemented for' messages."""
    return dtype._legacy


def not_implemented(kernel, dtype):
    """PyTorch's error for a kernel without a loop for ``dtype``."""
    return NotImplementedError(f'"{kernel}" not implemented for \'{dtype._legacy}\'')
