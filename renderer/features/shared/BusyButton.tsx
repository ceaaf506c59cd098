import type { ComponentProps, MouseEvent } from 'react';

/**
 * A button that is unavailable while its work runs without being `disabled`: a disabled
 * button drops the keyboard focus to the page, so after Enter or Space on it the next key
 * went nowhere. It says so (aria-disabled, dimmed) and ignores presses instead; a submit
 * button's press does not submit its form.
 */
export function BusyButton({ busy, onClick, ...rest }: ComponentProps<'button'> & { busy: boolean }) {
  return (
    <button
      {...rest}
      aria-disabled={busy || undefined}
      onClick={(e: MouseEvent<HTMLButtonElement>) => {
        if (busy) {
          e.preventDefault();
          return;
        }
        onClick?.(e);
      }}
    />
  );
}
