// Keyset pagination: the cursor is the (createdAt, id) of the last item, opaque to clients.
import { z } from 'zod';
import { validationFailed } from '../errors.ts';

export interface Cursor {
  at: Date;
  id: string;
}

/** What a caller asks of a list: how many, and after which item (a cursor this API returned). */
export interface PageRequest {
  limit: number;
  cursor?: string;
}

const cursorSchema = z.object({ at: z.iso.datetime(), id: z.uuid() });

export function encodeCursor(item: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify({ at: item.createdAt.toISOString(), id: item.id })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { at: new Date(parsed.at), id: parsed.id };
  } catch {
    throw validationFailed([{ field: 'query.cursor', message: 'not a cursor this API returned' }]);
  }
}

/** Given one row more than the limit, returns the page and the cursor of the next one. */
export function page<T extends { createdAt: Date; id: string }, U>(rows: T[], limit: number, map: (row: T) => U) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(map), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
