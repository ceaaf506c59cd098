/**
 * After a screen is picked from the bar (a click, Enter on its button, Alt+N): the focus goes
 * into that screen, so its keys work at once: the queue's selected hit, else the screen's
 * heading. Left alone when the screen has put it somewhere itself (a search field).
 */
export function focusScreen(): void {
  requestAnimationFrame(() => {
    const main = document.getElementById('main');
    const active = document.activeElement;
    if (!main || (active && active !== main && main.contains(active))) return;
    const row = main.querySelector<HTMLElement>('.queue li[tabindex="0"]');
    if (row) {
      row.focus();
      return;
    }
    const heading = main.querySelector<HTMLElement>('h1');
    if (!heading) return;
    if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
    heading.focus();
  });
}
