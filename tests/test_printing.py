"""Tensor repr compared byte for byte with PyTorch's."""
import math

import numpy as np
import pytest
import torch

import ember
from ember import printing

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64",
          "complex64", "complex128"]
FLOATS = ["float16", "bfloat16", "float32", "float64"]
COMPLEX = ["complex64", "complex128"]
INF, NAN = math.inf, math.nan


@pytest.fixture(autouse=True)
def _restore_defaults():
    yield
    torch.set_printoptions(profile="default")
    printing.set_printoptions(profile="default")
    torch.set_default_dtype(torch.float32)
    ember.set_default_dtype(ember.float32)


def both(data, dtype=None, **kwargs):
    """The same tensor built by torch and by ember from a NumPy array or nested lists."""
    if isinstance(data, np.ndarray) and dtype == "bfloat16":
        data = data.astype(np.float32)  # one rounding step to bfloat16 in both libraries
    td = None if dtype is None else getattr(torch, dtype)
    ed = None if dtype is None else getattr(ember, dtype)
    return torch.tensor(data, dtype=td, **kwargs), ember.tensor(data, dtype=ed, **kwargs)


def values_for(dtype, shape, seed=0, scale=1.0):
    """Deterministic values of the right kind for ``dtype``."""
    rng = np.random.default_rng(seed)
    if dtype == "bool":
        return rng.random(shape) > 0.5
    if dtype in FLOATS:
        return rng.standard_normal(shape) * scale
    if dtype in COMPLEX:
        return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)) * scale
    info = np.iinfo(dtype)
    return rng.integers(max(info.min, -1000), min(info.max, 1000), shape, endpoint=True)


def set_both(**kwargs):
    torch.set_printoptions(**kwargs)
    printing.set_printoptions(**kwargs)


def assert_same(t, e):
    assert repr(e) == repr(t)
    assert str(e) == str(t)


# --------------------------------------------------------------------------------------------
# Shapes over every dtype

SHAPES = [(), (1,), (5,), (2, 3), (3, 1, 4), (2, 2, 2, 3), (0,), (0, 3), (2, 0, 4), (3, 0)]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_shapes(dtype, shape):
    assert_same(*both(values_for(dtype, shape), dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(1001,), (40, 30), (3, 1000), (1100, 2), (11, 12, 13), (5, 6, 7, 8)], ids=str)
def test_summarised(dtype, shape):
    assert_same(*both(values_for(dtype, shape, seed=1), dtype))


@pytest.mark.parametrize("dtype", DTYPES)
def test_long_rows_wrap(dtype):
    assert_same(*both(values_for(dtype, (3, 60), seed=2, scale=1e3), dtype))


def test_empty_tensor_spellings():
    cases = [([], None), ([], "int64"), ([], "int32"), ([], "float64"), ([], "bool"), ([], "complex64"),
             (np.zeros((0, 3)), None), (np.zeros((2, 0, 1), np.int64), None)]
    for data, dtype in cases:
        assert_same(*both(data, dtype))


# --------------------------------------------------------------------------------------------
# Values that change the notation

VALUE_ROWS = [
    [1.0, 2.0, 3.0],                         # integer-valued floats print as '1.'
    [-0.0, 1.0],                             # negative zero keeps its sign
    [0.0, -0.0],                             # zeros only
    [NAN, INF, -INF],                        # no finite value
    [NAN, 1.5, -INF, 0.0],
    [INF, 2.0, -3.0],                        # int mode with infinities
    [1e-5, 1.0],                             # small value: scientific
    [1e9, 1.0],                              # large value: scientific
    [1e8, 1.0],                              # exactly 1e8 stays fixed (ratio > 1000 makes it sci)
    [123456789.0],                           # integer above 1e8
    [1000.0, 1.5],                           # ratio exactly 1000: fixed
    [1001.0, 1.0],                           # ratio above 1000: scientific
    [1e-4, 2e-4],                            # 1e-4 is not below the limit
    [9.99995, -9.99996, 0.00005],            # rounding makes the widest string
    [-1e-300, 1e300],                        # three-digit exponents
    [1e200, 1e-200],                         # ratio overflows to inf
    [3.14159265, -2.71828, 100.5],
    [0.1, 0.2, 0.3],
    [-1.0, -2.0, -30.0],
    [65504.0, -65504.0, 6e-8],               # float16 limits
]


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("row", VALUE_ROWS, ids=str)
def test_special_values(dtype, row):
    assert_same(*both(row, dtype))
    assert_same(*both(row[0], dtype))  # 0-d


