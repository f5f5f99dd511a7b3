// The public order form's contract: flat fields, as a website's form has them.
import { z } from 'zod';
import { LOCALES } from '../domain/funnel.ts';
import { phoneInput } from './schemas.ts';

export const publicOrderBody = z.strictObject({
  submissionId: z
    .string()
    .regex(/^[\w-]{8,100}$/, '8 to 100 letters, digits, _ or -')
    .describe('Made once per filled-in form (e.g. crypto.randomUUID() when the page loads): a repeat of the same submission answers the same order'),
  name: z.string().trim().min(1).max(300),
  email: z.email().max(320).optional(),
  phone: phoneInput.optional(),
  company: z.string().trim().min(1).max(300).optional(),
  comment: z.string().max(5000).optional(),
  locale: z.enum(LOCALES).optional(),
  website: z.string().max(500).optional().describe('The honeypot: hidden from people, left empty by them; a bot that fills it gets 202 and nothing is stored'),
});

export const publicOrderCreated = z.object({
  number: z.string().describe('The order number the client can quote'),
  clientUrl: z.string().describe('The client’s own page of the order'),
});
