"""Creation compared with PyTorch: tensors from data, factories, ranges, triangles and diagonals, joins, grids."""
import array
import contextlib
import json
import random
import subprocess
import sys
import warnings

import numpy as np
import pytest
import torch

import ember
from oracle import DTYPE_NAMES, FLOAT_DTYPES, LAYOUTS, SHAPES, check, make, sample

REAL_DTYPES = [d for d in DTYPE_NAMES if not d.startswith("complex")]


def dt(T, name):
    return getattr(T, name)


@contextlib.contextmanager
def default_dtype(name):
    """Both libraries with the same default dtype for the duration of a test."""
    saved = torch.get_default_dtype(), ember.get_default_dtype()
    torch.set_default_dtype(getattr(torch, name))
    ember.set_default_dtype(getattr(ember, name))
    try:
        yield
    finally:
        torch.set_default_dtype(saved[0])
        ember.set_default_dtype(saved[1])


def layout_facts(t):
    """What an uninitialised tensor shows: everything but its values."""
    return t.dtype, t.shape, t.stride(), t.storage_offset(), t.requires_grad


def warnings_of(fn, lib):
    """The (category, message) of each warning ``fn(lib)`` gives, without PyTorch's C++ location suffix."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with contextlib.suppress(Exception):
            fn(lib)
    return [(w.category, str(w.message).split(" (Triggered internally")[0]) for w in caught]


# ---------------------------------------------------------------------------------------------
# torch.tensor from Python data

DATA = [
    ("int_list", lambda T: T.tensor([1, 2, 3])),
    ("float_list", lambda T: T.tensor([1.5, -2.25])),
    ("bool_list", lambda T: T.tensor([True, False])),
    ("complex_list", lambda T: T.tensor([1, 2j])),
    ("int_float_bool", lambda T: T.tensor([1, 2.5, True])),
    ("bool_int", lambda T: T.tensor([True, 1])),
    ("bool_float", lambda T: T.tensor([True, 2.5])),
    ("nested_mixed", lambda T: T.tensor([[1, 2], [3.5, 4]])),
    ("tuple_nested", lambda T: T.tensor(((1, 2), (3, 4)))),
    ("range", lambda T: T.tensor(range(5))),
    ("list_of_ranges", lambda T: T.tensor([range(2), range(2, 4)])),
    ("scalar_float", lambda T: T.tensor(3.5)),
    ("scalar_int", lambda T: T.tensor(-7)),
    ("scalar_bool", lambda T: T.tensor(True)),
    ("scalar_complex", lambda T: T.tensor(1 - 2j)),
    ("empty", lambda T: T.tensor([])),
    ("empty_2d", lambda T: T.tensor([[], []])),
    ("empty_3d", lambda T: T.tensor([[[]]])),
    ("empty_int", lambda T: T.tensor([], dtype=T.int32)),
    ("deep", lambda T: T.tensor([[[[1]]]])),
    ("big_int_as_float", lambda T: T.tensor([2 ** 70, 1.0])),
    ("int64_max", lambda T: T.tensor([2 ** 63 - 1, -2 ** 63])),
    ("np_float32_scalars", lambda T: T.tensor([np.float32(1.5), 2])),
    ("np_float64_scalars", lambda T: T.tensor([np.float64(1.5), 2])),
    ("np_float16_float", lambda T: T.tensor([np.float16(1.5), 2.0])),
    ("np_float16_int", lambda T: T.tensor([np.float16(1.5), 2])),
    ("np_int32_int", lambda T: T.tensor([np.int32(1), 2])),
    ("np_int8_uint8", lambda T: T.tensor([np.int8(1), np.uint8(2)])),
    ("np_int8_bool", lambda T: T.tensor([np.int8(-1), True])),
    ("np_bool", lambda T: T.tensor([np.bool_(True), False])),
    ("np_complex64_float", lambda T: T.tensor([np.complex64(1 + 1j), 2.0])),
    ("np_complex64_float64", lambda T: T.tensor([np.complex64(1), np.float64(2.0)])),
    ("complex_np_float64", lambda T: T.tensor([1j, np.float64(2.0)])),
    ("np_scalar", lambda T: T.tensor(np.int16(3))),
    ("np_scalar_bool", lambda T: T.tensor(np.bool_(True))),
    ("np_scalar_cast", lambda T: T.tensor(np.int8(5), dtype=T.float32)),
    ("np_arrays", lambda T: T.tensor([np.array([1, 2], np.int32), np.array([3, 4], np.int32)])),
    ("np_arrays_mixed", lambda T: T.tensor([np.array([1, 2], np.uint8), np.array([3, 4], np.int8)])),
    ("np_array_and_list", lambda T: T.tensor([np.array([1, 2], np.int32), [3.5, 4]])),
    ("np_arrays_2d", lambda T: T.tensor([np.array([[1, 2]]), np.array([[3, 4]])])),
    ("np_array_int_target", lambda T: T.tensor([np.array([1.5])], dtype=T.int64)),
    ("tensor_0d_leaves", lambda T: T.tensor([T.tensor(1), T.tensor(2)])),
    ("tensor_0d_f64_leaf", lambda T: T.tensor([T.tensor(1.0, dtype=T.float64), 2.0])),
    ("tensor_0d_bf16_leaf", lambda T: T.tensor([T.tensor(1.5, dtype=T.bfloat16), 2])),
    ("tensor_one_elem_leaves", lambda T: T.tensor([T.tensor([1.5]), T.tensor([2])])),
    ("tensor_nested_leaf", lambda T: T.tensor([[T.tensor(1.5)], [2]])),
    ("tensor_as_row", lambda T: T.tensor([[2], T.tensor([1])])),
    ("tensor_leaf_int_target", lambda T: T.tensor([T.tensor(-1)], dtype=T.uint8)),
    ("memoryview", lambda T: T.tensor(memoryview(b"abc"))),
    ("bytearray", lambda T: T.tensor(bytearray(b"ab"))),
    ("requires_grad", lambda T: T.tensor([1.0, 2.0], requires_grad=True)),
    ("requires_grad_complex", lambda T: T.tensor([1j], requires_grad=True)),
    ("device", lambda T: T.tensor([1], device="cpu").device),
    ("python_dtype", lambda T: T.tensor([1, 2], dtype=float)),
]

DATA_ERRORS = [
    ("ragged_short", lambda T: T.tensor([[1, 2], [3]])),
    ("ragged_long", lambda T: T.tensor([[1, 2], [3, 4, 5]])),
    ("ragged_empty", lambda T: T.tensor([[1], []])),
    ("ragged_tensor_row", lambda T: T.tensor([[2], T.tensor([1, 3])])),
    ("ragged_np_row", lambda T: T.tensor([np.array([1, 2]), np.array([3])])),
    ("scalar_then_list", lambda T: T.tensor([[1, 2], 3])),
    ("list_then_scalar", lambda T: T.tensor([1, [2, 3]])),
    ("list_then_scalar_float", lambda T: T.tensor([1.5, [2]])),
    ("list_then_scalar_float_dtype", lambda T: T.tensor([1, [2]], dtype=T.float32)),
    ("np_array_then_scalar", lambda T: T.tensor([np.array([1, 2]), 3])),
    ("np_0d_in_list", lambda T: T.tensor([np.array(1.5, np.float32), 2])),
    ("str", lambda T: T.tensor("abc")),
    ("str_dtype", lambda T: T.tensor("a", dtype=T.float32)),
    ("bytes", lambda T: T.tensor(b"abc")),
    ("bytes_in_list", lambda T: T.tensor([b"abc"])),
    ("str_in_list", lambda T: T.tensor(["a"])),
    ("str_second", lambda T: T.tensor([1, "a"])),
    ("str_row", lambda T: T.tensor([[1, 2], "ab"])),
    ("str_dtype_list", lambda T: T.tensor([1, "a"], dtype=T.float32)),
    ("empty_str", lambda T: T.tensor([""])),
    ("none", lambda T: T.tensor(None)),
    ("none_in_list", lambda T: T.tensor([None])),
    ("none_dtype", lambda T: T.tensor([None], dtype=T.float32)),
    ("object", lambda T: T.tensor([object()])),
    ("dict", lambda T: T.tensor({1: 2})),
    ("set", lambda T: T.tensor({1, 2})),
    ("generator", lambda T: T.tensor(x for x in range(3))),
    ("too_deep", lambda T: T.tensor(nested(129))),
    ("int64_overflow", lambda T: T.tensor([2 ** 63])),
    ("int64_underflow", lambda T: T.tensor([-2 ** 63 - 1])),
    ("uint8_overflow", lambda T: T.tensor([300], dtype=T.uint8)),
    ("uint8_too_negative", lambda T: T.tensor(-256, dtype=T.uint8)),
    ("uint8_huge", lambda T: T.tensor([2 ** 63], dtype=T.uint8)),
    ("int8_overflow", lambda T: T.tensor([-129], dtype=T.int8)),
    ("int32_overflow", lambda T: T.tensor([2 ** 31], dtype=T.int32)),
    ("int32_float_overflow", lambda T: T.tensor([1e10], dtype=T.int32)),
    ("int64_float_overflow", lambda T: T.tensor([1e20], dtype=T.int64)),
    ("uint8_negative_float", lambda T: T.tensor(-0.5, dtype=T.uint8)),
    ("uint8_float_above", lambda T: T.tensor(255.5, dtype=T.uint8)),
    ("int_nan", lambda T: T.tensor([float("nan")], dtype=T.int32)),
    ("int_inf", lambda T: T.tensor([float("inf")], dtype=T.int64)),
    ("int_np_float32", lambda T: T.tensor([np.float32(1.5)], dtype=T.int32)),
    ("int_np_bool", lambda T: T.tensor([np.bool_(True)], dtype=T.int64)),
    ("int_float_tensor", lambda T: T.tensor([T.tensor(1.5)], dtype=T.int64)),
    ("int_two_elem_tensor", lambda T: T.tensor([T.tensor([1, 2])])),
    ("float_two_elem_tensor", lambda T: T.tensor([T.tensor([1.0, 2.0])])),
    ("int_np_overflow", lambda T: T.tensor([np.int64(300)], dtype=T.uint8)),
    ("int_tensor_overflow", lambda T: T.tensor([T.tensor(300)], dtype=T.uint8)),
    ("np_arrays_overflow", lambda T: T.tensor([np.array([1, 2], np.uint8), np.array([300, 4], np.int16)],
                                              dtype=T.uint8)),
    ("complex_to_float", lambda T: T.tensor([1 + 2j], dtype=T.float32)),
    ("complex_to_int", lambda T: T.tensor([1 + 2j], dtype=T.int32)),
    ("bool_np_float32", lambda T: T.tensor([np.float32(1.5)], dtype=T.bool)),
    ("bool_float_tensor", lambda T: T.tensor([T.tensor(0.5)], dtype=T.bool)),
    ("int_requires_grad", lambda T: T.tensor([1, 2], requires_grad=True)),
    ("bad_dtype", lambda T: T.tensor([1], dtype="float32")),
    ("cuda", lambda T: T.tensor([1], device="cuda")),
]


def nested(depth):
    data = 1
    for _ in range(depth):
        data = [data]
    return data


@pytest.mark.parametrize("fn", [f for _, f in DATA], ids=[n for n, _ in DATA])
def test_tensor_from_data(fn):
    check(fn)


@pytest.mark.parametrize("fn", [f for _, f in DATA_ERRORS], ids=[n for n, _ in DATA_ERRORS])
def test_tensor_from_bad_data(fn):
    check(fn, match_message=True)


# Values stored into every dtype: the conversions (truncation, wrap-around of small negatives into uint8,
# float16/bfloat16 rounding via float32, complex parts, truthiness) and the overflow checks.
STORED = [
    ("ints", [0, 1, -1, 7, 127, -128]),
    ("uint8_range", [-255, 255]),
    ("int16_range", [32767, -32768]),
    ("floats", [0.0, -0.0, 1.5, -2.75, 255.9, -128.9]),
    ("specials", [float("inf"), float("-inf"), float("nan")]),
    ("large", [1e10, -1e20, 3.5e38, 1e300]),
    ("double_rounding", [1 + 2 ** -11 + 2 ** -40, 1 + 2 ** -8 + 2 ** -40, 65519.9, 65520.0]),
    ("bools", [True, False]),
    ("mixed", [1, 2.5, True]),
    ("complex", [1 + 2j, -0.5j]),
    ("complex_real", [1 + 0j, 2.5 + 0j]),
    ("big_ints", [2 ** 62 + 1, -2 ** 62 - 1]),
    ("np_scalars", [np.float32(1.25), np.int16(-3), np.float64(2.5)]),
]


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@pytest.mark.parametrize("values", [v for _, v in STORED], ids=[n for n, _ in STORED])
def test_tensor_stores_values_as_pytorch(values, dtype):
    check(lambda T: T.tensor(values, dtype=dt(T, dtype)), ulps=0)
    check(lambda T: [T.tensor(v, dtype=dt(T, dtype)) for v in values], ulps=0)


@pytest.mark.parametrize("default", ["float64", "float16", "bfloat16"])
def test_tensor_follows_default_dtype(default):
    with default_dtype(default):
        check(lambda T: T.tensor([1.5, 2]))
        check(lambda T: T.tensor(3.0))
        check(lambda T: T.tensor([1, 2]))
        check(lambda T: T.tensor([np.float32(1), 2.0]))
        check(lambda T: T.tensor([]))
        check(lambda T: T.Tensor([1, 2]))
        if default == "float64":
            check(lambda T: T.tensor([1j, 2.0]))


def test_tensor_copies():
    check(lambda T: (lambda x: (T.tensor(x), x.add_(1))[0])(T.tensor([1.0, 2.0])))
    check(lambda T: (lambda a: (T.tensor(a), a.__setitem__(0, 9))[0])(np.arange(3.0)))


def test_tensor_warnings():
    for fn in (lambda T: T.tensor(T.ones(2)), lambda T: T.ones(2).new_tensor(T.ones(2))):
        assert warnings_of(fn, ember) == warnings_of(fn, torch)


# ---------------------------------------------------------------------------------------------
# torch.tensor / as_tensor / asarray / from_numpy from arrays and tensors


def np_layouts(dtype):
    """NumPy arrays of one dtype in the layouts PyTorch treats differently."""
    base = sample((3, 4), dtype) if dtype != "bfloat16" else sample((3, 4), "float32")
    return [
        ("contiguous", lambda: base.copy()),
        ("transposed", lambda: base.copy().T),
        ("strided", lambda: base.copy()[:, ::2]),
        ("permuted_strided", lambda: np.arange(24).reshape(2, 3, 4).astype(base.dtype).transpose(1, 0, 2)[:, :, ::2]),
        ("offset", lambda: base.copy()[1:, 1:]),
        ("broadcast", lambda: np.broadcast_to(base[0].copy(), (2, 4))),
        ("size1_dims", lambda: base.copy().reshape(3, 1, 4, 1)),
        ("empty", lambda: np.zeros((0, 3), base.dtype)),
        ("empty_slice", lambda: base.copy()[:, :0]),
        ("scalar", lambda: np.array(base[0, 0])),
    ]


NP_DTYPES = [d for d in DTYPE_NAMES if d != "bfloat16"]


@pytest.mark.parametrize("dtype", NP_DTYPES)
@pytest.mark.parametrize("layout", range(10), ids=[n for n, _ in np_layouts("float32")])
def test_tensor_from_numpy_array(dtype, layout):
    _, make_array = np_layouts(dtype)[layout]
    check(lambda T: T.tensor(make_array()))
    check(lambda T: T.tensor(make_array(), dtype=T.float16))
    check(lambda T: T.tensor(make_array(), dtype=T.int32))
    check(lambda T: T.from_numpy(make_array()))
    check(lambda T: T.as_tensor(make_array()))
    check(lambda T: T.as_tensor(make_array(), dtype=T.float64))
    check(lambda T: T.asarray(make_array()))
    check(lambda T: T.asarray(make_array(), copy=True))
    check(lambda T: T.Tensor(make_array()) if make_array().ndim else layout_facts(T.Tensor(make_array())))


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_tensor_from_tensor(dtype, layout):
    x = lambda T: layout(T, sample((3, 4), dtype), dtype)  # noqa: E731
    check(lambda T: T.tensor(x(T)))
    check(lambda T: T.tensor(x(T), dtype=T.float64))
    check(lambda T: T.as_tensor(x(T), dtype=T.int16))
    check(lambda T: T.asarray(x(T), copy=True))
    check(lambda T: T.asarray(x(T), dtype=T.float32))
    check(lambda T: T.from_dlpack(x(T)))
    check(lambda T: T.Tensor(x(T)))


NUMPY_ERRORS = [
    ("negative_strides", lambda T: T.from_numpy(np.arange(6.0)[::-1])),
    ("negative_strides_tensor", lambda T: T.tensor(np.arange(6.0).reshape(2, 3)[:, ::-1])),
    ("negative_strides_as_tensor", lambda T: T.as_tensor(np.arange(6.0)[::-1])),
    ("object_dtype", lambda T: T.tensor(np.array([1, "a"], dtype=object))),
    ("byte_order", lambda T: T.from_numpy(np.zeros(3, ">f8"))),
    ("not_array", lambda T: T.from_numpy([1, 2])),
    ("numpy_scalar", lambda T: T.from_numpy(np.float64(2.0))),
    ("odd_strides", lambda T: T.from_numpy(np.zeros(4, dtype=[("a", "i1"), ("b", "f4")])["b"])),
]


@pytest.mark.parametrize("fn", [f for _, f in NUMPY_ERRORS], ids=[n for n, _ in NUMPY_ERRORS])
def test_numpy_errors(fn):
    check(fn)


def after_write(T, make_source, convert, write):
    """The tensor made from a source after the source was written to, and the source after writing the tensor."""
    source = make_source(T)
    t = convert(T, source)
    write(source)
    seen_by_tensor = t.clone()
    t.view(-1)[0] = 5 if not t.dtype.is_floating_point else 0.5
    return seen_by_tensor, np.array(source) if isinstance(source, np.ndarray) else source.clone()


def write_array(a):
    a[...] = 3


def write_tensor(t):
    t.fill_(3)


SHARING = [
    ("from_numpy", lambda T: np.arange(6.0).reshape(2, 3), lambda T, a: T.from_numpy(a), write_array),
    ("from_numpy_view", lambda T: np.arange(8.0).reshape(2, 4)[:, 1::2], lambda T, a: T.from_numpy(a), write_array),
    ("as_tensor_array", lambda T: np.arange(6), lambda T, a: T.as_tensor(a), write_array),
    ("as_tensor_array_cast", lambda T: np.arange(6), lambda T, a: T.as_tensor(a, dtype=T.float32), write_array),
    ("asarray_array", lambda T: np.arange(6.0), lambda T, a: T.asarray(a), write_array),
    ("asarray_array_copy", lambda T: np.arange(6.0), lambda T, a: T.asarray(a, copy=True), write_array),
    ("asarray_array_cast", lambda T: np.arange(6.0), lambda T, a: T.asarray(a, dtype=T.float32), write_array),
    ("from_dlpack_array", lambda T: np.arange(6.0), lambda T, a: T.from_dlpack(a), write_array),
    ("tensor_array", lambda T: np.arange(6.0), lambda T, a: T.tensor(a), write_array),
    ("as_tensor_tensor", lambda T: T.arange(6.0), lambda T, x: T.as_tensor(x), write_tensor),
    ("as_tensor_tensor_cast", lambda T: T.arange(6.0), lambda T, x: T.as_tensor(x, dtype=T.int64), write_tensor),
    ("asarray_tensor", lambda T: T.arange(6.0), lambda T, x: T.asarray(x), write_tensor),
    ("asarray_tensor_copy", lambda T: T.arange(6.0), lambda T, x: T.asarray(x, copy=True), write_tensor),
    ("from_dlpack_tensor", lambda T: T.arange(6.0)[2:], lambda T, x: T.from_dlpack(x), write_tensor),
    ("legacy_tensor", lambda T: T.arange(6.0), lambda T, x: T.Tensor(x), write_tensor),
    ("legacy_typed", lambda T: T.arange(6.0), lambda T, x: T.FloatTensor(x), write_tensor),
]


@pytest.mark.parametrize("make_source,convert,write", [r[1:] for r in SHARING], ids=[r[0] for r in SHARING])
def test_memory_sharing(make_source, convert, write):
    check(lambda T: after_write(T, make_source, convert, write))


def test_identity():
    check(lambda T: (lambda x: (T.as_tensor(x) is x, T.asarray(x) is x, T.asarray(x, copy=False) is x,
                                T.as_tensor(x, dtype=T.float64) is x, T.from_dlpack(x) is x,
                                T.atleast_1d(x) is x, T.cartesian_prod(x) is x))(T.arange(3.0)))


ASARRAY = [
    ("seq", lambda T: T.asarray([1, 2])),
    ("seq_float", lambda T: T.asarray([1.0, 2])),
    ("seq_copy", lambda T: T.asarray([1, 2], copy=True)),
    ("seq_no_copy", lambda T: T.asarray([1, 2], copy=False)),
    ("scalar", lambda T: T.asarray(3.5)),
    ("scalar_dtype", lambda T: T.asarray(3.5, dtype=T.float64)),
    ("tensors_in_list", lambda T: T.asarray([T.tensor(1.0), T.tensor(2.0)])),
    ("np_scalar", lambda T: T.asarray(np.float32(2))),
    ("np_scalar_no_copy", lambda T: T.asarray(np.float32(2), copy=False)),
    ("np_0d", lambda T: T.asarray(np.array(2.5))),
    ("np_cast_no_copy", lambda T: T.asarray(np.arange(3.0), dtype=T.float32, copy=False)),
    ("tensor_cast_no_copy", lambda T: T.asarray(T.arange(3.0), dtype=T.int32, copy=False)),
    ("buffer_float", lambda T: T.asarray(array.array("f", [1, 2]))),
    ("buffer_reinterpreted", lambda T: T.asarray(array.array("d", [1, 2]), copy=False)),
    ("buffer_dtype", lambda T: T.asarray(bytearray(b"abcd"), dtype=T.uint8)),
    ("buffer_bad_length", lambda T: T.asarray(b"ab")),
    ("none", lambda T: T.asarray(None)),
    ("str", lambda T: T.asarray("s")),
    ("requires_grad", lambda T: T.asarray([1.0, 2], requires_grad=True)),
    ("requires_grad_int", lambda T: T.asarray([1, 2], requires_grad=True)),
    ("requires_grad_array", lambda T: T.asarray(np.arange(3.0), requires_grad=True)),
    ("requires_grad_inherited", lambda T: T.asarray(T.ones(2, requires_grad=True))),
    ("requires_grad_dropped", lambda T: T.asarray(T.ones(2, requires_grad=True), requires_grad=False)),
    ("requires_grad_in_place", lambda T: (lambda x: (T.asarray(x, requires_grad=True) is x, x.requires_grad))(
        T.ones(2))),
    ("requires_grad_cast", lambda T: T.asarray(T.arange(3.0), dtype=T.float64, requires_grad=True)),
]


@pytest.mark.parametrize("fn", [f for _, f in ASARRAY], ids=[n for n, _ in ASARRAY])
def test_asarray(fn):
    check(fn, match_message=True)


FROMBUFFER = [
    ("bytes", lambda T: T.frombuffer(bytearray(b"abcd"), dtype=T.uint8)),
    ("offset", lambda T: T.frombuffer(bytearray(b"abcd"), dtype=T.int16, offset=2)),
    ("count", lambda T: T.frombuffer(bytearray(b"abcd"), dtype=T.int16, count=1, offset=1)),
    ("count_too_big", lambda T: T.frombuffer(bytearray(b"abcd"), dtype=T.int16, count=3)),
    ("empty", lambda T: T.frombuffer(bytearray(b""), dtype=T.int16)),
    ("not_a_multiple", lambda T: T.frombuffer(bytearray(b"abc"), dtype=T.int16)),
    ("offset_too_big", lambda T: T.frombuffer(bytearray(b"abc"), dtype=T.int16, offset=5)),
    ("read_only", lambda T: T.frombuffer(b"abcd", dtype=T.int16)),
    ("array", lambda T: T.frombuffer(array.array("f", [1.5, 2]), dtype=T.float32)),
    ("not_a_buffer", lambda T: T.frombuffer([1, 2], dtype=T.int16)),
    ("shares", lambda T: (lambda b: (T.frombuffer(b, dtype=T.uint8), b.__setitem__(0, 7))[0])(bytearray(b"ab"))),
]


@pytest.mark.parametrize("fn", [f for _, f in FROMBUFFER], ids=[n for n, _ in FROMBUFFER])
def test_frombuffer(fn):
    check(fn, match_message=True)


# ---------------------------------------------------------------------------------------------
# Legacy constructors

LEGACY = [
    ("sizes", lambda T: layout_facts(T.Tensor(2, 3))),
    ("size_object", lambda T: layout_facts(T.Tensor(T.Size([2, 3])))),
    ("np_int_size", lambda T: layout_facts(T.Tensor(np.int64(2)))),
    ("nothing", lambda T: T.Tensor()),
    ("list", lambda T: T.Tensor([1, 2])),
    ("tuple_is_data", lambda T: T.Tensor((1, 2))),
    ("nested", lambda T: T.Tensor([[1, 2]])),
    ("empty_list", lambda T: T.Tensor([])),
    ("empty_tuple", lambda T: T.Tensor(())),
    ("array", lambda T: T.Tensor(np.array([1, 2]))),
    ("device", lambda T: T.Tensor([1, 2], device="cpu")),
    ("device_size", lambda T: layout_facts(T.Tensor(2, device="cpu"))),
    ("int_tensor", lambda T: T.Tensor(T.tensor([2, 3]))),
    ("zero_d_tensor", lambda T: T.Tensor(T.tensor(2))),
    ("float", lambda T: T.Tensor(3.5)),
    ("negative", lambda T: T.Tensor(-1)),
    ("str", lambda T: T.Tensor("abc")),
    ("size_and_str", lambda T: T.Tensor(2, "a")),
    ("dtype_keyword", lambda T: T.Tensor([1, 2], dtype=T.float64)),
    ("long_list", lambda T: T.LongTensor([1.5, 2])),
    ("long_size", lambda T: layout_facts(T.LongTensor(2))),
    ("long_array", lambda T: T.LongTensor(np.array([1.5]))),
    ("float_array", lambda T: T.FloatTensor(np.array([1.5]))),
    ("float_tensor", lambda T: T.FloatTensor(T.tensor([1.0]))),
    ("float_from_long_tensor", lambda T: T.FloatTensor(T.tensor([1]))),
    ("double", lambda T: T.DoubleTensor([1])),
    ("half", lambda T: T.HalfTensor([1.1])),
    ("bfloat16", lambda T: T.BFloat16Tensor([1.1])),
    ("bool", lambda T: T.BoolTensor([1, 0])),
    ("byte_wraps", lambda T: T.ByteTensor([-1])),
    ("char", lambda T: T.CharTensor([1])),
    ("short", lambda T: T.ShortTensor([1])),
    ("int", lambda T: T.IntTensor([1])),
    ("type_name", lambda T: T.FloatTensor(2, 3).type()),
    ("dtype_attr", lambda T: (T.FloatTensor.dtype, T.LongTensor.dtype, T.FloatTensor.is_cuda)),
    ("isinstance", lambda T: (isinstance(T.zeros(2), T.FloatTensor), isinstance(T.zeros(2), T.DoubleTensor),
                              isinstance(T.zeros(2, dtype=T.int64), T.LongTensor), isinstance(T.zeros(2), T.Tensor),
                              isinstance([1], T.FloatTensor))),
]


@pytest.mark.parametrize("fn", [f for _, f in LEGACY], ids=[n for n, _ in LEGACY])
def test_legacy_constructors(fn):
    check(fn)


# ---------------------------------------------------------------------------------------------
# zeros, ones, empty, full

SIZE_FORMS = [
    ("ints", lambda T, f: f(2, 3)),
    ("tuple", lambda T, f: f((2, 3))),
    ("list", lambda T, f: f([2, 3])),
    ("size", lambda T, f: f(T.Size([2, 3]))),
    ("keyword", lambda T, f: f(size=(2, 3))),
    ("scalar", lambda T, f: f(())),
    ("empty_list", lambda T, f: f([])),
    ("one", lambda T, f: f(4)),
    ("zero_dim", lambda T, f: f(2, 0, 3)),
    ("np_ints", lambda T, f: f(np.int64(2), np.int32(3))),
    ("tensor_int", lambda T, f: f(T.tensor(2), 3)),
    ("tensor_in_list", lambda T, f: f([T.tensor(2), 3])),
    ("bool_in_tuple", lambda T, f: f((2, True))),
    ("negative", lambda T, f: f(-1)),
    ("negative_second", lambda T, f: f(2, -3)),
    ("negative_tuple", lambda T, f: f((2, -3))),
    ("float", lambda T, f: f(2.5)),
    ("float_second", lambda T, f: f(2, 2.5)),
    ("float_in_tuple", lambda T, f: f((2, 2.5))),
    ("tuple_second", lambda T, f: f(2, (3,))),
    ("tuple_then_int", lambda T, f: f((2,), 3)),
    ("bool", lambda T, f: f(True)),
    ("none", lambda T, f: f(None)),
    ("str", lambda T, f: f("2")),
    ("tensor_1d", lambda T, f: f(T.tensor([2, 3]))),
    ("tensor_float", lambda T, f: f(T.tensor(2.0))),
    ("nothing", lambda T, f: f()),
    ("size_twice", lambda T, f: f(2, size=(2,))),
    ("size_keyword_int", lambda T, f: f(size=3)),
]

FILLERS = [
    ("zeros", lambda T: T.zeros),
    ("ones", lambda T: T.ones),
    ("empty", lambda T: lambda *a, **k: layout_facts(T.empty(*a, **k))),
    ("new_zeros", lambda T: T.ones(1, dtype=T.int16).new_zeros),
    ("new_ones", lambda T: T.ones(1, dtype=T.float64).new_ones),
    ("new_empty", lambda T: lambda *a, **k: layout_facts(T.ones(1).new_empty(*a, **k))),
]


@pytest.mark.parametrize("form", [f for _, f in SIZE_FORMS], ids=[n for n, _ in SIZE_FORMS])
@pytest.mark.parametrize("filler", [f for _, f in FILLERS], ids=[n for n, _ in FILLERS])
def test_size_arguments(filler, form):
    check(lambda T: form(T, filler(T)), match_message=filler(ember).__name__ in ("zeros", "ones"))


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_factories_dtype(dtype):
    check(lambda T: T.zeros(2, 3, dtype=dt(T, dtype)))
    check(lambda T: T.ones((2,), dtype=dt(T, dtype)))
    check(lambda T: layout_facts(T.empty(2, dtype=dt(T, dtype))))
    check(lambda T: T.full((2, 2), 1, dtype=dt(T, dtype)))
    check(lambda T: T.zeros(2, dtype=dt(T, dtype), requires_grad=True), match_message=True)
    check(lambda T: T.ones(1, dtype=T.int8).new_ones(2, dtype=dt(T, dtype)))
    check(lambda T: T.ones(1).new_full((2,), 3, dtype=dt(T, dtype), requires_grad=dtype in FLOAT_DTYPES))


def test_factory_options():
    check(lambda T: T.zeros(2, dtype=int))
    check(lambda T: T.zeros(2, dtype=float))
    check(lambda T: T.zeros(2, dtype=bool))
    check(lambda T: T.zeros(2, dtype=np.float32), match_message=True)
    check(lambda T: T.zeros(2, dtype="float32"), match_message=True)
    check(lambda T: T.ones(2, requires_grad=True))
    check(lambda T: T.ones(2, device="cpu").device)
    check(lambda T: T.ones(2, device=T.device("cpu")).device)
    check(lambda T: T.ones(2, device="cuda"))
    check(lambda T: layout_facts(T.empty(2, 3, 4, 5, memory_format=T.channels_last)))
    check(lambda T: T.empty(2, memory_format=T.channels_last), match_message=True)
    check(lambda T: layout_facts(T.empty(2, 3, memory_format=T.contiguous_format)))
    with default_dtype("float64"):
        check(lambda T: T.zeros(2))
        check(lambda T: T.full((2,), 1.5))
        check(lambda T: T.full((2,), 1j))


FILL_VALUES = [True, 1, -1, 300, 2.5, -0.5, 1e10, 1e40, 1e300, float("inf"), float("nan"), 65520.0, 1j, 1 + 0j,
               1e300 + 1j, 2 ** 63, 2 ** 64, -2 ** 63 - 1, np.float64(1.5), np.int32(3), np.float16(2),
               np.bool_(True)]


@pytest.mark.parametrize("value", FILL_VALUES, ids=repr)
def test_full_infers_dtype(value):
    check(lambda T: T.full((2,), value), match_message=True)
    check(lambda T: T.full((2,), T.tensor(value) if not isinstance(value, int) or abs(value) < 2 ** 63 else value),
          match_message=True)


@pytest.mark.parametrize("numel", [0, 1, 3])
@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_full_converts_value(dtype, numel):
    for value in FILL_VALUES:
        check(lambda T: T.full((numel,), value, dtype=dt(T, dtype)), match_message=True, ulps=0)
    check(lambda T: T.full_like(T.ones(numel), 2.5, dtype=dt(T, dtype)), match_message=True)


FULL_ERRORS = [
    ("int_size", lambda T: T.full(2, 1.0)),
    ("scalar_size", lambda T: T.full([], 1.0)),
    ("negative", lambda T: T.full((2, -1), 1.0)),
    ("tensor_value", lambda T: T.full((2,), T.tensor([1.5]))),
    ("none", lambda T: T.full((2,), None)),
    ("str", lambda T: T.full((2,), "a")),
    ("int_requires_grad", lambda T: T.full((2,), 1, requires_grad=True)),
    ("new_full_int_size", lambda T: T.ones(2).new_full(2, 3)),
    ("new_full_list", lambda T: T.ones(2).new_full([2], 3)),
    ("new_full_overflow", lambda T: T.ones(2, dtype=T.int32).new_full((2,), 1e10)),
    ("new_full_truncates", lambda T: T.ones(2, dtype=T.int32).new_full((2,), 1.5)),
    ("new_full_complex", lambda T: T.ones(2, dtype=T.int64).new_full((2,), 1 + 1j)),
]


@pytest.mark.parametrize("fn", [f for _, f in FULL_ERRORS], ids=[n for n, _ in FULL_ERRORS])
def test_full_forms(fn):
    check(fn, match_message=True)


OUTS = [
    ("zeros_resize", lambda T, o: T.zeros(2, 3, out=o)),
    ("ones_same_shape", lambda T, o: T.ones(3, 2, out=o)),
    ("full", lambda T, o: T.full((3, 2), 7, out=o)),
    ("full_float", lambda T, o: T.full((6,), 7.5, out=o)),
    ("empty", lambda T, o: layout_facts(T.empty(3, 2, out=o))),
    ("empty_same_shape", lambda T, o: T.empty(o.shape, out=o)),
    ("zeros_dtype", lambda T, o: T.zeros(2, out=o, dtype=T.float32)),
    ("eye", lambda T, o: T.eye(3, 2, out=o)),
    ("arange", lambda T, o: T.arange(6, out=o)),
    ("arange_float", lambda T, o: T.arange(0.5, 3, out=o)),
    ("arange_dtype", lambda T, o: T.arange(5, out=o, dtype=T.float64)),
    ("linspace", lambda T, o: T.linspace(0, 1, 6, out=o)),
    ("logspace", lambda T, o: T.logspace(0, 1, 3, out=o)),
]

OUT_TENSORS = [
    ("float_2d", lambda T: T.ones(3, 2)),
    ("float_transposed", lambda T: T.ones(2, 3).t()),
    ("int_1d", lambda T: T.ones(5, dtype=T.int32)),
    ("empty", lambda T: T.ones(0)),
    ("requires_grad", lambda T: T.ones(6, requires_grad=True)),
]


@pytest.mark.parametrize("out", [f for _, f in OUT_TENSORS], ids=[n for n, _ in OUT_TENSORS])
@pytest.mark.parametrize("fn", [f for _, f in OUTS], ids=[n for n, _ in OUTS])
def test_factory_out(fn, out):
    check(lambda T: (lambda o: (fn(T, o), layout_facts(o), fn(T, o) is o))(out(T)), match_message=True)


def test_factory_out_warnings():
    for fn in (lambda T: T.arange(5, out=T.ones(2)), lambda T: T.arange(5, out=T.ones(0)),
               lambda T: T.zeros(5, out=T.ones(2)), lambda T: T.cat([T.ones(2)], out=T.ones(3)),
               lambda T: T.tril(T.ones(2, 2), out=T.ones(0))):
        assert warnings_of(fn, ember) == warnings_of(fn, torch)


# ---------------------------------------------------------------------------------------------
# *_like and new_*

LIKE_INPUTS = [
    ("contiguous", lambda T: T.ones(2, 3)),
    ("transposed", lambda T: T.ones(2, 3).t()),
    ("strided", lambda T: T.ones(4, 3)[::2]),
    ("row_of_matrix", lambda T: T.ones(4, 5)[:1, :3]),
    ("size1_strided", lambda T: T.ones(4, 1, 3)[::2]),
    ("expanded", lambda T: T.ones(3, 1).expand(3, 4)),
    ("expanded_row", lambda T: T.ones(1, 3).expand(4, 3)),
    ("permuted_strided", lambda T: T.ones(3, 4, 2).permute(2, 0, 1)[:, ::2]),
    ("mixed_strides", lambda T: T.ones(6).as_strided((2, 3, 2), (1, 0, 3))),
    ("tied_strides", lambda T: T.ones(12).as_strided((2, 3, 2), (2, 2, 1))),
    ("empty_transposed", lambda T: T.ones(0, 3).t()),
    ("empty_strided", lambda T: T.ones(3, 0).as_strided((3, 0), (1, 2))),
    ("scalar", lambda T: T.tensor(2.5)),
    ("channels_last", lambda T: T.ones(2, 3, 4, 5).permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2)),
    ("int", lambda T: T.ones(2, 3, dtype=T.int32).t()),
]

LIKES = [
    ("zeros_like", lambda T, x: T.zeros_like(x)),
    ("ones_like", lambda T, x: T.ones_like(x)),
    ("empty_like", lambda T, x: layout_facts(T.empty_like(x))),
    ("full_like", lambda T, x: T.full_like(x, 7)),
    ("full_like_float", lambda T, x: T.full_like(x, 2.5)),
    ("full_like_overflow", lambda T, x: T.full_like(x, 300, dtype=T.uint8)),
    ("zeros_like_dtype", lambda T, x: T.zeros_like(x, dtype=T.float64)),
    ("ones_like_contiguous", lambda T, x: T.ones_like(x, memory_format=T.contiguous_format)),
    ("ones_like_preserve", lambda T, x: T.ones_like(x, memory_format=T.preserve_format)),
    ("ones_like_channels_last", lambda T, x: T.ones_like(x, memory_format=T.channels_last)),
    ("requires_grad", lambda T, x: T.zeros_like(x, requires_grad=True)),
    ("new_zeros", lambda T, x: x.new_zeros(2)),
    ("new_ones_shape", lambda T, x: x.new_ones(x.shape)),
    ("new_empty", lambda T, x: layout_facts(x.new_empty((2, 3)))),
    ("new_full", lambda T, x: x.new_full((2,), 3.5)),
    ("new_tensor", lambda T, x: x.new_tensor([1.5, 2])),
    ("new_tensor_array", lambda T, x: x.new_tensor(np.array([1.5, 2]))),
    ("new_tensor_tensor", lambda T, x: x.new_tensor(T.tensor([1.5, 2]))),
    ("new_tensor_dtype", lambda T, x: x.new_tensor([1, 2], dtype=T.int8)),
]


@pytest.mark.parametrize("make_input", [f for _, f in LIKE_INPUTS], ids=[n for n, _ in LIKE_INPUTS])
@pytest.mark.parametrize("fn", [f for _, f in LIKES], ids=[n for n, _ in LIKES])
def test_like_and_new(fn, make_input):
    check(lambda T: fn(T, make_input(T)), match_message=True)


def test_like_errors():
    check(lambda T: T.zeros_like([1, 2]), match_message=True)
    check(lambda T: T.full_like(T.ones(2), None), match_message=True)
    check(lambda T: T.zeros_like(T.ones(2), dtype=T.int64, requires_grad=True), match_message=True)
    check(lambda T: T.zeros_like(T.ones(2, requires_grad=True)))
    check(lambda T: T.ones(2, requires_grad=True).new_zeros(2))
    check(lambda T: T.ones(2, 3).new_zeros(), match_message=True)
    check(lambda T: T.ones(2, 3).new_empty(-1), match_message=True)
    check(lambda T: T.ones(2, 3).new_ones(2, dtype=T.int64, requires_grad=True), match_message=True)


# ---------------------------------------------------------------------------------------------
# eye, arange, linspace, logspace, scalar_tensor, triangle indices

EYE = [
    ("square", lambda T: T.eye(3)),
    ("rect", lambda T: T.eye(2, 4)),
    ("tall", lambda T: T.eye(4, 2)),
    ("empty", lambda T: T.eye(0)),
    ("empty_cols", lambda T: T.eye(2, 0)),
    ("np_int", lambda T: T.eye(np.int64(2))),
    ("tensor_int", lambda T: T.eye(T.tensor(2))),
    ("negative_n", lambda T: T.eye(-1)),
    ("negative_m", lambda T: T.eye(2, -1)),
    ("float", lambda T: T.eye(2.5)),
    ("requires_grad", lambda T: T.eye(2, requires_grad=True)),
]


@pytest.mark.parametrize("fn", [f for _, f in EYE], ids=[n for n, _ in EYE])
def test_eye(fn):
    check(fn, match_message=True)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_eye_dtypes(dtype):
    check(lambda T: T.eye(3, 2, dtype=dt(T, dtype)))


ARANGE = [
    ("end", lambda T: T.arange(5)),
    ("end_float", lambda T: T.arange(5.0)),
    ("start_end", lambda T: T.arange(1, 5)),
    ("step", lambda T: T.arange(1, 5, 2)),
    ("keywords", lambda T: T.arange(start=1, end=4)),
    ("end_keyword", lambda T: T.arange(end=4)),
    ("step_keyword", lambda T: T.arange(1, 4, step=2)),
    ("float_step", lambda T: T.arange(0, 1, 0.1)),
    ("float_step_float64", lambda T: T.arange(0, 1, 0.1, dtype=T.float64)),
    ("fraction", lambda T: T.arange(1, 2.5, 0.5)),
    ("rounding", lambda T: T.arange(-1, 1.0000001, 0.25)),
    ("negative_step", lambda T: T.arange(5, 0, -1)),
    ("empty", lambda T: T.arange(0)),
    ("empty_range", lambda T: T.arange(3, 3)),
    ("bool_end", lambda T: T.arange(True)),
    ("np_int", lambda T: T.arange(np.int32(5))),
    ("np_float", lambda T: T.arange(np.float32(5))),
    ("tensor_int", lambda T: T.arange(T.tensor(5, dtype=T.int32))),
    ("tensor_float", lambda T: T.arange(T.tensor(5.0))),
    ("int64_from_floats", lambda T: T.arange(0.5, 5, dtype=T.int64)),
    ("int64_truncated_length", lambda T: T.arange(-2.5, 2, 1.1, dtype=T.int64)),
    ("int32_length_in_double", lambda T: T.arange(0.5, 5.2, 1.5, dtype=T.int32)),
    ("int32_zero_step", lambda T: T.arange(0, 1, 0.1, dtype=T.int32)),
    ("int8_wraps", lambda T: T.arange(0, 300, 50, dtype=T.int8)),
    ("uint8", lambda T: T.arange(0, 300, 50, dtype=T.uint8)),
    ("large_int64", lambda T: T.arange(2 ** 53, 2 ** 53 + 4, dtype=T.int64)),
    ("large_float64", lambda T: T.arange(2 ** 53, 2 ** 53 + 4, dtype=T.float64)),
    ("float32_precision", lambda T: T.arange(1e8, 1e8 + 5, dtype=T.float32)),
    ("zero_step", lambda T: T.arange(0, 5, 0)),
    ("truncated_zero_step", lambda T: T.arange(0, 1, 0.1, dtype=T.int64)),
    ("wrong_sign", lambda T: T.arange(5, 0, 1)),
    ("wrong_sign_negative", lambda T: T.arange(0, 5, -1)),
    ("negative_end", lambda T: T.arange(-3)),
    ("inf", lambda T: T.arange(float("inf"))),
    ("nan", lambda T: T.arange(float("nan"))),
    ("start_inf", lambda T: T.arange(float("-inf"), 1)),
    ("bool_dtype", lambda T: T.arange(5, dtype=T.bool)),
    ("complex_dtype", lambda T: T.arange(3, dtype=T.complex64)),
    ("complex_arg", lambda T: T.arange(1j)),
    ("str", lambda T: T.arange("a")),
    ("requires_grad_int", lambda T: T.arange(5, requires_grad=True)),
    ("requires_grad", lambda T: T.arange(5.0, requires_grad=True)),
]


@pytest.mark.parametrize("fn", [f for _, f in ARANGE], ids=[n for n, _ in ARANGE])
def test_arange(fn):
    check(fn, ulps=0, match_message=True)


RANGE_DTYPES = ["float32", "float64", "float16", "bfloat16", "int64", "int32", "int16", "uint8"]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("dtype", RANGE_DTYPES)
def test_arange_bit_exact(dtype, seed):
    """Random ranges long enough to cover PyTorch's vectorised kernel, its remainders and its rounding."""
    rng = random.Random(seed)
    for _ in range(12):
        start = rng.choice([rng.uniform(-100, 100), rng.randint(-50, 50)])
        step = rng.choice([rng.uniform(0.001, 5), 0.1, 1 / 3, 0.7, 2]) * rng.choice([1, -1])
        end = start + step * rng.randint(0, 150) + rng.uniform(-0.5, 0.5) * step
        if dtype == "uint8":
            start, end, step = abs(start), abs(start) + abs(end - start), abs(step)
        check(lambda T: T.arange(start, end, step, dtype=dt(T, dtype)), ulps=0)


