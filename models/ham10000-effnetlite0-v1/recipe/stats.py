"""Metrics in plain numpy (no scikit-learn): AUC, ECE, balanced accuracy, F1, selective accuracy."""

from __future__ import annotations

import itertools

import numpy as np


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = logits.astype(np.float64) / temperature
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def recall_per_class(y: np.ndarray, pred: np.ndarray, k: int) -> np.ndarray:
    return np.array([(pred[y == c] == c).mean() if (y == c).any() else np.nan for c in range(k)])


def balanced_accuracy(y: np.ndarray, pred: np.ndarray, k: int) -> float:
    return float(np.nanmean(recall_per_class(y, pred, k)))


def f1_per_class(y: np.ndarray, pred: np.ndarray, k: int) -> np.ndarray:
    out = []
    for c in range(k):
        tp = float(((pred == c) & (y == c)).sum())
        fp = float(((pred == c) & (y != c)).sum())
        fn = float(((pred != c) & (y == c)).sum())
        out.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn > 0 else np.nan)
    return np.array(out)


def roc_auc(positive: np.ndarray, score: np.ndarray) -> float:
    """Area under the ROC curve = Mann-Whitney U / (n+ n-), ties counted half (average ranks)."""
    positive = positive.astype(bool)
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    order = np.argsort(score, kind="mergesort")
    sorted_scores = score[order]
    ranks = np.empty(len(score), dtype=np.float64)
    i = 0
    while i < len(score):
        j = i
        while j + 1 < len(score) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    u = ranks[positive].sum() - n_pos * (n_pos + 1) / 2
    return float(u / (n_pos * n_neg))


def macro_auc_ovr(y: np.ndarray, prob: np.ndarray) -> float:
    return float(np.nanmean([roc_auc(y == c, prob[:, c]) for c in range(prob.shape[1])]))


def ece(y: np.ndarray, prob: np.ndarray, bins: int = 15) -> float:
    """Top-label expected calibration error with equal-width confidence bins."""
    conf = prob.max(1)
    correct = prob.argmax(1) == y
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for lo, hi in itertools.pairwise(edges):
        sel = (conf > lo) & (conf <= hi)
        if sel.any():
            total += sel.mean() * abs(correct[sel].mean() - conf[sel].mean())
    return float(total)


def selective_accuracy(y: np.ndarray, prob: np.ndarray, coverage: float = 0.8) -> float:
    """Accuracy on the ``coverage`` fraction of cases with the highest top-1 probability."""
    n_keep = round(coverage * len(y))
    keep = np.argsort(-prob.max(1), kind="mergesort")[:n_keep]
    return float((prob[keep].argmax(1) == y[keep]).mean())
