"""Export weights saved by `train.py --weights-out` (an .npz of the state dict, e.g. from a GPU
run) to ONNX with this machine's exporter, the same one the CPU run uses:

    /usr/bin/python3 tools/ocr-model/export_weights.py W.npz OUT.onnx [--width 0.75 --hidden 128 --dilations 1,2]
"""
import argparse
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import PlateCRNN  # noqa: E402
from train import export_onnx  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("weights")
    ap.add_argument("out")
    ap.add_argument("--width", type=float, default=0.75)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--dilations", default="1,2")
    args = ap.parse_args()
    model = PlateCRNN(width=args.width, hidden=args.hidden,
                      dilations=tuple(int(d) for d in args.dilations.split(",")))
    data = np.load(args.weights)
    model.load_state_dict({k: torch.from_numpy(np.array(data[k])) for k in data.files})
    export_onnx(model.eval(), args.out)
    print(f"{args.out}: {os.path.getsize(args.out)} bytes")


if __name__ == "__main__":
    main()
