// What the order workflow knows, and which commands fit it. Pure: used by update validators (synchronous)
// and again when the main loop takes a command, since the state may have moved on in between.
import type { Delivery, Department, ItemStatus, PaymentScheme, Stage, TaskStatus, TaskType } from '../domain/funnel.ts';
import { CLOSED_STAGES } from '../domain/funnel.ts';
import { dueOf, type MarginFigures } from '../domain/money.ts';
import { changeRefusal } from './order/change-rules.ts';
import type { InvoiceStatus } from '../domain/qualification.ts';
import {
  COMMAND_ERROR,
  type Actor,
  type AmendCommand,
  type AssignTaskCommand,
  type CancelCommand,
  type ChangeCustomerCommand,
  type ChangeDeliveryCommand,
  type ChangeItemsCommand,
  type CustomerDetails,
  type ClientMessageCommand,
  type CommentCommand,
  type CompleteTaskCommand,
  type OrderStateView,
  type OrderWorkflowInput,
  type PricedItem,
  type QualifyCommand,
  type ResendInvoiceCommand,
  type ReversePaymentCommand,
  type SaveDeliveryCommand,
  type SetManagerCommand,
} from './shared.ts';

export interface TaskState {
  id: string;
  type: TaskType;
  itemId: string | null;
  department: Department;
  assignee: Actor | null;
  deadline: string;
  status: TaskStatus;
  overdue: boolean;
  /** The invoice a `chase_payment` task is about. */
  invoiceId?: string;
}

export interface InvoiceState {
  id: string;
  number: string;
  kind: 'prepayment' | 'postpayment';
  amount: number;
  paid: number;
  status: InvoiceStatus;
}

export interface OrderState {
  stage: Stage;
  manager: Actor | null;
  total: number;
  paid: number;
  paymentScheme: PaymentScheme | null;
  prepaymentAmount: number;
  items: (PricedItem & { status: ItemStatus })[];
  tasks: TaskState[];
  invoices: InvoiceState[];
  /** Payment ids already counted: a payment signalled twice counts once. */
  countedPayments: string[];
  /** Money already given to accounting to refund, so that cancelling does not refund it again. */
  refundsTasked: number;
  /** Provider transactions already reported as failed. */
  failedPayments: string[];
  /** Cost and margin, from the moment the order entered production. */
  costs: MarginFigures | null;
  delivery: Delivery | null;
  /** The order's overdue flag as last written to the read model and search attributes. */
  overdue: boolean;
  /** The client's details once staff changed them (workflows/order/changes.ts); before that the read model's. */
  customer?: CustomerDetails;
  /** Each row's production cost, frozen when production starts: what removing a row takes off the cost. */
  itemCosts?: Record<string, number>;
  /** Refunds recorded (negative payments), so that a change refunds only what is not on its way back. */
  refunded?: number;
  /** Payments reversed by accounting (workflows/order/reversals.ts); absent until the first. */
  reversedPayments?: string[];
}

export function initialState(input: OrderWorkflowInput): OrderState {
  return {
    stage: 'new',
    manager: null,
    total: input.amount,
    paid: 0,
    paymentScheme: null,
    prepaymentAmount: 0,
    items: [],
    tasks: [],
    invoices: [],
    countedPayments: [],
    refundsTasked: 0,
    failedPayments: [],
    costs: null,
    delivery: null,
    overdue: false,
  };
}

export const openTasks = (state: OrderState) => state.tasks.filter((t) => t.status === 'open');

export function view(state: OrderState): OrderStateView {
  return {
    stage: state.stage,
    manager: state.manager,
    total: state.total,
    paid: state.paid,
    due: dueOf(state.total, state.paid),
    overdue: state.overdue,
    openTasks: openTasks(state).map(({ id, type, assignee, deadline, overdue }) => ({ id, type, assignee, deadline, overdue })),
  };
}

