// Request shapes of the changes to an order (docs/api.md, "Changes to an order"); they answer with the order.
import { z } from 'zod';
import { LOCALES } from '../domain/funnel.ts';
import { itemInput, phoneInput as phone, qualifyBody } from './schemas.ts';

/** Only the fields given change; null erases an e-mail or a phone (one of them must stay). */
export const customerChangeBody = z.strictObject({
  customer: z
    .strictObject({
      name: z.string().trim().min(1).max(300).optional(),
      email: z.email().max(320).nullable().optional(),
      phone: phone.nullable().optional(),
      locale: z.enum(LOCALES).optional(),
    })
    .refine((c) => Object.keys(c).length > 0, { message: 'nothing to change' }),
});

/** The qualify body without delivery data, which `PATCH /orders/:id/delivery` changes. */
export const amendBody = qualifyBody.omit({ delivery: true });

export const changeItemsBody = z
  .strictObject({
    /** Rows to add, priced from the catalog like the qualify body's. */
    add: z.array(itemInput).min(1).max(200).optional(),
    /** Ids of the order's rows to take out. */
    remove: z.array(z.uuid()).min(1).max(200).optional(),
  })
  .refine((b) => b.add !== undefined || b.remove !== undefined, { message: 'give rows to add or to remove' });
