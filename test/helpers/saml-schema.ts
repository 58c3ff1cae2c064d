import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Validation against the official SAML 2.0 schemas (OASIS, as Debian's opensaml-schemas and
 * xmltooling-schemas install them) with the real xmllint, offline: a catalog maps the W3C
 * schemas the SAML schemas import by URL to their local copies.
 */

const OPENSAML = '/usr/share/xml/opensaml';
const XMLTOOLING = '/usr/share/xml/xmltooling';
export const SAML_SCHEMAS = {
  metadata: join(OPENSAML, 'saml-schema-metadata-2.0.xsd'),
  protocol: join(OPENSAML, 'saml-schema-protocol-2.0.xsd'),
} as const;

let catalog: string | undefined;

function catalogFile(): string {
  for (const file of [...Object.values(SAML_SCHEMAS), join(XMLTOOLING, 'xmldsig-core-schema.xsd')]) {
    if (!existsSync(file)) {
      throw new Error(
        `${file} is missing: install the SAML schemas (apt-get install opensaml-schemas xmltooling-schemas); .ci/run does this.`,
      );
    }
  }
  if (spawnSync('xmllint', ['--version']).status !== 0)
    throw new Error('xmllint is not installed: install libxml2-utils (apt-get install libxml2-utils).');
  if (catalog) return catalog;
  const local = {
    'http://www.w3.org/TR/2002/REC-xmldsig-core-20020212/xmldsig-core-schema.xsd': 'xmldsig-core-schema.xsd',
    'http://www.w3.org/TR/2002/REC-xmlenc-core-20021210/xenc-schema.xsd': 'xenc-schema.xsd',
    'http://www.w3.org/2001/xml.xsd': 'xml.xsd',
  };
  const entries = Object.entries(local).map(
    ([url, file]) => `<uri name="${url}" uri="file://${join(XMLTOOLING, file)}"/>`,
  );
  catalog = join(mkdtempSync(join(tmpdir(), 'saml-catalog-')), 'catalog.xml');
  writeFileSync(
    catalog,
    `<?xml version="1.0"?><catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">${entries.join('')}</catalog>`,
  );
  return catalog;
}

/** The schema errors xmllint reports for this document (empty: it validates). */
export function samlSchemaErrors(xml: string, schema: keyof typeof SAML_SCHEMAS): string[] {
  const result = spawnSync('xmllint', ['--nonet', '--noout', '--schema', SAML_SCHEMAS[schema], '-'], {
    input: xml,
    encoding: 'utf8',
    env: { ...process.env, XML_CATALOG_FILES: catalogFile() },
  });
  if (result.status === 0) return [];
  // The xenc schema imports xmldsig a second time; libxml2 notes that it skips it.
  const errors = result.stderr
    .split('\n')
    .filter((line) => line.trim() !== '' && !/Skipping import|fails to validate/.test(line));
  return errors.length > 0 ? errors : [`xmllint exited with ${result.status}: ${result.stderr.trim()}`];
}
