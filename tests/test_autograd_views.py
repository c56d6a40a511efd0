"""Gradients of the view, shape, joining and rearranging ops and of ``x[...]`` reads against PyTorch: the values,
the layout of ``x.grad``, the grad_fn chain (names along ``next_functions``), requires_grad and views' ``_base``."""
import numpy as np
import pytest

from oracle import LAYOUTS, check, sample

# (id, input shape, op): the op maps (T, x) to a tensor or a tuple of tensors.
OPS = [
    ("view", (2, 3, 4), lambda T, x: x.view(6, 4)),
    ("view_flat", (2, 3), lambda T, x: x.view(-1)),
    ("view_as", (2, 3), lambda T, x: x.view_as(T.empty(3, 2))),
    ("reshape", (2, 3, 4), lambda T, x: x.reshape(4, -1)),
    ("reshape_0d", (), lambda T, x: x.reshape(1, 1)),
    ("reshape_empty", (3, 0), lambda T, x: x.reshape(0, 5)),
    ("reshape_as", (2, 3), lambda T, x: x.reshape_as(T.empty(6))),
    ("contiguous", (2, 3), lambda T, x: x.contiguous()),
    ("clone", (2, 3), lambda T, x: x.clone()),
    ("clone_contiguous", (2, 3), lambda T, x: x.clone(memory_format=T.contiguous_format)),
    ("transpose", (2, 3, 4), lambda T, x: x.transpose(0, 2)),
    ("transpose_same", (2, 3), lambda T, x: x.transpose(1, 1)),
    ("swapaxes", (2, 3, 4), lambda T, x: x.swapaxes(-1, 0)),
    ("t", (2, 3), lambda T, x: x.t()),
    ("t_1d", (5,), lambda T, x: x.t()),
    ("T", (2, 3), lambda T, x: x.T),
    ("mT", (2, 3, 4), lambda T, x: x.mT),
    ("adjoint", (2, 3), lambda T, x: x.adjoint()),
    ("permute", (2, 3, 4), lambda T, x: x.permute(2, 0, 1)),
    ("movedim", (2, 3, 4), lambda T, x: x.movedim(0, -1)),
    ("movedim_0d", (), lambda T, x: x.movedim(0, 0)),
    ("unsqueeze", (2, 3), lambda T, x: x.unsqueeze(-1)),
    ("unsqueeze_0d", (), lambda T, x: x.unsqueeze(0)),
    ("squeeze", (2, 3), lambda T, x: x.unsqueeze(0).unsqueeze(-1).squeeze()),
    ("squeeze_dim", (2, 3), lambda T, x: x.unsqueeze(0).squeeze(0)),
    ("squeeze_dims", (2, 3), lambda T, x: x.unsqueeze(0).unsqueeze(-1).squeeze((0, 3))),
    ("squeeze_kept", (2, 3), lambda T, x: x.squeeze(0)),
    ("flatten", (2, 3, 4), lambda T, x: x.flatten()),
    ("flatten_part", (2, 3, 4), lambda T, x: x.flatten(1)),
    ("flatten_0d", (), lambda T, x: x.flatten()),
    ("flatten_nothing", (2, 3), lambda T, x: x.flatten(1)),
    ("unflatten", (2, 3, 4), lambda T, x: x.unflatten(2, (2, -1))),
    ("ravel", (2, 3), lambda T, x: x.ravel()),
    ("expand", (2, 3), lambda T, x: x[:1].expand(2, 4, 3)),
    ("expand_0d", (), lambda T, x: x.expand(3, 2)),
    ("expand_as", (2, 3), lambda T, x: x.expand_as(T.empty(2, 2, 3))),
    ("broadcast_to", (5,), lambda T, x: T.broadcast_to(x, (2, 5))),
    ("broadcast_tensors", (2,), lambda T, x: T.broadcast_tensors(x.unsqueeze(1), T.ones(3))[0]),
    ("narrow", (5,), lambda T, x: x.narrow(0, 1, 3)),
    ("narrow_neg", (2, 3, 4), lambda T, x: x.narrow(-1, -2, 2)),
    ("select", (2, 3, 4), lambda T, x: x.select(1, -1)),
    ("unbind", (2, 3), lambda T, x: x.unbind(1)),
    ("split", (5,), lambda T, x: x.split(2)),
    ("split_sizes", (2, 3, 4), lambda T, x: x.split([1, 3], 2)),
    ("split_with_sizes", (2, 3), lambda T, x: x.split_with_sizes([2, 0, 1], 1)),
    ("chunk", (5,), lambda T, x: x.chunk(2)),
    ("tensor_split", (5,), lambda T, x: x.tensor_split(3)),
    ("tensor_split_indices", (2, 3, 4), lambda T, x: x.tensor_split([1, 2], 1)),
    ("hsplit", (2, 4), lambda T, x: x.hsplit(2)),
    ("vsplit", (2, 3), lambda T, x: x.vsplit([1])),
    ("dsplit", (2, 3, 4), lambda T, x: x.dsplit(2)),
    ("diagonal", (2, 3, 4), lambda T, x: x.diagonal(1, 0, 2)),
    ("diagonal_neg", (2, 3), lambda T, x: x.diagonal(-1)),
    ("unfold", (5,), lambda T, x: x.unfold(0, 2, 1)),
    ("unfold_3d", (2, 3, 4), lambda T, x: x.unfold(1, 2, 1)),
    ("unfold_gaps", (2, 3, 4), lambda T, x: x.unfold(2, 1, 3)),
    ("unfold_0d", (), lambda T, x: x.unfold(0, 1, 1)),
    ("as_strided", (2, 3), lambda T, x: x.as_strided((2, 2), (1, 2))),
    ("as_strided_overlap", (5,), lambda T, x: T.as_strided(x, (3, 2), (1, 1), 1)),
    ("atleast_3d", (5,), lambda T, x: T.atleast_3d(x)),
    ("meshgrid", (3,), lambda T, x: T.meshgrid(x, x[:2], indexing="ij")),
    # joining
    ("cat", (2, 3), lambda T, x: T.cat([x, x[:1]])),
    ("cat_dim", (2, 3), lambda T, x: T.cat([x, x], -1)),
    ("cat_skip_empty", (2, 3), lambda T, x: T.cat([x, x[0, :0]])),
    ("cat_promote", (2, 3), lambda T, x: T.cat([x, T.ones(1, 3, dtype=T.float64)])),
    ("stack", (2, 3), lambda T, x: T.stack([x, x * 2], 1)),
    ("stack_0d", (), lambda T, x: T.stack([x, x])),
    ("hstack", (5,), lambda T, x: T.hstack([x, x])),
    ("vstack", (5,), lambda T, x: T.vstack([x, x])),
    ("dstack", (2, 3), lambda T, x: T.dstack([x, x])),
    ("column_stack", (5,), lambda T, x: T.column_stack([x, x])),
    # triangles and diagonals
    ("tril", (3, 4), lambda T, x: x.tril()),
    ("tril_batched", (2, 3, 4), lambda T, x: T.tril(x, -1)),
    ("triu", (3, 4), lambda T, x: x.triu(1)),
    ("diag_vector", (5,), lambda T, x: x.diag(1)),
    ("diag_matrix", (3, 4), lambda T, x: T.diag(x, -1)),
    ("diag_embed", (2, 3), lambda T, x: x.diag_embed(1)),
    ("diag_embed_dims", (2, 3), lambda T, x: T.diag_embed(x, -1, 0, 2)),
    ("diagflat", (2, 3), lambda T, x: x.diagflat()),
    ("diagflat_0d", (), lambda T, x: T.diagflat(x)),
    # rearranging copies
    ("flip", (2, 3, 4), lambda T, x: x.flip(0, 2)),
    ("fliplr", (2, 3), lambda T, x: T.fliplr(x)),
    ("flipud", (2, 3), lambda T, x: T.flipud(x)),
    ("roll", (2, 3), lambda T, x: x.roll(1)),
    ("roll_dims", (2, 3, 4), lambda T, x: x.roll((1, -1), (0, 2))),
    ("rot90", (2, 3, 4), lambda T, x: x.rot90(1, (1, 2))),
    ("rot90_k2", (2, 3), lambda T, x: x.rot90(2)),
    ("rot90_k3", (2, 3), lambda T, x: x.rot90(-1)),
    ("rot90_k0", (2, 3), lambda T, x: x.rot90(0)),
    ("repeat", (2, 3), lambda T, x: x.repeat(2, 1, 3)),
    ("repeat_0d", (), lambda T, x: x.repeat(2)),
    ("tile", (2, 3), lambda T, x: x.tile(2)),
    ("repeat_interleave", (2, 3), lambda T, x: x.repeat_interleave(2)),
    ("repeat_interleave_dim", (2, 3), lambda T, x: x.repeat_interleave(3, 1)),
    ("repeat_interleave_tensor", (2, 3), lambda T, x: x.repeat_interleave(T.tensor([2, 0, 1]), 1)),
    ("repeat_interleave_flat", (2, 3), lambda T, x: x.repeat_interleave(T.tensor(2))),
    # edge cases: empty and 0-d inputs, aliases, composites
    ("cat_all_empty", (0,), lambda T, x: T.cat([x, x])),
    ("unbind_empty", (3, 0), lambda T, x: x.unbind(1)),
    ("unbind_of_empty", (0, 3), lambda T, x: x.unbind(1)),
    ("chunk_empty", (0,), lambda T, x: x.chunk(2)),
    ("split_zero", (3, 0), lambda T, x: x.split(0, 1)),
    ("expand_neg", (2, 3), lambda T, x: x.expand(4, -1, -1)),
    ("view_0d", (), lambda T, x: x.view(1)),
    ("view_empty", (3, 0), lambda T, x: x.view(0, 3)),
    ("tensor_split_empty", (0,), lambda T, x: x.tensor_split(2)),
    ("movedim_multi", (2, 3, 4), lambda T, x: x.movedim((0, 1), (2, 0))),
    ("atleast_1d", (), lambda T, x: T.atleast_1d(x)),
    ("atleast_2d", (5,), lambda T, x: T.atleast_2d(x)),
    ("row_stack", (5,), lambda T, x: T.row_stack([x, x])),
    ("concat", (2, 3), lambda T, x: T.concat([x, x], 1)),
    ("concatenate", (2, 3), lambda T, x: T.concatenate([x, x], axis=1)),
    ("swapdims", (2, 3), lambda T, x: x.swapdims(0, 1)),
    ("narrow_tensor", (5,), lambda T, x: x.narrow(0, T.tensor(1), 2)),
    ("unfold_bigstep", (7,), lambda T, x: x.unfold(0, 2, 3)),
    ("diag_embed_3d", (2, 3, 2), lambda T, x: x.diag_embed(-1, 1, 3)),
    ("diagonal_empty", (2, 3), lambda T, x: x.diagonal(5)),
    ("flip_nodims", (2, 3), lambda T, x: x.flip([])),
    ("roll_empty", (3, 0), lambda T, x: x.roll(1, 0)),
    ("roll_empty_flat", (0,), lambda T, x: x.roll(1)),
    ("rot90_neg", (2, 3, 4), lambda T, x: x.rot90(1, (-1, 0))),
    ("repeat_zero", (2, 3), lambda T, x: x.repeat(0, 2)),
    ("tile_more", (2, 3), lambda T, x: x.tile(2, 1, 2)),
    ("ri_output_size", (2, 3), lambda T, x: x.repeat_interleave(2, 0, output_size=4)),
    ("ri_0d", (), lambda T, x: x.repeat_interleave(3)),
    ("ri_t_0d", (3,), lambda T, x: x.repeat_interleave(T.tensor(0))),
    ("block_diag", (2, 3), lambda T, x: T.block_diag(x, x[0])),
    ("cartesian_prod", (3,), lambda T, x: T.cartesian_prod(x, x)),
    ("ravel_t", (2, 3), lambda T, x: x.t().ravel()),
    ("flatten_t", (2, 3), lambda T, x: x.t().flatten()),
    ("contig_cl", (1, 2, 3, 2), lambda T, x: x.contiguous(memory_format=T.channels_last)),
    ("clone_cl", (2, 2, 3, 2), lambda T, x: x.clone(memory_format=T.channels_last)),
    ("index_neg_tensor", (2, 3, 4), lambda T, x: x[T.tensor([-1, 0])]),
    ("index_int32", (2, 3, 4), lambda T, x: x[:, T.tensor([2, 2], dtype=T.int32)]),
    ("index_empty", (2, 3, 4), lambda T, x: x[T.tensor([], dtype=T.long)]),
    ("index_ell_list", (2, 3, 4), lambda T, x: x[..., [0, 3]]),
    ("index_2d_idx", (2, 3, 4), lambda T, x: x[[[0, 1], [1, 1]], 1]),
    ("index_0d_int", (), lambda T, x: x[None, None]),
    ("broadcast_same", (2, 3), lambda T, x: T.broadcast_tensors(x, x)),
    ("mT_0d", (), lambda T, x: x.mT),
    ("T_0d", (), lambda T, x: x.T),
    ("T_3d", (2, 3, 4), lambda T, x: x.T),
    ("select_neg", (2, 3), lambda T, x: x.select(-1, -2)),
    ("squeeze_0d", (), lambda T, x: x.squeeze()),
    ("squeeze_0d_dim", (), lambda T, x: x.squeeze(0)),
    ("unsqueeze_empty", (3, 0), lambda T, x: x.unsqueeze(1)),
    ("stack_neg", (2, 3), lambda T, x: T.stack([x, x], -1)),
    ("hstack_2d", (2, 3), lambda T, x: T.hstack([x, x])),
    ("meshgrid_xy", (3,), lambda T, x: T.meshgrid(x, x[:2], indexing="xy")),
    ("tril_empty", (3, 0), lambda T, x: x.tril()),
    ("diag_empty", (0,), lambda T, x: x.diag()),
]

