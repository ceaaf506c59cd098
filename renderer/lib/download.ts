/**
 * Saves a file through the browser's download (Electron asks where to save it): CSV text or a
 * PDF's bytes, as the core's export calls answer them.
 */
export function saveFile(fileName: string, mime: string, content: string | Uint8Array): void {
  // Copy bytes into a fresh ArrayBuffer-backed view: BlobPart will not take a view over a
  // SharedArrayBuffer, and the copy detaches the Blob from the caller's buffer.
  const part = typeof content === 'string' ? content : new Uint8Array(content);
  const url = URL.createObjectURL(new Blob([part], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** An exported report (`text` for CSV, `data` for PDF bytes), saved under its own name. */
export function saveExport(out: { fileName: string; mime: string; text?: string; data?: Uint8Array }): void {
  saveFile(out.fileName, out.mime, out.text ?? out.data ?? '');
}
