// The inbox's entry in a run's names: a key no scenario id can collide with (ids have no '#').
// Apart from names.ts so the worker runtime can use it without loading node:crypto.
export const inboxKey = (processId: string) => `#inbox:${processId}`;
