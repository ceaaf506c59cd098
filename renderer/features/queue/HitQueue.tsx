import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { QueueItem } from '../../../electron/contract';
import { QueueRow } from './QueueRow';

interface Props {
  items: readonly QueueItem[];
  selectedId: string | null;
  onSelect(id: string): void;
  onOpen(id: string): void;
}

const NEXT_KEYS = new Set(['ArrowDown', 'j', 'J']);
const PREV_KEYS = new Set(['ArrowUp', 'k', 'K']);

/**
 * The open hits as one tab stop (roving tabindex): arrows or J/K move, Enter or a click opens.
 * Focus follows the selection so a screen reader reads the hit that is selected.
 */
export function HitQueue({ items, selectedId, onSelect, onOpen }: Props) {
  const elements = useRef(new Map<string, HTMLLIElement>());
  const selected = items.find((i) => i.id === selectedId) ?? items[0] ?? null;

  // One stable ref callback per id, so memoised rows do not re-render on every queue change.
  const refs = useRef(new Map<string, (el: HTMLLIElement | null) => void>());
  const refFor = (id: string) => {
    let ref = refs.current.get(id);
    if (!ref) {
      ref = (el) => {
        if (el) elements.current.set(id, el);
        else {
          elements.current.delete(id);
          refs.current.delete(id);
        }
      };
      refs.current.set(id, ref);
    }
    return ref;
  };

  const move = (delta: number) => {
    if (selected === null) return;
    const at = items.indexOf(selected);
    const next = items[Math.min(items.length - 1, Math.max(0, at + delta))];
    if (next) {
      onSelect(next.id);
      elements.current.get(next.id)?.focus();
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    let delta: number | null = null;
    if (NEXT_KEYS.has(e.key)) delta = 1;
    else if (PREV_KEYS.has(e.key)) delta = -1;
    else if (e.key === 'Home') delta = -items.length;
    else if (e.key === 'End') delta = items.length;
    if (delta === null) return;
    e.preventDefault();
    move(delta);
  };

  // With focus nowhere in particular (after acknowledging an alert, say), the queue keys still
  // work instead of doing nothing.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const idle = e.target === document.body || (e.target instanceof HTMLElement && e.target.id === 'main');
      if (!idle || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || selected === null) return;
      if (e.key === 'Enter') onOpen(selected.id);
      else if (NEXT_KEYS.has(e.key) || PREV_KEYS.has(e.key)) elements.current.get(selected.id)?.focus();
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [selected, onOpen]);

  // Coming back from a review puts focus where the dispatcher left off.
  useEffect(() => {
    if (selected && (document.activeElement === document.body || document.activeElement === null)) {
      elements.current.get(selected.id)?.focus();
    }
    // Only on arrival: later queue changes must not pull focus away from anything.
  }, []);

  return (
    <>
      <ul className="queue" aria-label="Hit queue" onKeyDown={onKeyDown}>
        {items.map((item) => (
          <QueueRow
            key={item.id}
            item={item}
            selected={item.id === selected?.id}
            itemRef={refFor(item.id)}
            onSelect={onSelect}
            onOpen={onOpen}
          />
        ))}
      </ul>
      {items.length === 0 && <p className="queue-empty">No open hits</p>}
    </>
  );
}
