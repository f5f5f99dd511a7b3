// The receivables report (docs/money.md, Receivables): what clients still owe by client and by age, cash
// received by month and source, and (for those who may read costs) margin by manager.
import { cashByMonth, marginByManager, openInvoices } from '../../db/queries/receivables.ts';
import { marginOf } from '../../domain/money.ts';
import { ageBucket, noBuckets, type Buckets } from '../../domain/receivables.ts';
import { mayReadCosts, type Principal } from '../../domain/roles.ts';
import type { ServiceDeps } from './deps.ts';
import { reportPeriod } from './reports.ts';

interface ClientDebt {
  name: string;
  company: string | null;
  inn: string | null;
  invoices: number;
  open: number;
  buckets: Buckets;
}

/** One client per INN, else per company, else per name (case aside): how the accountant tells them apart. */
const clientKey = (c: { name: string; company: string | null; inn: string | null }) => (c.inn ? `inn:${c.inn}` : c.company ? `co:${c.company.toLowerCase()}` : `name:${c.name.toLowerCase()}`);

export async function receivablesReport({ db, config }: ServiceDeps, principal: Principal, period: { from?: string; to?: string }) {
  const { today, from, to, months, start, end } = reportPeriod(config.timezone, period);
  const withCosts = mayReadCosts(principal);
  const [open, cash, managers] = await Promise.all([openInvoices(db), cashByMonth(db, config.timezone, start, end), withCosts ? marginByManager(db, start, end) : null]);

  const total = noBuckets();
  const clients = new Map<string, ClientDebt>();
  for (const invoice of open) {
    const owed = invoice.amount - invoice.paid;
    if (owed <= 0) continue;
    const bucket = ageBucket(today, invoice.dueDate);
    const key = clientKey(invoice);
    const client = clients.get(key) ?? { name: invoice.name, company: invoice.company, inn: invoice.inn, invoices: 0, open: 0, buckets: noBuckets() };
    client.invoices += 1;
    client.open += owed;
    client.buckets[bucket] += owed;
    total[bucket] += owed;
    clients.set(key, client);
  }
  const sum = (b: Buckets) => b.notDue + b.days1to7 + b.days8to30 + b.over30;
  const bySource = new Map<(typeof cash)[number]['source'], { received: number; refunded: number }>();
  for (const row of cash) {
    const s = bySource.get(row.source) ?? { received: 0, refunded: 0 };
    s.received += row.received;
    s.refunded += row.refunded;
    bySource.set(row.source, s);
  }
  return {
    today,
    from,
    to,
    open: { total: sum(total), buckets: total, clients: [...clients.values()].sort((a, b) => b.open - a.open || a.name.localeCompare(b.name)) },
    cash: {
      months: months.map((month) => {
        const rows = cash.filter((r) => r.month === month).map(({ source, received, refunded }) => ({ source, received, refunded, net: received - refunded }));
        return { month, sources: rows, net: rows.reduce((all, r) => all + r.net, 0) };
      }),
      sources: [...bySource.entries()].map(([source, s]) => ({ source, ...s, net: s.received - s.refunded })),
    },
    ...(managers ? { managers: managers.map((m) => ({ managerId: m.managerId, managerName: m.managerName, orders: m.orders, ...marginOf(m.netOfVat, m.productionCost) })) } : {}),
  };
}
