"""Triangles and diagonals of matrices: tril, triu (and in place), diag, diag_embed, diagflat."""
import builtins

import numpy as np

from .. import dtypes as _dt
from ..autograd.graph import Node, no_out, record, wants_grad
from ..tensor import _wrap, _wrap_dim
from . import shape as _shape
from .common import _CPP_TYPES, _check_input, _int_param, _store


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
    if input._requires_grad and wants_grad(input):
        no_out(name, out)
        return record((TrilBackward0 if lower else TriuBackward0)(diagonal), _wrap(array, input._dtype), (input,))
    if out is not None:
        return _store(out, array, name)
    return _wrap(array, input._dtype)


class TrilBackward0(Node):
    """The gradient keeps the same triangle."""

    lower = True

    def __init__(self, diagonal):
        super().__init__()
        self.diagonal = diagonal

    def backward(self, grad):
        return ((tril if self.lower else triu)(grad, self.diagonal),)


class TriuBackward0(TrilBackward0):
    lower = False


def _triangle_(self, diagonal, lower):
    name = "tril_" if lower else "triu_"
    diagonal = _int_param(diagonal, name, "diagonal", 2)
    if self._data.ndim < 2:
        raise RuntimeError(f"{name[:-1]}: input tensor must have at least 2 dimensions")
    # no overlap check: PyTorch only writes the zeros, so an expanded tensor takes them wherever its memory is shared
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
    if out is None and input._requires_grad and wants_grad(input):
        if array.ndim == 1:
            return record(DiagEmbedBackward0(diagonal, 0, 1), _wrap(result, input._dtype), (input,))
        return record(DiagonalBackward0_copy(array.shape, diagonal, 0, 1), _wrap(result, input._dtype), (input,))
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
    result = _wrap(np.array(np.moveaxis(planes, (-2, -1), (d1, d2)), order="C"), input._dtype)
    if input._requires_grad and wants_grad(input):
        return record(DiagEmbedBackward0(offset, d1, d2), result, (input,))
    return result


class DiagEmbedBackward0(Node):
    """The gradient is the diagonal the input was laid on."""

    def __init__(self, offset, dim1, dim2):
        super().__init__()
        self.args = offset, dim1, dim2

    def backward(self, grad):
        return (_shape.diagonal(grad, *self.args),)


class DiagonalBackward0_copy(_shape.DiagonalBackward0):
    """``diag`` of a matrix copies the diagonal; its gradient is laid back on a diagonal of zeros."""


def diagflat(input, offset=0):
    """The flattened input laid on diagonal ``offset`` of a square matrix."""
    _check_input(input, "diagflat")
    if input._requires_grad and wants_grad(input):  # PyTorch's chain: a flat view (of a contiguous copy), then diag
        return diag(_shape.view(_shape.contiguous(input), -1), offset)
    return _wrap(np.diag(input._data.reshape(-1), offset), input._dtype)
