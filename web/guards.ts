// What every service of the pages checks before it reaches the engine: the role rule of the JSON routes
// (domain/roles.ts), and that an id from the address bar is an id at all (anything else is simply not found,
// not a database error).
import { forbidden, notFound } from '../api/errors.ts';
import { may, type Action, type Principal } from '../domain/roles.ts';

/** A page shows at most this many rows of a list. */
export const PAGE = 200;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function allow(principal: Principal, action: Action): void {
  if (!may(principal, action)) throw forbidden();
}

export function known(id: string, what: string): void {
  if (!UUID.test(id)) throw notFound(what);
}
