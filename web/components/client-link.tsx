// The client's own page of the order on the card: the link to copy and send, and for those the API lets
// re-issue it (POST /api/v1/orders/:id/client-link, salesCommand) a form that ends the old link for a new one.
import type { OrderCard } from '../services.ts';
import type { View } from '../view.ts';
import { Csrf } from './fields.tsx';

export function ClientLink({ view, order }: { view: View; order: OrderCard }): JSX.Element {
  const safeWords = view.words.clientLink;
  return (
    <section aria-labelledby="client-link-h">
      <h2 id="client-link-h">{safeWords.title}</h2>
      {order.clientUrl ? (
        <div class="field">
          <label for="client-link">{safeWords.link}</label>
          <input id="client-link" class="copy" readonly value={order.clientUrl} />
        </div>
      ) : (
        <p class="muted">{safeWords.none}</p>
      )}
      {view.may('salesCommand') ? (
        <form method="post" action={`/orders/${order.id}/client-link`}>
          <Csrf view={view} />
          <p class="muted" id="client-link-hint">
            {safeWords.hint}
          </p>
          <button type="submit" aria-describedby="client-link-hint">
            {safeWords.reissue}
          </button>
        </form>
      ) : (
        ''
      )}
    </section>
  );
}
