/**
 * Printable table reports as PDF (issue 6 item 4): the audit extract, the shift report, the
 * sharing report. One function, `renderTablePdf`, lays out a table for print:
 * - Letter by default (A4 on request), portrait up to 6 columns and landscape beyond;
 * - a header on every page (agency, title, period) and the column headings repeated;
 * - a footer on every page: "Exported by X at T" and "Page N of M";
 * - long cells wrap (at spaces, or inside a word longer than the column); a row taller than
 *   a page continues on the next one, so nothing is cut off;
 * - notes (filters, totals ...) after the table.
 * Only the PDF standard fonts are used (Helvetica, WinAnsi): nothing to embed, nothing to
 * fetch. A character WinAnsi cannot encode is printed as "?".
 * Pure JS (pdf-lib): runs under plain Node and in Electron's main process alike.
 */
import {
  PDFDocument,
  PageSizes,
  StandardFonts,
  beginText,
  endText,
  fill,
  lineTo,
  moveTo,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingGrayscaleColor,
  setFontAndSize,
  setLineWidth,
  setStrokingGrayscaleColor,
  setTextMatrix,
  showText,
  stroke,
  type PDFFont,
  type PDFName,
  type PDFOperator,
  type PDFPage,
} from 'pdf-lib';

export interface TableColumn {
  header: string;
  /** Relative width (default 1): a column of width 3 gets three times the room of one of width 1. */
  width?: number;
}

export interface TableReport {
  title: string;
  agencyName: string;
  periodFrom: string;
  periodTo: string;
  exportedBy: string;
  exportedAt: string;
  columns: TableColumn[];
  rows: string[][];
  /** Printed after the table: filters used, totals, remarks. */
  notes?: string[];
  /** Default Letter (US agencies). */
  pageSize?: 'letter' | 'a4';
  /** Default: portrait up to 6 columns, landscape beyond. */
  orientation?: 'portrait' | 'landscape';
}

const MARGIN = 36;
const CELL_SIZE = 8;
const CELL_LINE = 10;
const CELL_PAD = 3;
const HEAD_SIZE = 8;
const FOOTER_SIZE = 8;
const BLACK = 0;
const GREY = 0.35;
const RULE = 0.7;
const SHADE = 0.93;

/** Measures and cleans text for one standard font, with per-character widths cached. */
class Metrics {
  private readonly widths = new Map<string, number>();
  private readonly encodable: Set<number>;

  constructor(readonly font: PDFFont, readonly size: number) {
    this.encodable = new Set(font.getCharacterSet());
  }

  /** The text as the font can print it: controls become spaces, unknown characters "?". */
  clean(text: string): string {
    let out = '';
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp === 10) out += '\n';
      else if (cp < 32 || cp === 127) out += ' ';
      else out += this.encodable.has(cp) ? ch : '?';
    }
    return out;
  }

  width(text: string): number {
    let w = 0;
    for (const ch of text) {
      let cw = this.widths.get(ch);
      if (cw === undefined) {
        cw = this.font.widthOfTextAtSize(ch, this.size);
        this.widths.set(ch, cw);
      }
      w += cw;
    }
    return w;
  }

  /** Lines of at most `max` points: breaks at spaces, and inside a word too long for a line. */
  wrap(text: string, max: number): string[] {
    const lines: string[] = [];
    for (const para of this.clean(text).split('\n')) {
      let line = '';
      for (const word of para.split(' ').filter(Boolean)) {
        const candidate = line ? `${line} ${word}` : word;
        if (this.width(candidate) <= max) {
          line = candidate;
          continue;
        }
        if (line) lines.push(line);
        line = '';
        let rest = word;
        while (this.width(rest) > max) {
          let cut = 1;
          while (cut < rest.length && this.width(rest.slice(0, cut + 1)) <= max) cut++;
          lines.push(rest.slice(0, cut));
          rest = rest.slice(cut);
        }
        line = rest;
      }
      lines.push(line);
    }
    return lines;
  }
}

/**
 * One page's drawing, collected and written at the end as one graphics block and one text
 * block: far fewer operators than pdf-lib's drawText per cell (a 10,000-row report in a
 * fraction of the time).
 */
