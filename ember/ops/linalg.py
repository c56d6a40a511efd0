"""Matrix products: matmul in all its shapes, the BLAS-like family (mm, bmm, mv, dot, add*), chains, vecdot."""
import numpy as np

from .. import dtypes as _dt
from ..autograd import grad_mode as _grad
from ..autograd.graph import Node, no_out, record, wants_grad
from ..tensor import Tensor, _wrap, _wrap_dim
from .common import (_CPP_TYPES, _type_name, broadcast_error, cast_scalar, inplace, not_implemented, result,
                     type_name)
from .shape import UnsafeViewBackward0, ViewBackward0, _warn_once

_REDUCED = (_dt.float16, _dt.bfloat16)


def _kernel(input, other, has_out):
    """Which of PyTorch's kernels ``matmul`` reaches for these operands (it decides the error messages)."""
    a, b = input._data, other._data
    if a.ndim == 1 and b.ndim == 1:
        return "dot"
    if a.ndim == 2 and b.ndim == 1:
        return "mv"
    if a.ndim <= 2 and b.ndim == 2:
        return "mm"
    if _should_fold(input, other, has_out):
        if a.ndim >= b.ndim:
            return "mv" if b.ndim == 1 else "mm"  # the batch dims fold into the rows
        # vector or matrix @ batch: the batch's transpose folds, times the vector (or the matrix transposed)
        return "mv_transposed" if a.ndim == 1 else "mm_transposed"
    return "bmm"


def _should_fold(input, other, has_out):
    """Whether PyTorch folds the batch dims of the larger operand into matrix rows rather than calling bmm:
    when the smaller operand requires grad, or when the larger one (or the transpose of the second) can be
    viewed as a matrix without a copy."""
    a, b = input._data, other._data
    if max(a.ndim, b.ndim) < 3 or min(a.ndim, b.ndim) > 2:
        return False
    if (other if a.ndim >= b.ndim else input)._requires_grad and not has_out:
        return True  # the smaller operand's gradient then needs no large expanded intermediate
    if a.ndim == 2:
        return False
    larger = a if a.ndim >= b.ndim else np.swapaxes(b, -1, -2)
    if not larger.size:
        return True
    strides, shape = larger.strides, larger.shape
    return all(strides[i] == strides[i + 1] * shape[i + 1] for i in range(larger.ndim - 2))


def _check(kernel, a, b, da, db):
    """PyTorch's checks of the kernel, in its order: shapes and dtypes, then whether the kernel has a loop."""
    k = a.shape[-1]
    if kernel == "dot":
        if da is not db:
            raise RuntimeError(f"dot : expected both vectors to have same dtype, but found {type_name(da)} and "
                               f"{type_name(db)}")
        if k != b.shape[0]:
            raise RuntimeError(f"inconsistent tensor size, expected tensor [{k}] and src [{b.shape[0]}] to have the "
                               f"same number of elements, but got {k} and {b.shape[0]} elements respectively")
    elif kernel in ("mv", "mv_transposed"):
        if kernel == "mv_transposed":  # the matrix is the second operand's transpose, the vector the first
            a, b, da, db = np.swapaxes(b, -1, -2), a, db, da
        k = a.shape[-1]
        if k != b.shape[0]:
            rows = int(np.prod(a.shape[:-1]))
            raise RuntimeError(f"size mismatch, got input ({rows}), mat ({rows}x{k}), vec ({b.shape[0]})")
        if da is not db:
            raise RuntimeError(f"addmv input tensors must have the same dtype, but got {type_name(db)}, "
                               f"{type_name(da)}, and {type_name(db)}")
    elif kernel == "mm_transposed":  # mT(b) folded to rows, times a.t()
        rows, k = int(np.prod(b.shape[:-2])) * b.shape[-1], b.shape[-2]
        if k != a.shape[1]:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x{k} and {a.shape[1]}x{a.shape[0]})")
        if da is not db:
            raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {_CPP_TYPES[db]} != "
                               f"{_CPP_TYPES[da]}")
    elif kernel == "mm":
        if k != b.shape[0]:
            rows = int(np.prod(a.shape[:-1])) if a.ndim > 1 else 1
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x{k} and "
                               f"{b.shape[0]}x{b.shape[1]})")
        if da is not db:
            raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {_CPP_TYPES[da]} != "
                               f"{_CPP_TYPES[db]}")
    else:
        size = int(np.prod(_batch_shape(a, b)))
        k2 = b.shape[-2] if b.ndim > 1 else b.shape[0]  # a vector takes part as a one-column matrix
        if k != k2:
            raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{size}, {k}] but "
                               f"got: [{size}, {k2}].")
        if da is _dt.bool:
            raise not_implemented("bmm", da)
        if da is not db:
            raise RuntimeError(f"expected scalar type {type_name(da)} but found {type_name(db)}")


def _batch_shape(a, b):
    """The broadcast batch dims of a batched product."""
    batch_a, batch_b = a.shape[:-2], b.shape[:-2]
    try:
        return np.broadcast_shapes(batch_a, batch_b)
    except ValueError:
        raise broadcast_error(batch_a, batch_b) from None


_BOOL_KERNELS = {"dot": "dot", "mv": "addmv_impl_cpu", "mv_transposed": "addmv_impl_cpu", "mm": "addmm_impl_cpu_"}


def matmul(input, other, *, out=None):
    """The matrix product of two tensors, with NumPy/PyTorch broadcasting of batch dims."""
    for name, position, value in (("input", 1, input), ("other", 2, other)):
        if not isinstance(value, Tensor):
            raise TypeError(f"matmul(): argument '{name}' (position {position}) must be Tensor, not "
                            f"{type(value).__name__}")
    a, b = input._data, other._data
    if a.ndim == 0 or b.ndim == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {a.ndim}D and {b.ndim}D")
    dtype = input._dtype
    kernel = _kernel(input, other, out is not None)
    _check(kernel, a, b, dtype, other._dtype)
    if dtype is _dt.bool and kernel in _BOOL_KERNELS and (kernel == "dot" or a.shape[-1] and a.size and b.size):
        raise not_implemented(_BOOL_KERNELS[kernel], dtype)  # only a kernel that has work to do refuses bool
    if dtype in _REDUCED:
        a, b = a.astype(np.float32), b.astype(np.float32)  # accumulate in float32 as PyTorch's CPU kernels do
    if out is not None and out._dtype is not dtype:
        raise RuntimeError(f"Expected out tensor to have dtype {_CPP_TYPES[dtype]}, but got "
                           f"{_CPP_TYPES[out._dtype]} instead")
    if (input._requires_grad or other._requires_grad) and _grad._state.enabled:
        no_out("matmul", out)
        return _matmul_recorded(input, other)
    return result(np.matmul(a, b), dtype, out)


