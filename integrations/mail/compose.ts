// A queued notification made into a message: the template in the reader's language, task titles and deadlines
// localised, the invoice's payment link and document, and the Message-ID that stays the same on every attempt.
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { clientTokenOf } from '../../db/queries/client-links.ts';
import { findInvoiceWithOrder } from '../../db/queries/invoices.ts';
import type { Locale, TaskType } from '../../domain/funnel.ts';
import { formatDateTime } from '../../domain/format.ts';
import { taskTitle } from '../../domain/texts.ts';
import { invoiceDocument } from '../invoice-documents.ts';
import { payPageUrl } from '../payment-links.ts';
import type { OutgoingMail } from './mailer.ts';
import { CLIENT_TEMPLATES, renderMail, type Template, type TemplateData } from './templates.ts';

const TO_CLIENT: ReadonlySet<Template> = new Set(CLIENT_TEMPLATES);
export const isToClient = (template: Template) => TO_CLIENT.has(template);

/** Derived from the notification's key: a copy sent again after a crash is the same message to mail clients. */
export const messageIdOf = (key: string) => `<${key.replace(/[^\w.-]/g, '.')}@order-engine>`;

/** Task titles in the reader's language; deadlines also in the company's time zone when it is given. */
export function localised(data: TemplateData, locale: Locale, timezone?: string): TemplateData {
  const out = { ...data };
  if (typeof data.taskType === 'string') out.title = taskTitle(locale, data.taskType as TaskType, String(data.number ?? ''), data.subject ? String(data.subject) : undefined);
  if (timezone && typeof data.deadline === 'string') {
    out.deadline = formatDateTime(data.deadline, locale, timezone);
  }
  return out;
}

/** The subject alone, known when the message is queued (no subject carries a link or a deadline). */
export const subjectOf = (template: Template, locale: Locale, data: TemplateData) => renderMail(template, locale, localised(data, locale), '').subject;

export interface QueuedMail {
  key: string;
  recipient: string;
  template: Template;
  locale: Locale;
  data: TemplateData;
  invoiceId: string | null;
  attachInvoice: boolean;
  /** With it, a message to the client carries the link to the order's page as it is when sent. */
  orderId?: string | null;
}

/** The order page's address for a message to the client, read when it is sent: a re-issued link goes out, never an ended one. */
export async function withClientUrl(db: Db, config: Config, row: Pick<QueuedMail, 'template' | 'orderId' | 'data'>): Promise<TemplateData> {
  if (!row.orderId || !isToClient(row.template)) return row.data;
  const token = await clientTokenOf(db, row.orderId);
  return token ? { ...row.data, clientUrl: `${config.publicBaseUrl}/o/${token}` } : row.data;
}

/** The order's page in the staff workspace, at the configured public address. */
export const orderPageUrl = (config: Config, orderId: string) => `${config.publicBaseUrl}/orders/${orderId}`;

export async function composeMail(db: Db, config: Config, row: QueuedMail): Promise<OutgoingMail> {
  const invoice = row.invoiceId ? await findInvoiceWithOrder(db, { id: row.invoiceId }) : undefined;
  const base = await withClientUrl(db, config, row);
  const paid = invoice ? { ...base, paymentUrl: invoice.invoice.paymentUrl ?? payPageUrl(config, invoice.invoice.paymentToken) } : base;
  // staff open the order in the workspace; the client never sees that address
  const data = row.orderId && !isToClient(row.template) ? { ...paid, orderUrl: orderPageUrl(config, row.orderId) } : paid;
  const mail = renderMail(row.template, row.locale, localised(data, row.locale, config.timezone), config.seller.name);
  const pdf = invoice && row.attachInvoice ? await invoiceDocument(db, config, invoice.invoice.id, invoice) : undefined;
  return {
    messageId: messageIdOf(row.key),
    to: row.recipient,
    ...mail,
    ...(pdf && invoice ? { attachments: [{ filename: `${invoice.invoice.number}.pdf`, content: pdf, contentType: 'application/pdf' }] } : {}),
  };
}
