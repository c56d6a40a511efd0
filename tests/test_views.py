"""View and shape ops compared with PyTorch: sizes, strides, storage offset, ``_base``, storage sharing, versions."""
import numpy as np
import pytest

from oracle import DTYPE_NAMES, LAYOUTS, SHAPES, check, make, sample


def root(x):
    """The tensor a view of ``x`` names as its ``_base``."""
    return x if x._base is None else x._base


def facts(x, r):
    """A result with how it relates to ``x``: is it a view of x's root, is it a view at all, does it share memory."""
    if isinstance(r, (tuple, list)):
        return [facts(x, p) for p in r]
    # empty tensors have no memory to share (PyTorch gives them all a null data pointer)
    shares = bool(r.numel() and r.untyped_storage().data_ptr() == x.untyped_storage().data_ptr())
    return r, r._base is root(x), r._base is None, shares


def shape_of(x, *tail):
    return tuple(x.shape) + tail


# One row per view op: (id, fn(T, x)); each runs over every shape and layout and must match PyTorch,
# including raising the same exception class where PyTorch rejects the shape.
VIEW_OPS = [
    ("view_flat", lambda T, x: x.view(-1)),
    ("view_col", lambda T, x: x.view(-1, 1)),
    ("view_lead1", lambda T, x: x.view(1, -1, 1)),
    ("view_same", lambda T, x: x.view(x.shape)),
    ("view_tuple", lambda T, x: x.view(shape_of(x, 1))),
    ("view_pairs", lambda T, x: x.view(2, -1)),
    ("view_two_infer", lambda T, x: x.view(-1, -1)),
    ("view_zero_infer", lambda T, x: x.view(0, -1)),
    ("view_bad_size", lambda T, x: x.view(7)),
    ("view_negative", lambda T, x: x.view(-2)),
    ("view_float", lambda T, x: x.view(2.0)),
    ("view_as", lambda T, x: x.view_as(T.zeros(tuple(reversed(x.shape))))),
    ("reshape_flat", lambda T, x: x.reshape(-1)),
    ("reshape_rev", lambda T, x: x.reshape(tuple(reversed(x.shape)))),
    ("reshape_pairs", lambda T, x: x.reshape(2, -1)),
    ("reshape_same", lambda T, x: x.reshape(x.shape)),
    ("reshape_as", lambda T, x: x.reshape_as(T.zeros(tuple(reversed(x.shape))))),
    ("reshape_fn", lambda T, x: T.reshape(x, (-1, 1))),
    ("transpose", lambda T, x: x.transpose(0, -1)),
    ("transpose_same", lambda T, x: x.transpose(0, 0)),
    ("transpose_fn", lambda T, x: T.transpose(x, -1, 0)),
    ("transpose_bad", lambda T, x: x.transpose(0, 3)),
    ("swapaxes", lambda T, x: x.swapaxes(0, -1)),
    ("swapdims", lambda T, x: T.swapdims(x, -1, 0)),
    ("permute_rev", lambda T, x: x.permute(*reversed(range(x.dim())))),
    ("permute_list", lambda T, x: x.permute(list(range(x.dim()))[::-1])),
    ("permute_fn", lambda T, x: T.permute(x, tuple(range(-x.dim(), 0)))),
    ("permute_dup", lambda T, x: x.permute(0, 0)),
    ("permute_short", lambda T, x: x.permute(0)),
    ("movedim", lambda T, x: x.movedim(0, -1)),
    ("movedim_multi", lambda T, x: T.movedim(x, (0, 1), (-1, 0))),
    ("moveaxis", lambda T, x: T.moveaxis(x, -1, 0)),
    ("t", lambda T, x: x.t()),
    ("t_fn", lambda T, x: T.t(x)),
    ("T", lambda T, x: x.T),
    ("mT", lambda T, x: x.mT),
    ("H", lambda T, x: x.H),
    ("mH", lambda T, x: x.mH),
    ("adjoint", lambda T, x: x.adjoint()),
    ("expand_lead", lambda T, x: x.expand(3, *x.shape)),
    ("expand_neg", lambda T, x: x.expand(2, *([-1] * x.dim()))),
    ("expand_ones", lambda T, x: x.expand(*[3 if n == 1 else n for n in x.shape])),
    ("expand_bad", lambda T, x: x.expand(*[4] * x.dim())),
    ("expand_fewer", lambda T, x: x.expand(2)),
    ("expand_lead_neg", lambda T, x: x.expand(-1, *x.shape)),
    ("expand_as", lambda T, x: x.expand_as(T.zeros((2,) + tuple(x.shape)))),
    ("broadcast_to", lambda T, x: T.broadcast_to(x, (2, 1) + tuple(x.shape))),
    ("squeeze", lambda T, x: x.squeeze()),
    ("squeeze_0", lambda T, x: x.squeeze(0)),
    ("squeeze_last", lambda T, x: T.squeeze(x, -1)),
    ("squeeze_tuple", lambda T, x: x.squeeze((0, -1))),
    ("squeeze_bad", lambda T, x: x.squeeze(3)),
    ("unsqueeze_0", lambda T, x: x.unsqueeze(0)),
    ("unsqueeze_end", lambda T, x: x.unsqueeze(-1)),
    ("unsqueeze_mid", lambda T, x: T.unsqueeze(x, 1)),
    ("unsqueeze_bad", lambda T, x: x.unsqueeze(5)),
    ("flatten", lambda T, x: x.flatten()),
    ("flatten_1", lambda T, x: x.flatten(1)),
    ("flatten_01", lambda T, x: T.flatten(x, 0, 1)),
    ("flatten_bad", lambda T, x: x.flatten(-1, 0)),
    ("ravel", lambda T, x: x.ravel()),
    ("unflatten", lambda T, x: x.unflatten(0, (1, -1))),
    ("unflatten_last", lambda T, x: T.unflatten(x, -1, (-1, 1))),
    ("unflatten_bad", lambda T, x: x.unflatten(0, (4, 7))),
    ("narrow", lambda T, x: x.narrow(0, 1, 1)),
    ("narrow_last", lambda T, x: T.narrow(x, -1, 0, 2)),
    ("narrow_neg_start", lambda T, x: x.narrow(0, -1, 1)),
    ("narrow_tensor", lambda T, x: x.narrow(0, T.tensor(1), 1)),
    ("narrow_too_long", lambda T, x: x.narrow(0, 1, 9)),
    ("select", lambda T, x: x.select(0, 1)),
    ("select_neg", lambda T, x: T.select(x, -1, -1)),
    ("select_bad", lambda T, x: x.select(0, 9)),
    ("unbind", lambda T, x: x.unbind()),
    ("unbind_last", lambda T, x: T.unbind(x, -1)),
    ("split", lambda T, x: x.split(2)),
    ("split_last", lambda T, x: T.split(x, 3, -1)),
    ("split_list", lambda T, x: x.split([1, x.shape[0] - 1])),
    ("split_zero", lambda T, x: x.split(0)),
    ("split_bad_list", lambda T, x: x.split([1, 1, 9])),
    ("split_with_sizes", lambda T, x: T.split_with_sizes(x, [1, x.shape[-1] - 1], -1)),
    ("split_with_sizes_int", lambda T, x: x.split_with_sizes(2)),
    ("chunk", lambda T, x: x.chunk(2)),
    ("chunk_3", lambda T, x: T.chunk(x, 3, -1)),
    ("chunk_many", lambda T, x: x.chunk(7)),
    ("chunk_zero", lambda T, x: x.chunk(0)),
    ("tensor_split_n", lambda T, x: x.tensor_split(3)),
    ("tensor_split_last", lambda T, x: T.tensor_split(x, 2, dim=-1)),
    ("tensor_split_idx", lambda T, x: x.tensor_split([1, 3])),
    ("tensor_split_unordered", lambda T, x: x.tensor_split((3, 1, -1))),
    ("tensor_split_tensor", lambda T, x: x.tensor_split(T.tensor([1, 2]))),
    ("tensor_split_tensor0d", lambda T, x: x.tensor_split(T.tensor(2))),
    ("hsplit", lambda T, x: T.hsplit(x, 2)),
    ("hsplit_list", lambda T, x: x.hsplit([1, 2])),
    ("vsplit", lambda T, x: T.vsplit(x, 2)),
    ("vsplit_tensor", lambda T, x: x.vsplit(T.tensor(1))),
    ("dsplit", lambda T, x: T.dsplit(x, [1])),
    ("dsplit_zero", lambda T, x: x.dsplit(0)),
    ("unfold", lambda T, x: x.unfold(0, 2, 1)),
    ("unfold_last", lambda T, x: x.unfold(-1, 2, 2)),
    ("unfold_one", lambda T, x: x.unfold(0, 1, 3)),
    ("unfold_big", lambda T, x: x.unfold(0, 9, 1)),
    ("diagonal", lambda T, x: x.diagonal()),
    ("diagonal_up", lambda T, x: T.diagonal(x, 1)),
    ("diagonal_down", lambda T, x: x.diagonal(-1)),
    ("diagonal_far", lambda T, x: x.diagonal(7)),
    ("diagonal_dims", lambda T, x: x.diagonal(0, -1, 0)),
    ("diagonal_same_dims", lambda T, x: x.diagonal(0, 1, 1)),
    ("as_strided", lambda T, x: x.as_strided((2, 2), (1, 2))),
    ("as_strided_offset", lambda T, x: T.as_strided(x, (2,), (2,), 1)),
    ("as_strided_oob", lambda T, x: x.as_strided((3, 3), (3, 1), 5)),
    ("contiguous", lambda T, x: x.contiguous()),
    ("clone", lambda T, x: x.clone()),
    ("clone_fn", lambda T, x: T.clone(x)),
    ("getitem_ellipsis", lambda T, x: x[...]),
]


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name,op", VIEW_OPS, ids=[r[0] for r in VIEW_OPS])
def test_view_op(name, op, shape, layout):
    data = sample(shape, "float32")
    check(lambda T: facts(x := layout(T, data, "float32"), op(T, x)))