def _matmul_recorded(t1, t2):
    """matmul as PyTorch composes it when recording: dot/mv/mm, folded batches, or expanded bmm."""
    d1, d2 = t1._data.ndim, t2._data.ndim
    if d1 == 2 and d2 == 2:  # the hot path (a linear layer)
        return mm(t1, t2)
    from .shape import contiguous, expand, reshape, squeeze, t, transpose, unsqueeze
    if d1 == 1 and d2 == 1:
        return dot(t1, t2)
    if d1 == 2 and d2 == 1:
        return mv(t1, t2)
    if d1 == 1 and d2 == 2:
        r = mm(unsqueeze(t1, 0), t2)
        return _reshaped(SqueezeBackward4, r, r._data.shape[1:])
    # a 3-d operand with a batch of one that requires grad multiplies as a matrix (smaller saved gradients)
    if d1 == 3 and d2 == 3 and t1._requires_grad and t1._data.shape[0] == 1 and t2._data.shape[0] != 1:
        t1, d1 = squeeze(t1, 0), 2
    elif d1 == 3 and d2 == 3 and t2._requires_grad and t2._data.shape[0] == 1 and t1._data.shape[0] != 1:
        t2, d2 = squeeze(t2, 0), 2
    if _should_fold(t1, t2, False):
        flip = d2 > d1  # the batch is on the right: multiply transposed
        a = transpose(t2, -2, -1) if flip else t1
        b = (t(t1) if d1 == 2 else t1) if flip else t2
        shape = a._data.shape[:-1]
        rows = int(np.prod(shape))
        folded = reshape(a, (rows, a._data.shape[-1]))
        if b._data.ndim == 1:
            return _reshaped(UnsafeViewBackward0, mv(folded, b), shape)
        r = _reshaped(UnsafeViewBackward0, mm(folded, b), shape + (b._data.shape[1],))
        return contiguous(transpose(r, -2, -1)) if flip else r
    x, y = t1._data, t2._data
    n, p = (x.shape[-2] if d1 > 1 else 1), (y.shape[-1] if d2 > 1 else 1)
    batch = _batch_shape(x, y)
    count = int(np.prod(batch))
    left = reshape(expand(t1, batch + (n, x.shape[-1])), (count, n, x.shape[-1]))
    right = t2 if d2 > 1 else unsqueeze(t2, -1)
    right = reshape(expand(right, batch + right._data.shape[-2:]), (count,) + right._data.shape[-2:])
    r = bmm(left, right)
    if d2 == 1:
        r = squeeze(r, -1)
    return _reshaped(UnsafeViewBackward0, r, batch + ((n,) if d1 > 1 else ()) + ((p,) if d2 > 1 else ()))


def _reshaped(node_type, r, shape):
    """A fresh product ``r`` viewed with ``shape``, recorded as ``node_type`` (PyTorch's _unsafe_view, squeeze)."""
    return record(node_type(r._data.shape), _wrap(r._data.reshape(shape), r._dtype), (r,))


def __matmul__(self, other):
    try:
        return matmul(self, other)
    except TypeError:
        return NotImplemented


def __rmatmul__(self, other):
    try:
        return matmul(other, self)
    except TypeError:
        return NotImplemented


# ---------------------------------------------------------------------------------------------
# The BLAS-like family: mm, bmm, mv, dot/vdot and their add* forms (beta * input + alpha * product)


class _NotATensor(TypeError):
    """PyTorch's TypeError for a non-tensor operand; :func:`as_method` renumbers it for Tensor methods."""

    def __init__(self, op, name, position, kind):
        super().__init__(f"{op}(): argument '{name}' (position {position}) must be Tensor, not {kind}")
        self.parts = op, name, position, kind


def _tensors(op, *named):
    """Refuse non-tensor operands with PyTorch's TypeError; ``named`` holds (name, value) pairs."""
    for position, (name, value) in enumerate(named, 1):
        if not isinstance(value, Tensor):
            raise _NotATensor(op, name, position, _type_name(value))


def as_method(fn):
    """``fn`` as a Tensor method: PyTorch does not count ``self`` when it numbers a method's arguments."""
    def method(self, *args, **kwargs):
        try:
            return fn(self, *args, **kwargs)
        except _NotATensor as exc:
            op, name, position, kind = exc.parts
            raise TypeError(f"{op}(): argument '{name}' (position {position - 1}) must be Tensor, not {kind}") from None

    method.__name__, method.__doc__ = fn.__name__, fn.__doc__
    return method


def _check_out(out, dtype):
    if out is not None and out._dtype is not dtype:
        raise RuntimeError(f"Expected out tensor to have dtype {_CPP_TYPES[dtype]}, but got "
                           f"{_CPP_TYPES[out._dtype]} instead")


def _arrays(dtype, *tensors):
    """The operands' arrays, in float32 for float16/bfloat16 (PyTorch's CPU kernels accumulate in float32)."""
    if dtype in _REDUCED:
        return [t._data.astype(np.float32) for t in tensors]
    return [t._data for t in tensors]


def _has_work(k, *arrays):
    """Whether a product kernel runs at all: PyTorch returns early for an empty result or an empty sum."""
    return k > 0 and all(a.size for a in arrays)


def _check_mm(a, b, da, db, first="mat1", dtype_message=None):
    if a.shape[1] != b.shape[0]:
        raise RuntimeError(f"{first} and mat2 shapes cannot be multiplied ({a.shape[0]}x{a.shape[1]} and "
                           f"{b.shape[0]}x{b.shape[1]})")
    if da is not db:
        raise RuntimeError(dtype_message or f"expected m1 and m2 to have the same dtype, but got: {_CPP_TYPES[da]} != "
                           f"{_CPP_TYPES[db]}")


# dtypes whose products NumPy computes as PyTorch does, with no checks beyond shape and dtype equality
_PLAIN = frozenset((_dt.float32, _dt.float64, _dt.complex64, _dt.complex128, _dt.int64, _dt.int32, _dt.int16,
                    _dt.int8, _dt.uint8))


def mm(input, mat2, *, out=None):
    """The product of two matrices."""
    if out is None and type(input) is Tensor and type(mat2) is Tensor:  # the common case: one NumPy call
        a, b, dtype = input._data, mat2._data, input._dtype
        if a.ndim == 2 and b.ndim == 2 and a.shape[1] == b.shape[0] and dtype is mat2._dtype and dtype in _PLAIN:
            if (input._requires_grad or mat2._requires_grad) and _grad._state.enabled:
                return _recorded(MmBackward0(a, b), _wrap(np.matmul(a, b), dtype), input, mat2)
            return _wrap(np.matmul(a, b), dtype)
    _tensors("mm", ("input", input), ("mat2", mat2))
    a, b = input._data, mat2._data
    if a.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if b.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    dtype = input._dtype
    _check_mm(a, b, dtype, mat2._dtype)
    if dtype is _dt.bool and _has_work(a.shape[1], a, b):
        raise not_implemented("addmm_impl_cpu_", dtype)
    _check_out(out, dtype)
    if dtype in _REDUCED:
        a, b = a.astype(np.float32), b.astype(np.float32)
    if wants_grad(input, mat2):
        no_out("mm", out)
        return _recorded(MmBackward0(input._data, mat2._data), result(np.matmul(a, b), dtype), input, mat2)
    return result(np.matmul(a, b), dtype, out)


