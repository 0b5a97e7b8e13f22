import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderMarkdown, splitDescription } from '../../../renderer/src/model/markdown';

const presets = fileURLToPath(new URL('../../../main/presets/', import.meta.url));

describe('renderMarkdown', () => {
  it('renders emphasis and code, and joins lines broken inside a paragraph', () => {
    const html = renderMarkdown('The **master** calls `shmget`\nand *dest* shows.');
    expect(html).toBe('<p>The <strong>master</strong> calls <code>shmget</code>\nand <em>dest</em> shows.</p>\n');
    expect(html).not.toContain('<br');
  });

  it('keeps raw HTML as text and refuses script links', () => {
    const html = renderMarkdown('<img src=x onerror=alert(1)> [x](javascript:alert(1))');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
    expect(html).not.toContain('href="javascript:');
  });
});

describe('splitDescription', () => {
  it('sets Watch and Lecture point apart from the summary', () => {
    const parts = splitDescription('What it does.\n\n**Watch:** the count.\n\n**Lecture point:** why.');
    expect(parts).toEqual({ summary: 'What it does.', watch: 'the count.', lecturePoint: 'why.' });
  });

  it('finds both sections in every shipped preset', () => {
    for (const file of readdirSync(presets).filter((f) => f.endsWith('.lab.json'))) {
      const { description } = JSON.parse(readFileSync(presets + file, 'utf8')) as { description: string };
      const parts = splitDescription(description);
      expect(parts.summary, file).not.toBe('');
      expect(parts.watch, file).toBeTruthy();
      expect(parts.lecturePoint, file).toBeTruthy();
    }
  });
});