@pytest.mark.parametrize("dtype", COMPLEX)
@pytest.mark.parametrize("data", [
    [1 + 2j, -3 - 4j], [complex(0.0, -0.0), complex(-0.0, 0.0)], [complex(NAN, 1), complex(1, INF)],
    [1e-6 + 1j, 1e6 - 1j], [0.5 + 0.25j], 2 - 3j, complex(0, -1.5), [[1 + 1j, 2], [3j, -4]],
    [complex(1e10, 1e-10), 3 + 4j],
], ids=str)
def test_complex(dtype, data):
    assert_same(*both(data, dtype))


@pytest.mark.parametrize("data", [[True], [False, True, False], [[True, True], [True, True]], True])
def test_bool(data):
    assert_same(*both(data))


@pytest.mark.parametrize("dtype,data", [
    ("int64", [-9223372036854775808, 9223372036854775807]), ("uint8", [0, 255, 7]), ("int8", [-128, 127]),
    ("int16", [-5, 12345]), ("int32", [[1, -2], [300, 4]]), (None, [1, 2, 3]), (None, 7), ("int32", -7),
])
def test_integers(dtype, data):
    assert_same(*both(data, dtype))


# --------------------------------------------------------------------------------------------
# Print options

OPTION_ROWS = [
    dict(precision=2), dict(precision=0), dict(precision=8), dict(threshold=5), dict(threshold=0),
    dict(edgeitems=1, threshold=10), dict(edgeitems=0, threshold=10), dict(edgeitems=0), dict(linewidth=30),
    dict(linewidth=5), dict(linewidth=200), dict(sci_mode=True), dict(sci_mode=False), dict(profile="short"),
    dict(profile="full"), dict(profile="default"), dict(profile="short", precision=6, sci_mode=True),
]
OPTION_TENSORS = [
    ("float32", (2000,)), ("float64", (7, 200)), ("float32", (4, 5, 6)), ("int64", (50, 30)),
    ("complex64", (20, 3)), ("bool", (3, 9)), ("float32", ()), ("float16", (40,)), ("int16", (3, 3, 400)),
]


@pytest.mark.parametrize("opts", OPTION_ROWS, ids=str)
@pytest.mark.parametrize("dtype,shape", OPTION_TENSORS, ids=str)
def test_print_options(opts, dtype, shape):
    set_both(**opts)
    assert printing.get_printoptions() == torch._tensor_str.get_printoptions()
    assert_same(*both(values_for(dtype, shape, seed=3, scale=50.0), dtype))


@pytest.mark.parametrize("opts", [dict(sci_mode=True), dict(sci_mode=False), dict(precision=1)], ids=str)
@pytest.mark.parametrize("row", VALUE_ROWS[:12], ids=str)
def test_print_options_special_values(opts, row):
    set_both(**opts)
    assert_same(*both(row, "float64"))


def test_get_printoptions_matches_torch():
    assert printing.get_printoptions() == torch._tensor_str.get_printoptions()
    set_both(precision=3, linewidth=100)
    set_both(edgeitems=5)  # every call resets sci_mode, keeps the rest
    assert printing.get_printoptions() == torch._tensor_str.get_printoptions()
    set_both(profile="full", sci_mode=True)
    assert printing.get_printoptions() == torch._tensor_str.get_printoptions()
    assert printing.get_printoptions()["threshold"] == math.inf
    set_both(profile="no-such-profile")  # ignored by both
    assert printing.get_printoptions() == torch._tensor_str.get_printoptions()