def _recorded(node, r, a, b):
    """Record a product of ``a`` and ``b``: each operand is saved only when the other one wants a gradient."""
    node.save(a if b._requires_grad else None, b if a._requires_grad else None)
    return record(node, r, (a, b))


def _h(x):
    """The conjugate transpose of an array's last two dims (a view for real arrays)."""
    x = np.swapaxes(x, -1, -2)
    return np.conj(x) if x.dtype.kind == "c" else x


def _adjoint(t):
    """The conjugate transpose of a tensor's last two dims, with Ember ops (so it is differentiable)."""
    from .shape import _conj, transpose
    return _conj(transpose(t, -2, -1))


def _times(op, x, y, adjoint_x, adjoint_y, conj_x=False, conj_y=False, t_x=False, t_y=False):
    """``op(x', y')``, each operand conjugate-transposed (``adjoint_*``), conjugated (``conj_*``) or transposed
    (``t_*``) first: straight to NumPy unless a graph of the gradient is being built (then Ember ops, so that
    second derivatives work)."""
    if not _grad._state.enabled and x._dtype is y._dtype and x._dtype in _PLAIN:
        return _wrap(np.matmul(_np_form(x._data, adjoint_x, conj_x, t_x), _np_form(y._data, adjoint_y, conj_y, t_y)),
                     x._dtype)
    return op(_form(x, adjoint_x, conj_x, t_x), _form(y, adjoint_y, conj_y, t_y))


def _np_form(x, adjoint, conj, t):
    if adjoint:
        return _h(x)
    if t:
        x = np.swapaxes(x, -1, -2)
    return np.conj(x) if conj and x.dtype.kind == "c" else x


def _form(x, adjoint, conj, t):
    from .shape import _conj, transpose
    if adjoint:
        return _adjoint(x)
    if t:
        x = transpose(x, -2, -1)
    return _conj(x) if conj else x


def _scaled(t, factor):
    """``t * conj(factor)`` (PyTorch's maybe_multiply: nothing to do for a factor of one)."""
    if t is None or factor == 1:
        return t
    from .pointwise import mul
    return mul(t, factor.conjugate() if isinstance(factor, complex) else factor)


def _column_major(x):
    """Whether a matrix is laid out column by column (PyTorch then gives its gradient the same layout)."""
    strides, item = x.strides, x.itemsize
    return strides[0] == item and strides[1] == x.shape[0] * item


def _mm_first(grad, b, column):
    """The gradient of ``a`` in ``a @ b``: ``grad @ b^H``, computed transposed for a column-major ``a``."""
    if column:
        return _transposed(_times(mm, b, grad, False, False, conj_x=True, t_y=True))
    return _times(mm, grad, b, False, True)


def _mm_second(grad, a, column):
    """The gradient of ``b`` in ``a @ b``: ``a^H @ grad``, computed transposed for a column-major ``b``."""
    if column:
        return _transposed(_times(mm, grad, a, False, False, t_x=True, conj_y=True))
    return _times(mm, a, grad, True, False)


def _transposed(t):
    from .shape import t as transpose
    if not _grad._state.enabled:
        return _wrap(t._data.T, t._dtype)
    return transpose(t)


class MmBackward0(Node):
    def __init__(self, a, b):
        super().__init__()
        self.columns = _column_major(a), _column_major(b)

    def backward(self, grad):
        a, b = self.saved_tensors
        return (_mm_first(grad, b, self.columns[0]) if self.needs(0) else None,
                _mm_second(grad, a, self.columns[1]) if self.needs(1) else None)


class BmmBackward0(Node):
    def backward(self, grad):
        a, b = self.saved_tensors
        return (_times(bmm, grad, b, False, True) if self.needs(0) else None,
                _times(bmm, a, grad, True, False) if self.needs(1) else None)


class SqueezeBackward4(ViewBackward0):
    pass


def _check_bmm(a, b):
    n, k = a.shape[0], a.shape[2]
    if b.shape[:2] != (n, k):
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{n}, {k}] but got: "
                           f"[{b.shape[0]}, {b.shape[1]}].")


def bmm(input, mat2, *, out=None):
    """Batched matrix products of two 3-d tensors with equal batch sizes."""
    if out is None and type(input) is Tensor and type(mat2) is Tensor:  # the common case: one NumPy call
        a, b, dtype = input._data, mat2._data, input._dtype
        if (a.ndim == 3 and b.ndim == 3 and a.shape[0] == b.shape[0] and a.shape[2] == b.shape[1]
                and dtype is mat2._dtype and dtype in _PLAIN):
            if (input._requires_grad or mat2._requires_grad) and _grad._state.enabled:
                return _recorded(BmmBackward0(), _wrap(np.matmul(a, b), dtype), input, mat2)
            return _wrap(np.matmul(a, b), dtype)
    _tensors("bmm", ("input", input), ("mat2", mat2))
    a, b = input._data, mat2._data
    if a.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if b.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    _check_bmm(a, b)
    dtype = input._dtype
    if dtype is _dt.bool and _has_work(a.shape[2], a, b):
        raise not_implemented("bmm", dtype)
    if mat2._dtype is not dtype:
        raise RuntimeError(f"expected scalar type {type_name(dtype)} but found {type_name(mat2._dtype)}")
    _check_out(out, dtype)
    if dtype in _REDUCED:
        a, b = a.astype(np.float32), b.astype(np.float32)
    if wants_grad(input, mat2):
        no_out("bmm", out)
        return _recorded(BmmBackward0(), result(np.matmul(a, b), dtype), input, mat2)
    return result(np.matmul(a, b), dtype, out)


def _check_mv(self_ndim, a, b, dtypes, rows):
    """addmv's checks: dims, sizes, then one dtype for result, matrix and vector."""
    if a.ndim != 2 or b.ndim != 1 or self_ndim > 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got {self_ndim}, {a.ndim}, {b.ndim}")
    if a.shape[1] != b.shape[0] or rows is not None:
        raise RuntimeError(f"size mismatch, got input ({rows if rows is not None else a.shape[0]}), mat "
                           f"({a.shape[0]}x{a.shape[1]}), vec ({b.shape[0]})")
    if dtypes[0] is not dtypes[1] or dtypes[1] is not dtypes[2]:
        raise RuntimeError("addmv input tensors must have the same dtype, but got "
                           f"{type_name(dtypes[0])}, {type_name(dtypes[1])}, and {type_name(dtypes[2])}")
    if dtypes[1] is _dt.bool and _has_work(a.shape[1], a):
        raise not_implemented("addmv_impl_cpu", _dt.bool)


def mv(input, vec, *, out=None):
    """The product of a matrix and a vector."""
    _tensors("mv", ("input", input), ("vec", vec))
    a, b = input._data, vec._data
    dtype = input._dtype
    # the result is allocated like ``vec``, so an out= (or vec) dtype shows first in the dtype error
    _check_mv(1, a, b, ((out if out is not None else vec)._dtype, dtype, vec._dtype), None)
    a, b = _arrays(dtype, input, vec)
    if wants_grad(input, vec):
        no_out("mv", out)
        return _recorded(MvBackward0(), result(np.matmul(a, b), dtype), input, vec)
    return result(np.matmul(a, b), dtype, out)


