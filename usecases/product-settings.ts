import type { Client } from '@temporalio/client';
import type { ProductSettings, StoredProductSettings } from '../domain/product-settings.ts';
import type { Product } from '../domain/user.ts';
import { organisationWorkflowId, setProductSettingsUpdate } from '../workflows/organisation/messages.ts';
import { runCommand } from './workflow-errors.ts';

/** Replaces one product's settings: an Update on the municipality's own workflow, the authority. */
export function setProductSettings(
  client: Client,
  gemeentecode: string,
  input: { product: Product; settings: ProductSettings },
  actor: string,
): Promise<StoredProductSettings> {
  const handle = client.workflow.getHandle(organisationWorkflowId(gemeentecode));
  return runCommand(() => handle.executeUpdate(setProductSettingsUpdate, { args: [{ ...input, actor }] }));
}
