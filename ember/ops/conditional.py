"""Clamping, selection by a condition, masked fills, logical combinations and closeness tests."""
import warnings

import ml_dtypes
import numpy as np

from .. import dtypes as _dt
from ..autograd.grad_mode import no_grad
from ..autograd.graph import Node, no_out, record, wants_grad
from ..autograd.inplace import rebase
from ..creation import _scalar_as
from ..tensor import Tensor, _wrap
from .common import (_CPP_TYPES, _check_input, _type_name, broadcast_error, cast_scalar, check_no_partial_overlap,
                     check_output_shape, compute, inplace, like, not_implemented, operand_strides, result, write_out)
from .shape import _copy_with_strides, _owning, iteration_order

_bool = _dt.bool
_f32 = np.float32
_bf16 = _dt.bfloat16


def _number(x):
    """The Python number ``x`` stands for (NumPy scalars included), or None."""
    return _dt.py_scalar(x)


_F32_MAX = float(np.finfo(np.float32).max)
_I64 = (-(1 << 63), (1 << 63) - 1)


def _scalar(value, dtype, numel=2):
    """A Python number as a NumPy scalar of ``dtype``, with PyTorch's overflow checks (short paths first)."""
    kind = type(value)
    if kind is float or kind is int and _I64[0] <= value <= _I64[1]:
        if dtype is _dt.float32 and -_F32_MAX <= value <= _F32_MAX:
            return np.float32(value)
        if dtype is _dt.float64:
            return np.float64(value)
        if dtype is _dt.int64 and kind is int:
            return np.int64(value)
    return _scalar_as(value, dtype, numel)


def _invalid(name, args, overloads):
    """PyTorch's TypeError for arguments no overload of ``name`` accepts."""
    got = ", ".join(_type_name(a) for a in args)
    lines = "".join(f" * ({o})\n" for o in overloads)
    return TypeError(f"{name}() received an invalid combination of arguments - got ({got}), but expected one of:\n"
                     f"{lines}")


# ---------------------------------------------------------------------------------------------
# clamp / clip


_CLAMP_OVERLOADS = {
    "clamp": ("Tensor input, Tensor min = None, Tensor max = None, *, Tensor out = None",
              "Tensor input, Number min = None, Number max = None, *, Tensor out = None"),
    "clamp_min": ("Tensor input, Tensor min, *, Tensor out = None", "Tensor input, Number min, *, Tensor out = None"),
    "clamp_max": ("Tensor input, Tensor max, *, Tensor out = None", "Tensor input, Number max, *, Tensor out = None"),
}
_SCALAR_KERNELS = {"clamp": "clamp_scalar_cpu", "clamp_min": "clamp_min_scalar_cpu",
                   "clamp_max": "clamp_max_scalar_cpu"}


def _bounds(name, input, bounds):
    """Each bound as a Tensor, a Python number or None; TypeError for anything else."""
    _check_input(input, name)
    parsed = []
    for b in bounds:
        if b is None or isinstance(b, Tensor) or type(b) is float or type(b) is int:
            parsed.append(b)
            continue
        value = _number(b)
        if value is None:
            raise _invalid(name, (input, *[x for x in bounds if x is not None]), _CLAMP_OVERLOADS[name])
        parsed.append(value)
    return parsed


def _clamp(name, input, low, high, out, self_out=False):
    """Dispatch to the scalar or the tensor kernel as PyTorch's overloads do."""
    if wants_grad(input, low, high):
        if self_out:
            _check_inplace_clamp(name, input, low, high)
            return rebase(input, lambda old: _clamp(name, old, low, high, None))
        no_out(name, out)
        with no_grad():
            r = _clamp(name, input, low, high, None)
        return _clamp_recorded(name, input, low, high, r)
    if isinstance(low, Tensor) or isinstance(high, Tensor):
        return _clamp_tensors(name, input, low, high, out, self_out)
    return _clamp_numbers(name, input, low, high, out, self_out)


