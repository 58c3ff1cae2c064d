import { log } from '@temporalio/activity';
import { sql } from 'drizzle-orm';
import { productSettings } from '../db/schema.ts';
import type { StoredProductSettings } from '../domain/product-settings.ts';
import type { Product } from '../domain/user.ts';
import type { ActivityDeps } from './deps.ts';
import { toActivityFailure } from './errors.ts';

export type SaveProductSettingsInput = { gemeentecode: string; product: Product; settings: StoredProductSettings };

export function createProductSettingsActivities({ db }: Pick<ActivityDeps, 'db'>) {
  return {
    /**
     * Writes one product's settings to the `product_settings` read model. An upsert, so a retry is
     * harmless; a write never replaces a newer version, so a slow attempt landing after its retry
     * (or after the next change) cannot roll the row back.
     */
    async saveProductSettings({ gemeentecode, product, settings }: SaveProductSettingsInput): Promise<void> {
      const row = {
        gemeentecode,
        product,
        deliveryChannel: settings.deliveryChannel,
        endpointUrl: settings.endpointUrl ?? null,
        certificateFingerprint: settings.certificateFingerprint ?? null,
        notificationEmails: settings.notificationEmails,
        stufVersion: settings.stufVersion,
        updatedBy: settings.updatedBy,
        updatedAt: new Date(settings.updatedAt),
        version: settings.version,
      };
      const { gemeentecode: _g, product: _p, ...changes } = row;
      try {
        await db
          .insert(productSettings)
          .values(row)
          .onConflictDoUpdate({
            target: [productSettings.gemeentecode, productSettings.product],
            set: changes,
            setWhere: sql`${productSettings.version} < excluded.version`,
          });
      } catch (err) {
        throw toActivityFailure('DatabaseError', err);
      }
      log.info('product settings saved', { gemeentecode, product, version: settings.version });
    },
  };
}
