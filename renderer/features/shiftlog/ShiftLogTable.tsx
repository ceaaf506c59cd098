/**
 * The shift log's rows as a virtualised grid: the DOM holds only the rows in view (plus a few
 * either side), whatever the total; pages of rows are fetched from the core as they come into
 * view. Arrows, PageUp/PageDown, Home/End move the selection; Enter opens the hit.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { workedByText, type ShiftRow } from '../../../electron/contract';
import { call } from '../../api';
import { clock, duration, rowOutcomeLabel, steps } from './format';
import { formatDateTime } from '../../lib/time';

const stepsText = (r: ShiftRow) => steps(r).map((s) => `${s.label} ${duration(s.took)}`).join(' · ') || 'Not opened';

export const ROW_HEIGHT = 44;
const PAGE = 200;
const OVERSCAN = 6;

interface Props {
  viewId: string;
  total: number;
  firstRows: ShiftRow[];
  /** Absent for roles that do not work hits. */
  onOpenHit?: (hitId: string) => void;
}

export function ShiftLogTable({ viewId, total, firstRows, onOpenHit }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const pages = useRef(new Map<number, ShiftRow[]>());
  const loading = useRef(new Set<number>());
  const [, setLoaded] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    pages.current = new Map([[0, firstRows]]);
    loading.current.clear();
    setActive(0);
    setScrollTop(0);
    if (box.current) box.current.scrollTop = 0;
    setLoaded((n) => n + 1);
  }, [viewId, firstRows]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight || 600);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);

  const fetchPage = useCallback(
    (p: number) => {
      if (pages.current.has(p) || loading.current.has(p)) return;
      loading.current.add(p);
      call('shiftlog:rows', { viewId, offset: p * PAGE, limit: PAGE }).then(
        (res) => {
          loading.current.delete(p);
          pages.current.set(p, res.rows);
          setLoaded((n) => n + 1);
        },
        (err: unknown) => {
          loading.current.delete(p);
          setError(err instanceof Error ? err.message : String(err));
        },
      );
    },
    [viewId],
  );

  useEffect(() => {
    if (total === 0) return;
    for (let p = Math.floor(first / PAGE); p <= Math.floor(Math.max(first, last - 1) / PAGE); p++) fetchPage(p);
  }, [first, last, total, fetchPage]);

  const rowAt = (i: number): ShiftRow | undefined => pages.current.get(Math.floor(i / PAGE))?.[i % PAGE];

  const moveTo = (i: number) => {
    const next = Math.max(0, Math.min(total - 1, i));
    setActive(next);
    const el = box.current;
    if (!el) return;
    // Row i sits at (i + 1) rows down, under the sticky header row.
    const top = next * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + 2 * ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + 2 * ROW_HEIGHT - el.clientHeight;
  };

  const onKey = (e: KeyboardEvent) => {
    const perPage = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    const moves: Record<string, () => number> = {
      ArrowDown: () => active + 1,
      ArrowUp: () => active - 1,
      PageDown: () => active + perPage,
      PageUp: () => active - perPage,
      Home: () => 0,
      End: () => total - 1,
    };
    if (moves[e.key]) {
      e.preventDefault();
      moveTo(moves[e.key]!());
    } else if (e.key === 'Enter' && onOpenHit) {
      const row = rowAt(active);
      if (row) {
        e.preventDefault();
        onOpenHit(row.hitId);
      }
    }
  };

  const rendered = [];
  for (let i = first; i < last; i++) {
    const r = rowAt(i);
    rendered.push(
      <div
        key={i}
        id={`shift-row-${i}`}
        role="row"
        aria-rowindex={i + 2}
        aria-selected={i === active}
        className={`shiftlog__row${i === active ? ' shiftlog__row--active' : ''}`}
        style={{ transform: `translateY(${i * ROW_HEIGHT}px)` }}
        onClick={() => setActive(i)}
        onDoubleClick={() => r && onOpenHit?.(r.hitId)}
      >
        {r ? (
          <>
            {/* A retroactive hit sits at the time it was raised; its read is days old, so its date. */}
            <span
              role="gridcell"
              className="shiftlog__time"
              title={
                r.retroactive
                  ? `Old read of ${formatDateTime(r.readAt)}, raised ${formatDateTime(Date.parse(r.readAt) + r.received)}`
                  : r.late !== undefined
                    ? `Read ${formatDateTime(r.readAt)}; reached this console late, ${formatDateTime(Date.parse(r.readAt) + r.late)}`
                    : undefined
              }
            >
              {r.retroactive ? formatDateTime(r.readAt).slice(0, 10) : clock(r.readAt)}
            </span>
            <span role="gridcell" className="shiftlog__plate">{r.plate} <small>{r.state}</small></span>
            <span role="gridcell">{r.cameraName}</span>
            <span role="gridcell">{r.list ?? ''}</span>
            <span role="gridcell">{workedByText(r) || '—'}</span>
            <span role="gridcell" className={`shiftlog__outcome shiftlog__outcome--${r.outcome}`}>{rowOutcomeLabel(r)}</span>
            {/* Cut to the column on screen; the whole list in the tooltip (and for screen readers). */}
            <span role="gridcell" className="shiftlog__steps" title={stepsText(r)}>
              {stepsText(r)}
            </span>
          </>
        ) : (
          <span role="gridcell">Loading…</span>
        )}
      </div>,
    );
  }

  return (
    <>
      {error && <p className="form-error" role="alert">{error}</p>}
      <div
        ref={box}
        className="shiftlog__grid"
        role="grid"
        aria-label="Shift log"
        aria-rowcount={total + 1}
        aria-activedescendant={total ? `shift-row-${active}` : undefined}
        tabIndex={0}
        onKeyDown={onKey}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <div role="row" aria-rowindex={1} className="shiftlog__row shiftlog__row--head">
          {['Read', 'Plate', 'Camera', 'List', 'Dispatcher', 'Outcome', 'Steps (time each took)'].map((h) => (
            <span key={h} role="columnheader">{h}</span>
          ))}
        </div>
        <div className="shiftlog__body" style={{ height: total * ROW_HEIGHT }}>
          {rendered}
        </div>
      </div>
    </>
  );
}
