"""The data model: layout attributes, storage sharing, version counters, NumPy/DLPack interop, Python protocols,
pickling, devices and Size — each compared with PyTorch."""
import copy
import io
import pickle

import numpy as np
import pytest
import torch

import ember
from oracle import DTYPE_NAMES, LAYOUTS, SHAPES, check, make, sample

VIEWS = {
    "plain": lambda x: x,
    "t": lambda x: x.t() if x.dim() == 2 else x,
    "unsqueeze0": lambda x: x.unsqueeze(0),
    "none_last": lambda x: x[..., None],
    "slice": lambda x: x[1:] if x.dim() else x,
    "step": lambda x: x[::2] if x.dim() else x,
    "expand": lambda x: x.unsqueeze(0).expand(3, *x.shape),
}


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("view", VIEWS, ids=str)
def test_layout_attributes(shape, view):
    def attributes(T):
        x = VIEWS[view](make(T, sample(shape, "float32"), "float32"))
        return (x.shape, x.size(), x.stride(), x.storage_offset(), x.dim(), x.ndim, x.numel(), x.nelement(),
                x.element_size(), x.itemsize, x.nbytes, x.is_contiguous(), len(x.shape), x.is_leaf,
                x.requires_grad, x.untyped_storage().nbytes())
    check(attributes)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_dtype_attributes(dtype):
    check(lambda T: (make(T, sample((2, 3), dtype), dtype).element_size(),
                     make(T, sample((2, 3), dtype), dtype).is_floating_point(),
                     make(T, sample((2, 3), dtype), dtype).is_complex(),
                     make(T, sample((2, 3), dtype), dtype).is_signed(),
                     make(T, sample((2, 3), dtype), dtype).nbytes))


@pytest.mark.parametrize("dim", [0, 1, -1, -2, 2, -3])
def test_size_and_stride_of_one_dim(dim):
    check(lambda T: (T.zeros(2, 3).size(dim), T.zeros(2, 3).stride(dim)))


def test_views_share_storage_and_data_ptr():
    def sharing(T):
        x = T.arange(12.).reshape(3, 4)
        v = x[1:, 2:]
        return (v.data_ptr() - x.data_ptr(), v.untyped_storage().data_ptr() == x.untyped_storage().data_ptr(),
                v._base is x, x._base is None, v[0]._base is x, x.t()._base is x, x.clone()._base is None,
                x.detach()._base is None, x.contiguous() is x, x.t().contiguous()._base is None)
    check(sharing)


def test_version_counter_is_shared_by_views():
    def versions(T):
        x = T.zeros(4)
        v = x[1:]
        d = x.detach()
        seen = [x._version]
        x.add_(1)
        seen.append((x._version, v._version, d._version))
        v.mul_(2)
        seen.append((x._version, v._version))
        v[0] = 5
        seen.append(x._version)
        x.data.add_(1)  # .data has a counter of its own
        seen.append(x._version)
        x += 1
        seen.append(x._version)
        return seen
    check(versions)


@pytest.mark.parametrize("part", ["real", "imag"])
@pytest.mark.parametrize("dtype", ["complex64", "complex128", "float32", "int32"])
def test_real_imag_views(part, dtype):
    def get(T):
        x = make(T, sample((2, 3), dtype), dtype).t()
        p = getattr(x, part)
        return p, p.stride(), p.storage_offset(), p.data_ptr() - x.data_ptr()
    check(get)


@pytest.mark.parametrize("attr", ["T", "mT", "H", "mH"])
@pytest.mark.parametrize("shape", [(), (3,), (2, 3), (2, 3, 4)], ids=str)
def test_transpose_properties(attr, shape):
    check(lambda T: getattr(make(T, sample(shape, "complex64"), "complex64"), attr))


def test_requires_grad_flag():
    def flags(T):
        x = T.ones(2)
        before = (x.requires_grad, x.is_leaf, x.grad, x.grad_fn)
        x.requires_grad_()
        y = T.zeros(2, requires_grad=True)
        return before, x.requires_grad, y.requires_grad, y.detach().requires_grad, x.data.requires_grad
    check(flags)


@pytest.mark.parametrize("dtype", ["int64", "bool", "uint8"])
def test_requires_grad_refused_for_integers(dtype):
    check(lambda T: make(T, sample((2,), dtype), dtype).requires_grad_())
    check(lambda T: T.zeros(2, dtype=getattr(T, dtype), requires_grad=True))


# ---------------------------------------------------------------------------------------------
# NumPy and DLPack


