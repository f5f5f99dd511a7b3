// Invitations: the e-mail with a single-use link (72 hours) by which a new employee sets their workspace
// password. The link's token is stored only as its SHA-256 digest; the message goes through the outbox.
import { createHash, randomBytes } from 'node:crypto';
import { insertInvitation } from '../../db/queries/sessions.ts';
import { SECRET_LINK } from '../../db/queries/notifications.ts';
import { conflict } from '../errors.ts';
import type { ServiceDeps, ServiceLog } from './deps.ts';
import { createEmployee, findEmployee, type NewEmployee } from './staff.ts';

export const INVITATION_TTL_MS = 72 * 3_600_000;

/** The digest under which an invitation's token is kept and looked up. */
export const invitationDigest = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * A new invitation for the employee, mailed to them; their earlier unused links stop working. Answers with the
 * link too, for the admin's page to show when mail is slow or not configured. A deactivated employee gets none.
 */
export async function inviteEmployee(deps: ServiceDeps, id: string, now = new Date()) {
  const employee = await findEmployee(deps, id);
  if (!employee.active) throw conflict('The employee is deactivated: activate them before inviting');
  const token = randomBytes(32).toString('base64url');
  const tokenHash = invitationDigest(token);
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const url = `${deps.config.publicBaseUrl}/invite/${token}`;
  await insertInvitation(
    deps.db,
    { tokenHash, employeeId: employee.id, expiresAt },
    {
      // the key names the invitation, never the token: the outbox keeps the link only until it is sent
      message: { key: `invitation:${tokenHash}`, orderId: null, template: 'employee_invited', to: { kind: 'employee', employeeId: employee.id }, data: { name: employee.name, deadline: expiresAt.toISOString(), [SECRET_LINK]: url } },
      locale: deps.config.defaultLocale,
    },
  );
  return { url, sentTo: employee.email, expiresAt: expiresAt.toISOString() };
}

/** Adds an employee (answering with the only copy of their API key) and mails them their invitation. */
export async function createInvitedEmployee(deps: ServiceDeps, input: NewEmployee, log?: ServiceLog) {
  const created = await createEmployee(deps, input, log);
  return { ...created, invitation: await inviteEmployee(deps, created.id) };
}
