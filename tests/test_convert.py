"""Conversions: ``to``, ``type``, ``type_as``, the dtype methods (``float()``, ``long()``, ...) and ``cpu()``."""
import math
import warnings

import numpy as np
import pytest

from oracle import DTYPE_NAMES, LAYOUTS, check, make, sample

SPECIAL = [0.0, -0.0, 1.7, -2.9, 0.5, -0.5, 300.5, -129.0, 65535.9, 3e9 + 1, -3e9 - 1, 2.0 ** 31 + 5, 2.0 ** 32 + 7,
           2.0 ** 63 + 2.0 ** 40, 1e20, math.nan, math.inf, -math.inf]
INTS = [0, 1, -1, 127, 128, 255, 256, -129, 300, 32768, 2 ** 31, 2 ** 40 + 1, 2 ** 53 + 1, -(2 ** 63), 2 ** 63 - 1]
METHODS = {"float": "float32", "double": "float64", "half": "float16", "bfloat16": "bfloat16", "int": "int32",
           "long": "int64", "short": "int16", "char": "int8", "byte": "uint8", "bool": "bool",
           "cfloat": "complex64", "cdouble": "complex128"}


def source(T, dtype):
    """Values that exercise a conversion from ``dtype``: specials for floats, edges for integers."""
    if dtype in ("float16", "bfloat16", "float32", "float64"):
        return T.tensor(SPECIAL, dtype=T.float64).to(getattr(T, dtype))
    if dtype in ("complex64", "complex128"):
        return T.tensor([complex(x, -x) for x in SPECIAL], dtype=getattr(T, dtype))
    if dtype == "bool":
        return T.tensor([True, False, True])
    return T.tensor(INTS, dtype=T.int64).to(getattr(T, dtype))


@pytest.mark.parametrize("src", DTYPE_NAMES)
def test_to_every_dtype_pair(src):
    """Truncation toward zero, integer wrap-around, NaN and infinities into integers, rounding into half types."""
    check(lambda T: [source(T, src).to(getattr(T, dst)) for dst in DTYPE_NAMES])


@pytest.mark.parametrize("src", DTYPE_NAMES)
@pytest.mark.parametrize("method", METHODS)
def test_dtype_methods(src, method):
    check(lambda T: getattr(source(T, src), method)())
    check(lambda T: (lambda x: getattr(x, method)() is x)(source(T, src)))


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@pytest.mark.parametrize("shape", [(), (0,), (2, 3), (3, 0), (2, 3, 4), (1, 4, 1)], ids=str)
def test_conversions_keep_the_layout(dtype, shape):
    """A converted tensor is laid out like ``empty_like``: dense inputs keep their strides."""
    def permuted(T, values, dtype):
        if np.ndim(values) < 3:
            return make(T, values, dtype)
        return make(T, np.transpose(values, (1, 2, 0)), dtype).permute(2, 0, 1)

    for layout in LAYOUTS + [permuted]:
        for target in ("float64", "int32", "bool"):
            check(lambda T: layout(T, sample(shape, dtype), dtype).to(getattr(T, target)))
        check(lambda T: layout(T, sample(shape, dtype), dtype).to(getattr(T, dtype), copy=True))


@pytest.mark.parametrize("fn", [
    lambda T: (lambda x: x.to(T.float32) is x)(T.ones(2, 3)),
    lambda T: (lambda x: x.to("cpu") is x)(T.ones(2, 3)),
    lambda T: (lambda x: x.to(T.device("cpu")) is x)(T.ones(2, 3)),
    lambda T: (lambda x: x.to("cpu", T.float32) is x)(T.ones(2, 3)),
    lambda T: (lambda x: x.to(x) is x)(T.ones(2, 3)),
    lambda T: (lambda x: x.to(dtype=T.float32, non_blocking=True) is x)(T.ones(2, 3)),
    lambda T: (lambda x: x.to(memory_format=T.contiguous_format) is x)(T.ones(2, 3)),
    lambda T: (lambda x: (x.to(T.float32, copy=True) is x, x.to(copy=True) is x))(T.ones(2, 3)),
    lambda T: (lambda x: x.to("cpu:0") is x)(T.ones(2, 3)),
    lambda T: (lambda x: (x.cpu() is x, x.type_as(x) is x, x.type(T.float32) is x))(T.ones(2, 3)),
    lambda T: T.ones(2, 3).to(T.float64, False, True),
    lambda T: T.ones(2, 3).to("cpu", T.float64, False, True),
    lambda T: T.ones(2, 3).to(T.ones(1, dtype=T.int8)),
    lambda T: T.ones(2, 3).to(device="cpu", dtype=T.int16),
    lambda T: T.ones(2, 3).to(),
])
def test_to_returns_self_when_nothing_changes(fn):
    check(fn)


@pytest.mark.parametrize("fn", [
    lambda T: T.ones(2).to("cuda"),
    lambda T: T.ones(2).cuda(),
    lambda T: T.ones(2).to("cuda:1", T.float64),
    lambda T: T.ones(2).to(T.float32, T.float64),
    lambda T: T.ones(2).to("cpu", "cpu"),
    lambda T: T.ones(2).to(other=T.ones(2)),
    lambda T: T.ones(2).to("foo"),
    lambda T: T.ones(2).type("float"),
    lambda T: T.ones(2).type(int),
    lambda T: T.ones(2).type("torch.cuda.FloatTensor"),
])
def test_conversion_errors(fn):
    check(fn)


def test_type_names():
    check(lambda T: [T.ones(1, dtype=getattr(T, d)).type() for d in DTYPE_NAMES])
    check(lambda T: [T.ones(2).type(f"torch.{n}Tensor") for n in ("Double", "Int", "Half", "BFloat16", "Bool", "Byte")])
    check(lambda T: [T.ones(2).type(T.DoubleTensor), T.ones(2).type(dtype=T.int32), T.ones(2).type(T.LongTensor)])


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_type_as(dtype):
    check(lambda T: [source(T, src).type_as(T.ones(1, dtype=getattr(T, dtype))) for src in DTYPE_NAMES])


def test_complex_to_real_warns_once():
    """PyTorch warns the first time imaginary parts are dropped, then stays quiet."""
    def fn(T):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            values = [T.tensor([1 + 2j]).float(), T.tensor([3 - 1j]).to(T.int64), T.tensor([1j]).type(T.float64)]
        messages = [str(w.message).split(" (Triggered")[0] for w in caught if w.category is UserWarning]
        return values, messages[:1], len(messages) <= 1

    check(fn)