@pytest.mark.parametrize("dtype", [d for d in DTYPE_NAMES if d != "bfloat16"])
def test_numpy_shares_memory(dtype):
    def roundtrip(T):
        x = make(T, sample((2, 3), dtype), dtype)
        array = x.numpy()
        array[0, 0] = array[1, 1]
        return x, array.dtype.name, np.asarray(x).dtype.name, np.shares_memory(array, x.numpy())
    check(roundtrip)


def test_numpy_refuses_tensor_requiring_grad():
    check(lambda T: T.ones(2, requires_grad=True).numpy(), match_message=True)
    check(lambda T: T.ones(2, requires_grad=True).numpy(force=True))


def test_numpy_of_views_keeps_strides():
    check(lambda T: T.arange(12).reshape(3, 4).t().numpy().strides)
    check(lambda T: T.arange(12).reshape(3, 4)[:, 1::2].numpy().tolist())


def test_array_protocol():
    check(lambda T: np.asarray(T.arange(6).reshape(2, 3)))
    check(lambda T: np.array(T.arange(3.), dtype=np.float64))
    check(lambda T: np.add(T.arange(3).numpy(), 1))


@pytest.mark.parametrize("dtype", ["float32", "int64", "bool", "complex128", "uint8"])
def test_dlpack_both_ways(dtype):
    def both(T):
        array = sample((2, 3), dtype)
        from_numpy = T.from_dlpack(array)
        array[0, 0] = array[1, 2]
        to_numpy = np.from_dlpack(T.tensor(array.tolist(), dtype=getattr(T, dtype)))
        return from_numpy, to_numpy, T.arange(3).__dlpack_device__()[1]
    check(both)


def test_dlpack_device_type():
    assert int(ember.arange(3).__dlpack_device__()[0]) == int(torch.arange(3).__dlpack_device__()[0])


# ---------------------------------------------------------------------------------------------
# Python protocols


@pytest.mark.parametrize("value, dtype", [(3.7, "float32"), (-2, "int64"), (True, "bool"), (1 + 2j, "complex64"),
                                          (2.5, "bfloat16"), (7, "uint8")])
def test_scalar_conversions(value, dtype):
    check(lambda T: T.tensor(value, dtype=getattr(T, dtype)).item())
    check(lambda T: float(T.tensor(value, dtype=getattr(T, dtype))))
    check(lambda T: int(T.tensor(value, dtype=getattr(T, dtype))))
    check(lambda T: bool(T.tensor(value, dtype=getattr(T, dtype))))
    check(lambda T: complex(T.tensor(value, dtype=getattr(T, dtype))))
    check(lambda T: T.tensor([value], dtype=getattr(T, dtype)).tolist())


@pytest.mark.parametrize("build", [lambda T: T.tensor([1, 2]), lambda T: T.zeros(0), lambda T: T.zeros(1, 1)],
                         ids=["two", "empty", "one"])
def test_scalar_conversion_errors(build):
    for convert in (float, int, bool, lambda t: t.item()):
        check(lambda T: convert(build(T)), match_message=True)


def test_index_protocol():
    check(lambda T: [10, 20, 30][T.tensor(1)])
    check(lambda T: np.arange(5)[T.tensor(2)])
    check(lambda T: list(range(10))[T.tensor(1):T.tensor(4)])
    check(lambda T: [10, 20][T.tensor(1.0)])
    check(lambda T: [10, 20][T.tensor([1, 0])])


def test_len_iter_contains():
    check(lambda T: len(T.zeros(4, 2)))
    check(lambda T: len(T.tensor(1.0)), match_message=True)
    check(lambda T: list(T.arange(6).reshape(3, 2)))
    check(lambda T: [r.storage_offset() for r in T.arange(6).reshape(3, 2)])
    check(lambda T: iter(T.tensor(1)), match_message=True)
    check(lambda T: (2 in T.tensor([1, 2]), 5 in T.tensor([1, 2]), T.tensor([1, 2]) in T.tensor([[1, 2]])))
    check(lambda T: "a" in T.tensor([1, 2]))


def test_format():
    check(lambda T: f"{T.tensor(3.14159):.3f}|{T.tensor(42):5d}|{T.tensor(2.5):e}")
    check(lambda T: f"{T.tensor([1.0, 2.0])}")
    check(lambda T: f"{T.tensor([1.0, 2.0]):.2f}")


def test_hash_is_identity():
    check(lambda T: (lambda a, b: (hash(a) == id(a) or hash(a) != hash(b), {a: 1, b: 2}[a]))(T.ones(2), T.ones(2)))


