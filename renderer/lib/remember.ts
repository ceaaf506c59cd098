/**
 * What the sign-in's pages keep while it lasts (SessionGate provides one store per sign-in):
 * what a screen was showing, so a screen left for another and picked again comes back as it
 * was without asking the core again (the shift log's view, with its one audit record, stays
 * open in the core for 12 hours); and which hits the queues have already alerted. Signing out
 * forgets it all.
 */
import { createContext, useCallback, useContext, useRef, useState } from 'react';

export const ScreenMemoryContext = createContext<Map<string, unknown> | null>(null);

/** As useState, starting from what the screen last had under `key` in this sign-in. */
export function useRemembered<T>(key: string, initial: T | (() => T)): [T, (next: T | ((previous: T) => T)) => void] {
  const memory = useContext(ScreenMemoryContext);
  const [value, setValue] = useState<T>(() =>
    memory?.has(key) ? (memory.get(key) as T) : typeof initial === 'function' ? (initial as () => T)() : initial,
  );
  const latest = useRef(value);
  const set = useCallback(
    (next: T | ((previous: T) => T)) => {
      const v = typeof next === 'function' ? (next as (p: T) => T)(latest.current) : next;
      latest.current = v;
      memory?.set(key, v);
      setValue(v);
    },
    [key, memory],
  );
  return [value, set];
}

/**
 * An object kept for the sign-in under `key`, made by `create` the first time (without a
 * store, one for this component's life).
 */
export function useSignInObject<T>(key: string, create: () => T): T {
  const memory = useContext(ScreenMemoryContext);
  const own = useRef<T | null>(null);
  if (!memory) return (own.current ??= create());
  if (!memory.has(key)) memory.set(key, create());
  return memory.get(key) as T;
}
