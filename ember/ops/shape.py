"""View and shape ops: each computes PyTorch's sizes, strides and storage offset, sharing storage."""
import math
import warnings

import numpy as np

from .. import dtypes as _dt
from ..autograd import grad_mode as _grad
from ..autograd.graph import Node, record
from ..tensor import Tensor, _contiguous_strides, _view, _view_from_array, _wrap, _wrap_dim
from .common import dims_of

_int_types = (int, np.integer)


def _sizes(args, name, arg="size"):
    """A list of ints from ``f(2, 3)``, ``f((2, 3))`` or ``f(torch.Size(...))``."""
    if args and all(type(s) is int for s in args):
        return args
    if len(args) == 1 and not isinstance(args[0], _int_types):
        args = args[0]
        if isinstance(args, Tensor) and args.dim() == 0:
            args = (args,)
    elif not args:
        raise TypeError(f'{name}() missing 1 required positional arguments: "{arg}"')
    try:
        return [s.__index__() for s in args]
    except (AttributeError, TypeError):
        bad = next((i, s) for i, s in enumerate(args) if not hasattr(s, "__index__"))
        raise TypeError(f"{name}(): argument '{arg}' (position 1) must be tuple of ints, but found element of type "
                        f"{type(bad[1]).__name__} at pos {bad[0]}") from None


def infer_size(shape, numel):
    """Resolve a single -1 in ``shape`` against ``numel`` elements, with PyTorch's errors."""
    known, infer = 1, None
    for i, s in enumerate(shape):
        if s == -1:
            if infer is not None:
                raise RuntimeError("only one dimension can be inferred")
            infer = i
        elif s < 0:
            raise RuntimeError(f"invalid shape dimension {s}")
        else:
            known *= s
    if infer is None:
        if known != numel:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        return tuple(shape)
    if known == 0:
        raise RuntimeError(f"cannot reshape tensor of {numel} elements into shape {list(shape)} because the "
                           f"unspecified dimension size -1 can be any value and is ambiguous")
    if numel % known:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    shape = list(shape)
    shape[infer] = numel // known
    return tuple(shape)


def view_strides(old_shape, old_strides, new_shape):
    """Strides that let ``new_shape`` view the same memory as the old layout, or None when none exist.

    Dims of the old layout are grouped into runs that are contiguous with each other; each run must be
    covered exactly by consecutive new dims (PyTorch's ``computeStride``).
    """
    if not old_shape:
        return (1,) * len(new_shape)
    numel = 1
    for s in old_shape:
        numel *= s
    if numel == 0:
        if tuple(old_shape) == tuple(new_shape):
            return tuple(old_strides)
        return _contiguous_strides(new_shape)
    new_strides = [0] * len(new_shape)
    view_d = len(new_shape) - 1
    base_stride = old_strides[-1]
    run_numel = view_numel = 1
    for d in range(len(old_shape) - 1, -1, -1):
        run_numel *= old_shape[d]
        if d == 0 or (old_shape[d - 1] != 1 and old_strides[d - 1] != run_numel * base_stride):
            while view_d >= 0 and (view_numel < run_numel or new_shape[view_d] == 1):
                new_strides[view_d] = view_numel * base_stride
                view_numel *= new_shape[view_d]
                view_d -= 1
            if view_numel != run_numel:
                return None
            if d > 0:
                base_stride = old_strides[d - 1]
                run_numel = view_numel = 1
    if view_d != -1:
        return None
    return tuple(new_strides)


