import { escapeHtml } from '../../html.ts';
import type { ChainDelivery, PortalError, PortalSend } from './chain-types.ts';

/** The chain simulator's overview page for developers (GET /): what it received, sent and failed to send. */

export function renderPage(
  deliveries: readonly ChainDelivery[],
  sent: readonly PortalSend[],
  errors: readonly PortalError[],
): string {
  const rows = (items: string[][]): string =>
    items.map((cells) => `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  const table = (head: string[], items: string[][], empty: string): string =>
    items.length === 0
      ? `<p>${escapeHtml(empty)}</p>`
      : `<table>\n<thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>\n<tbody>\n${rows(items)}\n</tbody>\n</table>`;
  return `<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>Ketensimulator (ontwikkeling)</title></head>
<body>
<main>
<h1>Ketensimulator</h1>
<p>VECOZO, zorgaanbieders en het CAK zoals de ontwikkelomgeving ze nabootst. Niets hiervan is echt verzonden.</p>
<h2>Ontvangen van het portaal</h2>
${table(
  ['Ontvangen', 'Partij', 'Soort', 'Functie', 'Referentienummer', 'Zender', 'Ontvanger'],
  [...deliveries]
    .reverse()
    .map((d) => [d.receivedAt, d.party, d.kind, d.functie, d.referentienummer, d.zender, d.ontvanger]),
  'Nog niets ontvangen.',
)}
<h2>Verstuurd naar het portaal</h2>
${table(
  ['Tijdstip', 'Functie', 'Referentienummer', 'Antwoord op', 'Afgeleverd', 'Pogingen'],
  [...sent]
    .reverse()
    .map((s) => [
      s.at,
      s.functie,
      s.referentienummer,
      s.crossRefnummer ?? '',
      s.delivered ? 'ja' : 'nee',
      String(s.attempts),
    ]),
  'Nog niets verstuurd.',
)}
<h2>Fouten bij versturen</h2>
${table(
  ['Tijdstip', 'Functie', 'Referentienummer', 'Fout'],
  [...errors].reverse().map((e) => [e.at, e.functie ?? '', e.referentienummer ?? '', e.error]),
  'Geen fouten.',
)}
</main>
</body>
</html>`;
}
