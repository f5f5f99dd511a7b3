// The closed sets of values that invoices, payments and messages hold, beside the funnel's own (funnel.ts):
// the database columns, the contract's schemas and the code all take them from here.
export const INVOICE_KINDS = ['prepayment', 'postpayment'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];

export const INVOICE_STATUSES = ['issued', 'partially_paid', 'paid', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const PAYMENT_SOURCES = ['manual', 'cloudpayments', '1c', 'bank'] as const;
export type PaymentSource = (typeof PAYMENT_SOURCES)[number];

export const NOTIFICATION_CHANNELS = ['email', 'telegram'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
