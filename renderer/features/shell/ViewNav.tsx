import { useEffect, type ReactNode } from 'react';
import { QUEUE } from './views';

/** The top bar's screens; Alt+1, Alt+2 ... switch between them. */
export function ViewNav({ views, current, onSelect, queueBadge }: { views: { id: string; label: string }[]; current: string; onSelect(id: string): void; queueBadge?: ReactNode }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
      const n = Number(e.key);
      if (!Number.isInteger(n) || n < 1 || n > Math.min(9, views.length)) return;
      e.preventDefault();
      onSelect(views[n - 1]!.id);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [views, onSelect]);
  return (
    <nav className="topbar__nav" aria-label="Console">
      {views.map((v, i) => (
        <button
          key={v.id}
          type="button"
          className="button"
          aria-current={current === v.id ? 'page' : undefined}
          // Alt+1 ... Alt+9, said on hover too: nothing else shows them.
          aria-keyshortcuts={i < 9 ? `Alt+${i + 1}` : undefined}
          title={i < 9 ? `${v.label} (Alt+${i + 1})` : undefined}
          onClick={() => onSelect(v.id)}
        >
          {v.label}
          {v.id === QUEUE && queueBadge}
        </button>
      ))}
    </nav>
  );
}
