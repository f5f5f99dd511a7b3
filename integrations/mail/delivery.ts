// How a failed send is retried: exponential backoff, and the failures that no retry can mend.

/** First retry after 2 s, doubling, at most 10 minutes apart. */
export function backoffMs(attempts: number): number {
  return Math.min(2_000 * 2 ** Math.max(0, attempts - 1), 10 * 60_000);
}

/**
 * About two days of retries at the 10-minute cap, as long as the `notify` activity used to retry: a mail
 * server down for a weekend is waited out, an address that never works is not tried for ever.
 */
export const MAX_ATTEMPTS = 300;

/**
 * The server refused for good (5xx: no such mailbox, message rejected) or the address cannot be sent to at all
 * (nodemailer's envelope error without a server reply). 4xx replies and lost connections are worth a retry.
 */
export function isPermanent(error: unknown): boolean {
  const { responseCode, code, permanent } = (error ?? {}) as { responseCode?: number; code?: string; permanent?: boolean };
  // other channels (Telegram) say so themselves
  if (typeof permanent === 'boolean') return permanent;
  if (typeof responseCode === 'number') return responseCode >= 500 && responseCode < 600;
  return code === 'EENVELOPE';
}
