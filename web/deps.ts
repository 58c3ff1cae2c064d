import type { UseCaseDeps } from '../usecases/deps.ts';
import type { WebMetrics } from './metrics.ts';

/** What the web layer is built from; assembled by web/server.ts (or a test). The use cases take the same. */
export type WebDeps = UseCaseDeps & {
  /** Made by createApp when not given; use cases record into it where present. */
  metrics?: WebMetrics;
};
