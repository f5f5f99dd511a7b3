// Where a client pays an invoice. The sandbox provider (the local default) pays on our own page; CloudPayments
// makes a payment page with its `orders/create` API.
import type { Config } from '../config.ts';
import { createProviderOrder } from './cloudpayments.ts';

export interface PaymentLinkInput {
  invoiceId: string;
  invoiceNumber: string;
  token: string;
  amount: number;
  currency: string;
  orderId: string;
  orderNumber: string;
  email: string | null;
}

export type PaymentLinks = (invoice: PaymentLinkInput) => Promise<string>;

export const payPageUrl = (config: Config, token: string) => `${config.publicBaseUrl}/pay/${token}`;
export const publicPdfUrl = (config: Config, token: string) => `${config.publicBaseUrl}/pay/${token}/invoice.pdf`;

export function createPaymentLinks(config: Config): PaymentLinks {
  if (config.payments.provider === 'sandbox') return async (invoice) => payPageUrl(config, invoice.token);
  return (invoice) =>
    createProviderOrder({ ...config.payments.cloudpayments, apiSecret: config.payments.cloudpayments.apiSecret ?? '' }, {
      requestId: invoice.invoiceId,
      amount: invoice.amount,
      currency: invoice.currency,
      description: `Оплата по счёту ${invoice.invoiceNumber}, заказ № ${invoice.orderNumber}`,
      invoiceNumber: invoice.invoiceNumber,
      accountId: invoice.email ?? invoice.orderId,
      email: invoice.email,
    });
}
