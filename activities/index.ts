// The worker's activities, built from injected dependencies; workflows import only the types.
import type { Db } from '../db/client.ts';
import type { Config } from '../config.ts';
import type { PaymentLinks } from '../integrations/payment-links.ts';
import { createAssignmentActivities } from './assignment.ts';
import { createCalendarActivities } from './calendar.ts';
import { createCatalogActivities } from './catalog.ts';
import { createInvoiceActivities } from './invoices.ts';
import { createNotificationActivities } from './notifications.ts';
import { createReadModelActivities } from './read-model.ts';
import { createSettlementActivities } from './settlement.ts';

export type { DeadlineRequest } from './calendar.ts';
export type { IssueInvoiceInput, IssuedInvoice } from './invoices.ts';
export type { NotifyInput, Recipient } from './notifications.ts';
export type { OutboxMessage } from '../db/queries/outbox.ts';
export type { SettlementState } from './settlement.ts';
export type { OrderChange, OrderPatch, TaskUpdate, TaskWrite, TimelineWrite } from './read-model.ts';

export interface ActivityDeps {
  db: Db;
  config: Config;
  paymentLinks: PaymentLinks;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createAssignmentActivities(deps),
    ...createCalendarActivities(deps),
    ...createCatalogActivities(deps),
    ...createInvoiceActivities(deps),
    ...createNotificationActivities(deps),
    ...createReadModelActivities(deps),
    ...createSettlementActivities(deps),
  };
}

export type OrderActivities = ReturnType<typeof createActivities>;