SPACE_ERRORS = [
    ("negative_steps", lambda T: T.linspace(0, 1, -1)),
    ("bool_dtype", lambda T: T.linspace(0, 1, 3, dtype=T.bool)),
    ("overflow", lambda T: T.linspace(0, 300, 3, dtype=T.uint8)),
    ("log_negative_steps", lambda T: T.logspace(0, 1, -1)),
    ("log_bool_dtype", lambda T: T.logspace(0, 1, 3, dtype=T.bool)),
    ("tensor_ends", lambda T: T.linspace(T.tensor(0.0), T.tensor(1.0), 5)),
    ("complex_default", lambda T: T.linspace(0, 1j, 3)),
    ("log_complex_default", lambda T: T.logspace(0, 1j, 3)),
    ("requires_grad", lambda T: T.linspace(0, 1, 3, requires_grad=True)),
    ("int_requires_grad", lambda T: T.linspace(0, 1, 3, dtype=T.int64, requires_grad=True)),
]


@pytest.mark.parametrize("fn", [f for _, f in SPACE_ERRORS], ids=[n for n, _ in SPACE_ERRORS])
def test_space_forms(fn):
    check(fn, match_message=True)


def test_space_argument_types():
    check(lambda T: T.linspace(0, 1, 2.5))
    check(lambda T: T.linspace("a", 1, 3))
    check(lambda T: T.logspace(0, 1, 3, "a"))


