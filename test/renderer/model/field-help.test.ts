// The help sentences under fields name only fields that exist (a step op's field in the op
// catalogue, an object kind's field in the schema), so a renamed field cannot keep stale help.
import { describe, expect, it } from 'vitest';
import { opInfo } from '../../../main/ops/catalogue';
import { ObjectSchema } from '../../../main/scenario/schema';
import { FIELD_HELP, fieldHelp } from '../../../renderer/src/model/fieldHelp';

describe('field help', () => {
  it('every entry is a field of a step op or of an object kind', () => {
    const objectFields = new Map(ObjectSchema.options.map((o) => [String(o.shape.kind.value), Object.keys(o.shape)]));
    for (const key of Object.keys(FIELD_HELP)) {
      const dot = key.lastIndexOf('.');
      const [owner, field] = [key.slice(0, dot), key.slice(dot + 1)];
      const known = opInfo(owner)?.fields.some((f) => f.name === field) ?? objectFields.get(owner)?.includes(field) ?? false;
      expect(known, key).toBe(true);
    }
  });

  it('explains the fields through which the kernel speaks', () => {
    expect(fieldHelp('signal.send', 'value')).toMatch(/sigqueue/);
    expect(fieldHelp('signal.send', 'to')).toMatch(/kill\(-pgid/);
    expect(fieldHelp('mailbox', 'capacityBytes')).toMatch(/msg_qbytes/);
    expect(fieldHelp('log', 'message')).toBeUndefined();
  });
});