# Layouts that only some shapes reach: expanded inputs, size-1 dims with odd strides, offsets.
ODD_INPUTS = [
    ("expanded", lambda T: T.tensor([[1.0], [2.0]]).expand(2, 3)),
    ("size1_slice", lambda T: make(T, sample((3, 4, 5), "float32"), "float32")[:, 1:2, ::2]),
    ("offset_t", lambda T: make(T, sample((4, 5), "float32"), "float32")[1:, 2:].t()),
    ("perm3", lambda T: make(T, sample((2, 3, 4), "float32"), "float32").permute(1, 2, 0)),
    ("empty_perm", lambda T: make(T, sample((2, 0, 3), "float32"), "float32").permute(2, 0, 1)),
    ("size1_transposed", lambda T: make(T, sample((3, 1, 4), "float32"), "float32")[:, :, :1].transpose(0, 2)),
]


@pytest.mark.parametrize("name,make_input", ODD_INPUTS, ids=[r[0] for r in ODD_INPUTS])
@pytest.mark.parametrize("op_name,op", VIEW_OPS, ids=[r[0] for r in VIEW_OPS])
def test_view_op_odd_inputs(op_name, op, name, make_input):
    check(lambda T: facts(x := make_input(T), op(T, x)))


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@pytest.mark.parametrize("target", DTYPE_NAMES)
def test_view_dtype(dtype, target):
    data = sample((2, 4), dtype)
    check(lambda T: facts(x := make(T, data, dtype), x.view(getattr(T, target))), match_message=True)


