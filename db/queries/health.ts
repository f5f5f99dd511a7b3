import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';

/** A round trip to the database, for readiness checks. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