def _outer(x, y):
    """``x`` times ``conj(y)`` as a column times a row (mv's gradient for its matrix)."""
    from .pointwise import mul
    from .shape import _conj, unsqueeze
    if not _grad._state.enabled and x._dtype is y._dtype and x._dtype in _PLAIN:
        return _wrap(np.multiply.outer(x._data, np.conj(y._data)), x._dtype)
    return mul(unsqueeze(x, 1), _conj(y))


class MvBackward0(Node):
    def backward(self, grad):
        a, v = self.saved_tensors
        return (_outer(grad, v) if self.needs(0) else None,
                mv(_adjoint(a), grad) if self.needs(1) else None)


def _dot(op, input, other, out, conjugate):
    _tensors(op, ("input", input), ("tensor" if op == "dot" else "other", other))
    a, b = input._data, other._data
    if a.ndim != 1 or b.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {a.ndim}D and {b.ndim}D tensors")
    dtype = input._dtype
    if other._dtype is not dtype:
        raise RuntimeError(f"dot : expected both vectors to have same dtype, but found {type_name(dtype)} and "
                           f"{type_name(other._dtype)}")
    if a.shape[0] != b.shape[0]:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{a.shape[0]}] and src [{b.shape[0]}] to have "
                           f"the same number of elements, but got {a.shape[0]} and {b.shape[0]} elements respectively")
    if dtype is _dt.bool:
        raise not_implemented("dot", dtype)
    if out is not None and out._dtype is not dtype:
        raise RuntimeError(f"result dtype {type_name(out._dtype)} does not match input dtype {type_name(dtype)}")
    a, b = _arrays(dtype, input, other)
    if conjugate and dtype._kind == 3:
        a = np.conj(a)
    if wants_grad(input, other):
        no_out(op, out)
        node = VdotBackward0() if conjugate else DotBackward0()
        return _recorded(node, result(np.asarray(np.dot(a, b)), dtype), input, other)
    return result(np.asarray(np.dot(a, b)), dtype, out)


class DotBackward0(Node):
    def backward(self, grad):
        from .pointwise import mul
        from .shape import _conj
        x, y = self.saved_tensors
        return (mul(grad, _conj(y)) if self.needs(0) else None, mul(grad, _conj(x)) if self.needs(1) else None)


class VdotBackward0(Node):
    def backward(self, grad):
        from .pointwise import mul
        from .shape import _conj
        x, y = self.saved_tensors
        return (mul(_conj(grad), y) if self.needs(0) else None, mul(grad, x) if self.needs(1) else None)


def dot(input, tensor, *, out=None):
    """The inner product of two 1-d tensors (no conjugation)."""
    return _dot("dot", input, tensor, out, False)


def vdot(input, other, *, out=None):
    """The inner product of two 1-d tensors, conjugating the first."""
    return _dot("vdot", input, other, out, True)


# The C++ types PyTorch names when a beta/alpha does not fit the type it is converted to.
_SCALAR_TYPES = {_dt.uint8: "uint8_t", _dt.int8: "int8_t", _dt.int16: "int16_t", _dt.int32: "int", _dt.int64: "int64_t",
                 _dt.float16: "c10::Half", _dt.bfloat16: "c10::BFloat16", _dt.float32: "float", _dt.float64: "double",
                 _dt.complex64: "c10::complex<float>", _dt.complex128: "c10::complex<double>"}


def _coefficient(value, dtype, name=None, opmath=True):
    """``beta``/``alpha`` converted to the tensors' dtype as PyTorch converts it (integers truncate).

    The BLAS kernels take float16/bfloat16 coefficients as float (``opmath``), addmv's as they are. With ``name``
    (addr, a TensorIterator kernel)
    a bool coefficient needs a bool result and an integral result refuses a floating-point coefficient.
    """
    kind = dtype._kind
    target = (opmath if opmath is _dt.float64 else _dt.float32) if dtype in _REDUCED and opmath else dtype
    if name is not None:
        if isinstance(value, bool) and kind:
            raise RuntimeError(f"Boolean {name} only supported for Boolean results.")
        if kind < 2 and isinstance(value, (float, complex)):
            raise RuntimeError(f"For integral input tensors, argument {name} must not be a floating point number.")
    if kind == 0:
        return bool(value)
    if _overflows(value, target):
        raise RuntimeError(f"value cannot be converted to type {_SCALAR_TYPES[target]} without overflow")
    if kind == 1:
        return cast_scalar(int(value.real if isinstance(value, complex) else value), dtype)
    if kind == 2:
        return float(value.real if isinstance(value, complex) else value)
    return complex(value)


_FLOAT_MAX = {_dt.float16: 65504.0, _dt.bfloat16: 3.3895313892515355e38, _dt.float32: 3.4028234663852886e38,
              _dt.float64: 1.7976931348623157e308}


def _overflows(value, target):
    """Whether PyTorch's checked conversion of a Python number to ``target`` reports an overflow."""
    if isinstance(value, bool):
        return False
    if isinstance(value, complex):
        if target._kind == 3:
            return _overflows(value.real, target) or _overflows(value.imag, target)
        if value.imag:
            return True
        value = value.real
    if target._kind == 3:
        target = _dt.float32 if target is _dt.complex64 else _dt.float64
    if target._kind == 1:
        low, high = (int(x) for x in (np.iinfo(target._np).min, np.iinfo(target._np).max))
        if isinstance(value, int) and target is _dt.uint8:
            return value > high or -value > high  # a small negative int wraps around
        return value != value or not low <= value <= high
    if isinstance(value, int) or value != value or value in (float("inf"), float("-inf")):
        return False
    high = _FLOAT_MAX[target]
    return not -high <= value <= high


def _expanded(input, shape):
    """``input``'s array broadcast to the result's shape, with PyTorch's expand errors."""
    data = input._data
    if data.shape == shape:
        return data
    if data.ndim <= len(shape) and all(n in (1, m) for n, m in zip(data.shape[::-1], shape[::-1])):
        return np.broadcast_to(data, shape)
    from .shape import expand
    return expand(input, shape)._data  # raises PyTorch's error


def _blend(product, c, beta, alpha, dtype):
    """``beta * c + alpha * product``; ``c`` is ignored (NaNs too) when ``beta`` is zero, as in BLAS."""
    if dtype is _dt.bool:
        product = np.logical_and(product, alpha)
        return np.logical_or(np.logical_and(c, beta), product) if beta else product
    if alpha != 1:
        product = product * np.asarray(alpha, product.dtype)
    if beta == 0:
        return product
    if beta != 1:
        c = c * np.asarray(beta, product.dtype)
    return product + c


