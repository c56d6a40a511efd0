"""Joining tensors: cat and stack and their variants, atleast_1d/2d/3d, block_diag, meshgrid, cartesian_prod."""
import warnings

import numpy as np

from .. import dtypes as _dt
from ..autograd.graph import Node, no_out, record, wants_grad
from ..tensor import Tensor, _wrap, _wrap_dim
from . import shape as _shape
from .common import _cast, _cast_into, _store, _type_name

_warned = set()  # the warnings PyTorch gives once per process


# ---------------------------------------------------------------------------------------------
# Cat and stack and their variants


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
    if wants_grad(*tensors):
        no_out("cat", out)
        node = CatBackward0(_wrap_dim(dim, len(kept[0][1]._data.shape)) if kept else 0,
                            [t._data.shape for t in tensors])
        return record(node, _wrap(result, dtype), tuple(tensors))
    if out is not None:
        return _store(out, result, "cat")
    return _wrap(result, dtype)


class CatBackward0(Node):
    """Each input's gradient is its slice of the result's (the skipped 1-d empty ones get an empty gradient)."""

    def __init__(self, dim, shapes):
        super().__init__()
        self.dim, self.shapes = dim, shapes

    def backward(self, grad):
        grads, start = [], 0
        for i, shape in enumerate(self.shapes):
            if shape == (0,):
                grads.append(_wrap(np.zeros(0, grad._dtype._np), grad._dtype) if self.needs(i) else None)
                continue
            size = shape[self.dim]
            grads.append(_shape.narrow(grad, self.dim, start, size) if self.needs(i) else None)
            start += size
        return tuple(grads)


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
    if wants_grad(*tensors):
        no_out("stack", out)
        return record(StackBackward0(d), _wrap(result, dtype), tuple(tensors))
    if out is not None:
        return _store(out, result, "stack")
    return _wrap(result, dtype)


class StackBackward0(Node):
    """Each input's gradient is its slice of the result's along the new dim."""

    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def backward(self, grad):
        return tuple(_shape.select(grad, self.dim, i) if self.needs(i) else None
                     for i in range(len(self.next_functions)))


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
    if wants_grad(*tensors):
        from ..autograd import grad_mode
        with grad_mode.no_grad():
            result = block_diag(*tensors)
        return record(BlockDiagBackward0([t._data.shape for t in tensors]), result, tuple(tensors))
    blocks = [t._data.reshape((1, -1) if t._data.ndim < 2 else t._data.shape) for t in tensors]
    result = np.zeros((sum(b.shape[0] for b in blocks), sum(b.shape[1] for b in blocks)), dtype._np)
    row = col = 0
    for block in blocks:
        rows, cols = block.shape
        _cast_into(result[row:row + rows, col:col + cols], block)
        row, col = row + rows, col + cols
    return _wrap(result, dtype)


class BlockDiagBackward0(Node):
    """Each input's gradient is its block of the result's."""

    def __init__(self, shapes):
        super().__init__()
        self.shapes = shapes

    def backward(self, grad):
        grads, row, col = [], 0, 0
        for i, shape in enumerate(self.shapes):
            rows, cols = (1, int(np.prod(shape))) if len(shape) < 2 else shape
            if self.needs(i):
                block = _shape.narrow(_shape.narrow(grad, 0, row, rows), 1, col, cols)
                grads.append(_shape.reshape(block, shape) if len(shape) < 2 else block)
            else:
                grads.append(None)
            row, col = row + rows, col + cols
        return tuple(grads)


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
        grids.append(_shape.expand(_shape.view(t, view), shape))
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
    if wants_grad(*tensors):  # flattened copies of the grids, stacked as columns
        return stack([_shape.reshape(g, -1) for g in grids], 1)
    return _wrap(np.stack([g._data.reshape(-1) for g in grids], axis=1), grids[0]._dtype)
