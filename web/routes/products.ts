import { Router, type Request, type RequestHandler } from 'express';
import { PRODUCTS, type Product } from '../../domain/user.ts';
import { authorize } from '../authorize.ts';
import type { WebDeps } from '../deps.ts';
import { sendPage } from '../render.ts';
import { PRODUCT_LABELS } from '../../domain/user.ts';
import { PRODUCT_TASKS, productPage } from '../views/home.ts';
import { notFound } from './not-found.ts';
import { productSettingsRouter } from './product-settings.ts';

const productOf = (req: Request): Product | undefined => PRODUCTS.find((p) => p === req.params.product);

/** An unknown product is a page that does not exist, for everyone (before any permission check). */
function knownProduct(hasPage: (product: Product) => boolean): RequestHandler {
  return (req, res, next) => {
    const product = productOf(req);
    if (!product || !hasPage(product)) return notFound(req, res);
    next();
  };
}

/**
 * Product pages, placeholders until the message exchange is built, so the permissions
 * are in force and testable now: the work pages for a Gebruiker of the product; the settings tab
 * (product-settings.ts) for its Productbeheerder; neither for the other.
 */
export function productsRouter(deps: WebDeps): Router {
  const router = Router();
  const resource = (req: Request) => ({ product: productOf(req) });

  router.get(
    '/:product',
    knownProduct((p) => Boolean(PRODUCT_TASKS[p])),
    authorize(deps.db, 'product.use', resource),
    (req, res) => {
      const product = productOf(req)!;
      sendPage(req, res, { title: PRODUCT_LABELS[product], main: productPage(product) });
    },
  );

  router.use(productSettingsRouter(deps));

  return router;
}