VIEW_DTYPE_LAYOUTS = [
    ("offset", lambda T: make(T, sample((3, 4), "int16"), "int16")[:, 1:]),
    ("odd_offset_even_len", lambda T: make(T, sample((8,), "int16"), "int16")[1:5]),
    ("transposed", lambda T: make(T, sample((4, 2), "int16"), "int16").t()),
    ("zero_d", lambda T: make(T, sample((), "int16"), "int16")),
    ("odd_last", lambda T: make(T, sample((2, 3), "int16"), "int16")),
    ("empty", lambda T: make(T, sample((2, 0), "int16"), "int16")),
    ("row_step", lambda T: make(T, sample((4, 4), "int16"), "int16")[::2]),
]


@pytest.mark.parametrize("target", ["int8", "int16", "int32", "float64"])
@pytest.mark.parametrize("name,make_input", VIEW_DTYPE_LAYOUTS, ids=[r[0] for r in VIEW_DTYPE_LAYOUTS])
def test_view_dtype_layouts(name, make_input, target):
    check(lambda T: facts(x := make_input(T), x.view(getattr(T, target))), match_message=True)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@pytest.mark.parametrize("op_name", ["clone", "contiguous", "t", "reshape_flat", "expand_lead", "diagonal", "unbind"])
def test_view_ops_keep_dtype(op_name, dtype):
    op = dict(VIEW_OPS)[op_name]
    data = sample((3, 2), dtype)
    check(lambda T: facts(x := transposed(T, data, dtype), op(T, x)))


