import type { Profile } from '@node-saml/node-saml';
import type { Element } from '@xmldom/xmldom';
import type { AssuranceLevel } from '../../domain/actor.ts';
import {
  ATTRIBUTE_ACTING_SUBJECT_ID,
  ATTRIBUTE_LEGAL_SUBJECT_ID,
  ATTRIBUTE_SERVICE_UUID,
  assessAssuranceLevel,
  isActingSubjectId,
  isOrganisationId,
  type LoginRefusalReason,
} from '../../domain/eherkenning.ts';
import { childrenNamed, parseElement } from '../../saml/xml-dom.ts';
import { decryptElement } from './xml-decryption.ts';

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

/** How the identity may and must arrive, from configuration and from what node-saml already opened. */
export type ProfileExpectations = {
  issuer: string;
  /** Our entity id: the Recipient of EncryptedKeys meant for us. */
  spEntityId: string;
  /** Our decryption keys, current first (empty: we cannot open an EncryptedID). */
  decryptionKeys: readonly string[];
  /** The broker is configured to encrypt: a response with the identity in plaintext is refused. */
  requireEncryption: boolean;
  /** node-saml decrypted an EncryptedAssertion to get this assertion. */
  assertionWasEncrypted: boolean;
  /** The ServiceUUIDs we registered (empty: not configured, nothing to compare). */
  serviceUuids: readonly string[];
};

const NS_ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';

const children = (parent: Element | undefined, localName: string) => childrenNamed(parent, localName, NS_ASSERTION);

/**
 * node-saml leaves AuthnContextClassRef out of the profile; read it from the verified assertion.
 * Anything but exactly one statement with one class ref is treated as "no level": we do not guess
 * which of several levels applies.
 */
function authnContextClassRef(assertion: Element): string | undefined {
  const statements = children(assertion, 'AuthnStatement');
  if (statements.length !== 1) return undefined;
  const refs = children(children(statements[0], 'AuthnContext')[0], 'AuthnContextClassRef');
  return refs.length === 1 ? (refs[0]!.textContent ?? undefined) : undefined;
}

type AttributeValue = { value: string; encrypted: boolean } | { problem: 'missing_attributes' | 'decryption_failed' };

const nameIdText = (nameId: Element | undefined) => nameId?.textContent?.trim() || undefined;

/**
 * A single-valued identity attribute: a plain string, a NameID inside the AttributeValue (what a
 * broker sends when it decrypted the value for us), or an EncryptedID holding such a NameID, as
 * eHerkenning sends LegalSubjectID and ActingSubjectID (encrypted for the SP, with one EncryptedKey
 * per recipient). The assertion around it is signed and already verified, so what the EncryptedID
 * holds is what the broker signed.
 */
async function singleAttribute(assertion: Element, name: string, expect: ProfileExpectations): Promise<AttributeValue> {
  const attributes = children(assertion, 'AttributeStatement')
    .flatMap((s) => children(s, 'Attribute'))
    .filter((a) => a.getAttribute('Name') === name);
  if (attributes.length !== 1) return { problem: 'missing_attributes' };
  const values = children(attributes[0], 'AttributeValue');
  if (values.length !== 1) return { problem: 'missing_attributes' };
  const value = values[0]!;
  const elements = [...Array.from(value.childNodes)].filter((n) => n.nodeType === 1) as Element[];
  if (elements.length === 0) {
    const text = value.textContent?.trim();
    return text ? { value: text, encrypted: false } : { problem: 'missing_attributes' };
  }
  if (elements.length !== 1 || elements[0]!.namespaceURI !== NS_ASSERTION) return { problem: 'missing_attributes' };
  const element = elements[0]!;
  if (element.localName === 'NameID') {
    const text = nameIdText(element);
    return text ? { value: text, encrypted: false } : { problem: 'missing_attributes' };
  }
  if (element.localName !== 'EncryptedID') return { problem: 'missing_attributes' };
  const nameId = await decryptNameId(element, expect);
  if (!nameId) return { problem: 'decryption_failed' };
  const text = nameIdText(nameId);
  return text ? { value: text, encrypted: true } : { problem: 'missing_attributes' };
}

