import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { afterAll, describe, expect, it } from 'vitest';
import { checkMessage } from '../../validation/check-message.ts';
import { SchemaStore } from '../../validation/schemas.ts';
import { StreamSchemas } from '../../validation/xsd/stream-schemas.ts';
import { examples, istandaardenDir, requireXmllint, type Example } from '../helpers/istandaarden.ts';
import { childElements } from '../helpers/mutate.ts';

/**
 * The streaming schema check (validation/xsd) may only call a file valid when libxml2 does: a
 * file it proves is never shown to libxml2 again. This test makes thousands of variants of every
 * official example (elements removed, repeated, swapped, renamed; values at and past their
 * limits; attributes, comments, CDATA, odd declarations and characters), asks the real
 * `xmllint --schema` about each, and requires that every variant the streaming check proves is
 * one xmllint validates. It also requires the check to prove the common case (every official
 * example xmllint accepts, and most valid variants), or the fast path would quietly do nothing.
 */

const VALUES = [
  '',
  ' ',
  'a',
  'A',
  '0',
  '1',
  '2',
  '3',
  '01',
  '001',
  '+1',
  '-1',
  ' 1 ',
  '1.0',
  '99',
  '100',
  '9999',
  '99999999',
  '100000000',
  '-0',
  '2023-02-29',
  '2024-02-29',
  '2100-02-29',
  '2000-02-29',
  '2023-13-01',
  '2023-04-31',
  '2023-04-30',
  '0000-01-01',
  '2023-01-01Z',
  '2023-01-01+01:00',
  '12345-01-01',
  ' 2023-01-01 ',
  '2023-1-01',
  '12:00:00',
  '24:00:00',
  '23:59:60',
  '12:00:00.5',
  '12:00',
  '12:00:00Z',
  'é',
  'ab',
  'x y',
  '\t',
  'a\nb',
  ' a',
  'a ',
  '0384',
  '999900006',
  '01A01',
  '03',
  '414',
  'J',
  'Ab',
  'AB12',
  '1.2.3',
  '01.2.3',
  'a.b',
  'x'.repeat(8),
  'x'.repeat(9),
  'x'.repeat(10),
  'x'.repeat(12),
  'x'.repeat(13),
  'x'.repeat(25),
  'x'.repeat(26),
  'x'.repeat(35),
  'x'.repeat(36),
  'x'.repeat(80),
  'x'.repeat(81),
  'x'.repeat(200),
  'x'.repeat(201),
  'é'.repeat(35),
  'é'.repeat(36),
  '𝄞'.repeat(18),
  '𝄞'.repeat(36),
  '\u00a0',
];

/** A small deterministic generator, so a failure names a variant that comes back on the next run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const elementsOf = (doc: Document): Element[] => Array.from(doc.getElementsByTagName('*'));
const isLeaf = (el: Element): boolean => childElements(el).length === 0;

type Variant = { name: string; xml: string };

function variants(example: Example, text: string): Variant[] {
  const out: Variant[] = [{ name: 'as published', xml: text }];
  const next = random(example.code.split('').reduce((a, c) => a * 31 + c.charCodeAt(0), 7) % 100_000);
  const serialize = (doc: Document) => new XMLSerializer().serializeToString(doc);
  const edit = (name: string, change: (doc: Document, elements: Element[]) => void) => {
    const doc = new DOMParser().parseFromString(text, 'text/xml');
    change(doc, elementsOf(doc));
    out.push({ name, xml: serialize(doc) });
  };
  const count = elementsOf(new DOMParser().parseFromString(text, 'text/xml')).length;
  for (let i = 1; i < count; i++) {
    edit(`remove #${i}`, (_d, els) => els[i]!.parentNode!.removeChild(els[i]!));
    edit(`repeat #${i}`, (_d, els) => els[i]!.parentNode!.insertBefore(els[i]!.cloneNode(true), els[i]!.nextSibling));
    edit(`swap #${i}`, (_d, els) => {
      const sibling =
        els[i]!.nextSibling && childElements(els[i]!.parentNode as Element).find((c, k, all) => all[k - 1] === els[i]);
      if (sibling) els[i]!.parentNode!.insertBefore(sibling, els[i]!);
    });
    edit(`rename #${i}`, (doc, els) => {
      const el = els[i]!;
      const sibling = childElements(el.parentNode as Element).find((c) => c.localName !== el.localName);
      if (!sibling) return;
      const renamed = doc.createElementNS(sibling.namespaceURI, sibling.tagName);
      while (el.firstChild) renamed.appendChild(el.firstChild);
      el.parentNode!.replaceChild(renamed, el);
    });
    edit(`attribute on #${i}`, (_d, els) => els[i]!.setAttribute('soort', '1'));
    edit(`comment in #${i}`, (doc, els) =>
      els[i]!.insertBefore(doc.createComment(' toelichting '), els[i]!.firstChild),
    );
    edit(`cdata in #${i}`, (doc, els) =>
      els[i]!.insertBefore(doc.createCDATASection(isLeaf(els[i]!) ? '' : ' '), els[i]!.firstChild),
    );
    const probe = elementsOf(new DOMParser().parseFromString(text, 'text/xml'))[i]!;
    if (isLeaf(probe)) {
      const original = probe.textContent ?? '';
      const own = [
        `${original}x`,
        original.slice(0, -1),
        ` ${original}`,
        `${original} `,
        original.toUpperCase(),
        original.toLowerCase(),
        `${original}${original}`,
      ];
      const picked = [...own, ...Array.from({ length: 14 }, () => VALUES[Math.floor(next() * VALUES.length)]!)];
      for (const value of new Set(picked))
        edit(`#${i} = ${JSON.stringify(value).slice(0, 40)}`, (_d, els) => (els[i]!.textContent = value));
      edit(`#${i} split by a comment`, (doc, els) => els[i]!.appendChild(doc.createComment('x')));
      edit(`#${i} as CDATA`, (doc, els) => {
        const value = els[i]!.textContent ?? '';
        els[i]!.textContent = '';
        els[i]!.appendChild(doc.createCDATASection(value));
      });
    }
  }
  const body = text.replace(/^<\?xml[^>]*\?>\s*/, '');
  out.push(
    { name: 'no declaration', xml: body },
    { name: 'version 1.1', xml: `<?xml version="1.1" encoding="UTF-8"?>${body}` },
    { name: 'standalone', xml: `<?xml version='1.0' encoding='utf-8' standalone='yes'?>\n${body}` },
    { name: 'processing instruction', xml: text.replace(/(<[^?!][^>]*>)/, '$1<?pz test?>') },
    { name: 'no-break space in a tag', xml: text.replace(/(<[^?!/][^\s>]*)>/, '$1\u00a0>') },
    { name: 'carriage return reference', xml: text.replace(/(<[^>]*Commentaar>)([^<]*)/, '$1$2&#13;') },
    { name: ']]> in a value', xml: text.replace(/(<[^>/]*(?:Commentaar|Achternaam)>)([^<]*)/, '$1]]>$2') },
    { name: 'control character', xml: text.replace(/(<[^>/]*Achternaam>)([^<]*)/, '$1\u0001$2') },
    {
      name: 'xsi attribute',
      xml: text.replace(/(<[^?!][^>]*?)>/, '$1 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true">'),
    },
    { name: 'default namespace', xml: defaultNamespace(text) },
  );
  return out;
}

