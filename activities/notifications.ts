// Notifications: rendered, written to the outbox under the step's key, then sent. A row already sent (or
// skipped) is never sent again; a failure is recorded and thrown, and Temporal retries with backoff.
import { and, eq, inArray, lt, ne, or, sql } from 'drizzle-orm';
import { Context } from '@temporalio/activity';
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { findInvoiceWithOrder } from '../db/queries/invoices.ts';
import { employees, notifications, orders, timeline } from '../db/schema.ts';
import type { Department, Locale, TaskType } from '../domain/funnel.ts';
import { taskTitle, timelineText } from '../domain/texts.ts';
import { renderStoredInvoice } from '../integrations/invoice-pdf.ts';
import type { Mailer } from '../integrations/mail/mailer.ts';
import { renderMail, type Template, type TemplateData } from '../integrations/mail/templates.ts';
import { payPageUrl } from '../integrations/payment-links.ts';

/**
 * An attempt that claimed a row this long ago and never finished has died (a killed worker): the message is
 * sent again. SMTP cannot say whether the dead attempt got it out; the Message-ID derived from the key lets
 * the receiving side drop such a second copy.
 */
const STALE_CLAIM_MS = 2 * 60_000;

/**
 * The activity attempt running this code. Temporal starts attempt N+1 only once attempt N has failed or
 * timed out, and the mailer gives up well inside an attempt's time, so a later attempt of the activity that
 * holds a claim may take it over at once instead of waiting for the claim to go stale. Outside an activity
 * (a direct call), none.
 */
function currentAttempt(): { holder: string; attempt: number } | undefined {
  try {
    const { workflowExecution, activityId, attempt } = Context.current().info;
    return workflowExecution ? { holder: `${workflowExecution.runId}/${activityId}`, attempt } : undefined;
  } catch {
    return undefined;
  }
}

export type Recipient = { kind: 'client' } | { kind: 'employee'; employeeId: string } | { kind: 'heads'; department: Department; except?: string };

export interface NotifyInput {
  /** Derived from the workflow and the step; one message per key, ever. */
  key: string;
  orderId: string;
  template: Template;
  to: Recipient;
  data: TemplateData;
  /** The invoice the message is about: its payment link goes into the data. */
  invoiceId?: string;
  /** Attach the invoice's PDF. */
  attachInvoice?: boolean;
}

