// Read from package.json at build time (vite inlines JSON imports), so the CLI, the server
// and the window all report the same version.
import pkg from '../../package.json';

export const APP_NAME: string = pkg.productName;
export const APP_VERSION: string = pkg.version;
