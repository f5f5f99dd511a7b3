// Who may do what (docs/api.md, Authentication and roles). The admin key and `management` may do everything.
import type { Department } from './funnel.ts';

export type Principal =
  | { kind: 'admin'; id: null; name: 'admin' }
  | { kind: 'employee'; id: string; name: string; department: Department; isHead: boolean };

export const ACTIONS = {
  read: ['sales', 'production', 'logistics', 'accounting'],
  createOrder: ['sales', 'production', 'logistics', 'accounting'],
  salesCommand: ['sales'],
  /** Changes to an order once taken: further limited to its manager and the heads of sales (mayChangeOrder). */
  changeOrder: ['sales'],
  recordPayment: ['sales', 'accounting'],
  /** An unpaid invoice sent to the client again. */
  sendInvoice: ['sales', 'accounting'],
  importPayments: ['accounting'],
  reversePayment: ['accounting'],
  /** Costs and margin: not production and logistics (see mayReadCosts). */
  readCosts: ['sales', 'accounting'],
  manageReference: [],
} as const satisfies Record<string, readonly Department[]>;

export type Action = keyof typeof ACTIONS;

export function may(principal: Principal, action: Action): boolean {
  if (principal.kind === 'admin' || principal.department === 'management') return true;
  return (ACTIONS[action] as readonly Department[]).includes(principal.department);
}

/** A task is completed by its assignee or by a head of the task's department. */
export function mayCompleteTask(principal: Principal, task: { assigneeId: string | null; department: string }): boolean {
  if (principal.kind === 'admin' || principal.department === 'management') return true;
  return principal.id === task.assigneeId || (principal.isHead && principal.department === task.department);
}

/** Production and logistics see what to make and ship, not what it costs or earns. */
export function mayReadCosts(principal: Principal): boolean {
  return may(principal, 'readCosts');
}

/** An order is changed by its manager, a head of sales, management or the admin (docs/api.md, Changes to an order). */
export function mayChangeOrder(principal: Principal, order: { managerId: string | null }): boolean {
  if (!may(principal, 'changeOrder')) return false;
  if (principal.kind === 'admin' || principal.department === 'management') return true;
  return principal.id === order.managerId || principal.isHead;
}