def _clamp_numbers(name, input, low, high, out, self_out):
    """clamp with number bounds: they take part in promotion only for integer and bool inputs."""
    dtype = input._dtype
    complex_error = NotImplementedError("clamp is not supported for complex types")
    if dtype._kind == 3:
        raise complex_error
    if name != "clamp" and any(type(b) is complex for b in (low, high)):
        raise complex_error
    if dtype._kind < 2:
        promoted = _dt.result_type_of((input, low, high))
        if self_out and promoted is not dtype:
            raise RuntimeError(f"result type {promoted._legacy} can't be cast to the desired output type "
                               f"{_CPP_TYPES[dtype]}")
        if promoted._kind == 3:
            raise complex_error
        dtype = promoted
    if out is not None and out._dtype is not dtype:
        raise RuntimeError(f"Found dtype {out._dtype._legacy} but expected {dtype._legacy}")
    if dtype is _bool:
        kernel = "clamp" if low is not None and high is not None else "clamp_min" if low is not None else "clamp_max"
        raise not_implemented(_SCALAR_KERNELS[kernel], dtype)
    low, high = (None if b is None else _scalar_bound(b, dtype) for b in (low, high))
    x = input._data if input._dtype is dtype else input._data.astype(dtype._np)
    if low is None:
        r = np.minimum(x, high)
    elif high is None:
        r = np.maximum(x, low)
    else:
        r = np.minimum(np.maximum(x, low), high)
    if self_out:
        return inplace(input, r, dtype)
    if out is not None:
        check_no_partial_overlap(out, input)
    return result(r, dtype, out, (input,))


def _check_inplace_clamp(name, input, low, high):
    """The checks of the in-place kernel (shape, overlap, result dtype), run on a detached twin of ``input``."""
    twin = input.detach().clone()
    with no_grad():
        _clamp(name, twin, low.detach() if isinstance(low, Tensor) else low,
               high.detach() if isinstance(high, Tensor) else high, None, True)


def _clamp_recorded(name, input, low, high, r):
    """``r`` recorded as clamp's output: ClampBackward1 (number bounds), ClampBackward0 (tensor bounds),
    ClampMin/ClampMax Backward0/1 for clamp_min/clamp_max."""
    tensors = isinstance(low, Tensor) or isinstance(high, Tensor)
    if name == "clamp":
        node = ClampBackward0() if tensors else ClampBackward1(low, high)
    else:
        node = (ClampMinBackward1 if tensors else ClampMinBackward0) if name == "clamp_min" else \
            (ClampMaxBackward1 if tensors else ClampMaxBackward0)
        node = node() if tensors else node(low, high)
    if tensors:
        node.save(input, low, high)
        bounds = (low, high) if name == "clamp" else (low,) if name == "clamp_min" else (high,)
        return record(node, r, (input,) + bounds)
    node.save(input)
    return record(node, r, (input,))


def _passes(x, low, high):
    """Where the gradient passes through clamp: ``low <= x <= high`` (NaN blocks it)."""
    inside = None
    if low is not None:
        inside = x >= low
    if high is not None:
        inside = x <= high if inside is None else inside & (x <= high)
    return inside


class ClampBackward1(Node):
    """clamp with number bounds."""

    def __init__(self, low, high):
        super().__init__()
        self.low, self.high = low, high

    def backward(self, grad):
        (x,) = self.saved_tensors
        return where(_passes(x, self.low, self.high), grad, 0.0),


class ClampMinBackward0(ClampBackward1):
    pass


class ClampMaxBackward0(ClampBackward1):
    pass


class ClampBackward0(Node):
    """clamp with tensor bounds: the gradient goes to the input, or to the bound that was taken."""

    def backward(self, grad):
        x, low, high = self.saved_tensors
        dx = where(_passes(x, low, high), grad, 0.0) if self.needs(0) else None
        return (dx,) + _bound_grads(grad, x, low, high, self.needs(1), self.needs(2))


def _bound_grads(grad, x, low, high, need_low, need_high):
    """The gradients of the tensor bounds (None where not wanted)."""
    dlow = dhigh = None
    if low is not None and high is not None:
        if need_low:
            dlow = where((x < low) & (low < high), grad, 0.0)
        if need_high:
            dhigh = where((x > high) | (high < low), grad, 0.0)
    elif low is not None and need_low:
        dlow = where(x < low, grad, 0.0)
    elif high is not None and need_high:
        dhigh = where(x > high, grad, 0.0)
    return dlow, dhigh


class ClampMinBackward1(Node):
    def backward(self, grad):
        x, low, _ = self.saved_tensors
        return (where(x >= low, grad, 0.0) if self.needs(0) else None), _bound_grads(grad, x, low, None,
                                                                                        self.needs(1), False)[0]


