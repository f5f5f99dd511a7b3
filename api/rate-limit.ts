// Failed authentication is rate limited per client address: a few mistakes pass, guessing keys does not.
// In memory, per API process: each process counts on its own, which still bounds guessing to a handful of
// tries per minute per process.
export interface FailureLimiter {
  /** True while `address` has failed too often in the current window. */
  blocked(address: string, now?: number): boolean;
  fail(address: string, now?: number): void;
}

export function createFailureLimiter({ max = 20, windowMs = 60_000 } = {}): FailureLimiter {
  const failures = new Map<string, { count: number; since: number }>();
  const current = (address: string, now: number) => {
    const entry = failures.get(address);
    if (!entry || now - entry.since >= windowMs) return undefined;
    return entry;
  };
  return {
    blocked(address, now = Date.now()) {
      return (current(address, now)?.count ?? 0) >= max;
    },
    fail(address, now = Date.now()) {
      const entry = current(address, now);
      if (entry) entry.count += 1;
      else failures.set(address, { count: 1, since: now });
      // keep the map small: forget windows that have passed
      if (failures.size > 10_000) {
        for (const [key, value] of failures) if (now - value.since >= windowMs) failures.delete(key);
      }
    },
  };
}