/** The message's own prefix made the default namespace (the same document for XSD). */
function defaultNamespace(text: string): string {
  const prefix = /<([\w.-]+):Bericht\b/.exec(text)?.[1];
  if (!prefix) return text;
  return text.replace(new RegExp(`xmlns:${prefix}=`), 'xmlns=').replace(new RegExp(`(</?)${prefix}:`, 'g'), '$1');
}

/** xmllint over many files at once: per file true when it validates. */
function xmllintVerdicts(xsd: string, files: readonly string[]): Map<string, boolean> {
  const verdicts = new Map<string, boolean>();
  for (let from = 0; from < files.length; from += 400) {
    const batch = files.slice(from, from + 400);
    const run = spawnSync('xmllint', ['--noout', '--schema', xsd, ...batch], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.error) throw run.error;
    for (const line of run.stderr.split('\n')) {
      const validates = / validates$/.exec(line);
      const fails = / fails to validate$/.exec(line);
      if (validates) verdicts.set(line.slice(0, validates.index), true);
      else if (fails) verdicts.set(line.slice(0, fails.index), false);
    }
    // A file that is not well-formed gets a parser error and no summary line: not valid.
    for (const file of batch) if (!verdicts.has(file)) verdicts.set(file, false);
  }
  return verdicts;
}

describe('streaming schema check against xmllint --schema', () => {
  requireXmllint();
  const dir = mkdtempSync(join(tmpdir(), 'pz-stream-schema-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const streamSchemas = new StreamSchemas(new SchemaStore(istandaardenDir()));
  const totals = { variants: 0, proven: 0, xmllintValid: 0, xmllintValidProven: 0 };

  it.each(examples().map((e) => [e.code, e] as const))(
    '%s: every variant it proves valid, xmllint validates',
    { timeout: 120_000 },
    (code, example) => {
      const text = readFileSync(example.file, 'utf8');
      const list = variants(example, text);
      const files = list.map((v, i) => {
        const file = join(dir, `${code}-${i}.xml`);
        writeFileSync(file, v.xml);
        return file;
      });
      const reference = xmllintVerdicts(example.xsd, files);
      const wrong: string[] = [];
      let proven = 0;
      let valid = 0;
      let validProven = 0;
      list.forEach((variant, i) => {
        const check = checkMessage(Buffer.from(variant.xml), streamSchemas.lookup);
        const xmllint = reference.get(files[i]!)!;
        if (check.schemaProven) proven++;
        if (xmllint) valid++;
        if (xmllint && check.schemaProven) validProven++;
        if (check.schemaProven && !xmllint) wrong.push(variant.name);
      });
      totals.variants += list.length;
      totals.proven += proven;
      totals.xmllintValid += valid;
      totals.xmllintValidProven += validProven;
      console.log(
        `${code}: ${list.length} variants; xmllint validates ${valid}, the streaming check proves ${validProven} of those and nothing else`,
      );
      expect(wrong, `proven valid by the streaming check, refused by xmllint (${code})`).toEqual([]);
      if (reference.get(files[0]!))
        expect(
          checkMessage(Buffer.from(text), streamSchemas.lookup).schemaProven,
          `${code} as published is valid and should be proven`,
        ).toBe(true);
      // The fast path must carry the ordinary case, or every file would quietly go to libxml2.
      expect(validProven, `${code}: share of xmllint-valid variants the streaming check proves`).toBeGreaterThanOrEqual(
        Math.floor(valid * 0.8),
      );
    },
  );

  it('has looked at variants of every type', () => {
    console.log(
      `streaming schema check, all types: ${totals.variants} variants, xmllint validates ${totals.xmllintValid}, proven ${totals.proven} (${totals.xmllintValidProven} of them valid by xmllint)`,
    );
    expect(totals.proven).toBe(totals.xmllintValidProven);
    expect([...streamSchemas.unsupported]).toEqual([]);
  });
});
