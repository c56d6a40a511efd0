"""Tensor methods and operators: each one a binding of an op function from ``ember.ops``."""
from . import creation
from .ops import convert, indexing, linalg, pointwise, reduction, shape
from .ops.common import inplace
from .tensor import Tensor

_pw = pointwise


def _inplace(op):
    """The ``x.op_(y)`` form of a binary op: compute, then store into ``x`` with PyTorch's cast check."""
    def method(self, *args, **kwargs):
        r = op(self, *args, **kwargs)
        return inplace(self, r._data, r._dtype)

    method.__name__ = op.__name__ + "_"
    method.__doc__ = f"In-place version of :meth:`{op.__name__}`."
    return method


def _operator(op, reflected=False):
    """A Python operator: NotImplemented for operands PyTorch does not take, so Python tries the other side."""
    accepted = (Tensor, int, float, bool, complex, _pw.np.ndarray, _pw.np.generic)

    if reflected:
        def method(self, other):
            return op(other, self) if isinstance(other, accepted) else NotImplemented
    else:
        def method(self, other):
            return op(self, other) if isinstance(other, accepted) else NotImplemented
    return method


def _augmented(op):
    def method(self, other):
        r = op(self, other)
        return inplace(self, r._data, r._dtype)
    return method


_BINARY = {
    "add": _pw.add, "sub": _pw.sub, "mul": _pw.mul, "div": _pw.div, "true_divide": _pw.true_divide,
    "floor_divide": _pw.floor_divide, "remainder": _pw.remainder, "fmod": _pw.fmod, "pow": _pw.pow,
    "eq": _pw.eq, "ne": _pw.ne, "lt": _pw.lt, "le": _pw.le, "gt": _pw.gt, "ge": _pw.ge,
    "bitwise_and": _pw.bitwise_and, "bitwise_or": _pw.bitwise_or, "bitwise_xor": _pw.bitwise_xor,
    "bitwise_left_shift": _pw.bitwise_left_shift, "bitwise_right_shift": _pw.bitwise_right_shift,
    "maximum": _pw.maximum, "minimum": _pw.minimum,
}
for _name, _op in _BINARY.items():
    setattr(Tensor, _name, _op)
    setattr(Tensor, _name + "_", _inplace(_op))

Tensor.subtract, Tensor.subtract_ = Tensor.sub, Tensor.sub_
Tensor.multiply, Tensor.multiply_ = Tensor.mul, Tensor.mul_
Tensor.divide, Tensor.divide_ = Tensor.div, Tensor.div_
Tensor.greater, Tensor.greater_equal, Tensor.less, Tensor.less_equal = _pw.gt, _pw.ge, _pw.lt, _pw.le
Tensor.not_equal, Tensor.not_equal_ = Tensor.ne, Tensor.ne_
Tensor.rsub = _pw.rsub
Tensor.equal = _pw.equal
Tensor.neg, Tensor.negative, Tensor.abs, Tensor.absolute = _pw.neg, _pw.neg, _pw.abs, _pw.abs
Tensor.neg_ = Tensor.negative_ = _inplace(_pw.neg)
Tensor.abs_ = Tensor.absolute_ = _inplace(_pw.abs)
Tensor.positive = _pw.positive
Tensor.bitwise_not, Tensor.bitwise_not_ = _pw.bitwise_not, _inplace(_pw.bitwise_not)

