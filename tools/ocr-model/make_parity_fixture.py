"""Writes fixtures/preprocess-parity.json: a PNG crop and the network input training computes
for it, so tests/unit/ocr-preprocess.test.ts can hold the product's preprocessing to it.

    /usr/bin/python3 tools/ocr-model/make_parity_fixture.py
"""
import base64
import io
import json
import os
import sys

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from common import INPUT_H, INPUT_W, STD_FLOOR, preprocess_rgb, resize_gray, to_gray  # noqa: E402


def main():
    rng = np.random.default_rng(3)
    cases = []
    # odd sizes on both sides of 32x128: downscaling in both axes, upscaling in both, and mixed
    for (w, h) in [(203, 71), (61, 29), (150, 20)]:
        yy, xx = np.mgrid[0:h, 0:w]
        rgb = np.stack([(xx * 255 // w), (yy * 255 // h), ((xx + yy) % 37) * 6], axis=-1)
        rgb = np.clip(rgb + rng.integers(-12, 12, rgb.shape), 0, 255).astype(np.uint8)
        buf = io.BytesIO()
        Image.fromarray(rgb).save(buf, format="PNG")
        resized = resize_gray(to_gray(rgb))
        x = preprocess_rgb(rgb)[0]
        cases.append({
            "width": w, "height": h,
            "png": base64.b64encode(buf.getvalue()).decode(),
            "brightness": float(resized.mean()), "contrast": float(resized.std()),
            "input": [round(float(v), 4) for v in x.reshape(-1)],
        })
    out = {"inputH": INPUT_H, "inputW": INPUT_W, "stdFloor": STD_FLOOR, "cases": cases}
    with open(os.path.join(HERE, "fixtures", "preprocess-parity.json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
