// Keeps the client's order page current without a reload: every few seconds it reads the page again and,
// when the order's version has moved, swaps the #live part. The message form is outside it and never touched.
(() => {
  const EVERY_MS = 4000;
  const tick = async () => {
    const live = document.getElementById('live');
    if (!live || document.hidden) return;
    try {
      const response = await fetch(window.location.pathname, { headers: { accept: 'text/html' }, cache: 'no-store' });
      if (!response.ok) return;
      const next = new DOMParser().parseFromString(await response.text(), 'text/html').getElementById('live');
      if (next && next.dataset.version !== live.dataset.version) live.replaceWith(next);
    } catch {
      // offline for a moment: the next tick tries again
    }
  };
  setInterval(() => void tick(), EVERY_MS);
})();
