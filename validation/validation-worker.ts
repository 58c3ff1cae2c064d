import { parentPort, threadId, workerData } from 'node:worker_threads';
import { checkFile } from './check-file.ts';
import type { PoolReply, PoolRequest } from './pool.ts';
import { SchemaConfigurationError, SchemaStore } from './schemas.ts';
import { compileCount, SchemaCompileError } from './xsd-runner.ts';
import { StreamSchemas } from './xsd/stream-schemas.ts';

/**
 * One validation thread: checks the files the pool sends, one at a time, with the schemas of
 * `workerData.schemaDir` read and compiled once in this thread. A fault in a check is answered
 * as a failure of that file (the pool then replaces this thread); a configuration problem as such.
 */

const { schemaDir } = workerData as { schemaDir: string };
const schemas = new SchemaStore(schemaDir);
const streamSchemas = new StreamSchemas(schemas);
const port = parentPort!;
let files = 0;

port.on('message', (request: PoolRequest) => {
  const reply = answer(request);
  port.postMessage(reply);
});

function answer(request: PoolRequest): PoolReply {
  const stats = () => ({ threadId, compilations: compileCount.value, files });
  try {
    const result = checkFile(schemas, streamSchemas, request.bytes);
    files += 1;
    return { id: request.id, kind: 'checked', result, stats: stats() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof SchemaConfigurationError || error instanceof SchemaCompileError)
      return { id: request.id, kind: 'configuration', message };
    return { id: request.id, kind: 'failed', message };
  }
}
