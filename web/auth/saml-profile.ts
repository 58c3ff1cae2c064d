import type { Profile } from '@node-saml/node-saml';
import type { AssuranceLevel } from '../../domain/actor.ts';
import {
  ATTRIBUTE_ACTING_SUBJECT_ID,
  ATTRIBUTE_LEGAL_SUBJECT_ID,
  assessAssuranceLevel,
  isActingSubjectId,
  isOrganisationId,
  type LoginRefusalReason,
} from '../../domain/eherkenning.ts';

/** What a genuine, acceptable eHerkenning response tells us. No names, no BSN. */
export type VerifiedLogin = {
  organisationId: string;
  subject: string;
  loa: AssuranceLevel;
  nameId: string;
  nameIdFormat?: string;
  sessionIndex?: string;
};

export type ProfileCheck = { ok: true; login: VerifiedLogin } | { ok: false; reason: LoginRefusalReason; loa?: string };

type XmlNode = { _?: unknown; $?: Record<string, unknown>; [child: string]: unknown };

function children(node: unknown, name: string): XmlNode[] {
  const value = (node as XmlNode | undefined)?.[name];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

/**
 * node-saml leaves AuthnContextClassRef out of the profile; read it from the verified assertion
 * (xml2js, prefixes stripped, text in `_`). Anything but exactly one statement with one class ref
 * is treated as "no level": we do not guess which of several levels applies.
 */
function authnContextClassRef(profile: Profile): string | undefined {
  const assertion = (profile.getAssertion?.() as { Assertion?: unknown } | undefined)?.Assertion;
  const statements = children(assertion, 'AuthnStatement');
  if (statements.length !== 1) return undefined;
  const refs = children(children(statements[0], 'AuthnContext')[0], 'AuthnContextClassRef');
  const text = refs.length === 1 ? refs[0]?._ : undefined;
  return typeof text === 'string' ? text : undefined;
}

type AttributeValue = { value: string } | { problem: 'missing_attributes' | 'encrypted_attributes' };

/**
 * A single-valued attribute. Real eHerkenning sends LegalSubjectID and ActingSubjectID as
 * `EncryptedID` inside the AttributeValue (encrypted for the SP; polymorphic pseudonyms even
 * per service). node-saml 5 only decrypts a whole `EncryptedAssertion`, not an `EncryptedID`, so
 * the broker must be asked to deliver plaintext values inside an EncryptedAssertion (our metadata
 * publishes the encryption certificate when SAML_SP_PRIVATE_KEY/SAML_SP_CERT are set). A plaintext
 * NameID inside the AttributeValue (what brokers send after decrypting) is accepted as well.
 * Until EncryptedID decryption is built, such a response is refused with its own reason code.
 */
function singleAttribute(attributes: Record<string, unknown>, name: string): AttributeValue {
  const raw = attributes[name];
  if (raw === undefined || Array.isArray(raw)) return { problem: 'missing_attributes' };
  if (typeof raw === 'string') return raw.trim() ? { value: raw.trim() } : { problem: 'missing_attributes' };
  if (raw && typeof raw === 'object') {
    if ('EncryptedID' in raw) return { problem: 'encrypted_attributes' };
    const nameIds = children(raw, 'NameID');
    const text = nameIds.length === 1 ? nameIds[0]?._ : undefined;
    if (typeof text === 'string' && text.trim()) return { value: text.trim() };
  }
  return { problem: 'missing_attributes' };
}

/**
 * The checks node-saml does not do, applied to a response whose signatures, audience, time window
 * and InResponseTo node-saml has already verified.
 */
export function checkProfile(profile: Profile | null, expectedIssuer: string): ProfileCheck {
  if (!profile) return { ok: false, reason: 'invalid_response' };
  // node-saml checks the issuer only on logout messages; for a login it is ours to check.
  if (profile.issuer !== expectedIssuer) return { ok: false, reason: 'issuer_mismatch' };

  const loa = assessAssuranceLevel(authnContextClassRef(profile));
  if (!loa.ok) return { ok: false, reason: loa.reason, ...(loa.loa ? { loa: loa.loa } : {}) };

  const attributes = (profile.attributes ?? {}) as Record<string, unknown>;
  const organisation = singleAttribute(attributes, ATTRIBUTE_LEGAL_SUBJECT_ID);
  const acting = singleAttribute(attributes, ATTRIBUTE_ACTING_SUBJECT_ID);
  if ('problem' in organisation) return { ok: false, reason: organisation.problem };
  if ('problem' in acting) return { ok: false, reason: acting.problem };
  if (!isOrganisationId(organisation.value) || !isActingSubjectId(acting.value)) return { ok: false, reason: 'invalid_identifier' };
  if (typeof profile.nameID !== 'string' || !profile.nameID) return { ok: false, reason: 'missing_attributes' };

  return {
    ok: true,
    login: {
      organisationId: organisation.value,
      subject: acting.value,
      loa: loa.loa,
      nameId: profile.nameID,
      ...(profile.nameIDFormat ? { nameIdFormat: profile.nameIDFormat } : {}),
      ...(profile.sessionIndex ? { sessionIndex: profile.sessionIndex } : {}),
    },
  };
}