class PageCanvas {
  private readonly shapes: PDFOperator[] = [];
  private readonly texts: PDFOperator[] = [];
  private readonly fontKeys = new Map<PDFFont, PDFName>();
  private font: { key: PDFName; size: number } | null = null;
  private grey = BLACK;

  constructor(readonly page: PDFPage) {}

  fillRect(x: number, y: number, w: number, h: number, grey: number): void {
    this.shapes.push(setFillingGrayscaleColor(grey), rectangle(x, y, w, h), fill());
  }

  line(x1: number, y1: number, x2: number, y2: number, width: number, grey: number): void {
    this.shapes.push(setLineWidth(width), setStrokingGrayscaleColor(grey), moveTo(x1, y1), lineTo(x2, y2), stroke());
  }

  /** `s` must already be clean (Metrics.clean). */
  text(s: string, x: number, y: number, font: PDFFont, size: number, grey = BLACK): void {
    if (!s) return;
    let key = this.fontKeys.get(font);
    if (!key) {
      key = this.page.node.newFontDictionary(font.name, font.ref);
      this.fontKeys.set(font, key);
    }
    if (this.font?.key !== key || this.font.size !== size) {
      this.texts.push(setFontAndSize(key, size));
      this.font = { key, size };
    }
    if (grey !== this.grey) {
      this.texts.push(setFillingGrayscaleColor(grey));
      this.grey = grey;
    }
    this.texts.push(setTextMatrix(1, 0, 0, 1, x, y), showText(font.encodeText(s)));
  }

  finish(): void {
    const ops = [
      pushGraphicsState(),
      ...this.shapes,
      popGraphicsState(),
      pushGraphicsState(),
      beginText(),
      setFillingGrayscaleColor(BLACK),
      ...this.texts,
      endText(),
      popGraphicsState(),
    ];
    // In slices: a spread of a very long page's operators could overflow the argument limit.
    for (let i = 0; i < ops.length; i += 4096) this.page.pushOperators(...ops.slice(i, i + 4096));
  }
}

function pageDimensions(doc: TableReport): [number, number] {
  const [w, h] = doc.pageSize === 'a4' ? PageSizes.A4 : PageSizes.Letter;
  const landscape = doc.orientation ? doc.orientation === 'landscape' : doc.columns.length > 6;
  return landscape ? [h, w] : [w, h];
}

