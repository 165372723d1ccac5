/**
 * Runs a command and measures wall time and the peak resident memory of its whole process tree
 * (parent plus synth workers), sampled from /proc every 25 ms.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

export interface Measurement {
  readonly wallSeconds: number;
  readonly peakTreeRssMb: number;
  readonly exitCode: number | null;
  readonly stderr: string;
}

function childrenOf(pid: number): number[] {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function rssKb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

function treeRssKb(root: number): number {
  let total = 0;
  const queue = [root];
  while (queue.length) {
    const pid = queue.pop()!;
    total += rssKb(pid);
    queue.push(...childrenOf(pid));
  }
  return total;
}

export function measure(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let peak = 0;
    const sampler = setInterval(() => {
      if (child.pid) peak = Math.max(peak, treeRssKb(child.pid));
    }, 25);
    child.once('error', (error) => {
      clearInterval(sampler);
      reject(error);
    });
    child.once('exit', (code) => {
      clearInterval(sampler);
      resolve({ wallSeconds: Number(process.hrtime.bigint() - started) / 1e9, peakTreeRssMb: peak / 1024, exitCode: code, stderr });
    });
  });
}
