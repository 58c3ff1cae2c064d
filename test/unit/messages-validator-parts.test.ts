import { describe, expect, it } from 'vitest';
import { pathsAtLines } from '../../domain/messages/element-path.ts';
import { parseArgs } from '../../validation/cli-args.ts';
import { dutchSchemaMessage } from '../../validation/xsd-messages.ts';
import { parseXmllintOutput } from '../../validation/xsd-output.ts';

// The pure parts of the Node-side validator: reading xmllint's output, its messages in Dutch,
// locating an error line, and the command line.

const NS = '{http://www.istandaarden.nl/iwmo/3_2/basisschema/schema}';

describe('parseXmllintOutput', () => {
  it('gives each document its own verdict and errors, without namespace URIs', () => {
    const stderr = [
      `a.xml:11: Schemas validity error : Element '${NS}Dagtekening': '2023-02-30' is not a valid value of the atomic type '${NS}LDT_Datum'.`,
      `a.xml:23: Schemas validity error : Element '${NS}Geslacht': [facet 'enumeration'] The value '7' is not an element of the set {'0', '1', '2'}.`,
      'a.xml fails to validate',
      'b.xml validates',
      'c.xml:1: parser error : Opening and ending tag mismatch: b line 1 and a',
      '<a><b></a>',
      '          ^',
      '',
    ].join('\n');
    const [a, b, c] = parseXmllintOutput(stderr, ['a.xml', 'b.xml', 'c.xml']);
    expect(a).toEqual({
      valid: false,
      problems: [
        { line: 11, element: 'Dagtekening', text: "Element 'Dagtekening': '2023-02-30' is not a valid value of the atomic type 'LDT_Datum'.", parserError: false },
        { line: 23, element: 'Geslacht', text: "Element 'Geslacht': [facet 'enumeration'] The value '7' is not an element of the set {'0', '1', '2'}.", parserError: false },
      ],
    });
    expect(b).toEqual({ valid: true, problems: [] });
    expect(c).toMatchObject({ valid: false, problems: [{ line: 1, parserError: true }] });
  });

  it('ignores lines about documents it did not run, and never calls a document with errors valid', () => {
    // A quoted value may span lines; the runner's random file names keep it from naming a real document.
    const stderr = ["a.xml:5: Schemas validity error : Element 'Naam': [facet 'maxLength'] The value '", 'b.xml validates', "' is too long.", 'a.xml validates'].join('\n');
    expect(parseXmllintOutput(stderr, ['a.xml'])).toEqual([{ valid: false, problems: [expect.objectContaining({ line: 5, element: 'Naam' })] }]);
  });

  it('counts a document without a verdict line as invalid', () => {
    expect(parseXmllintOutput('', ['a.xml'])).toEqual([{ valid: false, problems: [] }]);
  });
});

describe('dutchSchemaMessage', () => {
  it.each([
    ["Element 'Geboortedatum': This element is not expected. Expected is ( Bsn ).", 'Element Geboortedatum staat hier niet goed: verwacht wordt Bsn.'],
    ["Element 'Client': Missing child element(s). Expected is ( Contactgegevens ).", 'In Client ontbreekt een verplicht element: Contactgegevens.'],
    ["Element 'Ingangsdatum': '2023-02-30' is not a valid value of the atomic type 'LDT_Datum'.", "Ingangsdatum: '2023-02-30' is geen geldige waarde voor LDT_Datum (bijvoorbeeld een datum die niet bestaat)."],
    ["Element 'Bsn': [facet 'pattern'] The value '12345678' is not accepted by the pattern '[0-9]{9}'.", "Bsn: de waarde '12345678' heeft niet de vorm [0-9]{9}."],
    ["Element 'Geslacht': [facet 'enumeration'] The value '7' is not an element of the set {'0', '1', '2'}.", "Geslacht: '7' is geen toegestane waarde (toegestaan: '0', '1', '2')."],
  ])('%s', (english, dutch) => {
    expect(dutchSchemaMessage(english)).toBe(dutch);
  });

  it('keeps an untranslated message whole, after a Dutch lead-in', () => {
    expect(dutchSchemaMessage("Element 'X': something new.")).toBe("Voldoet niet aan het XSD-schema: Element 'X': something new.");
  });
});

describe('pathsAtLines', () => {
  it('finds the element named on a line, with positions among same-name siblings', () => {
    const text = '<m:Bericht xmlns:m="urn:x">\n<m:A><m:B>1</m:B></m:A>\n<m:A>\n<m:B>2</m:B><m:C/>\n</m:A>\n</m:Bericht>';
    const paths = pathsAtLines(text, new Map([[4, 'C'], [2, undefined], [3, 'A']]));
    expect(Object.fromEntries(paths)).toEqual({ 2: '/Bericht/A[1]', 3: '/Bericht/A[2]', 4: '/Bericht/A[2]/C' });
  });
});

describe('parseArgs', () => {
  it('takes files, --json and --schemas in either form', () => {
    expect(parseArgs(['--json', '--schemas', 'dir', 'a.xml', 'b.xml'])).toEqual({ ok: true, options: { json: true, schemas: 'dir', files: ['a.xml', 'b.xml'] } });
    expect(parseArgs(['--schemas=dir', '--', '--odd-name.xml'])).toEqual({ ok: true, options: { json: false, schemas: 'dir', files: ['--odd-name.xml'] } });
  });

  it('refuses what it does not know, and no files', () => {
    expect(parseArgs(['--strict', 'a.xml'])).toEqual({ ok: false, help: false, error: 'Unknown option --strict.' });
    expect(parseArgs(['--json'])).toEqual({ ok: false, help: false, error: 'No files given.' });
    expect(parseArgs(['--schemas'])).toEqual({ ok: false, help: false, error: '--schemas needs a directory.' });
    expect(parseArgs(['-h'])).toEqual({ ok: false, help: true });
  });
});