/** The NameID inside an EncryptedID, or undefined when none of our keys opens it to exactly that. */
async function decryptNameId(encryptedId: Element, expect: ProfileExpectations): Promise<Element | undefined> {
  if (expect.decryptionKeys.length === 0) return undefined;
  try {
    const nameId = parseElement((await decryptElement(encryptedId, expect.decryptionKeys, expect.spEntityId)).xml);
    return nameId?.namespaceURI === NS_ASSERTION && nameId.localName === 'NameID' ? nameId : undefined;
  } catch {
    return undefined;
  }
}

type SubjectName = { nameId: string; format?: string } | { problem: 'missing_attributes' | 'decryption_failed' };

/**
 * The Subject's name for single logout. node-saml reads a plaintext NameID only; a broker that
 * encrypts the Subject's EncryptedID as well gets it opened here.
 */
async function subjectName(profile: Profile, assertion: Element, expect: ProfileExpectations): Promise<SubjectName> {
  if (typeof profile.nameID === 'string' && profile.nameID)
    return { nameId: profile.nameID, ...(profile.nameIDFormat ? { format: profile.nameIDFormat } : {}) };
  const encrypted = children(children(assertion, 'Subject')[0], 'EncryptedID');
  if (encrypted.length !== 1) return { problem: 'missing_attributes' };
  const nameId = await decryptNameId(encrypted[0]!, expect);
  if (!nameId) return { problem: 'decryption_failed' };
  const text = nameIdText(nameId);
  if (!text) return { problem: 'missing_attributes' };
  const format = nameId.getAttribute('Format');
  return { nameId: text, ...(format ? { format } : {}) };
}

/**
 * The checks node-saml does not do, applied to a response whose signatures, audience, time window
 * and InResponseTo node-saml has already verified.
 */
export async function checkProfile(profile: Profile | null, expect: ProfileExpectations): Promise<ProfileCheck> {
  if (!profile) return { ok: false, reason: 'invalid_response' };
  // node-saml checks the issuer only on logout messages; for a login it is ours to check.
  if (profile.issuer !== expect.issuer) return { ok: false, reason: 'issuer_mismatch' };
  const assertion = parseElement(profile.getAssertionXml?.() ?? '');
  if (!assertion || assertion.localName !== 'Assertion') return { ok: false, reason: 'invalid_response' };

  const loa = assessAssuranceLevel(authnContextClassRef(assertion));
  if (!loa.ok) return { ok: false, reason: loa.reason, ...(loa.loa ? { loa: loa.loa } : {}) };

  // The broker names the service it checked the machtiging for; another service is not ours.
  const service = await singleAttribute(assertion, ATTRIBUTE_SERVICE_UUID, expect);
  if (
    'value' in service &&
    expect.serviceUuids.length > 0 &&
    !expect.serviceUuids.includes(service.value.toLowerCase())
  ) {
    return { ok: false, reason: 'service_mismatch' };
  }

  const organisation = await singleAttribute(assertion, ATTRIBUTE_LEGAL_SUBJECT_ID, expect);
  const acting = await singleAttribute(assertion, ATTRIBUTE_ACTING_SUBJECT_ID, expect);
  if ('problem' in organisation) return { ok: false, reason: organisation.problem };
  if ('problem' in acting) return { ok: false, reason: acting.problem };
  // Encrypted on the way means: the whole assertion, or each identifier by itself.
  if (expect.requireEncryption && !expect.assertionWasEncrypted && !(organisation.encrypted && acting.encrypted)) {
    return { ok: false, reason: 'not_encrypted' };
  }
  if (!isOrganisationId(organisation.value) || !isActingSubjectId(acting.value))
    return { ok: false, reason: 'invalid_identifier' };
  const name = await subjectName(profile, assertion, expect);
  if ('problem' in name) return { ok: false, reason: name.problem };

  return {
    ok: true,
    login: {
      organisationId: organisation.value,
      subject: acting.value,
      loa: loa.loa,
      nameId: name.nameId,
      ...(name.format ? { nameIdFormat: name.format } : {}),
      ...(profile.sessionIndex ? { sessionIndex: profile.sessionIndex } : {}),
    },
  };
}
