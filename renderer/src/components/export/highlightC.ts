// C colouring for "Show as C": highlight.js with its C grammar (comments over several lines,
// preprocessor lines, strings, types, keywords, numbers), cut into one HTML string per line so
// the panel can number lines and mark a step's block.
import hljs from 'highlight.js/lib/core';
import c from 'highlight.js/lib/languages/c';

hljs.registerLanguage('c', c);

/**
 * `code` coloured, one HTML string per line (HTML-escaped by highlight.js). A span that crosses a
 * line end, such as a comment over several lines, is closed at the end of the line and opened
 * again at the start of the next, so every line is well-formed on its own.
 */
export function highlightCLines(code: string): string[] {
  const html = hljs.highlight(code, { language: 'c', ignoreIllegals: true }).value;
  const lines: string[] = [];
  const open: string[] = [];
  let line = '';
  let last = 0;
  for (const match of html.matchAll(/<span[^>]*>|<\/span>|\n/g)) {
    line += html.slice(last, match.index);
    last = match.index + match[0].length;
    if (match[0] === '\n') {
      lines.push(line + '</span>'.repeat(open.length));
      line = open.join('');
    } else {
      if (match[0] === '</span>') open.pop();
      else open.push(match[0]);
      line += match[0];
    }
  }
  lines.push(line + html.slice(last));
  return lines;
}
