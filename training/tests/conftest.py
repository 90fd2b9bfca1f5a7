import os
import sys

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # see training/train.py

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import torch  # noqa: E402

torch.set_num_threads(2)


@pytest.fixture(scope="session")
def fixture_world(tmp_path_factory):
    from training.fixture import make_world
    d = tmp_path_factory.mktemp("world")
    paths = make_world(str(d))
    return str(d), paths