def view(self, *shape):
    """The same memory seen with another shape (or, given a dtype, reinterpreted as another dtype)."""
    if len(shape) == 1 and isinstance(shape[0], _dt.dtype):
        return view_dtype(self, shape[0])
    result = _view_as_shape(self, infer_size(_sizes(shape, "view"), self._data.size))
    if result is None:
        raise RuntimeError("view size is not compatible with input tensor's size and stride (at least one "
                           "dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
    return _track(result, self, ViewBackward0, self._data.shape) if self._requires_grad else result


def _view_as_shape(self, shape):
    """``self`` viewed with ``shape`` and PyTorch's strides, or None when its layout allows no such view."""
    data = self._data
    if data.flags.c_contiguous and data.size and shape != data.shape and (
            not data.ndim or data.shape[-1] != 1 or data.strides[-1] == data.itemsize):
        # NumPy gives a contiguous layout the contiguous strides PyTorch computes too (unless a trailing
        # size-1 dim has an odd stride, or the shape is unchanged: then PyTorch's rule is followed below)
        return _view_from_array(self, data.reshape(shape), self._offset)
    strides = view_strides(data.shape, self._strides(), shape)
    return None if strides is None else _view(self, shape, strides, self._offset)


def view_dtype(self, dtype):
    """Reinterpret the bytes as ``dtype``; the last dim scales when the element sizes differ.

    PyTorch shares storage and version counter but does not record the result as a view (``_base`` is None) and
    gives it no autograd history.
    """
    old, new = self._dtype.itemsize, dtype.itemsize
    shape, strides, offset = list(self._data.shape), list(self._strides()), self._offset
    what = f"to view {self._dtype._legacy} as {dtype._legacy} (different element sizes)"
    if old != new:
        if not shape:
            raise RuntimeError(f"self.dim() cannot be 0 {what}")
        if new < old:
            ratio = old // new
            if strides[-1] != 1:
                raise RuntimeError(f"self.stride(-1) must be 1 {what}, but got {strides[-1]}")
            shape[-1] *= ratio
            strides = [s * ratio for s in strides[:-1]] + [1]
            offset *= ratio
        else:
            shape, strides, offset = _upsized(shape, strides, offset, new // old, what)
    result = _view(self, shape, strides, offset, dtype)
    result._base = None
    result._requires_grad = False  # nor is it differentiable: no history, whatever the dtype
    return result


def _upsized(shape, strides, offset, ratio, what):
    """The layout of a view whose elements are ``ratio`` times wider."""
    if shape[-1] % ratio:
        raise RuntimeError(f"self.size(-1) must be divisible by {ratio} {what}, but got {shape[-1]}")
    if strides[-1] != 1:
        raise RuntimeError(f"self.stride(-1) must be 1 {what}, but got {strides[-1]}")
    if offset % ratio:
        raise RuntimeError(f"self.storage_offset() must be divisible by {ratio} {what}, but got {offset}")
    for d, s in enumerate(strides[:-1]):
        if s % ratio:
            raise RuntimeError(f"self.stride({d}) must be divisible by {ratio} {what}, but got {s}")
    shape[-1] //= ratio
    return shape, [s // ratio for s in strides[:-1]] + [1], offset // ratio


def reshape(self, *shape):
    """A view when the layout allows one, else a contiguous copy."""
    shape = infer_size(_sizes(shape, "reshape", "shape"), self._data.size)
    result = _view_as_shape(self, shape)
    if result is None:
        if self._requires_grad and _grad._state.enabled:  # PyTorch's chain: a contiguous clone, then a view of it
            copy = record(CloneBackward0(), _wrap(np.ascontiguousarray(self._data), self._dtype), (self,))
            return record(UnsafeViewBackward0(copy._data.shape), _wrap(copy._data.reshape(shape), self._dtype),
                          (copy,))
        return _wrap(np.ascontiguousarray(self._data).reshape(shape), self._dtype)
    if self._requires_grad:  # PyTorch views a contiguous input, and aliases a strided one with the new strides
        node = ViewBackward0 if self._data.flags.c_contiguous else ReshapeAliasBackward0
        return _track(result, self, node, self._data.shape)
    return result


def view_as(self, other):
    """``self.view(other.shape)``."""
    return view(self, other._data.shape)


def reshape_as(self, other):
    """``self.reshape(other.shape)``."""
    return reshape(self, other._data.shape)


# ---------------------------------------------------------------------------------------------
# Copies that keep or set a layout


def contiguous(self, memory_format=None):
    """``self`` when already laid out in ``memory_format`` (row-major by default), else a copy that is."""
    fmt = _format_name(memory_format, "contiguous_format")
    if fmt == "channels_last":
        strides = _channels_last_strides(self._data.shape)
        if _is_channels_last(self._data.shape, self._strides()):
            return self
        return _copied(_owning(_copy_with_strides(self._data, strides), self._dtype), self)
    if self._data.flags.c_contiguous:
        return self
    if fmt == "preserve_format":
        raise RuntimeError("preserve memory format is unsupported by the contiguous operator")
    return _copied(_wrap(np.ascontiguousarray(self._data), self._dtype), self)


def clone(self, *, memory_format=None):
    """A copy; by default with the same layout (dense inputs keep their strides, others get dense strides in the
    same order)."""
    array = self._data
    fmt = _format_name(memory_format, "preserve_format")
    shape = array.shape
    if fmt == "channels_last":
        strides = _channels_last_strides(shape)
    elif fmt == "contiguous_format":
        strides = _contiguous_strides(shape)
    else:
        strides = self._strides()
        if array.size and not _non_overlapping_and_dense(shape, strides):
            strides = _dense_strides_like(shape, strides)
    if strides == _contiguous_strides(shape):
        return _copied(_wrap(array.copy(), self._dtype), self)
    return _copied(_owning(_copy_with_strides(array, strides), self._dtype), self)


def _copied(out, src):
    """A copy of ``src``, recorded as ``CloneBackward0`` when history is wanted."""
    return _track(out, src, CloneBackward0) if src._requires_grad else out


def _format_name(memory_format, default):
    """The name of a ``torch.memory_format`` argument (``default`` for None)."""
    return default if memory_format is None else getattr(memory_format, "_name", memory_format)


def _channels_last_strides(shape):
    """Strides of a (N, C, H, W) tensor stored as (N, H, W, C)."""
    if len(shape) != 4:
        raise RuntimeError("required rank 4 tensor to use channels_last format")
    n, c, h, w = shape
    return (h * w * c, 1, w * c, c)


def _is_channels_last(shape, strides):
    """Whether a 4-d layout is dense in (N, H, W, C) order (size-1 dims aside)."""
    expected = 1
    for d in (1, 3, 2, 0):
        if shape[d] != 1:
            if strides[d] != expected:
                return False
            expected *= shape[d]
    return True


def _non_overlapping_and_dense(shape, strides):
    """Whether the elements tile a memory block exactly, in some order of the dims (dims of size < 2 aside)."""
    pairs = sorted((s, n) for n, s in zip(shape, strides) if n >= 2)
    expected = 1
    for s, n in pairs:
        if s != expected:
            return False
        expected *= n
    return True


def _dense_strides_like(shape, strides):
    """Dense strides that keep the order of the input's strides (PyTorch's ``infer_dense_strides``)."""
    def compare(d0, d1):
        s0, s1 = strides[d0], strides[d1]
        if s0 == 0 or s1 == 0:
            return 0
        if s0 != s1:
            return -1 if s0 < s1 else 1
        return 1 if shape[d0] > shape[d1] else 0

    out, step = [0] * len(shape), 1
    for d in order_dims(len(shape), compare):
        out[d] = step
        if shape[d] > 1:
            step *= shape[d]
    return tuple(out)


def order_dims(ndim, compare):
    """Dims from fastest- to slowest-moving, as PyTorch's TensorIterator orders them.

    An insertion sort starting from the reversed dims; ``compare(d0, d1)`` is 1 when d0 should move after d1,
    -1 when it should stay before, 0 when undecided (the sort then looks further back).
    """
    perm = list(range(ndim - 1, -1, -1))
    for i in range(1, ndim):
        d1 = i
        for d0 in range(i - 1, -1, -1):
            c = compare(perm[d0], perm[d1])
            if c > 0:
                perm[d0], perm[d1] = perm[d1], perm[d0]
                d1 = d0
            elif c < 0:
                break
    return perm


def iteration_order(shape, operand_strides):
    """Dims fastest-first as TensorIterator orders them for operands with these (broadcast) strides.

    The first operand whose strides decide wins; a zero (broadcast) stride abstains; of two equal strides
    the smaller dim goes first.
    """
    def compare(d0, d1):
        for strides in operand_strides:
            s0, s1 = strides[d0], strides[d1]
            if s0 == 0 or s1 == 0:
                continue
            if s0 != s1:
                return -1 if s0 < s1 else 1
            if shape[d0] > shape[d1]:
                return 1
        return 0

    return order_dims(len(shape), compare)


def _copy_with_strides(array, strides):
    """A copy of ``array`` laid out with the given element strides."""
    item = array.itemsize
    span = 1 + sum((n - 1) * s for n, s in zip(array.shape, strides)) if array.size else 0
    out = np.ndarray(array.shape, array.dtype, np.empty(span * item, np.uint8), 0, [s * item for s in strides])
    np.copyto(out, array)
    return out


def _owning(array, dtype):
    """A fresh tensor owning ``array`` exactly as laid out (``_wrap`` would re-stride an empty one)."""
    t = _wrap(array, dtype)
    t._data = array
    return t


def set_data(t, array):
    """Make ``t`` own ``array`` (used to resize ``out=`` tensors), keeping the Python object."""
    t._data = _wrap(array, t._dtype)._data
    t._storage = None
    t._offset = 0
    t._bump_version()


# ---------------------------------------------------------------------------------------------
# Dim-rearranging views


def _alias(self):
    """A view of the whole of ``self``."""
    out = _view_from_array(self, self._data, self._offset)
    return _track(out, self, AliasBackward0) if self._requires_grad else out


def transpose(self, dim0, dim1):
    """Swap two dims."""
    n = self._data.ndim
    d0, d1 = _wrap_dim(dim0, n), _wrap_dim(dim1, n)
    if d0 == d1:  # PyTorch still records a transpose
        out = _view_from_array(self, self._data, self._offset)
        return _track(out, self, TransposeBackward0, d0, d1) if self._requires_grad else out
    axes = list(range(n))
    axes[d0], axes[d1] = d1, d0
    out = _view_from_array(self, self._data.transpose(axes), self._offset)
    return _track(out, self, TransposeBackward0, d0, d1) if self._requires_grad else out


swapaxes = swapdims = transpose


def t(self):
    """Transpose a matrix (vectors and scalars come back as views of themselves)."""
    n = self._data.ndim
    if n > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {n}D")
    out = _view_from_array(self, self._data.T, self._offset)
    return _track(out, self, TBackward0) if self._requires_grad else out


def permute(self, *dims):
    """Reorder the dims."""
    dims = _sizes(dims, "permute", "dims")
    n = self._data.ndim
    if len(dims) != n:
        raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does not match the length "
                           f"of the desired ordering of dimensions i.e. input.dim() = {n} is not equal to "
                           f"len(dims) = {len(dims)}")
    wrapped = [_wrap_dim(d, n) for d in dims]
    if len(set(wrapped)) != n:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    out = _view_from_array(self, self._data.transpose(wrapped), self._offset)
    return _track(out, self, PermuteBackward0, wrapped) if self._requires_grad else out


def movedim(input, source, destination):
    """Move dims from ``source`` positions to ``destination`` positions; the others keep their order."""
    n = input._data.ndim
    src = [source] if isinstance(source, _int_types) else list(source)
    dst = [destination] if isinstance(destination, _int_types) else list(destination)
    if len(src) != len(dst):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({src} dims) should contain the same "
                           f"number of dims as destination ({dst} dims)")
    wsrc = [_wrap_dim(d, n) for d in src]
    wdst = [_wrap_dim(d, n) for d in dst]
    if len(set(wsrc)) != len(wsrc):
        raise RuntimeError(f"movedim: repeated dim in `source` ({src})")
    if len(set(wdst)) != len(wdst):
        raise RuntimeError(f"movedim: repeated dim in `destination` ({dst})")
    if n == 0:
        return _alias(input)
    order = [None] * n
    for s, d in zip(wsrc, wdst):
        order[d] = s
    rest = iter(d for d in range(n) if d not in wsrc)
    return permute(input, [o if o is not None else next(rest) for o in order])


moveaxis = movedim


def _conj(t):
    """The complex conjugate; real tensors are their own."""
    if not t._dtype.is_complex:
        return t
    out = t.conj()
    if t._requires_grad and out._grad_fn is None:  # recorded here until conj records its own history
        return _track(out, t, ConjBackward0)
    return out


_warned = set()


def _warn_once(message, stacklevel=4):
    """A UserWarning shown once per process, as PyTorch's ``TORCH_WARN_ONCE``."""
    if message not in _warned:
        _warned.add(message)
        warnings.warn(message, UserWarning, stacklevel=stacklevel)


def T(self):
    """All dims reversed (deprecated by PyTorch for other than 2-D)."""
    n = self._data.ndim
    if n == 0:
        _warn_once("Tensor.T is deprecated on 0-D tensors. This function is the identity in these cases.", 3)
    elif n != 2:
        _warn_once("The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and it "
                   "will throw an error in a future release. Consider `x.mT` to transpose batches of matrices or "
                   "`x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor.", 3)
    out = _view_from_array(self, self._data.T, self._offset)
    return _track(out, self, PermuteBackward0, list(range(n - 1, -1, -1))) if self._requires_grad else out


def _matrices(self, what, zero_d):
    """The dim count of a (batch of) matrices; 1-D raises, 0-D warns (the caller returns it, maybe conjugated)."""
    n = self._data.ndim
    if n == 1:
        raise RuntimeError(f"tensor.{what} is only supported on matrices or batches of matrices. Got 1-D tensor.")
    if n == 0:
        _warn_once(zero_d)
    return n


def mT(self):
    """Transpose of the last two dims."""
    if not _matrices(self, "mT", "Tensor.mT is deprecated on 0-D tensors. This function is the identity in these "
                                 "cases."):
        return self
    return transpose(self, -2, -1)


def mH(self):
    """Conjugate transpose of the last two dims."""
    if not _matrices(self, "mH", "Tensor.mH is deprecated on 0-D tensors. Consider using x.conj()."):
        return _conj(self)
    return _conj(transpose(self, -2, -1))


def adjoint(self):
    """Conjugate transpose of the last two dims."""
    if not _matrices(self, "adjoint()", "adjoint() is deprecated on 0-D tensors. Consider using x.conj()."):
        return _conj(self)
    return _conj(transpose(self, -2, -1))


def H(self):
    """Conjugate transpose of a matrix."""
    n = self._data.ndim
    if n == 0:
        _warn_once("Tensor.H is deprecated on 0-D tensors. Consider using x.conj().", 3)
        return _conj(self)
    if n != 2:
        raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got {n}-D tensor.")
    return _conj(transpose(self, 0, 1))


# ---------------------------------------------------------------------------------------------
# Adding and removing dims


def unsqueeze(self, dim):
    """Insert a size-1 dim at ``dim``."""
    n = self._data.ndim
    d = _wrap_dim(dim, n + 1)
    shape, strides = list(self._data.shape), list(self._strides())
    stride = shape[d] * strides[d] if d < n else 1
    shape.insert(d, 1)
    strides.insert(d, stride)
    out = _view(self, shape, strides, self._offset)
    return _track(out, self, UnsqueezeBackward0, d) if self._requires_grad else out


def squeeze(self, dim=None):
    """Remove size-1 dims (all of them, or those named by ``dim``)."""
    shape = self._data.shape
    dims = range(len(shape)) if dim is None else dims_of(dim, len(shape))
    drop = tuple(d for d in dims if shape and shape[d] == 1)
    out = _view_from_array(self, self._data.squeeze(drop) if drop else self._data, self._offset)
    if self._requires_grad:  # PyTorch's node names the overload: no dim, one dim, several dims
        node = (SqueezeBackward0 if dim is None else SqueezeBackward1 if isinstance(dim, _int_types)
                else SqueezeBackward2)
        return _track(out, self, node, drop)
    return out


def flatten(self, start_dim=0, end_dim=-1):
    """Merge dims ``start_dim..end_dim`` into one (a view when the layout allows)."""
    n = self._data.ndim
    s, e = _wrap_dim(start_dim, n), _wrap_dim(end_dim, n)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if n == 0:
        return reshape(self, 1)
    if s == e:
        return self
    shape = self._data.shape
    return reshape(self, shape[:s] + (math.prod(shape[s:e + 1]),) + shape[e + 1:])


def ravel(self):
    """A flat view of ``self`` when contiguous, else of a contiguous copy."""
    return view(contiguous(self), -1)


def unflatten(self, dim, sizes):
    """Split dim ``dim`` into ``sizes`` (one of which may be -1)."""
    sizes = list(sizes)
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    shape = self._data.shape
    d = _wrap_dim(dim, len(shape))
    try:
        if not shape:
            raise IndexError("Dimension specified as 0 but tensor has no dimensions")
        inferred = infer_size(sizes, shape[d])
    except RuntimeError as exc:
        if "is invalid for input of size" in str(exc):
            raise RuntimeError(f"unflatten: Provided sizes {sizes} don't multiply up to the size of dim {d} "
                               f"({shape[d]}) in the input tensor") from None
        raise RuntimeError(f"unflatten got an unexpected error:\n{exc}") from None
    except IndexError as exc:
        raise RuntimeError(f"unflatten got an unexpected error:\n{exc}") from None
    return view(self, shape[:d] + inferred + shape[d + 1:])


# ---------------------------------------------------------------------------------------------
# Broadcasting views


def expand(self, *sizes):
    """Repeat size-1 dims (and add leading dims) without copying: their stride is 0."""
    sizes = _sizes(sizes, "expand")
    shape = self._data.shape
    if len(sizes) < len(shape):
        raise RuntimeError(f"expand({self.type()}{{{list(shape)}}}, size={list(sizes)}): the number of sizes provided "
                           f"({len(sizes)}) must be greater or equal to the number of dimensions in the tensor "
                           f"({len(shape)})")
    new_shape, new_strides = expand_geometry(shape, self._strides(), sizes)
    out = _view(self, new_shape, new_strides, self._offset)
    return _track(out, self, ExpandBackward0, shape) if self._requires_grad else out


def expand_geometry(shape, strides, sizes):
    """Shape and element strides of a layout expanded to ``sizes`` (at least as many dims), with PyTorch's errors."""
    n, ndim = len(sizes), len(shape)
    new_shape, new_strides = [0] * n, [0] * n  # a 0-d input expands with all strides 0
    for i in range(n - 1, -1, -1):
        d = i - (n - ndim)
        have = shape[d] if d >= 0 else 1
        stride = strides[d] if d >= 0 else new_shape[i + 1] * new_strides[i + 1] if ndim else 0
        want = sizes[i]
        if want == -1:
            if d < 0:
                raise RuntimeError(f"The expanded size of the tensor (-1) isn't allowed in a leading, non-existing "
                                   f"dimension {i}")
            want = have
        if have != want:
            if have != 1:
                raise RuntimeError(f"The expanded size of the tensor ({want}) must match the existing size ({have}) "
                                   f"at non-singleton dimension {i}.  Target sizes: {list(sizes)}.  Tensor sizes: "
                                   f"{list(shape)}")
            stride = 0
        new_shape[i], new_strides[i] = want, stride
    return new_shape, new_strides


def expand_as(self, other):
    """``self.expand(other.shape)``."""
    return expand(self, other._data.shape)


def broadcast_to(input, size):
    """``input.expand(size)``."""
    return expand(input, size)


# ---------------------------------------------------------------------------------------------
# Slicing views


def clamp_range(start, stop, size):
    """``start:stop`` over a dim of ``size`` with negatives wrapped and both ends clamped, as PyTorch's slice does."""
    if start < 0:
        start += size
    if stop < 0:
        stop += size
    start = 0 if start < 0 else min(start, size)
    return start, (start if stop < start else min(stop, size))


def slice_dim(self, d, start, stop):
    """``self[..., start:stop]`` along dim ``d`` (already wrapped), clamped as PyTorch's ``slice`` clamps."""
    data = self._data
    start, stop = clamp_range(start, stop, data.shape[d])
    array = data[(slice(None),) * d + (slice(start, stop),)]  # NumPy keeps the strides, as PyTorch does
    out = _view_from_array(self, array, self._offset + start * data.strides[d] // data.itemsize)
    return _track(out, self, SliceBackward0, data.shape, d, start, stop, 1) if self._requires_grad else out


def slice_step(self, d, start, length, step):
    """``length`` elements of dim ``d`` every ``step`` from ``start`` (already clamped), as PyTorch's ``slice``."""
    shape, strides = list(self._data.shape), list(self._strides())
    offset = self._offset + start * strides[d]
    old = tuple(shape)
    shape[d], strides[d] = length, strides[d] * step
    out = _view(self, shape, strides, offset)
    return _track(out, self, SliceBackward0, old, d, start, start + length * step, step) if self._requires_grad else out


def narrow(self, dim, start, length):
    """``length`` elements of dim ``dim`` from ``start``."""
    n = self._data.ndim
    if isinstance(start, Tensor):
        if start._data.ndim or start._dtype._kind != 1:
            raise RuntimeError("start must be an 0-dim integral Tensor.")
        start = start.item()
    if n == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    d = _wrap_dim(dim, n)
    size = self._data.shape[d]
    if start < -size or start > size:
        raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], but got {start})")
    if start < 0:
        start += size
    if start > size - length:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    return slice_dim(self, d, start, start + length)


