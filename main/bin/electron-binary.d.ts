/** Electron's binary, or undefined when it has not been downloaded (it is fetched on first use). */
export function electronBinary(): string | undefined;
/** The folder holding Electron's binary (electron-builder's electronDist), or undefined. */
export function electronDist(): string | undefined;
/** Fetches the binary as Electron's package does on first use: the binary, or the downloader's error line. */
export function downloadElectronBinary(options?: { timeoutMs?: number }): { binary: string; error?: undefined } | { binary?: undefined; error: string };
