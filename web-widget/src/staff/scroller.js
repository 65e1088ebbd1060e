// A wide table in a box that scrolls sideways inside its card, so a narrow window (or 400 % zoom) never
// scrolls the whole page sideways (WCAG 1.4.10). While the box does scroll it is a named, focusable region,
// so keyboard users can scroll it with the arrow keys (WCAG 2.1.1); otherwise it is a plain box and no extra
// tab stop.

/**
 * @param h          element builder (shared/dom.js)
 * @param win        window (for ResizeObserver; without one the box is always focusable)
 * @param content    the table
 * @param labelledBy id of the heading that names the region
 */
export function makeScroller(h, win, content, labelledBy) {
  const box = h('div', { className: 'st-scroll' }, content);
  const sync = () => {
    const scrolls = !win.ResizeObserver || box.scrollWidth > box.clientWidth + 1;
    if (scrolls === box.hasAttribute('tabindex')) return;
    if (scrolls) {
      box.setAttribute('tabindex', '0');
      box.setAttribute('role', 'region');
      box.setAttribute('aria-labelledby', labelledBy);
    } else {
      box.removeAttribute('tabindex');
      box.removeAttribute('role');
      box.removeAttribute('aria-labelledby');
    }
  };
  if (win.ResizeObserver) {
    const observer = new win.ResizeObserver(sync);
    observer.observe(box);
    observer.observe(content);
  }
  sync();
  return box;
}