def _scale_check(dtype, beta):
    """With nothing to sum PyTorch scales the input by ``beta`` in place (zeroes it for a zero beta), so a
    coefficient of a higher kind than the tensor (an int for bool, a float for integers...) refuses the cast."""
    if isinstance(beta, bool) or beta == 0:
        return
    kind = 3 if isinstance(beta, complex) else 2 if isinstance(beta, float) else 1
    if kind > dtype._kind:
        scalar = _dt.int64 if kind == 1 else _dt.get_default_dtype()
        scalar = scalar.to_complex() if kind == 3 else scalar
        raise RuntimeError(f"result type {scalar._legacy} can't be cast to the desired output type {dtype._legacy}")


def _finish(array, dtype, out, self=None):
    """The result of an add* op: a new contiguous tensor, ``out=``, or stored into ``self`` for the in-place form."""
    if self is not None:
        return inplace(self, array, dtype)
    return result(array, dtype, out)


def _inplace_shape(self, shape):
    if self._data.shape != tuple(shape):
        raise RuntimeError(f"Bad in-place call: input tensor size {list(self._data.shape)} and output tensor size "
                           f"{list(shape)} should match")


# The deprecated overloads with leading coefficients: op(beta, input, [alpha,] a, b) and input.op(beta, [alpha,] a, b)
_OPERAND_NAMES = {"addmm": ("mat1", "mat2"), "addbmm": ("batch1", "batch2"), "baddbmm": ("batch1", "batch2"),
                  "addmv": ("mat", "vec"), "addr": ("vec1", "vec2")}


def _legacy_arguments(op, args, beta, alpha):
    """``(input, a, b, beta, alpha)`` from a call in one of the deprecated coefficient-first forms."""
    base = op.rstrip("_")
    if isinstance(args[0], Tensor):  # a method call: self, beta, [alpha,] a, b
        input, beta, rest = args[0], args[1], args[2:]
    else:  # a function call: beta, input, [alpha,] a, b
        beta, input, rest = args[0], args[1], args[2:]
    if len(rest) == 3:
        alpha, rest = rest[0], rest[1:]
    coefficients_ok = all(_dt.py_scalar(x) is not None and not isinstance(x, Tensor) for x in (beta, alpha))
    if len(rest) != 2 or not coefficients_ok or not all(isinstance(x, Tensor) for x in (input,) + tuple(rest)):
        got = ", ".join("Tensor" if isinstance(a, Tensor) else type(a).__name__ for a in args)
        first, second = _OPERAND_NAMES[base]
        raise TypeError(f"{op}() received an invalid combination of arguments - got ({got}), but expected one of:\n"
                        f" * (Tensor input, Tensor {first}, Tensor {second}, *, Number beta = 1, Number alpha = 1, "
                        f"Tensor out = None)\n")
    first, second = _OPERAND_NAMES[base]
    _warn_once(f"This overload of {op} is deprecated:\n\t{op}(Number beta, Tensor input, Tensor {first}, Tensor "
               f"{second}, *, Tensor out = None)\nConsider using one of the following signatures instead:\n\t{op}"
               f"(Tensor input, Tensor {first}, Tensor {second}, *, Number beta = 1, Number alpha = 1, Tensor out = "
               f"None)")
    return input, rest[0], rest[1], beta, alpha


def _legacy(op, input, a, b, args, beta, alpha):
    """The arguments as the current signature takes them, from either form."""
    if not args:  # three arguments are the current form (its own checks name a non-tensor)
        return input, a, b, beta, alpha
    return _legacy_arguments(op, (input, a, b) + args, beta, alpha)


def _addmm(op, input, mat1, mat2, beta, alpha, out, self=None):
    _tensors(op, ("input", input), ("mat1", mat1), ("mat2", mat2))
    a, b = mat1._data, mat2._data
    dtype = input._dtype
    if dtype is not mat2._dtype:
        raise RuntimeError(f"self and mat2 must have the same dtype, but got {type_name(dtype)} and "
                           f"{type_name(mat2._dtype)}")
    if mat1._dtype is not mat2._dtype:
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {type_name(mat1._dtype)} and "
                           f"{type_name(mat2._dtype)}")
    for name, x in (("mat1", a), ("mat2", b)):
        if x.ndim != 2:
            raise RuntimeError(f"{name} must be a matrix, got {x.ndim}-D tensor")
    _check_mm(a, b, dtype, dtype)
    shape = (a.shape[0], b.shape[1])
    if self is not None:
        _inplace_shape(self, shape)
    c = _expanded(input, shape)
    k = a.shape[1]
    if dtype is _dt.bool:
        if _has_work(k, a, b):
            raise not_implemented("addmm_impl_cpu_", dtype)
    if shape[0] and shape[1] and not k:
        _scale_check(dtype, beta)
    _check_out(out, dtype)
    beta, alpha = _coefficient(beta, dtype), _coefficient(alpha, dtype)
    a, b = _arrays(dtype, mat1, mat2)
    c = c.astype(np.float32) if dtype in _REDUCED else c
    if self is None and wants_grad(input, mat1, mat2):
        no_out(op, out)
        r = result(_blend(np.matmul(a, b), c, beta, alpha, dtype), dtype)
        return _add_recorded(AddmmBackward0(beta, alpha, mat1._data, mat2._data), r, input, mat1, mat2)
    return _finish(_blend(np.matmul(a, b), c, beta, alpha, dtype), dtype, out, self)


def _add_recorded(node, r, input, a, b):
    """Record ``beta * input + alpha * product(a, b)``, saving each factor only for the other one's gradient."""
    node.save(a if b._requires_grad else None, b if a._requires_grad else None)
    return record(node, r, (input, a, b))


class _Blended(Node):
    """The backward of ``beta * input + alpha * product(a, b)``: keeps the two coefficients."""

    def __init__(self, beta, alpha):
        super().__init__()
        self.beta, self.alpha = beta, alpha

    def backward(self, grad):
        a, b = self.saved_tensors
        return (_scaled(grad, self.beta) if self.needs(0) else None,
                _scaled(self.first(grad, b), self.alpha) if self.needs(1) else None,
                _scaled(self.second(grad, a), self.alpha) if self.needs(2) else None)


class AddmmBackward0(_Blended):
    def __init__(self, beta, alpha, a, b):
        super().__init__(beta, alpha)
        self.columns = _column_major(a), _column_major(b)

    def first(self, grad, b):
        return _mm_first(grad, b, self.columns[0])

    def second(self, grad, a):
        return _mm_second(grad, a, self.columns[1])


class BaddbmmBackward0(_Blended):
    def first(self, grad, b):
        return _times(bmm, grad, b, False, True)

    def second(self, grad, a):
        return _times(bmm, a, grad, True, False)


class AddbmmBackward0(_Blended):
    """Each batch's product gets the whole gradient."""

    def first(self, grad, b):
        return _times(bmm, self._spread(grad, b._data.shape[0]), b, False, True)

    def second(self, grad, a):
        return _times(bmm, a, self._spread(grad, a._data.shape[0]), True, False)

    @staticmethod
    def _spread(grad, count):
        from .shape import expand, unsqueeze
        return expand(unsqueeze(grad, 0), (count,) + grad._data.shape)


class AddmvBackward0(_Blended):
    def first(self, grad, v):
        return _outer(grad, v)

    def second(self, grad, a):
        return mv(_adjoint(a), grad)


