import { Router, type Request, type Response as ExpressResponse } from 'express';
import { appendAudit } from '../../db/audit.ts';
import { actorKey } from '../../domain/actor.ts';
import { auditOrganisation } from '../../domain/audit.ts';
import { safeReturnPath } from '../../domain/eherkenning.ts';
import { NO_ROLES } from '../../domain/user.ts';
import { firstLogin } from '../../usecases/users.ts';
import type { WebDeps } from '../deps.ts';
import { previousRegistrationNote } from '../views/registration.ts';
import { endSession, saveSession, startAuthenticatedSession } from '../session/lifecycle.ts';
import type { PostgresSessionStore } from '../session/store.ts';
import { resolveActor } from './actor.ts';
import { limitLoginAttempts } from './login-rate-limit.ts';
import { refuseLogin } from './login-refusal.ts';
import { decodeRelayState, encodeRelayState } from './relay-state.ts';
import { artifactResolverFor } from './artifact-resolver.ts';
import { ArtifactInvalid, artifactSourceId, parseArtifact } from '../../saml/artifact.ts';
import { createSaml, REQUEST_ID_EXPIRY_MS, validateLoginResponse, type ResponseBinding } from './saml-strategy.ts';
import { PostgresSamlRequestCache } from './saml-request-cache.ts';
import { singleLogout } from './slo.ts';
import { isLockedOut, landingPath } from './user-pages.ts';

/** The paths of a login in progress: the start and the broker's answers. */
export const LOGIN_PATHS: ReadonlySet<string> = new Set(['/login', '/saml/acs', '/saml/artifact', '/saml/slo']);

const UNSPECIFIED_NAME_ID_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';

/**
 * eHerkenning login through the broker (SAML 2.0 Web Browser SSO): metadata, login, the ACS,
 * logout and single logout. Mounted after the session, actor, timeout and CSRF middleware; CSRF is
 * skipped only for the two SAML endpoints the broker posts to (signatures protect those).
 */
