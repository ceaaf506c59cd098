"""Writes two tiny ONNX files for tests/unit/ocr-engine-shape.test.ts (untrained weights; only
their input and output shapes matter):

- fixtures/reader-48rows.onnx: a plate reader's contract at 48 input rows ([n, 1, 48, 128] in,
  [n, 32, 37] log-probabilities out), as `train.py --input-h 48` exports;
- fixtures/not-a-reader.onnx: an image classifier's shape ([n, 3, 8, 8] in), which the
  reader must refuse to open.

    /usr/bin/python3 tools/ocr-model/make_shape_fixtures.py
"""
import os

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))


class Rows48(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 37, (48, 4), stride=(1, 4))  # -> n x 37 x 1 x 32

    def forward(self, x):
        return torch.log_softmax(self.conv(x).squeeze(2).permute(0, 2, 1), dim=-1)


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3 * 8 * 8, 2)

    def forward(self, x):
        return self.fc(x.flatten(1))


def main():
    torch.manual_seed(0)
    for model, shape, name in ((Rows48(), (1, 1, 48, 128), "reader-48rows.onnx"),
                               (Classifier(), (1, 3, 8, 8), "not-a-reader.onnx")):
        torch.onnx.export(model.eval(), torch.zeros(*shape), os.path.join(HERE, "fixtures", name),
                          input_names=["input"], output_names=["logprobs"],
                          dynamic_axes={"input": {0: "n"}, "logprobs": {0: "n"}}, opset_version=13)


if __name__ == "__main__":
    main()
