import { and, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { products } from '../schema.ts';
import { keyset } from './keyset.ts';

export type ProductRow = typeof products.$inferSelect;
export type ProductValues = Omit<typeof products.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** Inserts the product; undefined when the SKU is taken. */
export async function insertProduct(db: Db, values: ProductValues & { id: string; createdAt: Date }): Promise<ProductRow | undefined> {
  const [row] = await db
    .insert(products)
    .values({ ...values, updatedAt: values.createdAt })
    .onConflictDoNothing({ target: products.sku })
    .returning();
  return row;
}

export async function getProduct(db: Db, id: string): Promise<ProductRow | undefined> {
  const [row] = await db.select().from(products).where(eq(products.id, id));
  return row;
}

export async function getProducts(db: Db, ids: string[]): Promise<ProductRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(products).where(inArray(products.id, ids));
}

export async function listProducts(db: Db, params: { q?: string; limit: number; cursor?: { at: Date; id: string } }): Promise<ProductRow[]> {
  const page = keyset(products.createdAt, products.id, params.cursor);
  const pattern = params.q ? `%${escapeLike(params.q)}%` : undefined;
  return db
    .select()
    .from(products)
    .where(and(pattern ? or(ilike(products.sku, pattern), ilike(products.name, pattern)) : undefined, page.where))
    .orderBy(...page.orderBy)
    .limit(params.limit + 1);
}

/** Updates the product; `conflict` when the new SKU is taken. */
export async function updateProduct(
  db: Db,
  id: string,
  patch: Partial<ProductValues>,
): Promise<{ row?: ProductRow; conflict?: true }> {
  try {
    const [row] = await db
      .update(products)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(eq(products.id, id))
      .returning();
    return { row };
  } catch (error) {
    if (isUniqueViolation(error)) return { conflict: true };
    throw error;
  }
}

/** Drizzle wraps the driver's error; PostgreSQL's code 23505 is on it or on its cause. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (e: unknown) => (e as { code?: unknown } | undefined)?.code;
  return code(error) === '23505' || code((error as { cause?: unknown }).cause) === '23505';
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