@pytest.mark.parametrize("shape", [(), (2, 3), (2, 2, 3)], ids=str)
@pytest.mark.parametrize("name", ["T", "mT", "H", "mH", "adjoint"])
def test_conjugate_transposes_of_complex(name, shape):
    # PyTorch conjugates lazily (a view with a conj bit); Ember conjugates eagerly, so only the values,
    # shapes and strides are compared here, not ``_base``.
    op = dict(VIEW_OPS)[name]
    data = sample(shape, "complex64")
    check(lambda T: op(T, make(T, data, "complex64")))


def transposed(T, data, dtype):
    return make(T, np.swapaxes(data, 0, 1), dtype).t()


# Error messages users read: compared word for word.
MESSAGES = [
    ("view_stride", lambda T: make(T, sample((2, 3), "float32"), "float32").t().view(-1)),
    ("view_size", lambda T: T.zeros(2, 3).view(4)),
    ("view_infer_twice", lambda T: T.zeros(2, 3).view(-1, -1)),
    ("view_ambiguous", lambda T: T.zeros(2, 0).view(0, -1)),
    ("reshape_size", lambda T: T.zeros(2, 3).reshape(4, -1)),
    ("dim_range", lambda T: T.zeros(2, 3).transpose(0, 2)),
    ("dim_range_0d", lambda T: T.zeros(()).unsqueeze(2)),
    ("permute_len", lambda T: T.zeros(2, 3).permute(0)),
    ("permute_dup", lambda T: T.zeros(2, 3).permute(1, 1)),
    ("expand_fewer", lambda T: T.zeros(2, 3).expand(3)),
    ("expand_mismatch", lambda T: T.zeros(2, 3).expand(2, 4)),
    ("expand_lead_neg", lambda T: T.zeros(2, 3).expand(-1, 2, 3)),
    ("t_3d", lambda T: T.zeros(2, 3, 4).t()),
    ("mT_1d", lambda T: T.zeros(3).mT),
    ("narrow_0d", lambda T: T.zeros(()).narrow(0, 0, 1)),
    ("narrow_long", lambda T: T.zeros(4).narrow(0, 2, 3)),
    ("narrow_start", lambda T: T.zeros(4).narrow(0, 5, 0)),
    ("select_range", lambda T: T.zeros(2, 3).select(1, 3)),
    ("select_0d", lambda T: T.zeros(()).select(0, 0)),
    ("split_sizes", lambda T: T.zeros(5).split([2, 2])),
    ("split_negative", lambda T: T.zeros(5).split(-1)),
    ("chunk_zero", lambda T: T.zeros(5).chunk(0)),
    ("tensor_split_zero", lambda T: T.zeros(5).tensor_split(0)),
    ("tensor_split_float", lambda T: T.zeros(5).tensor_split(T.tensor([1.0]))),
    ("tensor_split_2d", lambda T: T.zeros(5).tensor_split(T.tensor([[1]]))),
    ("unfold_size", lambda T: T.zeros(4).unfold(0, 5, 1)),
    ("unfold_step", lambda T: T.zeros(4).unfold(0, 2, 0)),
    ("diagonal_dims", lambda T: T.zeros(2, 3).diagonal(0, 1, -1)),
    ("as_strided_oob", lambda T: T.zeros(4).as_strided((2, 2), (2, 1), 1)),
    ("as_strided_negative", lambda T: T.zeros(4).as_strided((2,), (-1,))),
    ("as_strided_len", lambda T: T.zeros(4).as_strided((2, 2), (1,))),
    ("flatten_order", lambda T: T.zeros(2, 3).flatten(1, 0)),
    ("unflatten_product", lambda T: T.zeros(6).unflatten(0, (4, -1))),
    ("unflatten_empty", lambda T: T.zeros(6).unflatten(0, ())),
    ("movedim_len", lambda T: T.zeros(2, 3).movedim((0, 1), (0,))),
    ("movedim_repeat", lambda T: T.zeros(2, 3).movedim((0, 0), (0, 1))),
]


