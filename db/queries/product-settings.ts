import { and, eq } from 'drizzle-orm';
import type { Product } from '../../domain/user.ts';
import type { Database } from '../client.ts';
import { productSettings } from '../schema.ts';

export type ProductSettingsRow = typeof productSettings.$inferSelect;

/** The stored settings of one product of one municipality; undefined until first saved. */
export async function findProductSettings(
  db: Database,
  gemeentecode: string,
  product: Product,
): Promise<ProductSettingsRow | undefined> {
  const [row] = await db
    .select()
    .from(productSettings)
    .where(and(eq(productSettings.gemeentecode, gemeentecode), eq(productSettings.product, product)))
    .limit(1);
  return row;
}
