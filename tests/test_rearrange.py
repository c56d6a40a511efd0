"""Rearranging copies (flip, roll, rot90, repeat, repeat_interleave, tile), broadcasting, combinations, vander and
batched tril/triu against PyTorch."""
import pytest

from oracle import DTYPE_NAMES, LAYOUTS, SHAPES, check, sample

SHAPES3 = SHAPES + [(4, 3, 2)]


def data(T, shape, dtype="float32", layout=LAYOUTS[0], seed=0):
    return layout(T, sample(shape, dtype, seed), dtype)


def some_dims(shape):
    """Dim arguments worth trying on a tensor of ``shape``: none, one, negative, several, out of range."""
    n = len(shape)
    dims = [(), (0,), (-1,), (n,)]
    if n >= 2:
        dims += [(0, -1), (1, 0)]
    return dims


@pytest.mark.parametrize("layout", LAYOUTS)
def test_flip(layout):
    for shape in SHAPES3:
        x = lambda T: data(T, shape, "int32", layout)
        for dims in some_dims(shape):
            check(lambda T: T.flip(x(T), dims), match_message=True)
            check(lambda T: x(T).flip(list(dims)), match_message=True)
            if dims:
                check(lambda T: x(T).flip(*dims), match_message=True)
        check(lambda T: T.fliplr(x(T)), match_message=True)
        check(lambda T: x(T).flipud(), match_message=True)
    for dtype in DTYPE_NAMES:
        check(lambda T: data(T, (4, 3, 2), dtype, layout).flip(0, -1))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_roll(layout):
    for shape in SHAPES3:
        n = len(shape)
        x = lambda T: data(T, shape, "int64", layout)
        for shifts, dims in [(1, None), (-7, None), ((2,), None), ((1, 2), None), (1, 0), (-1, -1), (5, n),
                             ((1, -2), (0, -1)), ((1, 1), (0, 0)), ((1,), (0, 1)), ((), ())]:
            check(lambda T: T.roll(x(T), shifts, dims), match_message=True)
            check(lambda T: x(T).roll(shifts=shifts, dims=dims), match_message=True)
    for dtype in DTYPE_NAMES:
        check(lambda T: data(T, (4, 3, 2), dtype, layout).roll((1, -1), (0, 2)))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_rot90(layout):
    for shape in [(), (5,), (2, 3), (3, 0), (2, 3, 4), (1, 4, 1)]:
        x = lambda T: data(T, shape, "float64", layout)
        for k in range(-5, 6):
            check(lambda T: T.rot90(x(T), k), match_message=True)
        for dims in [[0, -1], [-1, 0], [1, 2], [0, 0], [0, -3], [0, 5], [0], [0, 1, 2]]:
            check(lambda T: x(T).rot90(1, dims), match_message=True)
            check(lambda T: T.rot90(x(T), 3, dims), match_message=True)
    for dtype in DTYPE_NAMES:
        check(lambda T: T.rot90(data(T, (2, 3), dtype, layout), 1))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_repeat_and_tile(layout):
    for shape in SHAPES:
        x = lambda T: data(T, shape, "float32", layout)
        for reps in [(), (2,), (1, 2), (2, 1, 3), (0, 2, 1), (1, 1, 1, 2), (-1, 2, 2)]:
            check(lambda T: x(T).repeat(*reps) if reps else x(T).repeat(reps), match_message=True)
            check(lambda T: T.tile(x(T), reps), match_message=True)
            check(lambda T: x(T).tile(list(reps)), match_message=True)
            if reps:
                check(lambda T: x(T).tile(*reps), match_message=True)
    for dtype in DTYPE_NAMES:
        check(lambda T: data(T, (2, 3), dtype, layout).repeat(2, 1, 2))
        check(lambda T: data(T, (2, 3), dtype, layout).tile((2,)))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_repeat_interleave(layout):
    for shape in [(), (0,), (3, 0), (4, 3, 2)]:
        n = len(shape)
        x = lambda T: data(T, shape, "float32", layout)
        size = lambda d: shape[d] if shape else 1
        for dim in [None, 0, -1, n]:
            for repeats in [0, 2, -1]:
                check(lambda T: T.repeat_interleave(x(T), repeats, dim), match_message=True)
            check(lambda T: x(T).repeat_interleave(T.tensor(2), dim=dim), match_message=True)
            check(lambda T: x(T).repeat_interleave(T.tensor([3]), dim), match_message=True)
            if dim is not None and shape and -n <= dim < n:
                counts = [i % 3 for i in range(size(dim))]
                check(lambda T: x(T).repeat_interleave(T.tensor(counts), dim), match_message=True)
                check(lambda T: x(T).repeat_interleave(T.tensor(counts, dtype=T.int32), dim), match_message=True)
                check(lambda T: x(T).repeat_interleave(T.tensor(counts + [1]), dim), match_message=True)
                check(lambda T: x(T).repeat_interleave(2, dim, output_size=2 * size(dim)), match_message=True)
                check(lambda T: x(T).repeat_interleave(2, dim, output_size=2 * size(dim) + 1), match_message=True)
                check(lambda T: x(T).repeat_interleave(T.tensor(counts), dim, output_size=sum(counts)),
                      match_message=True)
    for dtype in DTYPE_NAMES:
        check(lambda T: data(T, (2, 3), dtype, layout).repeat_interleave(T.tensor([1, 0, 2]), 1))