# x[index] on a (2, 3, 4) input
INDICES = [
    ("int", 1), ("neg_int", -1), ("slice", slice(1, None)), ("full_slice", slice(None)),
    ("tuple_ints", (1, 2)), ("int_tensor", "T.tensor(1)"), ("step", (slice(None), slice(None, None, 2))),
    ("full_then_slice", (slice(None), slice(1, 3))), ("slice_then_full", (slice(1, None), slice(None))),
    ("all_full", (slice(None), slice(None))), ("ellipsis", Ellipsis), ("ellipsis_int", (Ellipsis, 1)),
    ("none", None), ("none_mid", (slice(None), None)), ("mixed", (None, 1, slice(None, None, 2))),
    ("empty_slice", (slice(2, 1),)), ("list", [0, 0, 1]), ("list_dim1", (slice(None), [2, 0, 2])),
    ("two_lists", ([0, 1], [1, 2])), ("split_lists", ([0, 1], slice(None), [3, 0])),
    ("slice_and_list", (slice(1, 2), [0, 0])), ("none_list", (None, [0, 1])), ("mask", "x > 0"),
    ("row_mask", "(slice(None), T.tensor([True, False, True]))"), ("true", True), ("false", False),
    ("repeated", "T.tensor([[1, 1], [1, 0]])"),
]


