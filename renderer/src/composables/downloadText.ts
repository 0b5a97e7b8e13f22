// Saving text as a file from the page, the one way the renderer does it (a scenario in browser
// mode, a C program, a benchmark set): an object URL and a temporary link, which works in
// Electron and in any browser.

/** Starts the download of `text` as `filename` with MIME `type`. */
export function downloadText(filename: string, text: string, type: string, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  doc.body.appendChild(link);
  link.click();
  link.remove();
  // The download has started; the URL is only needed until then.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
