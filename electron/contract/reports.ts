/** Contract: Audit review, reports (CSV/PDF) and the agency's purposes list (issue 6 items 3, 4; issue 4 item 1). */
export const reportsCalls = {} as const;
export const reportsEvents = {} as const;
