import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Reader } from '../client.ts';
import { employees, orders, tasks } from '../schema.ts';
import type { Department, TaskStatus, TaskType } from '../../domain/funnel.ts';
import { keyset } from './keyset.ts';

const assignee = alias(employees, 'assignee');
const completer = alias(employees, 'completer');

function selectTasks(db: Reader) {
  return db
    .select({
      id: tasks.id,
      orderId: tasks.orderId,
      orderNumber: orders.number,
      itemId: tasks.itemId,
      type: tasks.type,
      title: tasks.title,
      description: tasks.description,
      department: tasks.department,
      assigneeId: tasks.assigneeId,
      assigneeName: assignee.name,
      status: tasks.status,
      deadline: tasks.deadline,
      overdue: tasks.overdue,
      completedAt: tasks.completedAt,
      completedById: tasks.completedById,
      completedByName: completer.name,
      comment: tasks.comment,
      createdAt: tasks.createdAt,
    })
    .from(tasks)
    .innerJoin(orders, eq(orders.id, tasks.orderId))
    .leftJoin(assignee, eq(assignee.id, tasks.assigneeId))
    .leftJoin(completer, eq(completer.id, tasks.completedById));
}

type TaskRow = Awaited<ReturnType<ReturnType<typeof selectTasks>['execute']>>[number];

export function toTaskView(row: TaskRow) {
  return {
    id: row.id,
    orderId: row.orderId,
    orderNumber: row.orderNumber,
    itemId: row.itemId,
    type: row.type,
    title: row.title,
    description: row.description,
    department: row.department,
    assignee: row.assigneeId && row.assigneeName ? { id: row.assigneeId, name: row.assigneeName } : null,
    status: row.status,
    deadline: row.deadline.toISOString(),
    overdue: row.overdue,
    completedAt: row.completedAt?.toISOString() ?? null,
    completedBy: row.completedById && row.completedByName ? { id: row.completedById, name: row.completedByName } : null,
    comment: row.comment,
  };
}

export type TaskView = ReturnType<typeof toTaskView>;

export async function getTask(db: Db, id: string): Promise<TaskView | undefined> {
  const [row] = await selectTasks(db).where(eq(tasks.id, id));
  return row && toTaskView(row);
}

export async function getOrderTasks(db: Db, orderId: string): Promise<TaskView[]> {
  return getTasksOfOrders(db, [orderId]);
}

/** The tasks of several orders in one query, each order's in the sequence they were made. */
export async function getTasksOfOrders(db: Reader, orderIds: string[]): Promise<TaskView[]> {
  const rows = await selectTasks(db).where(inArray(tasks.orderId, orderIds)).orderBy(asc(tasks.createdAt), asc(tasks.id));
  return rows.map(toTaskView);
}

export interface TaskFilter {
  assigneeId?: string;
  department?: Department;
  status?: TaskStatus;
  orderId?: string;
  overdue?: boolean;
  type?: TaskType;
}

export async function listTasks(db: Db, filter: TaskFilter & { limit: number; cursor?: { at: Date; id: string } }) {
  const page = keyset(tasks.createdAt, tasks.id, filter.cursor);
  const conditions: (SQL | undefined)[] = [
    filter.assigneeId ? eq(tasks.assigneeId, filter.assigneeId) : undefined,
    filter.department ? eq(tasks.department, filter.department) : undefined,
    filter.status ? eq(tasks.status, filter.status) : undefined,
    filter.orderId ? eq(tasks.orderId, filter.orderId) : undefined,
    filter.overdue !== undefined ? eq(tasks.overdue, filter.overdue) : undefined,
    filter.type ? eq(tasks.type, filter.type) : undefined,
    page.where,
  ];
  return selectTasks(db)
    .where(and(...conditions))
    .orderBy(...page.orderBy)
    .limit(filter.limit + 1);
}

/**
 * A person's open work, in the order it is to be done: overdue first, then the nearest deadline. `of` is the
 * tasks they hold, or their department's that nobody holds. The first `limit`, and how many there are.
 */
export async function workList(db: Db, of: { assigneeId: string } | { department: Department }, limit: number) {
  const where = and(eq(tasks.status, 'open'), 'assigneeId' in of ? eq(tasks.assigneeId, of.assigneeId) : and(eq(tasks.department, of.department), isNull(tasks.assigneeId)));
  const [rows, counted] = await Promise.all([
    selectTasks(db).where(where).orderBy(desc(tasks.overdue), asc(tasks.deadline), asc(tasks.id)).limit(limit),
    db.select({ total: sql<number>`count(*)::int` }).from(tasks).where(where),
  ]);
  return { items: rows.map(toTaskView), total: counted[0]?.total ?? 0 };
}

/** Open tasks of `department` that nobody holds: its queue, oldest first. */
export async function queuedTasks(db: Db, department: Department) {
  return db
    .select({ id: tasks.id, orderId: tasks.orderId })
    .from(tasks)
    .where(and(eq(tasks.department, department), eq(tasks.status, 'open'), isNull(tasks.assigneeId)))
    .orderBy(asc(tasks.createdAt), asc(tasks.id));
}

/** Open tasks `employeeId` holds, oldest first. */
export async function heldTasks(db: Db, employeeId: string) {
  return db
    .select({ id: tasks.id, orderId: tasks.orderId, department: tasks.department })
    .from(tasks)
    .where(and(eq(tasks.assigneeId, employeeId), eq(tasks.status, 'open')))
    .orderBy(asc(tasks.createdAt), asc(tasks.id));
}
