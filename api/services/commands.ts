// Staff commands go to the order's workflow as updates, payments as signals. A refusal from the workflow
// becomes the contract's 409 (or 404); an unreachable Temporal becomes 503 via the error handler.
import { WithStartWorkflowOperation, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import type { Principal } from '../../domain/roles.ts';
import {
  COMMAND_ERROR,
  orderWorkflowId,
  paymentFailedSignal,
  paymentSignal,
  SETTLEMENT_WORKFLOW,
  type CommandActor,
  type PaymentFailure,
  type PaymentNotice,
  type SettlementInput,
} from '../../workflows/shared.ts';
import { AppError, busy, isTemporalBusy } from '../errors.ts';
import type { ServiceDeps } from './deps.ts';

/** How long a command waits for the workflow before the caller gets 503 (the command may still complete). */
const COMMAND_DEADLINE_MS = 15_000;
const PAYMENT_SIGNAL_DEADLINE_MS = 5_000;

const REFUSAL_STATUS: Record<string, { status: number; code: 'WRONG_STAGE' | 'CONFLICT' | 'NOT_FOUND' }> = {
  [COMMAND_ERROR.wrongStage]: { status: 409, code: 'WRONG_STAGE' },
  [COMMAND_ERROR.conflict]: { status: 409, code: 'CONFLICT' },
  [COMMAND_ERROR.notFound]: { status: 404, code: 'NOT_FOUND' },
};

/** The order's workflow has ended: the order is closed and past its settlement window. */
export class OrderClosedError extends AppError {
  constructor() {
    super(409, 'WRONG_STAGE', 'The order is closed');
  }
}

/** The employee a command is recorded under; the built-in admin acts as nobody in particular. */
export const actorOf = (principal: Principal): CommandActor => (principal.kind === 'employee' ? { id: principal.id, name: principal.name } : null);

function isClosed(error: unknown): boolean {
  return error instanceof WorkflowNotFoundError || /already completed|not found/i.test((error as Error)?.message ?? '');
}

export async function sendCommand<Ret, Arg>(
  { temporal }: ServiceDeps,
  orderId: string,
  update: UpdateDefinition<Ret, [Arg]>,
  arg: Arg,
): Promise<Ret> {
  const handle = temporal.workflow.getHandle(orderWorkflowId(orderId));
  const deadline = Date.now() + COMMAND_DEADLINE_MS;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await temporal.withDeadline(deadline, () => handle.executeUpdate(update, { args: [arg] }));
    } catch (error) {
      // Among many updates at once, the server may hand one back unprocessed: the workflow never saw it, so
      // sending it again is safe and is what the caller would have to do
      if (!isUnprocessed(error) || attempt >= UNPROCESSED_ATTEMPTS || Date.now() > deadline) throw commandError(error);
      await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
    }
  }
}

const UNPROCESSED_ATTEMPTS = 6;

function isUnprocessed(error: unknown): boolean {
  return error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === 'UnprocessedUpdate';
}

/** A workflow's refusal as the contract's error; a timeout as 503; an ended workflow as OrderClosedError. */
function commandError(error: unknown): unknown {
  // the connection has retried it already with a short bounded backoff (runtime/temporal-client.ts)
  if (isTemporalBusy(error)) return busy(1);
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const mapped = REFUSAL_STATUS[error.cause.type ?? ''];
    if (mapped) return new AppError(mapped.status, mapped.code, error.cause.message);
  }
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new AppError(503, 'UNAVAILABLE', 'The order did not answer in time; retry shortly');
  }
  return isClosed(error) ? new OrderClosedError() : error;
}

/**
 * For an order whose workflow has ended: the update goes to its settlement run (workflows/settlement.ts),
 * started under the order's workflow id if none is running, and answers once the change is written.
 */
export async function settleClosedOrder<Ret, Arg>(deps: ServiceDeps, orderId: string, update: UpdateDefinition<Ret, [Arg]>, arg: Arg, input: SettlementInput): Promise<Ret> {
  const start = new WithStartWorkflowOperation(SETTLEMENT_WORKFLOW, {
    workflowId: orderWorkflowId(orderId),
    taskQueue: deps.config.temporal.taskQueue,
    args: [input] as [SettlementInput],
    workflowIdConflictPolicy: 'USE_EXISTING',
    staticSummary: 'Поздние платежи и возвраты закрытого заказа',
  });
  try {
    return await deps.temporal.withDeadline(Date.now() + COMMAND_DEADLINE_MS, () =>
      deps.temporal.workflow.executeUpdateWithStart(update, { args: [arg], startWorkflowOperation: start }),
    );
  } catch (error) {
    throw commandError(error);
  }
}

/** Sends a signal to the order, bounded like commands; throws OrderClosedError when its workflow has ended. */
async function signalOrder<Arg>(
  { temporal }: ServiceDeps,
  orderId: string,
  signal: SignalDefinition<[Arg]>,
  arg: Arg,
  deadlineMs = COMMAND_DEADLINE_MS,
): Promise<void> {
  try {
    await temporal.withDeadline(Date.now() + deadlineMs, () => temporal.workflow.getHandle(orderWorkflowId(orderId)).signal(signal, arg));
  } catch (error) {
    throw isClosed(error) ? new OrderClosedError() : error;
  }
}

/**
 * Tells the order about a stored payment; the workflow counts each payment id once, so repeating is safe.
 * Bounded more tightly than commands: the payment is stored already, and the relay hands it over later if
 * Temporal cannot take it now, so the caller need not wait long.
 */
export function signalPayment(deps: ServiceDeps, orderId: string, payment: PaymentNotice): Promise<void> {
  return signalOrder(deps, orderId, paymentSignal, payment, PAYMENT_SIGNAL_DEADLINE_MS);
}

/** Tells the order that the provider could not take a payment; an order whose workflow has ended ignores it. */
export async function signalPaymentFailed(deps: ServiceDeps, orderId: string, failure: PaymentFailure): Promise<void> {
  try {
    await signalOrder(deps, orderId, paymentFailedSignal, failure);
  } catch (error) {
    if (!(error instanceof OrderClosedError)) throw error;
  }
}
