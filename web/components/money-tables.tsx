// The two tables of the money page: what each document of a loaded bank statement came to, and what clients
// still owe by age. Each scrolls inside its own frame on a narrow screen; the page itself never does.
import type { PropsWithChildren } from '@kitajs/html';
import type { z } from 'zod';
import type { statementResult } from '../../api/services/bank-statements.ts';
import { AGE_BUCKETS, type Buckets } from '../../domain/receivables.ts';
import type { Receivables } from '../money-services.ts';
import type { View } from '../view.ts';

export type StatementResult = z.infer<typeof statementResult>;

/** "Записан: 2, К разбору: 1, …": how many documents came to each outcome, in the file's order of outcomes. */
export function statementSummary(view: View, results: StatementResult[]): string {
  const counts = new Map<StatementResult['status'], number>();
  for (const result of results) counts.set(result.status, (counts.get(result.status) ?? 0) + 1);
  return [...counts.entries()].map(([status, count]) => `${view.words.money.statuses[status]}: ${view.fmt.number(count)}`).join(', ');
}

/** A table that scrolls inside its own frame, which the keyboard can reach and a screen reader names by the caption. */
function ScrollTable({ id, caption, children }: PropsWithChildren<{ id: string; caption: string }>): JSX.Element {
  return (
    <div class="table-wrap" tabindex="0" role="region" aria-labelledby={id}>
      <table class="figures">
        <caption id={id} safe>
          {caption}
        </caption>
        {children}
      </table>
    </div>
  );
}

export function StatementTable({ view, results }: { view: View; results: StatementResult[] }): JSX.Element {
  const { fmt, words: safeWords } = view;
  const safeM = safeWords.money;
  // a reason the dictionary does not know is shown as written, and it may quote the file: escaped
  const reasonOf = safeM.reasonOf;
  return (
    <ScrollTable id="results-h" caption={safeM.results}>
      <thead>
        <tr>
          <th scope="col">{safeM.number}</th>
          <th scope="col">{safeM.date}</th>
          <th scope="col" class="num">{safeM.amount}</th>
          <th scope="col">{safeM.invoice}</th>
          <th scope="col">{safeM.status}</th>
          <th scope="col">{safeM.why}</th>
        </tr>
      </thead>
      <tbody>
        {results.map((result) => (
          <tr>
            <th scope="row" safe>{result.documentNumber ?? safeWords.none}</th>
            <td class="date">{result.date ? fmt.date(result.date) : safeWords.none}</td>
            <td class="num" safe>{result.amount === null ? safeWords.none : fmt.money(result.amount)}</td>
            <td safe>{result.invoiceNumber ?? safeWords.none}</td>
            <td>{safeM.statuses[result.status]}</td>
            <td safe>{reasonOf(result.reason ?? '')}</td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

function Amounts({ view, buckets, open }: { view: View; buckets: Buckets; open: number }): JSX.Element {
  return (
    <>
      {AGE_BUCKETS.map((bucket) => (
        <td class="num" safe>{view.fmt.money(buckets[bucket])}</td>
      ))}
      <td class="num" safe>{view.fmt.money(open)}</td>
    </>
  );
}

export function ReceivablesTable({ view, receivables }: { view: View; receivables: Receivables }): JSX.Element {
  const { fmt, words: safeWords } = view;
  const safeM = safeWords.money;
  const { open } = receivables;
  if (open.clients.length === 0) return <p>{safeM.nobody}</p>;
  return (
    <ScrollTable id="owed-h" caption={safeM.byClient}>
      <thead>
        <tr>
          <th scope="col">{safeM.client}</th>
          <th scope="col" class="num">{safeM.invoices}</th>
          {AGE_BUCKETS.map((bucket) => (
            <th scope="col" class="num">{safeM.buckets[bucket]}</th>
          ))}
          <th scope="col" class="num">{safeM.open}</th>
        </tr>
      </thead>
      <tbody>
        {open.clients.map((client) => (
          <tr>
            <th scope="row">
              <span safe>{client.company ?? client.name}</span>
              {client.company || client.inn ? <span class="muted sub" safe>{[client.company ? client.name : null, client.inn ? `${safeM.inn} ${client.inn}` : null].filter(Boolean).join(', ')}</span> : ''}
            </th>
            <td class="num" safe>{fmt.number(client.invoices)}</td>
            <Amounts view={view} buckets={client.buckets} open={client.open} />
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{safeM.total}</th>
          <td class="num" safe>{fmt.number(open.clients.reduce((sum, client) => sum + client.invoices, 0))}</td>
          <Amounts view={view} buckets={open.buckets} open={open.total} />
        </tr>
      </tfoot>
    </ScrollTable>
  );
}
