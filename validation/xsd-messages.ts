/**
 * libxml2's schema errors in Dutch, for the civil servant who has to fix the file. The common
 * cases are translated; anything else keeps libxml2's English text after a Dutch lead-in, so no
 * detail is ever lost. Input is the error text with namespace URIs already removed.
 */

type Translation = [RegExp, (m: RegExpExecArray) => string];

const TRANSLATIONS: Translation[] = [
  [
    /^Element '([^']+)': This element is not expected\. Expected is (?:one of )?\( ?(.+?) ?\)\.$/,
    (m) => `Element ${m[1]} staat hier niet goed: verwacht wordt ${m[2]}.`,
  ],
  [/^Element '([^']+)': This element is not expected\.$/, (m) => `Element ${m[1]} hoort hier niet.`],
  [
    /^Element '([^']+)': Missing child element\(s\)\. Expected is (?:one of )?\( ?(.+?) ?\)\.$/,
    (m) => `In ${m[1]} ontbreekt een verplicht element: ${m[2]}.`,
  ],
  [
    /^Element '([^']+)': '(.*)' is not a valid value of the (?:atomic|local atomic|list) type '([^']+)'\.$/s,
    (m) => `${m[1]}: '${m[2]}' is geen geldige waarde voor ${m[3]} (bijvoorbeeld een datum die niet bestaat).`,
  ],
  [
    /^Element '([^']+)': \[facet 'pattern'\] The value '(.*)' is not accepted by the pattern '(.*)'\.$/s,
    (m) => `${m[1]}: de waarde '${m[2]}' heeft niet de vorm ${m[3]}.`,
  ],
  [
    /^Element '([^']+)': \[facet 'enumeration'\] The value '(.*)' is not an element of the set \{(.*)\}\.$/s,
    (m) => `${m[1]}: '${m[2]}' is geen toegestane waarde (toegestaan: ${m[3]}).`,
  ],
  [
    /^Element '([^']+)': \[facet 'maxLength'\] The value has a length of '(\d+)'; this exceeds the allowed maximum length of '(\d+)'\.$/,
    (m) => `${m[1]}: de waarde is ${m[2]} tekens lang; ten hoogste ${m[3]} is toegestaan.`,
  ],
  [
    /^Element '([^']+)': \[facet 'minLength'\] The value has a length of '(\d+)'; this underruns the allowed minimum length of '(\d+)'\.$/,
    (m) => `${m[1]}: de waarde is ${m[2]} tekens lang; ten minste ${m[3]} is vereist.`,
  ],
  [
    /^Element '([^']+)': \[facet 'maxInclusive'\] The value '(.*)' is greater than the maximum value allowed \('(.*)'\)\.$/,
    (m) => `${m[1]}: ${m[2]} is groter dan het maximum ${m[3]}.`,
  ],
  [
    /^Element '([^']+)': \[facet 'minInclusive'\] The value '(.*)' is less than the minimum value allowed \('(.*)'\)\.$/,
    (m) => `${m[1]}: ${m[2]} is kleiner dan het minimum ${m[3]}.`,
  ],
  [
    /^Element '([^']+)': No matching global declaration available for the validation root\.$/,
    (m) => `Het root-element ${m[1]} komt in het schema niet voor.`,
  ],
  [
    /^Element '([^']+)': Character content other than whitespace is not allowed because the content type is 'element-only'\.$/,
    (m) => `${m[1]} mag geen tekst bevatten, alleen elementen.`,
  ],
];

export function dutchSchemaMessage(text: string): string {
  for (const [pattern, translate] of TRANSLATIONS) {
    const match = pattern.exec(text);
    if (match) return translate(match);
  }
  return `Voldoet niet aan het XSD-schema: ${text}`;
}