def _chain(y):
    """The grad_fn names from ``y`` back to the leaf, following each node's first edge."""
    names, fn = [], y.grad_fn
    while fn is not None and type(fn).__name__ != "AccumulateGrad":
        names.append(type(fn).__name__)
        fn = next((f for f, _ in fn.next_functions if f is not None), None)
    return names


def _weights(T, y, k):
    """A distinct gradient for each output element, so misplaced gradients show."""
    n = y.numel()
    return (T.arange(n, dtype=T.float64) * 0.5 + k).reshape(y.shape).to(y.dtype)


def _run(T, op, values, layout, dtype):
    x = layout(T, values, dtype).detach().requires_grad_()
    y = op(T, x)
    outs = list(y) if isinstance(y, (tuple, list)) else [y]
    T.autograd.backward(outs, [_weights(T, o, k) for k, o in enumerate(outs)])
    return (y, x.grad, [_chain(o) for o in outs], [o.is_leaf for o in outs],
            [o._base is x for o in outs])


@pytest.mark.parametrize("name,shape,op", OPS, ids=[o[0] for o in OPS])
def test_first_derivative(name, shape, op):
    values = sample(shape, "float32", seed=3)
    for layout in LAYOUTS:
        check(lambda T: _run(T, op, values, layout, "float32"))


