import os
import sys

sys.path.insert(0, os.path.dirname(__file__))


def pytest_terminal_summary(terminalreporter):
    """End the run with how much of PyTorch's API Ember implements."""
    from coverage import coverage, summary
    terminalreporter.write_line(summary(coverage()))