# Python operators
Tensor.__add__, Tensor.__radd__, Tensor.__iadd__ = _operator(_pw.add), _operator(_pw.add, True), _augmented(_pw.add)
Tensor.__sub__, Tensor.__rsub__, Tensor.__isub__ = _operator(_pw.sub), _operator(_pw.sub, True), _augmented(_pw.sub)
Tensor.__mul__, Tensor.__rmul__, Tensor.__imul__ = _operator(_pw.mul), _operator(_pw.mul, True), _augmented(_pw.mul)
Tensor.__truediv__, Tensor.__rtruediv__ = _operator(_pw.div), _operator(_pw.div, True)
Tensor.__itruediv__ = _augmented(_pw.div)
Tensor.__floordiv__, Tensor.__rfloordiv__ = _operator(_pw.floor_divide), _operator(_pw.floor_divide, True)
Tensor.__ifloordiv__ = _augmented(_pw.floor_divide)
Tensor.__mod__, Tensor.__rmod__ = _operator(_pw.remainder), _operator(_pw.remainder, True)
Tensor.__imod__ = _augmented(_pw.remainder)
Tensor.__pow__, Tensor.__rpow__, Tensor.__ipow__ = _operator(_pw.pow), _operator(_pw.pow, True), _augmented(_pw.pow)
Tensor.__matmul__, Tensor.__rmatmul__ = _operator(linalg.matmul), _operator(linalg.matmul, True)
Tensor.__imatmul__ = _augmented(linalg.matmul)
Tensor.__and__, Tensor.__rand__ = _operator(_pw.bitwise_and), _operator(_pw.bitwise_and, True)
Tensor.__or__, Tensor.__ror__ = _operator(_pw.bitwise_or), _operator(_pw.bitwise_or, True)
Tensor.__xor__, Tensor.__rxor__ = _operator(_pw.bitwise_xor), _operator(_pw.bitwise_xor, True)
Tensor.__iand__, Tensor.__ior__ = _augmented(_pw.bitwise_and), _augmented(_pw.bitwise_or)
Tensor.__ixor__ = _augmented(_pw.bitwise_xor)
Tensor.__lshift__, Tensor.__rlshift__ = _operator(_pw.bitwise_left_shift), _operator(_pw.bitwise_left_shift, True)
Tensor.__rshift__, Tensor.__rrshift__ = _operator(_pw.bitwise_right_shift), _operator(_pw.bitwise_right_shift, True)
Tensor.__ilshift__, Tensor.__irshift__ = _augmented(_pw.bitwise_left_shift), _augmented(_pw.bitwise_right_shift)
Tensor.__eq__, Tensor.__ne__ = _operator(_pw.eq), _operator(_pw.ne)
Tensor.__lt__, Tensor.__le__ = _operator(_pw.lt), _operator(_pw.le)
Tensor.__gt__, Tensor.__ge__ = _operator(_pw.gt), _operator(_pw.ge)
Tensor.__neg__, Tensor.__pos__, Tensor.__abs__ = _pw.neg, _pw.positive, _pw.abs
Tensor.__invert__ = _pw.bitwise_not
Tensor.__hash__ = object.__hash__  # defining __eq__ would otherwise drop hashing by identity
Tensor.__getitem__, Tensor.__setitem__ = indexing.getitem, indexing.setitem
Tensor.index_put_, Tensor.index_put = indexing.index_put_, indexing.index_put
Tensor.matmul = linalg.matmul

# reductions
for _name in ("sum", "mean", "prod", "max", "min", "argmax", "argmin", "amax", "amin"):
    setattr(Tensor, _name, getattr(reduction, _name))

# shape and views
for _name in ("view", "view_as", "reshape", "reshape_as", "contiguous", "clone", "transpose", "swapaxes", "swapdims",
              "t", "permute", "movedim", "moveaxis", "adjoint", "unsqueeze", "squeeze", "flatten", "ravel",
              "unflatten", "expand", "expand_as", "broadcast_to", "narrow", "select", "unbind", "split", "chunk",
              "tensor_split", "diagonal", "unfold", "as_strided"):
    setattr(Tensor, _name, getattr(shape, _name))
Tensor.T, Tensor.mT, Tensor.H, Tensor.mH = (property(shape.T), property(shape.mT), property(shape.H),
                                            property(shape.mH))

# conversions
for _name in ("to", "type", "type_as", "cpu", "cuda", "float", "double", "half", "bfloat16", "int", "long", "short",
              "char", "byte", "bool", "cfloat", "cdouble"):
    setattr(Tensor, _name, getattr(convert, _name))
Tensor.copy_, Tensor.fill_, Tensor.zero_ = _pw.copy_, _pw.fill_, _pw.zero_
Tensor.conj, Tensor.resolve_conj, Tensor.resolve_neg = _pw.conj, lambda self: self, lambda self: self
Tensor.real, Tensor.imag = property(_pw.real), property(_pw.imag)

# factories on an existing tensor
for _name in ("new_tensor", "new_zeros", "new_ones", "new_empty", "new_full"):
    setattr(Tensor, _name, getattr(creation, _name))
