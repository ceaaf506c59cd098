/** Contract: Retention, legal holds and inter-agency sharing requests (issue 6 items 7, 8). */
export const recordsCalls = {} as const;
export const recordsEvents = {} as const;