@pytest.mark.parametrize("name,fn", MESSAGES, ids=[r[0] for r in MESSAGES])
def test_error_messages(name, fn):
    check(fn, match_message=True)


# Writes through a view reach the base and the base's writes reach the view; one storage, one version counter.
WRITERS = [
    ("view", lambda T, x: x.view(-1)),
    ("reshape", lambda T, x: x.reshape(3, 4)),
    ("transpose", lambda T, x: x.transpose(0, 1)),
    ("permute", lambda T, x: x.permute(1, 0)),
    ("narrow", lambda T, x: x.narrow(1, 1, 2)),
    ("select", lambda T, x: x.select(1, 2)),
    ("diagonal", lambda T, x: x.diagonal(1)),
    ("unsqueeze", lambda T, x: x.unsqueeze(1)),
    ("squeeze", lambda T, x: x[:1].squeeze(0)),
    ("split", lambda T, x: x.split(1)[1]),
    ("chunk", lambda T, x: x.chunk(2, 1)[1]),
    ("unbind", lambda T, x: x.unbind(1)[3]),
    ("as_strided", lambda T, x: x.as_strided((2, 2), (1, 4), 1)),
    ("unfold_disjoint", lambda T, x: x.unfold(1, 2, 2)),
    ("flatten", lambda T, x: x.flatten()),
    ("getitem_slice", lambda T, x: x[1:, ::2]),
    ("view_dtype", lambda T, x: x.view(T.int32)),
    ("expand", lambda T, x: x[:1].expand(3, 4)),
    ("unfold_overlap", lambda T, x: x.unfold(1, 2, 1)),
    ("detach", lambda T, x: x.detach()),
]


def _write_through_view(T, make_view):
    x = make(T, sample((3, 4), "float32"), "float32")
    v = make_view(T, x)
    before = (x._version, v._version)
    v[...] = 7.0
    return x.clone(), v.clone(), before, x._version, v._version


def _write_through_base(T, make_view):
    x = make(T, sample((3, 4), "float32"), "float32")
    v = make_view(T, x)
    x[1] = 5.0
    x.add_(1)
    return v.clone(), x._version, v._version


@pytest.mark.parametrize("name,make_view", WRITERS, ids=[r[0] for r in WRITERS])
def test_write_through_view(name, make_view):
    check(lambda T: _write_through_view(T, make_view))


