import { ownExample } from './messages.ts';

/**
 * The official WMO301 example as the municipality's own, with Client Bsn 123456789 (fails the
 * 11-proef, CS002) and `relaties` Relaties, each born on 2024-01-01, after the Dagtekening
 * 2023-08-13 (TR134): a message with as many findings as the test wants.
 */
export function wmo301WithRelatieFindings(gemeentecode: string, relaties: number): string {
  const { xml } = ownExample('WMO301', gemeentecode);
  const bsn = xml.replace('<wmo301:Bsn>999900006</wmo301:Bsn>', '<wmo301:Bsn>123456789</wmo301:Bsn>');
  const block =
    /(<wmo301:Relaties>\s*)(<wmo301:Relatie>[\s\S]*?<\/wmo301:Relatie>)[\s\S]*?(\s*<\/wmo301:Relaties>)/.exec(bsn);
  if (!block || bsn === xml)
    throw new Error('the WMO301 example no longer has the Bsn or the Relaties this test changes');
  const [whole, open, first, close] = block as unknown as [string, string, string, string];
  const relatie = (n: number) =>
    first
      .replace(/<wmo301:Nummer>\d+</, `<wmo301:Nummer>${n}<`)
      .replace(/<wmo301:Volgorde>\d+</, `<wmo301:Volgorde>${((n - 1) % 99) + 1}<`) // at most 99 (LDT_RelatieVolgorde)
      .replace(/(<wmo301:Geboortedatum>\s*<iwmo:Datum>)[^<]*</, '$12024-01-01<');
  const all = Array.from({ length: relaties }, (_, i) => relatie(i + 1)).join('\n\t\t\t');
  return bsn.replace(whole, `${open}${all}${close}`);
}