class ClampMaxBackward1(Node):
    def backward(self, grad):
        x, _, high = self.saved_tensors
        return (where(x <= high, grad, 0.0) if self.needs(0) else None), _bound_grads(grad, x, None, high,
                                                                                         False, self.needs(1))[1]


def _scalar_bound(value, dtype):
    """A number bound converted to ``dtype`` with PyTorch's overflow check."""
    if type(value) is complex and dtype._kind == 2:
        if value.imag:  # the kernel reads a number bound as a double
            raise RuntimeError("value cannot be converted to type double without overflow")
        value = value.real
    return _scalar(value, dtype)


def _clamp_tensors(name, input, low, high, out, self_out):
    """clamp with tensor bounds: a ternary op (binary for clamp_min/clamp_max) with full promotion."""
    if name == "clamp" and input._dtype._kind == 3:
        raise NotImplementedError("clamp is not supported for complex types")
    operands = [b for b in (low, high) if b is not None]
    dtype = _dt.result_type_of((input, *operands))
    shape = input._data.shape
    for b in operands:
        if isinstance(b, Tensor):
            try:
                shape = np.broadcast_shapes(shape, b._data.shape)
            except ValueError:
                raise broadcast_error(shape, b._data.shape) from None
    if self_out:
        check_output_shape(input, shape)
        for b in operands:
            if isinstance(b, Tensor):
                check_no_partial_overlap(input, b)
        _dt.check_cast(dtype, input._dtype)
    elif out is not None:
        _dt.check_cast(dtype, out._dtype)
    if low is not None and high is not None:
        if dtype._kind == 3 or dtype is _bool:
            raise not_implemented("clamp_cpu", dtype)
    elif dtype._kind == 3:
        raise not_implemented("maximum_cpu" if low is not None else "minimum_cpu", dtype)
    x = _as(input, dtype)
    r = x
    if low is not None:
        r = np.maximum(r, _as(low, dtype))
    if high is not None:
        r = np.minimum(r, _as(high, dtype))
    if self_out:
        return inplace(input, r, dtype)
    return _iterated(np.asarray(r), dtype, out, (input, *operands))


def _iterated(array, dtype, out, operands):
    """The result laid out as TensorIterator lays it out for these operands (Tensors or numbers)."""
    tensors = [o for o in operands if isinstance(o, Tensor)]
    if out is not None:
        return result(array, dtype, out, tensors)
    if array.dtype != dtype._np:
        array = array.astype(dtype._np)
    shape = array.shape
    arrays = [o._data if isinstance(o, Tensor) else np.asarray(o) for o in operands]
    scalars = False
    for a in arrays:
        if not a.ndim:
            scalars = True
        elif a.shape != shape or not a.flags.c_contiguous:
            break
    else:
        # row-major operands (0-d ones abstain) give a row-major result, unless a size-1 dim's stride could
        # reorder the dims
        if not scalars or array.size and 1 not in shape:
            return _wrap(array if array.flags.c_contiguous else array.copy(), dtype)
    # dims ordered by the operands' own strides: a size-1 dim keeps its stride unless it is broadcast
    order = iteration_order(shape, [operand_strides(a, shape) for a in arrays])
    if order == list(range(len(shape) - 1, -1, -1)):  # row-major after all: PyTorch allocates it contiguous
        return _wrap(array if array.flags.c_contiguous else array.copy(), dtype)
    strides, step = [0] * len(shape), 1
    for d in order:
        strides[d] = step
        step *= shape[d]
    if tuple(s * array.itemsize for s in strides) != array.strides:
        array = _copy_with_strides(array, strides)
    return _owning(array, dtype)


def _as(x, dtype):
    """A tensor's array or a wrapped number in ``dtype`` (integers wrap around as PyTorch's casts do)."""
    if isinstance(x, Tensor):
        return x._data if x._dtype is dtype else x._data.astype(dtype._np)
    return np.asarray(cast_scalar(x, dtype)).astype(dtype._np)