export type Command =
  | ({ kind: 'completeTask' } & CompleteTaskCommand)
  | ({ kind: 'qualify' } & QualifyCommand)
  | ({ kind: 'saveDelivery' } & SaveDeliveryCommand)
  | ({ kind: 'cancel' } & CancelCommand)
  | ({ kind: 'comment' } & CommentCommand)
  | ({ kind: 'changeCustomer' } & ChangeCustomerCommand)
  | ({ kind: 'amend' } & AmendCommand)
  | ({ kind: 'changeItems' } & ChangeItemsCommand)
  | ({ kind: 'changeDelivery' } & ChangeDeliveryCommand)
  | ({ kind: 'reversePayment' } & ReversePaymentCommand)
  | ({ kind: 'clientMessage' } & ClientMessageCommand)
  | ({ kind: 'assignTask' } & AssignTaskCommand)
  | ({ kind: 'setManager' } & SetManagerCommand)
  | ({ kind: 'resendInvoice' } & ResendInvoiceCommand);

export interface Refusal {
  type: (typeof COMMAND_ERROR)[keyof typeof COMMAND_ERROR];
  message: string;
}

/** Why `command` does not fit the order now, or null when it does. */
export function refusalOf(state: OrderState, command: Command): Refusal | null {
  const wrongStage = (expected: string): Refusal => ({
    type: COMMAND_ERROR.wrongStage,
    message: `The order is in stage ${state.stage}; this needs ${expected}`,
  });
  switch (command.kind) {
    case 'completeTask': {
      const task = state.tasks.find((t) => t.id === command.taskId);
      if (!task) return { type: COMMAND_ERROR.notFound, message: 'Task not found on this order' };
      if (task.status !== 'open') return { type: COMMAND_ERROR.conflict, message: `The task is ${task.status} already` };
      if (task.type === 'qualify') return { type: COMMAND_ERROR.conflict, message: 'A qualify task is completed by POST /orders/:id/qualify' };
      if (task.type === 'enter_delivery_data') {
        return { type: COMMAND_ERROR.conflict, message: 'An enter_delivery_data task is completed by POST /orders/:id/delivery' };
      }
      return null;
    }
    case 'qualify':
      return state.stage === 'qualification' ? null : wrongStage('qualification');
    case 'saveDelivery':
      return state.stage === 'delivery_data' ? null : wrongStage('delivery_data');
    case 'cancel':
      return CLOSED_STAGES.includes(state.stage) ? wrongStage('a stage before won') : null;
    case 'comment':
    case 'clientMessage':
      return null;
    case 'changeCustomer':
    case 'amend':
    case 'changeItems':
    case 'changeDelivery':
      return changeRefusal(state, command);
    case 'reversePayment':
      // a reversal repeated is answered as done (reversals.ts); one the order never counted is refused
      return state.countedPayments.includes(command.paymentId) ? null : { type: COMMAND_ERROR.notFound, message: 'The order has not counted this payment' };
    case 'assignTask': {
      const task = state.tasks.find((t) => t.id === command.taskId);
      if (!task) return { type: COMMAND_ERROR.notFound, message: 'Task not found on this order' };
      if (task.status !== 'open') return { type: COMMAND_ERROR.conflict, message: `The task is ${task.status}; only an open task is assigned` };
      if (command.onlyIfUnassigned && task.assignee) return { type: COMMAND_ERROR.conflict, message: 'The task is assigned already; only a task in the department queue can be taken' };
      if (command.handedOverFrom && task.assignee?.id !== command.handedOverFrom.id) return { type: COMMAND_ERROR.conflict, message: 'The task has been handed on already' };
      if ((task.assignee?.id ?? null) === (command.assignee?.id ?? null)) return { type: COMMAND_ERROR.conflict, message: command.assignee ? 'The task is assigned to this employee already' : 'The task is in the queue already' };
      return null;
    }
    case 'setManager':
      if (CLOSED_STAGES.includes(state.stage)) return wrongStage('a stage before won');
      return state.manager?.id === command.manager.id ? { type: COMMAND_ERROR.conflict, message: 'This employee is the order\'s manager already' } : null;
    case 'resendInvoice': {
      // only an invoice still asking for money goes out again (workflows/order/resend.ts)
      const invoice = state.invoices.find((i) => i.id === command.invoiceId);
      if (!invoice) return { type: COMMAND_ERROR.notFound, message: 'Invoice not found on this order' };
      return invoice.status === 'paid' || invoice.status === 'cancelled' ? { type: COMMAND_ERROR.conflict, message: `The invoice is ${invoice.status}; only an unpaid invoice is sent again` } : null;
    }
  }
}
