// Sentences for people: timeline entries and task titles in the order's language.
import type { Locale, TaskType, TimelineType } from './funnel.ts';

const TASK_TITLES: Record<TaskType, Record<Locale, string>> = {
  take_in_work: { ru: 'Взять заказ в работу', en: 'Take the order in work' },
  qualify: { ru: 'Квалифицировать заказ', en: 'Qualify the order' },
  production: { ru: 'Произвести позицию', en: 'Produce the item' },
  enter_delivery_data: { ru: 'Внести данные доставки', en: 'Enter delivery data' },
  delivery: { ru: 'Отгрузить заказ', en: 'Ship the order' },
  refund: { ru: 'Вернуть деньги клиенту', en: 'Refund the client' },
};

export function taskTitle(locale: Locale, type: TaskType, orderNumber: string, subject?: string): string {
  const base = `${TASK_TITLES[type][locale]} ${locale === 'ru' ? '№' : '#'}${orderNumber}`;
  return subject ? `${base}: ${subject}` : base;
}

type Data = Record<string, unknown>;

const TIMELINE: Partial<Record<TimelineType, Record<Locale, (d: Data) => string>>> = {
  order_created: {
    ru: (d) => `Заказ №${String(d.number)} создан`,
    en: (d) => `Order #${String(d.number)} created`,
  },
  manager_assigned: {
    ru: (d) => (d.managerName ? `Назначен ответственный менеджер: ${String(d.managerName)}` : 'Нет активного менеджера продаж: заказ ждёт назначения'),
    en: (d) => (d.managerName ? `Responsible manager assigned: ${String(d.managerName)}` : 'No active sales manager: the order awaits assignment'),
  },
  task_created: {
    ru: (d) => `Создана задача «${String(d.title)}», исполнитель: ${d.assigneeName ? String(d.assigneeName) : 'не назначен'}`,
    en: (d) => `Task "${String(d.title)}" created, assignee: ${d.assigneeName ? String(d.assigneeName) : 'none'}`,
  },
  stage_changed: {
    ru: (d) => `Этап: ${String(d.from)} → ${String(d.to)}`,
    en: (d) => `Stage: ${String(d.from)} → ${String(d.to)}`,
  },
};

export function timelineText(locale: Locale, type: TimelineType, data: Data): string {
  const render = TIMELINE[type]?.[locale];
  return render ? render(data) : type.replaceAll('_', ' ');
}