def select(self, dim, index):
    """The slice at ``index`` of dim ``dim``, with that dim removed."""
    n = self._data.ndim
    if n == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = _wrap_dim(dim, n)
    size = self._data.shape[d]
    index = index.__index__()
    if index < -size or index >= size:
        raise IndexError(f"select(): index {index} out of range for tensor of size {list(self._data.shape)} at "
                         f"dimension {d}")
    if index < 0:
        index += size
    strides = self._strides()
    out = _view(self, self._data.shape[:d] + self._data.shape[d + 1:], strides[:d] + strides[d + 1:],
                self._offset + index * strides[d])
    return _track(out, self, SelectBackward0, self._data.shape, d, index) if self._requires_grad else out


def unbind(self, dim=0):
    """All slices along ``dim``, as a tuple."""
    n = self._data.ndim
    d = _wrap_dim(dim, n)
    if n == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    if self._requires_grad and _grad._state.enabled:  # one node for all the slices
        with _grad.no_grad():
            pieces = tuple(select(self, d, i) for i in range(self._data.shape[d]))
        return _multi(UnbindBackward0(d), pieces, self)
    return tuple(select(self, d, i) for i in range(self._data.shape[d]))


def _multi(node, pieces, src):
    """Record ``node`` as the grad_fn of all of ``pieces`` (views of ``src``); absent gradients become zeros."""
    node.outputs = len(pieces)
    node.__dict__["_output_meta"] = [(p._data.shape, p._dtype) for p in pieces]
    return record(node, pieces, (src,))


