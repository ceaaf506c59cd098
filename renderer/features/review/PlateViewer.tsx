import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { useBlobUrl } from '../../lib/useBlobUrl';

interface Props {
  data: Uint8Array;
  mime: string;
}

const MIN_ZOOM = 1;
const MAX_ZOOM = 8;
const STEP = 1.25;

const clampZoom = (z: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Math.round(z * 100) / 100));

const typingIn = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/**
 * The crop's frame as tall as the room between its top and the bottom of the screen, between
 * 7rem and 22rem, so that at Fit the whole crop and its zoom bar are in view whatever sits
 * above it (a new-hit banner, the training stripe). Measured from the top of the page, so
 * scrolling does not change it; again whenever the window or the page changes size.
 */
function useFitToScreen(figure: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const el = figure.current;
    if (!el) return;
    const fit = () => {
      const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      const bar = el.querySelector('.plate-viewer__bar')?.getBoundingClientRect().height ?? 0;
      const top = el.getBoundingClientRect().top + window.scrollY;
      const room = window.innerHeight - top - bar - 0.5 * rem;
      el.style.setProperty('--crop-max', `${Math.floor(Math.min(22 * rem, Math.max(7 * rem, room)))}px`);
    };
    fit();
    // The page grows or shrinks when a banner comes or goes above the review.
    const observer = new ResizeObserver(fit);
    observer.observe(document.body);
    window.addEventListener('resize', fit);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', fit);
    };
  }, [figure]);
}

/**
 * The plate crop, large, zoomable with the buttons, + / - / 0 anywhere on the review screen,
 * or the mouse wheel over the image; scroll (or arrow keys in the frame) to pan.
 */
export function PlateViewer({ data, mime }: Props) {
  const url = useBlobUrl(data, mime);
  const [zoom, setZoom] = useState(1);
  const frame = useRef<HTMLDivElement>(null);
  const figure = useRef<HTMLElement>(null);
  useFitToScreen(figure);
  // The point of the image at the middle of the frame, kept there across a zoom.
  const anchor = useRef<{ fx: number; fy: number } | null>(null);

  const zoomTo = useCallback((next: (z: number) => number) => {
    const f = frame.current;
    if (f) {
      anchor.current = {
        fx: (f.scrollLeft + f.clientWidth / 2) / f.scrollWidth,
        fy: (f.scrollTop + f.clientHeight / 2) / f.scrollHeight,
      };
    }
    setZoom((z) => clampZoom(next(z)));
  }, []);

  useLayoutEffect(() => {
    const f = frame.current;
    const a = anchor.current;
    if (!f || !a) return;
    f.scrollLeft = a.fx * f.scrollWidth - f.clientWidth / 2;
    f.scrollTop = a.fy * f.scrollHeight - f.clientHeight / 2;
    anchor.current = null;
  }, [zoom]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return;
      if (e.key === '+' || e.key === '=') zoomTo((z) => z * STEP);
      else if (e.key === '-' || e.key === '_') zoomTo((z) => z / STEP);
      else if (e.key === '0') zoomTo(() => 1);
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [zoomTo]);

  // React's onWheel is passive, and a passive listener cannot stop the page from scrolling.
  useEffect(() => {
    const f = frame.current;
    if (!f) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      zoomTo((z) => (e.deltaY < 0 ? z * STEP : z / STEP));
    };
    f.addEventListener('wheel', onWheel, { passive: false });
    return () => f.removeEventListener('wheel', onWheel);
  }, [zoomTo]);

  return (
    <figure ref={figure} className="plate-viewer">
      <div
        ref={frame}
        className="plate-viewer__frame"
        tabIndex={0}
        role="group"
        aria-label="Plate crop, zoomable"
      >
        {url ? (
          <img
            src={url}
            alt="Plate image"
            className={zoom === 1 ? 'plate-viewer__img plate-viewer__img--fit' : 'plate-viewer__img'}
            style={{ width: `${zoom * 100}%` }}
            draggable={false}
          />
        ) : (
          <span className="loading">Loading image…</span>
        )}
      </div>
      <figcaption className="plate-viewer__bar">
        <span>Plate crop</span>
        <span className="zoom" role="group" aria-label="Zoom">
          <button type="button" className="button button--icon" onClick={() => zoomTo((z) => z / STEP)} aria-label="Zoom out" aria-keyshortcuts="-">
            −
          </button>
          <output className="zoom__level" aria-live="polite" aria-label="Zoom level">
            {Math.round(zoom * 100)}%
          </output>
          <button type="button" className="button button--icon" onClick={() => zoomTo((z) => z * STEP)} aria-label="Zoom in" aria-keyshortcuts="+">
            +
          </button>
          <button type="button" className="button" onClick={() => zoomTo(() => 1)} aria-keyshortcuts="0">
            Fit (0)
          </button>
        </span>
      </figcaption>
    </figure>
  );
}
