"""``python -m ember script.py``: the seed tutorial and the tour print what PyTorch prints."""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = os.path.join(ROOT, "..", "shared", "seed")


def run(args, cwd=ROOT):
    done = subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def arbitrary_lines(lines):
    """Indices of lines whose values are arbitrary: the version, and what empty/rand/randn printed.

    In the seed's output those three are the only 2-row float matrices printed with a float right after
    `torch.full`'s int block, and after the arange line; they are found by position, not by value.
    """
    skip = {0}
    full = lines.index("tensor([[2, 2, 2],")
    skip.update({full + 2, full + 3})  # torch.empty(2, 3)
    arange = lines.index("tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])")
    skip.update(range(arange + 1, arange + 5))  # torch.rand(2, 2), torch.randn(2, 2)
    return skip


def test_seed_tutorial_prints_what_pytorch_prints():
    with open(os.path.join(SEED, "reference_output_torch_2.13.txt")) as f:
        expected = f.read().splitlines()
    got = run(["-m", "ember", os.path.join(SEED, "seed_tutorial.py")], cwd=SEED)
    assert len(got) == len(expected)
    skip = arbitrary_lines(expected)
    for i, (g, e) in enumerate(zip(got, expected)):
        if i in skip:
            assert g.lstrip().startswith(("tensor([[", "[")) or i == 0, f"line {i + 1}: {g!r}"
            continue
        assert g == e, f"line {i + 1}: {g!r} != {e!r}"


def test_tour_prints_what_pytorch_prints():
    tour = os.path.join(ROOT, "examples", "tensor_tour.py")
    torch_out = run([tour])
    ember_out = run(["-m", "ember", tour])
    assert ember_out[1:] == torch_out[1:]  # the first line is the version


def test_runner_passes_arguments_and_aliases_torch(tmp_path):
    script = tmp_path / "script.py"
    script.write_text("import sys, torch\nprint(torch.__name__, sys.argv[1:], torch.tensor([1]).dtype)\n")
    assert run(["-m", "ember", str(script), "a", "--b"]) == ["ember ['a', '--b'] torch.int64"]


def test_runner_without_script_prints_usage():
    done = subprocess.run([sys.executable, "-m", "ember"], capture_output=True, text=True)
    assert done.returncode == 2 and "usage" in done.stderr


@pytest.mark.parametrize("module", ["torch.cuda", "torch.autograd"])
def test_runner_aliases_submodules(tmp_path, module):
    script = tmp_path / "script.py"
    script.write_text(f"import {module}\nimport torch\nprint({module}.__name__)\n")
    assert run(["-m", "ember", str(script)]) == [f"ember.{module.split('.')[1]}"]
