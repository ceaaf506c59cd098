import { useEffect } from 'react';
import { call } from '../../api';

/**
 * Tells the core whether this window has focus, so it raises desktop notifications only when
 * the dispatcher cannot see the page.
 */
export function useAttention(epoch: number): void {
  useEffect(() => {
    const send = (focused: boolean) => {
      // A hint for an extra notification; the in-page alert does not depend on it, so a
      // failure here must not interrupt the dispatcher.
      call('ui:attention', { focused }).catch(() => undefined);
    };
    send(document.hasFocus());
    const focus = () => send(true);
    const blur = () => send(false);
    window.addEventListener('focus', focus);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('focus', focus);
      window.removeEventListener('blur', blur);
    };
  }, [epoch]);
}
