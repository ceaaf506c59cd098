"""A small convolutional CTC recogniser: depthwise-separable conv stack -> height collapse ->
dilated 1-D convolutions over the columns -> per-column class log-probabilities.

Sized for well under 1 ms per plate on one CPU core in onnxruntime: 32 output columns (4
input pixels each) leave room for 8-character plates with repeated letters (CTC needs a
blank between repeats). A BiGRU in place of the 1-D convolutions made a training step about
ten times slower on a 2-core CPU and put inference over 1 ms, so the context is convolutional.
"""
import torch
from torch import nn

from common import INPUT_H, NUM_CLASSES


def _sep(cin, cout, stride=1):
    return nn.Sequential(
        nn.Conv2d(cin, cin, 3, stride=stride, padding=1, groups=cin, bias=False),
        nn.BatchNorm2d(cin),
        nn.ReLU(inplace=True),
        nn.Conv2d(cin, cout, 1, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


class PlateCRNN(nn.Module):
    def __init__(self, width=0.75, hidden=128, dilations=(1, 2), dropout=0.1):
        super().__init__()
        c = lambda n: int(round(n * width))
        self.features = nn.Sequential(
            nn.Conv2d(1, c(32), 3, stride=2, padding=1, bias=False),   # 16 x 64
            nn.BatchNorm2d(c(32)),
            nn.ReLU(inplace=True),
            _sep(c(32), c(64)),
            _sep(c(64), c(96), stride=2),          # 8 x 32
            _sep(c(96), c(96)),
            _sep(c(96), c(128), stride=(2, 1)),    # 4 x 32
            _sep(c(128), c(128)),
        )
        feat_h = INPUT_H // 8
        # Collapsing the height with one full-height kernel reads stacked layouts and tall
        # glyphs as a whole; the 1-D convolutions then give each column its neighbours'
        # context, which CTC needs to place blanks between repeated characters.
        self.collapse = nn.Sequential(
            nn.Conv2d(c(128), hidden, (feat_h, 1), bias=False), nn.BatchNorm2d(hidden), nn.ReLU(inplace=True))
        self.context = nn.ModuleList([
            nn.Sequential(nn.Conv1d(hidden, hidden, 3, padding=d, dilation=d, bias=False),
                          nn.BatchNorm1d(hidden), nn.ReLU(inplace=True))
            for d in dilations
        ])
        self.dropout = nn.Dropout(dropout)
        self.classify = nn.Conv1d(hidden, NUM_CLASSES, 1)

    def forward(self, x):
        """x: N x 1 x INPUT_H x 128 normalised grey -> N x 32 x NUM_CLASSES log-probabilities."""
        f = self.collapse(self.features(x)).squeeze(2)   # N x hidden x 32
        for block in self.context:
            f = f + block(f)
        logits = self.classify(self.dropout(f))           # N x classes x 32
        return torch.log_softmax(logits.permute(0, 2, 1), dim=-1)
