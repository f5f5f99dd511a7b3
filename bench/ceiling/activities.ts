// The ceiling's only activity: it does nothing, so the time it takes is Temporal's alone.
export const ceilingActivities = {
  async nothing(): Promise<void> {},
};

export type CeilingActivities = typeof ceilingActivities;
