// @vitest-environment happy-dom
// The "Show as C" panel: one process's part, coloured by C's grammar, the selected step's lines
// highlighted, and the download of the whole program.
import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import ShowAsC from '../../../../renderer/src/components/export/ShowAsC.vue';
import { highlightCLines } from '../../../../renderer/src/components/export/highlightC';
import { cFileName, exportScenarioAsC } from '../../../../main/export-c/generator';
import { presets } from '../../../../main/presets';

const scenario = presets().find((p) => p.id === 'parent-child-pipe')!.scenario;

describe('ShowAsC', () => {
  it("shows the selected process's program with the selected step highlighted", () => {
    const wrapper = mount(ShowAsC, { props: { scenario, processId: 'child', stepIndex: [1] } });
    const text = wrapper.find('.code').text();
    expect(text).toContain('static void program_child(void)');
    expect(text).not.toContain('static void program_parent(void)');
    const selected = wrapper.findAll('.line.selected').map((row) => row.text()).join('\n');
    expect(selected).toContain('child [1] "read": read');
    expect(selected).toContain('read(fd_p[0], buf, 4096)');
    expect(selected).not.toContain('[2]');
  });

  it('says so when the scenario cannot be exported', () => {
    const wrapper = mount(ShowAsC, { props: { scenario: { format: 'nope' }, processId: 'a' } });
    expect(wrapper.find('.problem').text()).toContain('cannot be exported');
  });

  it('downloads the whole program as a .c file named after the scenario', async () => {
    const blobs: Blob[] = [];
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (blobs.push(blob as Blob), 'blob:x'));
    const wrapper = mount(ShowAsC, { props: { scenario, processId: 'child' } });
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    await wrapper.find('button').trigger('click');
    expect(clicked).toEqual([cFileName(scenario)]);
    expect(clicked[0]).toMatch(/^[a-z0-9-]+\.c$/);
    expect(await blobs[0].text()).toBe(exportScenarioAsC(scenario).code);
    create.mockRestore();
    vi.restoreAllMocks();
  });
});

describe('highlightCLines', () => {
  it("colours with C's grammar and escapes HTML", () => {
    const [line] = highlightCLines('if (x < 1) write(1, "a<b", 3); /* why */');
    expect(line).toContain('<span class="hljs-keyword">if</span>');
    expect(line).toContain('<span class="hljs-string">&quot;a&lt;b&quot;</span>');
    expect(line).toContain('<span class="hljs-comment">/* why */</span>');
  });

  it('keeps every line well-formed when a comment spans lines', () => {
    const lines = highlightCLines('int a;\n/* one\n   two */\n#include <stdio.h>');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe('<span class="hljs-comment">/* one</span>');
    expect(lines[2]).toBe('<span class="hljs-comment">   two */</span>');
    expect(lines[3]).toContain('class="hljs-meta"');
    for (const line of lines) expect(line.match(/<span/g)?.length ?? 0).toBe(line.match(/<\/span>/g)?.length ?? 0);
  });
});
