import { ApplicationFailure, log, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import type { AuditEvent } from '../../domain/audit.ts';
import type { FieldErrors } from '../../domain/field-rules.ts';
import type { OrganisationState } from '../../domain/organisation.ts';
import {
  DEFAULT_PRODUCT_SETTINGS,
  changedFields,
  isProduct,
  normaliseProductSettings,
  validateProductSettings,
  type StoredProductSettings,
} from '../../domain/product-settings.ts';
import { OrganisationFailureType as Failure, type SetProductSettingsInput } from './messages.ts';

// The Productbeheerder waits for this write: a few quick attempts, then "try again later".
const store = proxyActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '2s', maximumAttempts: 5 },
});

const fail = (type: Failure, message: string, fields?: FieldErrors): ApplicationFailure =>
  ApplicationFailure.create({ type, message, nonRetryable: true, details: fields ? [fields] : undefined });

type Context = {
  gemeentecode: string;
  current: () => OrganisationState | undefined;
  /** Adopts the new state; called only after the read model holds it. */
  adopt: (next: OrganisationState) => void;
  audit: (event: Omit<AuditEvent, 'organisation' | 'subject'>) => Promise<void>;
};

/**
 * The setProductSettings Update of the organisation workflow, kept apart so the workflow file
 * stays readable. The workflow is the one authority over its municipality's product settings.
 */
export function productSettingsHandlers(ctx: Context) {
  const notRegistered = () => fail(Failure.NotRegistered, `Gemeente ${ctx.gemeentecode} is nog niet geregistreerd.`);

  function validate(cmd: SetProductSettingsInput): void {
    if (!ctx.current()) throw notRegistered();
    const given: Partial<SetProductSettingsInput> = cmd ?? {};
    const fields = validateProductSettings(given.settings);
    if (!isProduct(given.product)) fields.product = 'Onbekend product.';
    if (typeof given.actor !== 'string' || !given.actor) fields.actor = 'Onbekend wie deze instellingen wijzigt.';
    const messages = Object.values(fields).filter((m): m is string => Boolean(m));
    if (messages.length) throw fail(Failure.InvalidInput, messages.join(' '), fields);
  }

  async function apply(cmd: SetProductSettingsInput): Promise<StoredProductSettings> {
    const state = ctx.current();
    if (!state) throw notRegistered();
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
      await store.saveProductSettings({ gemeentecode: ctx.gemeentecode, product: cmd.product, settings: next });
    } catch {
      log.warn('storing product settings failed', { gemeentecode: ctx.gemeentecode, product: cmd.product });
      throw fail(
        Failure.Unavailable,
        'Het opslaan is nu niet gelukt. Er is niets gewijzigd; probeer het over een paar minuten opnieuw.',
      );
    }
    ctx.adopt({ ...state, productSettings: { ...state.productSettings, [cmd.product]: next } });
    // Field names and the channel only: the addresses and the endpoint stay out of the audit trail.
    await ctx.audit({
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
      gemeentecode: ctx.gemeentecode,
      product: cmd.product,
      version: next.version,
    });
    return next;
  }

  return { validate, apply };
}
