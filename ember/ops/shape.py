"""View and shape ops: each computes PyTorch's sizes, strides and storage offset, sharing storage."""
import numpy as np

from ..tensor import Tensor, _contiguous_strides, _view, _view_from_array, _wrap, _wrap_dim
from .common import dims_of


def _sizes(args, name="view"):
    """A shape from ``f(2, 3)`` or ``f((2, 3))``."""
    if len(args) == 1 and not isinstance(args[0], (int, np.integer)):
        args = args[0]
    try:
        return [int(s.__index__()) for s in args]
    except AttributeError:
        bad = next(s for s in args if not hasattr(s, "__index__"))
        raise TypeError(f"{name}(): argument 'size' (position 1) must be tuple of ints, but found element of type "
                        f"{type(bad).__name__} at pos 0") from None


def infer_size(shape, numel):
    """Resolve a single -1 in ``shape`` against ``numel`` elements."""
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
    if infer is not None:
        if known == 0:
            raise RuntimeError(f"cannot reshape tensor of {numel} elements into shape {_shape_text(shape)} because "
                               f"the unspecified dimension size -1 can be any value and is ambiguous")
        if numel % known:
            raise RuntimeError(f"shape '{_shape_text(shape)}' is invalid for input of size {numel}")
        shape = list(shape)
        shape[infer] = numel // known
    elif known != numel:
        raise RuntimeError(f"shape '{_shape_text(shape)}' is invalid for input of size {numel}")
    return tuple(shape)


def _shape_text(shape):
    return "[" + ", ".join(map(str, shape)) + "]"


def view_strides(old_shape, old_strides, new_shape):
    """Strides that let ``new_shape`` view the same memory as the old layout, or None when none exist.

    Dims of the old layout are grouped into runs that are contiguous with each other; each run must be
    covered exactly by consecutive new dims.
    """
    numel = 1
    for s in old_shape:
        numel *= s
    if not old_shape:
        return (1,) * len(new_shape)
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
        run_ends = d == 0 or (old_shape[d - 1] != 1 and old_strides[d - 1] != run_numel * base_stride)
        if run_ends:
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
    from ..dtypes import dtype as _dtype
    if len(shape) == 1 and isinstance(shape[0], _dtype):
        return view_dtype(self, shape[0])
    shape = infer_size(_sizes(shape), self._data.size)
    strides = view_strides(self._data.shape, self._strides(), shape)
    if strides is None:
        raise RuntimeError("view size is not compatible with input tensor's size and stride (at least one "
                           "dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
    return _view(self, shape, strides, self._offset)


def view_dtype(self, dtype):
    """Reinterpret the bytes as ``dtype``; the last dim scales when the element sizes differ."""
    old, new = self._dtype.itemsize, dtype.itemsize
    if old == new:
        return _view(self, self._data.shape, self._strides(), self._offset, dtype)
    shape, strides = list(self._data.shape), list(self._strides())
    if self._data.ndim == 0:
        raise RuntimeError(f"self.dim() cannot be 0 to view {self._dtype} as {dtype} (different element sizes)")
    if strides[-1] != 1:
        raise RuntimeError("self.stride(-1) must be 1 to view " f"{self._dtype} as {dtype} (different element sizes)")
    if new > old:
        ratio = new // old
        if shape[-1] % ratio:
            raise RuntimeError(f"self.size(-1) must be divisible by {ratio} to view {self._dtype} as {dtype} "
                               f"(different element sizes), but got {shape[-1]}")
        if self._offset % ratio:
            raise RuntimeError(f"self.storage_offset() must be divisible by {ratio} to view {self._dtype} as "
                               f"{dtype} (different element sizes), but got {self._offset}")
        shape[-1] //= ratio
        strides = [s // ratio for s in strides[:-1]] + [1]
        offset = self._offset // ratio
    else:
        ratio = old // new
        shape[-1] *= ratio
        strides = [s * ratio for s in strides[:-1]] + [1]
        offset = self._offset * ratio
    return _view(self, shape, strides, offset, dtype)


def reshape(self, *shape):
    """A view when the layout allows one, else a contiguous copy."""
    shape = infer_size(_sizes(shape, "reshape"), self._data.size)
    strides = view_strides(self._data.shape, self._strides(), shape)
    if strides is None:
        return _wrap(self._data.reshape(shape), self._dtype)
    return _view(self, shape, strides, self._offset)


def view_as(self, other):
    return view(self, other._data.shape)


def reshape_as(self, other):
    return reshape(self, other._data.shape)


def contiguous(self, memory_format=None):
    """``self`` when already contiguous, else a contiguous copy."""
    if self._data.flags.c_contiguous:
        return self
    return _wrap(np.ascontiguousarray(self._data), self._dtype)


def clone(self, *, memory_format=None):
    """A copy that keeps the layout of a dense tensor."""
    array = self._data
    if array.flags.c_contiguous or not _is_dense(array):
        copy = np.array(array, order="C")
    else:
        copy = array.copy(order="K")
    return _wrap(copy, self._dtype)


def _is_dense(array):
    """No gaps and no overlaps in memory, in some order of the dims."""
    pairs = sorted((s, n) for n, s in zip(array.shape, array.strides) if n != 1)
    expected = array.itemsize
    for s, n in pairs:
        if s != expected:
            return False
        expected *= n
    return True


def set_data(t, array):
    """Make ``t`` own ``array`` (used to resize ``out=`` tensors), keeping the Python object."""
    t._data = _wrap(array, t._dtype)._data
    t._storage = None
    t._offset = 0
    t._bump_version()


# ---------------------------------------------------------------------------------------------
# Dim-rearranging views


def transpose(self, dim0, dim1):
    """Swap two dims."""
    n = self._data.ndim
    d0, d1 = _wrap_dim(dim0, n), _wrap_dim(dim1, n)
    axes = list(range(n))
    axes[d0], axes[d1] = d1, d0
    return _view_from_array(self, self._data.transpose(axes), self._offset)


swapaxes = swapdims = transpose


def t(self):
    """Transpose a matrix (vectors and scalars come back as they are)."""
    n = self._data.ndim
    if n > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {n}D")
    return _view_from_array(self, self._data.T, self._offset)


def permute(self, *dims):
    """Reorder the dims."""
    dims = _sizes(dims, "permute")
    n = self._data.ndim
    if len(dims) != n:
        raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does not match the length "
                           f"of the desired ordering of dimensions i.e. input.dim() = {n} is not equal to "
                           f"len(dims) = {len(dims)}")
    wrapped = [_wrap_dim(d, n) for d in dims]
    if len(set(wrapped)) != n:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return _view_from_array(self, self._data.transpose(wrapped), self._offset)


def movedim(self, source, destination):
    """Move dims from ``source`` positions to ``destination`` positions."""
    n = self._data.ndim
    src = [source] if isinstance(source, int) else list(source)
    dst = [destination] if isinstance(destination, int) else list(destination)
    if len(src) != len(dst):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({src} dims) should contain the same "
                           f"number of dims as destination ({dst} dims)")
    src = [_wrap_dim(d, n) for d in src]
    dst = [_wrap_dim(d, n) for d in dst]
    order = [d for d in range(n) if d not in src]
    perm = [None] * n
    for s, d in zip(src, dst):
        perm[d] = s
    rest = iter(order)
    perm = [p if p is not None else next(rest) for p in perm]
    return permute(self, perm)


