/** Contract: Shift log and charts for supervisors (issue 6 items 1, 2). */
export const shiftLogCalls = {} as const;
export const shiftLogEvents = {} as const;
