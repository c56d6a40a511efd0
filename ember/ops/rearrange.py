"""Rearranging copies: flip, roll, rot90, repeat, repeat_interleave, tile; broadcasting, combinations, vander."""
import itertools

import numpy as np

from .. import dtypes as _dt
from ..autograd.graph import Node, record, wants_grad
from ..size import Size
from ..tensor import Tensor, _wrap, _wrap_dim
from .common import _check_input, _int_arg, _type_name, broadcast_error, dims_of, like, not_implemented
from . import shape as _shape
from .shape import _owning, _sizes, expand

_int64 = np.int64


def _ints(value, name, arg, position, allow_int=True):
    """A list of ints from an int (where PyTorch's ``int[1]`` takes one) or a sequence of ints."""
    if not isinstance(value, (tuple, list)):
        n = _int_arg(value) if type(value) is not bool else None
        if n is None or not allow_int:
            raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be tuple of ints, not "
                            f"{_type_name(value)}")
        return [n]
    out = []
    for i, v in enumerate(value):
        n = _int_arg(v) if type(v) is not bool else None
        if n is None:
            raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be tuple of ints, but found "
                            f"element of type {_type_name(v)} at pos {i}")
        out.append(n)
    return out


def _wrap_nonscalar(dim, ndim):
    """A dim of a tensor with at least one dim; PyTorch refuses any dim of a 0-d tensor here."""
    if not ndim:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return _wrap_dim(dim, ndim)


# ---------------------------------------------------------------------------------------------
# Flips and rotations


def _flipped(input, dims):
    """``input`` reversed along ``dims`` (wrapped), as a new tensor in ``input``'s layout (PyTorch copies)."""
    if input._requires_grad and wants_grad(input):
        return record(FlipBackward0(dims), _flipped_copy(input, dims), (input,))
    return _flipped_copy(input, dims)


def _flipped_copy(input, dims):
    data = input._data
    flipped = np.flip(data, dims) if dims and data.ndim else data
    if data.flags.c_contiguous and data.size and 1 not in data.shape:  # plain C strides: a C-order copy keeps them
        return _wrap(flipped.copy(), input._dtype)
    return like(input, flipped, input._dtype)


def flip(input, dims):
    """A copy of ``input`` with the order of elements reversed along each of ``dims``."""
    _check_input(input, "flip")
    dims = _ints(dims, "flip", "dims", 2, allow_int=False)
    return _flipped(input, dims_of(dims, input._data.ndim))


def flip_method(self, *dims, **kwargs):
    """``Tensor.flip(*dims)``: the dims may come as separate ints or one sequence."""
    if "dims" in kwargs:
        dims = (kwargs.pop("dims"),)
    return _flipped(self, dims_of(_sizes(dims, "flip", "dims"), self._data.ndim))


def fliplr(input):
    """``input`` reversed left to right (along dim 1)."""
    _check_input(input, "fliplr")
    if input._data.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return _flipped(input, (1,))


def flipud(input):
    """``input`` reversed upside down (along dim 0)."""
    _check_input(input, "flipud")
    if input._data.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return _flipped(input, (0,))


def roll(input, shifts, dims=None):
    """``input`` shifted circularly by ``shifts`` along ``dims`` (over the flattened tensor when no dims)."""
    result = _rolled(input, shifts, dims)
    if input._requires_grad and wants_grad(input):
        return record(RollBackward0(shifts, dims), result, (input,))
    return result


def _rolled(input, shifts, dims):
    _check_input(input, "roll")
    shifts = _ints(shifts, "roll", "shifts", 2)
    dims = [] if dims is None else _ints(dims, "roll", "dims", 3)
    data = input._data
    if not shifts:
        raise RuntimeError("`shifts` required")
    if not dims and len(shifts) == 1:
        if not data.size:  # PyTorch rolls the flattened view, which for a 1-d input is the input itself
            return like(input, data, input._dtype) if data.ndim == 1 else _wrap(data.copy(), input._dtype)
        return _wrap(np.roll(data.reshape(-1), shifts[0]).reshape(data.shape), input._dtype)
    if len(shifts) != len(dims):
        raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}")
    if not data.size:  # an empty input comes back as a copy in its own layout
        return like(input, data, input._dtype)
    axes = [_wrap_nonscalar(d, data.ndim) for d in dims]
    return _wrap(np.ascontiguousarray(np.roll(data, shifts, axes)), input._dtype)


