// The page frame: Russian first, a skip link, navigation fitting the role, the language switch, and htmx
// configured to swap error pages too (a 409 or 422 answer carries the form with its message).
import type { PropsWithChildren } from '@kitajs/html';
import { isAdminLike, type View } from '../view.ts';
import { Csrf } from './fields.tsx';

const HTMX_CONFIG = JSON.stringify({
  allowEval: false,
  historyCacheSize: 0,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[234]..', swap: true },
    { code: '5..', swap: true, error: true },
  ],
});

export function Layout({ view, title, children }: PropsWithChildren<{ view: View; title: string }>): JSX.Element {
  const { words: safeWords, principal } = view;
  return (
    <>
      {'<!doctype html>'}
      <html lang={view.locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="htmx-config" content={HTMX_CONFIG} />
          <title safe>{`${title} · ${safeWords.appName}`}</title>
          <link rel="stylesheet" href="/assets/app.css" />
          <script src="/assets/htmx.min.js" defer></script>
          {principal ? <script src="/assets/live.js" defer></script> : ''}
        </head>
        <body hx-boost="true" data-rendered-at={String(Date.now())}>
          <a class="skip" href="#main">
            {safeWords.skip}
          </a>
          {principal ? <Nav view={view} /> : ''}
          <main id="main" tabindex="-1">
            {children}
          </main>
        </body>
      </html>
    </>
  );
}

function Nav({ view }: { view: View }): JSX.Element {
  const { words: safeWords, principal } = view;
  const links: [string, string, boolean][] = [
    ['/board', safeWords.nav.board, true],
    ['/tasks', safeWords.nav.tasks, principal?.kind === 'employee'],
    ['/orders/new', safeWords.nav.newOrder, view.may('createOrder')],
    ['/catalogue', safeWords.nav.catalogue, true],
    ['/employees', safeWords.nav.employees, isAdminLike(principal)],
    ['/reports', safeWords.nav.reports, true],
    // the same rule as the JSON routes of reconciliation and bank statements
    ['/money', safeWords.nav.money, view.may('importPayments')],
  ];
  return (
    <header class="top">
      <nav aria-label={safeWords.appName}>
        <ul>
          {links
            .filter(([, , shown]) => shown)
            .map(([href, label]) => (
              <li>
                <a href={href} aria-current={view.path.split('?')[0] === href ? 'page' : undefined} safe>
                  {label}
                </a>
              </li>
            ))}
        </ul>
      </nav>
      <div class="who">
        <span safe>{principal?.name}</span>
        <form method="post" action="/language">
          <Csrf view={view} />
          <input type="hidden" name="locale" value={view.locale === 'ru' ? 'en' : 'ru'} />
          <button type="submit" lang={view.locale === 'ru' ? 'en' : 'ru'}>
            {safeWords.nav.language}
          </button>
        </form>
        <form method="post" action="/sign-out">
          <Csrf view={view} />
          <button type="submit">{safeWords.nav.signOut}</button>
        </form>
      </div>
    </header>
  );
}