@pytest.mark.parametrize("name,make_view", WRITERS, ids=[r[0] for r in WRITERS])
def test_write_through_base(name, make_view):
    check(lambda T: _write_through_base(T, make_view))


MEMORY_FORMAT_INPUTS = [
    ("nchw", lambda T: make(T, sample((2, 3, 4, 5), "float32"), "float32")),
    ("nhwc", lambda T: make(T, sample((2, 4, 5, 3), "float32"), "float32").permute(0, 3, 1, 2)),
    ("empty_c", lambda T: T.zeros(2, 0, 3, 4)),
    ("size1", lambda T: make(T, sample((2, 1, 4, 1), "float32"), "float32")),
    ("transposed_2d", lambda T: make(T, sample((3, 2), "float32"), "float32").t()),
]
MEMORY_FORMAT_OPS = [
    ("clone_contiguous", lambda T, x: x.clone(memory_format=T.contiguous_format)),
    ("clone_channels_last", lambda T, x: x.clone(memory_format=T.channels_last)),
    ("clone_preserve", lambda T, x: T.clone(x, memory_format=T.preserve_format)),
    ("contiguous_channels_last", lambda T, x: x.contiguous(memory_format=T.channels_last)),
    ("contiguous_preserve", lambda T, x: x.contiguous(memory_format=T.preserve_format)),
    ("contiguous_default", lambda T, x: x.contiguous(memory_format=T.contiguous_format)),
]


@pytest.mark.parametrize("input_name,make_input", MEMORY_FORMAT_INPUTS, ids=[r[0] for r in MEMORY_FORMAT_INPUTS])
@pytest.mark.parametrize("name,op", MEMORY_FORMAT_OPS, ids=[r[0] for r in MEMORY_FORMAT_OPS])
def test_memory_formats(name, op, input_name, make_input):
    check(lambda T: (facts(x := make_input(T), r := op(T, x)), r is x), match_message=True)


INPLACE_VIEWS = [
    ("unsqueeze_", lambda x: x.unsqueeze_(1)),
    ("squeeze_", lambda x: x.squeeze_()),
    ("squeeze_dim", lambda x: x.squeeze_(0)),
    ("t_", lambda x: x.t_()),
    ("transpose_", lambda x: x.transpose_(0, -1)),
    ("swapaxes_", lambda x: x.swapaxes_(-1, 0)),
    ("swapdims_", lambda x: x.swapdims_(0, 0)),
    ("as_strided_", lambda x: x.as_strided_((2,), (2,), 1)),
    ("unsqueeze_bad", lambda x: x.unsqueeze_(5)),
]


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("shape", [(), (1, 3), (2, 1, 2)], ids=str)
@pytest.mark.parametrize("name,op", INPLACE_VIEWS, ids=[r[0] for r in INPLACE_VIEWS])
def test_inplace_view_op(name, op, shape, layout):
    data = sample(shape, "float32")

    def fn(T):
        x = layout(T, data, "float32")
        base, before = x._base, x._version
        r = op(x)
        return r is x, x, x._base is base, x._version - before
    check(fn)


def test_reshape_copy_is_independent():
    def fn(T):
        x = make(T, sample((3, 4), "float32"), "float32").t()
        r = x.reshape(-1)
        r[0] = 100.0
        return x.clone(), r, r._base is None, x._version, r._version
    check(fn)


def test_namespace_exports():
    import torch

    import ember
    names = ["reshape", "transpose", "swapaxes", "swapdims", "permute", "movedim", "moveaxis", "t",
             "adjoint", "broadcast_to", "squeeze", "unsqueeze", "flatten", "unflatten", "ravel", "narrow", "select",
             "unbind", "split", "split_with_sizes", "chunk", "tensor_split", "hsplit", "vsplit", "dsplit", "diagonal",
             "as_strided", "clone", "index_put", "index_put_"]
    missing = [n for n in names if hasattr(torch, n) and not hasattr(ember, n)]
    assert not missing, missing
