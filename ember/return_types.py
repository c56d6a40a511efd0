"""Named result tuples (``torch.return_types.max`` and friends) that print as PyTorch's do."""
import collections

_CACHE = {}


def _make(name, fields):
    base = collections.namedtuple(name, fields)

    def __repr__(self):
        body = ",\n".join(f"{f}={v!r}" for f, v in zip(self._fields, self))
        return f"torch.return_types.{name}(\n{body})"

    cls = type(name, (base,), {"__slots__": (), "__repr__": __repr__, "__module__": "torch.return_types"})
    return cls


def named(name, fields=("values", "indices")):
    """The result tuple type called ``name`` with the given fields."""
    cls = _CACHE.get(name)
    if cls is None:
        cls = _CACHE[name] = _make(name, fields)
    return cls


max = named("max")
min = named("min")
