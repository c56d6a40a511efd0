"""angle, view_as_real and view_as_complex, compared with PyTorch (views: strides, offsets and shared memory)."""
import pytest

from oracle import DTYPE_NAMES, LAYOUTS, SHAPES, check, make, sample

INF, NAN = float("inf"), float("nan")


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_angle_dtypes(dtype):
    data = sample((2, 3), dtype)
    check(lambda T: T.angle(make(T, data, dtype)))
    check(lambda T: make(T, data, dtype).angle())


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64"])
def test_angle_special_values(dtype):
    values = [-1.0, -0.0, 0.0, 2.0, NAN, -INF, INF, -1e-30]
    check(lambda T: T.angle(T.tensor(values, dtype=getattr(T, dtype))))


def test_angle_complex_special_values():
    values = [1j, -1 + 0j, complex(NAN, 1), complex(-0.0, 0.0), complex(-1, -0.0), complex(INF, INF), 3 - 4j]
    check(lambda T: T.angle(T.tensor(values, dtype=T.complex128)))


@pytest.mark.parametrize("out_dtype", ["int64", "float32", "float64", "complex64"])
@pytest.mark.parametrize("dtype", ["int64", "float32", "complex64"])
def test_angle_out(out_dtype, dtype):
    data = sample((2, 3), dtype)

    def fn(T):
        out = T.empty(0, dtype=getattr(T, out_dtype))
        T.angle(make(T, data, dtype), out=out)
        return (out.to(T.float32), out.dtype) if out_dtype == "float64" else out
    check(fn, match_message=True)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_angle_layouts(shape, layout):
    data = sample(shape, "complex64")
    check(lambda T: T.angle(layout(T, data, "complex64")))
    check(lambda T: T.angle(layout(T, data.real.copy(), "float32")))


def test_angle_permuted_inputs():
    for perm in [(1, 0, 2), (2, 1, 0), (0, 2, 1)]:
        data = sample((1, 3, 4), "int16")
        check(lambda T: T.angle(make(T, data, "int16").permute(*perm)))
        check(lambda T: T.angle(make(T, data, "int16").permute(*perm).float()))


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_view_as_real(dtype, shape, layout):
    data = sample(shape, dtype)
    check(lambda T: T.view_as_real(layout(T, data, dtype)))


def test_view_as_real_views():
    def shares(T):
        x = T.tensor([[1 + 2j, 3 + 4j], [5 + 6j, 7 + 8j]])
        r = T.view_as_real(x[1:])
        r[0, 1, 0] = 9.0
        return x, r, r.storage_offset(), T.view_as_real(x.t())
    check(shares)
    check(lambda T: T.view_as_real(T.ones(3, dtype=T.complex64).expand(2, 3)))
    check(lambda T: T.view_as_real(T.tensor(1j)))


@pytest.mark.parametrize("dtype", [d for d in DTYPE_NAMES if not d.startswith("complex")] + ["complex64"])
def test_view_as_real_refuses_real(dtype):
    data = sample((2,), dtype)
    if dtype.startswith("complex"):
        check(lambda T: T.view_as_real(make(T, data, dtype)))
    else:
        check(lambda T: T.view_as_real(make(T, data, dtype)), match_message=True)
    check(lambda T: T.view_as_real([1.0]), match_message=True)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("shape", [(2,), (3, 2), (2, 3, 2), (0, 2), (1, 2)])
def test_view_as_complex(dtype, shape):
    data = sample(shape, dtype)
    check(lambda T: T.view_as_complex(make(T, data, dtype)))
    check(lambda T: T.view_as_complex(T.view_as_real(T.view_as_complex(make(T, data, dtype)))))


def test_view_as_complex_strided_views():
    check(lambda T: T.view_as_complex(T.arange(12.0).reshape(6, 2)[2:]))
    check(lambda T: T.view_as_complex(T.arange(12.0).reshape(3, 2, 2).transpose(0, 1)))
    check(lambda T: T.view_as_complex(T.arange(12.0).reshape(2, 3, 2)[:, ::2]))
    check(lambda T: T.view_as_complex(T.ones(1, 2).expand(3, 2)))

    def shares(T):
        x = T.arange(8.0, dtype=T.float64).reshape(2, 2, 2)
        c = T.view_as_complex(x[1])
        c[0] = 5 + 6j
        return x, c
    check(shares)


@pytest.mark.parametrize("case", ["bad_dtype_int", "bad_dtype_bf16", "bad_dtype_complex", "zero_d", "last_size_3",
                                  "last_size_0", "last_stride", "odd_stride", "odd_offset", "transposed"])
def test_view_as_complex_errors(case):
    build = {
        "bad_dtype_int": lambda T: T.arange(4).reshape(2, 2),
        "bad_dtype_bf16": lambda T: T.ones(2, 2, dtype=T.bfloat16),
        "bad_dtype_complex": lambda T: T.ones(2, 2, dtype=T.complex64),
        "zero_d": lambda T: T.tensor(1.0),
        "last_size_3": lambda T: T.ones(2, 3),
        "last_size_0": lambda T: T.ones(2, 0),
        "last_stride": lambda T: T.ones(3, 2)[:, :1].expand(3, 2),
        "odd_stride": lambda T: T.arange(9.0).reshape(3, 3)[:, :2],
        "odd_offset": lambda T: T.arange(7.0)[1:].reshape(3, 2),
        "transposed": lambda T: T.arange(12.0).reshape(3, 2, 2).transpose(1, 2),
    }[case]
    check(lambda T: T.view_as_complex(build(T)), match_message=True)
