"""Tensor: a strided NumPy view over a shared untyped storage, plus the autograd fields."""
import warnings

import numpy as np

from . import dtypes as _dt
from .device import cpu as _cpu
from .size import Size
from .storage import UntypedStorage

_ndarray = np.ndarray
_from_np = _dt._FROM_NUMPY.__getitem__


class Tensor:
    """A multi-dimensional array of one dtype on one device, as ``torch.Tensor``."""

    __slots__ = ("_data", "_dtype", "_device", "_storage", "_offset", "_base",
                 "_requires_grad", "_grad", "_grad_fn", "__dict__", "__weakref__")
    _output_nr = 0  # which output of its grad_fn this tensor is (set per tensor only when not 0)
    _accumulator = None  # a weak reference to a leaf's AccumulateGrad node

    def __new__(cls, *args, **kwargs):
        from .creation import legacy_new
        return legacy_new(cls, _dt.get_default_dtype(), args, kwargs)

    def __init__(self, *args, **kwargs):
        pass

    # -- shape and layout -------------------------------------------------------------------
    @property
    def shape(self):
        return Size(self._data.shape)

    def size(self, dim=None):
        if dim is None:
            return Size(self._data.shape)
        return self._data.shape[_wrap_dim(dim, self._data.ndim)]

    def stride(self, dim=None):
        strides = self._strides()
        if dim is None:
            return strides
        return strides[_wrap_dim(dim, self._data.ndim)]

    def _strides(self):
        item = self._data.itemsize
        return tuple([s // item for s in self._data.strides])

    def storage_offset(self):
        return self._offset

    def dim(self):
        return self._data.ndim

    ndimension = dim

    @property
    def ndim(self):
        return self._data.ndim

    def numel(self):
        return self._data.size

    nelement = numel

    def __len__(self):
        if not self._data.ndim:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def is_contiguous(self, memory_format=None):
        if memory_format is None or memory_format._name in ("contiguous_format", "preserve_format"):
            return self._data.flags.c_contiguous
        from .ops.shape import _is_channels_last
        return self._data.ndim == 4 and _is_channels_last(self._data.shape, self._strides())

    def element_size(self):
        return self._dtype.itemsize

    @property
    def itemsize(self):
        return self._dtype.itemsize

    @property
    def nbytes(self):
        return self._data.size * self._dtype.itemsize

    # -- dtype and device -------------------------------------------------------------------
    @property
    def dtype(self):
        return self._dtype

    @property
    def device(self):
        return self._device

    @property
    def is_cuda(self):
        return self._device.type == "cuda"

    @property
    def is_cpu(self):
        return self._device.type == "cpu"

    @property
    def is_meta(self):
        return False

    @property
    def is_sparse(self):
        return False

    @property
    def is_quantized(self):
        return False

    @property
    def layout(self):
        from . import strided
        return strided

    def get_device(self):
        return -1 if self._device.type == "cpu" else self._device.index

    def is_floating_point(self):
        return self._dtype.is_floating_point

    def is_complex(self):
        return self._dtype.is_complex

    def is_signed(self):
        return self._dtype.is_signed

    # -- storage ----------------------------------------------------------------------------
    def untyped_storage(self):
        storage = self._storage
        if storage is None:
            storage = self._storage = UntypedStorage._of(self._data)
        return storage

    def data_ptr(self):
        return self.untyped_storage().data_ptr() + self._offset * self._dtype.itemsize

    @property
    def _version(self):
        return self.untyped_storage()._version

    def _bump_version(self):
        storage = self._storage
        if storage is None:
            storage = self._storage = UntypedStorage._of(self._data)
        storage._version += 1

    def is_set_to(self, other):
        return (self.untyped_storage().data_ptr() == other.untyped_storage().data_ptr()
                and self._offset == other._offset
                and self._data.shape == other._data.shape and self._data.strides == other._data.strides)

    # -- autograd fields (the engine arrives with autograd/) --------------------------------
    @property
    def requires_grad(self):
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, flag):
        if not isinstance(flag, bool):
            raise TypeError("requires_grad must be a bool")
        if self._grad_fn is not None and not flag:
            raise RuntimeError("you can only change requires_grad flags of leaf variables. If you want to use a "
                               "computed variable in a subgraph that doesn't require differentiation use "
                               "var_no_grad = var.detach().")
        if flag and not (self._dtype.is_floating_point or self._dtype.is_complex):
            raise RuntimeError("only Tensors of floating point and complex dtype can require gradients")
        self._requires_grad = flag

    def requires_grad_(self, requires_grad=True):
        if requires_grad and self._grad_fn is None and not (self._dtype.is_floating_point or self._dtype.is_complex):
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        self.requires_grad = requires_grad
        return self

    @property
    def grad(self):
        if self._grad_fn is not None and self._grad is None and not self.__dict__.get("_retains"):
            warnings.warn("The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
                          "attribute won't be populated during autograd.backward(). If you indeed want the .grad "
                          "field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If "
                          "you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. "
                          "See github.com/pytorch/pytorch/pull/30531 for more information.", UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of type "
                                f"{type(value).__name__}")
            if value._data.shape != self._data.shape:
                raise RuntimeError(f"attempting to assign a gradient of size '{list(value._data.shape)}' to a tensor "
                                   f"of size '{list(self._data.shape)}'. Please ensure that the gradient and the tensor "
                                   "are the same size")
            if value._dtype is not self._dtype:
                from .ops.common import _CPP_TYPES
                raise RuntimeError(f"attempting to assign a gradient with dtype '{_CPP_TYPES[value._dtype]}' to a "
                                   f"tensor with grad_dtype '{self._dtype._legacy}'. The gradient must match the "
                                   "tensor's grad_dtype (defaults to the tensor's dtype). You can set the tensor's "
                                   "grad_dtype attribute with a specific dtype, or None to allow any dtype. Set "
                                   "grad_dtype with caution. Diverging the dtypes of a tensor and its gradient may "
                                   "break downstream systems that assume they match.")
        self._grad = value

    @property
    def grad_fn(self):
        return self._grad_fn

    @property
    def is_leaf(self):
        return self._grad_fn is None

    @property
    def data(self):
        # .data shares the memory but not the version counter, so autograd does not see its writes
        return _alias(self, UntypedStorage._sharing(self.untyped_storage()))

    @data.setter
    def data(self, value):
        self._data, self._dtype, self._offset = value._data, value._dtype, value._offset
        self._storage = value.untyped_storage()

    def detach(self):
        return _alias(self, self.untyped_storage())

    def detach_(self):
        if self._base is not None:
            raise RuntimeError("Can't detach views in-place. Use detach() instead. If you are using "
                               "DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as "
                               "True, gradients are views of DDP buckets, and hence detach_() cannot be called on "
                               "these gradients. To fix this error, please refer to the Optimizer.zero_grad() function "
                               "in torch/optim/optimizer.py as the solution.")
        self._grad_fn = None
        self._requires_grad = False
        return self

    # -- Python protocols -------------------------------------------------------------------
    def __repr__(self, *, tensor_contents=None):
        from .printing import tensor_repr
        return tensor_repr(self, tensor_contents=tensor_contents)

    def __format__(self, spec):
        if self._data.ndim == 0:
            return format(self.item(), spec)
        if spec:
            raise TypeError("unsupported format string passed to Tensor.__format__")
        return repr(self)

    def __contains__(self, element):
        if not isinstance(element, (Tensor, int, float, bool, complex)):
            raise RuntimeError(f"Tensor.__contains__ only supports Tensor or scalar, but you passed in a "
                               f"{type(element)}.")
        return bool((self == element)._data.any())

    def __hash__(self):
        return id(self)

    def __iter__(self):
        if not self._data.ndim:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    def __bool__(self):
        if self._data.size != 1:
            if self._data.size == 0:
                raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return bool(self._data.reshape(()))

    def __float__(self):
        return float(self._scalar("double"))

    def __int__(self):
        return int(self._scalar("int64_t"))

    def __complex__(self):
        return complex(self._scalar(None))

    def __index__(self):
        if self._dtype._kind != 1 or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self._data.reshape(()))

    def _scalar(self, c_type):
        """The single element as a NumPy scalar, refusing complex values for real conversions."""
        if self._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        if c_type and self._dtype.is_complex:
            raise RuntimeError(f"value cannot be converted to type {c_type} without overflow")
        return self._data.reshape(())[()]

    def item(self):
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted to Scalar")
        return self._data.reshape(()).item() if self._dtype is not _dt.bfloat16 else float(self._data.reshape(()))

    def tolist(self):
        if self._dtype is _dt.bfloat16 or self._dtype is _dt.float16:
            return self._data.astype(np.float32).tolist()
        return self._data.tolist()

    def __array__(self, dtype=None, copy=None):
        array = self._data
        if dtype is not None and array.dtype != dtype:
            return array.astype(dtype)
        if copy:
            return array.copy()
        return array

    def numpy(self, *, force=False):
        if self._requires_grad and not force:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() "
                               "instead.")
        return self._data

    def __dlpack__(self, stream=None, **kwargs):
        return self._data.__dlpack__(stream=stream, **kwargs)

    def __dlpack_device__(self):
        return self._data.__dlpack_device__()

    def __reduce_ex__(self, protocol):
        # The whole storage travels with the layout, so a view keeps its strides and offset.
        # Like PyTorch's plain pickling, each tensor carries its own copy of the storage (torch.save, not
        # pickle, is what keeps storage shared between tensors).
        state = self.__dict__ or None
        return _rebuild, (UntypedStorage._sharing(self.untyped_storage()), self._dtype, self._data.shape, self._strides(), self._offset,
                          self._requires_grad, state)

    def __deepcopy__(self, memo):
        if self._grad_fn is not None:
            raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) support the deepcopy "
                               "protocol at the moment.  If you were attempting to deepcopy a module, this may be "
                               "because of a torch.nn.utils.weight_norm usage, see "
                               "https://github.com/pytorch/pytorch/pull/103001")
        if id(self) in memo:
            return memo[id(self)]
        import copy
        storage = self.untyped_storage()
        new_storage = memo.get(id(storage))
        if new_storage is None:
            new_storage = memo[id(storage)] = storage.clone()
        state = copy.deepcopy(self.__dict__, memo) if self.__dict__ else None
        new = _rebuild(new_storage, self._dtype, self._data.shape, self._strides(), self._offset,
                       self._requires_grad, state, type(self))
        if self._grad is not None:
            new._grad = copy.deepcopy(self._grad, memo)
        memo[id(self)] = new
        return new


