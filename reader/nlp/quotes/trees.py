"""Gradient-boosted trees as plain arrays, evaluated with numpy: the model file holds no pickle and
the reader needs no LightGBM (training does)."""

from __future__ import annotations

from typing import Any

import numpy as np


class Trees:
    """Gradient-boosted trees as flat arrays (from LightGBM's ``dump_model``), evaluated with numpy."""

    BATCH = 512  # rows scored at once: bounded memory, and short steps for the GUI thread's sake

    def __init__(self, data: dict[str, Any]):
        self.feature = np.asarray(data["feature"], dtype=np.int32)
        self.threshold = np.asarray(data["threshold"], dtype=np.float64)
        self.left = np.asarray(data["left"], dtype=np.int32)
        self.right = np.asarray(data["right"], dtype=np.int32)
        self.value = np.asarray(data["value"], dtype=np.float64)
        self.roots = np.asarray(data["roots"], dtype=np.int32)
        self.child = np.stack([self.right, self.left], axis=1).ravel()  # [2 * node + goes left]
        self.depth = int(data["depth"])
        self._feature = self.feature.astype(np.intp)  # index arrays in the platform's index type
        self._child = self.child.astype(np.intp)

    @staticmethod
    def from_lightgbm(dump: dict[str, Any]) -> dict[str, Any]:
        """The flat arrays of a LightGBM model dump (numerical ``<=`` splits, no missing values)."""
        feature: list[int] = []
        threshold: list[float] = []
        left: list[int] = []
        right: list[int] = []
        value: list[float] = []
        roots: list[int] = []
        depth = 0

        def add(node: dict[str, Any], level: int) -> int:
            nonlocal depth
            depth = max(depth, level)
            k = len(feature)
            feature.append(0)
            threshold.append(0.0)
            left.append(k)
            right.append(k)
            value.append(float(node.get("leaf_value", 0.0)))
            if "split_feature" in node:
                if node.get("decision_type", "<=") != "<=" or node.get("missing_type", "None") != "None":
                    raise ValueError("only numerical splits without missing values are supported")
                feature[k] = int(node["split_feature"])
                threshold[k] = float(node["threshold"])
                left[k] = add(node["left_child"], level + 1)
                right[k] = add(node["right_child"], level + 1)
            return k

        for tree in dump["tree_info"]:
            roots.append(add(tree["tree_structure"], 0))
        return {
            "feature": feature,
            "threshold": threshold,
            "left": left,
            "right": right,
            "value": value,
            "roots": roots,
            "depth": depth,
        }

    def predict(self, x: np.ndarray) -> np.ndarray:
        """The sigmoid of the trees' summed leaves for the rows of ``x``: probabilities for the
        quote trees (binary objective), an order-keeping score for the speaker trees (ranking)."""
        if len(x) > self.BATCH:
            return np.concatenate([self.predict(x[i : i + self.BATCH]) for i in range(0, len(x), self.BATCH)])
        if len(x) == 0:
            return np.zeros(0)
        x = np.ascontiguousarray(x, dtype=np.float64)
        flat = x.ravel()
        base = (np.arange(len(x), dtype=np.intp) * x.shape[1])[:, None]
        node = np.empty((len(x), len(self.roots)), dtype=np.intp)
        node[:] = self.roots
        # np.take with in-place steps: the same walk as fancy indexing, without its temporaries
        for _ in range(self.depth):  # a leaf is its own child: rows that reached one stay there
            at = np.take(self._feature, node)
            at += base
            go_left = np.take(flat, at) <= np.take(self.threshold, node)
            node *= 2
            node += go_left
            node = np.take(self._child, node)
        raw = np.take(self.value, node).sum(axis=1)
        return np.asarray(1.0 / (1.0 + np.exp(-raw)))
