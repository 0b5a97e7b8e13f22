// @vitest-environment happy-dom
// Every target shape the scenario schema allows is shown and edited by the step's field:
// signal.send's `to` as a process (kill) or { group } (kill(-pgid)); send's { mailbox } and
// { process }; receive's 'any', { mailbox }, { process }; a target naming an id that is gone
// stays shown, marked missing, instead of an empty select.
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { opInfo } from '../../../../main/ops/catalogue';
import StepField from '../../../../renderer/src/components/program/StepField.vue';
import type { ScenarioDoc } from '../../../../renderer/src/model/doc';
import { useScenarioStore } from '../../../../renderer/src/stores/scenario';

const doc: ScenarioDoc = {
  format: 'process-lab/scenario@1', title: 'targets',
  objects: [{ id: 'Q', kind: 'mailbox' }],
  processes: [
    { id: 'a', name: 'Leader', program: [] },
    { id: 'b', parent: 'a', program: [] },
  ],
};

beforeEach(() => {
  setActivePinia(createPinia());
  useScenarioStore().load(structuredClone(doc), 'targets.lab.json');
});

function field(op: string, name: string, value: unknown) {
  const info = opInfo(op)!.fields.find((f) => f.name === name)!;
  const wrapper = mount(StepField, { props: { field: info, value, op, self: 'b', objectKinds: opInfo(op)!.objectKinds, problems: [], uid: 'f1' } });
  const select = wrapper.get('select');
  return { wrapper, select, selected: () => (select.element as HTMLSelectElement).selectedOptions[0]?.textContent?.trim() };
}

describe('StepField targets', () => {
  it('signal.send to a process group shows "group of a" and edits between process and group', async () => {
    const { wrapper, select, selected } = field('signal.send', 'to', { group: 'a' });
    expect(selected()).toBe('group of a');
    expect(select.findAll('optgroup').map((g) => g.attributes('label'))).toEqual(['A process: kill(pid)', 'Its process group: kill(-pgid)']);
    expect(select.findAll('option').map((o) => o.attributes('value'))).toEqual(['', 'process:a', 'process:b', 'group:a', 'group:b']);
    await select.setValue('process:a');
    await select.setValue('group:b');
    expect(wrapper.emitted('update')).toEqual([['a'], [{ group: 'b' }]]);
    // The help under it says what a group target is, and the select points at it.
    expect(wrapper.get('#f1-help').text()).toContain('kill(-pgid, sig)');
    expect(select.attributes('aria-describedby')).toBe('f1-help');
  });

  it('signal.send to a process, to itself, and to a group whose process is gone', async () => {
    expect(field('signal.send', 'to', 'a').selected()).toBe('a — Leader');
    expect(field('signal.send', 'to', 'b').selected()).toBe('b (itself)');
    expect(field('signal.send', 'to', { group: 'gone' }).selected()).toBe('group of gone (missing)');
    expect(field('signal.send', 'to', undefined).selected()).toBe('choose…');
  });

  it('send and receive: mailbox, inbox, any sender; a missing mailbox is shown', async () => {
    expect(field('send', 'to', { mailbox: 'Q' }).selected()).toBe('mailbox Q');
    expect(field('send', 'to', { process: 'a' }).selected()).toBe('inbox of a');
    expect(field('send', 'to', { mailbox: 'old' }).selected()).toBe('mailbox old (missing)');
    expect(field('receive', 'from', 'any').selected()).toBe('any sender (own inbox)');
    expect(field('receive', 'from', { process: 'a' }).selected()).toBe('only from a');
    const { wrapper, select } = field('receive', 'from', { mailbox: 'Q' });
    await select.setValue('process:a');
    await select.setValue('any');
    expect(wrapper.emitted('update')).toEqual([[{ process: 'a' }], ['any']]);
  });
});

// Issue 17, item 7: every field that holds bytes or text shows its escapes and reads them back.
describe('StepField escapes', () => {
  function textField(op: string, name: string, value: unknown) {
    const info = opInfo(op)!.fields.find((f) => f.name === name)!;
    const wrapper = mount(StepField, { props: { field: info, value, op, self: 'b', objectKinds: opInfo(op)!.objectKinds, problems: [], uid: 'f1' } });
    return { wrapper, input: wrapper.get('input') };
  }

  it.each([
    ['write', 'data'], ['send', 'data'], ['socket.send', 'data'], ['shm.write', 'value'], ['log', 'message'],
  ])('%s %s shows "\\n", "\\t" and "\\0" and reads them back as the bytes they name', async (op, name) => {
    const { wrapper, input } = textField(op, name, 'hello\n\t\0');
    expect((input.element as HTMLInputElement).value).toBe('hello\\n\\t\\0');
    await input.setValue('hi\\nthere\\t\\x00');
    expect(wrapper.emitted('update')).toEqual([['hi\nthere\t\0']]);
    expect(new TextEncoder().encode((wrapper.emitted('update')![0] as string[])[0])).toHaveLength(10);
  });

  it('a log message keeps its newline when the user types after it (it became a backslash and an "n")', async () => {
    const { wrapper, input } = textField('log', 'message', 'a\nb');
    await input.setValue('a\\nbc');
    expect(wrapper.emitted('update')).toEqual([['a\nbc']]);
  });

  it('data takes raw bytes: \\xff and a byte list', async () => {
    const { wrapper, input } = textField('write', 'data', 'x');
    await input.setValue('A\\xff');
    await input.setValue('[0, 1, 255]');
    expect(wrapper.emitted('update')).toEqual([[[65, 255]], [[0, 1, 255]]]);
  });
});
