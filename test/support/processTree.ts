import * as fs from 'node:fs';

// Ending what a test started, by pid: the process, the process group it leads (it was spawned
// detached) and every descendant found under it in /proc, in case one left the group.

interface ProcStat {
  pid: number;
  ppid: number;
  state: string;
}

function readStat(pid: string): ProcStat | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Field 2, the command name, is in parentheses and may hold spaces and ')': fields after it
  // start past its last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { pid: Number(pid), state: rest[0], ppid: Number(rest[1]) };
}

function allProcesses(): ProcStat[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(readStat)
    .filter((stat): stat is ProcStat => stat !== undefined);
}

/** The live processes below `root`: children, their children, and so on. */
export function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const { pid, ppid, state } of allProcesses()) {
    if (state === 'Z') continue;
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Whether a process runs (a zombie, dead but not yet reaped, does not count). */
export function isRunning(pid: number): boolean {
  const stat = readStat(String(pid));
  return stat !== undefined && stat.state !== 'Z';
}

function signal(target: number, name: NodeJS.Signals): void {
  try {
    process.kill(target, name);
  } catch {
    // Already gone.
  }
}

function signalTree(leader: number, pids: readonly number[], name: NodeJS.Signals): void {
  signal(-leader, name);
  for (const pid of pids) signal(pid, name);
}

/**
 * Ends `leader`, its process group and its descendants: SIGTERM first so they can clean up,
 * SIGKILL to whatever still runs after `graceMs`. Resolves once none of them runs.
 */
export async function killTree(leader: number, graceMs = 5_000): Promise<void> {
  const pids = new Set([leader, ...descendantsOf(leader)]);
  signalTree(leader, [...pids], 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && [...pids].some(isRunning)) await new Promise((resolve) => setTimeout(resolve, 100));
  for (const pid of descendantsOf(leader)) pids.add(pid);
  signalTree(leader, [...pids], 'SIGKILL');
  const killDeadline = Date.now() + 5_000;
  while (Date.now() < killDeadline && [...pids].some(isRunning)) await new Promise((resolve) => setTimeout(resolve, 50));
  const left = [...pids].filter(isRunning);
  if (left.length > 0) throw new Error(`processes still running after SIGKILL: ${left.join(', ')}`);
}

/** The same with SIGKILL at once, synchronously: for a process 'exit' handler, where nothing can wait. */
export function killTreeNow(leader: number): void {
  signalTree(leader, [leader, ...descendantsOf(leader)], 'SIGKILL');
}
