// The worker's activities, built from injected dependencies; workflows import only the types.
import type { Db } from '../db/client.ts';
import { createAssignmentActivities } from './assignment.ts';
import { createReadModelActivities } from './read-model.ts';

export type { OrderChange, TaskWrite, TimelineWrite } from './read-model.ts';

export interface ActivityDeps {
  db: Db;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createAssignmentActivities(deps),
    ...createReadModelActivities(deps),
  };
}

export type OrderActivities = ReturnType<typeof createActivities>;