def _index(T, x, index):
    if isinstance(index, str):
        return eval(index, {"T": T, "x": x})
    return index


@pytest.mark.parametrize("name,index", INDICES, ids=[i[0] for i in INDICES])
def test_getitem(name, index):
    values = sample((2, 3, 4), "float32", seed=4)
    for layout in LAYOUTS:
        check(lambda T: _run(T, lambda T, x: x[_index(T, x, index)], values, layout, "float32"))


# whole expressions on a (2, 3, 4) input x: masks, bool scalars, ints beside lists, chained reads
EXPRESSIONS = ["x[T.tensor(True)]", "x[T.tensor(False)]", "x[1, [0, 1]]", "x[[0, 1], 1]", "x[x[..., 0] > 0]",
               "x[:, :, [True, False, True, True]]", "x[T.tensor([[0]])]", "x[[0, 1], None, [1, 2]]",
               "x[..., None, [1]]",
               "x[None, ..., None]", "x[0, ..., 0]", "x[[1, 0], :1, [0, 1]]", "x[T.tensor([1, 0], dtype=T.uint8)]",
               "x[(slice(None),) * 3]", "x[:, 5:]", "x[np.int64(1)]", "x[[0, 1, 0]][:, 1]", "x[1:][0][1:]", "x[[]]",
               "x[..., 1:3, None]", "x[1][None, ::2]"]


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_getitem_expressions(expression):
    values = sample((2, 3, 4), "float32", seed=11)
    for layout in LAYOUTS:
        check(lambda T: _run(T, lambda T, x: eval(expression, {"T": T, "x": x, "np": np}), values, layout, "float32"))


