// Money rules (docs/money.md): integer minor units, prices include VAT, rounding half away from zero per row.
// Quantities are kept in thousandths (three decimals) and discounts in hundredths of a percent, so every
// computation here is exact integer arithmetic; BigInt keeps intermediate products exact.

export type VatRate = 22 | 10 | 0 | null;
export const VAT_RATES: readonly VatRate[] = [22, 10, 0, null];

/** Quantity in thousandths of a unit: 1.5 pcs is 1500. */
export const QUANTITY_SCALE = 1000;
/** Discount in hundredths of a percent: 12.5 % is 1250. */
export const DISCOUNT_SCALE = 100;

/** Divides and rounds half away from zero. */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}

export interface RowInput {
  /** Unit price in minor units, VAT included. */
  price: number;
  quantityMilli: number;
  discountHundredths: number;
  vatRate: VatRate;
}

export interface RowMoney {
  amount: number;
  vat: number;
}

/** Row amount = round(price × quantity × (100 − discount) / 100); VAT = round(amount × rate / (100 + rate)). */
export function rowMoney(row: RowInput): RowMoney {
  const percentScale = 100n * BigInt(DISCOUNT_SCALE);
  const amount = divRound(
    BigInt(row.price) * BigInt(row.quantityMilli) * (percentScale - BigInt(row.discountHundredths)),
    BigInt(QUANTITY_SCALE) * percentScale,
  );
  const vat = row.vatRate ? divRound(amount * BigInt(row.vatRate), BigInt(100 + row.vatRate)) : 0n;
  return { amount: Number(amount), vat: Number(vat) };
}

/** A product row priced from the catalog when the order is taken or qualified; frozen from prepayment on. */
export interface PricedItem {
  id: string;
  productId: string;
  sku: string;
  name: string;
  unit: string;
  quantityMilli: number;
  price: number;
  discountHundredths: number;
  vatRate: VatRate;
  amount: number;
  vat: number;
  productionDays: number;
}

export interface Totals {
  amount: number;
  vat: number;
  netOfVat: number;
}

/** Order totals are sums of the rows' own rounded figures. */
export function orderTotals(rows: readonly RowMoney[]): Totals {
  let amount = 0;
  let vat = 0;
  for (const row of rows) {
    amount += row.amount;
    vat += row.vat;
  }
  return { amount, vat, netOfVat: amount - vat };
}

/** What the client still owes: total − paid, never below zero. */
export function dueOf(total: number, paid: number): number {
  return Math.max(0, total - paid);
}

/** What the client paid beyond the total: shown on the order and refunded. */
export function overpaidOf(total: number, paid: number): number {
  return Math.max(0, paid - total);
}

/** Parses a decimal quantity (at most three decimals) into thousandths; undefined when it does not fit. */
export function toQuantityMilli(quantity: number): number | undefined {
  return toScaled(quantity, QUANTITY_SCALE);
}

export function toDiscountHundredths(percent: number): number | undefined {
  return toScaled(percent, DISCOUNT_SCALE);
}

function toScaled(value: number, scale: number): number | undefined {
  if (!Number.isFinite(value)) return undefined;
  const scaled = Math.round(value * scale);
  if (Math.abs(scaled - value * scale) > 1e-6 || !Number.isSafeInteger(scaled)) return undefined;
  return scaled;
}

/** Production cost of a row: the product's cost price per unit × quantity, rounded like amounts. */
export function productionCostOf(costPrice: number, quantityMilli: number): number {
  return Number(divRound(BigInt(costPrice) * BigInt(quantityMilli), BigInt(QUANTITY_SCALE)));
}

export interface MarginFigures {
  netOfVat: number;
  productionCost: number;
  margin: number;
  /** Margin as a percentage of revenue net of VAT, two decimals; null when there is no revenue. */
  marginPercent: number | null;
}

/** Margin = revenue net of VAT − production cost; percent of the net revenue, rounded half away from zero. */
export function marginOf(netOfVat: number, productionCost: number): MarginFigures {
  const margin = netOfVat - productionCost;
  const marginPercent = netOfVat === 0 ? null : Number(divRound(BigInt(margin) * 10_000n, BigInt(netOfVat))) / 100;
  return { netOfVat, productionCost, margin, marginPercent };
}
