/**
 * Dutch wording for the parser's well-formedness errors. saxes reports in English; the user gets
 * the position and a short Dutch reason. Names quoted from the file are cut and stripped of
 * invisible characters, because the file is untrusted text shown back on a page.
 */

const TRANSLATIONS: ReadonlyArray<readonly [RegExp, (name: string) => string]> = [
  [/^unclosed tag: (.*)$/, (name) => `Element <${name}> wordt niet afgesloten.`],
  [/^unmatched closing tag: (.*)\.$/, (name) => `Sluittag </${name}> hoort bij geen geopend element.`],
  [/^unexpected close tag\.$/, () => 'Onverwachte sluittag.'],
  [/^unbound namespace prefix: "(.*)"\.$/, (name) => `Namespace-prefix ${name} is niet gedeclareerd.`],
  [
    /^undefined entity\.$/,
    () => 'Onbekende entiteit (&…;); alleen &amp;, &lt;, &gt;, &quot; en &apos; zijn toegestaan.',
  ],
  [/^document must contain a root element\.$/, () => 'Het bestand bevat geen XML-element.'],
  [/^documents may contain only one root\.$/, () => 'Het bestand bevat meer dan één hoofdelement.'],
  [/^text data outside of root node\.$/, () => 'Er staat tekst buiten het hoofdelement.'],
  [/^disallowed character/, () => 'Er staat een teken dat in XML niet is toegestaan.'],
  [/^duplicate attribute: (.*)\.$/, (name) => `Attribuut ${name} komt dubbel voor.`],
  [/^unexpected end\.$/, () => 'Het bestand houdt onverwacht op.'],
  [/^malformed comment\.$/, () => 'Commentaar is niet goed afgesloten.'],
  [/XML declaration/, () => 'De XML-declaratie (<?xml …?>) klopt niet of staat niet aan het begin.'],
];

const shown = (name: string): string => name.replace(/[\p{Cc}\p{Cf}]/gu, '').slice(0, 60);

/** `line` is one-based, `column` zero-based (as saxes counts). */
export function xmlErrorDetail(message: string, line: number, column: number): string {
  const reason = message.replace(/^.*?\d+:\d+: /, '');
  for (const [pattern, dutch] of TRANSLATIONS) {
    const match = pattern.exec(reason);
    if (match) return `Regel ${line}, kolom ${column + 1}: ${dutch(shown(match[1] ?? ''))}`;
  }
  return `Regel ${line}, kolom ${column + 1}: de XML-opbouw klopt niet.`;
}
