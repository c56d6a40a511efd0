"""Questions about a tensor asked as torch functions (``torch.is_nonzero(t)``, ``torch.is_same_size(a, b)``…) and the
no-op resolutions of lazy conjugate/negative views, which Ember never makes."""
from .common import _check_input


def is_nonzero(input):
    """Whether a one-element tensor is nonzero (PyTorch's error for any other size)."""
    _check_input(input, "is_nonzero")
    return bool(input)


def is_same_size(input, other):
    """Whether the two tensors have the same shape."""
    return input._data.shape == other._data.shape


def is_signed(input):
    """Whether the tensor's dtype is signed."""
    return input._dtype.is_signed


def is_conj(input):
    """False: Ember's ``conj`` makes a copy, never a lazy conjugate view."""
    return False


def is_neg(input):
    """False: Ember never makes lazy negative views."""
    return False


def resolve_conj(input):
    """The tensor itself (it is never a lazy conjugate view in Ember)."""
    return input


def resolve_neg(input):
    """The tensor itself (it is never a lazy negative view in Ember)."""
    return input


def detach(input):
    """The tensor's data without its autograd history, sharing memory and version counter."""
    return input.detach()
