"""Complex numbers: the argument (angle) and the real/complex reinterpreting views."""
import numpy as np

from .. import dtypes as _dt
from ..autograd import grad_mode
from ..autograd.graph import Node, no_out, record, wants_grad
from ..tensor import _view
from .common import _check_input, like, result
from .conditional import _iterated
from .shape import _non_overlapping_and_dense

_REAL_OF = {_dt.float32: _dt.complex64, _dt.float64: _dt.complex128}


def angle(input, *, out=None):
    """The argument of each element: ``atan2(imag, real)``; for real inputs 0 or pi (NaN kept)."""
    _check_input(input, "angle")
    if wants_grad(input):
        no_out("angle", out)
        with grad_mode.no_grad():
            r = angle(input)
        node = AngleBackward0()
        node.save(input)
        return record(node, r, (input,))
    dtype = input._dtype
    x = input._data
    if dtype._kind == 3:
        r = np.asarray(np.angle(x))
        # PyTorch allocates the real result of a complex input row-major
        return result(r if r.flags.c_contiguous else r.copy(order="C"), dtype.to_real(), out)
    if dtype._kind < 2:
        dtype = _dt.get_default_dtype()
        zero, pi = np.zeros((), dtype._np), np.asarray(np.pi).astype(dtype._np)
        return _unary_result(np.where(x < 0, pi, zero), dtype, out, input)
    zero, pi = np.zeros((), x.dtype), np.asarray(np.pi).astype(x.dtype)
    r = np.where(x < 0, pi, zero)
    np.copyto(r, x, where=np.isnan(x))
    return _unary_result(r, dtype, out, input)


class AngleBackward0(Node):
    """Only the tangential part of the gradient turns a complex number (zero at 0, and for real inputs)."""

    def backward(self, grad):
        from ..creation import zeros_like
        from .conditional import where
        (x,) = self.saved_tensors
        if x._dtype._kind != 3:
            return zeros_like(x),
        return where(x == 0, 0.0, grad * x / (x.abs() ** 2) * 1j),


def _unary_result(r, dtype, out, input):
    """A real input's result laid out as TensorIterator lays out a unary op's: row-major for a row-major input,
    the input's own strides for another dense one, else dims ordered by the input's strides."""
    x = input._data
    if out is not None or x.flags.c_contiguous:
        return result(r, dtype, out, (input,))
    if _non_overlapping_and_dense(x.shape, input._strides()):
        return like(input, r, dtype)
    return _iterated(r, dtype, None, (input,))


def view_as_real(input):
    """A real view of a complex tensor with a last dim of 2 (real, imaginary)."""
    _check_input(input, "view_as_real")
    if input._dtype._kind != 3:
        raise RuntimeError("view_as_real is only supported for complex tensors")
    strides = [2 * s for s in input._strides()] + [1]
    r = _view(input, input._data.shape + (2,), strides, 2 * input._offset, input._dtype.to_real())
    return _tracked(r, input, ViewAsRealBackward0)


def view_as_complex(input):
    """A complex view of a float tensor whose last dim (size 2, stride 1) holds real and imaginary parts."""
    _check_input(input, "view_as_complex")
    dtype = input._dtype
    complex_dtype = _REAL_OF.get(dtype)
    if complex_dtype is None:
        if dtype is _dt.float16:  # PyTorch gives complex32, a dtype Ember does not have
            raise RuntimeError("view_as_complex: complex32 (ComplexHalf) tensors are not supported by Ember")
        raise RuntimeError(f"view_as_complex is only supported for half, float and double tensors, but got a tensor "
                           f"of scalar type: {dtype._legacy}")
    shape, strides = input._data.shape, input._strides()
    if not shape:
        raise RuntimeError("Input tensor must have one or more dimensions")
    if shape[-1] != 2:
        raise RuntimeError("Tensor must have a last dimension of size 2")
    if strides[-1] != 1:
        raise RuntimeError("Tensor must have a last dimension with stride 1")
    if any(s % 2 for s in strides[:-1]):
        raise RuntimeError("Tensor must have a stride divisible by 2 for all but last dimension")
    if input._offset % 2:
        raise RuntimeError("Tensor must have a storage_offset divisible by 2")
    r = _view(input, shape[:-1], [s // 2 for s in strides[:-1]], input._offset // 2, complex_dtype)
    return _tracked(r, input, ViewAsComplexBackward0)


def _tracked(view, input, node_class):
    """The view recorded as ``node_class``'s output when ``input`` requires grad and grad mode is on."""
    if input._requires_grad and grad_mode._state.enabled:
        return record(node_class(), view, (input,))
    return view


class ViewAsRealBackward0(Node):
    def backward(self, grad):
        return view_as_complex(grad.contiguous()),


class ViewAsComplexBackward0(Node):
    def backward(self, grad):
        return view_as_real(grad.contiguous()),