/** Renders `doc` as a PDF; the bytes of the file. Throws on a report with no columns or ragged rows. */
export async function renderTablePdf(doc: TableReport): Promise<Uint8Array> {
  if (doc.columns.length === 0) throw new Error('a table report needs at least one column');
  const ragged = doc.rows.findIndex((r) => r.length !== doc.columns.length);
  if (ragged >= 0) throw new Error(`row ${ragged + 1} has ${doc.rows[ragged]!.length} cells for ${doc.columns.length} columns`);

  const pdf = await PDFDocument.create({ updateMetadata: false });
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const cell = new Metrics(regular, CELL_SIZE);
  const head = new Metrics(bold, HEAD_SIZE);
  const titleFont = new Metrics(bold, 14);
  const exported = new Date(doc.exportedAt);
  pdf.setTitle(cell.clean(`${doc.title}: ${doc.agencyName}`));
  pdf.setAuthor(cell.clean(doc.exportedBy));
  pdf.setSubject(cell.clean(`${doc.title}, ${doc.periodFrom} to ${doc.periodTo}`));
  pdf.setCreator('ALPR Hit Console');
  pdf.setProducer('ALPR Hit Console (pdf-lib)');
  if (!Number.isNaN(exported.getTime())) {
    pdf.setCreationDate(exported);
    pdf.setModificationDate(exported);
  }

  const [pageW, pageH] = pageDimensions(doc);
  const tableW = pageW - 2 * MARGIN;
  const weights = doc.columns.map((c) => (c.width && c.width > 0 ? c.width : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const colW = weights.map((w) => (tableW * w) / total);
  const colX = colW.map((_, i) => MARGIN + colW.slice(0, i).reduce((a, b) => a + b, 0));
  const textW = colW.map((w) => Math.max(w - 2 * CELL_PAD, 4));
  const headLines = doc.columns.map((c, i) => head.wrap(c.header, textW[i]!));
  const headH = Math.max(...headLines.map((l) => l.length)) * CELL_LINE + 2 * CELL_PAD;
  const bottom = MARGIN + 2 * FOOTER_SIZE + 6;

  const pages: PageCanvas[] = [];
  let page!: PageCanvas;
  let y = 0;

  const newPage = () => {
    page = new PageCanvas(pdf.addPage([pageW, pageH]));
    pages.push(page);
    let top = pageH - MARGIN;
    page.text(cell.clean(doc.agencyName), MARGIN, top - 11, bold, 11);
    top -= 14;
    for (const line of titleFont.wrap(doc.title, tableW).slice(0, 2)) {
      page.text(line, MARGIN, top - 14, bold, 14);
      top -= 17;
    }
    page.text(cell.clean(`Period: ${doc.periodFrom} to ${doc.periodTo}`), MARGIN, top - 9, regular, 9, GREY);
    top -= 16;
    page.fillRect(MARGIN, top - headH, tableW, headH, SHADE);
    headLines.forEach((lines, i) => lines.forEach((l, n) => page.text(l, colX[i]! + CELL_PAD, top - CELL_PAD - (n + 1) * CELL_LINE + 2, bold, HEAD_SIZE)));
    y = top - headH;
    page.line(MARGIN, y, MARGIN + tableW, y, 0.8, GREY);
  };

  newPage();
  const bodyLines = Math.floor((y - bottom - 2 * CELL_PAD) / CELL_LINE);
  if (doc.rows.length === 0) {
    page.text('No records match.', MARGIN + CELL_PAD, y - CELL_PAD - CELL_LINE + 2, regular, CELL_SIZE, GREY);
    y -= CELL_LINE + 2 * CELL_PAD;
  }
  doc.rows.forEach((row, r) => {
    const lines = row.map((v, i) => cell.wrap(v ?? '', textW[i]!));
    const height = Math.max(...lines.map((l) => l.length));
    let from = 0;
    while (from < height) {
      let room = Math.floor((y - bottom - 2 * CELL_PAD) / CELL_LINE);
      const rest = height - from;
      // Start a row on a fresh page when it fits there but not here; a row taller than a page
      // is split, but never leaves fewer than 3 of its lines at the foot of a page.
      if (rest > room && (rest <= bodyLines || room < 3)) {
        newPage();
        room = bodyLines;
      }
      const take = Math.min(rest, room);
      const h = take * CELL_LINE + 2 * CELL_PAD;
      if (r % 2 === 1) page.fillRect(MARGIN, y - h, tableW, h, SHADE);
      lines.forEach((cellLines, i) => {
        for (let n = 0; n < take; n++) {
          const line = cellLines[from + n];
          if (line) page.text(line, colX[i]! + CELL_PAD, y - CELL_PAD - (n + 1) * CELL_LINE + 2, regular, CELL_SIZE);
        }
      });
      y -= h;
      page.line(MARGIN, y, MARGIN + tableW, y, 0.3, RULE);
      from += take;
    }
  });

  for (const note of doc.notes ?? []) {
    cell.wrap(note, tableW).forEach((line, n) => {
      const step = CELL_LINE + (n === 0 ? 4 : 0);
      if (y - step < bottom) newPage();
      y -= step;
      page.text(line, MARGIN, y, regular, CELL_SIZE);
    });
  }

  const footer = cell.clean(`Exported by ${doc.exportedBy} at ${doc.exportedAt}`);
  pages.forEach((p, i) => {
    p.line(MARGIN, MARGIN + FOOTER_SIZE + 6, pageW - MARGIN, MARGIN + FOOTER_SIZE + 6, 0.5, GREY);
    p.text(footer, MARGIN, MARGIN, regular, FOOTER_SIZE, GREY);
    const n = `Page ${i + 1} of ${pages.length}`;
    p.text(n, pageW - MARGIN - regular.widthOfTextAtSize(n, FOOTER_SIZE), MARGIN, regular, FOOTER_SIZE, GREY);
    p.finish();
  });
  return pdf.save({ useObjectStreams: false });
}
