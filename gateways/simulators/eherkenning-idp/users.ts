import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The fictional herkenningsmakelaars a user can choose from, and the levels their means reach. */
export const MAKELAARS = [
  { id: 'sleutelmakelaar', name: 'Sleutelmakelaar B.V.', levels: ['loa3', 'loa4'] },
  { id: 'poortwachter', name: 'Poortwachter Herkenning', levels: ['loa3'] },
  { id: 'basisherkenning', name: 'Basisherkenning Online', levels: ['loa2', 'loa2plus'] },
] as const;
export type MakelaarId = (typeof MAKELAARS)[number]['id'];

const userSchema = z
  .object({
    username: z.string().min(1),
    /** Dev only: plain text in a committed file, for fictional accounts. */
    password: z.string().min(1),
    description: z.string().min(1),
    /** Informational: what the tests and the e2e walkthrough use this account for. Not sent in SAML. */
    role: z.enum(['servicedesk', 'gebruikersbeheerder', 'medewerker']).optional(),
    gemeentecode: z
      .string()
      .regex(/^\d{4}$/)
      .optional(),
    makelaar: z.enum(MAKELAARS.map((m) => m.id) as [MakelaarId, ...MakelaarId[]]),
    /** AuthnContextClassRef the broker reports for this user's means. */
    loa: z.enum(['loa2', 'loa2plus', 'loa3', 'loa4']),
    /** Fictional mobile number; the one-time code goes to the dev SMS outbox under this number. */
    phone: z.string().min(6),
    /** urn:etoegang:core:ActingSubjectID (and the NameID): the person's pseudonym. */
    actingSubjectId: z.string().regex(/^[\x21-\x7e]{1,256}$/),
    /** urn:etoegang:core:LegalSubjectID: KvK number (8 digits) or OIN (20 digits). */
    organisationId: z.string().regex(/^(\d{8}|\d{20})$/),
  })
  .refine((u) => (MAKELAARS.find((m) => m.id === u.makelaar)?.levels as readonly string[]).includes(u.loa), {
    message: 'the makelaar does not issue this level',
  });

export type DevIdpUser = z.infer<typeof userSchema>;

export const DEV_IDP_USERS_PATH = fileURLToPath(new URL('./users.json', import.meta.url));

/** Reads and checks the fixture users; a mistake in the file names the user and the field. */
export function loadDevIdpUsers(path: string = DEV_IDP_USERS_PATH): DevIdpUser[] {
  const parsed = z
    .object({ users: z.array(userSchema).min(1) })
    .refine((f) => new Set(f.users.map((u) => `${u.makelaar}/${u.username}`)).size === f.users.length, {
      message: 'duplicate username per makelaar',
    })
    .safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new Error(
      `Invalid dev IdP users in ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data.users;
}

/** The fixture user with this username (tests and the e2e walkthrough). */
export function devIdpUser(username: string, users: DevIdpUser[] = loadDevIdpUsers()): DevIdpUser {
  const user = users.find((u) => u.username === username);
  if (!user) throw new Error(`no dev IdP user ${username}`);
  return user;
}
