// The ceiling's plan, counted from the history of a real order: the steps its driver triggered (the start with
// its intake update, each update, each signal) and, per step, the activities and timers the workflow ran.
// Everything is read from the history, never from the order workflow's code, so the plan follows the workflow
// when it changes: activities renamed, moved to local activities or dropped (mail through an outbox).
import type { temporal } from '@temporalio/proto';
import type { Step } from './shared.ts';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Activities the order starts beside its work and does not wait for. */
const BACKGROUND_ACTIVITIES = new Set(['notify']);

/** The marker the SDK's core records for each local activity. */
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

/** A local activity's type, from its marker's `data` (JSON written by the SDK's core); '?' when unreadable. */
function localActivityType(marker: temporal.api.history.v1.IMarkerRecordedEventAttributes): string {
  const bytes = marker.details?.data?.payloads?.[0]?.data;
  if (!bytes) return '?';
  try {
    const data = JSON.parse(new TextDecoder().decode(bytes)) as { activity_type?: string; activityType?: string };
    return data.activity_type ?? data.activityType ?? '?';
  } catch {
    return '?';
  }
}

const isLocalActivity = (event: HistoryEvent) => event.markerRecordedEventAttributes?.markerName === LOCAL_ACTIVITY_MARKER;

export interface HistoryCounts {
  events: number;
  workflowTasks: number;
  updates: number;
  signals: number;
  activities: number;
  activitiesByType: Record<string, number>;
  localActivities: number;
  localActivitiesByType: Record<string, number>;
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
    localActivities: 0,
    localActivitiesByType: {},
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
    if (isLocalActivity(event)) {
      counts.localActivities += 1;
      const type = localActivityType(event.markerRecordedEventAttributes!);
      counts.localActivitiesByType[type] = (counts.localActivitiesByType[type] ?? 0) + 1;
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
  let current: Step = { trigger: 'start', awaited: 0, background: 0, local: 0, timersStarted: 0, timersCancelled: 0 };
  let sawIntake = false;
  for (const event of events) {
    const trigger = event.workflowExecutionUpdateAcceptedEventAttributes ? 'update' : event.workflowExecutionSignaledEventAttributes ? 'signal' : undefined;
    if (trigger === 'update' && !sawIntake) {
      sawIntake = true;
    } else if (trigger) {
      steps.push(current);
      current = { trigger, awaited: 0, background: 0, local: 0, timersStarted: 0, timersCancelled: 0 };
    }
    const activity = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (activity) {
      if (BACKGROUND_ACTIVITIES.has(activity)) current.background += 1;
      else current.awaited += 1;
    }
    if (isLocalActivity(event)) current.local += 1;
    if (event.timerStartedEventAttributes) current.timersStarted += 1;
    if (event.timerCanceledEventAttributes) current.timersCancelled += 1;
  }
  steps.push(current);
  return steps;
}

/**
 * The second ceiling's plan: the same steps and timers, but exactly one awaited no-op activity per step
 * (the start carries the intake update, so it is a step too), no mail and no local activity. What an order
 * needs at the least in Temporal's terms, so the lifecycle's ratio to it says how much the engine adds.
 */
export function minimalPlan(plan: readonly Step[]): Step[] {
  return plan.map((step) => ({ ...step, awaited: 1, background: 0, local: 0 }));
}
