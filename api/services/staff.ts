// Employees and their API keys. Keys are 256-bit random strings stored only as SHA-256 digests: a database
// leak does not reveal them, and the digest stays an indexable lookup key. The admin key is compared in
// constant time.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { activeEmployeeByKeyHash, getEmployee, insertEmployee, listEmployees as queryEmployees, setApiKeyHash, updateEmployee, type EmployeeRow } from '../../db/queries/employees.ts';
import { deleteEmployeeSessions, setPasswordHash } from '../../db/queries/sessions.ts';
import type { Department } from '../../domain/funnel.ts';
import { hashPassword } from '../../web/passwords.ts';
import type { Principal } from '../../domain/roles.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import { actorOf } from './commands.ts';
import type { ServiceDeps, ServiceLog } from './deps.ts';
import { giveWaitingWork, handOverTasks } from './handover.ts';
import { decodeCursor, page, type PageRequest } from './pagination.ts';

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

export function generateApiKey(): string {
  return `oek_${randomBytes(32).toString('base64url')}`;
}

/** Who holds `key`: the built-in admin, or an active employee; 401 otherwise. */
export function createKeyCheck({ db }: Pick<ServiceDeps, 'db'>, adminApiKey: string) {
  const adminDigest = hashApiKey(adminApiKey);
  return async function principalOf(key: string): Promise<Principal> {
    const digest = hashApiKey(key);
    if (timingSafeEqual(digest, adminDigest)) return { kind: 'admin', id: null, name: 'admin' };
    const employee = await activeEmployeeByKeyHash(db, digest.toString('hex'));
    if (!employee) throw new AppError(401, 'UNAUTHENTICATED', 'Unknown or deactivated API key');
    return { kind: 'employee', ...employee };
  };
}

const view = ({ createdAt: _createdAt, ...row }: EmployeeRow) => row;

export interface NewEmployee {
  name: string;
  email: string;
  department: Department;
  isHead?: boolean;
}

/** Adds an employee and answers with the only copy of their API key; the first of a department takes its queue. */
export async function createEmployee(deps: ServiceDeps, input: NewEmployee, log?: ServiceLog) {
  const { db } = deps;
  const apiKey = generateApiKey();
  const row = await insertEmployee(db, {
    id: randomUUID(),
    ...input,
    email: input.email.toLowerCase(),
    isHead: input.isHead ?? false,
    apiKeyHash: hashApiKey(apiKey).toString('hex'),
    createdAt: new Date(),
  });
  if (!row) throw conflict(`An employee with e-mail ${input.email} exists already`);
  await giveWaitingWork(deps, row, log);
  return { ...view(row), apiKey };
}

export async function listEmployees({ db }: ServiceDeps, filter: { department?: Department; active?: boolean } & PageRequest) {
  return page(await queryEmployees(db, { ...filter, cursor: decodeCursor(filter.cursor) }), filter.limit, view);
}

export async function findEmployee({ db }: ServiceDeps, id: string) {
  const row = await getEmployee(db, id);
  if (!row) throw notFound('Employee');
  return view(row);
}

/** Changes an employee; deactivated, their open tasks are handed over; reactivated alone, they take the queue. */
export async function changeEmployee(deps: ServiceDeps, id: string, patch: { active?: boolean; isHead?: boolean; department?: Department }, by?: Principal, log?: ServiceLog) {
  const row = await updateEmployee(deps.db, id, patch);
  if (!row) throw notFound('Employee');
  if (patch.active === false) await handOverTasks(deps, row, by ? actorOf(by) : null, log);
  if (patch.active === true) await giveWaitingWork(deps, row, log);
  return view(row);
}

/** Sets an employee's workspace password; whoever held the old one is signed out with it. */
export async function setEmployeePassword({ db }: ServiceDeps, id: string, password: string): Promise<void> {
  if (!(await setPasswordHash(db, id, await hashPassword(password)))) throw notFound('Employee');
  await deleteEmployeeSessions(db, id);
}

/** A new API key for the employee, answered once; the old key stops working at once. */
export async function regenerateApiKey({ db }: ServiceDeps, id: string) {
  const apiKey = generateApiKey();
  const row = await setApiKeyHash(db, id, hashApiKey(apiKey).toString('hex'));
  if (!row) throw notFound('Employee');
  return { ...view(row), apiKey };
}