def _clamp_bounds(input, min, max):
    """Both bounds parsed; a tensor beside a number must be 0-d, and is then read as a number (PyTorch's overloads)."""
    low, high = _bounds("clamp", input, (min, max))
    tensors = [isinstance(b, Tensor) for b in (low, high)]
    if any(tensors) and not all(tensors) and low is not None and high is not None:
        # a tensor is read as a number only when it is 0-d and does not require grad
        if any(b._data.ndim or b._requires_grad for b in (low, high) if isinstance(b, Tensor)):
            raise _invalid("clamp", (input, min, max), _CLAMP_OVERLOADS["clamp"])
        low, high = (b.item() if isinstance(b, Tensor) else b for b in (low, high))
    return low, high


def clamp(input, min=None, max=None, *, out=None):
    """Each element limited to ``[min, max]`` (``max`` wins where ``min > max``); NaN stays NaN."""
    low, high = _clamp_bounds(input, min, max)
    if low is None and high is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    return _clamp("clamp", input, low, high, out)


def clamp_(input, min=None, max=None):
    """In-place :func:`clamp`."""
    low, high = _clamp_bounds(input, min, max)
    if low is None and high is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    return _clamp("clamp", input, low, high, None, True)


def _one_sided(name, input, low, high, out=None, self_out=False):
    """clamp_min / clamp_max: the bound is required (a number or a tensor)."""
    bound = high if low is None else low
    (value,) = _bounds(name, input, (bound,))
    if value is None:
        raise _invalid(name, (input, bound), _CLAMP_OVERLOADS[name])
    low, high = (value, None) if low is not None else (None, value)
    return _clamp(name, input, low, high, out, self_out)


def clamp_min(input, min, *, out=None):
    """Each element at least ``min`` (:func:`clamp` with only ``min``)."""
    return _one_sided("clamp_min", input, min, None, out)


def clamp_max(input, max, *, out=None):
    """Each element at most ``max`` (:func:`clamp` with only ``max``)."""
    return _one_sided("clamp_max", input, None, max, out)


def clamp_min_(input, min):
    """In-place :func:`clamp_min`."""
    return _one_sided("clamp_min", input, min, None, None, True)


def clamp_max_(input, max):
    """In-place :func:`clamp_max`."""
    return _one_sided("clamp_max", input, None, max, None, True)


clip, clip_ = clamp, clamp_


# ---------------------------------------------------------------------------------------------
# nan_to_num


def _float_arg(name, arg, position, value, optional=True):
    """A float argument (numbers and one-element tensors), TypeError for others."""
    if value is None and optional:
        return None
    if isinstance(value, Tensor) and value._data.size == 1 and value._dtype._kind < 3:
        return float(value)
    number = _number(value)
    if number is None or type(number) is complex:
        where = f" (position {position})" if position else ""
        raise TypeError(f"{name}(): argument '{arg}'{where} must be float, not {_type_name(value)}")
    return float(number)


def _replaced(x, nan, posinf, neginf):
    """``x`` (a real floating array) with NaN and infinities replaced."""
    limits = _LIMITS[x.dtype]
    # PyTorch converts each replacement from double to the element type (overflowing to inf, no error)
    with np.errstate(over="ignore"):
        nan, posinf, neginf = (d if v is None else _to_element(v, x.dtype)
                               for v, d in ((nan, x.dtype.type(0)), (posinf, limits[0]), (neginf, limits[1])))
    r = x.copy()
    special = ~np.isfinite(x)
    if special.any():
        np.copyto(r, nan, where=np.isnan(x))
        np.copyto(r, posinf, where=special & (x > 0))
        np.copyto(r, neginf, where=special & (x < 0))
    return r


def _to_element(value, np_dtype):
    if np_dtype.itemsize == 2:  # float16/bfloat16 from double go through float32
        return np.float32(value).astype(np_dtype)
    return np_dtype.type(value)


_LIMITS = {d._np: (np.asarray(ml_dtypes.finfo(d._np).max, d._np), np.asarray(ml_dtypes.finfo(d._np).min, d._np))
           for d in (_dt.float16, _bf16, _dt.float32, _dt.float64)}