SPACE_DTYPES = RANGE_DTYPES + ["complex64", "complex128"]


@pytest.mark.parametrize("steps", [0, 1, 2, 3, 10, 101])
@pytest.mark.parametrize("dtype", SPACE_DTYPES)
def test_linspace_logspace_bit_exact(dtype, steps):
    """PyTorch fills the first half from ``start`` and the second half back from ``end``; both are emulated."""
    rng = random.Random(steps)
    ends = [(0, 1), (-3, 7), (10, -10), (2.5, 2.5), (rng.uniform(-10, 10), rng.uniform(-10, 10))]
    if dtype.startswith("complex"):
        ends.append((1 + 2j, -3 - 1j))
    if dtype == "uint8":
        ends = [(abs(a), abs(b)) for a, b in ends]
    for start, end in ends:
        check(lambda T: T.linspace(start, end, steps, dtype=dt(T, dtype)), ulps=0)
        for base in (10.0, 2.0, 0.5):
            check(lambda T: T.logspace(start, end, steps, base, dtype=dt(T, dtype)), ulps=0)


SCALARS = [
    ("int", lambda T: T.scalar_tensor(1)),
    ("bool", lambda T: T.scalar_tensor(True)),
    ("float", lambda T: T.scalar_tensor(2.5)),
    ("int_dtype", lambda T: T.scalar_tensor(1.5, dtype=T.int32)),
    ("tensor", lambda T: T.scalar_tensor(T.tensor(2))),
    ("complex", lambda T: T.scalar_tensor(1j)),
    ("complex_dtype", lambda T: T.scalar_tensor(1j, dtype=T.complex128)),
    ("overflow", lambda T: T.scalar_tensor(300, dtype=T.uint8)),
    ("float_overflow", lambda T: T.scalar_tensor(1e300)),
    ("str", lambda T: T.scalar_tensor("a")),
    ("requires_grad", lambda T: T.scalar_tensor(1, requires_grad=True)),
]


