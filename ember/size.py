"""Size: the tuple of a tensor's dimensions, printed as ``torch.Size([2, 3])``."""


class Size(tuple):
    """A tuple of ints that prints as PyTorch's ``torch.Size``."""

    __slots__ = ()

    def __new__(cls, sizes=()):
        return tuple.__new__(cls, [_as_int(s) for s in sizes])

    def __repr__(self):
        return f"torch.Size([{', '.join(map(str, self))}])"

    __str__ = __repr__

    def __getitem__(self, index):
        item = tuple.__getitem__(self, index)
        return Size(item) if isinstance(index, slice) else item

    def __add__(self, other):
        return Size(tuple.__add__(self, tuple(other)))

    def __radd__(self, other):
        return Size(tuple(other) + tuple(self))

    def __mul__(self, n):
        return Size(tuple.__mul__(self, n))

    __rmul__ = __mul__

    def numel(self):
        n = 1
        for s in self:
            n *= s
        return n

    def __reduce__(self):
        return Size, (tuple(self),)


def _as_int(s):
    if type(s) is int:
        return s
    try:
        return s.__index__()
    except AttributeError:
        raise TypeError(f"torch.Size() takes an iterable of 'int' (item 0 is '{type(s).__name__}')") from None