def test_printoptions_context_manager_restores():
    set_both(precision=6, sci_mode=False)
    before = printing.get_printoptions()
    t, e = both([1.123456789, 2.0])
    with printing.printoptions(precision=2, threshold=1), torch._tensor_str.printoptions(precision=2, threshold=1):
        assert printing.get_printoptions()["precision"] == 2
        assert_same(t, e)
    assert printing.get_printoptions() == before
    assert_same(t, e)
    with pytest.raises(KeyError):
        with printing.printoptions(precision=1):
            raise KeyError
    assert printing.get_printoptions() == before


# --------------------------------------------------------------------------------------------
# Suffixes: dtype, size, requires_grad, grad_fn, device

@pytest.mark.parametrize("default", ["float64", "float16", "bfloat16"])
@pytest.mark.parametrize("dtype", DTYPES)
def test_default_dtype_changes_dtype_suffix(default, dtype):
    torch.set_default_dtype(getattr(torch, default))
    ember.set_default_dtype(getattr(ember, default))
    assert_same(*both(values_for(dtype, (2, 3)), dtype))
    assert_same(*both([], dtype))


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "complex64", "complex128"])
def test_requires_grad(dtype):
    assert_same(*both(values_for(dtype, (2, 2)), dtype, requires_grad=True))
    assert_same(*both([], dtype, requires_grad=True))


def test_suffix_wraps_onto_new_line():
    # the last row nearly fills the line, so dtype and requires_grad move to lines of their own
    for shape in [(3, 200), (2, 7), (2, 6), (9,), (10,), (11,)]:
        for dtype in ["float64", "float16"]:
            assert_same(*both(values_for(dtype, shape, seed=4), dtype, requires_grad=True))
    set_both(linewidth=20)
    assert_same(*both([1.5, 2.5], "float64", requires_grad=True))


def test_tensor_contents_replaces_values():
    t, e = both([[1.0, 2.0]], "float64", requires_grad=True)
    assert e.__repr__(tensor_contents="[...]") == t.__repr__(tensor_contents="[...]")
    assert printing.tensor_repr(e, tensor_contents="XYZ") == t.__repr__(tensor_contents="XYZ")


class _Node:
    def __init__(self, name):
        self._name = name

    def name(self):
        return self._name


class _Stub:
    """An ember tensor seen with a different grad_fn, device or class name (for what ember can't build yet)."""

    def __init__(self, e, grad_fn=None, device=None):
        self._data, self.dtype, self.requires_grad = e._data, e.dtype, e.requires_grad
        self.grad_fn, self.device = grad_fn, device or e.device
        self.is_leaf = grad_fn is None


_Stub.__name__ = "Tensor"  # the class name is the repr's prefix


def test_grad_fn():
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64, requires_grad=True)
    e = ember.tensor([[2.0, 4.0], [6.0, 8.0]], dtype=ember.float64)
    assert printing.tensor_repr(_Stub(e, _Node("MulBackward0"))) == repr(x * 2)
    e = ember.tensor(10.0, dtype=ember.float64)
    assert printing.tensor_repr(_Stub(e, _Node("SumBackward0"))) == repr(x.sum())
    # C++ nodes are named with a namespace, which torch drops
    assert printing.tensor_repr(_Stub(e, _Node("torch::autograd::SumBackward0"))) == repr(x.sum())


def test_subclass_name_is_the_prefix():
    class MyT(torch.Tensor):
        pass

    t, e = both([1.0, 2.0])
    MyStub = type("MyT", (_Stub,), {})
    assert printing.tensor_repr(MyStub(e)) == repr(t.as_subclass(MyT))


