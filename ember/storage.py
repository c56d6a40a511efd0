"""Untyped storage: the bytes that a tensor and all its views share, and their version counter."""
import numpy as np

from .device import as_device, cpu


class _Memory:
    """Exposes a raw address range to NumPy while keeping its owner alive."""

    __slots__ = ("__array_interface__", "base")

    def __init__(self, pointer, nbytes, owner):
        self.__array_interface__ = {"data": (pointer, False), "shape": (nbytes,), "typestr": "|u1", "version": 3}
        self.base = owner


def _byte_view(array):
    """A 1-d uint8 array over the memory an array (with non-negative strides) spans, from its first element."""
    if array.flags.c_contiguous:
        return array.reshape(-1).view(np.uint8)
    nbytes = 0
    if array.size:
        nbytes = array.itemsize + sum((n - 1) * s for n, s in zip(array.shape, array.strides))
    pointer = array.__array_interface__["data"][0]
    flat = np.asarray(_Memory(pointer, nbytes, array))
    if not array.flags.writeable:
        flat.flags.writeable = False
    return flat


class UntypedStorage:
    """A flat run of bytes owned by one or more tensors, with the in-place version counter they share."""

    __slots__ = ("_bytes", "_version", "device", "__weakref__")

    def __init__(self, *args, device=None):
        self.device = as_device(device)
        self._version = 0
        if len(args) == 1 and isinstance(args[0], np.ndarray) and args[0].dtype == np.uint8 and args[0].ndim == 1:
            self._bytes = args[0]
        elif len(args) == 1 and isinstance(args[0], int):
            self._bytes = np.zeros(args[0], np.uint8)
        elif len(args) == 1:
            self._bytes = np.array(list(args[0]), np.uint8)
        else:
            self._bytes = np.zeros(0, np.uint8)

    @classmethod
    def _of(cls, array):
        storage = object.__new__(cls)
        storage._bytes = _byte_view(array)
        storage._version = 0
        storage.device = cpu
        return storage

    @classmethod
    def _sharing(cls, other):
        """Another storage object over the same bytes, with a version counter of its own."""
        storage = object.__new__(cls)
        storage._bytes = other._bytes
        storage._version = 0
        storage.device = other.device
        return storage

    def __reduce__(self):
        return UntypedStorage, (self._bytes.copy(),)

    def data_ptr(self):
        return self._bytes.__array_interface__["data"][0]

    def nbytes(self):
        return self._bytes.shape[0]

    size = nbytes
    __len__ = nbytes

    def element_size(self):
        return 1

    def __getitem__(self, index):
        item = self._bytes[index]
        return int(item) if np.ndim(item) == 0 else UntypedStorage(np.array(item))

    def __setitem__(self, index, value):
        self._bytes[index] = value

    def tolist(self):
        return self._bytes.tolist()

    def fill_(self, value):
        self._bytes.fill(value)
        return self

    def copy_(self, other):
        self._bytes[:] = other._bytes
        return self

    def clone(self):
        return UntypedStorage(self._bytes.copy())

    def cpu(self):
        return self

    def is_shared(self):
        return False

    @property
    def is_cuda(self):
        return self.device.type == "cuda"

    def __iter__(self):
        return iter(self.tolist())

    def __repr__(self):
        lines = "".join(f" {b}\n" for b in self._bytes.tolist())
        return f"{lines}[torch.storage.UntypedStorage(device={self.device}) of size {self.nbytes()}]"
