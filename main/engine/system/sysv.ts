// System V IPC objects of the whole machine (this IPC namespace), from /proc/sysvipc/{shm,msg,sem}
// (proc(5), ipc/util.c sysvipc_proc_show): what ipcs(1) and lsipc(1) print. Columns are found by
// their header names, because kernels have added columns (rss, swap) over time.
import { existsSync, readFileSync } from 'node:fs';

export type SysvKind = 'shm' | 'msg' | 'sem';

export interface SysvRow {
  kind: SysvKind;
  /** The key as the kernel's unsigned 32-bit value (the file prints it as a signed int). */
  key: number;
  id: number;
  /** Permission bits; for shm also SHM_DEST (01000) and SHM_LOCKED (02000). */
  perms: number;
  uid: number;
  gid: number;
  cuid: number;
  cgid: number;
  /** Every other numeric column under its header name: size cpid lpid nattch atime dtime ctime,
   * cbytes qnum lspid lrpid stime rtime, nsems otime. */
  fields: Record<string, number>;
}

const ID_COLUMN: Record<SysvKind, string> = { shm: 'shmid', msg: 'msqid', sem: 'semid' };

export function readSysv(kind: SysvKind, file = `/proc/sysvipc/${kind}`): SysvRow[] {
  if (!existsSync(file)) return [];
  const [header, ...lines] = readFileSync(file, 'utf8').split('\n');
  const columns = header.trim().split(/\s+/);
  const rows: SysvRow[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    const values = line.trim().split(/\s+/);
    const fields: Record<string, number> = {};
    columns.forEach((name, i) => {
      // perms is octal (%4o); everything else decimal.
      fields[name] = name === 'perms' ? parseInt(values[i], 8) : Number(values[i]);
    });
    rows.push({
      kind,
      key: fields.key >>> 0,
      id: fields[ID_COLUMN[kind]],
      perms: fields.perms,
      uid: fields.uid,
      gid: fields.gid,
      cuid: fields.cuid,
      cgid: fields.cgid,
      fields,
    });
  }
  return rows;
}

export const keyHex = (key: number) => `0x${(key >>> 0).toString(16).padStart(8, '0')}`;

/** The text that names an object to the user, and that a removal must be confirmed with. */
export function sysvDisplayName(kind: SysvKind, id: number, key: number): string {
  const word = kind === 'shm' ? 'shm' : kind === 'msg' ? 'msg' : 'sem-set';
  return `${word} ${id} key ${keyHex(key)}`;
}

/** Whether the user may read an object, as the kernel's ipcperms() decides (ipc/util.c). */
export function mayRead(row: Pick<SysvRow, 'perms' | 'uid' | 'gid' | 'cuid' | 'cgid'>, uid: number, groups: number[]): boolean {
  if (uid === 0) return true; // CAP_IPC_OWNER
  const bits = uid === row.uid || uid === row.cuid ? row.perms >> 6 : groups.includes(row.gid) || groups.includes(row.cgid) ? row.perms >> 3 : row.perms;
  return (bits & 4) !== 0;
}