@pytest.mark.parametrize("fn", [f for _, f in SCALARS], ids=[n for n, _ in SCALARS])
def test_scalar_tensor(fn):
    check(fn, match_message=True)


@pytest.mark.parametrize("name", ["tril_indices", "triu_indices"])
@pytest.mark.parametrize("args", [(3, 3), (3, 4, 1), (3, 4, -5), (3, 4, 10), (4, 3, -1), (0, 4), (1, 1), (-1, 4),
                                  (3, -4)], ids=str)
def test_triangle_indices(name, args):
    check(lambda T: getattr(T, name)(*args), match_message=True)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_triangle_indices_dtype(dtype):
    check(lambda T: T.tril_indices(3, 3, dtype=dt(T, dtype)), match_message=True)
    check(lambda T: T.triu_indices(2, 3, offset=1, dtype=dt(T, dtype)), match_message=True)


# ---------------------------------------------------------------------------------------------
# complex and polar

COMPLEX_OPERANDS = [
    ("vectors", lambda T, d: (make(T, [1.0, 2.0], d), make(T, [3.0, -4.0], d))),
    ("broadcast", lambda T, d: (make(T, [[1.0], [2.0]], d), make(T, [3.0, 4.0, 5.0], d))),
    ("zero_d", lambda T, d: (make(T, [1.0, 2.0], d), make(T, 3.0, d))),
    ("transposed", lambda T, d: (make(T, sample((2, 3), d), d).t(), make(T, sample((2, 3), d, 1), d).t())),
    ("mixed_layouts", lambda T, d: (make(T, sample((2, 3), d), d).t(), make(T, sample((3, 2), d, 1), d))),
    ("mixed_layouts_swapped", lambda T, d: (make(T, sample((3, 2), d), d), make(T, sample((2, 3), d, 1), d).t())),
    ("expanded", lambda T, d: (make(T, sample((3, 1), d), d).expand(3, 4), make(T, sample((3, 4), d, 1), d))),
    ("empty", lambda T, d: (make(T, np.zeros((0, 3)), d), make(T, np.zeros((0, 3)), d))),
    ("mismatch", lambda T, d: (make(T, [1.0, 2.0], d), make(T, [3.0, 4.0, 5.0], d))),
]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("operands", [f for _, f in COMPLEX_OPERANDS], ids=[n for n, _ in COMPLEX_OPERANDS])
def test_complex_and_polar(operands, dtype):
    check(lambda T: T.complex(*operands(T, dtype)), match_message=True)
    check(lambda T: T.polar(*operands(T, dtype)), match_message=True)


