"""The content alignment self-paced notebook runs from its example and draws its four charts as images."""
from __future__ import annotations

import pytest

from tests.notebooks.test_self_paced_charts import test_charts_are_shown_as_images as run_and_count_images

pytestmark = pytest.mark.notebook


def test_content_alignment_charts_are_shown_as_images(tmp_path, monkeypatch):
    run_and_count_images("content-alignment", 4, tmp_path, monkeypatch)
