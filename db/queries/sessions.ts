// Workspace sessions, passwords and invitations. Tokens are stored only as SHA-256 digests.
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Locale } from '../../domain/funnel.ts';
import type { Db } from '../client.ts';
import { employees, invitations, sessions } from '../schema.ts';
import { enqueueNotifications, type OutboxMessage } from './outbox.ts';

export interface NewSession {
  tokenHash: string;
  employeeId: string | null;
  csrfToken: string;
  locale: string;
  expiresAt: Date;
}

export async function insertSession(db: Db, session: NewSession): Promise<void> {
  await db.insert(sessions).values(session);
}

/**
 * The live session of `tokenHash` with its employee. A session of a deactivated employee is not found: that
 * is what ends it, with no sweep needed.
 */
export async function findSession(db: Db, tokenHash: string, now = new Date()) {
  const [row] = await db
    .select({
      csrfToken: sessions.csrfToken,
      locale: sessions.locale,
      employeeId: sessions.employeeId,
      name: employees.name,
      email: employees.email,
      department: employees.department,
      isHead: employees.isHead,
      active: employees.active,
    })
    .from(sessions)
    .leftJoin(employees, eq(employees.id, sessions.employeeId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)));
  if (!row || (row.employeeId !== null && row.active !== true)) return undefined;
  return row;
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteExpiredSessions(db: Db, now = new Date()): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

/** Ends every session of an employee (a new password was set for them). */
export async function deleteEmployeeSessions(db: Db, employeeId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.employeeId, employeeId));
}

export async function setSessionLocale(db: Db, tokenHash: string, employeeId: string | null, locale: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(sessions).set({ locale }).where(eq(sessions.tokenHash, tokenHash));
    if (employeeId) await tx.update(employees).set({ locale, updatedAt: sql`now()` }).where(eq(employees.id, employeeId));
  });
}

/** The active employee signing in with `email`, with the password hash to check. */
export async function findSignIn(db: Db, email: string) {
  const [row] = await db
    .select({ id: employees.id, passwordHash: employees.passwordHash, locale: employees.locale })
    .from(employees)
    .where(and(sql`lower(${employees.email}) = ${email.toLowerCase()}`, eq(employees.active, true)));
  return row;
}

export async function setPasswordHash(db: Db, employeeId: string, passwordHash: string): Promise<boolean> {
  const rows = await db.update(employees).set({ passwordHash, updatedAt: sql`now()` }).where(eq(employees.id, employeeId)).returning({ id: employees.id });
  return rows.length > 0;
}

/**
 * A new invitation replaces the employee's unused ones (only the newest link works) and its e-mail is queued
 * in the same transaction, so a link exists exactly when its message does.
 */
export async function insertInvitation(db: Db, invitation: { tokenHash: string; employeeId: string; expiresAt: Date }, mail: { message: OutboxMessage; locale: Locale }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(invitations).where(and(eq(invitations.employeeId, invitation.employeeId), isNull(invitations.usedAt)));
    await tx.insert(invitations).values(invitation);
    await enqueueNotifications(tx, [mail.message], mail.locale);
  });
}

/** The employee an unused, unexpired invitation is for. */
export async function findInvitation(db: Db, tokenHash: string, now = new Date()) {
  const [row] = await db
    .select({ employeeId: invitations.employeeId, name: employees.name })
    .from(invitations)
    .innerJoin(employees, eq(employees.id, invitations.employeeId))
    .where(and(eq(invitations.tokenHash, tokenHash), isNull(invitations.usedAt), gt(invitations.expiresAt, now), eq(employees.active, true)));
  return row;
}

/** Uses the invitation and sets the password in one transaction; false when it was used or expired meanwhile. */
export async function acceptInvitation(db: Db, tokenHash: string, passwordHash: string, now = new Date()): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [used] = await tx
      .update(invitations)
      .set({ usedAt: now })
      .where(and(eq(invitations.tokenHash, tokenHash), isNull(invitations.usedAt), gt(invitations.expiresAt, now)))
      .returning({ employeeId: invitations.employeeId });
    if (!used) return false;
    await tx.update(employees).set({ passwordHash, updatedAt: sql`now()` }).where(eq(employees.id, used.employeeId));
    return true;
  });
}
