import { fileURLToPath } from 'node:url';

/** Entry of the workflow bundle; kept apart from workflows/index.ts, which must stay free of Node APIs. */
export const workflowsPath = fileURLToPath(new URL('./index.ts', import.meta.url));
