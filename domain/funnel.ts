// The funnel's vocabulary: stages, departments, task types and which department owns what.

export const STAGES = [
  'new',
  'qualification',
  'prepayment',
  'production',
  'postpayment',
  'delivery_data',
  'delivery',
  'won',
  'lost',
] as const;
export type Stage = (typeof STAGES)[number];

export const CLOSED_STAGES: readonly Stage[] = ['won', 'lost'];

export const DEPARTMENTS = ['sales', 'production', 'logistics', 'accounting', 'management'] as const;
export type Department = (typeof DEPARTMENTS)[number];

export const TASK_TYPES = ['take_in_work', 'qualify', 'production', 'enter_delivery_data', 'delivery', 'refund', 'chase_payment'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const TASK_DEPARTMENT: Record<TaskType, Department> = {
  take_in_work: 'sales',
  qualify: 'sales',
  production: 'production',
  enter_delivery_data: 'sales',
  delivery: 'logistics',
  refund: 'accounting',
  chase_payment: 'sales',
};

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const PAYMENT_SCHEMES = ['full_prepayment', 'partial_prepayment', 'postpayment'] as const;
export type PaymentScheme = (typeof PAYMENT_SCHEMES)[number];

export const LOCALES = ['ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const ITEM_STATUSES = ['pending', 'in_production', 'produced'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const TIMELINE_TYPES = [
  'order_created',
  'manager_assigned',
  'stage_changed',
  'task_created',
  'task_completed',
  'task_overdue',
  'task_cancelled',
  'qualified',
  'invoice_issued',
  'invoice_overdue',
  'invoice_cancelled',
  'invoice_resent',
  'payment_received',
  'payment_failed',
  'refund_recorded',
  'payment_reversed',
  'reminders_stopped',
  'overpayment',
  'costs_computed',
  'item_produced',
  'delivery_saved',
  'notification_sent',
  'comment',
  'client_message',
  'order_cancelled',
  'order_won',
  'customer_changed',
  'order_amended',
  'items_changed',
  'delivery_changed',
  'task_warning',
  'task_escalated',
  'task_reassigned',
] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];

export const DELIVERY_METHODS = ['delivery', 'pickup'] as const;

/** How the goods leave: delivery by a carrier to an address, or pickup by the client. */
export interface Delivery {
  method: (typeof DELIVERY_METHODS)[number];
  carrier: string | null;
  address: string | null;
  /** Calendar date, `YYYY-MM-DD`, in the company's time zone. */
  shipDate: string;
  comment: string | null;
  trackingNumber: string | null;
}
