import type { EherkenningIdentity } from '../../domain/actor.ts';

/** Everything a session holds: the eHerkenning identity and timestamps. No rights: those are read per request. */
export type SessionIdentity = EherkenningIdentity & {
  userKey: string;
  /** SAML NameID, format and SessionIndex, for single logout. */
  nameId?: string;
  nameIdFormat?: string;
  sessionIndex?: string;
  authenticatedAt: number;
};

declare module 'express-session' {
  interface SessionData {
    identity?: SessionIdentity;
    /** Read from the sessions row (its own column); written by the store, not by request code. */
    lastSeenAt?: number;
    /** One-shot message shown on the next page (post/redirect/get). */
    flash?: string;
  }
}