COMPLEX_ERRORS = [
    ("ints", lambda T: T.complex(T.tensor([1, 2]), T.tensor([3, 4]))),
    ("mixed_dtypes", lambda T: T.complex(T.tensor([1.0]), T.tensor([3.0], dtype=T.float64))),
    ("bfloat16", lambda T: T.complex(T.ones(2, dtype=T.bfloat16), T.ones(2, dtype=T.bfloat16))),
    ("number", lambda T: T.complex(T.tensor([1.0, 2.0]), 3.0)),
    ("polar_ints", lambda T: T.polar(T.tensor([1, 2]), T.tensor([3, 4]))),
    ("out", lambda T: (lambda o: (T.complex(T.ones(2), T.ones(2), out=o), o))(T.zeros(2, dtype=T.complex64))),
    ("out_resized", lambda T: T.complex(T.ones(2), T.ones(2), out=T.zeros(5, dtype=T.complex64))),
    ("out_wrong_dtype", lambda T: T.complex(T.ones(2), T.ones(2), out=T.zeros(2, dtype=T.complex128))),
    ("out_real", lambda T: T.polar(T.ones(2), T.ones(2), out=T.zeros(2))),
]


@pytest.mark.parametrize("fn", [f for _, f in COMPLEX_ERRORS], ids=[n for n, _ in COMPLEX_ERRORS])
def test_complex_forms(fn):
    check(fn, match_message=True)


