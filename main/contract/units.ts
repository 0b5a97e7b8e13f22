// Figures in words, the same everywhere they are shown (the app's views, the CLI's tables, the
// lessons): three significant digits at most, binary units for sizes as the kernel counts them.

/** Bytes as "64 B", "4 KiB", "1 MiB" (exact multiples only; else bytes); 0 is "no data" (signals). */
export function formatSize(bytes: number): string {
  if (bytes === 0) return 'no data';
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes >> 20} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes >> 10} KiB`;
  return `${bytes} B`;
}

/**
 * A file's or document's size for a message: "812 bytes", "4 MiB" (an exact multiple), else the
 * exact bytes with MiB beside them ("6201774 bytes (5.9 MiB)": a file one byte over a limit must
 * not read as the limit). One formatter so a too-big file reads the same in the CLI, the app and
 * the validator.
 */
export function formatFileSize(bytes: number): string {
  if (bytes < 1 << 20) return countOf(bytes, 'byte');
  if (bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  return `${bytes} bytes (${(bytes / (1 << 20)).toFixed(1)} MiB)`;
}

/** Nanoseconds as "850 ns", "1.50 µs", "12.3 ms", "2.00 s". */
export function formatNs(ns: number): string {
  const digits = (value: number) => (value >= 100 ? 0 : value >= 10 ? 1 : 2);
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(digits(ns / 1e9))} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(digits(ns / 1e6))} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(digits(ns / 1e3))} µs`;
  return `${Math.round(ns)} ns`;
}

/**
 * A count with its noun in the right number: "1 line", "0 lines", "2 processes" (`many` for a
 * plural that is not `one` + "s"). One helper so that no view says "1 lines" again.
 */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