def _rebuild(storage, dtype, shape, strides, offset, requires_grad, state=None, cls=None):
    """A tensor over ``storage`` with the given layout (the unpickling and deepcopy path)."""
    item = dtype.itemsize
    array = _ndarray(shape, dtype._np, storage._bytes, offset * item, tuple(s * item for s in strides))
    t = _new(cls or Tensor)
    t._data, t._dtype, t._device, t._storage, t._offset = array, dtype, _cpu, storage, offset
    t._base, t._requires_grad, t._grad, t._grad_fn = None, requires_grad, None, None
    if state:
        t.__dict__.update(state)
    return t


def _wrap_dim(dim, ndim):
    """A dim in range(ndim) from a possibly negative one, with PyTorch's IndexError."""
    n = ndim if ndim else 1
    if dim < -n or dim >= n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})")
    return dim + n if dim < 0 else dim


_new = object.__new__


def _wrap(array, dtype=None, device=_cpu):
    """A new tensor owning a fresh ndarray (a NumPy scalar is taken as a 0-d array)."""
    if type(array) is not _ndarray:
        array = np.asarray(array)
    elif not array.size and array.ndim:
        array = _restride(array)
    t = _new(Tensor)
    t._data = array
    t._dtype = _from_np(array.dtype) if dtype is None else dtype
    t._device = device
    t._storage = None
    t._offset = 0
    t._base = None
    t._requires_grad = False
    t._grad = None
    t._grad_fn = None
    return t