class AddrBackward0(_Blended):
    def first(self, grad, y):
        from .shape import _conj
        return mv(grad, _conj(y))

    def second(self, grad, x):
        from .shape import _conj, t
        return mv(t(grad), _conj(x))


def _rebased(fn, op, self, a, b, beta, alpha):
    """An in-place add* op that records history: the out-of-place op on ``self``'s values, written back."""
    from ..autograd.inplace import rebase
    return rebase(self, lambda old: fn(op, old, a, b, beta, alpha, None))


def addmm(input, mat1, mat2, *args, beta=1, alpha=1, out=None):
    """``beta * input + alpha * (mat1 @ mat2)``, ``input`` broadcast to the product's shape."""
    if args:
        input, mat1, mat2, beta, alpha = _legacy("addmm", input, mat1, mat2, args, beta, alpha)
    if beta == 1 and alpha == 1 and out is None and type(input) is type(mat1) is type(mat2) is Tensor:
        c, a, b, dtype = input._data, mat1._data, mat2._data, input._dtype
        # the common case (a linear layer): one product and one broadcasting add
        if (a.ndim == 2 and b.ndim == 2 and a.shape[1] == b.shape[0] and dtype is mat1._dtype is mat2._dtype
                and dtype in _PLAIN and c.flags.c_contiguous
                and (c.shape == (a.shape[0], b.shape[1]) or c.shape in ((b.shape[1],), ()))):
            r = _wrap(np.add(np.matmul(a, b), c), dtype)
            if wants_grad(input, mat1, mat2):
                return _add_recorded(AddmmBackward0(1, 1, a, b), r, input, mat1, mat2)
            return r
    return _addmm("addmm", input, mat1, mat2, beta, alpha, out)


def addmm_(self, mat1, mat2, *args, beta=1, alpha=1):
    """In-place :func:`addmm` into ``self``."""
    self, mat1, mat2, beta, alpha = _legacy("addmm_", self, mat1, mat2, args, beta, alpha)
    if wants_grad(self, mat1, mat2):
        return _rebased(_addmm, "addmm_", self, mat1, mat2, beta, alpha)
    return _addmm("addmm_", self, mat1, mat2, beta, alpha, None, self)


def _batch_dim(x, d):
    """``x.size(d)`` with PyTorch's IndexError for a tensor with too few dims."""
    return x.shape[_wrap_dim(d, x.ndim)]


def _addbmm(op, input, batch1, batch2, beta, alpha, out, self=None):
    _tensors(op, ("input", input), ("batch1", batch1), ("batch2", batch2))
    a, b = batch1._data, batch2._data
    shape = (_batch_dim(a, 1), _batch_dim(b, 2))
    c = _expanded(input, shape)  # addbmm_ then resizes self to the result's shape, as PyTorch's out= path does
    for name, x in (("batch1", a), ("batch2", b)):
        if x.ndim != 3:
            raise RuntimeError(f"{name} must be a 3D tensor")
    if a.shape[0] != b.shape[0]:
        raise RuntimeError(f"batch1 and batch2 must have same number of batches, got {a.shape[0]} and {b.shape[0]}")
    if a.shape[2] != b.shape[1]:
        raise RuntimeError(f"Incompatible matrix sizes for bmm ({a.shape[1]}x{a.shape[2]} and "
                           f"{b.shape[1]}x{b.shape[2]})")
    dtype = input._dtype
    for other in (batch1, batch2):
        if other._dtype is not dtype:
            raise RuntimeError(f"self and mat2 must have the same dtype, but got {type_name(dtype)} and "
                               f"{type_name(other._dtype)}")
    if dtype is _dt.bool:
        if a.shape[0] and _has_work(a.shape[2], a[0], b[0]):
            raise not_implemented("addmm_impl_cpu_", dtype)
    if a.shape[0] == 0:
        _scale_check(dtype, beta)
    elif shape[0] and shape[1] and not a.shape[2]:  # one in-place addmm_ per batch, the later ones with beta 1
        _scale_check(dtype, beta)
        _scale_check(dtype, 1 if a.shape[0] > 1 else beta)
    if out is not None and out._dtype is not dtype:  # PyTorch adds into out= with addmm_, which names it self
        raise RuntimeError(f"self and mat2 must have the same dtype, but got {type_name(out._dtype)} and "
                           f"{type_name(dtype)}")
    beta, alpha = _coefficient(beta, dtype), _coefficient(alpha, dtype)
    a, b = _arrays(dtype, batch1, batch2)
    c = c.astype(np.float32) if dtype in _REDUCED else c
    if dtype in _REDUCED:
        # PyTorch adds one batch at a time, rounding to the reduced dtype after each
        acc = _blend(np.zeros(shape, np.float32), c, beta, 1, dtype).astype(dtype._np)
        for i in range(a.shape[0]):
            acc = _blend(a[i] @ b[i], acc.astype(np.float32), 1, alpha, dtype).astype(dtype._np)
        array = acc
    else:
        product = np.matmul(a, b).sum(0) if a.shape[0] else np.zeros(shape, a.dtype)
        array = _blend(product, c, beta, alpha, dtype)
    if self is None and wants_grad(input, batch1, batch2):
        no_out(op, out)
        return _add_recorded(AddbmmBackward0(beta, alpha), result(array, dtype), input, batch1, batch2)
    return _finish(array, dtype, self if self is not None else out)


def addbmm(input, batch1, batch2, *args, beta=1, alpha=1, out=None):
    """``beta * input + alpha * sum_i(batch1[i] @ batch2[i])``."""
    input, batch1, batch2, beta, alpha = _legacy("addbmm", input, batch1, batch2, args, beta, alpha)
    return _addbmm("addbmm", input, batch1, batch2, beta, alpha, out)


def addbmm_(self, batch1, batch2, *args, beta=1, alpha=1):
    """In-place :func:`addbmm` into ``self``."""
    self, batch1, batch2, beta, alpha = _legacy("addbmm_", self, batch1, batch2, args, beta, alpha)
    if wants_grad(self, batch1, batch2):
        return _rebased(_addbmm, "addbmm_", self, batch1, batch2, beta, alpha)
    return _addbmm("addbmm_", self, batch1, batch2, beta, alpha, None, self)


