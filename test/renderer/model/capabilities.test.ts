// The renderer's decision from the engine's reported capabilities: on macOS (as the engine
// reports darwin) a POSIX mailbox is marked unavailable before the run; on Linux nothing is.
import { describe, expect, it } from 'vitest';
import { platformCapabilities } from '../../../main/engine/capabilities';
import { emptyScenario } from '../../../renderer/src/model/doc';
import { addObject } from '../../../renderer/src/model/edits';
import { flavorUnavailable, platformProblems } from '../../../renderer/src/model/capabilities';

function mailboxes() {
  const doc = emptyScenario('mq');
  addObject(doc, 'mailbox', { x: 0, y: 0 });
  addObject(doc, 'mailbox', { x: 200, y: 0 });
  doc.objects[1].flavor = 'sysv';
  return doc;
}

describe('what the platform lacks', () => {
  it('marks a POSIX mailbox unavailable on darwin, as an error at its flavor field', () => {
    const darwin = platformCapabilities('darwin');
    expect(darwin.posixMessageQueues).toBe(false);
    const problems = platformProblems(mailboxes(), darwin, 'darwin');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: 'error', nodeId: 'mbox1', field: 'flavor', pointer: '/objects/0/flavor' });
    expect(problems[0].message).toContain('macOS');
    expect(problems[0].hint).toContain('System V');
    expect(flavorUnavailable('mailbox', 'sysv', darwin, 'darwin')).toBeUndefined();
    expect(flavorUnavailable('shm', 'posix', darwin, 'darwin')).toBeUndefined();
  });

  it('marks nothing on linux, the platform this engine runs on here', () => {
    expect(platformProblems(mailboxes(), platformCapabilities('linux'), 'linux')).toEqual([]);
    expect(platformCapabilities(process.platform)).toEqual({ posixMessageQueues: true, procfs: true });
  });
});
