/**
 * Scenario descriptions are Markdown (spec: `description`). They are rendered with markdown-it
 * with raw HTML off, so a description from an opened file can never inject markup or script:
 * markdown-it escapes every `<` and refuses javascript: links itself.
 */
import { escapeControls } from '@scenario/display-text';
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });

// Links open outside the lab (the desktop shell refuses navigation away from the app).
const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, i, options, _env, self) => self.renderToken(tokens, i, options));
md.renderer.rules.link_open = (tokens, i, options, env, self) => {
  tokens[i].attrSet('target', '_blank');
  tokens[i].attrSet('rel', 'noopener noreferrer');
  return defaultLinkOpen(tokens, i, options, env, self);
};

/** Markdown source to HTML; soft line breaks inside a paragraph join words, as Markdown says. */
export function renderMarkdown(source: string): string {
  return md.render(escapeControls(source)); // control and bidi characters shown escaped
}

/** A description cut into what it tells (summary), what to look at (watch) and why (lecturePoint). */
export interface DescriptionParts {
  summary: string;
  watch?: string;
  lecturePoint?: string;
}

const SECTION = /^\*\*(Watch|Lecture point):\*\*\s*/;

/**
 * Splits a preset-style description at its `**Watch:**` and `**Lecture point:**` paragraphs
 * (the convention every shipped preset follows); any other paragraph stays in the summary.
 */
export function splitDescription(source: string): DescriptionParts {
  const parts: DescriptionParts = { summary: '' };
  const summary: string[] = [];
  for (const paragraph of source.split(/\n\s*\n/)) {
    const match = SECTION.exec(paragraph.trim());
    if (match?.[1] === 'Watch') parts.watch = paragraph.trim().slice(match[0].length);
    else if (match) parts.lecturePoint = paragraph.trim().slice(match[0].length);
    else summary.push(paragraph);
  }
  parts.summary = summary.join('\n\n').trim();
  return parts;
}
