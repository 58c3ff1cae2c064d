/**
 * Reads a stream into memory, but never more than `limit` bytes: the moment one more byte
 * arrives, reading stops and the stream is destroyed (breaking out of `for await` does that), so
 * a huge upload or a ZIP bomb costs at most `limit` plus one chunk of memory.
 */

export type LimitedRead =
  | { kind: 'complete'; bytes: Buffer }
  /** More than `limit` bytes; `bytesRead` is how far reading got before it stopped. */
  | { kind: 'exceeded'; bytesRead: number }
  | { kind: 'failed'; error: unknown };

export async function readLimited(source: AsyncIterable<unknown>, limit: number): Promise<LimitedRead> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of source) {
      const buffer = toBuffer(chunk);
      total += buffer.length;
      if (total > limit) return { kind: 'exceeded', bytesRead: total };
      chunks.push(buffer);
    }
  } catch (error) {
    return { kind: 'failed', error };
  }
  return { kind: 'complete', bytes: Buffer.concat(chunks, total) };
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  throw new TypeError('A stream chunk is not bytes.');
}
