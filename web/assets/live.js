// Keeps the open page current: the server says which order changed, and every part of the page marked
// data-live (and, with data-live-order, showing that very order) is fetched again and swapped by htmx.
// Changes between the page's rendering and its stream, or during a broken stream, are sent on (re)connect.
// A part holding the focus of a field being typed in waits until the person leaves it.
(() => {
  // from the moment the page was rendered: what changed before the stream opened comes first (web/live.ts)
  const source = new EventSource(`/events?since=${encodeURIComponent(document.body.dataset.renderedAt ?? '')}`);
  let timer;
  const refresh = () => {
    for (const part of document.querySelectorAll('[data-live][data-stale]')) {
      const active = document.activeElement;
      if (active && part.contains(active) && active.matches('input, textarea, select')) continue;
      delete part.dataset.stale;
      window.htmx.ajax('GET', window.location.href, { target: `#${part.id}`, select: `#${part.id}`, swap: 'outerHTML' });
    }
  };
  source.addEventListener('order', (event) => {
    for (const part of document.querySelectorAll('[data-live]')) {
      const only = part.getAttribute('data-live-order');
      // `*`: the server cannot tell what changed while the page had no stream, so everything is looked at again
      if (!only || event.data === '*' || only === event.data) part.dataset.stale = '1';
    }
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
  document.addEventListener('focusout', () => setTimeout(refresh, 0));
})();
