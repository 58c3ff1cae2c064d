import { X509Certificate } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { Router, type RequestHandler } from 'express';
import { findOrganisation } from '../../db/queries/organisations.ts';
import { productSettings } from '../../db/schema.ts';
import type { MunicipalActor } from '../../domain/actor.ts';
import { messageProductOf } from '../../domain/message-access.ts';
import type { WebDeps } from '../deps.ts';
import { uploadHandler } from './message-upload.ts';

/**
 * Aanleveren for the municipality's own software, through a programmatic endpoint:
 * POST /webservice/<product>/berichten with the file as body, exactly as the browser upload
 * checks and sends it, answered in JSON. Software cannot log in with eHerkenning; it
 * authenticates with its client certificate, which the TLS-terminating proxy verifies and passes
 * in CLIENT_CERT_HEADER. The certificate's SHA-256 fingerprint must be the one a Productbeheerder
 * registered for that product with the webservice channel (in the product settings). No
 * session and no CSRF: no browser sends this, and no cookie authenticates it.
 */
export function webserviceRouter(deps: WebDeps): Router {
  const router = Router();
  const header = deps.config.CLIENT_CERT_HEADER;
  if (!header) return router;
  const upload = uploadHandler(deps, async (_req, res, extra, status) => {
    res
      .status(status)
      .json({ status: 'refused', message: extra.formError ?? extra.fileError ?? 'Geweigerd.', files: [] });
  });
  router.post(
    '/webservice/:product/berichten',
    authenticate(deps, header),
    (req, _res, next) => {
      req.headers.accept = 'application/json';
      next();
    },
    upload,
  );
  return router;
}

function refuse(status: 401 | 403 | 404, message: string): RequestHandler {
  return (_req, res) => void res.status(status).json({ status: 'refused', message, files: [] });
}

function authenticate(deps: WebDeps, header: string): RequestHandler {
  return async (req, res, next) => {
    const product = messageProductOf(req.params.product);
    if (!product) return refuse(404, 'Onbekend product.')(req, res, next);
    const fingerprint = fingerprintOf(req.get(header));
    if (!fingerprint) {
      req.log.warn('webservice upload without a valid client certificate');
      return refuse(401, 'Een geldig clientcertificaat is vereist.')(req, res, next);
    }
    const registered = await deps.db
      .select({ gemeentecode: productSettings.gemeentecode })
      .from(productSettings)
      .where(
        and(
          eq(productSettings.product, product),
          eq(productSettings.deliveryChannel, 'webservice'),
          eq(productSettings.certificateFingerprint, fingerprint),
        ),
      );
    // One certificate may serve several municipalities (a samenwerkingsverband): then the software says which.
    const chosen = req.get('x-gemeentecode');
    const candidates = registered.map((r) => r.gemeentecode).filter((g) => !chosen || g === chosen);
    if (candidates.length !== 1) {
      req.log.warn({ product, candidates: candidates.length }, 'webservice certificate not registered');
      const message =
        candidates.length === 0
          ? 'Dit certificaat is voor dit product bij geen gemeente als webservicecertificaat ingesteld.'
          : 'Dit certificaat is bij meer gemeenten ingesteld: geef de gemeentecode mee in de header X-Gemeentecode.';
      return refuse(403, message)(req, res, next);
    }
    const gemeentecode = candidates[0]!;
    const organisation = await findOrganisation(deps.db, gemeentecode);
    if (organisation?.status !== 'actief')
      return refuse(403, 'Uw gemeente kan het portaal nog niet gebruiken.')(req, res, next);
    const actor: MunicipalActor = {
      kind: 'municipal',
      subject: 'webservice',
      organisationId: organisation.organisationId,
      gemeentecode,
      gemeenteName: organisation.name,
      organisationActive: true,
      // Pseudonymous and stable: the audit trail and the messages name the channel, not a person.
      userKey: `webservice/${gemeentecode}/${product}`,
      userStatus: 'actief',
      roles: { products: [{ product, role: 'gebruiker' }], gebruikersbeheerder: false },
    };
    res.locals.actor = actor;
    next();
  };
}

/** SHA-256 of a URL-encoded PEM certificate that is valid now, as "AB:CD:…"; undefined otherwise. */
export function fingerprintOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const certificate = new X509Certificate(decodeURIComponent(value));
    const now = Date.now();
    if (Date.parse(certificate.validFrom) > now || Date.parse(certificate.validTo) < now) return undefined;
    return certificate.fingerprint256.toUpperCase();
  } catch {
    return undefined;
  }
}