def nan_to_num(input, nan=0.0, posinf=None, neginf=None, *, out=None):
    """NaN, +inf and -inf replaced by ``nan``, ``posinf`` and ``neginf`` (the dtype's limits by default)."""
    _check_input(input, "nan_to_num")
    nan = _float_arg("nan_to_num", "nan", 2, nan)
    posinf = _float_arg("nan_to_num", "posinf", 3, posinf)
    neginf = _float_arg("nan_to_num", "neginf", 4, neginf)
    dtype = input._dtype
    if out is not None and out._dtype is not dtype:
        raise RuntimeError(f"nan_to_num: dtype of out: {out._dtype._legacy} should be same as input: "
                           f"{dtype._legacy}")
    x = input._data
    if dtype._kind < 2:
        r = x.copy()
    elif dtype._kind == 3:
        r = np.empty(x.shape, x.dtype)
        r.real = _replaced(x.real, nan, posinf, neginf)
        r.imag = _replaced(x.imag, nan, posinf, neginf)
    else:
        r = _replaced(x, nan, posinf, neginf)
    if wants_grad(input):
        no_out("nan_to_num", out)
        if dtype._kind == 3:
            raise RuntimeError("nan_to_num does not support automatic differentiation for outputs with complex dtype.")
        node = NanToNumBackward0()
        node.save(input)
        return record(node, _nan_to_num_result(r, input), (input,))
    if out is not None:
        return result(r, dtype, out, (input,))
    return _nan_to_num_result(r, input)


def _nan_to_num_result(r, input):
    """The replaced values laid out as PyTorch allocates them."""
    x = input._data
    dtype = input._dtype
    if x.flags.c_contiguous and x.size and 1 not in x.shape:  # row-major with no ambiguous strides
        return _wrap(r, dtype)
    return like(input, r, dtype)  # PyTorch allocates with empty_like


class NanToNumBackward0(Node):
    def backward(self, grad):
        from .unary import isfinite
        (x,) = self.saved_tensors
        return grad * isfinite(x),


def nan_to_num_(input, nan=0.0, posinf=None, neginf=None):
    """In-place :func:`nan_to_num`."""
    if input._requires_grad and wants_grad(input):
        return rebase(input, lambda old: nan_to_num(old, nan, posinf, neginf))
    r = nan_to_num(input, nan, posinf, neginf)
    return inplace(input, r._data, r._dtype)


# ---------------------------------------------------------------------------------------------
# where


_WHERE_OVERLOADS = ("Tensor condition", "Tensor condition, Tensor input, Tensor other, *, Tensor out = None",
                    "Tensor condition, Number self, Tensor other", "Tensor condition, Tensor input, Number other",
                    "Tensor condition, Number self, Number other")


def _condition(condition):
    """The condition's bool array; uint8 is accepted with PyTorch's deprecation warning."""
    dtype = condition._dtype
    if dtype is _dt.uint8:
        warnings.warn("where received a uint8 condition tensor. This behavior is deprecated and will be removed in "
                      "a future version of PyTorch. Use a boolean condition instead.", UserWarning, stacklevel=3)
        return condition._data.astype(bool)
    if dtype is not _bool:
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor with dtype "
                           f"{dtype._legacy}")
    return condition._data


def where(condition, input=None, other=None, *, out=None):
    """Elements of ``input`` where ``condition`` holds, else of ``other``; with one argument, ``nonzero``."""
    if input is None and other is None and out is None:
        if not isinstance(condition, Tensor):
            raise _invalid("where", (condition,), _WHERE_OVERLOADS)
        from .sorting import nonzero
        return nonzero(condition, as_tuple=True)
    args = [condition, input, other]
    branches = [x if isinstance(x, Tensor) else _number(x) for x in (input, other)]
    if not isinstance(condition, Tensor) or None in branches:
        raise _invalid("where", [a for a in args if a is not None], _WHERE_OVERLOADS)
    if out is not None:
        for arg, position, x in (("input", 2, input), ("other", 3, other)):
            if not isinstance(x, Tensor):
                raise TypeError(f"where(): argument '{arg}' (position {position}) must be Tensor, not "
                                f"{_type_name(x)}")
    c = _condition(condition)
    dtype = _dt.result_type_of(branches)
    if out is not None and out._dtype is not dtype:
        raise RuntimeError(f"Expected out type to be {dtype._legacy} but got {out._dtype._legacy}")
    x, y = (_branch(b, dtype) for b in branches)
    try:
        r = np.where(c, x, y)
    except ValueError:
        shapes = [np.shape(a) for a in (c, x, y)]
        try:
            np.broadcast_shapes(shapes[0], shapes[1])
        except ValueError:
            raise broadcast_error(shapes[0], shapes[1]) from None
        raise broadcast_error(np.broadcast_shapes(shapes[0], shapes[1]), shapes[2]) from None
    if out is not None:
        for t in (condition, input, other):
            check_no_partial_overlap(out, t)
    if wants_grad(input, other):
        no_out("where", out)
        node = WhereBackward0()
        node.save(condition if condition._dtype is _bool else _wrap(c, _bool))
        return record(node, _iterated(r, dtype, None, (condition, *branches)), (condition, input, other))
    return _iterated(r, dtype, out, (condition, *branches))


