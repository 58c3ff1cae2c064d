import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FileCheck } from './check-file.ts';

/**
 * The threads that check files (validation-worker.ts), so a 25 MB upload never stalls the main
 * thread and the other users of the portal. At most `size` threads (availableParallelism, at most
 * 2), started when there is work; each keeps its compiled schemas for the next file. A thread that
 * dies or fails on a file (a crash, a fault in a check) is replaced by a fresh one for the next
 * file, and the file gets a `failed` outcome, never an exception. A thread whose libxml2 read a
 * large file is replaced too, so its grown WebAssembly memory is given back (a file the streaming
 * schema check proved never reaches libxml2).
 *
 * Every file goes to a thread, small ones too: a thread answers a small file within a millisecond
 * or two, while libxml2 on the main thread would load it there as well (about 150 MB more
 * resident memory through tsx, validation-worker.mjs).
 */

export type PoolRequest = { id: number; kind: 'check'; bytes: Uint8Array };
export type ThreadStats = { threadId: number; compilations: number; files: number };
export type PoolReply =
  | { id: number; kind: 'checked'; result: FileCheck; stats: ThreadStats }
  | { id: number; kind: 'configuration'; message: string }
  | { id: number; kind: 'failed'; message: string };

export type CheckOutcome =
  | { kind: 'checked'; result: FileCheck }
  | { kind: 'configuration'; message: string }
  | { kind: 'failed'; message: string };

type Job = { id: number; bytes: Uint8Array; resolve: (outcome: CheckOutcome) => void };
type Thread = { worker: Worker; busy: Job | undefined; error: string | undefined };

/** A thread whose libxml2 read a file of more than this many bytes is replaced afterwards. */
const RETIRE_AFTER_BYTES = 4_000_000;

/**
 * The thread's young generation, where a check's short-lived strings and elements live. V8's
 * default lets it grow to tens of MB during a 25 MB file, all of it resident; 8 MB kept the peak
 * about 25 MB lower with no measurable change in time (`npm run bench`, validator).
 */
const YOUNG_GENERATION_MB = 8;

const ENTRY = new URL('./validation-worker.mjs', import.meta.url);

export const defaultPoolSize = (): number => Math.max(1, Math.min(2, availableParallelism()));

export class ValidationPool {
  private readonly threads: Thread[] = [];
  private readonly queue: Job[] = [];
  private readonly stats = new Map<number, ThreadStats>();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly schemaDir: string,
    readonly size = defaultPoolSize(),
  ) {}

  check(bytes: Uint8Array): Promise<CheckOutcome> {
    if (this.closed) return Promise.resolve({ kind: 'failed', message: 'the validator is closed' });
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, bytes, resolve });
      this.pump();
    });
  }

  /** Per thread that checked a file: its compilations and files so far (also of threads since replaced). */
  threadStats(): ThreadStats[] {
    return [...this.stats.values()];
  }

  /** The running threads (for tests that need to end one mid-way). */
  workers(): Worker[] {
    return this.threads.map((t) => t.worker);
  }

  /** Ends every thread; files still waiting or in progress get a `failed` outcome. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve({ kind: 'failed', message: 'the validator was closed' });
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      const thread = this.threads.find((t) => !t.busy) ?? (this.threads.length < this.size ? this.spawn() : undefined);
      if (!thread) return;
      const job = this.queue.shift()!;
      thread.busy = job;
      thread.worker.ref();
      thread.worker.postMessage({ id: job.id, kind: 'check', bytes: job.bytes } satisfies PoolRequest);
    }
  }

  private spawn(): Thread {
    // Without the parent's tsx flags: the entry loads libxml2-wasm first and then tsx itself.
    const worker = new Worker(ENTRY, {
      workerData: { schemaDir: this.schemaDir },
      execArgv: withoutTsx(process.execArgv),
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    const thread: Thread = { worker, busy: undefined, error: undefined };
    this.threads.push(thread);
    worker.on('message', (reply: PoolReply) => this.answered(thread, reply));
    worker.on('error', (error) => (thread.error = error.message));
    worker.on('exit', (code) => this.exited(thread, code));
    return thread;
  }

  private answered(thread: Thread, reply: PoolReply): void {
    const job = thread.busy;
    if (!job || job.id !== reply.id) return;
    thread.busy = undefined;
    if (reply.kind === 'checked') this.stats.set(reply.stats.threadId, reply.stats);
    job.resolve(reply.kind === 'checked' ? { kind: 'checked', result: reply.result } : reply);
    const grewLibxml2 =
      reply.kind === 'checked' && reply.result.schemaBy === 'libxml2' && job.bytes.byteLength > RETIRE_AFTER_BYTES;
    if (reply.kind === 'failed' || grewLibxml2) this.retire(thread);
    else thread.worker.unref(); // an idle thread never keeps the process alive
    this.pump();
  }

  private exited(thread: Thread, code: number): void {
    this.retire(thread);
    const job = thread.busy;
    thread.busy = undefined;
    job?.resolve({ kind: 'failed', message: thread.error ?? `the validation thread ended (exit code ${code})` });
    this.pump(); // a replacement starts for what is waiting
  }

  private retire(thread: Thread): void {
    const index = this.threads.indexOf(thread);
    if (index === -1) return;
    this.threads.splice(index, 1);
    if (!thread.busy) void thread.worker.terminate();
  }
}

/** process.execArgv without tsx's `--require …/tsx/…` and `--import …tsx…` pairs. */
function withoutTsx(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const flag = execArgv[i]!;
    const [name, inline] = flag.split('=', 2) as [string, string | undefined];
    if (['--require', '-r', '--import', '--loader', '--experimental-loader'].includes(name)) {
      const value = inline ?? execArgv[i + 1] ?? '';
      if (inline === undefined) i++;
      if (/(^|[/\\])tsx([/\\]|$)/.test(value) || value === 'tsx') continue;
      out.push(name, value);
      continue;
    }
    out.push(flag);
  }
  return out;
}