export function authRouter(deps: WebDeps, options: { sessionStore: PostgresSessionStore }): Router {
  const { config, db } = deps;
  const { strategies, saml, metadata } = createSaml(config, new PostgresSamlRequestCache(db, REQUEST_ID_EXPIRY_MS));
  const router = Router();
  const loginLimit = limitLoginAttempts(deps);

  router.get('/saml/metadata', (_req, res) => {
    res.type('application/samlmetadata+xml').send(metadata());
  });

  // Redirect binding (a 302 with the deflated AuthnRequest): the POST binding would need an inline
  // auto-submit script, which our CSP forbids. No pre-login session state: see relay-state.ts.
  router.get('/login', loginLimit, async (req, res) => {
    const returnPath = safeReturnPath(req.query.terug);
    if (res.locals.actor) return res.redirect(303, returnPath ?? '/');
    const url = await saml.getAuthorizeUrlAsync(encodeRelayState(config.SESSION_SECRET, returnPath), undefined, {});
    res.redirect(302, url);
  });

  router.post('/saml/acs', loginLimit, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    // Without a SAMLResponse passport-saml would start a new login instead of refusing.
    if (typeof body.SAMLResponse !== 'string' || body.SAMLResponse === '') {
      return refuseLogin(deps, req, res, { reason: 'malformed_response' });
    }
    await completeLogin(req, res, body.SAMLResponse, body.RelayState, 'post');
  });

  // HTTP-Artifact: the broker redirects (GET) or posts the artifact; we fetch the Response itself.
  const artifactResolver = artifactResolverFor(config);
  const artifactAcs = async (req: Request, res: ExpressResponse) => {
    const fields = (req.method === 'GET' ? req.query : (req.body ?? {})) as Record<string, unknown>;
    if (!artifactResolver)
      return refuseLogin(deps, req, res, {
        reason: 'artifact_invalid',
        error: new Error('no artifact resolution service configured'),
      });
    const artifact = typeof fields.SAMLart === 'string' ? parseArtifact(fields.SAMLart) : undefined;
    if (!artifact)
      return refuseLogin(deps, req, res, {
        reason: 'artifact_invalid',
        error: new Error('SAMLart is missing or not a type 0x0004 artifact'),
      });
    if (!artifact.sourceId.equals(artifactSourceId(config.SAML_IDP_ISSUER))) {
      return refuseLogin(deps, req, res, {
        reason: 'unknown_broker',
        error: new Error('the artifact comes from another broker'),
      });
    }
    let responseXml: string;
    try {
      responseXml = await artifactResolver(artifact.value);
    } catch (err) {
      return refuseLogin(deps, req, res, {
        reason: err instanceof ArtifactInvalid ? 'artifact_invalid' : 'artifact_unresolved',
        error: err,
      });
    }
    await completeLogin(req, res, Buffer.from(responseXml).toString('base64'), fields.RelayState, 'artifact');
  };
  router.get('/saml/artifact', loginLimit, artifactAcs);
  router.post('/saml/artifact', loginLimit, artifactAcs);

  /** Validates the Response (however it came) and starts the session: both bindings end here. */
  async function completeLogin(
    req: Request,
    res: ExpressResponse,
    samlResponse: string,
    relayState: unknown,
    binding: ResponseBinding,
  ): Promise<void> {
    const chosen = await strategies.forResponse(samlResponse, binding);
    if ('refused' in chosen) return refuseLogin(deps, req, res, { reason: chosen.refused, error: chosen.error });
    // passport-saml reads the Response from the body, also when it came by artifact.
    const asPosted = Object.create(req, {
      body: {
        value: { SAMLResponse: samlResponse, ...(typeof relayState === 'string' ? { RelayState: relayState } : {}) },
      },
    }) as Request;
    const outcome = await validateLoginResponse(chosen.strategy, asPosted, res);
    if (!outcome.ok) return refuseLogin(deps, req, res, outcome);

    const { login } = outcome;
    const userKey = actorKey(login);
    const actor = await resolveActor(db, config, login);
    if (!actor) return refuseLogin(deps, req, res, { reason: 'unknown_organisation', actor: userKey });

    // Staff of an active municipality: the user workflow (started at the first login, found at
    // every later one) says where they stand. Staff of an inactive one wait on the home page.
    const requested = decodeRelayState(config.SESSION_SECRET, relayState);
    let landing = requested ?? '/';
    let note: string | undefined;
    if (actor.kind === 'municipal' && actor.organisationActive) {
      const state = await firstLogin(
        deps.temporal,
        config,
        { gemeentecode: actor.gemeentecode, subject: login.subject, organisationId: login.organisationId },
        userKey,
      );
      if (isLockedOut(state.status)) {
        return refuseLogin(deps, req, res, {
          reason: state.status === 'geschorst' ? 'user_suspended' : 'user_deprovisioned',
          actor: userKey,
        });
      }
      landing = landingPath(state.status, state.status === 'actief' ? state.roles : NO_ROLES, requested);
      if (state.status === 'instellingen_invullen') note = previousRegistrationNote(state.previousRegistration);
    }

    // Audit first: a login that fails after this point is over-reported, never missing.
    await appendAudit(db, {
      event: 'login_accepted',
      actor: userKey,
      organisation: auditOrganisation(actor),
      details: { loa: login.loa },
    });
    await startAuthenticatedSession(req, {
      organisationId: login.organisationId,
      subject: login.subject,
      loa: login.loa,
      userKey,
      nameId: login.nameId,
      nameIdFormat: login.nameIdFormat,
      sessionIndex: login.sessionIndex,
      authenticatedAt: Date.now(),
    });
    if (note) {
      req.session.flash = note;
      await saveSession(req);
    }
    req.log.info({ user: userKey, loa: login.loa, binding }, 'login accepted');
    res.redirect(303, landing);
  }

  router.post('/uitloggen', async (req, res) => {
    const identity = req.session.identity;
    if (identity) {
      await appendAudit(db, {
        event: 'logout',
        actor: identity.userKey,
        organisation: auditOrganisation(res.locals.actor),
      });
    }
    // Local session first, so the user is logged out here even if the broker never answers.
    await endSession(req);
    if (!identity?.nameId || !config.SAML_IDP_LOGOUT_URL) return res.redirect(303, '/uitgelogd');
    const profile = {
      issuer: config.SAML_IDP_ISSUER,
      nameID: identity.nameId,
      nameIDFormat: identity.nameIdFormat ?? UNSPECIFIED_NAME_ID_FORMAT,
      ...(identity.sessionIndex ? { sessionIndex: identity.sessionIndex } : {}),
    };
    res.redirect(303, await saml.getLogoutUrlAsync(profile, '', {}));
  });

  const slo = singleLogout(deps, saml, options.sessionStore);
  router.get('/saml/slo', slo);
  router.post('/saml/slo', slo);
  return router;
}
