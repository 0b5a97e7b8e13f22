// @vitest-environment happy-dom
// The "Show as C" panel: one process's part, coloured, the selected step's lines highlighted.
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ShowAsC, { highlightC } from '../../../../renderer/src/components/export/ShowAsC.vue';
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

  it('colours comments, strings and keywords, and escapes HTML', () => {
    const [line] = highlightC(['if (x < 1) write(1, "a<b", 3); /* why */']);
    expect(line).toContain('<span class="c-keyword">if</span>');
    expect(line).toContain('<span class="c-string">"a&lt;b"</span>');
    expect(line).toContain('<span class="c-comment">/* why */</span>');
  });

  it('says so when the scenario cannot be exported', () => {
    const wrapper = mount(ShowAsC, { props: { scenario: { format: 'nope' }, processId: 'a' } });
    expect(wrapper.find('.problem').text()).toContain('cannot be exported');
  });
});
