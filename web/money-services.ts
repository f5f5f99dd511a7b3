// Where the accountant's page "Деньги" reaches the engine: the money kept unmatched (payment-lists.ts), its
// match or dismissal (reconciliation.ts), a bank statement (bank-statements.ts) and the receivables
// (receivables.ts), the services the JSON routes call, behind their role rule: importPayments (accounting,
// management and the admin).
import type { z } from 'zod';
import type { AppDeps } from '../api/deps.ts';
import type { dismissBody, paymentListItem } from '../api/reconciliation-schemas.ts';
import { importStatement } from '../api/services/bank-statements.ts';
import type { ServiceLog } from '../api/services/deps.ts';
import { listPayments } from '../api/services/payment-lists.ts';
import { receivablesReport } from '../api/services/receivables.ts';
import { dismissUnmatched, matchUnmatched } from '../api/services/reconciliation.ts';
import { findInvoiceWithOrder } from '../db/queries/invoices.ts';
import { getPayment } from '../db/queries/payments.ts';
import { getUnmatched } from '../db/queries/unmatched-payments.ts';
import type { Principal } from '../domain/roles.ts';
import { invoiceNumbersIn } from '../integrations/bank-statement.ts';
import { allow, known, PAGE } from './guards.ts';

/** An invoice as the page names it: its number and its order's. */
export interface InvoiceRef {
  number: string;
  orderId: string;
  orderNumber: string;
}

/** Money still to decide, as the JSON list gives it, with the invoice found for it but not payable with it. */
export type MoneyEntry = z.input<typeof paymentListItem> & { candidate: InvoiceRef | null };

export type Receivables = Pick<Awaited<ReturnType<typeof receivablesReport>>, 'today' | 'open'>;

export function createMoneyServices(deps: AppDeps) {
  /** A decision on one entry of money: only accounting's roles take it, and only on an id that is one. */
  const deciding = (principal: Principal, id: string) => {
    allow(principal, 'importPayments');
    known(id, 'Unmatched payment');
  };
  const invoiceRef = async (invoiceId: string | null | undefined): Promise<InvoiceRef | null> => {
    const found = invoiceId ? await findInvoiceWithOrder(deps.db, { id: invoiceId }) : undefined;
    return found ? { number: found.invoice.number, orderId: found.order.id, orderNumber: found.order.number } : null;
  };

  return {
    /** The open entries, newest first, each with its candidate invoice where there is one. */
    async unmatched(principal: Principal): Promise<MoneyEntry[]> {
      allow(principal, 'importPayments');
      // matched=false lists only money kept unmatched, each item with its `unmatched` part
      const { items }: { items: z.input<typeof paymentListItem>[] } = await listPayments(deps, { matched: false, status: 'open', limit: PAGE });
      const ids = [...new Set(items.map((item) => item.unmatched?.candidateInvoiceId).filter((id): id is string => !!id))];
      const candidates = new Map(await Promise.all(ids.map(async (id) => [id, await invoiceRef(id)] as const)));
      return items.map((item) => ({ ...item, candidate: candidates.get(item.unmatched?.candidateInvoiceId ?? '') ?? null }));
    },
    /** The invoice a typed number means: as we write it, or as payers do ("inv 2026-12"). */
    async invoice(principal: Principal, typed: string) {
      allow(principal, 'importPayments');
      const [number] = invoiceNumbersIn(typed);
      return findInvoiceWithOrder(deps.db, { number: number ?? typed });
    },
    async match(principal: Principal, id: string, invoiceId: string, log?: ServiceLog) {
      deciding(principal, id);
      return matchUnmatched(deps, principal, id, invoiceId, log);
    },
    async dismiss(principal: Principal, id: string, body: z.infer<typeof dismissBody>) {
      deciding(principal, id);
      return dismissUnmatched(deps, principal, id, body);
    },
    /** How an entry was decided, to say why a decision on it was refused: matched (to which invoice) or dismissed. */
    async decision(principal: Principal, id: string) {
      deciding(principal, id);
      const row = await getUnmatched(deps.db, id);
      if (!row) return undefined;
      const payment = row.paymentId ? await getPayment(deps.db, row.paymentId) : undefined;
      return { status: row.status, dismissReason: row.dismissReason, invoice: await invoiceRef(payment?.invoiceId) };
    },
    async loadStatement(principal: Principal, bytes: Buffer, log?: ServiceLog) {
      allow(principal, 'importPayments');
      return importStatement(deps, principal, bytes, log);
    },
    /** What clients owe, by client and by age, as of today. */
    async receivables(principal: Principal): Promise<Receivables> {
      allow(principal, 'importPayments');
      const { today, open } = await receivablesReport(deps, principal, {});
      return { today, open };
    },
  };
}