def _contiguous_strides(shape, itemsize=1):
    strides = []
    step = itemsize
    for n in reversed(shape):
        strides.append(step)
        step *= n if n else 1
    return tuple(reversed(strides))


_NO_BYTES = np.empty(0, np.uint8)


def _restride(array):
    """An empty array with PyTorch's contiguous strides (NumPy gives empty arrays zero strides)."""
    return np.ndarray(array.shape, array.dtype, _NO_BYTES, 0,
                      _contiguous_strides(array.shape, array.itemsize))


def _view(src, shape, strides, offset, dtype=None):
    """A tensor sharing ``src``'s storage with the given shape, element strides and storage offset."""
    storage = src.untyped_storage()
    dtype = src._dtype if dtype is None else dtype
    item = dtype.itemsize
    strides = [s * item for s in strides]
    if 0 in shape:  # an empty view may sit past the end of its storage, as in PyTorch; it reads nothing
        array = _ndarray(shape, dtype._np, _NO_BYTES, 0, strides)
    else:
        array = _ndarray(shape, dtype._np, storage._bytes, offset * item, strides)
    return _view_from_array(src, array, offset, dtype)


def _view_from_array(src, array, offset, dtype=None):
    """Wrap ``array``, a NumPy view of ``src``'s memory at storage ``offset``, as a view tensor."""
    t = _new(Tensor)
    t._data = array
    t._dtype = src._dtype if dtype is None else dtype
    t._device = src._device
    t._storage = src.untyped_storage()
    t._offset = offset
    t._base = src if src._base is None else src._base
    t._requires_grad = src._requires_grad
    t._grad = None
    t._grad_fn = None
    return t


def _alias(src, storage):
    """A new tensor over ``src``'s memory with no autograd history (``detach`` and ``.data``)."""
    t = _new(Tensor)
    t._data, t._dtype, t._device, t._storage, t._offset = src._data, src._dtype, src._device, storage, src._offset
    t._base, t._requires_grad, t._grad, t._grad_fn = None, False, None, None
    return t
