/**
 * What the engine's platform lacks, as the editor shows it: the engine reports its capabilities
 * through app.info (main/engine/capabilities.ts); this decides, from them alone, which objects
 * cannot run there and says why. A POSIX mailbox on macOS is an error before the run, not a
 * failed mq_open(3) during it.
 */
import type { Capabilities } from '@contract';
import type { ScenarioDoc } from './doc';
import type { EditorProblem } from './problems';

const PLATFORM_NAMES: Record<string, string> = { darwin: 'macOS', linux: 'Linux', win32: 'Windows', freebsd: 'FreeBSD' };

/** The platform as people name it ('darwin' -> 'macOS'). */
export const platformName = (platform: string): string => PLATFORM_NAMES[platform] ?? platform;

/** Why a mailbox flavor cannot run on the engine's platform, or undefined when it can. */
export function flavorUnavailable(kind: string, flavor: string, capabilities: Capabilities, platform: string): string | undefined {
  if (kind === 'mailbox' && flavor === 'posix' && !capabilities.posixMessageQueues) {
    return `${platformName(platform)} has no POSIX message queues (mq_open(3)): choose System V (msgget(2)).`;
  }
  return undefined;
}

/** One error per object the platform cannot make, at the object's flavor field. */
export function platformProblems(doc: ScenarioDoc, capabilities: Capabilities, platform: string): EditorProblem[] {
  const out: EditorProblem[] = [];
  doc.objects.forEach((object, index) => {
    const kind = String(object.kind);
    const flavor = String(object.flavor ?? (kind === 'mailbox' ? 'posix' : 'sysv'));
    const reason = flavorUnavailable(kind, flavor, capabilities, platform);
    if (!reason || typeof object.id !== 'string') return;
    const pointer = `/objects/${index}/flavor`;
    out.push({
      pointer, severity: 'error', key: `${pointer}\u0000platform`,
      message: `The POSIX mailbox "${object.id}" cannot run on ${platformName(platform)}.`, hint: reason,
      nodeId: object.id, nodeKind: 'object', field: 'flavor',
    });
  });
  return out;
}
