// What the API, the worker and the workflow share: names, inputs, messages and search attributes.
// Importing this file never pulls in workflow code.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Delivery, Locale, PaymentScheme, Stage, TaskType } from '../domain/funnel.ts';
import type { PricedItem } from '../domain/money.ts';

/** The workflow type new orders start. A change that alters the command sequence of running orders starts a new
 * type here and keeps the old one registered until its last execution ends (workflows/legacy/order-v1.ts). */
export const ORDER_WORKFLOW = 'orderWorkflowV2';

/**
 * The patches of ORDER_WORKFLOW (`patched()`), oldest first: runs started before one take the old branch. The
 * replay fixtures hold, for every path, a history recorded before the newest patch and one recorded after it.
 */
export const ORDER_PATCHES = {
  /** Task warnings and escalation (workflows/order/escalation.ts). */
  taskWarnings: 'task-warnings-v1',
  /** A refund recorded by money closes the refund task it settles (workflows/order/refunds.ts). */
  refundSettlesTask: 'refund-settles-task',
  /** Long runs continue as new (workflows/order/continue.ts). */
  continueAsNew: 'order-continue-as-new',
  /** Keys and task ids derived from the event that caused them (workflows/order/context.ts). */
  eventKeys: 'event-keys',
  /** A task's warning and escalation, and an invoice's first reminder, computed in the call that computes the deadline they count from (workflows/order/deadlines.ts). */
  deadlinesAhead: 'task-deadlines-ahead',
} as const;
export const NEWEST_PATCH = ORDER_PATCHES.deadlinesAhead;

/**
 * Started under the order's own workflow id (signal-with-start) when money arrives after the order's workflow
 * has ended: counts it by the order workflow's rules, waits the settlement window for more, and ends.
 */
export const SETTLEMENT_WORKFLOW = 'settlementWorkflow';

export interface SettlementInput {
  orderId: string;
  settings: OrderSettings;
}

export const orderWorkflowId = (orderId: string): string => `order-${orderId}`;

export const searchAttributes = {
  stage: defineSearchAttributeKey('OrderStage', SearchAttributeType.KEYWORD),
  number: defineSearchAttributeKey('OrderNumber', SearchAttributeType.KEYWORD),
  managerId: defineSearchAttributeKey('ManagerId', SearchAttributeType.KEYWORD),
  amountDue: defineSearchAttributeKey('AmountDue', SearchAttributeType.INT),
  overdue: defineSearchAttributeKey('Overdue', SearchAttributeType.BOOL),
} as const;

/** Name and type of every custom search attribute, as the server registers them. */
export const SEARCH_ATTRIBUTE_TYPES: Record<string, 'Keyword' | 'Int' | 'Bool'> = {
  OrderStage: 'Keyword',
  OrderNumber: 'Keyword',
  ManagerId: 'Keyword',
  AmountDue: 'Int',
  Overdue: 'Bool',
};

/** Durations fixed when the order starts, so a configuration change never moves a running order's deadlines. */
export interface OrderSettings {
  sla: { takeInWorkMs: number; qualifyMs: number; enterDeliveryDataMs: number };
  paymentTermMs: number;
  paymentReminderIntervalMs: number;
  productionDayMs: number;
  timezone: string;
  /** How long a won or lost order still takes late payments and refunds before its workflow ends. */
  settlementWindowMs?: number;
  /** Reminders of one unpaid invoice, then a task for the manager; absent (orders started before): no limit. */
  paymentReminderLimit?: number;
  /** Events in one run after which the workflow continues as new at a quiet moment; absent: when the server suggests it. */
  historyLimit?: number;
  /**
   * Warnings and escalation (TASK_WARNING_AT, ESCALATION_DELAY): the assignee is warned when this share of a
   * task's working time is gone (null: never); management hears `delayMs` of working time after the deadline.
   * Absent for orders started before them.
   */
  escalation?: { warnAtShare: number | null; delayMs: number };
}

