/**
 * Preload of the key-passphrase prompt (shell/passphrase-prompt.ts). It requires only
 * 'electron' (a sandboxed preload may require nothing else), so tsc's output runs as is.
 * It sends the passphrase from the page's form; the page itself runs no script.
 * (The shell is compiled without the DOM library; the few DOM shapes used are declared here.)
 */
import { ipcRenderer } from 'electron';

interface El {
  value: string;
  textContent: string | null;
  focus(): void;
  addEventListener(type: string, fn: (e: { preventDefault(): void }) => void): void;
}
const page = globalThis as unknown as {
  addEventListener(type: string, fn: () => void): void;
  document: { querySelector(selector: string): El | null };
};

page.addEventListener('DOMContentLoaded', () => {
  const $ = (s: string) => page.document.querySelector(s);
  const input = $('#passphrase');
  const confirm = $('#confirm');
  const error = $('#error');
  $('form')?.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = input?.value ?? '';
    if (confirm && confirm.value !== value) {
      if (error) error.textContent = 'The two passphrases differ.';
      return;
    }
    ipcRenderer.send('alpr:key-passphrase', value);
  });
  input?.focus();
});
