import { assetPath } from '../util/paths';

/**
 * What the shipped network expects and emits. These mirror tools/ocr-model/common.py; a
 * change on either side needs the other and a retrained model.
 */
export const CHARSET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** CTC blank is class 0; CHARSET[i] is class i + 1. */
export const NUM_CLASSES = CHARSET.length + 1;
/** The shipped models' input height; a reader takes its members' own (engine.ts). */
export const INPUT_H = 32;
export const INPUT_W = 128;
/** Contrast floor of the per-image standardisation, in 0..255 grey levels. */
export const STD_FLOOR = 2;
export const INPUT_NAME = 'input';
export const OUTPUT_NAME = 'logprobs';

/**
 * The shipped reader's member models, first member first: the same network and training
 * recipe with different seeds (assets/models/MODEL_CARD.md).
 */
export const MODEL_FILES = ['plate-ocr.onnx', 'plate-ocr-2.onnx'] as const;

export function defaultModelPaths(): string[] {
  return MODEL_FILES.map((f) => assetPath('models', f));
}

/** The member files a reader option names: the shipped set when none, a single file, or a list. */
export function modelPaths(option: string | readonly string[] | undefined): string[] {
  const paths = option === undefined ? defaultModelPaths() : typeof option === 'string' ? [option] : [...option];
  if (paths.length === 0) throw new Error('the plate reader needs at least one model file');
  return paths;
}

/** The plate as the model spells it: upper case, letters and digits only. */
export function normalizePlate(text: string): string {
  return text.toUpperCase().replace(/[^0-9A-Z]/g, '');
}