def test_getitem_0d():
    for index in (None, Ellipsis, (None, Ellipsis), True):
        check(lambda T: _run(T, lambda T, x: x[index], np.float64(1.5), LAYOUTS[0], "float64"))


DTYPED = ["view", "transpose", "expand", "select", "unbind", "split", "diagonal", "unfold", "as_strided", "cat",
          "stack", "tril", "diag_embed", "flip", "roll", "rot90", "repeat", "repeat_interleave_tensor",
          "index_neg_tensor", "index_2d_idx", "block_diag", "diag_matrix", "narrow", "unbind"]


@pytest.mark.parametrize("dtype", ["float64", "float16", "bfloat16", "complex64"])
def test_dtypes(dtype):
    for name, shape, op in OPS:
        if name in DTYPED:
            values = sample(shape, dtype, seed=5)
            check(lambda T: _run(T, op, values, LAYOUTS[2], dtype), ulps=8)


@pytest.mark.parametrize("op", ["H", "mH", "adjoint"])
def test_conjugate_transposes(op):
    values = sample((2, 3), "complex128", seed=10)

    def fn(T):  # PyTorch's conjugate is a view; Ember's a copy (so _base is not compared)
        x = T.tensor(values, requires_grad=True)
        y = getattr(x, op)
        y = y() if callable(y) else y
        y.backward(_weights(T, y, 0.5))
        return y, x.grad, _chain(y)
    check(fn)


def test_getitem_repeated_indices_accumulate():
    values = sample((4, 3), "float64", seed=6)

    def fn(T):
        x = T.tensor(values, requires_grad=True)
        y = x[T.tensor([0, 2, 0, 0]), 1:]
        y.backward(T.ones_like(y))
        return y, x.grad
    check(fn)


def test_index_modified_in_place_refuses_backward():
    for index in ("T.tensor([0, 1])", "T.tensor([True, False, True])"):
        def fn(T):
            x = T.ones(3, 4, requires_grad=True)
            i = eval(index)
            y = x[i]
            i.zero_()
            y.backward(T.ones_like(y))
            return x.grad
        check(fn)


def test_backward_twice():
    def fn(T):  # views save no tensors, so a second backward works without retain_graph; an index saves its indices
        x = T.ones(3, 4, requires_grad=True)
        y = x.t()[1:].unsqueeze(0).expand(2, 3, 3)
        y.backward(T.ones_like(y))
        y.backward(T.ones_like(y))
        z = x[[0, 0]]
        z.backward(T.ones_like(z))
        z.backward(T.ones_like(z))
        return x.grad
    check(fn)


def test_grad_mode_off_records_nothing():
    """No history; PyTorch still marks views of a tensor that requires grad as requiring grad (copies not)."""
    def fn(T):
        x = T.ones(2, 3, requires_grad=True)
        with T.no_grad():
            views = [x.view(6), x.t(), x[0], x[:, 1:], x.unsqueeze(0), x.expand(2, 2, 3), x.select(1, 0),
                     x.diagonal(), x.unbind(0)[0], x.split(1)[0], x[None], x[[0, 1]], x.reshape(3, 2), x.flatten()]
            copies = [T.cat([x, x]), T.stack([x]), x.tril(), x.flip(0), x.repeat(2, 1), x.clone(), x.t().contiguous()]
        return [(v.requires_grad, v.grad_fn is None, v._base is x) for v in views] + \
               [(c.requires_grad, c.grad_fn is None) for c in copies]
    check(fn)


