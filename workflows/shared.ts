// What the API, the worker and the workflow share: names, inputs, messages and search attributes.
// Importing this file never pulls in workflow code.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Locale, Stage, TaskType } from '../domain/funnel.ts';

export const ORDER_WORKFLOW = 'orderWorkflow';

export const orderWorkflowId = (orderId: string): string => `order-${orderId}`;

export const searchAttributes = {
  stage: defineSearchAttributeKey('OrderStage', SearchAttributeType.KEYWORD),
  number: defineSearchAttributeKey('OrderNumber', SearchAttributeType.KEYWORD),
  managerId: defineSearchAttributeKey('ManagerId', SearchAttributeType.KEYWORD),
  amountDue: defineSearchAttributeKey('AmountDue', SearchAttributeType.INT),
  overdue: defineSearchAttributeKey('Overdue', SearchAttributeType.BOOL),
} as const;

/** Name and type of every custom search attribute, as the server registers them. */
export const SEARCH_ATTRIBUTE_TYPES: Record<string, 'Keyword' | 'Int' | 'Bool'> = {
  OrderStage: 'Keyword',
  OrderNumber: 'Keyword',
  ManagerId: 'Keyword',
  AmountDue: 'Int',
  Overdue: 'Bool',
};

/** Durations fixed when the order starts, so a configuration change never moves a running order's deadlines. */
export interface OrderSettings {
  sla: { takeInWorkMs: number; qualifyMs: number; enterDeliveryDataMs: number };
  paymentTermMs: number;
  paymentReminderIntervalMs: number;
  productionDayMs: number;
  timezone: string;
}

export interface OrderWorkflowInput {
  orderId: string;
  number: string;
  locale: Locale;
  currency: string;
  customerName: string;
  amount: number;
  settings: OrderSettings;
}

export interface Actor {
  id: string;
  name: string;
}

export interface OpenTaskView {
  id: string;
  type: TaskType;
  assignee: Actor | null;
  deadline: string;
  overdue: boolean;
}

export interface OrderStateView {
  stage: Stage;
  manager: Actor | null;
  due: number;
  overdue: boolean;
  openTasks: OpenTaskView[];
}

/** Resolves once the workflow has done the `new` stage's entry actions: the answer to `POST /orders`. */
export const intakeUpdate = defineUpdate<OrderStateView>('intake');

export const stateQuery = defineQuery<OrderStateView>('state');