def _pickled(T, x):
    buffer = io.BytesIO()
    pickle.dump(x, buffer)
    buffer.seek(0)
    return pickle.load(buffer)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_pickle_roundtrip(dtype):
    def roundtrip(T):
        x = make(T, sample((3, 4), dtype), dtype)[1:, ::2]
        return _pickled(T, x), _pickled(T, x).requires_grad
    check(roundtrip)


def test_pickle_copies_storage_per_tensor_and_keeps_requires_grad():
    def roundtrip(T):
        x = T.arange(6.).requires_grad_()
        a, b = pickle.loads(pickle.dumps((x.detach(), x.detach()[2:])))
        a[3] = 100
        return a, b, _pickled(T, x).requires_grad
    check(roundtrip)


def test_deepcopy():
    def copies(T):
        x = T.arange(6.).reshape(2, 3)[:, 1:]
        x.requires_grad_()
        y = copy.deepcopy(x)
        base = T.arange(4)
        pair = copy.deepcopy([base, base[1:]])
        pair[0][1] = 10
        return y, y is not x, y.data_ptr() != x.data_ptr(), pair, copy.copy(x) is x
    check(copies)


def test_deepcopy_keeps_attributes():
    check(lambda T: copy.deepcopy((lambda t: (setattr(t, "tag", [1]), t)[1])(T.ones(1))).tag)


# ---------------------------------------------------------------------------------------------
# Devices


@pytest.mark.parametrize("spec", ["cpu", "cuda", "cuda:1", "cpu:0", "meta", ("cuda", 0), ("cpu", None), 0,
                                  "foo", "cuda:x", "cuda:-1", "cuda:01"], ids=str)
def test_device_objects(spec):
    args = spec if isinstance(spec, tuple) else (spec,)
    check(lambda T: (lambda d: (repr(d), str(d), d.type, d.index))(T.device(*args)), match_message=True)


def test_device_equality_and_hash():
    check(lambda T: (T.device("cpu") == T.device("cpu"), T.device("cuda:0") == T.device("cuda", 0),
                     T.device("cpu") == "cpu", T.device("cuda:0") == T.device("cuda"),
                     hash(T.device("cuda:1")) == hash(T.device("cuda", 1)), T.device(T.device("cuda:1"))))


def test_tensor_device_attributes():
    check(lambda T: (T.zeros(2).device, T.zeros(2).is_cuda, T.zeros(2).is_cpu, T.zeros(2).get_device(),
                     T.zeros(2, device="cpu").device, T.zeros(2, device=T.device("cpu")).device,
                     T.zeros(2).to("cpu").device, T.zeros(2).cpu().device))


def test_cuda_requests_fail_cleanly():
    assert not ember.cuda.is_available()
    check(lambda T: T.zeros(2, device="cuda"))
    check(lambda T: T.zeros(2).to("cuda"))
    check(lambda T: T.zeros(2).cuda())
    check(lambda T: T.tensor([1], device="cuda:0"))


# ---------------------------------------------------------------------------------------------
# Size and storage


def test_size_behaves_as_torch_size():
    check(lambda T: (repr(T.Size([2, 3])), str(T.Size([])), T.Size([2, 3])[1:], T.Size([2]) + (3,),
                     (1,) + T.Size([2]), T.Size([2, 3]) * 2, T.Size([2, 3]).numel(), T.Size([2]) == (2,),
                     T.zeros(2, 3).shape[-1], T.Size([2, T.tensor(3)])))
    check(lambda T: T.Size([1.5]), match_message=True)


def test_size_pickles():
    check(lambda T: pickle.loads(pickle.dumps(T.zeros(2, 3).shape)))


def test_untyped_storage():
    def storage(T):
        x = T.tensor([1, 2], dtype=T.int16)
        s = x.untyped_storage()
        return s.nbytes(), len(s), s.element_size(), s.tolist(), s[0], s.data_ptr() == x.data_ptr()
    check(storage)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda f: f.__name__)
def test_layouts_of_test_inputs_match(layout):
    check(lambda T: layout(T, sample((2, 3), "float32"), "float32"))


@pytest.mark.parametrize("shape", [(2, 3, 4, 5), (2, 1, 4, 5), (2, 3, 1, 1), (2, 3), (2, 3, 4, 5, 6)], ids=str)
@pytest.mark.parametrize("fmt", ["contiguous_format", "channels_last", "preserve_format"])
def test_is_contiguous_memory_formats(shape, fmt):
    def contiguity(T):
        x = T.zeros(*shape)
        made = x.contiguous(memory_format=T.channels_last) if len(shape) == 4 else x.t() if len(shape) == 2 else x
        return (x.is_contiguous(memory_format=getattr(T, fmt)), made.is_contiguous(memory_format=getattr(T, fmt)))
    check(contiguity)
