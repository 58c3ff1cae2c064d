import { describe, expect, it } from 'vitest';
import type { Finding } from '../../domain/messages/findings.ts';
import { uploadProblem } from '../../domain/upload/problems.ts';
import { safeFileName } from '../../web/routes/messages.ts';
import { aanleverenPage, type AanleverenView } from '../../web/views/messages-aanleveren.ts';

const base: AanleverenView = {
  product: 'iwmo',
  csrfToken: 't&k',
  outgoing: { rows: [], next: undefined },
  notifications: { rows: [], more: false },
  now: new Date(),
  laterPage: false,
};

const cs002: Finding = {
  code: 'CS002',
  severity: 'fout',
  location: '/Bericht/Client/Bsn',
  line: 12,
  message: 'BSN voldoet niet aan de 11-proef.',
  rule: 'De waarde moet voldoen aan de 11-proef.',
  retourcode: '0001',
};

const at = (n: number, over: Partial<Finding> = {}): Finding => ({
  code: 'TR134',
  severity: 'fout',
  location: `/Bericht/Client/Relaties/Relatie[${n}]/Geboortedatum/Datum`,
  line: 40 + n,
  message: `Datum 01-01-2024 ligt na de Dagtekening van het bericht (13-08-2023).`,
  rule: 'Vullen met een bestaande datum die niet groter is dan de Dagtekening van het bericht.',
  retourcode: '0001',
  ...over,
});

const needsConfirmation = (findings: Finding[]): string =>
  aanleverenPage({
    ...base,
    outcome: {
      status: 'needsConfirmation',
      files: [{ name: 'a<b>.xml', messageCode: 'WMO301', problems: [], findings }],
    },
  }).toString();

/** The markup of one group, from its heading to the end of its section. */
function groupOf(page: string, code: string): string {
  const start = page.indexOf(`<span class="pz-finding-group__code">${code}</span>`);
  if (start === -1) throw new Error(`no group ${code}`);
  return page.slice(start, page.indexOf('</section>', start));
}

