import type { FileInput, FileResult, Validator } from './validator.ts';

/**
 * Validation requests from concurrent uploads, gathered into one run. Each xmllint run pays for
 * starting libxml2 and compiling the schema (about 0.2 s for a WMO301 on the reference machine),
 * while 16 small files in one run cost hardly more than one (`npm run bench`). Requests wait at
 * most `windowMs` for company; when `maxInFlight` runs are busy, new requests gather until one
 * finishes. Results go back to each caller in its own order; a failing run fails exactly the
 * callers that were in it.
 */
export type CoalescingOptions = { windowMs?: number; maxFiles?: number; maxInFlight?: number };

type Pending = { files: readonly FileInput[]; resolve: (results: FileResult[]) => void; reject: (error: unknown) => void };

export class CoalescingValidator {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private readonly windowMs: number;
  private readonly maxFiles: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly inner: Pick<Validator, 'validate'>,
    options: CoalescingOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 10;
    this.maxFiles = options.maxFiles ?? 200;
    this.maxInFlight = options.maxInFlight ?? 2;
  }

  validate(files: readonly FileInput[]): Promise<FileResult[]> {
    if (files.length === 0) return Promise.resolve([]);
    return new Promise<FileResult[]>((resolve, reject) => {
      this.queue.push({ files, resolve, reject });
      if (this.queuedFiles() >= this.maxFiles) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  private queuedFiles(): number {
    return this.queue.reduce((n, p) => n + p.files.length, 0);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0 || this.inFlight >= this.maxInFlight) return;
    const batch: Pending[] = [];
    let count = 0;
    while (this.queue.length > 0 && (batch.length === 0 || count + this.queue[0]!.files.length <= this.maxFiles)) {
      const next = this.queue.shift()!;
      batch.push(next);
      count += next.files.length;
    }
    this.inFlight += 1;
    this.inner
      .validate(batch.flatMap((p) => p.files))
      .then(
        (results) => {
          let offset = 0;
          for (const pending of batch) {
            pending.resolve(results.slice(offset, offset + pending.files.length));
            offset += pending.files.length;
          }
        },
        (error: unknown) => batch.forEach((pending) => pending.reject(error)),
      )
      .finally(() => {
        this.inFlight -= 1;
        // What gathered meanwhile goes at once: it has waited long enough.
        if (this.queue.length > 0) this.flush();
      });
  }
}
