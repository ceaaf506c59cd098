/**
 * Printable table reports as PDF (see pdf-render.ts for the layout). pdf-lib takes about half
 * a second to load, so it is loaded on the first export rather than when the console starts:
 * the console is ready sooner and a dispatcher who never exports never pays for it.
 */
import type { TableReport } from './pdf-render';

export type { TableColumn, TableReport } from './pdf-render';

export async function renderTablePdf(doc: TableReport): Promise<Uint8Array> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberately lazy
  const render = require('./pdf-render') as typeof import('./pdf-render');
  return render.renderTablePdf(doc);
}
