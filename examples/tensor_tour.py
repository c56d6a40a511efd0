"""A tour of the tensor API. Run it with PyTorch (`python examples/tensor_tour.py`) or with Ember
(`python -m ember examples/tensor_tour.py`): apart from the version line, both print the same text."""
import numpy as np
import torch

print("running on", torch.__version__)

# --- Making tensors -------------------------------------------------------------------------
rows = [[1, 2], [3, 4]]
from_list = torch.tensor(rows)
print("from a list:", from_list, from_list.dtype)
print("floats take the default dtype:", torch.tensor([0.5, 1.5]).dtype)

# A copy never shares memory with its source; as_tensor and from_numpy do.
array = np.array(rows)
copied = torch.tensor(array)
shared = torch.from_numpy(array)
copied[0, 0] = -1
shared[1, 1] = 40
print("the array after writing through both:\n", array)
print("back to NumPy shares too:", shared.numpy() is not None, np.shares_memory(shared.numpy(), array))

print(torch.ones(2, 3))
print(torch.zeros(2, 3, dtype=torch.int32))
print(torch.full((2, 3), 7))
print(torch.full((2, 2), 0.25))
print(torch.eye(3))
print(torch.arange(5), torch.arange(1, 2, 0.25))
print(torch.linspace(0, 1, steps=5))

# The same seed gives the same "random" numbers as PyTorch.
torch.manual_seed(0)
print(torch.rand(2, 3))
print(torch.randn(2, 3))

# --- What a tensor knows about itself -------------------------------------------------------
grid = torch.arange(12, dtype=torch.float32).reshape(3, 4)
print(f"shape: {grid.shape}, dtype: {grid.dtype}, device: {grid.device}")
print("strides:", grid.stride(), "contiguous:", grid.is_contiguous(), "elements:", grid.numel())
as_ints = grid.reshape(4, 3).int()
print(as_ints.shape, as_ints.dtype)
if torch.cuda.is_available():
    as_ints = as_ints.to("cuda")
print("still on", as_ints.device)

# --- Indexing and slicing: views share memory -----------------------------------------------
print(grid[1], grid[0, -1], grid[1:-1], grid[:2, 2:])
column = grid[:, 1]
print("a column is a view:", column, column.stride(), column.storage_offset())
grid[:, 1] = 0
print("after writing zeros into the column:\n", grid)
print("mask:", grid[grid > 5])
print("fancy:", grid[[0, 2], [1, 3]])

# --- Rearranging dims ------------------------------------------------------------------------
cube = torch.arange(16).reshape(2, 2, 4)
print(cube, cube.shape)
print(cube.transpose(1, 2), cube.transpose(1, 2).stride())
print(cube.permute(2, 0, 1).shape, cube.unsqueeze(0).stride(), cube.flatten(1).shape)

# --- Arithmetic ------------------------------------------------------------------------------
x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
y = torch.tensor([[0.5, -1.0], [2.0, 8.0]])
print(torch.add(x, y), torch.subtract(x, y), torch.multiply(x, y), torch.divide(x, y))
print(torch.matmul(x, y))
print(x + y, x - y, x * y, x / y, x @ y)
print(x ** 2, x // 3, x % 3, -x)
print("broadcasting:", x + torch.tensor([10.0, 20.0]))
print("promotion:", (torch.tensor([1, 2]) + 0.5).dtype, (torch.tensor([1], dtype=torch.int8) + 1000).dtype)
print("comparisons:", x > 2, torch.equal(x, x.clone()))

# In-place ops end in an underscore and keep the same tensor.
before = id(x)
x.add_(y)
x += 1
print(x, id(x) == before)

# --- Reductions ------------------------------------------------------------------------------
z = torch.arange(1, 11).reshape(2, 5)
print(torch.sum(z, axis=0), torch.sum(z, axis=1), torch.sum(z, dim=-1, keepdim=True))
print(z.float().mean(), z.max(), z.max(dim=1), z.argmin(dim=0))

# --- Copies ----------------------------------------------------------------------------------
source = torch.arange(24).reshape(4, 6)
copy = source.clone().detach()
copy[0, 0] = 100
print(source[0, 0], copy[0, 0], copy.data_ptr() != source.data_ptr())
print(f"a 0-d tensor formats like a number: {torch.tensor(3.14159):.3f}")
