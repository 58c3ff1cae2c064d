import { log, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import {
  DEFAULT_PRODUCT_SETTINGS,
  changedFields,
  isProduct,
  normaliseProductSettings,
  validateProductSettings,
  type StoredProductSettings,
} from '../../domain/product-settings.ts';
import { fail, NOT_SAVED_TRY_AGAIN } from '../failures.ts';
import { QUICK_RETRY } from '../retry-policies.ts';
import { OrganisationFailureType as Failure, type SetProductSettingsInput } from './messages.ts';
import { invalid, type OrganisationRuntime } from './runtime.ts';

// The Productbeheerder waits for this write: a few quick attempts, then "try again later".
const store = proxyActivities<Activities>({ startToCloseTimeout: '10s', retry: QUICK_RETRY });

/**
 * The setProductSettings Update of the organisation workflow. The workflow is the one authority
 * over its municipality's product settings.
 */
export function productSettingsHandlers(rt: OrganisationRuntime) {
  const { gemeentecode } = rt;

  function validate(cmd: SetProductSettingsInput): void {
    if (!rt.state) throw rt.notRegistered();
    const given: Partial<SetProductSettingsInput> = cmd ?? {};
    const fields = validateProductSettings(given.settings);
    if (!isProduct(given.product)) fields.product = 'Onbekend product.';
    if (typeof given.actor !== 'string' || !given.actor) fields.actor = 'Onbekend wie deze instellingen wijzigt.';
    const failure = invalid(fields);
    if (failure) throw failure;
  }

  async function apply(cmd: SetProductSettingsInput): Promise<StoredProductSettings> {
    const state = rt.state;
    if (!state) throw rt.notRegistered();
    const previous = state.productSettings?.[cmd.product];
    const settings = normaliseProductSettings(cmd.settings);
    const changed = changedFields(previous ?? DEFAULT_PRODUCT_SETTINGS[cmd.product], settings);
    // The same settings again (a double submit, a retried request) change nothing and write nothing.
    if (previous && changed.length === 0) return previous;
    const next: StoredProductSettings = {
      ...settings,
      version: (previous?.version ?? 0) + 1,
      updatedBy: cmd.actor,
      updatedAt: new Date().toISOString(),
    };
    try {
      await store.saveProductSettings({ gemeentecode, product: cmd.product, settings: next });
    } catch {
      log.warn('storing product settings failed', { gemeentecode, product: cmd.product });
      throw fail(Failure.Unavailable, NOT_SAVED_TRY_AGAIN);
    }
    rt.adopt({ ...state, productSettings: { ...state.productSettings, [cmd.product]: next } });
    // Field names and the channel only: the addresses and the endpoint stay out of the audit trail.
    await rt.audit({
      event: 'product_settings_changed',
      actor: cmd.actor,
      details: {
        product: cmd.product,
        changed: changed.join(','),
        deliveryChannel: next.deliveryChannel,
        version: next.version,
      },
    });
    log.info('product settings changed', {
      gemeentecode,
      product: cmd.product,
      version: next.version,
    });
    return next;
  }

  return { validator: validate, handler: apply };
}
