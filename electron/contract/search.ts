/** Contract: Plate search over local hits and the hub's reads; hotlist entries by officers (issue 6 items 5, 6). */
export const searchCalls = {} as const;
export const searchEvents = {} as const;