def rot90(input, k=1, dims=(0, 1)):
    """``input`` rotated ``k`` quarter turns in the plane of ``dims``, from the first dim towards the second."""
    _check_input(input, "rot90")
    if type(k) is bool or _int_arg(k) is None:
        raise TypeError(f"rot90(): argument 'k' must be int, not {_type_name(k)}")
    k = _int_arg(k)
    dims = _ints(dims, "rot90", "dims", 3, allow_int=False)
    ndim = input._data.ndim
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if ndim < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {ndim}")
    if dims[0] == dims[1] or abs(dims[0] - dims[1]) == ndim:
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {dims[0]} and dim1 = {dims[1]}")
    d0, d1 = _wrap_dim(dims[0], ndim), _wrap_dim(dims[1], ndim)
    if input._requires_grad and wants_grad(input):
        from ..autograd import grad_mode
        with grad_mode.no_grad():
            result = rot90(input, k, dims)
        return record(Rot90Backward0(k, dims), result, (input,))
    k %= 4
    if k == 2:
        return _flipped(input, (d0, d1))
    if k == 0:
        return _wrap(np.array(input._data, order="C"), input._dtype)
    # a quarter turn is a flip then a transpose in place: the result owns its memory, as in PyTorch
    flipped = _flipped(input, (d1,) if k == 1 else (d0,))
    return _owning(np.swapaxes(flipped._data, d0, d1), input._dtype)


# ---------------------------------------------------------------------------------------------
# Repeating


def _tiled(input, reps):
    data = input._data
    if len(reps) < data.ndim:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor")
    padded = (1,) * (len(reps) - data.ndim) + data.shape
    shape = [n * r for n, r in zip(padded, reps)]
    for n in shape:
        if n < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {n}: {shape}")
    out = np.tile(data, reps)
    if not out.flags.c_contiguous:  # NumPy copies without reordering when nothing repeats
        out = out.copy()
    if input._requires_grad and wants_grad(input):
        return record(RepeatBackward0(list(reps), padded), _wrap(out, input._dtype), (input,))
    return _wrap(out, input._dtype)


def repeat(self, *sizes):
    """``self`` tiled ``sizes[i]`` times along each dim (new leading dims where ``sizes`` is longer)."""
    return _tiled(self, _sizes(sizes, "repeat", "repeats"))


def tile(input, dims):
    """``input`` repeated ``dims[i]`` times along each dim; a short ``dims`` is padded with leading 1s."""
    _check_input(input, "tile")
    dims = _ints(dims, "tile", "dims", 2, allow_int=False)
    return _tiled(input, [1] * (input._data.ndim - len(dims)) + dims)


def tile_method(self, *dims, **kwargs):
    """``Tensor.tile(*dims)``: the dims may come as separate ints or one sequence."""
    if "dims" in kwargs:
        dims = (kwargs.pop("dims"),)
    dims = _sizes(dims, "tile", "dims")
    return _tiled(self, [1] * (self._data.ndim - len(dims)) + list(dims))


def repeat_interleave_method(self, repeats, dim=None, *, output_size=None):
    """``Tensor.repeat_interleave``: ``repeats`` is required (the one-argument form is ``torch``'s only)."""
    return repeat_interleave(self, repeats, dim, output_size=output_size)


def _counts(repeats, output_size):
    """The index array ``repeat_interleave(repeats)`` makes: ``i`` repeated ``repeats[i]`` times."""
    if repeats._data.ndim != 1:
        raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
    if repeats._dtype not in (_dt.int32, _dt.int64):
        raise not_implemented("repeat_interleave_cpu", repeats._dtype)
    counts = repeats._data
    if counts.size and counts.min() < 0:
        raise RuntimeError("repeats can not be negative")
    index = np.repeat(np.arange(counts.size, dtype=counts.dtype), counts)
    if output_size is not None and output_size != index.size:
        raise RuntimeError("allocated size does not match required size")
    return index


