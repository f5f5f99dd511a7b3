// The invoice a client reaches by the unguessable token of its payment link: what the pay page shows, its
// PDF, and the provider's payment page to send the client to.
import { findInvoiceWithOrder, savePaymentUrl, type InvoiceWithOrder } from '../../db/queries/invoices.ts';
import { storedForInvoice } from '../../db/queries/payments.ts';
import { CHECK_CODE, formatAmount } from '../../integrations/cloudpayments.ts';
import { createPaymentLinks } from '../../integrations/payment-links.ts';
import type { ServiceDeps } from './deps.ts';
import { invoicePdf } from './documents.ts';
import { checkCode, payableOn } from './provider-payments.ts';

export type ClientInvoice = InvoiceWithOrder;

const TOKEN = /^[\w-]{16,64}$/;

/** The invoice of a payment link's token, or undefined for a token that is malformed or unknown. */
export async function findClientInvoice({ db }: ServiceDeps, token: string): Promise<ClientInvoice | undefined> {
  return TOKEN.test(token) ? findInvoiceWithOrder(db, { token }) : undefined;
}

/** What the client can pay now, and whether the provider would take it. */
export function payableNow(found: ClientInvoice): { due: number; payable: boolean } {
  const due = payableOn(found);
  return { due, payable: checkCode(found, { Amount: formatAmount(due), Currency: found.invoice.currency }) === CHECK_CODE.ok };
}

/**
 * Where the invoice stands for its client: `paid` once the order has counted it, `recording` while a payment
 * is stored but not yet counted (the figures then include it, so the page never says paid beside 0,00 ₽).
 */
export interface PayState {
  phase: 'open' | 'recording' | 'paid' | 'cancelled';
  paid: number;
  due: number;
}

export async function payStateOf({ db }: ServiceDeps, { invoice }: ClientInvoice): Promise<PayState> {
  if (invoice.status === 'cancelled') return { phase: 'cancelled', paid: invoice.paid, due: 0 };
  if (invoice.status === 'paid') return { phase: 'paid', paid: invoice.paid, due: 0 };
  const stored = await storedForInvoice(db, invoice.id);
  if (stored > invoice.paid) return { phase: 'recording', paid: stored, due: Math.max(0, invoice.amount - stored) };
  return { phase: 'open', paid: invoice.paid, due: Math.max(0, invoice.amount - invoice.paid) };
}

export function clientInvoicePdf({ db, config }: ServiceDeps, found: ClientInvoice): Promise<Buffer> {
  return invoicePdf(db, config, found);
}

/**
 * The provider's payment page for this invoice, made on first use if the workflow could not make it when
 * the invoice was issued (and kept). Throws what the provider threw when it cannot make one now.
 */
export async function providerPaymentUrl({ db, config }: ServiceDeps, { invoice, order }: ClientInvoice): Promise<string> {
  // a link stored while the sandbox was the provider points at our own page: the provider makes a real one
  const stored = invoice.paymentUrl?.startsWith(config.publicBaseUrl) ? null : invoice.paymentUrl;
  if (stored) return stored;
  const url = await createPaymentLinks(config)({
    invoiceId: invoice.id,
    invoiceNumber: invoice.number,
    token: invoice.paymentToken,
    amount: invoice.amount,
    currency: invoice.currency,
    orderId: order.id,
    orderNumber: order.number,
    email: order.customer.email,
  });
  await savePaymentUrl(db, invoice.id, url);
  return url;
}
