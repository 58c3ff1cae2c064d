import { describe, expect, it } from 'vitest';
import { finding } from '../../domain/messages/findings.ts';
import { uploadProblem } from '../../domain/upload/problems.ts';
import { safeFileName } from '../../web/routes/messages.ts';
import { aanleverenPage, type AanleverenView } from '../../web/views/messages-aanleveren.ts';

const base: AanleverenView = { product: 'iwmo', csrfToken: 't&k', outgoing: { rows: [], truncated: false }, notifications: [], now: new Date(), limit: 100 };

describe('the Aanleveren page', () => {
  it('lists, per file, each finding with code, location, Dutch message and retourcode when confirmation is needed', () => {
    const page = aanleverenPage({
      ...base,
      outcome: { status: 'needsConfirmation', files: [{ name: 'a<b>.xml', messageCode: 'WMO301', problems: [], findings: [finding('CS002', '/Bericht/Client/Bsn', 'BSN voldoet niet aan de 11-proef.')] }] },
    }).toString();
    expect(page).toContain('Er zijn bevindingen: er is nog niets verzonden');
    expect(page).toContain('vink "Ook verzenden als er bevindingen zijn" aan');
    expect(page).toContain('<td>CS002</td><td class="pz-location">/Bericht/Client/Bsn</td><td>BSN voldoet niet aan de 11-proef.</td><td>0001</td>');
    expect(page).toContain('a&lt;b&gt;.xml');
    expect(page).toContain('action="/berichten/iwmo/aanleveren?_csrf=t%26k"');
  });

  it('lists each problem of a refused file with code, Dutch message and detail', () => {
    const page = aanleverenPage({ ...base, outcome: { status: 'refused', files: [{ name: 'x.zip', problems: [uploadProblem('IB902', '120 bestanden')], findings: [] }] } }).toString();
    expect(page).toContain('Het bestand is geweigerd: er is niets verzonden');
    expect(page).toContain('<strong>IB902</strong>');
    expect(page).toContain('120 bestanden');
  });
});

describe('safeFileName', () => {
  it('keeps a plain name, and strips paths, quotes and line breaks', () => {
    expect(safeFileName('WMO305_0363.xml', 'id')).toBe('WMO305_0363.xml');
    expect(safeFileName('..\\..\\etc/"pass"\r\nwd', 'id')).toBe('pass___wd.xml');
    expect(safeFileName('', 'REF-1')).toBe('REF-1.xml');
  });
});