def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Each element (or slice along ``dim``) repeated ``repeats`` times in place; with a tensor alone, the
    indices ``i`` repeated ``input[i]`` times."""
    _check_input(input, "repeat_interleave")
    if repeats is None:
        if dim is not None:
            raise TypeError("repeat_interleave() received an invalid combination of arguments - got (Tensor, "
                            "dim=int)")
        return _wrap(_counts(input, output_size), input._dtype)
    data = input._data
    if dim is None:
        data, axis = data.reshape(-1), 0
    if isinstance(repeats, Tensor):
        if dim is not None:
            if not data.ndim:
                raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
            axis = _wrap_dim(dim, data.ndim)
        size = data.shape[axis]
        if repeats._data.ndim == 0 or repeats._data.shape == (1,):
            repeats = _wrap(np.broadcast_to(repeats._data.reshape(1), (size,)), repeats._dtype)
        elif repeats._data.ndim == 1:
            if repeats._data.shape[0] != size:
                raise RuntimeError(f"repeats must have the same size as input along dim, but got repeats.size(0) = "
                                   f"{repeats._data.shape[0]} and input.size({dim or 0}) = {size}")
        else:
            raise RuntimeError("repeats must be 0-dim or 1-dim tensor")
        index = _counts(repeats, output_size)
        if input._requires_grad and wants_grad(input):  # PyTorch gathers with index_select (of a flat view)
            flat = _shape.flatten(input) if dim is None else input
            return _index_select(flat, axis, index)
        return _wrap(np.take(data, index, axis), input._dtype)
    count = _int_arg(repeats)
    if count is None:
        raise TypeError(f"repeat_interleave(): argument 'repeats' (position 2) must be Tensor, not "
                        f"{_type_name(repeats)}")
    if dim is not None:
        axis = _wrap_dim(dim, data.ndim)
    if count < 0:
        raise RuntimeError("Repeats must be non-negative")
    if not data.ndim:  # PyTorch unsqueezes at dim + 1, which a 0-d tensor lacks
        _wrap_dim(axis + 1, 1)
    expected = data.shape[axis] * count
    if output_size is not None and output_size != expected:
        raise RuntimeError(f"repeat_interleave: Invalid output_size, expected {expected} but got {output_size}")
    if input._requires_grad and wants_grad(input):  # PyTorch's composite: unsqueeze, expand, contiguous copy, view
        flat = _shape.flatten(input) if dim is None else input
        shape = list(flat._data.shape)
        wide = _shape.unsqueeze(flat, axis + 1)
        wide = _shape.expand(wide, shape[:axis + 1] + [count] + shape[axis + 1:])
        shape[axis] *= count
        return _shape.view(_shape.clone(wide, memory_format="contiguous_format"), shape)
    return _wrap(np.repeat(data, count, axis), input._dtype)


def _index_select(input, axis, index):
    """``input``'s slices at ``index`` along ``axis``, recorded as ``IndexSelectBackward0``."""
    result = _wrap(np.take(input._data, index, axis), input._dtype)
    if input._requires_grad and wants_grad(input):
        return record(IndexSelectBackward0(input._data.shape, axis, index), result, (input,))
    return result


# ---------------------------------------------------------------------------------------------
# Autograd


class FlipBackward0(Node):
    """Flipping back."""

    def __init__(self, dims):
        super().__init__()
        self.dims = dims

    def backward(self, grad):
        return (_flipped(grad, self.dims),)


class RollBackward0(Node):
    """Rolling back by the opposite shifts."""

    def __init__(self, shifts, dims):
        super().__init__()
        self.shifts, self.dims = shifts, dims

    def backward(self, grad):
        shifts = _ints(self.shifts, "roll", "shifts", 2)
        return (roll(grad, [-s for s in shifts], self.dims),)


class Rot90Backward0(Node):
    """Rotating back."""

    def __init__(self, k, dims):
        super().__init__()
        self.k, self.dims = k, dims

    def backward(self, grad):
        return (rot90(grad, -self.k, self.dims),)


class RepeatBackward0(Node):
    """The copies added up: each dim split into (repeats, size) and the repeats summed away."""

    def __init__(self, reps, padded):
        super().__init__()
        self.reps, self.padded = reps, padded

    def backward(self, grad):
        from .reduction import sum as _sum
        split = []
        for r, n in zip(self.reps, self.padded):
            split += [r, n]
        summed = _sum(_shape.reshape(grad, split), list(range(0, len(split), 2)))
        return (summed,)  # the engine drops the leading dims that repeat added