# ---------------------------------------------------------------------------------------------
# tril, triu, diag, diag_embed, diagflat

MATRIX_SHAPES = [(3, 4), (4, 3), (2, 3, 4), (1, 4, 1), (3, 0), (0, 0), (2, 0, 3)]
TRIANGLE_OPS = [
    ("tril", lambda T, x: T.tril(x)),
    ("tril_k1", lambda T, x: T.tril(x, 1)),
    ("tril_k_neg", lambda T, x: x.tril(diagonal=-1)),
    ("tril_far", lambda T, x: T.tril(x, -10)),
    ("triu", lambda T, x: T.triu(x)),
    ("triu_k2", lambda T, x: x.triu(2)),
    ("triu_k_neg", lambda T, x: T.triu(x, -2)),
    ("tril_", lambda T, x: (lambda r: (r, r is x))(x.tril_(1))),
    ("triu_", lambda T, x: (lambda r: (r, r is x))(x.triu_(-1))),
]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("shape", MATRIX_SHAPES, ids=str)
@pytest.mark.parametrize("op", [f for _, f in TRIANGLE_OPS], ids=[n for n, _ in TRIANGLE_OPS])
def test_triangles(op, shape, layout):
    for dtype in ("bool", "int32", "float32", "complex64"):
        check(lambda T: op(T, layout(T, sample(shape, dtype), dtype)))


