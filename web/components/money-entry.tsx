// One entry of money to match: what is known of it, and its two plain forms, matched to an invoice by number
// (prefilled with the candidate invoice) or dismissed with a reason and a comment.
import type { PropsWithChildren } from '@kitajs/html';
import type { MoneyEntry } from '../money-services.ts';
import type { View } from '../view.ts';
import { Csrf, Field, Select, type FieldErrors, type Values } from './fields.tsx';

/** A form of the page that came back: whose entry and which form its values and errors are. */
export interface MoneyForm {
  entryId?: string;
  of?: 'match' | 'dismiss' | 'statement';
  values?: Values;
  errors?: FieldErrors;
  error?: string;
  ok?: string;
  /** The order the money just went to, linked under the message. */
  order?: { id: string; number: string };
}

function Fact({ term, children }: PropsWithChildren<{ term: string }>): JSX.Element {
  return (
    <div>
      <dt safe>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function EntryCard({ view, entry, form }: { view: View; entry: MoneyEntry; form: MoneyForm }): JSX.Element {
  const { fmt, words: safeWords } = view;
  const safeM = safeWords.money;
  // a reason the dictionary does not know is shown as written, and it may quote the file: escaped
  const reasonOf = safeM.reasonOf;
  const mine = form.entryId === entry.id;
  const match: MoneyForm = mine && form.of === 'match' ? form : { values: { invoiceNumber: entry.candidate?.number } };
  const dismiss: MoneyForm = mine && form.of === 'dismiss' ? form : {};
  const headingId = `entry-${entry.id}`;
  const kept = entry.unmatched;
  return (
    <li>
      <article class="entry" aria-labelledby={headingId}>
        <h3 id={headingId}>{safeM.entry(fmt.money(entry.amount, entry.currency), fmt.day(entry.receivedAt))}</h3>
        <dl class="facts">
          <Fact term={safeM.source}>
            <span>{safeM.sources[entry.source]}</span>
            {entry.externalId ? <span class="muted" safe>{` · ${entry.externalId}`}</span> : ''}
          </Fact>
          {kept?.payerName || kept?.payerInn ? (
            <Fact term={safeM.payer}>
              <span safe>{[kept.payerName, kept.payerInn ? `${safeM.inn} ${kept.payerInn}` : null].filter(Boolean).join(', ')}</span>
            </Fact>
          ) : (
            ''
          )}
          {kept?.purpose ? (
            <Fact term={safeM.purpose}>
              <span safe>{kept.purpose}</span>
            </Fact>
          ) : (
            ''
          )}
          <Fact term={safeM.reason}>
            <span safe>{reasonOf(kept?.reason ?? '')}</span>
          </Fact>
          {kept?.invoiceNumber && kept.invoiceNumber !== entry.candidate?.number ? (
            <Fact term={safeM.named}>
              <span safe>{kept.invoiceNumber}</span>
            </Fact>
          ) : (
            ''
          )}
          {entry.candidate ? (
            <Fact term={safeM.candidate}>
              <a href={`/orders/${entry.candidate.orderId}`} safe>
                {`${entry.candidate.number} · ${safeWords.order.title} ${entry.candidate.orderNumber}`}
              </a>
            </Fact>
          ) : (
            ''
          )}
        </dl>
        <div class="entry-forms">
          <form method="post" action={`/money/${entry.id}/match`}>
            <Csrf view={view} />
            <Field name="invoiceNumber" id={`invoice-${entry.id}`} label={safeM.invoiceNumber} required values={match.values} errors={match.errors} />
            <button type="submit">{safeM.match}</button>
          </form>
          <form method="post" action={`/money/${entry.id}/dismiss`}>
            <Csrf view={view} />
            <Select name="reason" id={`reason-${entry.id}`} label={safeM.dismissReason} options={Object.entries(safeM.dismissReasons)} values={dismiss.values} errors={dismiss.errors} />
            <Field name="comment" id={`comment-${entry.id}`} type="textarea" label={safeM.comment} values={dismiss.values} errors={dismiss.errors} />
            <button type="submit" class="secondary">
              {safeM.dismiss}
            </button>
          </form>
        </div>
      </article>
    </li>
  );
}
