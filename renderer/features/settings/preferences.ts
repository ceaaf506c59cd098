/**
 * Display preferences (theme, font scale) applied to the whole page at once: attributes on
 * <html> that theme.css and base.css key on (no inline styles: the CSP forbids them).
 */
import { useEffect } from 'react';
import { DEFAULT_PREFERENCES, type Preferences } from '../../../electron/contract';
import { call } from '../../api';

export function applyPreferences(p: Preferences): void {
  const root = document.documentElement;
  root.dataset.theme = p.theme;
  root.dataset.fontScale = String(p.fontScale);
}

/** Applies the signed-in user's preferences; back to the defaults when they sign out. */
export function useDisplayPreferences(epoch: number): void {
  useEffect(() => {
    let live = true;
    call('settings:preferences', {})
      .then((p) => {
        if (live) applyPreferences(p);
      })
      .catch(() => {
        // The defaults stay; the settings screen shows any error.
      });
    return () => {
      live = false;
    };
  }, [epoch]);
  useEffect(() => () => applyPreferences(DEFAULT_PREFERENCES), []);
}
