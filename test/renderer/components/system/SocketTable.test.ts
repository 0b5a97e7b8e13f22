// @vitest-environment happy-dom
// The sockets table both System IPC panels share: their columns then "held by", a cell's title
// where it has one, and short columns (state, queues) kept on one line.
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import SocketTable from '../../../../renderer/src/components/system/SocketTable.vue';

describe('SocketTable', () => {
  const wrapper = mount(SocketTable, {
    props: {
      columns: [{ label: 'host', short: true }, { label: 'state', short: true }, { label: 'path' }],
      rows: [
        { key: 'a', cells: [{ text: 'host A', title: 'run r1' }, { text: 'ESTAB' }, { text: '…/sock', title: '/run/lab/objects/sock' }], holders: [{ command: 'server', pid: 41 }, { command: 'client', pid: 42 }] },
        { key: 'b', cells: [{ text: '' }, { text: 'LISTEN' }, { text: '(unnamed)' }], holders: [] },
      ],
    },
  });

  it('heads the given columns, then "held by"', () => {
    expect(wrapper.findAll('th').map((th) => th.text())).toEqual(['host', 'state', 'path', 'held by']);
  });

  it('fills each row with its cells, their titles, and the holders as command (PID)', () => {
    const rows = wrapper.findAll('tbody tr');
    expect(rows).toHaveLength(2);
    const first = rows[0]!.findAll('td');
    expect(first.map((td) => td.text())).toEqual(['host A', 'ESTAB', '…/sock', 'server (41), client (42)']);
    expect(first[0]!.attributes('title')).toBe('run r1');
    expect(first[2]!.attributes('title')).toBe('/run/lab/objects/sock');
    expect(first[1]!.attributes('title')).toBeUndefined();
    expect(rows[1]!.findAll('td').at(-1)!.text()).toBe('');
  });

  it('marks the short columns, and only them, to stay on one line', () => {
    const cells = wrapper.findAll('tbody tr')[0]!.findAll('td');
    expect(cells.map((td) => td.classes('short'))).toEqual([true, true, false, false]);
  });
});
