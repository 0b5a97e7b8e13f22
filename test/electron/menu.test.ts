// The application menu built from plain inputs: every command item pushes a valid contract
// payload, the keys match the page's shortcuts, and Open Recent opens exactly the listed file.
import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { MENU_COMMANDS, menuCommandPayloadSchema, type MenuCommandPayload } from '../../main/contract/menu';
import { ACCELERATORS, flattenMenu, menuTemplate, PAGE_HANDLED } from '../../main/electron/menu';

function build(platform: NodeJS.Platform, recent: string[] = [], isPackaged = true) {
  const sent: MenuCommandPayload[] = [];
  let cleared = 0;
  const template = menuTemplate({ platform, isPackaged, recent, send: (p) => sent.push(p), clearRecent: () => cleared++ });
  const items = flattenMenu(template);
  const byId = (id: string) => items.find((item) => item.id === id);
  const click = (item: MenuItemConstructorOptions | undefined) => (item!.click as () => void)();
  return { template, items, byId, click, sent, cleared: () => cleared };
}

describe('the application menu', () => {
  it('has File, Edit, Run, View and Help, with every command of the contract', () => {
    const { template, byId } = build('linux');
    expect(template.map((menu) => menu.label ?? menu.role)).toEqual(['&File', '&Edit', '&Run', '&View', '&Help']);
    for (const command of MENU_COMMANDS.filter((c) => c !== 'file.openPath')) expect(byId(command), command).toBeDefined();
    expect(byId('file.openRecent')).toBeDefined();
  });

  it('pushes each command as a payload the contract accepts', () => {
    const { byId, click, sent } = build('linux');
    for (const command of MENU_COMMANDS.filter((c) => c !== 'file.openPath')) click(byId(command));
    expect(sent.map((p) => p.command)).toEqual(MENU_COMMANDS.filter((c) => c !== 'file.openPath'));
    for (const payload of sent) expect(menuCommandPayloadSchema.safeParse(payload).success).toBe(true);
  });

  it('shows the page’s own keys without registering them twice (Linux, Windows)', () => {
    const { byId } = build('linux');
    expect(byId('file.save')).toMatchObject({ accelerator: 'CmdOrCtrl+S', registerAccelerator: false });
    expect(byId('run.start')).toMatchObject({ accelerator: 'F5', registerAccelerator: false });
    expect(byId('run.stop')).toMatchObject({ accelerator: 'Shift+F5' });
    // Keys only the menu has are registered.
    expect(byId('file.saveAs')).toMatchObject({ accelerator: 'CmdOrCtrl+Shift+S' });
    expect(byId('file.saveAs')!.registerAccelerator).toBeUndefined();
    expect(byId('file.exportC')!.accelerator).toBe('CmdOrCtrl+E');
    for (const command of PAGE_HANDLED) expect(ACCELERATORS[command], command).toBeDefined();
  });

  it('lists recent files and opens exactly the one chosen', () => {
    const { byId, click, sent, cleared } = build('linux', ['/home/u/a.lab.json', '/home/u/b.lab.json']);
    expect(byId('file.openRecent.1')).toMatchObject({ label: 'b.lab.json', toolTip: '/home/u/b.lab.json' });
    click(byId('file.openRecent.1'));
    expect(sent).toEqual([{ command: 'file.openPath', path: '/home/u/b.lab.json' }]);
    click(byId('file.clearRecent'));
    expect(cleared()).toBe(1);
  });

  it('says when there is nothing recent', () => {
    const { byId, items } = build('linux', []);
    expect(byId('file.clearRecent')!.enabled).toBe(false);
    expect(items.some((item) => item.label === 'No recent scenarios' && item.enabled === false)).toBe(true);
  });

  it('uses Electron’s roles for zoom and about, and the app menu on macOS', () => {
    const linux = build('linux').items.map((item) => item.role).filter(Boolean);
    expect(linux).toEqual(expect.arrayContaining(['zoomIn', 'zoomOut', 'resetZoom', 'about', 'quit']));
    const mac = build('darwin');
    expect(mac.template[0].role).toBe('appMenu');
    expect(mac.items.some((item) => item.role === 'quit')).toBe(false);
  });

  it('has Close (Cmd+W) everywhere and the Window menu (Cmd+M) on macOS', () => {
    expect(build('linux').items.some((item) => item.role === 'close')).toBe(true);
    expect(build('linux').template.some((menu) => menu.role === 'windowMenu')).toBe(false);
    const mac = build('darwin');
    expect(mac.items.some((item) => item.role === 'close')).toBe(true);
    expect(mac.template.map((menu) => menu.role ?? menu.label)).toEqual(['appMenu', '&File', '&Edit', '&Run', '&View', 'windowMenu', 'help']);
  });

  it('binds each key to one item only (macOS fires every item whose key matches)', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      const keys = build(platform).items.map((item) => item.accelerator).filter(Boolean);
      expect(keys.filter((key, i) => keys.indexOf(key) !== i), platform).toEqual([]);
    }
    expect(ACCELERATORS['run.pause']).toBe('F6');
    expect(ACCELERATORS['run.resume']).toBeUndefined();
  });

  it('offers developer tools only in a checkout', () => {
    expect(build('linux', [], true).items.some((item) => item.role === 'toggleDevTools')).toBe(false);
    expect(build('linux', [], false).items.some((item) => item.role === 'toggleDevTools')).toBe(true);
  });
});

describe('the menu command payload', () => {
  it('requires a path for file.openPath and refuses it elsewhere', () => {
    expect(menuCommandPayloadSchema.safeParse({ command: 'file.openPath' }).success).toBe(false);
    expect(menuCommandPayloadSchema.safeParse({ command: 'file.save', path: '/x' }).success).toBe(false);
    expect(menuCommandPayloadSchema.safeParse({ command: 'file.save', closeAfter: true }).success).toBe(true);
    expect(menuCommandPayloadSchema.safeParse({ command: 'shell.openExternal' }).success).toBe(false);
  });
});
