import { describe, expect, it } from 'vitest';
import { pathsAtLines } from '../../domain/messages/element-path.ts';
import { parseArgs } from '../../validation/cli-args.ts';
import { dutchSchemaMessage } from '../../validation/xsd-messages.ts';
import { xsdOutcome } from '../../validation/xsd-output.ts';

// The pure parts of the Node-side validator: reading libxml2's diagnostics, its messages in Dutch,
// locating an error line, and the command line.

const NS = '{http://www.istandaarden.nl/iwmo/3_2/basisschema/schema}';

describe('xsdOutcome', () => {
  const detail = (message: string, line: number, xpath?: string) => ({
    message: `${message}\n`,
    line,
    col: 0,
    level: 2,
    ...(xpath ? { xpath } : {}),
  });

  it('gives each libxml2 diagnostic its line, element and text without namespace URIs', () => {
    const outcome = xsdOutcome(
      [
        detail(
          `Element '${NS}Dagtekening': '2023-02-30' is not a valid value of the atomic type '${NS}LDT_Datum'.`,
          11,
          '/wmo301:Bericht/wmo301:Header/wmo301:Dagtekening',
        ),
        detail(
          `Element '${NS}Geslacht': [facet 'enumeration'] The value '7' is not an element of the set {'0', '1', '2'}.`,
          23,
        ),
      ],
      false,
    );
    expect(outcome).toEqual({
      valid: false,
      problems: [
        {
          line: 11,
          element: 'Dagtekening',
          text: "Element 'Dagtekening': '2023-02-30' is not a valid value of the atomic type 'LDT_Datum'.",
          parserError: false,
          xpath: '/wmo301:Bericht/wmo301:Header/wmo301:Dagtekening',
        },
        {
          line: 23,
          element: 'Geslacht',
          text: "Element 'Geslacht': [facet 'enumeration'] The value '7' is not an element of the set {'0', '1', '2'}.",
          parserError: false,
        },
      ],
    });
  });

  it('marks parser errors and leaves an unknown line out', () => {
    expect(xsdOutcome([detail('Opening and ending tag mismatch: b line 1 and a', 0)], true)).toEqual({
      valid: false,
      problems: [
        {
          line: undefined,
          element: undefined,
          text: 'Opening and ending tag mismatch: b line 1 and a',
          parserError: true,
        },
      ],
    });
  });

  it('never calls a document with diagnostics valid, nor one without any when it is asked for an outcome', () => {
    expect(xsdOutcome([], false)).toEqual({ valid: false, problems: [] });
  });
});

describe('dutchSchemaMessage', () => {
  it.each([
    [
      "Element 'Geboortedatum': This element is not expected. Expected is ( Bsn ).",
      'Element Geboortedatum staat hier niet goed: verwacht wordt Bsn.',
    ],
    [
      "Element 'Client': Missing child element(s). Expected is ( Contactgegevens ).",
      'In Client ontbreekt een verplicht element: Contactgegevens.',
    ],
    [
      "Element 'Ingangsdatum': '2023-02-30' is not a valid value of the atomic type 'LDT_Datum'.",
      "Ingangsdatum: '2023-02-30' is geen geldige waarde voor LDT_Datum (bijvoorbeeld een datum die niet bestaat).",
    ],
    [
      "Element 'Bsn': [facet 'pattern'] The value '12345678' is not accepted by the pattern '[0-9]{9}'.",
      "Bsn: de waarde '12345678' heeft niet de vorm [0-9]{9}.",
    ],
    [
      "Element 'Geslacht': [facet 'enumeration'] The value '7' is not an element of the set {'0', '1', '2'}.",
      "Geslacht: '7' is geen toegestane waarde (toegestaan: '0', '1', '2').",
    ],
  ])('%s', (english, dutch) => {
    expect(dutchSchemaMessage(english)).toBe(dutch);
  });

  it('keeps an untranslated message whole, after a Dutch lead-in', () => {
    expect(dutchSchemaMessage("Element 'X': something new.")).toBe(
      "Voldoet niet aan het XSD-schema: Element 'X': something new.",
    );
  });
});

describe('pathsAtLines', () => {
  it('finds the element named on a line, with positions among same-name siblings', () => {
    const text =
      '<m:Bericht xmlns:m="urn:x">\n<m:A><m:B>1</m:B></m:A>\n<m:A>\n<m:B>2</m:B><m:C/>\n</m:A>\n</m:Bericht>';
    const paths = pathsAtLines(
      text,
      new Map([
        [4, 'C'],
        [2, undefined],
        [3, 'A'],
      ]),
    );
    expect(Object.fromEntries(paths)).toEqual({ 2: '/Bericht/A[1]', 3: '/Bericht/A[2]', 4: '/Bericht/A[2]/C' });
  });
});

describe('parseArgs', () => {
  it('takes files, --json and --schemas in either form', () => {
    expect(parseArgs(['--json', '--schemas', 'dir', 'a.xml', 'b.xml'])).toEqual({
      ok: true,
      options: { json: true, rules: false, schemas: 'dir', files: ['a.xml', 'b.xml'] },
    });
    expect(parseArgs(['--schemas=dir', '--', '--odd-name.xml'])).toEqual({
      ok: true,
      options: { json: false, rules: false, schemas: 'dir', files: ['--odd-name.xml'] },
    });
  });

  it('takes --rules without files or schema directory, with or without --json', () => {
    expect(parseArgs(['--rules'])).toEqual({
      ok: true,
      options: { json: false, rules: true, schemas: undefined, files: [] },
    });
    expect(parseArgs(['--json', '--rules'])).toEqual({
      ok: true,
      options: { json: true, rules: true, schemas: undefined, files: [] },
    });
    expect(parseArgs(['--rules', 'a.xml'])).toEqual({
      ok: false,
      help: false,
      error: '--rules takes no files: it prints the rule tables only.',
    });
  });

  it('refuses what it does not know, and no files', () => {
    expect(parseArgs(['--strict', 'a.xml'])).toEqual({ ok: false, help: false, error: 'Unknown option --strict.' });
    expect(parseArgs(['--json'])).toEqual({ ok: false, help: false, error: 'No files given.' });
    expect(parseArgs(['--schemas'])).toEqual({ ok: false, help: false, error: '--schemas needs a directory.' });
    expect(parseArgs(['-h'])).toEqual({ ok: false, help: true });
  });
});
