import { Router, type Request, type RequestHandler, type Response } from 'express';
import { findProductSettings, type ProductSettingsRow } from '../../db/queries/product-settings.ts';
import { displayName, findUserByKey } from '../../db/queries/users.ts';
import type { MunicipalActor } from '../../domain/actor.ts';
import {
  DEFAULT_PRODUCT_SETTINGS,
  isProduct,
  normaliseProductSettings,
  splitEmails,
  validateProductSettings,
  type ProductSettings,
} from '../../domain/product-settings.ts';
import { PRODUCT_LABELS, type Product } from '../../domain/user.ts';
import { authorize } from '../authorize.ts';
import { setProductSettings } from '../../usecases/product-settings.ts';
import { CommandRejected } from '../../usecases/workflow-errors.ts';
import type { WebDeps } from '../deps.ts';
import { formText } from '../form-input.ts';
import { redirectWithFlash, sendPage } from '../render.ts';
import type { FieldErrors } from '../../domain/field-rules.ts';
import { productSettingsForm, type LastChange, type ProductSettingsFormValues } from '../views/product-settings.ts';
import { notFound } from './not-found.ts';

const productOf = (req: Request): Product | undefined =>
  isProduct(req.params.product) ? req.params.product : undefined;

/** An unknown product is a page that does not exist, for everyone (before any permission check). */
const knownProduct: RequestHandler = (req, res, next) => (productOf(req) ? next() : notFound(req, res));

function valuesOf(settings: ProductSettings): ProductSettingsFormValues {
  return {
    deliveryChannel: settings.deliveryChannel,
    endpointUrl: settings.endpointUrl ?? '',
    certificateFingerprint: settings.certificateFingerprint ?? '',
    notificationEmails: settings.notificationEmails.join('\n'),
    stufVersion: settings.stufVersion,
  };
}

function settingsOfRow(row: ProductSettingsRow): ProductSettings {
  return {
    deliveryChannel: row.deliveryChannel,
    endpointUrl: row.endpointUrl ?? undefined,
    certificateFingerprint: row.certificateFingerprint ?? undefined,
    notificationEmails: row.notificationEmails,
    stufVersion: row.stufVersion as ProductSettings['stufVersion'],
  };
}

/**
 * The settings tab of a product, for its Productbeheerder, always of the actor's own
 * municipality: the URL names no municipality, so there is nothing to point at another one's.
 */
export function productSettingsRouter(deps: WebDeps): Router {
  const { db, temporal } = deps;
  const router = Router();
  const guard = [knownProduct, authorize(db, 'product.settings', (req) => ({ product: productOf(req) }))];
  const actorOf = (res: Response) => res.locals.actor as MunicipalActor;

  async function lastChangeOf(row: ProductSettingsRow | undefined): Promise<LastChange | undefined> {
    if (!row) return undefined;
    const user = await findUserByKey(db, row.updatedBy);
    return { by: user ? displayName(user) : 'een onbekende gebruiker', at: row.updatedAt };
  }

  async function render(
    req: Request,
    res: Response,
    values: ProductSettingsFormValues | undefined,
    errors: FieldErrors,
    status = 200,
  ) {
    const product = productOf(req)!;
    const actor = actorOf(res);
    const row = await findProductSettings(db, actor.gemeentecode, product);
    const form = productSettingsForm({
      product,
      gemeenteName: actor.gemeenteName,
      values: values ?? valuesOf(row ? settingsOfRow(row) : DEFAULT_PRODUCT_SETTINGS[product]),
      errors,
      csrfToken: req.csrfToken?.(),
      lastChange: await lastChangeOf(row),
    });
    sendPage(req, res, { title: `Instellingen ${PRODUCT_LABELS[product]}`, main: form }, status);
  }

  router.get('/:product/instellingen', ...guard, (req, res) => render(req, res, undefined, {}));

  router.post('/:product/instellingen', ...guard, async (req, res) => {
    const product = productOf(req)!;
    const actor = actorOf(res);
    const values: ProductSettingsFormValues = {
      deliveryChannel: formText(req, 'deliveryChannel'),
      endpointUrl: formText(req, 'endpointUrl'),
      certificateFingerprint: formText(req, 'certificateFingerprint'),
      notificationEmails: formText(req, 'notificationEmails'),
      stufVersion: formText(req, 'stufVersion'),
    };
    const given = { ...values, notificationEmails: splitEmails(values.notificationEmails) };
    // Checked here for a quick answer; the workflow checks again and decides.
    const errors: FieldErrors = validateProductSettings(given);
    if (Object.keys(errors).length === 0) {
      try {
        const settings = normaliseProductSettings(given as ProductSettings);
        await setProductSettings(temporal, actor.gemeentecode, { product, settings }, actor.userKey);
        return redirectWithFlash(
          req,
          res,
          `/producten/${product}/instellingen`,
          `De instellingen van ${PRODUCT_LABELS[product]} zijn opgeslagen.`,
        );
      } catch (err) {
        if (!(err instanceof CommandRejected)) throw err;
        Object.assign(errors, Object.keys(err.fieldErrors).length ? err.fieldErrors : { deliveryChannel: err.message });
      }
    }
    await render(req, res, values, errors, 422);
  });

  return router;
}