def test_repeat_interleave_of_counts():
    for counts, dtype in [([1, 0, 2], "int64"), ([3, 1], "int32"), ([], "int64"), ([[1, 2]], "int64"),
                          ([1, -1], "int64"), ([1, 2], "float32"), ([1, 2], "uint8"), (2, "int64")]:
        check(lambda T: T.repeat_interleave(T.tensor(counts, dtype=getattr(T, dtype))), match_message=True)
    check(lambda T: T.repeat_interleave(T.tensor([1, 2]), output_size=3))
    check(lambda T: T.repeat_interleave(T.tensor([1, 2]), output_size=4), match_message=True)
    check(lambda T: T.repeat_interleave(T.arange(6).reshape(2, 3)[:, ::2]))
    check(lambda T: T.repeat_interleave(T.tensor([[1, 2]]), T.tensor([1, 2]), 1))
    check(lambda T: T.repeat_interleave(T.ones(2), T.ones(2, 2, dtype=T.long), 0), match_message=True)
    check(lambda T: T.repeat_interleave(T.ones(2), T.tensor([-1, 1]), 0), match_message=True)
    check(lambda T: T.repeat_interleave(T.ones(2, 3), T.tensor([1, 2])), match_message=True)
    check(lambda T: T.repeat_interleave(T.ones(2, 3), T.tensor([1, 2]), -1), match_message=True)


def test_broadcast_tensors():
    for shapes in [[(2, 3, 4), (4,)], [(3, 1), (1, 4), ()], [(2, 1), (2, 0)], [(5,)], [(), ()], [(3,), (1,), (2,)],
                   [(2, 3, 4), (2,)], []]:
        for layout in LAYOUTS:
            check(lambda T: T.broadcast_tensors(*[data(T, s, "float64", layout, i) for i, s in enumerate(shapes)]),
                  match_message=True)
    check(lambda T: T.broadcast_tensors(T.tensor([1, 2]), T.tensor([[True], [False]])))
    check(lambda T: T.broadcast_tensors([T.ones(2)]), match_message=True)


def test_broadcast_shapes():
    for shapes in [[(2, 1), (3,)], [2, (3, 1)], [], [(2,), (3,)], [(2, 3), (4, 1), (3,)], [(-1,), (3,)],
                   [(0, 1), (1, 4)], [(0,), (1,)], [[1, 4], (2, 1)], [(1,), (-1,)], [None, (2,)], [(5, 1, 3), (4, 1)]]:
        check(lambda T: T.broadcast_shapes(*shapes), match_message=True)
    check(lambda T: T.broadcast_shapes(T.Size([2, 1]), [1, 4]))
    check(lambda T: T.broadcast_shapes(T.tensor([2, 3])), match_message=True)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_combinations(dtype):
    for shape in [(0,), (4,), (), (2, 2)]:
        for layout in LAYOUTS[::2]:
            x = lambda T: data(T, shape, dtype, layout)
            for r in [0, 1, 3, 5, -1]:
                for with_replacement in (False, True):
                    check(lambda T: T.combinations(x(T), r, with_replacement), match_message=True)
            check(lambda T: T.combinations(x(T)), match_message=True)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_vander(dtype):
    for shape in [(0,), (1,), (4,), (), (2, 2)]:
        for layout in LAYOUTS[::2]:
            x = lambda T: data(T, shape, dtype, layout)
            for n in [None, 0, 1, 6, -1]:
                check(lambda T: T.vander(x(T), n), match_message=True)
                check(lambda T: T.vander(x(T), N=n, increasing=True), match_message=True)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_tril_triu_batched(layout):
    for shape in [(2, 3, 4), (3, 2, 2, 5), (0, 3, 4), (4, 3, 1)]:
        for diagonal in (-1, 2):
            x = lambda T: data(T, shape, "float32", layout)
            check(lambda T: T.tril(x(T), diagonal))
            check(lambda T: x(T).triu(diagonal))
            check(lambda T: x(T).tril_(diagonal))
            check(lambda T: x(T).triu_(diagonal=diagonal))
            check(lambda T: T.triu(x(T), diagonal, out=T.empty(0)))
    # in place on an expanded (self-overlapping) tensor: PyTorch writes the zeros through the shared memory
    check(lambda T: T.tensor([[1.0], [2.0], [3.0]]).expand(3, 3).tril_())
    check(lambda T: T.tensor([[[1.0], [2.0]]]).expand(2, 2, 4).triu_(-1))


def test_bad_arguments():
    x = lambda T: T.arange(24.).reshape(2, 3, 4)
    check(lambda T: T.flip(x(T), 0), match_message=True)
    check(lambda T: T.flip(x(T), (0, 0)), match_message=True)
    check(lambda T: T.flip(x(T), [0.5]), match_message=True)
    check(lambda T: x(T).flip(), match_message=True)
    check(lambda T: T.fliplr(T.ones(3)), match_message=True)
    check(lambda T: T.flipud(T.tensor(1.0)), match_message=True)
    check(lambda T: T.roll(x(T), 1.5, 0), match_message=True)
    check(lambda T: T.tensor(2.0).roll(1, 0), match_message=True)
    check(lambda T: T.empty(0, 3).roll(1, 5))
    check(lambda T: x(T).repeat(), match_message=True)
    check(lambda T: x(T).repeat(2, 2), match_message=True)
    check(lambda T: T.tile(x(T), 2), match_message=True)
    check(lambda T: T.tensor(3.0).repeat_interleave(2, 0), match_message=True)
    check(lambda T: T.tensor(3.0).repeat_interleave(T.tensor([2]), -1), match_message=True)
    check(lambda T: T.combinations(T.tensor([1, 2]), r=2.5), match_message=True)
    check(lambda T: T.rot90(x(T), k=1.5), match_message=True)
    check(lambda T: T.vander(T.arange(4), N=2.5), match_message=True)
    check(lambda T: x(T).tile(dims=(2,)))
    check(lambda T: x(T).repeat_interleave())
    check(lambda T: T.repeat_interleave(T.tensor([1, 2]), dim=0))
    check(lambda T: x(T).repeat_interleave([1, 2], 1))