TRIANGLE_ERRORS = [
    ("vector", lambda T: T.tril(T.arange(3))),
    ("scalar", lambda T: T.triu(T.tensor(3))),
    ("float_diagonal", lambda T: T.tril(T.ones(2, 2), 1.5)),
    ("in_place_vector", lambda T: T.arange(3).tril_()),
    ("expanded_input", lambda T: T.tril(T.ones(3, 1).expand(3, 4))),
    ("out", lambda T: (lambda o: (T.tril(T.ones(3, 3), out=o), o))(T.zeros(3, 3).t())),
    ("out_resized", lambda T: T.triu(T.ones(3, 4), out=T.zeros(2))),
    ("out_wrong_dtype", lambda T: T.tril(T.ones(3, 4), out=T.zeros(3, 4, dtype=T.int64))),
]


@pytest.mark.parametrize("fn", [f for _, f in TRIANGLE_ERRORS], ids=[n for n, _ in TRIANGLE_ERRORS])
def test_triangle_forms(fn):
    check(fn, match_message=True)


DIAG_OPS = [
    ("diag", lambda T, x: T.diag(x)),
    ("diag_k1", lambda T, x: T.diag(x, 1)),
    ("diag_k_neg", lambda T, x: x.diag(-2)),
    ("diag_far", lambda T, x: T.diag(x, -5)),
    ("diag_embed", lambda T, x: T.diag_embed(x)),
    ("diag_embed_offset", lambda T, x: x.diag_embed(offset=1)),
    ("diag_embed_dims", lambda T, x: T.diag_embed(x, 1, 0, 2)),
    ("diag_embed_dims_swapped", lambda T, x: T.diag_embed(x, -1, 2, 0)),
    ("diag_embed_same_dims", lambda T, x: T.diag_embed(x, 0, 1, 1)),
    ("diagflat", lambda T, x: T.diagflat(x)),
    ("diagflat_offset", lambda T, x: x.diagflat(-1)),
]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("op", [f for _, f in DIAG_OPS], ids=[n for n, _ in DIAG_OPS])
def test_diagonals(op, shape, layout):
    for dtype in ("bool", "int64", "float64", "complex128"):
        check(lambda T: op(T, layout(T, sample(shape, dtype), dtype)), match_message=True)


def test_diag_out():
    check(lambda T: (lambda o: (T.diag(T.ones(3), out=o), o))(T.zeros(3, 3).t()), match_message=True)
    check(lambda T: T.diag(T.ones(3, 3), out=T.zeros(5)), match_message=True)
    check(lambda T: T.diag(T.ones(2), out=T.zeros(2, 2, dtype=T.int64)), match_message=True)
    check(lambda T: T.diag(T.ones(2, dtype=T.int32), out=T.zeros(2, 2)), match_message=True)


# ---------------------------------------------------------------------------------------------
# cat, stack and their variants

JOIN_INPUTS = [
    ("same", lambda T, d: [make(T, sample((2, 3), d), d), make(T, sample((2, 3), d, 1), d)]),
    ("rows", lambda T, d: [make(T, sample((2, 3), d), d), make(T, sample((1, 3), d, 1), d)]),
    ("cols", lambda T, d: [make(T, sample((2, 3), d), d), make(T, sample((2, 1), d, 1), d)]),
    ("transposed", lambda T, d: [make(T, sample((3, 2), d), d).t(), make(T, sample((3, 2), d, 1), d).t()]),
    ("strided", lambda T, d: [make(T, sample((4, 3), d), d)[::2], make(T, sample((2, 3), d, 1), d)]),
    ("vectors", lambda T, d: [make(T, sample((3,), d), d), make(T, sample((2,), d, 1), d)]),
    ("scalars", lambda T, d: [make(T, sample((), d), d), make(T, sample((), d, 1), d)]),
    ("one", lambda T, d: [make(T, sample((2, 3), d), d)]),
    ("empty_rows", lambda T, d: [make(T, sample((2, 3), d), d), make(T, np.zeros((0, 3)), d)]),
    ("legacy_empty", lambda T, d: [make(T, sample((2, 3), d), d), T.tensor([], dtype=T.float64)]),
    ("only_empty", lambda T, d: [T.tensor([], dtype=dt(T, d)), T.tensor([], dtype=T.int32)]),
    ("empty_2d", lambda T, d: [make(T, np.zeros((2, 0)), d), make(T, np.zeros((2, 0)), d)]),
    ("three_d", lambda T, d: [make(T, sample((2, 1, 3), d), d), make(T, sample((2, 1, 3), d, 1), d)]),
    ("promote_int", lambda T, d: [make(T, sample((2, 3), d), d), T.ones(2, 3, dtype=T.int16)]),
    ("promote_float", lambda T, d: [make(T, sample((2, 3), d), d), T.ones(2, 3, dtype=T.float16)]),
    ("promote_bool", lambda T, d: [T.ones(2, 3, dtype=T.bool), make(T, sample((2, 3), d), d)]),
]

JOINS = [
    ("cat", lambda T, ts: T.cat(ts)),
    ("cat_1", lambda T, ts: T.cat(ts, 1)),
    ("cat_neg", lambda T, ts: T.cat(tuple(ts), dim=-1)),
    ("concat", lambda T, ts: T.concat(ts, dim=1)),
    ("concatenate", lambda T, ts: T.concatenate(ts, axis=0)),
    ("stack", lambda T, ts: T.stack(ts)),
    ("stack_1", lambda T, ts: T.stack(ts, 1)),
    ("stack_last", lambda T, ts: T.stack(ts, -1)),
    ("hstack", lambda T, ts: T.hstack(ts)),
    ("vstack", lambda T, ts: T.vstack(ts)),
    ("row_stack", lambda T, ts: T.row_stack(ts)),
    ("dstack", lambda T, ts: T.dstack(ts)),
    ("column_stack", lambda T, ts: T.column_stack(ts)),
]


@pytest.mark.parametrize("inputs", [f for _, f in JOIN_INPUTS], ids=[n for n, _ in JOIN_INPUTS])
@pytest.mark.parametrize("join", [f for _, f in JOINS], ids=[n for n, _ in JOINS])
def test_joins(join, inputs):
    for dtype in ("bool", "uint8", "int64", "bfloat16", "float32", "complex64"):
        check(lambda T: join(T, inputs(T, dtype)), match_message=True)


