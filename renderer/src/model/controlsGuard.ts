/**
 * Every text the page shows, neutralised: a scenario's title, names, log lines, console text,
 * a description rendered from Markdown, a run's name all come from files and processes the user
 * did not write. One observer at the root of the app escapes control characters and bidi
 * controls (U+202E turns "evil" into "live") in every text node and tooltip, now and whenever
 * one changes, with the CLI's own function (@scenario/display-text). Form fields keep the raw
 * value (an input's value is no text node), so editing never rewrites what the user typed.
 */
import { escapeControls, hasControls } from '@scenario/display-text';

const ATTRIBUTES = ['title', 'aria-label', 'placeholder'];

function fixText(node: Node): void {
  if (node.nodeType !== Node.TEXT_NODE || !node.nodeValue || !hasControls(node.nodeValue)) return;
  if (node.parentElement?.closest('textarea')) return; // a textarea's default value, not shown text
  node.nodeValue = escapeControls(node.nodeValue);
}

function fixAttributes(element: Element): void {
  for (const name of ATTRIBUTES) {
    const value = element.getAttribute(name);
    if (value && hasControls(value)) element.setAttribute(name, escapeControls(value));
  }
}

function fixTree(root: Node): void {
  if (root.nodeType === Node.TEXT_NODE) return fixText(root);
  if (root.nodeType !== Node.ELEMENT_NODE) return;
  fixAttributes(root as Element);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) fixText(node);
    else fixAttributes(node as Element);
  }
}

/**
 * Neutralises control characters in everything under `root` (and the document's title) from now
 * on. The observer runs before the next paint, so an unescaped text is never shown. Returns the
 * function that stops it.
 */
export function guardControls(root: HTMLElement): () => void {
  fixTree(root);
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'characterData') fixText(record.target);
      else if (record.type === 'attributes') fixAttributes(record.target as Element);
      else record.addedNodes.forEach(fixTree);
    }
    if (hasControls(document.title)) document.title = escapeControls(document.title);
  });
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES });
  return () => observer.disconnect();
}
