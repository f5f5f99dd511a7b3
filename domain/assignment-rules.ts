// Who may hand work to whom (issue 13, docs/api.md): pure, beside domain/roles.ts.
import type { Department } from './funnel.ts';
import type { Principal } from './roles.ts';

const isBoss = (principal: Principal) => principal.kind === 'admin' || principal.department === 'management';

/**
 * Assigning an open task to someone (`assigning`): management, the admin, and heads of the task's department.
 * Taking one from the queue (no one named): a member of the task's department.
 */
export function mayAssignTask(principal: Principal, task: { department: Department }, assigning: boolean): boolean {
  if (isBoss(principal)) return true;
  if (principal.kind !== 'employee' || principal.department !== task.department) return false;
  return assigning ? principal.isHead : true;
}

/** An order's manager: management, the admin and heads of sales. */
export function maySetManager(principal: Principal): boolean {
  return isBoss(principal) || (principal.kind === 'employee' && principal.department === 'sales' && principal.isHead);
}