moveaxis = movedim


def adjoint(self):
    """Conjugate transpose of the last two dims."""
    return mT(self).conj()


def T(self):
    n = self._data.ndim
    if n == 2 or n < 2:
        return t(self) if n == 2 else self
    import warnings
    warnings.warn("The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and "
                  "it will throw an error in a future release. Consider `x.mT` to transpose batches of matrices or "
                  "`x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor.",
                  UserWarning, stacklevel=3)
    return _view_from_array(self, self._data.T, self._offset)


def mT(self):
    if self._data.ndim < 2:
        raise RuntimeError(f"tensor.mT is only supported on matrices or batches of matrices. Got "
                           f"{self._data.ndim}-D tensor.")
    return transpose(self, -2, -1)


def H(self):
    if self._data.ndim > 2:
        raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got {self._data.ndim}-D tensor.")
    return T(self).conj() if self._data.ndim == 2 else self.conj()


def mH(self):
    if self._data.ndim < 2:
        raise RuntimeError(f"tensor.mH is only supported on matrices or batches of matrices. Got "
                           f"{self._data.ndim}-D tensor.")
    return mT(self).conj()


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
    return _view(self, shape, strides, self._offset)


def squeeze(self, dim=None):
    """Remove size-1 dims (all of them, or those named by ``dim``)."""
    n = self._data.ndim
    dims = dims_of(dim, n) if dim is not None else range(n)
    shape = self._data.shape
    keep = [i for i in range(n) if not (i in dims and shape[i] == 1)]
    if len(keep) == n:
        return _view_from_array(self, self._data, self._offset)
    array = self._data.squeeze(tuple(i for i in range(n) if i not in keep))
    return _view_from_array(self, array, self._offset)


