// The ceiling's plan, counted from the history of a real order: the steps its driver triggered (the start with
// its intake update, each update, each signal) and, per step, the activities and timers the workflow ran.
import type { temporal } from '@temporalio/proto';
import type { Step } from './shared.ts';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Activities the order starts beside its work and does not wait for. */
const BACKGROUND_ACTIVITIES = new Set(['notify']);

export interface HistoryCounts {
  events: number;
  workflowTasks: number;
  updates: number;
  signals: number;
  activities: number;
  activitiesByType: Record<string, number>;
  timersStarted: number;
  timersCancelled: number;
  timersFired: number;
  searchAttributeUpserts: number;
}

export function countHistory(events: readonly HistoryEvent[]): HistoryCounts {
  const counts: HistoryCounts = {
    events: events.length,
    workflowTasks: 0,
    updates: 0,
    signals: 0,
    activities: 0,
    activitiesByType: {},
    timersStarted: 0,
    timersCancelled: 0,
    timersFired: 0,
    searchAttributeUpserts: 0,
  };
  for (const event of events) {
    if (event.workflowTaskCompletedEventAttributes) counts.workflowTasks += 1;
    if (event.workflowExecutionUpdateAcceptedEventAttributes) counts.updates += 1;
    if (event.workflowExecutionSignaledEventAttributes) counts.signals += 1;
    if (event.activityTaskScheduledEventAttributes) {
      counts.activities += 1;
      const type = event.activityTaskScheduledEventAttributes.activityType?.name ?? '?';
      counts.activitiesByType[type] = (counts.activitiesByType[type] ?? 0) + 1;
    }
    if (event.timerStartedEventAttributes) counts.timersStarted += 1;
    if (event.timerCanceledEventAttributes) counts.timersCancelled += 1;
    if (event.timerFiredEventAttributes) counts.timersFired += 1;
    if (event.upsertWorkflowSearchAttributesEventAttributes) counts.searchAttributeUpserts += 1;
  }
  return counts;
}

/**
 * Splits the history at each accepted update and each signal. What happens before the first update belongs
 * to the start, and so does that first update (the intake update sent with the start).
 */
export function planFromHistory(events: readonly HistoryEvent[]): Step[] {
  const steps: Step[] = [];
  let current: Step = { trigger: 'start', awaited: 0, background: 0, timersStarted: 0, timersCancelled: 0 };
  let sawIntake = false;
  for (const event of events) {
    const trigger = event.workflowExecutionUpdateAcceptedEventAttributes ? 'update' : event.workflowExecutionSignaledEventAttributes ? 'signal' : undefined;
    if (trigger === 'update' && !sawIntake) {
      sawIntake = true;
    } else if (trigger) {
      steps.push(current);
      current = { trigger, awaited: 0, background: 0, timersStarted: 0, timersCancelled: 0 };
    }
    const activity = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (activity) {
      if (BACKGROUND_ACTIVITIES.has(activity)) current.background += 1;
      else current.awaited += 1;
    }
    if (event.timerStartedEventAttributes) current.timersStarted += 1;
    if (event.timerCanceledEventAttributes) current.timersCancelled += 1;
  }
  steps.push(current);
  return steps;
}
