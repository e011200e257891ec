/** Statuses any call can meet, whatever the document lists for the operation. */
export const universalStatuses = [401, 403, 404, 429, 500, 502, 503] as const
