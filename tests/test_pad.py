"""nn.functional.pad in its four modes, compared with PyTorch: shapes, values, layouts, cropping and errors."""
import pytest

from oracle import DTYPE_NAMES, check, make, sample


def F(T):
    return T.nn.functional


RANKED = [  # (input shape, pad) pairs PyTorch accepts in every mode
    ((2, 5), (1, 2)), ((2, 3, 5), (2, 1)), ((2, 3, 4), (1, 2, 2, 1)), ((1, 2, 3, 4), (0, 1, 3, 0)),
    ((2, 2, 3, 4), (1, 1, 2, 0, 1, 2)), ((1, 2, 2, 3, 4), (2, 1, 0, 2, 1, 1)), ((2, 3, 5), (0, 0)),
]
MODES = ["constant", "reflect", "replicate", "circular"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("shape,pad", RANKED, ids=str)
def test_pad_modes(mode, shape, pad):
    data = sample(shape, "float32")
    check(lambda T: F(T).pad(make(T, data, "float32"), pad, mode=mode), match_message=True)


@pytest.mark.parametrize("mode", MODES)
def test_pad_negative_and_large(mode):
    for pad in [(-1, 0), (0, -2), (-1, 2), (2, -1), (-1, -1), (-2, -2), (-3, 1), (-4, 0), (-1, 1, 1, -1), (3, 0),
                (0, 4), (5, 5), (-2, -2, 0, 0), (0, 0, -3, 0), (-2, -2, 0, 0, 0, 0), (0, 0, 0, 0, -1, 0)]:
        data = sample({2: (2, 3, 4), 4: (2, 3, 4)}.get(len(pad), (1, 2, 3, 4)), "float64")
        check(lambda T: F(T).pad(make(T, data, "float64"), pad, mode), match_message=True)


@pytest.mark.parametrize("shape,pad", [((5,), (1, 2)), ((), ()), ((3, 4), (1, 1, 2, 2)), ((2, 3), (1, 1, 1, 1, 1, 1)),
                                       ((1, 2, 3, 4, 5, 2), (1, 1)), ((2, 3), (1,)), ((1, 1, 1, 1, 1, 1, 2), ())],
                         ids=str)
@pytest.mark.parametrize("mode", MODES)
def test_pad_ranks(shape, pad, mode):
    data = sample(shape, "float32")
    check(lambda T: F(T).pad(make(T, data, "float32"), pad, mode), match_message=True)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_pad_dtypes(dtype):
    data = sample((1, 2, 3), dtype)
    for mode in MODES:
        check(lambda T: F(T).pad(make(T, data, dtype), (2, 1), mode), match_message=True)


@pytest.mark.parametrize("dtype", ["bool", "uint8", "int8", "int64", "float16", "bfloat16", "float32", "complex64"])
def test_pad_constant_values(dtype):
    data = sample((2, 3), dtype)
    for value in [None, 2.5, -1, True, 1e30, 1e6, float("nan"), float("inf"), 1000]:
        check(lambda T: F(T).pad(make(T, data, dtype), (1, 1, 0, 1), value=value), match_message=True)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("layout", ["transposed", "strided", "channels_last", "sliced"])
def test_pad_layouts(mode, layout):
    for pad in [(1, 1, 1, 1), (0, 0), (-1, 0, 0, 1)]:
        _pad_layout(mode, layout, pad)


def _pad_layout(mode, layout, pad):
    def build(T):
        x = T.arange(120.0).reshape(2, 3, 4, 5)
        return {"transposed": x.transpose(2, 3), "strided": x[:, :, ::2], "sliced": x[:, 1:],
                "channels_last": x.contiguous(memory_format=T.channels_last)}[layout]
    check(lambda T: F(T).pad(build(T), pad, mode), match_message=True)


@pytest.mark.parametrize("mode", MODES)
def test_pad_permuted_size_one_dims(mode):
    # size-1 dims make PyTorch's channels-last test ambiguous; it decides by the strides' order
    cases = [((2, 1, 1, 3), (0, 3, 1, 2), (2, 3, 3, -2)), ((2, 1, 1, 3), (2, 3, 1, 0), (1, 1)),
             ((2, 3, 1, 1), (0, 2, 3, 1), (0, 1, 1, 0)), ((1, 2, 3, 3, 2), (0, 4, 1, 2, 3), (1, 0) * 3)]
    for shape, perm, pad in cases:
        data = sample(shape, "float32")
        check(lambda T: F(T).pad(make(T, data, "float32").permute(*perm), pad, mode), match_message=True)


def test_pad_constant_crop_is_a_copy():
    def fn(T):
        x = T.arange(6.0).reshape(2, 3)
        y = F(T).pad(x, (-1, 0))
        y[0, 0] = 100.0
        return x, y
    check(fn)
    check(lambda T: F(T).pad(T.arange(6.0).reshape(3, 2).t(), (0, 0)))
    check(lambda T: F(T).pad(T.arange(12.0).reshape(3, 4).t()[:, ::2], (-1, 0)))


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
@pytest.mark.parametrize("shape", [(0, 2, 3), (2, 0, 3), (2, 0), (0, 3), (0, 2, 3, 4), (2, 3, 0, 4)], ids=str)
def test_pad_empty_inputs(mode, shape):
    pad = (1, 1) if len(shape) <= 3 else (1, 1, 1, 1)
    check(lambda T: F(T).pad(T.ones(shape), pad, mode), match_message=True)
    check(lambda T: F(T).pad(T.ones(shape), pad), match_message=True)


def test_pad_bad_arguments():
    x = sample((1, 2, 3), "float32")
    check(lambda T: F(T).pad(make(T, x, "float32"), (1, 1), mode="foo"), match_message=True)
    check(lambda T: F(T).pad(make(T, x, "float32"), (1,), mode="foo"))
    for mode in ("reflect", "replicate", "circular"):
        check(lambda T: F(T).pad(make(T, x, "float32"), (1, 1), mode=mode, value=1), match_message=True)
        check(lambda T: F(T).pad(make(T, x, "float32"), (1, 1), mode=mode, value=0))
        check(lambda T: F(T).pad(make(T, x, "float32"), (1,), mode=mode), match_message=True)
    check(lambda T: F(T).pad(make(T, x, "float32"), [1, 1]))
    check(lambda T: F(T).pad(make(T, x, "float32"), 1), match_message=True)
    check(lambda T: F(T).pad(make(T, x, "float32"), (1.5, 1)), match_message=True)
    check(lambda T: F(T).pad([1.0], (1, 1)), match_message=True)
    check(lambda T: F(T).pad(make(T, x, "float32"), (1, 1), value=1j), match_message=True)
    check(lambda T: F(T).pad(make(T, x, "float32"), (1, 1), value="a"), match_message=True)
    check(lambda T: F(T).pad(make(T, x, "float32"), (1, 1), "constant", 2.0))
