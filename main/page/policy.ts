// What the built renderer may do, whichever front door serves it (the desktop shell's app://
// protocol, browser mode's HTTP server): load only itself and talk only to its own origin (the
// WebSocket included). renderer/index.html carries the same policy in a meta tag.
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