def test_dtype_views_have_no_history():
    def fn(T):
        x = T.ones(2, 4, requires_grad=True)
        ys = [x.view(T.int32), x.view(T.float32), x.view(T.float16), x.view(T.complex64)]
        return [(y.requires_grad, y.grad_fn is None, y.is_leaf) for y in ys]
    check(fn)


def test_no_history_without_requires_grad():
    def fn(T):
        x = T.ones(2, 3)
        ys = [x.view(6), x.t(), x[0], x[[0]], x.unbind(0)[0], T.cat([x, x]), x.tril(), x.roll(1), x.expand(2, 2, 3)]
        return [(y.requires_grad, y.grad_fn is None) for y in ys]
    check(fn)


def test_out_refused_when_recording():
    for op in (lambda T, x: T.cat([x, x], out=T.empty(4, 3)), lambda T, x: T.stack([x], out=T.empty(1, 2, 3)),
               lambda T, x: T.tril(x, out=T.empty(2, 3)), lambda T, x: T.triu(x, out=T.empty(2, 3)),
               lambda T, x: T.hstack([x, x], out=T.empty(2, 6))):
        check(lambda T: op(T, T.ones(2, 3, requires_grad=True)), match_message=True)


def test_multi_output_with_unused_outputs():
    def fn(T):
        x = T.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
        a, b, c = x.unbind(1)
        p, q = x.split([1, 2], 1)
        (b * 2 + q[:, 0] * 3).backward(T.ones(2))
        return x.grad, [f.grad_fn is a.grad_fn for f in (b, c)], p.grad_fn is q.grad_fn
    check(fn)


SECOND = ["view", "reshape", "transpose", "permute", "unsqueeze", "squeeze", "expand", "narrow", "select", "unbind",
          "split_sizes", "diagonal", "unfold_3d", "cat", "stack", "tril", "diag_vector", "diag_matrix", "diag_embed",
          "flip", "roll_dims", "rot90", "tile", "repeat_interleave_dim", "repeat_interleave_tensor",
          "split", "chunk", "tensor_split", "as_strided"]


@pytest.mark.parametrize("name", SECOND)
def test_second_derivative(name):
    """The backward of each backward: the gradient is linear in the incoming gradient ``v``, so differentiating it
    with respect to ``v`` applies the op itself again."""
    shape, op = next((s, o) for n, s, o in OPS if n == name)
    values = sample(shape, "float64", seed=7)

    def fn(T):
        x = T.tensor(values, requires_grad=True)
        y = op(T, x)
        outs = list(y) if isinstance(y, (tuple, list)) else [y]
        vs = [_weights(T, o, k).requires_grad_() for k, o in enumerate(outs)]
        (g,) = T.autograd.grad(outs, x, vs, create_graph=True)
        w = _weights(T, g, 1.5)
        hs = T.autograd.grad(g, vs, w)
        return g, _chain(g)[:1], hs  # PyTorch's as_strided double backward goes on through CopySlices
    check(fn)


@pytest.mark.parametrize("index", [(1, slice(1, None)), ([0, 0, 2],), (slice(None), None, [1, 1])], ids=str)
def test_getitem_second_derivative(index):
    values = sample((3, 4), "float64", seed=8)

    def fn(T):
        x = T.tensor(values, requires_grad=True)
        y = x[index]
        v = _weights(T, y, 0.5).requires_grad_()
        (g,) = T.autograd.grad(y, x, v, create_graph=True)
        (h,) = T.autograd.grad(g, v, _weights(T, g, 1.0))
        return g, _chain(g), h
    check(fn)


def test_second_derivative_through_product():
    values = sample((3, 3), "float64", seed=9)

    def fn(T):
        x = T.tensor(values, requires_grad=True)
        y = x.t() * x[[2, 0, 1]].flip(1)
        (g,) = T.autograd.grad(y, x, T.ones(3, 3), create_graph=True)
        g.backward(_weights(T, g, 0.0))
        return g, x.grad
    check(fn)