export interface OrderWorkflowInput {
  orderId: string;
  number: string;
  locale: Locale;
  currency: string;
  customerName: string;
  amount: number;
  settings: OrderSettings;
  /** For task descriptions (issue 13); absent for orders started before them. */
  comment?: string | null;
  contact?: { phone: string | null; email: string | null };
}

export interface Actor {
  id: string;
  name: string;
}

/** Who gave a command: an employee, or null for the built-in admin. */
export type CommandActor = Actor | null;

export type { PricedItem } from '../domain/money.ts';

export type DeliveryData = Omit<Delivery, 'trackingNumber'>;

export interface CompleteTaskCommand {
  taskId: string;
  actor: CommandActor;
  comment?: string;
  trackingNumber?: string;
  /** For a production task: tell the client the item is made. */
  notifyClient?: boolean;
  /** For a refund task: the money paid back, stored as a payment by the API. */
  refund?: RefundRecord;
}

/** Money paid back to the client: a negative payment of `amount` (positive kopecks) on the invoice. */
export interface RefundRecord {
  paymentId: string;
  invoiceId: string;
  amount: number;
}

export interface QualifyCommand {
  actor: CommandActor;
  items: PricedItem[];
  paymentScheme: PaymentScheme;
  prepaymentAmount: number;
  delivery?: DeliveryData;
}

export interface SaveDeliveryCommand {
  actor: CommandActor;
  delivery: DeliveryData;
  /** End of the ship date in the company's time zone: the delivery task's deadline. */
  shipDeadline: string;
}

export interface CancelCommand {
  actor: CommandActor;
  /** Written for staff: the client reads it only when `notifyClientOfReason` is true. */
  reason: string;
  /** Optional so that commands recorded before it replay as before (absent: the client gets a neutral message). */
  notifyClientOfReason?: boolean;
}

export interface CommentCommand {
  actor: CommandActor;
  text: string;
  notifyClient: boolean;
}

/** The client's details as the order keeps them (docs/funnel.md, "Changes to an order"). */
export interface CustomerDetails {
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  inn: string | null;
  locale: Locale;
}

export interface ChangeCustomerCommand {
  actor: CommandActor;
  /** Only the fields to change. */
  changes: Partial<Pick<CustomerDetails, 'name' | 'email' | 'phone' | 'locale'>>;
  /** The details as the read model held them when asked: the "before" of the order's first change of them. */
  current: CustomerDetails;
}

export interface AmendCommand {
  actor: CommandActor;
  items: PricedItem[];
  paymentScheme: PaymentScheme;
  prepaymentAmount: number;
}

export interface ChangeItemsCommand {
  actor: CommandActor;
  add: PricedItem[];
  /** Ids of the order's rows to take out; a row already produced stays. */
  remove: string[];
}

export interface ChangeDeliveryCommand {
  actor: CommandActor;
  delivery: DeliveryData;
}

/** A message the client wrote on the order page; `messageId` is the form's own, so a repeat is one message. */
export interface ClientMessageCommand {
  messageId: string;
  text: string;
}

/**
 * Hands an open task to `assignee`, or back to the department's queue when null (issue 13);
 * `onlyIfUnassigned`: taken from the queue; `handedOverFrom`: the deactivated employee who held it, whose
 * department head is told (refused when the task has moved on since).
 */
export interface AssignTaskCommand {
  actor: CommandActor;
  taskId: string;
  assignee: Actor | null;
  onlyIfUnassigned?: boolean;
  handedOverFrom?: Actor;
}

/** Makes `manager` the order's responsible manager; the sales tasks of the one before go with it. */
export interface SetManagerCommand {
  actor: CommandActor;
  manager: Actor;
}

export interface PaymentNotice {
  paymentId: string;
  invoiceId: string;
  /** Negative for a refund. */
  amount: number;
  source: 'manual' | 'cloudpayments' | '1c' | 'bank';
  /** The employee who recorded a manual payment. */
  recordedBy?: Actor | null;
  /** Money kept as unmatched that accounting matched to this invoice: the timeline says so. */
  unmatchedId?: string;
}