def test_device_suffix():
    # torch here has no CUDA, so these are the texts torch prints on a CUDA machine
    cuda0, cuda1 = ember.device("cuda", 0), ember.device("cuda", 1)
    rows = [
        (ember.tensor([1.0, 2.0]), cuda0, "tensor([1., 2.], device='cuda:0')"),
        (ember.tensor([], dtype=ember.int64), cuda1, "tensor([], device='cuda:1', dtype=torch.int64)"),
        (ember.tensor([1.0, 2.0], dtype=ember.float64, requires_grad=True), cuda0,
         "tensor([1., 2.], device='cuda:0', dtype=torch.float64, requires_grad=True)"),
        (ember.tensor([[1, 2], [3, 4]], dtype=ember.int32), cuda0,
         "tensor([[1, 2],\n        [3, 4]], device='cuda:0', dtype=torch.int32)"),
    ]
    for e, dev, text in rows:
        assert printing.tensor_repr(_Stub(e, device=dev)) == text


# --------------------------------------------------------------------------------------------
# Views: non-contiguous data is printed in logical order

def test_non_contiguous_views():
    for dtype in ["float32", "int64", "complex64", "bfloat16"]:
        t, e = both(values_for(dtype, (6, 40), seed=5), dtype)
        assert_same(t.t(), e.t())
        assert_same(t[::2], e[::2])
        assert_same(t[:, 1::3], e[:, 1::3])
        assert_same(t[2], e[2])
        assert_same(t[2, 3], e[2, 3])


def test_non_contiguous_data_array():
    # the array a tensor holds may be any strided view; printing must not assume C order
    for dtype in ["float32", "int16", "complex128"]:
        t, e = both(values_for(dtype, (5, 1200), seed=6), dtype)
        view = _Stub(e)
        view._data = e._data.T[::2]
        assert printing.tensor_repr(view) == repr(t.T[::2])


# --------------------------------------------------------------------------------------------
# Randomised rows: dtypes, shapes, magnitudes and options drawn from a fixed seed

def _random_case(rng):
    dtype = DTYPES[rng.integers(len(DTYPES))]
    shape = tuple(int(rng.choice([1, 2, 3, 5, 8, 13, 40, 400])) for _ in range(rng.integers(0, 5)))
    while math.prod(shape) > 50000:
        shape = shape[1:]
    kind = rng.integers(5)
    n = math.prod(shape)
    if kind == 0:
        v = rng.standard_normal(n) * 10.0 ** rng.integers(-9, 10)
    elif kind == 1:
        v = rng.integers(-10**6, 10**6, n).astype(float)
    elif kind == 2:
        v = np.exp(rng.uniform(-25, 25, n)) * rng.choice([-1, 1], n)
    elif kind == 3:
        v = rng.choice([0.0, -0.0, NAN, INF, -INF, 1.0, -2.5, 1e5, 1e-5], n)
    else:
        v = rng.uniform(-1, 1, n) * rng.choice([1, 100, 9.99995])
    v = v.reshape(shape)
    if dtype == "bool":
        v = v > 0
    elif dtype in COMPLEX:
        v = v + 1j * v[::-1] if v.ndim else v + 0.5j
    elif dtype not in FLOATS:
        info = np.iinfo(dtype)
        v = np.clip(np.nan_to_num(v), info.min, info.max).astype(np.int64)
    opts = {}
    if rng.random() < 0.6:
        opts = dict(precision=int(rng.integers(0, 7)), threshold=int(rng.choice([3, 20, 100, 1000])),
                    edgeitems=int(rng.integers(0, 4)), linewidth=int(rng.integers(8, 150)),
                    sci_mode=[None, True, False][rng.integers(3)])
    return dtype, v, opts


@pytest.mark.parametrize("seed", range(10))
def test_random_against_torch(seed):
    rng = np.random.default_rng(seed)
    for _ in range(30):
        with np.errstate(all="ignore"):
            dtype, v, opts = _random_case(rng)
        set_both(**opts)
        t, e = both(v, dtype)
        assert repr(e) == repr(t), (dtype, v.shape, opts)
