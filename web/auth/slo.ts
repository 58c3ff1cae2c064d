import type { Profile, SAML } from '@node-saml/node-saml';
import { and, isNotNull, sql } from 'drizzle-orm';
import type { Request, RequestHandler, Response } from 'express';
import { appendAudit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { sessions } from '../../db/schema.ts';
import type { WebDeps } from '../deps.ts';
import { sendPage } from '../render.ts';
import type { PostgresSessionStore } from '../session/store.ts';
import { logoutRefusedPage } from '../views/login.ts';
import { SamlRequestCacheUnavailable } from './saml-request-cache.ts';

/**
 * The people whose sessions an IdP LogoutRequest is about. The request names the SAML NameID (and
 * usually the SessionIndex), not our user key, and it arrives cross-site without the session
 * cookie, so we look the sessions up by what the login stored in them.
 */
async function userKeysFor(db: Database, nameId: string, sessionIndex: string | undefined): Promise<string[]> {
  const identity = sql`${sessions.data}->'identity'`;
  const rows = await db
    .selectDistinct({ userKey: sessions.userKey })
    .from(sessions)
    .where(
      and(
        isNotNull(sessions.userKey),
        sql`${identity}->>'nameId' = ${nameId}`,
        sessionIndex ? sql`${identity}->>'sessionIndex' = ${sessionIndex}` : undefined,
      ),
    );
  return rows.map((r) => r.userKey).filter((k): k is string => Boolean(k));
}

function rawQuery(req: Request): string {
  const at = req.originalUrl.indexOf('?');
  return at === -1 ? '' : req.originalUrl.slice(at + 1);
}

type Message = { kind: 'request' | 'response' | 'none'; binding: 'redirect' | 'post' };

function messageOf(req: Request): Message {
  const container = (req.method === 'GET' ? req.query : req.body) as Record<string, unknown> | undefined;
  const binding = req.method === 'GET' ? 'redirect' : 'post';
  if (typeof container?.SAMLRequest === 'string') return { kind: 'request', binding };
  if (typeof container?.SAMLResponse === 'string') return { kind: 'response', binding };
  return { kind: 'none', binding };
}

async function handleLogoutRequest(
  deps: WebDeps,
  saml: SAML,
  store: PostgresSessionStore,
  req: Request,
  res: Response,
): Promise<void> {
  let profile: Profile | null;
  try {
    if (messageOf(req).binding === 'redirect') {
      // node-saml accepts a redirect-binding message without any Signature; a logout that anyone
      // could trigger is not acceptable, so the signature is required here.
      if (typeof req.query.Signature !== 'string') throw new Error('unsigned LogoutRequest');
      profile = (await saml.validateRedirectAsync(req.query, rawQuery(req))).profile;
    } else {
      profile = (await saml.validatePostRequestAsync(req.body as Record<string, string>)).profile;
    }
    if (!profile?.nameID) throw new Error('LogoutRequest without NameID');
  } catch (err) {
    if (err instanceof SamlRequestCacheUnavailable) throw err;
    req.log.warn({ samlError: err instanceof Error ? err.message.slice(0, 160) : 'unknown' }, 'logout request refused');
    return sendPage(req, res, logoutRefusedPage(res.locals.requestId), 400);
  }

  // The broker ended the person's single sign-on session: end all of their sessions here (a wider
  // logout than the one SessionIndex is the safe side to err on).
  const userKeys = await userKeysFor(deps.db, profile.nameID, profile.sessionIndex);
  for (const userKey of userKeys) {
    const ended = await store.destroyAllOf(userKey);
    await appendAudit(deps.db, { event: 'logout', actor: userKey, details: { initiator: 'broker', sessions: ended } });
  }
  const relayState =
    (req.method === 'GET' ? req.query.RelayState : (req.body as Record<string, unknown>).RelayState) ?? '';
  res.redirect(
    303,
    await saml.getLogoutResponseUrlAsync(profile, typeof relayState === 'string' ? relayState : '', {}, true),
  );
}

/**
 * GET|POST /saml/slo. A LogoutResponse answers our own LogoutRequest: the local session was ended
 * before we went to the broker, so whatever it says, the user lands on /uitgelogd (an invalid one
 * is only logged). A LogoutRequest is the broker ending the person's sessions (IdP-initiated).
 */
export function singleLogout(deps: WebDeps, saml: SAML, store: PostgresSessionStore): RequestHandler {
  return async (req, res) => {
    const message = messageOf(req);
    if (message.kind === 'request') return handleLogoutRequest(deps, saml, store, req, res);
    if (message.kind === 'response') {
      try {
        if (message.binding === 'redirect') await saml.validateRedirectAsync(req.query, rawQuery(req));
        else await saml.validatePostResponseAsync(req.body as Record<string, string>);
      } catch (err) {
        req.log.warn(
          { samlError: err instanceof Error ? err.message.slice(0, 160) : 'unknown' },
          'logout response not valid',
        );
      }
    }
    res.redirect(303, '/uitgelogd');
  };
}
