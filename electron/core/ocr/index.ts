// Second, independent reading of plate images: the public surface of electron/core/ocr.
export { PlateReader } from './reader';
export { PlateOcr, type PlateRead, type EngineOptions } from './engine';
export { OcrImageError, MAX_IMAGE_BYTES, type OcrImage } from './image';
export type { Agreement, MisreadPosition } from './agreement';
export type { DecodedChar } from './ctc';