def _dim_of_nonscalar(self, dim, message):
    """``dim`` wrapped, for ops that refuse 0-d tensors with ``message``."""
    if self._data.ndim == 0:
        raise RuntimeError(message)
    return _wrap_dim(dim, self._data.ndim)


def split(self, split_size_or_sections, dim=0):
    """Pieces of ``split_size`` along ``dim`` (the last may be smaller), or pieces of the given sizes."""
    d = _dim_of_nonscalar(self, dim, "split expects at least a 1-dimensional tensor")
    size = self._data.shape[d]
    if isinstance(split_size_or_sections, Tensor) and split_size_or_sections._data.size == 1:
        split_size_or_sections = split_size_or_sections.item()
    if not isinstance(split_size_or_sections, _int_types):
        return _split_with_sizes(self, [int(s) for s in split_size_or_sections], d)
    step = int(split_size_or_sections)
    if step < 0:
        raise RuntimeError(f"split expects split_size be non-negative, but got split_size={step}")
    if step == 0 and size != 0:
        raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension size of {size}")
    count = max(-(-size // step), 1) if step else 1
    last = size - step * (count - 1)
    if self._requires_grad and _grad._state.enabled:
        with _grad.no_grad():
            pieces = split(self, step, d)
        return _multi(SplitBackward0(d), pieces, self)
    return tuple(slice_dim(self, d, i * step, i * step + (step if i < count - 1 else last)) for i in range(count))


def split_with_sizes(self, split_sizes, dim=0):
    """Pieces of the given sizes along ``dim``; they must add up to its size."""
    if isinstance(split_sizes, _int_types):
        raise TypeError(f"split_with_sizes(): argument 'split_sizes' (position 1) must be tuple of ints, not "
                        f"{type(split_sizes).__name__}")
    d = _dim_of_nonscalar(self, dim, "split expects at least a 1-dimensional tensor")
    return _split_with_sizes(self, [int(s) for s in split_sizes], d)


def _split_with_sizes(self, sizes, d):
    """Consecutive pieces of ``sizes`` along dim ``d``, checked as PyTorch checks them."""
    if self._requires_grad and _grad._state.enabled:
        with _grad.no_grad():
            pieces = _split_with_sizes(self, sizes, d)
        return _multi(SplitWithSizesBackward0(d), pieces, self)
    pieces, start = [], 0
    for length in sizes:
        if length < 0:
            raise RuntimeError(f"split_with_sizes expects split_sizes have only non-negative entries, but got "
                               f"split_sizes={sizes}")
        pieces.append(slice_dim(self, d, start, start + length))
        start += length
    size = self._data.shape[d]
    if start != size:
        raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {size} (input tensor's size at "
                           f"dimension {d}), but got split_sizes={sizes}")
    return tuple(pieces)


def chunk(self, chunks, dim=0):
    """``chunks`` pieces of ``ceil(size / chunks)`` along ``dim`` (fewer when they run out)."""
    d = _dim_of_nonscalar(self, dim, "chunk expects at least a 1-dimensional tensor")
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    size = self._data.shape[d]
    if size == 0:
        return _split_with_sizes(self, [0] * chunks, d)
    return split(self, -(-size // chunks), d)


def tensor_split(input, indices_or_sections, dim=0):
    """Split into ``n`` nearly equal pieces (the first ones one larger), or at the given indices."""
    n = input._data.ndim
    if n == 0:
        raise RuntimeError("tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims")
    d = _wrap_dim(dim, n)
    size = input._data.shape[d]
    if isinstance(indices_or_sections, Tensor):
        indices_or_sections = _split_indices(indices_or_sections)
    if isinstance(indices_or_sections, _int_types):
        sections = int(indices_or_sections)
        if sections <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {sections}")
        base, extra = divmod(size, sections)
        cuts = [0]
        for i in range(sections):
            cuts.append(cuts[-1] + base + (i < extra))
    else:
        cuts = [0] + [int(i) for i in indices_or_sections] + [size]
    return tuple(slice_dim(input, d, a, b) for a, b in zip(cuts, cuts[1:]))


def hsplit(input, indices_or_sections):
    """``tensor_split`` along dim 1 (dim 0 for vectors); a section count must divide the dim."""
    return _split_along(input, indices_or_sections, "hsplit", 1, 1 if input._data.ndim > 1 else 0)


def vsplit(input, indices_or_sections):
    """``tensor_split`` along dim 0 of a tensor with at least 2 dims."""
    return _split_along(input, indices_or_sections, "vsplit", 2, 0)


def dsplit(input, indices_or_sections):
    """``tensor_split`` along dim 2 of a tensor with at least 3 dims."""
    return _split_along(input, indices_or_sections, "dsplit", 3, 2)


def _split_along(input, sections, name, min_dims, dim):
    """The body of hsplit/vsplit/dsplit: ``tensor_split`` along ``dim`` with their checks."""
    n = input._data.ndim
    if n < min_dims:
        raise RuntimeError(f"torch.{name} requires a tensor with at least {min_dims} dimension, but got a tensor with "
                           f"{n} dimensions!")
    if isinstance(sections, Tensor) and sections._data.ndim == 0:
        sections = sections.item()
    if isinstance(sections, _int_types):
        size = input._data.shape[dim]
        if sections == 0 or size % sections:
            raise RuntimeError(f"torch.{name} attempted to split along dimension {dim}, but the size of the dimension "
                               f"{size} is not divisible by the split_size {sections}!")
    return tensor_split(input, sections, dim)


def _split_indices(tensor):
    """Section count or split indices from a tensor argument of ``tensor_split``."""
    if tensor._dtype is not _dt.int64:
        raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to have dtype of long, but got "
                           f"{tensor._dtype._legacy}")
    if tensor._data.ndim > 1:
        raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to be a zero-dimensional or "
                           f"one-dimensional tensor, but got a tensor with {tensor._data.ndim} dims")
    return tensor.item() if tensor._data.ndim == 0 else tensor._data.tolist()


def diagonal(input, offset=0, dim1=0, dim2=1):
    """The diagonal of the (dim1, dim2) planes as a new last dim, a view."""
    n = input._data.ndim
    d1, d2 = _wrap_dim(dim1, n), _wrap_dim(dim2, n)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    shape, strides = input._data.shape, input._strides()
    start = input._offset
    if offset >= 0:
        length = max(min(shape[d1], shape[d2] - offset), 0)
        if length:
            start += offset * strides[d2]
    else:
        length = max(min(shape[d1] + offset, shape[d2]), 0)
        if length:
            start -= offset * strides[d1]
    keep = [i for i in range(n) if i != d1 and i != d2]
    out = _view(input, [shape[i] for i in keep] + [length], [strides[i] for i in keep] + [strides[d1] + strides[d2]],
                start)
    return _track(out, input, DiagonalBackward0, shape, offset, d1, d2) if input._requires_grad else out


def unfold(self, dimension, size, step):
    """Windows of ``size`` every ``step`` elements along ``dimension``, as a new last dim."""
    n = self._data.ndim
    d = _wrap_dim(dimension, n)
    shape, strides = list(self._data.shape), list(self._strides())
    length = shape[d] if n else 1
    if size > length:
        raise RuntimeError(f"maximum size for tensor at dimension {d} is {length} but size is {size}")
    if size < 0:
        raise RuntimeError(f"size is {size} but must be >= 0")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    if not n:
        out = _view(self, [size], [1], self._offset)
    else:
        window_stride = strides[d]
        shape[d] = (length - size) // step + 1
        strides[d] *= step
        out = _view(self, shape + [size], strides + [window_stride], self._offset)
    return _track(out, self, UnfoldBackward0, self._data.shape, d, size, step) if self._requires_grad else out


def as_strided(input, size, stride, storage_offset=None):
    """A view with any sizes, strides and offset into the storage (checked against the storage's bounds)."""
    size, stride = [int(s) for s in size], [int(s) for s in stride]
    if len(size) != len(stride):
        raise RuntimeError("mismatch in length of strides and shape")
    offset = input._offset if storage_offset is None else int(storage_offset)
    for s in stride:
        if s < 0:
            raise RuntimeError(f"as_strided: Negative strides are not supported at the moment, got strides: {stride}")
    if offset < 0:
        raise RuntimeError(f"Tensor: invalid storage offset {offset}")
    item = input._dtype.itemsize
    if 0 not in size:
        needed = (offset + 1 + sum((n - 1) * s for n, s in zip(size, stride))) * item
        available = input.untyped_storage().nbytes()
        if needed > available:
            raise RuntimeError(f"setStorage: sizes {size}, strides {stride}, storage offset {offset}, and itemsize "
                               f"{item} requiring a storage size of {needed} are out of bounds for storage of size "
                               f"{available}")
    out = _view(input, size, stride, offset)
    if input._requires_grad:
        return _track(out, input, AsStridedBackward0, (size, stride, offset),
                      (input._data.shape, input._strides(), input._offset))
    return out


def inplace_view(op):
    """The in-place form of a view op (``x.t_()``): ``self`` takes the view's layout; the version goes up."""
    def method(self, *args, **kwargs):
        result = op(self, *args, **kwargs)
        self._data, self._offset = result._data, result._offset
        self._bump_version()
        return self

    method.__name__ = op.__name__ + "_"
    method.__doc__ = f"In-place version of :meth:`{op.__name__}`: changes this tensor's layout, not its data."
    return method


unsqueeze_ = inplace_view(unsqueeze)
squeeze_ = inplace_view(squeeze)
t_ = inplace_view(t)
transpose_ = swapaxes_ = swapdims_ = inplace_view(transpose)
as_strided_ = inplace_view(as_strided)


# ---------------------------------------------------------------------------------------------
# Autograd: the backward nodes of the views and copies above


def _track(out, src, node_type, *args):
    """Make ``node_type(*args)`` the grad_fn of ``out`` (made from ``src``, which requires grad) when grad mode is on.

    With grad mode off PyTorch records nothing, yet a view of ``src`` still requires grad (a copy does not)."""
    if _grad._state.enabled:
        return record(node_type(*args), out, (src,))
    return out


class _TakeBackward(Node):
    """The backward of an embedding into zeros (the gradient of a view): the same view of the gradient."""

    into_zeros = False  # PyTorch's node also has an edge for the zeros (which need no gradient)

    def __init__(self, take):
        super().__init__()
        self.take = take

    def backward(self, grad):
        taken = self.take(grad)
        return (None, taken) if self.into_zeros else (taken,)


class SliceBackwardBackward0(_TakeBackward):
    pass


class SelectBackwardBackward0(_TakeBackward):
    pass


class DiagonalBackwardBackward0(_TakeBackward):
    pass


class UnfoldBackwardBackward0(_TakeBackward):
    pass


def embed(grad, shape, take, write=None, node_type=_TakeBackward):
    """Zeros of ``shape`` holding ``grad`` where ``take`` views them (``write(zeros, grad)`` when it must add up
    overlapping places); differentiable, so that second derivatives flow through a view's backward."""
    out = _wrap(np.zeros(shape, grad._dtype._np), grad._dtype)
    if write is None:
        with _grad.no_grad():
            take(out)._data[...] = grad._data
    else:
        write(out._data, grad._data)
    if grad._requires_grad and _grad._state.enabled:
        return record(node_type(take), out, (out, grad) if node_type.into_zeros else (grad,))
    return out


class _Shaped(Node):
    """A node that keeps the plain Python arguments its backward needs in ``self.args``."""

    def __init__(self, *args):
        super().__init__()
        self.args = args


class ViewBackward0(_Shaped):
    def backward(self, grad):
        return (reshape(grad, self.args[0]),)


class UnsafeViewBackward0(ViewBackward0):
    pass


class ReshapeAliasBackward0(ViewBackward0):
    pass


class SqueezeBackward0(_Shaped):
    def backward(self, grad):
        for d in self.args[0]:  # the dropped dims back, in ascending order
            grad = unsqueeze(grad, d)
        return (grad,)


class SqueezeBackward1(SqueezeBackward0):
    pass


class SqueezeBackward2(SqueezeBackward0):
    pass


class CloneBackward0(_Shaped):
    def backward(self, grad):
        return (grad,)


class AliasBackward0(CloneBackward0):
    pass


class TransposeBackward0(_Shaped):
    def backward(self, grad):
        return (transpose(grad, *self.args),)


class ConjBackward0(_Shaped):
    def backward(self, grad):
        return (_conj(grad),)


class TBackward0(_Shaped):
    def backward(self, grad):
        return (t(grad),)


class PermuteBackward0(_Shaped):
    def backward(self, grad):
        dims = self.args[0]
        inverse = [0] * len(dims)
        for i, d in enumerate(dims):
            inverse[d] = i
        return (permute(grad, inverse),)


class UnsqueezeBackward0(_Shaped):
    def backward(self, grad):
        return (squeeze(grad, self.args[0]),)


class ExpandBackward0(_Shaped):
    def backward(self, grad):
        from ..autograd.engine import sum_to
        return (sum_to(grad, tuple(self.args[0]), self.name()),)


class SliceBackward0(_Shaped):
    def backward(self, grad):
        shape, d, start, stop, step = self.args
        length = len(range(start, stop, step))
        return (embed(grad, shape, lambda g: slice_step(g, d, start, length, step), None, SliceBackwardBackward0),)


class SelectBackward0(_Shaped):
    def backward(self, grad):
        shape, d, index = self.args
        return (embed(grad, shape, lambda g: select(g, d, index), None, SelectBackwardBackward0),)


class DiagonalBackward0(_Shaped):
    def backward(self, grad):
        shape, offset, d1, d2 = self.args
        return (embed(grad, shape, lambda g: diagonal(g, offset, d1, d2), None, DiagonalBackwardBackward0),)


class UnbindBackward0(_Shaped):
    def backward(self, *grads):
        from .joining import stack
        return (stack(grads, self.args[0]),)


class SplitBackward0(_Shaped):
    def backward(self, *grads):
        from .joining import cat
        return (cat(grads, self.args[0]),)


class SplitWithSizesBackward0(SplitBackward0):
    pass


class UnfoldBackward0(_Shaped):
    def backward(self, grad):
        shape, d, size, step = self.args

        def write(out, g):  # overlapping windows add up
            if not out.ndim:
                out[...] = g.sum()
                return
            windows = np.moveaxis(g, d, -2)
            along = np.moveaxis(out, d, -1)
            reach = step * (windows.shape[-2] - 1) + 1
            for j in range(size):
                along[..., j:j + reach:step] += windows[..., j]

        return (embed(grad, shape, lambda g: unfold(g, d, size, step), write, UnfoldBackwardBackward0),)


def _flat_index(shape, strides, offset):
    """The storage position of every element of a layout."""
    index = np.full(shape, offset, np.int64)
    for k, (n, s) in enumerate(zip(shape, strides)):
        index += (np.arange(n, dtype=np.int64) * s).reshape((n,) + (1,) * (len(shape) - k - 1))
    return index


class AsStridedBackward0(Node):
    """The gradient added into memory where the view's elements sit, then read back where the input's sit; its own
    backward (second derivatives) is the same with the two layouts swapped."""

    def __init__(self, taken, given):
        super().__init__()
        self.taken, self.given = taken, given  # (shape, strides, offset) of the view and of its input

    def backward(self, grad):
        return (_through_memory(grad, self.taken, self.given),)


def _through_memory(grad, taken, given):
    """``grad`` (laid out as ``taken``) added into memory, then read back in the layout ``given``."""
    at, back = _flat_index(*taken), _flat_index(*given)
    memory = np.zeros(max(at.max(initial=0), back.max(initial=0)) + 1, grad._dtype._np)
    np.add.at(memory, at, grad._data)
    out = _wrap(memory[back], grad._dtype)
    if grad._requires_grad and _grad._state.enabled:
        return record(AsStridedBackward0(given, taken), out, (grad,))
    return out
