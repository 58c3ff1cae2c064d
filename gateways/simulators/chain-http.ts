import type { IncomingMessage, ServerResponse } from 'node:http';

/** The HTTP plumbing the chain simulator's endpoints share. */

const MAX_BODY_BYTES = 30 * 1024 * 1024;

export const XML_TYPE = 'text/xml; charset=utf-8';
export const TEXT_TYPE = 'text/plain; charset=utf-8';

/** The request body, or undefined when it is larger than the chain accepts. */
export async function readBody(req: IncomingMessage): Promise<Uint8Array | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

export function reply(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body);
}
