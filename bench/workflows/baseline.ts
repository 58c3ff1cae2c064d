import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

/**
 * The benchmark's baseline: an entity workflow that answers Updates without doing anything, so
 * the user lifecycle's figures can be read as "this many times the bare cost of Temporal".
 * Bundled only by the benchmark, never by the product's worker.
 */
export const touchUpdate = defineUpdate<number, [{ step: string }]>('touch');

export async function baselineWorkflow(): Promise<void> {
  let touched = 0;
  setHandler(touchUpdate, () => ++touched);
  await condition(() => false);
}