class IndexSelectBackward0(Node):
    """The gathered slices added back where they came from."""

    def __init__(self, shape, axis, index):
        super().__init__()
        self.shape, self.axis, self.index = shape, axis, index

    def backward(self, grad):
        axis, index = self.axis, self.index

        def write(out, g):
            np.add.at(np.moveaxis(out, axis, 0), index, np.moveaxis(g, axis, 0))

        return (_shape.embed(grad, self.shape, lambda g: _index_select(g, axis, index), write, IndexAddBackward0),)


class IndexAddBackward0(_shape._TakeBackward):
    """The backward of IndexSelectBackward0's backward: selecting again."""

    into_zeros = True


# ---------------------------------------------------------------------------------------------
# Broadcasting


def broadcast_tensors(*tensors):
    """Views of the tensors expanded to their common broadcast shape."""
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {_type_name(t)}")
    if not tensors:
        return ()
    shape = tensors[0]._data.shape
    for t in tensors[1:]:
        other = t._data.shape
        if other != shape:
            try:
                shape = np.broadcast_shapes(shape, other)
            except ValueError:
                raise broadcast_error(shape, other) from None
    return tuple(t if t._data.shape == shape else expand(t, shape) for t in tensors)  # PyTorch passes those through


def broadcast_shapes(*shapes):
    """The shape that tensors of all the given shapes broadcast to, as a ``Size``."""
    shapes = [(s,) if isinstance(s, int) else s for s in shapes if s is not None]
    if not shapes:
        return Size(())
    for s in shapes:
        if not isinstance(s, (tuple, list)):
            raise RuntimeError(f"Input shapes should be of type ints, a tuple of ints, or a list of ints, got {s}")
    common = [1] * max(len(s) for s in shapes)
    for index, s in enumerate(shapes):
        for d in range(-1, -1 - len(s), -1):
            n = s[d]
            if n == common[d]:
                continue
            if common[d] == 1:
                if n < 0:
                    raise ValueError("Attempting to broadcast a dimension with negative length!")
                common[d] = n
            if n != 1 and common[d] != n:
                raise RuntimeError(f"Attempting to broadcast a dimension of length {n} at {d}! Mismatching argument "
                                   f"at index {index} had {s}; but expected shape should be broadcastable to {common}")
    return Size(common)


# ---------------------------------------------------------------------------------------------
# Combinations and Vandermonde matrices


def combinations(input, r=2, with_replacement=False):
    """The length-``r`` combinations of the elements of a 1-d tensor, one per row, in lexicographic order."""
    _check_input(input, "combinations")
    if type(r) is not int:
        raise TypeError(f"combinations(): argument 'r' must be int, not {_type_name(r)}")
    data = input._data
    if data.ndim != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(data.shape)}")
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return _wrap(data[:0].copy(), input._dtype)
    pick = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    index = np.fromiter(itertools.chain.from_iterable(pick(range(data.shape[0]), r)), _int64).reshape(-1, r)
    return _wrap(data[index], input._dtype)


def vander(x, N=None, increasing=False):
    """The Vandermonde matrix of a 1-d tensor: column ``j`` holds ``x ** (N - 1 - j)`` (``x ** j`` if increasing)."""
    _check_input(x, "vander")
    data = x._data
    if data.ndim != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    if N is not None and (type(N) is bool or _int_arg(N) is None):
        raise TypeError(f"vander(): argument 'N' must be int, not {_type_name(N)}")
    n = data.shape[0] if N is None else _int_arg(N)
    if n < 0:
        raise RuntimeError("N must be non-negative.")
    dtype = _dt.promote_types(x._dtype, _dt.int64)
    out = np.ones((data.shape[0], n), dtype._np)
    if n > 1:
        # PyTorch takes a running product along each row, accumulating as its cumprod kernel does
        acc = {_dt.float16: np.float32, _dt.bfloat16: np.float32, _dt.float32: np.float64,
               _dt.complex64: np.complex128}.get(dtype, dtype._np)
        column = data.astype(acc)[:, None]
        out[:, 1:] = np.cumprod(np.broadcast_to(column, (data.shape[0], n - 1)), axis=1)
    if not increasing:
        out = out[:, ::-1].copy()
    return _wrap(out, dtype)
