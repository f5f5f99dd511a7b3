import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { employees } from '../schema.ts';
import type { Department } from '../../domain/funnel.ts';
import { keyset } from './keyset.ts';

const columns = {
  id: employees.id,
  name: employees.name,
  email: employees.email,
  department: employees.department,
  isHead: employees.isHead,
  active: employees.active,
  createdAt: employees.createdAt,
};

export type EmployeeRow = Pick<typeof employees.$inferSelect, keyof typeof columns>;

export async function insertEmployee(
  db: Db,
  values: { id: string; name: string; email: string; department: Department; isHead: boolean; apiKeyHash: string; createdAt: Date },
): Promise<EmployeeRow | undefined> {
  const [row] = await db
    .insert(employees)
    .values({ ...values, updatedAt: values.createdAt })
    .onConflictDoNothing()
    .returning(columns);
  return row;
}

export async function getEmployee(db: Db, id: string): Promise<EmployeeRow | undefined> {
  const [row] = await db.select(columns).from(employees).where(eq(employees.id, id));
  return row;
}

export async function listEmployees(
  db: Db,
  params: { department?: Department; active?: boolean; limit: number; cursor?: { at: Date; id: string } },
): Promise<EmployeeRow[]> {
  const page = keyset(employees.createdAt, employees.id, params.cursor);
  return db
    .select(columns)
    .from(employees)
    .where(
      and(
        params.department ? eq(employees.department, params.department) : undefined,
        params.active !== undefined ? eq(employees.active, params.active) : undefined,
        page.where,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(params.limit + 1);
}

export async function updateEmployee(
  db: Db,
  id: string,
  patch: { active?: boolean; isHead?: boolean; department?: Department },
): Promise<EmployeeRow | undefined> {
  const [row] = await db
    .update(employees)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(employees.id, id))
    .returning(columns);
  return row;
}

/** The active employee whose API key has this SHA-256 digest (hex), as the principal a request acts as. */
export async function activeEmployeeByKeyHash(db: Db, digest: string) {
  const [row] = await db
    .select({ id: employees.id, name: employees.name, department: employees.department, isHead: employees.isHead })
    .from(employees)
    .where(and(eq(employees.apiKeyHash, digest), eq(employees.active, true)));
  return row;
}

/** Replaces the employee's API key (its digest): the old key stops working at once. */
export async function setApiKeyHash(db: Db, id: string, apiKeyHash: string): Promise<EmployeeRow | undefined> {
  const [row] = await db.update(employees).set({ apiKeyHash, updatedAt: sql`now()` }).where(eq(employees.id, id)).returning(columns);
  return row;
}
