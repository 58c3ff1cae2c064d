// Entry of a validation thread (validation/pool.ts). Plain JavaScript on purpose: libxml2-wasm is
// loaded before tsx, because through tsx's loader that one large module costs about 150 MB of
// resident memory per thread; then tsx is registered for the project's .ts sources, as
// `tsx <file>` does for the main thread.
import 'libxml2-wasm';
import { register } from 'tsx/esm/api';

register();
await import('./validation-worker.ts');