def flatten(self, start_dim=0, end_dim=-1):
    """Merge dims ``start_dim..end_dim`` into one."""
    n = self._data.ndim
    if n == 0:
        return reshape(self, 1)
    s, e = _wrap_dim(start_dim, n), _wrap_dim(end_dim, n)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:
        return self
    shape = self._data.shape
    merged = 1
    for k in shape[s:e + 1]:
        merged *= k
    return reshape(self, shape[:s] + (merged,) + shape[e + 1:])


def ravel(self):
    """A flat view when possible, else a flat copy."""
    return reshape(contiguous(self), -1)


def unflatten(self, dim, sizes):
    """Split one dim into ``sizes``."""
    n = self._data.ndim
    d = _wrap_dim(dim, n)
    sizes = list(sizes)
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    inferred = infer_size(sizes, self._data.shape[d]) if -1 in sizes else tuple(sizes)
    total = 1
    for k in inferred:
        total *= k
    if total != self._data.shape[d]:
        raise RuntimeError(f"unflatten: Provided sizes {sizes} don't multiply up to the size of dim {dim} "
                           f"({self._data.shape[d]}) in the input tensor")
    shape = self._data.shape
    return view(self, shape[:d] + inferred + shape[d + 1:])


# ---------------------------------------------------------------------------------------------
# Broadcasting views


def expand(self, *sizes):
    """Repeat size-1 dims (and add leading dims) without copying: stride 0."""
    sizes = _sizes(sizes, "expand")
    n = self._data.ndim
    if len(sizes) < n:
        raise RuntimeError(f"expand({self.type()}{{{list(self._data.shape)}}}, size={sizes}): the number of sizes "
                           f"provided ({len(sizes)}) must be greater or equal to the number of dimensions in the "
                           f"tensor ({n})")
    shape, strides = self._data.shape, self._strides()
    lead = len(sizes) - n
    new_shape, new_strides = [], []
    for i, want in enumerate(sizes):
        if i < lead:
            if want < 0:
                raise RuntimeError(f"The expanded size of the tensor ({want}) isn't allowed in a leading, "
                                   f"non-existing dimension {i}")
            new_shape.append(want)
            new_strides.append(0)
            continue
        have, stride = shape[i - lead], strides[i - lead]
        if want == -1:
            want = have
        if have == want:
            new_shape.append(have)
            new_strides.append(stride)
        elif have == 1:
            new_shape.append(want)
            new_strides.append(0)
        else:
            raise RuntimeError(f"The expanded size of the tensor ({want}) must match the existing size ({have}) at "
                               f"non-singleton dimension {i}.  Target sizes: {sizes}.  Tensor sizes: "
                               f"{list(shape)}")
    return _view(self, new_shape, new_strides, self._offset)


def expand_as(self, other):
    return expand(self, other._data.shape)


def broadcast_to(input, size):
    return expand(input, size)


# ---------------------------------------------------------------------------------------------
# Slicing views


def narrow(self, dim, start, length):
    """``length`` elements of dim ``dim`` from ``start``."""
    n = self._data.ndim
    if n == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    d = _wrap_dim(dim, n)
    size = self._data.shape[d]
    start = int(start)
    if start < -size or start > size:
        raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], but got {start})")
    if start < 0:
        start += size
    if length < 0 or start > size - length:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    return _slice(self, d, start, start + length, 1)


def _slice(self, d, start, stop, step):
    index = [slice(None)] * self._data.ndim
    index[d] = slice(start, stop, step)
    return _view_from_array(self, self._data[tuple(index)], self._offset + start * self._strides()[d])


def select(self, dim, index):
    """The slice at ``index`` of dim ``dim``, with that dim removed."""
    n = self._data.ndim
    if n == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = _wrap_dim(dim, n)
    size = self._data.shape[d]
    index = int(index)
    if index < -size or index >= size:
        raise IndexError(f"select(): index {index} out of range for tensor of size {list(self._data.shape)} at "
                         f"dimension {dim}")
    if index < 0:
        index += size
    key = (slice(None),) * d + (index, Ellipsis)
    return _view_from_array(self, self._data[key], self._offset + index * self._strides()[d])


def unbind(self, dim=0):
    """All slices along ``dim``, as a tuple."""
    d = _wrap_dim(dim, self._data.ndim)
    return tuple(select(self, d, i) for i in range(self._data.shape[d]))


