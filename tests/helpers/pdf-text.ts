/**
 * Reads a PDF back for tests: its pages and the text each shows, in drawing order. Loads the
 * file with pdf-lib (so it must parse as a PDF), inflates each page's content streams and
 * decodes the strings of its text operators (hex `<...> Tj` and literal `(...) Tj`), as a
 * PDF text tool does for simple standard-font text.
 */
import { PDFArray, PDFDocument, PDFRawStream, PDFStream, decodePDFRawStream, type PDFObject } from 'pdf-lib';

export interface PdfText {
  pageCount: number;
  /** Per page, each shown string. */
  pages: string[][];
  title: string | undefined;
  author: string | undefined;
  /** Width and height of each page, in points. */
  sizes: [number, number][];
}

function streamBytes(obj: PDFObject | undefined): Uint8Array[] {
  if (obj instanceof PDFRawStream) return [decodePDFRawStream(obj).decode()];
  if (obj instanceof PDFStream) return [obj.getContents()];
  return [];
}

export async function readPdf(bytes: Uint8Array): Promise<PdfText> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const pages = doc.getPages().map((page) => {
    const contents = page.node.Contents();
    const parts =
      contents instanceof PDFArray
        ? contents.asArray().flatMap((ref) => streamBytes(doc.context.lookup(ref)))
        : streamBytes(contents instanceof PDFStream ? contents : undefined);
    const text = Buffer.concat(parts.map((p) => Buffer.from(p))).toString('latin1');
    const shown: string[] = [];
    for (const m of text.matchAll(/<([0-9A-Fa-f]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g)) {
      shown.push(m[1] !== undefined ? Buffer.from(m[1], 'hex').toString('latin1') : m[2]!.replace(/\\(.)/g, '$1'));
    }
    return shown;
  });
  return {
    pageCount: doc.getPageCount(),
    pages,
    title: doc.getTitle(),
    author: doc.getAuthor(),
    sizes: doc.getPages().map((p) => [p.getWidth(), p.getHeight()] as [number, number]),
  };
}