class WhereBackward0(Node):
    def backward(self, grad):
        (c,) = self.saved_tensors
        return (None, where(c, grad, 0.0) if self.needs(1) else None,
                where(c, 0.0, grad) if self.needs(2) else None)


def _branch(x, dtype):
    if isinstance(x, Tensor):
        return x._data if x._dtype is dtype else x._data.astype(dtype._np)
    # a number branch becomes a one-element tensor of the result dtype (checked as a fill of one element)
    return np.asarray(_scalar(x, dtype, 1), dtype._np)


def _where_method(self, condition, other):
    """``torch.where(condition, self, other)``."""
    return where(condition, self, other)


# ---------------------------------------------------------------------------------------------
# masked_fill


_MASKED_OVERLOADS = ("Tensor mask, Tensor value", "Tensor mask, Number value")


def _fill_value(self, mask, value):
    """The mask's array and the fill value converted to ``self``'s dtype, checked as PyTorch checks them."""
    number = value if isinstance(value, Tensor) else _number(value)
    if not isinstance(mask, Tensor) or number is None:
        raise _invalid("masked_fill", (mask, value), _MASKED_OVERLOADS)
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(f"masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                               f"{value._data.ndim} dimension(s).")
        number = value.item()
    if mask._dtype is not _bool:
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype "
                           f"{_CPP_TYPES[mask._dtype]}")
    return mask._data, _scalar(number, self._dtype)


def masked_fill(input, mask, value):
    """A copy of ``input`` (broadcast with ``mask``, row-major) with ``value`` where ``mask`` is true."""
    _check_input(input, "masked_fill")
    m, v = _fill_value(input, mask, value)
    x = input._data
    try:
        shape = np.broadcast_shapes(m.shape, x.shape)
    except ValueError:
        raise broadcast_error(m.shape, x.shape) from None
    r = np.array(np.broadcast_to(x, shape), order="C")
    np.copyto(r, v, where=m)
    if wants_grad(input, value):
        node = MaskedFillBackward1() if isinstance(value, Tensor) else MaskedFillBackward0()
        node.save(mask)
        return record(node, result(r, input._dtype), (input, mask, value))
    return result(r, input._dtype)


class MaskedFillBackward0(Node):
    """The filled places take no gradient from the input (a tensor value gets their sum)."""

    def backward(self, grad):
        (mask,) = self.saved_tensors
        dx = where(mask, 0.0, grad) if self.needs(0) else None
        return dx, None, (where(mask, grad, 0.0).sum() if self.needs(2) else None)


class MaskedFillBackward1(MaskedFillBackward0):
    pass


def masked_fill_(input, mask, value):
    """Write ``value`` into ``input`` where ``mask`` (broadcast to ``input``) is true."""
    _check_input(input, "masked_fill_")
    m, v = _fill_value(input, mask, value)
    check_output_shape(input, m.shape)
    if wants_grad(input, value):
        return rebase(input, lambda old: masked_fill(old, mask, value))
    if 0 in input._data.strides and input._data.size > 1:
        warnings.warn("Use of masked_fill_ on expanded tensors is deprecated. Please clone() the tensor before "
                      "performing this operation. This also applies to advanced indexing e.g. tensor[mask] = "
                      "scalar", UserWarning, stacklevel=2)
    np.copyto(input._data, v, where=m)
    input._bump_version()
    return input


# ---------------------------------------------------------------------------------------------
# logical_and / logical_or / logical_xor


def _truth(x):
    array = x._data
    return array.astype(_f32) if x._dtype is _bf16 else array


