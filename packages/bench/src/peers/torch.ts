/**
 * The PyTorch peer: `peers/torch_bench.py` run once with Debian's `/usr/bin/python3` (1 thread), driven over a
 * JSON line protocol so its timings interleave with poise's in one run.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface, type Interface } from 'node:readline';

export const TORCH_SCRIPT = resolve(__dirname, '../../peers/torch_bench.py');

export interface TorchInfo {
  torch: string;
  threads: number;
  python: string;
  blas: { blasInfo: string | null; loaded: string[] };
}

export class TorchPeer {
  private readonly lines: AsyncIterableIterator<string>;
  private readonly rl: Interface;
  private stderr = '';

  private constructor(private readonly proc: ChildProcessWithoutNullStreams) {
    this.rl = createInterface({ input: proc.stdout });
    this.lines = this.rl[Symbol.asyncIterator]();
    proc.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
  }

  /** Starts the peer, or returns a reason it cannot run (python or torch missing). */
  static async start(python = process.env.POISE_BENCH_PYTHON ?? '/usr/bin/python3', threads = 1): Promise<TorchPeer | string> {
    if (!existsSync(python)) return `${python} not found`;
    const proc = spawn(python, [TORCH_SCRIPT], {
      env: { ...process.env, POISE_BENCH_TORCH_THREADS: String(threads), OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const peer = new TorchPeer(proc);
    const exited = new Promise<string>((res) => proc.on('exit', (code) => res(`exited with code ${code}`)));
    const info = await Promise.race([peer.request({ op: 'info' }).catch((e: Error) => e.message), exited]);
    if (typeof info === 'string' || (info as { error?: string }).error) {
      const err = (peer.stderr.trim().split('\n').pop() ?? '') || String(info);
      proc.kill();
      return /No module named 'torch'/.test(peer.stderr) ? 'PyTorch is not installed for ' + python : err;
    }
    peer.info = info as unknown as TorchInfo;
    return peer;
  }

  info!: TorchInfo;

  async request(req: Record<string, unknown>): Promise<Record<string, unknown>> {
    this.proc.stdin.write(JSON.stringify(req) + '\n');
    const { value, done } = await this.lines.next();
    if (done) throw new Error(`torch peer closed its output: ${this.stderr.trim().split('\n').slice(-3).join(' / ')}`);
    const rep = JSON.parse(value) as Record<string, unknown>;
    if (typeof rep.error === 'string') throw new Error(`torch peer: ${rep.error}`);
    return rep;
  }

  async setup(id: string, kind: string, args: Record<string, unknown>): Promise<void> {
    await this.request({ op: 'setup', id, kind, ...args });
  }

  /** Seconds for `iters` consecutive steps of workload `id`. */
  async run(id: string, iters: number): Promise<number> {
    return (await this.request({ op: 'run', id, iters })).seconds as number;
  }

  async losses(id: string, steps: number): Promise<number[]> {
    return (await this.request({ op: 'losses', id, steps })).losses as number[];
  }

  async maxRss(): Promise<number> {
    return (await this.request({ op: 'rss' })).maxRssBytes as number;
  }

  async close(): Promise<void> {
    try {
      await this.request({ op: 'quit' });
    } catch {
      /* already gone */
    }
    this.rl.close();
    this.proc.kill();
  }
}