describe('the Aanleveren page', () => {
  it('shows, per file, each rule once with severity, official text, count and retourcode, and each place with line and message', () => {
    const page = needsConfirmation([cs002]);
    expect(page).toContain('Er zijn bevindingen: er is nog niets verzonden');
    expect(page).toContain('vink "Ook verzenden als er bevindingen zijn" aan');
    const group = groupOf(page, 'CS002');
    expect(group).toContain('<span class="pz-severity pz-severity--fout">Fout</span>');
    expect(group).toContain('1 keer gevonden');
    expect(group).toContain('De waarde moet voldoen aan de 11-proef.');
    expect(group).toContain('Retourcode 0001: Bericht is afgekeurd om technische redenen.');
    expect(group).toContain(
      '<tr><td class="pz-location">/Bericht/Client/Bsn</td><td>12</td><td>BSN voldoet niet aan de 11-proef.</td></tr>',
    );
    expect(group).not.toContain('<details');
    expect(page).toContain('a&lt;b&gt;.xml');
    expect(page).toContain('action="/berichten/iwmo/aanleveren?_csrf=t%26k"');
  });

  it('groups 15 findings of one rule under one heading: the first 10 in view, the rest behind "Toon alle 15"', () => {
    const page = needsConfirmation([cs002, ...Array.from({ length: 15 }, (_, i) => at(i + 1))]);
    expect(page.match(/pz-finding-group__code">TR134</g)).toHaveLength(1);
    const group = groupOf(page, 'TR134');
    expect(group).toContain('15 keer gevonden');
    expect(group.match(/Vullen met een bestaande datum/g)).toHaveLength(1);
    const [visible, hidden] = group.split('<details');
    expect(visible!.match(/<tr><td/g)).toHaveLength(10);
    expect(visible).toContain('Relatie[10]');
    expect(visible).not.toContain('Relatie[11]');
    expect(hidden).toContain('<summary>Toon alle 15</summary>');
    expect(hidden!.match(/<tr><td/g)).toHaveLength(5);
    expect(hidden).toContain('Relatie[15]/Geboortedatum/Datum</td><td>55</td>');
    // Each table is named and its headers are column headers.
    expect(group.match(/<caption class="pz-visually-hidden">TR134: vindplaatsen/g)).toHaveLength(2);
    expect(group.match(/<th scope="col">/g)).toHaveLength(6);
    expect(page).toContain('16 bevindingen, per validatieregel:');
  });

  it('puts refusals and XSD errors first, then fout, then waarschuwing, whatever the order found', () => {
    const warning = at(1, {
      code: 'TR002',
      severity: 'waarschuwing',
      retourcode: null,
      rule: 'Geboortedatum mag niet meer dan 120 jaar voor de Dagtekening liggen.',
    });
    const xsd: Finding = {
      code: 'XSD',
      severity: 'fout',
      location: '/Bericht/Client/Geslacht',
      line: 23,
      message: "Geslacht: '7' is geen toegestane waarde.",
      rule: 'Het bericht moet voldoen aan het XSD-schema van het berichttype.',
      retourcode: null,
    };
    const page = aanleverenPage({
      ...base,
      outcome: {
        status: 'refused',
        files: [{ name: 'x.xml', messageCode: 'WMO301', problems: [], findings: [warning, cs002, xsd] }],
      },
    }).toString();
    const order = [...page.matchAll(/pz-finding-group__code">([^<]+)</g)].map((m) => m[1]);
    expect(order).toEqual(['XSD', 'CS002', 'TR002']);
    expect(groupOf(page, 'TR002')).toContain('<span class="pz-severity pz-severity--waarschuwing">Waarschuwing</span>');
    expect(groupOf(page, 'XSD')).toContain('Geen retourcode: het bestand wordt geweigerd');
  });

  it('counts what the validator only counted: 1000 listed plus "Nog 3009 keer gevonden" is 4009', () => {
    const listed = Array.from({ length: 1000 }, (_, i) => at(i + 1));
    const note = at(0, {
      location: '/',
      line: null,
      message: 'Nog 3009 keer gevonden; alleen de eerste 1000 staan hierboven.',
      omitted: 3009,
    });
    const group = groupOf(needsConfirmation([...listed, note]), 'TR134');
    expect(group).toContain('4.009 keer gevonden');
    expect(group).toContain('<summary>Toon alle 1000</summary>');
    expect(group).toContain('<p class="pz-hint">Nog 3009 keer gevonden; alleen de eerste 1000 staan hierboven.</p>');
    expect(group).not.toContain('(het hele bestand)');
  });

  it('lists each problem of a refused file with code, Dutch message and detail', () => {
    const page = aanleverenPage({
      ...base,
      outcome: {
        status: 'refused',
        files: [{ name: 'x.zip', problems: [uploadProblem('IB902', '120 bestanden')], findings: [] }],
      },
    }).toString();
    expect(page).toContain('Het bestand is geweigerd: er is niets verzonden');
    expect(page).toContain('<strong>IB902</strong>');
    expect(page).toContain('120 bestanden');
  });

  it('keeps the long lists out of the alert, so a screen reader announces only the verdict', () => {
    const page = needsConfirmation([cs002]);
    const alert = page.slice(page.indexOf('role="alert"'), page.indexOf('</section>', page.indexOf('role="alert"')));
    expect(alert).toContain('Er zijn bevindingen');
    expect(alert).not.toContain('CS002');
    expect(alert).toContain('href="#uitkomst-bestanden"');
  });

  it('has a progress bar and an empty live region for the upload script, and loads that script from our origin', () => {
    const page = aanleverenPage(base).toString();
    expect(page).toMatch(/<form [^>]*data-pz-upload>/);
    expect(page).toContain(
      '<progress class="pz-progress" max="100" value="0" aria-label="Voortgang van het aanleveren" hidden></progress>',
    );
    expect(page).toContain('<p class="pz-upload-status__text" role="status"></p>');
    expect(page).toContain('<script src="/static/upload-progress.js" defer></script>');
    expect(page).not.toMatch(/<script>|<script [^>]*>[^<]/);
  });
});

describe('safeFileName', () => {
  it('keeps a plain name, and strips paths, quotes and line breaks', () => {
    expect(safeFileName('WMO305_0363.xml', 'id')).toBe('WMO305_0363.xml');
    expect(safeFileName('..\\..\\etc/"pass"\r\nwd', 'id')).toBe('pass___wd.xml');
    expect(safeFileName('', 'REF-1')).toBe('REF-1.xml');
  });
});

describe('an upload sent in part', () => {
  it('says how many went out, marks each sent file with its referentienummer and the others as not sent', () => {
    const page = aanleverenPage({
      ...base,
      outcome: {
        status: 'partlySent',
        outage: true,
        files: [
          { name: 'een.xml', messageCode: 'WMO301', problems: [], findings: [], referentienummer: 'ref-1' },
          { name: 'twee.xml', messageCode: 'WMO301', problems: [uploadProblem('PZ-NOT-SENT')], findings: [] },
        ],
      },
    }).toString();
    expect(page).toContain('Een deel van de berichten is verzonden');
    expect(page).toContain('1 van de 2 berichten zijn verzonden');
    expect(page).toContain('Verzonden (referentienummer ref-1).');
    expect(page).toContain('<strong>PZ-NOT-SENT</strong>');
    expect(page).not.toContain('er is niets verzonden');
  });
});