def split(self, split_size_or_sections, dim=0):
    """Pieces of ``split_size`` along ``dim`` (the last may be smaller), or pieces of the given sizes."""
    d = _wrap_dim(dim, self._data.ndim)
    size = self._data.shape[d]
    if isinstance(split_size_or_sections, (int, np.integer)):
        step = int(split_size_or_sections)
        if step < 0:
            raise RuntimeError(f"split expects split_size be non-negative, but got split_size={step}")
        if step == 0 and size != 0:
            raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension size of {size}")
        count = max(1, -(-size // step)) if step else 1
        return tuple(_slice(self, d, i * step, min(size, (i + 1) * step), 1) for i in range(count))
    sections = [int(s) for s in split_size_or_sections]
    if sum(sections) != size:
        raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {size} (input tensor's size at "
                           f"dimension {dim}), but got split_sizes={sections}")
    pieces, start = [], 0
    for s in sections:
        pieces.append(_slice(self, d, start, start + s, 1))
        start += s
    return tuple(pieces)


def chunk(self, chunks, dim=0):
    """Up to ``chunks`` equal pieces along ``dim``."""
    if chunks <= 0:
        raise RuntimeError("chunk expects `chunks` to be greater than 0, got: " + str(chunks))
    d = _wrap_dim(dim, self._data.ndim)
    size = self._data.shape[d]
    step = -(-size // chunks)
    if step == 0:
        return split(self, 0, d) if size == 0 and chunks else ()
    return split(self, step, d)


def tensor_split(self, indices_or_sections, dim=0):
    """Split at the given indices, or into ``n`` nearly equal pieces (the first ones one larger)."""
    d = _wrap_dim(dim, self._data.ndim)
    size = self._data.shape[d]
    if isinstance(indices_or_sections, Tensor):
        indices_or_sections = indices_or_sections.tolist()
    if isinstance(indices_or_sections, (int, np.integer)):
        n = int(indices_or_sections)
        if n <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {n}")
        base, extra = divmod(size, n)
        bounds, start = [], 0
        for i in range(n):
            stop = start + base + (1 if i < extra else 0)
            bounds.append((start, stop))
            start = stop
    else:
        cuts = [0] + [int(i) for i in indices_or_sections] + [size]
        bounds = []
        for a, b in zip(cuts, cuts[1:]):
            a = min(max(a + size if a < 0 else a, 0), size)
            b = min(max(b + size if b < 0 else b, 0), size)
            bounds.append((a, max(a, b)))
    return tuple(_slice(self, d, a, b, 1) for a, b in bounds)


def diagonal(self, offset=0, dim1=0, dim2=1):
    """The diagonal of the (dim1, dim2) planes as a new last dim, a view."""
    n = self._data.ndim
    d1, d2 = _wrap_dim(dim1, n), _wrap_dim(dim2, n)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    shape, strides = list(self._data.shape), list(self._strides())
    start = self._offset
    if offset >= 0:
        length = max(min(shape[d1], shape[d2] - offset), 0)
        if length:
            start += offset * strides[d2]
    else:
        length = max(min(shape[d1] + offset, shape[d2]), 0)
        if length:
            start -= offset * strides[d1]
    diag_stride = strides[d1] + strides[d2]
    keep = [i for i in range(n) if i not in (d1, d2)]
    return _view(self, [shape[i] for i in keep] + [length], [strides[i] for i in keep] + [diag_stride], start)


def unfold(self, dimension, size, step):
    """Sliding windows of ``size`` with ``step`` along ``dimension``, as a new last dim."""
    n = self._data.ndim
    d = _wrap_dim(dimension, n) if n else 0
    length = self._data.shape[d] if n else 1
    if size > length:
        raise RuntimeError(f"maximum size for tensor at dimension {d} is {length} but size is {size}")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    shape, strides = list(self._data.shape), list(self._strides())
    if not n:
        return _view(self, [size], [1], self._offset)
    count = (length - size) // step + 1
    new_stride = strides[d]
    shape[d] = count
    strides[d] = step * strides[d]
    return _view(self, shape + [size], strides + [new_stride], self._offset)


def as_strided(self, size, stride, storage_offset=None):
    """A view with any sizes, strides and offset into the storage."""
    size, stride = [int(s) for s in size], [int(s) for s in stride]
    if len(size) != len(stride):
        raise RuntimeError(f"mismatch in length of strides and shape")
    offset = self._offset if storage_offset is None else int(storage_offset)
    if any(s < 0 for s in stride):
        raise RuntimeError("as_strided: Negative strides are not supported at the moment, got strides: " f"{stride}")
    item = self._dtype.itemsize
    needed = 0 if 0 in size else (offset + 1 + sum((n - 1) * s for n, s in zip(size, stride))) * item
    available = self.untyped_storage().nbytes()
    if needed > available:
        raise RuntimeError(f"setStorage: sizes {size}, strides {stride}, storage offset {offset}, and itemsize {item} "
                           f"requiring a storage size of {needed} are out of bounds for storage of size {available}")
    return _view(self, size, stride, offset)
