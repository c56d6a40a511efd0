"""``python -m ember script.py [args]``: run an unmodified PyTorch script with ``torch`` resolved to Ember."""
import runpy
import sys

import ember

USAGE = "usage: python -m ember script.py [args ...]"


def alias_torch():
    """Make ``import torch`` (and its submodules that Ember has) import Ember."""
    sys.modules["torch"] = ember
    for name, module in list(sys.modules.items()):
        if name.startswith("ember."):
            sys.modules["torch." + name[len("ember."):]] = module


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE, file=sys.stderr)
        return 2
    alias_torch()
    sys.argv = list(argv)
    runpy.run_path(argv[0], run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