def _baddbmm(op, input, batch1, batch2, beta, alpha, out, self=None):
    _tensors(op, ("input", input), ("batch1", batch1), ("batch2", batch2))
    a, b = batch1._data, batch2._data
    shape = (_batch_dim(a, 0), _batch_dim(a, 1), _batch_dim(b, 2))
    if self is not None:
        _inplace_shape(self, shape)
    c = _expanded(input, shape)
    for name, x in (("batch1", a), ("batch2", b)):
        if x.ndim != 3:
            raise RuntimeError(f"{name} must be a 3D tensor")
    _check_bmm(a, b)
    dtype = input._dtype
    if batch1._dtype is not batch2._dtype:
        raise RuntimeError(f"expected scalar type {type_name(batch1._dtype)} but found {type_name(batch2._dtype)}")
    if dtype is not batch1._dtype:
        raise RuntimeError(f"Input dtypes must be the same, got: input {_CPP_TYPES[dtype]}, batch1: "
                           f"{_CPP_TYPES[batch1._dtype]}, batch2: {_CPP_TYPES[batch2._dtype]}")
    if dtype is _dt.bool and _has_work(a.shape[2], a, b):
        raise not_implemented("baddbmm", dtype)
    if a.shape[0] and a.shape[1] and b.shape[2] and not a.shape[2]:
        _scale_check(dtype, beta)
    _check_out(out, dtype)
    beta, alpha = _coefficient(beta, dtype), _coefficient(alpha, dtype)
    a, b = _arrays(dtype, batch1, batch2)
    c = c.astype(np.float32) if dtype in _REDUCED else c
    if self is None and wants_grad(input, batch1, batch2):
        no_out(op, out)
        r = result(_blend(np.matmul(a, b), c, beta, alpha, dtype), dtype)
        return _add_recorded(BaddbmmBackward0(beta, alpha), r, input, batch1, batch2)
    return _finish(_blend(np.matmul(a, b), c, beta, alpha, dtype), dtype, out, self)


def baddbmm(input, batch1, batch2, *args, beta=1, alpha=1, out=None):
    """``beta * input + alpha * (batch1 @ batch2)``, batch by batch."""
    input, batch1, batch2, beta, alpha = _legacy("baddbmm", input, batch1, batch2, args, beta, alpha)
    return _baddbmm("baddbmm", input, batch1, batch2, beta, alpha, out)


def baddbmm_(self, batch1, batch2, *args, beta=1, alpha=1):
    """In-place :func:`baddbmm` into ``self``."""
    self, batch1, batch2, beta, alpha = _legacy("baddbmm_", self, batch1, batch2, args, beta, alpha)
    if wants_grad(self, batch1, batch2):
        return _rebased(_baddbmm, "baddbmm_", self, batch1, batch2, beta, alpha)
    return _baddbmm("baddbmm_", self, batch1, batch2, beta, alpha, None, self)


def _addmv(op, input, mat, vec, beta, alpha, out, self=None):
    _tensors(op, ("input", input), ("mat", mat), ("vec", vec))
    a, b, c = mat._data, vec._data, input._data
    rows = None
    if a.ndim == 2 and b.ndim == 1 and c.ndim <= 1 and c.size != a.shape[0] and c.size != 1:
        rows = c.shape[0] if c.ndim else 1
    dtype = input._dtype
    _check_mv(c.ndim, a, b, (dtype, mat._dtype, vec._dtype), rows)
    if self is not None:
        _inplace_shape(self, (a.shape[0],))
    _check_out(out, dtype)
    # with nothing to sum PyTorch only scales the input (float16/bfloat16 by way of a double)
    opmath = _dt.float64 if not _has_work(a.shape[1], a) else False
    beta, alpha = _coefficient(beta, dtype, opmath=opmath), _coefficient(alpha, dtype, opmath=opmath)
    c = np.broadcast_to(c, (a.shape[0],))
    a, b = _arrays(dtype, mat, vec)
    c = c.astype(np.float32) if dtype in _REDUCED else c
    if self is None and wants_grad(input, mat, vec):
        no_out(op, out)
        r = result(_blend(np.matmul(a, b), c, beta, alpha, dtype), dtype)
        return _add_recorded(AddmvBackward0(beta, alpha), r, input, mat, vec)
    return _finish(_blend(np.matmul(a, b), c, beta, alpha, dtype), dtype, out, self)


def addmv(input, mat, vec, *args, beta=1, alpha=1, out=None):
    """``beta * input + alpha * (mat @ vec)``."""
    input, mat, vec, beta, alpha = _legacy("addmv", input, mat, vec, args, beta, alpha)
    return _addmv("addmv", input, mat, vec, beta, alpha, out)


def addmv_(self, mat, vec, *args, beta=1, alpha=1):
    """In-place :func:`addmv` into ``self``."""
    self, mat, vec, beta, alpha = _legacy("addmv_", self, mat, vec, args, beta, alpha)
    if wants_grad(self, mat, vec):
        return _rebased(_addmv, "addmv_", self, mat, vec, beta, alpha)
    return _addmv("addmv_", self, mat, vec, beta, alpha, None, self)


def _addr(op, input, vec1, vec2, beta, alpha, out, self=None):
    _tensors(op, ("input", input), ("vec1", vec1), ("vec2", vec2))
    for name, x in (("vec1", vec1), ("vec2", vec2)):
        if x._data.ndim != 1:
            raise RuntimeError(f"addr: Expected 1-D argument {name}, but got {x._data.ndim}-D")
    shape = (vec1._data.shape[0], vec2._data.shape[0])
    if self is not None:
        if self._data.ndim != 2:
            raise RuntimeError(f"2D tensor expected, got {self._data.ndim}D tensor for input")
        if self._data.shape != shape:
            raise RuntimeError(f"size mismatch, input: {list(self._data.shape)}, v1: [{shape[0]}], v2: [{shape[1]}]")
    c = _expanded(input, shape)
    dtype = _dt.result_type_of((input, vec1, vec2))
    beta, alpha = _coefficient(beta, dtype, "beta", False), _coefficient(alpha, dtype, "alpha", False)
    compute = np.float32 if dtype in _REDUCED else dtype._np
    x, y = vec1._data.astype(compute), vec2._data.astype(compute)
    product = np.logical_and.outer(x, y) if dtype is _dt.bool else np.multiply.outer(x, y)
    array = _blend(product, c.astype(compute), beta, alpha, dtype)
    if self is not None:
        return inplace(self, array, dtype)
    from .shape import expand, unsqueeze
    if wants_grad(input, vec1, vec2):
        no_out(op, out)
        r = result(array, dtype, None, (expand(input, shape), unsqueeze(vec1, 1), unsqueeze(vec2, 0)))
        return _add_recorded(AddrBackward0(beta, alpha), r, input, vec1, vec2)
    # a TensorIterator kernel: the result is laid out like the input and the two vectors as a column and a row
    return result(array, dtype, out, (expand(input, shape), unsqueeze(vec1, 1), unsqueeze(vec2, 0)))


def addr(input, vec1, vec2, *args, beta=1, alpha=1, out=None):
    """``beta * input + alpha * outer(vec1, vec2)``, with type promotion (bool: ``or`` of ``and``-s)."""
    input, vec1, vec2, beta, alpha = _legacy("addr", input, vec1, vec2, args, beta, alpha)
    return _addr("addr", input, vec1, vec2, beta, alpha, out)


def addr_(self, vec1, vec2, *args, beta=1, alpha=1):
    """In-place :func:`addr` into ``self``."""
    self, vec1, vec2, beta, alpha = _legacy("addr_", self, vec1, vec2, args, beta, alpha)
    if wants_grad(self, vec1, vec2):
        return _rebased(_addr, "addr_", self, vec1, vec2, beta, alpha)
    return _addr("addr_", self, vec1, vec2, beta, alpha, None, self)