export function createNotificationActivities({ db, config, mailer }: { db: Db; config: Config; mailer: Mailer }) {
  async function recipients(to: Recipient, order: { customer: { email: string | null }; locale: string }) {
    if (to.kind === 'client') return [{ suffix: '', email: order.customer.email, locale: order.locale as Locale }];
    const rows = await db
      .select({ id: employees.id, email: employees.email })
      .from(employees)
      .where(
        to.kind === 'employee'
          ? and(eq(employees.id, to.employeeId), eq(employees.active, true))
          : and(eq(employees.department, to.department), eq(employees.isHead, true), eq(employees.active, true), ...(to.except ? [ne(employees.id, to.except)] : [])),
      );
    // staff read the company's language
    return rows.map((row) => ({ suffix: to.kind === 'heads' ? `:${row.id}` : '', email: row.email, locale: config.defaultLocale }));
  }

  async function attachmentFor(invoiceId: string | undefined) {
    if (!invoiceId) return undefined;
    const found = await findInvoiceWithOrder(db, { id: invoiceId });
    if (!found) return undefined;
    const { invoice } = found;
    const content = await renderStoredInvoice(config, found, invoice.paymentUrl ?? payPageUrl(config, invoice.paymentToken));
    return [{ filename: `${invoice.number}.pdf`, content, contentType: 'application/pdf' }];
  }

  /** Task titles and deadlines in the reader's language and the company's time zone. */
  function localised(data: TemplateData, locale: Locale): TemplateData {
    const out = { ...data };
    if (typeof data.taskType === 'string') out.title = taskTitle(locale, data.taskType as TaskType, String(data.number ?? ''), data.subject ? String(data.subject) : undefined);
    if (typeof data.deadline === 'string') {
      out.deadline = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { timeZone: config.timezone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(data.deadline));
    }
    return out;
  }

  return {
    async notify(input: NotifyInput): Promise<{ sent: number; skipped: number }> {
      const [order] = await db.select({ customer: orders.customer, locale: orders.locale }).from(orders).where(eq(orders.id, input.orderId));
      if (!order) return { sent: 0, skipped: 0 };
      const invoice = input.invoiceId ? await findInvoiceWithOrder(db, { id: input.invoiceId }) : undefined;
      const base = invoice ? { ...input.data, paymentUrl: invoice.invoice.paymentUrl ?? payPageUrl(config, invoice.invoice.paymentToken) } : input.data;
      let sent = 0;
      let skipped = 0;
      const me = currentAttempt();
      for (const recipient of await recipients(input.to, order)) {
        const key = `${input.key}${recipient.suffix}`;
        const mail = renderMail(input.template, recipient.locale, localised(base, recipient.locale), config.seller.name);
        await db
          .insert(notifications)
          .values({
            id: randomUUID(),
            key,
            orderId: input.orderId,
            recipient: recipient.email,
            template: input.template,
            subject: mail.subject,
            status: recipient.email ? 'pending' : 'skipped',
            error: recipient.email ? null : 'the recipient has no e-mail address',
            createdAt: new Date(),
          })
          .onConflictDoNothing({ target: notifications.key });
        // claim the row: only one attempt sends it; a claim older than STALE_CLAIM_MS, or held by an earlier
        // attempt of this same activity, is an attempt that died
        const [row] = await db
          .update(notifications)
          .set({ status: 'sending', claimedAt: new Date(), claimedBy: me?.holder ?? null, claimAttempt: me?.attempt ?? null, attempts: sql`${notifications.attempts} + 1` })
          .where(
            and(
              eq(notifications.key, key),
              or(
                inArray(notifications.status, ['pending', 'failed']),
                and(eq(notifications.status, 'sending'), lt(notifications.claimedAt, new Date(Date.now() - STALE_CLAIM_MS))),
                ...(me ? [and(eq(notifications.status, 'sending'), eq(notifications.claimedBy, me.holder), lt(notifications.claimAttempt, me.attempt))] : []),
              ),
            ),
          )
          .returning();
        if (!row) {
          const [existing] = await db.select({ status: notifications.status }).from(notifications).where(eq(notifications.key, key));
          if (existing?.status === 'skipped') skipped += 1;
          // another attempt is sending it right now: let Temporal come back later to see how that went
          if (existing?.status === 'sending') throw new Error(`notification ${key} is being sent by another attempt`);
          continue;
        }
        if (!row.recipient) continue;
        try {
          await mailer({
            messageId: `<${key.replace(/[^\w.-]/g, '.')}@order-engine>`,
            to: row.recipient,
            ...mail,
            attachments: input.attachInvoice ? await attachmentFor(input.invoiceId) : undefined,
          });
        } catch (error) {
          await db
            .update(notifications)
            .set({ status: 'failed', error: String((error as Error).message ?? error).slice(0, 500) })
            .where(and(eq(notifications.id, row.id), eq(notifications.status, 'sending')));
          throw error;
        }
        const now = new Date();
        await db.transaction(async (tx) => {
          await tx
            .update(notifications)
            .set({ status: 'sent', error: null, sentAt: now })
            .where(and(eq(notifications.id, row.id), eq(notifications.status, 'sending')));
          if (input.to.kind === 'client') {
            const data = { template: input.template, recipient: row.recipient, notificationId: row.id };
            await tx
              .insert(timeline)
              .values({ key: `${key}:sent`, orderId: input.orderId, at: now, type: 'notification_sent', text: timelineText(order.locale as Locale, 'notification_sent', data), data })
              .onConflictDoNothing({ target: timeline.key });
          }
        });
        sent += 1;
      }
      return { sent, skipped };
    },
  };
}