/** Accounting takes back a payment recorded by mistake; the payment's amount and invoice come from its row. */
export interface ReversePaymentCommand {
  actor: CommandActor;
  paymentId: string;
  invoiceId: string;
  amount: number;
  reason: string;
}

/** Failure types of refused commands; the API maps them to the contract's status codes. */
export const COMMAND_ERROR = {
  wrongStage: 'WRONG_STAGE',
  conflict: 'CONFLICT',
  notFound: 'NOT_FOUND',
} as const;

export interface OpenTaskView {
  id: string;
  type: TaskType;
  assignee: Actor | null;
  deadline: string;
  overdue: boolean;
}

export interface OrderStateView {
  stage: Stage;
  manager: Actor | null;
  total: number;
  paid: number;
  due: number;
  overdue: boolean;
  openTasks: OpenTaskView[];
}

/** Resolves once the workflow has done the `new` stage's entry actions: the answer to `POST /orders`. */
export const intakeUpdate = defineUpdate<OrderStateView>('intake');

export const completeTaskUpdate = defineUpdate<OrderStateView, [CompleteTaskCommand]>('completeTask');
export const qualifyUpdate = defineUpdate<OrderStateView, [QualifyCommand]>('qualify');
export const saveDeliveryUpdate = defineUpdate<OrderStateView, [SaveDeliveryCommand]>('saveDelivery');
export const cancelUpdate = defineUpdate<OrderStateView, [CancelCommand]>('cancel');
export const changeCustomerUpdate = defineUpdate<OrderStateView, [ChangeCustomerCommand]>('changeCustomer');
export const amendUpdate = defineUpdate<OrderStateView, [AmendCommand]>('amend');
export const changeItemsUpdate = defineUpdate<OrderStateView, [ChangeItemsCommand]>('changeItems');
export const changeDeliveryUpdate = defineUpdate<OrderStateView, [ChangeDeliveryCommand]>('changeDelivery');
export const assignTaskUpdate = defineUpdate<OrderStateView, [AssignTaskCommand]>('assignTask');
export const setManagerUpdate = defineUpdate<OrderStateView, [SetManagerCommand]>('setManager');
/** Resolves with the timeline key of the comment's entry. */
export const commentUpdate = defineUpdate<{ key: string }, [CommentCommand]>('comment');

/** Staff send an invoice to the client again (workflows/order/resend.ts); resolves with its timeline key. */
export interface ResendInvoiceCommand {
  invoiceId: string;
  /** The caller's Idempotency-Key: the same key sends the mail and writes the entry once. */
  requestKey: string;
  /** As printed on the invoice: the workflow keeps only its number and sums. */
  dueDate: string;
  actor: CommandActor;
}
export const resendInvoiceUpdate = defineUpdate<{ key: string }, [ResendInvoiceCommand]>('resendInvoice');

export const reversePaymentUpdate = defineUpdate<OrderStateView, [ReversePaymentCommand]>('reversePayment');
/** Resolves with the timeline key of the client's message once it is written (workflows/order/client.ts). */
export const clientMessageUpdate = defineUpdate<{ key: string }, [ClientMessageCommand]>('clientMessage');

/** A payment stored in the database; the workflow counts each paymentId once. */
export const paymentSignal = defineSignal<[PaymentNotice]>('payment');

export interface PaymentFailure {
  transactionId: string;
  invoiceId: string;
  amount: number | null;
  reason: string | null;
  reasonCode: string | null;
}

/** The provider could not take a payment: written to the timeline once per transaction. */
export const paymentFailedSignal = defineSignal<[PaymentFailure]>('paymentFailed');

/**
 * Money for an order whose workflow has ended, given to its settlement run (update-with-start): resolves once
 * the payment is counted and written.
 */
export const settleUpdate = defineUpdate<OrderStateView, [PaymentNotice]>('settle');

export const stateQuery = defineQuery<OrderStateView>('state');
