import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTablePdf, type TableReport } from '../../electron/core/reports/pdf';
import { readPdf } from '../helpers/pdf-text';

const base = (over: Partial<TableReport> = {}): TableReport => ({
  title: 'Audit extract',
  agencyName: 'Lodi Police Department',
  periodFrom: '2026-11-01T00:00:00.000Z',
  periodTo: '2026-12-01T00:00:00.000Z',
  exportedBy: 'Sgt Pat Smith (psmith, badge 4411)',
  exportedAt: '2026-12-02T09:15:00.000Z',
  columns: [{ header: 'No' }, { header: 'Plate' }, { header: 'Purpose', width: 3 }],
  rows: [['1', '7ABC123', 'Stolen or wanted vehicle']],
  ...over,
});

test('a one-row report: one portrait Letter page with the header and the footer', async () => {
  const pdf = await readPdf(await renderTablePdf(base()));
  assert.equal(pdf.pageCount, 1);
  assert.deepEqual(pdf.sizes[0], [612, 792]);
  const text = pdf.pages[0]!;
  for (const s of ['Lodi Police Department', 'Audit extract', 'Period: 2026-11-01T00:00:00.000Z to 2026-12-01T00:00:00.000Z', 'No', 'Plate', 'Purpose', '7ABC123', 'Stolen or wanted vehicle']) {
    assert.ok(text.includes(s), `page shows ${s}`);
  }
  assert.ok(text.includes('Exported by Sgt Pat Smith (psmith, badge 4411) at 2026-12-02T09:15:00.000Z'));
  assert.ok(text.includes('Page 1 of 1'));
  assert.equal(pdf.title, 'Audit extract: Lodi Police Department');
  assert.equal(pdf.author, 'Sgt Pat Smith (psmith, badge 4411)');
});

test('more than six columns turn the page to landscape; A4 on request', async () => {
  const columns = Array.from({ length: 7 }, (_, i) => ({ header: `C${i}` }));
  const wide = await readPdf(await renderTablePdf(base({ columns, rows: [columns.map((c) => c.header.toLowerCase())] })));
  assert.deepEqual(wide.sizes[0], [792, 612]);
  const a4 = await readPdf(await renderTablePdf(base({ pageSize: 'a4' })));
  assert.deepEqual(a4.sizes[0]!.map(Math.round), [595, 842]);
});

test('10,000 rows: every row once and in order, header and "Page N of M" on every page', async () => {
  const rows = Array.from({ length: 10_000 }, (_, i) => [`R${i}`, `PL${i % 997}`, i % 50 === 0 ? 'a longer purpose that wraps over more than one line of its column '.repeat(3) : 'Hit confirmation']);
  const pdf = await readPdf(await renderTablePdf(base({ rows })));
  assert.ok(pdf.pageCount > 100, `${pdf.pageCount} pages`);
  const seen: string[] = [];
  pdf.pages.forEach((page, i) => {
    assert.equal(page[0], 'Lodi Police Department', `page ${i + 1} header`);
    assert.equal(page[1], 'Audit extract');
    assert.ok(page.includes('No') && page.includes('Plate'), `page ${i + 1} repeats the column headings`);
    assert.ok(page.includes(`Page ${i + 1} of ${pdf.pageCount}`), `page ${i + 1} numbered`);
    assert.ok(page.some((s) => s.startsWith('Exported by Sgt Pat Smith')));
    seen.push(...page.filter((s) => /^R\d+$/.test(s)));
  });
  assert.deepEqual(seen, rows.map((r) => r[0]));
});

test('a long cell wraps inside its column and a row taller than a page goes on to the next', async () => {
  const word = 'X'.repeat(3000);
  const many = Array.from({ length: 150 }, (_, i) => `line${i}`).join('\n');
  const pdf = await readPdf(await renderTablePdf(base({ rows: [['1', word, 'short'], ['2', 'P2', many], ['3', 'P3', 'last']] })));
  const all = pdf.pages.flat();
  const xs = all.filter((s) => /^X+$/.test(s));
  assert.ok(xs.length > 10, 'the long word is broken into many lines');
  assert.equal(xs.join(''), word, 'nothing of it is lost');
  const lines = all.filter((s) => /^line\d+$/.test(s));
  assert.deepEqual(lines, Array.from({ length: 150 }, (_, i) => `line${i}`));
  assert.ok(pdf.pageCount >= 2);
  assert.ok(pdf.pages.at(-1)!.includes('last'));
});

test('characters the standard font cannot print become "?", and notes follow the table', async () => {
  const pdf = await readPdf(await renderTablePdf(base({ rows: [['1', '7ÄBC\u0007', 'Ωmega ✓ café']], notes: ['Filters: user = psmith', 'Totals: 1 record'] })));
  const text = pdf.pages[0]!;
  assert.ok(text.includes('7ÄBC'), 'Latin-1 letters print as they are (control character dropped to a space)');
  assert.ok(text.includes('?mega ? café'));
  assert.ok(text.includes('Filters: user = psmith') && text.includes('Totals: 1 record'));
});

test('an empty report says so; a ragged row or no columns is refused with a clear error', async () => {
  const pdf = await readPdf(await renderTablePdf(base({ rows: [] })));
  assert.ok(pdf.pages[0]!.includes('No records match.'));
  await assert.rejects(renderTablePdf(base({ rows: [['1', '2']] })), /row 1 has 2 cells for 3 columns/);
  await assert.rejects(renderTablePdf(base({ columns: [], rows: [] })), /at least one column/);
});