# ---------------------------------------------------------------------------------------------
# Chains of products and batched vector dot products (torch.linalg re-exports multi_dot and vecdot)


def multi_dot(tensors, *, out=None):
    """The product of a chain of matrices (the first and last may be vectors), in the cheapest order."""
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)):
        raise TypeError(f"linalg_multi_dot(): argument 'tensors' (position 1) must be tuple of Tensors, not "
                        f"{_type_name(tensors)}")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {_type_name(t)}")
    return _chain(list(tensors), out)


def _chain(tensors, out):
    n = len(tensors)
    if n < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {n}")
    first, last = tensors[0]._data, tensors[-1]._data
    if first.ndim not in (1, 2):
        raise RuntimeError(f"multi_dot(): the first tensor must be 1D or 2D but got {first.ndim}D")
    if last.ndim not in (1, 2):
        raise RuntimeError(f"multi_dot(): the last tensor must be 1D or 2D but got {last.ndim}D")
    for i in range(1, n - 1):
        if tensors[i]._data.ndim != 2:
            raise RuntimeError(f"multi_dot(): tensor {i} must be 2D but got {tensors[i]._data.ndim}D")
    dtype = tensors[0]._dtype
    for i, t in enumerate(tensors[1:], 1):
        if t._dtype is not dtype:
            raise RuntimeError(f"multi_dot(): all tensors must have be the same dtype but tensor 0 is "
                               f"{_CPP_TYPES[dtype]} and tensor {i} {_CPP_TYPES[t._dtype]}")
    if out is not None and out._dtype is not dtype:
        raise RuntimeError(f"multi_dot(): expected out tensor to have dtype {_CPP_TYPES[dtype]} but got "
                           f"{_CPP_TYPES[out._dtype]}")
    # vectors take part as a row (first) and a column (last) matrix
    arrays = _arrays(dtype, *tensors)
    arrays[0] = arrays[0].reshape(1, -1) if first.ndim == 1 else arrays[0]
    arrays[-1] = arrays[-1].reshape(-1, 1) if last.ndim == 1 else arrays[-1]
    for i in range(n - 1):
        if arrays[i].shape[1] != arrays[i + 1].shape[0]:
            shapes = [list(tensors[j]._data.shape) for j in (i, i + 1)]
            raise RuntimeError(f"multi_dot(): tensors {i} and {i + 1} with shapes {shapes[0]} and {shapes[1]} cannot "
                               f"be multiplied")
    if dtype is _dt.bool and all(a.size for a in arrays):
        raise not_implemented("addmm_impl_cpu_", dtype)
    if wants_grad(*tensors):
        no_out("mm", out)  # PyTorch's composite refuses in its mm
        return _chain_recorded(tensors, [a.shape for a in arrays])
    product = _chain_product(arrays, dtype)
    shape = (() if first.ndim == 1 else product.shape[:1]) + (() if last.ndim == 1 else product.shape[1:])
    return result(product.reshape(shape), dtype, out)  # a matmul result is C-contiguous, so is this view


def _chain_recorded(tensors, shapes):
    """The chain as PyTorch records it: vectors unsqueezed to matrices, mm in the cheapest order, then a view."""
    from .shape import unsqueeze, view
    ends = tensors[0]._data.ndim, tensors[-1]._data.ndim
    tensors = list(tensors)
    if ends[0] == 1:
        tensors[0] = unsqueeze(tensors[0], 0)
    if ends[1] == 1:
        tensors[-1] = unsqueeze(tensors[-1], 1)
    r = _chain_product(tensors, None, shapes)
    return view(r, (() if ends[0] == 1 else r._data.shape[:1]) + (() if ends[1] == 1 else r._data.shape[1:]))


def _chain_product(arrays, dtype, shapes=None):
    """Multiply the chain in the order that needs the fewest multiplications (rounding each step to ``dtype``;
    with ``shapes``, ``arrays`` are tensors multiplied by ``mm``)."""
    n = len(arrays)
    shapes = shapes or [a.shape for a in arrays]
    dims = [s[0] for s in shapes] + [shapes[-1][1]]
    if n == 2:
        return mm(arrays[0], arrays[1]) if dtype is None else arrays[0] @ arrays[1]
    if n == 3:  # PyTorch compares the two orders directly; a tie multiplies from the left
        a, b, c, d = dims
        split = [[0, 0, 0 if a * c * (b + d) > b * d * (a + c) else 1], [0, 0, 1], [0, 0, 0]]
        return _ordered_product(arrays, split, 0, 2, dtype)
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = None
            for k in range(i, j):
                c = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1]
                if cost[i][j] is None or c < cost[i][j]:
                    cost[i][j], split[i][j] = c, k

    return _ordered_product(arrays, split, 0, n - 1, dtype)


def _ordered_product(arrays, split, i, j, dtype):
    """The product of ``arrays[i..j]`` split where ``split`` says, each step rounded to ``dtype``."""
    if i == j:
        return arrays[i]
    k = split[i][j]
    if dtype is None:  # tensors, recorded
        return mm(_ordered_product(arrays, split, i, k, dtype), _ordered_product(arrays, split, k + 1, j, dtype))
    r = _ordered_product(arrays, split, i, k, dtype) @ _ordered_product(arrays, split, k + 1, j, dtype)
    return r.astype(dtype._np).astype(np.float32) if dtype in _REDUCED else r


def chain_matmul(*matrices, out=None):
    """Deprecated spelling of :func:`multi_dot` for 2-d tensors given as separate arguments."""
    _warn_once("torch.chain_matmul is deprecated and will be removed in a future PyTorch release. Use "
               "torch.linalg.multi_dot instead, which accepts a list of two or more tensors rather than multiple "
               "parameters.")
    if len(matrices) == 1 and isinstance(matrices[0], (list, tuple)):
        matrices = tuple(matrices[0])
    if not matrices:
        raise RuntimeError("chain_matmul(): Expected one or more matrices")
    for m in matrices:
        if m._data.ndim != 2:
            raise RuntimeError(f"Tensor dimension is {m._data.ndim}, expected 2 instead.")
    if len(matrices) == 1:
        from .shape import clone
        return clone(matrices[0]) if out is None else result(matrices[0]._data, matrices[0]._dtype, out)
    return _chain(list(matrices), out)


def linalg_vecdot(x, y, *, dim=-1, out=None):
    """``sum(conj(x) * y, dim)`` over broadcast ``x`` and ``y`` (torch.linalg.vecdot)."""
    _tensors("linalg_vecdot", ("x", x), ("y", y))
    if x._dtype._kind < 2:
        raise RuntimeError(f"linalg.vecdot: Expected a floating point or complex tensor as input. Got "
                           f"{type_name(x._dtype)}")
    if x._dtype is not y._dtype:
        raise RuntimeError(f"linalg.vecdot: Expected x and y to have the same dtype, but found x of type "
                           f"{type_name(x._dtype)} and y of type {type_name(y._dtype)} instead")
    from .pointwise import conj, mul
    from .reduction import sum
    return sum(mul(conj(x) if x._dtype._kind == 3 else x, y), dim, out=out)