def _logical(ufunc, name):
    def check(input, other, method):
        for arg, position, value in (("input", 1, input), ("other", 2, other)):
            if not isinstance(value, Tensor):
                raise TypeError(f"{name}{'_' if method == 2 else ''}(): argument '{arg}' "
                                f"(position {position - bool(method)}) must be Tensor, not {_type_name(value)}")

    def op(input, other, *, out=None):
        check(input, other, 0)
        r = np.asarray(compute(ufunc, _truth(input), _truth(other)))
        if out is not None:
            check_no_partial_overlap(out, input)
            check_no_partial_overlap(out, other)
            return write_out(out, r, out._dtype)  # any output dtype takes the bool result
        return _iterated(r, _bool, None, (input, other))

    def method(self, other):
        check(self, other, 1)
        return op(self, other)

    def op_(self, other):
        check(self, other, 2)
        check_output_shape(self, other._data.shape)
        check_no_partial_overlap(self, other)
        r = compute(ufunc, _truth(self), _truth(other))
        return inplace(self, r, self._dtype)

    op.__name__, method.__name__, op_.__name__ = name, name, name + "_"
    op.__doc__ = f"Elementwise ``{name}`` of the truth values (nonzero elements) as a bool tensor."
    method.__doc__ = f":func:`{name}` as a method."
    op_.__doc__ = f"In-place :func:`{name}` (the result cast to ``self``'s dtype)."
    return op, method, op_


logical_and, _logical_and_method, logical_and_ = _logical(np.logical_and, "logical_and")
logical_or, _logical_or_method, logical_or_ = _logical(np.logical_or, "logical_or")
logical_xor, _logical_xor_method, logical_xor_ = _logical(np.logical_xor, "logical_xor")


# ---------------------------------------------------------------------------------------------
# isclose / allclose


def _close_args(name, input, other, rtol, atol, equal_nan):
    for arg, position, value in (("input", 1, input), ("other", 2, other)):
        if not isinstance(value, Tensor):
            raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be Tensor, not "
                            f"{_type_name(value)}")
    rtol = _float_arg(name, "rtol", None, rtol, False)
    atol = _float_arg(name, "atol", None, atol, False)
    if type(equal_nan) is not bool:
        raise TypeError(f"{name}(): argument 'equal_nan' must be bool, not {_type_name(equal_nan)}")
    if input._dtype is not other._dtype:
        raise RuntimeError(f"{input._dtype._legacy} did not match {other._dtype._legacy}")
    if not rtol >= 0:
        raise RuntimeError(f"rtol must be greater than or equal to zero, but got {rtol:g}")
    if not atol >= 0:
        raise RuntimeError(f"atol must be greater than or equal to zero, but got {atol:g}")
    return rtol, atol


def _isclose(input, other, rtol, atol, equal_nan):
    """``|input - other| <= atol + rtol * |other|`` (or equal), computed as PyTorch's reference does."""
    from .pointwise import abs, add, eq, le, mul, sub
    from .unary import isfinite, isnan
    close = eq(input, other)._data
    if equal_nan and input._dtype._kind >= 2:
        close = close | (isnan(input)._data & isnan(other)._data)
    if rtol == 0 and atol == 0:
        return close
    if input._dtype._kind < 2:  # integers and bools are compared in the default float dtype
        input, other = input.to(_dt.get_default_dtype()), other.to(_dt.get_default_dtype())
    allowed = add(abs(mul(other, rtol)), atol)
    actual = abs(sub(input, other))
    return close | (isfinite(actual)._data & le(actual, allowed)._data)


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Whether each pair of elements is close: ``|input - other| <= atol + rtol * |other|``."""
    rtol, atol = _close_args("isclose", input, other, rtol, atol, equal_nan)
    return _iterated(np.asarray(_isclose(input, other, rtol, atol, equal_nan)), _bool, None, (input, other))


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Whether every pair of elements is close (a Python bool), as :func:`isclose`."""
    rtol, atol = _close_args("allclose", input, other, rtol, atol, equal_nan)
    return bool(np.all(_isclose(input, other, rtol, atol, equal_nan)))


FUNCTIONS = {f.__name__: f for f in (clamp, clamp_min, clamp_max, nan_to_num, masked_fill, isclose, allclose)}
FUNCTIONS.update(clip=clamp)
INPLACE = {f.__name__: f for f in (clamp_, clamp_min_, clamp_max_, nan_to_num_, masked_fill_, logical_and_,
                                   logical_or_, logical_xor_)}
INPLACE.update(clip_=clamp_)
METHODS = {"logical_and": _logical_and_method, "logical_or": _logical_or_method, "logical_xor": _logical_xor_method,
           "where": _where_method}
