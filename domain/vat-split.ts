// The VAT an amount to pay contains, by rate. An invoice for the whole order states the rows' own VAT; an
// invoice for a part of it (a prepayment, the rest due) states the VAT of that part, not the order's:
// the part is spread over the rates in proportion to the order's amounts at each rate (largest remainder,
// so the shares add up to the part exactly), and each share's VAT is taken by the estimated rate
// rate / (100 + rate), rounded half away from zero like a row's VAT (docs/money.md).
import { divRound } from './money.ts';

export interface VatRow {
  amount: number;
  vat: number;
  vatRate: number | null;
}

export interface VatLine {
  /** null: the part of the amount that carries no VAT ("без НДС"). */
  rate: number | null;
  /** The amount at this rate, VAT included. */
  amount: number;
  vat: number;
}

/** The order's amounts and VAT by rate, in the order the rates first appear; the rows' own figures. */
export function vatByRate(rows: readonly VatRow[]): VatLine[] {
  const lines = new Map<number | null, VatLine>();
  for (const row of rows) {
    const line = lines.get(row.vatRate) ?? { rate: row.vatRate, amount: 0, vat: 0 };
    lines.set(row.vatRate, { ...line, amount: line.amount + row.amount, vat: line.vat + row.vat });
  }
  return [...lines.values()];
}

/** The VAT `part` (0 < part ≤ the rows' total, kopecks) contains, by rate. */
export function vatInPart(rows: readonly VatRow[], part: number): VatLine[] {
  const whole = vatByRate(rows);
  const total = whole.reduce((sum, line) => sum + line.amount, 0);
  if (!Number.isSafeInteger(part) || part <= 0 || part > total) throw new RangeError(`a part of the order is 1 … ${total} kopecks, got ${part}`);
  if (part === total) return whole;

  const shares = whole.map((line) => {
    const exact = BigInt(line.amount) * BigInt(part);
    return { line, amount: Number(exact / BigInt(total)), remainder: exact % BigInt(total) };
  });
  let left = part - shares.reduce((sum, share) => sum + share.amount, 0);
  for (const share of [...shares].sort((a, b) => (b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : 0))) {
    if (left === 0) break;
    share.amount += 1;
    left -= 1;
  }
  return shares
    .filter((share) => share.amount > 0)
    .map(({ line, amount }) => ({
      rate: line.rate,
      amount,
      vat: line.rate ? Number(divRound(BigInt(amount) * BigInt(line.rate), BigInt(100 + line.rate))) : 0,
    }));
}
