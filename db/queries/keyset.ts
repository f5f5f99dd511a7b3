import { and, desc, eq, lt, or, type AnyColumn, type SQL } from 'drizzle-orm';

/** Newest first; with a cursor, only what comes after it. */
export function keyset(createdAt: AnyColumn, id: AnyColumn, cursor: { at: Date; id: string } | undefined) {
  const after: SQL | undefined = cursor
    ? or(lt(createdAt, cursor.at), and(eq(createdAt, cursor.at), lt(id, cursor.id)))
    : undefined;
  return { where: after, orderBy: [desc(createdAt), desc(id)] };
}
