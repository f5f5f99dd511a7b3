// The accountant's page: money to match, each entry with its forms; a bank statement to load, with what each
// of its documents came to; and the receivables by client and age. What a form did is said at the top.
import { Csrf, Field, Notice } from '../components/fields.tsx';
import { Layout } from '../components/layout.tsx';
import { EntryCard, type MoneyForm } from '../components/money-entry.tsx';
import { ReceivablesTable, StatementTable, type StatementResult } from '../components/money-tables.tsx';
import type { MoneyEntry, Receivables } from '../money-services.ts';
import type { View } from '../view.ts';

function Outcome({ view, form }: { view: View; form: MoneyForm }): JSX.Element {
  if (!form.ok || !form.order) return <Notice error={form.error} ok={form.ok} />;
  return (
    <p class="notice good" role="status">
      <span aria-hidden="true">✓ </span>
      <span safe>{form.ok}</span> <a href={`/orders/${form.order.id}`} safe>{view.words.money.openOrder(form.order.number)}</a>
    </p>
  );
}

export function MoneyPage(props: { view: View; entries: MoneyEntry[]; receivables: Receivables; form: MoneyForm; statement?: StatementResult[] }): JSX.Element {
  const { view, entries, receivables, form, statement } = props;
  const { words: safeWords, fmt } = view;
  const safeM = safeWords.money;
  const upload = form.of === 'statement' ? form : {};
  return (
    <Layout view={view} title={safeM.title}>
      <h1>{safeM.title}</h1>
      <Outcome view={view} form={form} />
      <section aria-labelledby="unmatched-h">
        <h2 id="unmatched-h">{safeM.unmatched}</h2>
        <p class="muted">{safeM.unmatchedHint}</p>
        {entries.length === 0 ? (
          <p>{safeM.empty}</p>
        ) : (
          <ul class="entries">
            {entries.map((entry) => (
              <EntryCard view={view} entry={entry} form={form} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="statement-h">
        <h2 id="statement-h">{safeM.statement}</h2>
        <p class="muted">{safeM.statementHint}</p>
        <form method="post" action="/money/statement" enctype="multipart/form-data">
          <Csrf view={view} />
          <Field name="file" type="file" label={safeM.file} required errors={upload.errors} />
          <button type="submit">{safeM.load}</button>
        </form>
        {statement ? <StatementTable view={view} results={statement} /> : ''}
      </section>
      <section aria-labelledby="receivables-h">
        <h2 id="receivables-h">{safeM.receivables}</h2>
        <p class="muted">{safeM.receivablesHint(fmt.date(receivables.today))}</p>
        <ReceivablesTable view={view} receivables={receivables} />
      </section>
    </Layout>
  );
}
