// Placeholder until this mechanism is written.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PrctlApi {}