JOIN_ERRORS = [
    ("cat_empty_list", lambda T: T.cat([])),
    ("cat_tensor", lambda T: T.cat(T.ones(2))),
    ("cat_number", lambda T: T.cat([T.ones(2), 1])),
    ("cat_dim", lambda T: T.cat([T.ones(2, 3)], 2)),
    ("cat_dim_neg", lambda T: T.cat([T.ones(2, 3)], -3)),
    ("cat_scalar", lambda T: T.cat([T.ones(2), T.tensor(1.0)])),
    ("cat_ndim", lambda T: T.cat([T.ones(2, 3), T.ones(3)])),
    ("cat_size", lambda T: T.cat([T.ones(2, 3), T.ones(2, 2)])),
    ("cat_size_third", lambda T: T.cat([T.ones(2, 3), T.ones(1, 3), T.ones(2, 0)])),
    ("cat_out", lambda T: (lambda o: (T.cat([T.ones(2), T.zeros(2)], out=o), o))(T.ones(4, dtype=T.float64))),
    ("cat_out_resized", lambda T: T.cat([T.ones(2), T.zeros(2)], out=T.ones(5))),
    ("cat_out_cast", lambda T: T.cat([T.ones(2), T.ones(2)], out=T.ones(4, dtype=T.int64))),
    ("stack_empty", lambda T: T.stack([])),
    ("stack_sizes", lambda T: T.stack([T.ones(2, 3), T.ones(3, 2)])),
    ("stack_dim", lambda T: T.stack([T.ones(2, 3)], 3)),
    ("stack_out", lambda T: (lambda o: (T.stack([T.ones(2), T.zeros(2)], out=o), o))(T.ones(2, 2).t())),
    ("stack_out_cast", lambda T: T.stack([T.ones(2), T.ones(2)], out=T.ones(2, 2, dtype=T.int64))),
    ("hstack_empty", lambda T: T.hstack([])),
    ("vstack_empty", lambda T: T.vstack([])),
    ("dstack_empty", lambda T: T.dstack([])),
    ("column_stack_empty", lambda T: T.column_stack([])),
    ("hstack_out", lambda T: T.hstack([T.ones(2), T.ones(1)], out=T.zeros(3))),
    ("column_stack_mixed", lambda T: T.column_stack([T.arange(3.0), T.ones(3, 2)])),
]


@pytest.mark.parametrize("fn", [f for _, f in JOIN_ERRORS], ids=[n for n, _ in JOIN_ERRORS])
def test_join_forms(fn):
    check(fn, match_message=True)


# ---------------------------------------------------------------------------------------------
# atleast_*d, block_diag, meshgrid, cartesian_prod


def with_base(r, x):
    """A result with, for each tensor in it, whether it is a view sharing ``x``'s memory."""
    parts = r if isinstance(r, tuple) else (r,)
    return r, [p._base is not None and p.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()
               for p in parts]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name", ["atleast_1d", "atleast_2d", "atleast_3d"])
def test_atleast(name, shape, layout):
    x = lambda T: layout(T, sample(shape, "float32"), "float32")  # noqa: E731
    check(lambda T: (lambda v: with_base(getattr(T, name)(v), v))(x(T)))
    check(lambda T: (lambda v: with_base(getattr(T, name)(v, v), v))(x(T)))
    check(lambda T: (lambda v: with_base(getattr(T, name)([v, T.tensor(1)]), v))(x(T)))


def test_atleast_forms():
    check(lambda T: T.atleast_1d())
    check(lambda T: T.atleast_2d((T.ones(2),)))
    check(lambda T: T.atleast_3d(1))


BLOCKS = [
    ("mixed", lambda T: T.block_diag(T.ones(2, 2), T.tensor(3), T.tensor([4, 5]))),
    ("none", lambda T: T.block_diag()),
    ("three_d", lambda T: T.block_diag(T.ones(2, 2, 2))),
    ("empty_blocks", lambda T: T.block_diag(T.ones(2, 0), T.ones(0, 3))),
    ("transposed", lambda T: T.block_diag(T.arange(4.0).reshape(2, 2).t())),
    ("promote", lambda T: T.block_diag(T.ones(2, 2, dtype=T.int32), T.tensor(1.5, dtype=T.float64))),
    ("bool_uint8", lambda T: T.block_diag(T.tensor([True]), T.tensor([2], dtype=T.uint8))),
    ("complex", lambda T: T.block_diag(T.tensor([[1 + 1j]]), T.ones(1, 2))),
    ("not_tensor", lambda T: T.block_diag(T.ones(2), [1])),
]


@pytest.mark.parametrize("fn", [f for _, f in BLOCKS], ids=[n for n, _ in BLOCKS])
def test_block_diag(fn):
    check(fn, match_message=True)


GRIDS = [
    ("ij", lambda T, a, b: T.meshgrid(a, b, indexing="ij")),
    ("xy", lambda T, a, b: T.meshgrid(a, b, indexing="xy")),
    ("default", lambda T, a, b: T.meshgrid(a, b)),
    ("list", lambda T, a, b: T.meshgrid([a, b], indexing="ij")),
    ("tuple_xy", lambda T, a, b: T.meshgrid((a, b), indexing="xy")),
    ("three_xy", lambda T, a, b: T.meshgrid(a, b, a, indexing="xy")),
    ("one", lambda T, a, b: T.meshgrid(a, indexing="xy")),
    ("cartesian", lambda T, a, b: T.cartesian_prod(a, b)),
    ("cartesian_three", lambda T, a, b: T.cartesian_prod(a, b, a)),
]

GRID_INPUTS = [
    ("vectors", lambda T, d: (make(T, sample((3,), d), d), make(T, sample((4,), d, 1), d))),
    ("strided", lambda T, d: (make(T, sample((6,), d), d)[::2], make(T, sample((5,), d, 1), d)[1:])),
    ("scalars", lambda T, d: (make(T, sample((), d), d), make(T, sample((), d, 1), d))),
    ("scalar_and_vector", lambda T, d: (make(T, sample((), d), d), make(T, sample((3,), d, 1), d))),
    ("empty", lambda T, d: (make(T, sample((0,), d), d), make(T, sample((2,), d, 1), d))),
    ("matrix", lambda T, d: (make(T, sample((3,), d), d), make(T, sample((2, 2), d, 1), d))),
    ("mixed_dtypes", lambda T, d: (make(T, sample((3,), d), d), T.arange(2, dtype=T.int16))),
]


@pytest.mark.parametrize("inputs", [f for _, f in GRID_INPUTS], ids=[n for n, _ in GRID_INPUTS])
@pytest.mark.parametrize("grid", [f for _, f in GRIDS], ids=[n for n, _ in GRIDS])
def test_grids(grid, inputs):
    for dtype in ("bool", "int64", "float32"):
        check(lambda T: (lambda a, b: with_base(grid(T, a, b), a))(*inputs(T, dtype)))


GRID_ERRORS = [
    ("no_tensors", lambda T: T.meshgrid(indexing="ij")),
    ("bad_indexing", lambda T: T.meshgrid(T.ones(2), T.ones(2), indexing="foo")),
    ("dtypes", lambda T: T.meshgrid(T.ones(2), T.arange(2), indexing="ij")),
    ("cartesian_matrix", lambda T: T.cartesian_prod(T.ones(2), T.ones(2, 2))),
    ("cartesian_scalar", lambda T: T.cartesian_prod(T.ones(2), T.tensor(1.0))),
    ("cartesian_nothing", lambda T: T.cartesian_prod()),
    ("cartesian_dtypes", lambda T: T.cartesian_prod(T.ones(2), T.arange(2))),
]


@pytest.mark.parametrize("fn", [f for _, f in GRID_ERRORS], ids=[n for n, _ in GRID_ERRORS])
def test_grid_forms(fn):
    check(fn, match_message=True)


ONCE_WARNINGS = """
import json, sys, warnings
import numpy as np
import ember, torch


def warnings_of(T):
    calls = [
        lambda: T.meshgrid(T.ones(2), T.ones(3)),
        lambda: T.asarray(T.ones(2, requires_grad=True)),
        lambda: T.from_numpy(np.broadcast_to(np.zeros(3), (2, 3))),
        lambda: T.tensor(np.broadcast_to(np.zeros(3), (2, 3))),
        lambda: T.frombuffer(b"abcd", dtype=T.int16),
    ]
    seen = []
    for call in calls + calls:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            call()
        seen.append([str(w.message).split(" (Triggered internally")[0] for w in caught])
    return seen


print(json.dumps([warnings_of(torch), warnings_of(ember)]))
"""


def test_warnings_given_once_per_process():
    """PyTorch gives these warnings once per process: compared in a fresh interpreter, where none was given yet."""
    run = subprocess.run([sys.executable, "-c", ONCE_WARNINGS], capture_output=True, text=True, check=True)
    from_torch, from_ember = json.loads(run.stdout)
    assert from_ember == from_torch
