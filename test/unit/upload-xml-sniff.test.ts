import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDir } from '../helpers/shared-dir.ts';
import { sniffXml } from '../../uploads/xml-sniff.ts';

const ISTANDAARDEN = join(sharedDir(), 'istandaarden');
const examples = ['wmo', 'jw'].flatMap((dir) =>
  readdirSync(join(ISTANDAARDEN, dir, 'examples')).map((file) => ({
    file,
    path: join(ISTANDAARDEN, dir, 'examples', file),
  })),
);
const sniff = (xml: string | Buffer) => sniffXml(typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml);
const codes = async (xml: string | Buffer): Promise<string[]> => (await sniff(xml)).problems.map((p) => p.code);
const MESSAGE = '<m:Bericht xmlns:m="urn:x"><m:Header><m:Afzender>0344</m:Afzender></m:Header></m:Bericht>';

describe('sniffXml on the official examples', () => {
  it.each(examples)('reads the header of $file without a problem', async ({ file, path }) => {
    const result = await sniffXml(readFileSync(path));
    expect(result).toMatchObject({ readable: true, problems: [] });
    const code = file.replace('.xml', '').toLowerCase();
    expect(result.header.rootNamespace).toMatch(
      new RegExp(`^http://www\\.istandaarden\\.nl/i(wmo|jw)/3_2/${code}/schema$`),
    );
    expect(result.header).toMatchObject({ rootName: 'Bericht', berichtCode: expect.stringMatching(/^4\d\d$/) });
    expect(result.header.afzender).toMatch(/^\d{4}$|^\d{8}$/);
    expect(result.header.identificatie).toBeTruthy();
  });

  it('reads the retour’s own identification and the Ontvanger', async () => {
    const header = (await sniffXml(readFileSync(join(ISTANDAARDEN, 'wmo', 'examples', 'WMO306.xml')))).header;
    expect(header).toMatchObject({
      afzender: '65656055',
      ontvanger: '0363',
      identificatie: '123456789013',
      identificatieRetour: '7ae60051-e0f',
    });
  });
});

describe('sniffXml on bad bytes', () => {
  it('reports a UTF-8 byte-order mark but still reads the rest', async () => {
    const result = await sniff(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(MESSAGE)]));
    expect(result.problems.map((p) => p.code)).toEqual(['PZ-BOM']);
    expect(result).toMatchObject({ readable: true, header: { afzender: '0344' } });
  });

  it('refuses UTF-16, bytes that are not UTF-8, and a declared encoding other than UTF-8', async () => {
    expect(await codes(Buffer.from(`\uFEFF${MESSAGE}`, 'utf16le'))).toEqual(['PZ-ENCODING']);
    expect(await codes(Buffer.from(MESSAGE, 'utf16le'))).toEqual(['PZ-ENCODING']);
    const latin1 = Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?><a>Caf\u00e9</a>`, 'latin1');
    expect(await sniff(latin1)).toMatchObject({
      readable: false,
      problems: [{ code: 'PZ-ENCODING', detail: expect.stringContaining('geen UTF-8') }],
    });
    const declared = await sniff('<?xml version="1.0" encoding="windows-1252"?><a/>');
    expect(declared).toMatchObject({
      readable: true,
      problems: [{ code: 'PZ-ENCODING', detail: 'Volgens de XML-declaratie is de codering windows-1252.' }],
    });
  });

  it('refuses a file that is empty or not well-formed, saying where', async () => {
    expect(await sniff('')).toMatchObject({
      readable: false,
      problems: [{ code: 'PZ-XML', detail: 'Het bestand is leeg.' }],
    });
    expect(await sniff('<a>\n<b></a>')).toMatchObject({
      readable: false,
      problems: [{ code: 'PZ-XML', detail: expect.stringMatching(/^Regel 2, kolom \d+: /) }],
    });
    expect(await codes(MESSAGE.slice(0, -5))).toEqual(['PZ-XML']);
    expect(await codes('dit is geen xml')).toEqual(['PZ-XML']);
    expect(await codes('<a><p:b/></a>')).toEqual(['PZ-XML']);
    expect(await codes('<a>&nbsp;</a>')).toEqual(['PZ-XML']);
  });

  it('refuses any DOCTYPE, also one that only names a public DTD', async () => {
    expect(await sniff('<!DOCTYPE a><a/>')).toMatchObject({
      readable: false,
      problems: [{ code: 'PZ-DTD', detail: 'Gevonden in regel 1.' }],
    });
    expect(
      await codes(
        '<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1.dtd"><html/>',
      ),
    ).toEqual(['PZ-DTD']);
  });

  it('refuses an external entity (XXE) without ever reading the file it names', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE m [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${MESSAGE.replace('0344', '&xxe;')}`;
    const result = await sniff(xxe);
    expect(result.problems.map((p) => p.code)).toEqual(['PZ-DTD']);
    expect(JSON.stringify(result)).not.toMatch(/root:/);
    expect(result.header.afzender).toBeUndefined();
  });

  it('refuses a billion-laughs document without expanding an entity', async () => {
    const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${entities}]><lolz>&lol9;</lolz>`;
    const result = await sniff(bomb);
    expect(result.problems.map((p) => p.code)).toEqual(['PZ-DTD']);
  });

  it('keeps at most 65 characters of a header value, however long the element', async () => {
    const long = await sniff(
      `<m:Bericht xmlns:m="urn:x"><m:Header><m:Afzender>${'9'.repeat(1_000_000)}</m:Afzender></m:Header></m:Bericht>`,
    );
    expect(long.header.afzender).toHaveLength(65);
  });

  it('takes only the first of a repeated header field and ignores look-alikes deeper down', async () => {
    const { header } = await sniff(
      '<m:Bericht xmlns:m="urn:x"><m:Header><m:Afzender>0344</m:Afzender><m:Afzender>0363</m:Afzender></m:Header>' +
        '<m:Client><m:Header><m:BerichtCode>999</m:BerichtCode></m:Header></m:Client></m:Bericht>',
    );
    expect(header).toEqual({ rootNamespace: 'urn:x', rootName: 'Bericht', afzender: '0344' });
  });
});
