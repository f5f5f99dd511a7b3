// Words for operators in the Temporal UI (issue 18): what each timer guards, what each activity does, and
// what an order waits for. Russian, the operators' language; pure, so workflow code can use it.
import { kept } from './format.ts';
import type { Stage, TaskType } from './funnel.ts';

const TASK_NAMES: Record<TaskType, string> = {
  take_in_work: 'Взять в работу',
  qualify: 'Квалифицировать',
  production: 'Произвести позицию',
  enter_delivery_data: 'Внести данные доставки',
  delivery: 'Отгрузить',
  refund: 'Вернуть деньги',
  chase_payment: 'Связаться с клиентом об оплате',
};

const WAITS_FOR: Record<Stage, string> = {
  new: 'менеджер берёт заказ в работу',
  qualification: 'менеджер квалифицирует заказ',
  prepayment: 'клиент вносит предоплату',
  production: 'производство делает позиции',
  postpayment: 'клиент оплачивает остаток',
  delivery_data: 'менеджер вносит данные доставки',
  delivery: 'логистика отгружает заказ',
  won: 'поздние платежи и возвраты (заказ выигран)',
  lost: 'поздние платежи и возвраты (заказ отменён)',
};

/** "2026-12-02 15:30" in the company's time zone. */
export function operatorTime(iso: string, timeZone: string): string {
  const format = kept(`operator:${timeZone}`, () => new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }));
  return format.format(new Date(iso)).replace(',', '');
}

export const taskName = (type: TaskType): string => TASK_NAMES[type];

/** What a task's deadline timer guards and for whom: "Срок задачи «Взять в работу» (Анна)". */
export function taskDeadlineName(type: TaskType, assignee: string | null): string {
  return `Срок задачи «${TASK_NAMES[type]}» (${assignee ?? 'очередь отдела'})`;
}

/** The timer's summary: its name and when it fires. */
export function taskDeadlineSummary(type: TaskType, assignee: string | null, deadline: string, timeZone: string): string {
  return `${taskDeadlineName(type, assignee)}, ${operatorTime(deadline, timeZone)}`;
}

/** The warning timer before a task's deadline, and the escalation timer after it (issue 13). */
export function taskWarningName(type: TaskType, assignee: string | null): string {
  return `Предупреждение о сроке «${TASK_NAMES[type]}» (${assignee ?? 'очередь отдела'})`;
}
export function taskEscalationName(type: TaskType): string {
  return `Эскалация просрочки «${TASK_NAMES[type]}» руководству`;
}

/** A name with the time its timer fires, as operators read every timer. */
export const timerSummary = (name: string, at: string, timeZone: string): string => `${name}, ${operatorTime(at, timeZone)}`;

export function invoiceReminderSummary(invoiceNumber: string, reminder: number): string {
  return reminder === 0 ? `Срок оплаты счёта ${invoiceNumber}` : `Напоминание ${reminder} по счёту ${invoiceNumber}`;
}

export function settlementWindowSummary(until: string, timeZone: string): string {
  return `Окно поздних платежей до ${operatorTime(until, timeZone).slice(0, 10)}`;
}

export const INVOICE_KIND_NAMES = { prepayment: 'Счёт на предоплату', postpayment: 'Счёт на остаток' } as const;

/** The two lines of an order's current details: what it waits for now, and its next deadline. */
export function waitingDetails(stage: Stage, next: { what: string; at: string } | null, timeZone: string): string {
  return [
    `**Ждёт:** ${WAITS_FOR[stage]}`,
    `**Ближайший срок:** ${next ? `${next.what}, ${operatorTime(next.at, timeZone)}` : 'нет'}`,
  ].join('\n');
}
