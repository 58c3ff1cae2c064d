import { MAX_FILE_BYTES, MAX_UPLOAD_BYTES, MAX_ZIP_ENTRIES, MAX_ZIP_TOTAL_BYTES, megabytes } from './limits.ts';

/**
 * The problems a file check can report, each with the Dutch explanation a civil servant reads.
 * Codes reuse the GGk Fo01 vocabulary (IB…) where the GGk has a code for the same problem, so a
 * municipality recognises what its software supplier already knows. What the GGk list lacks gets
 * a code of our own with a `PZ-` prefix.
 */
export const UPLOAD_PROBLEMS = {
  IB003: `Het bestand is groter dan ${megabytes(MAX_UPLOAD_BYTES)}. Verdeel de berichten over meerdere bestanden.`,
  IB004: 'Dit berichttype wordt niet ondersteund. U kunt iWmo 3.2-, iJw 3.2- en iEb-berichten aanleveren.',
  IB007: 'Een gemeente kan dit berichttype niet versturen: de combinatie van bericht en afzender is niet toegestaan.',
  IB023: 'Deze versie van het bericht is niet (meer) actief. Gebruik iWmo 3.2 of iJw 3.2.',
  IB901: 'Dit is geen geldig ZIP-bestand, of het ZIP-bestand is beschadigd.',
  IB902: `Het ZIP-bestand bevat meer dan ${MAX_ZIP_ENTRIES} bestanden. Verdeel de berichten over meerdere ZIP-bestanden.`,
  IB903: 'Het ZIP-bestand is met een wachtwoord beveiligd. Lever het aan zonder wachtwoord.',
  IB904: `Een bestand in het ZIP-bestand is uitgepakt groter dan ${megabytes(MAX_FILE_BYTES)}.`,
  IB905: 'Het ZIP-bestand is leeg. Het moet minstens één XML-bestand bevatten.',
  'PZ-EXTENSION': 'Alleen XML-bestanden (.xml), los of samen in een ZIP-bestand (.zip), kunnen worden aangeleverd.',
  'PZ-PATH': 'Het ZIP-bestand bevat mappen. Zet de XML-bestanden direct in het ZIP-bestand, zonder mappen.',
  'PZ-ZIP-TOTAL': `De bestanden in het ZIP-bestand zijn samen uitgepakt groter dan ${megabytes(MAX_ZIP_TOTAL_BYTES)}. Verdeel ze over meerdere ZIP-bestanden.`,
  'PZ-BOM': 'Het bestand begint met een BOM (byte order mark). Berichten moeten in UTF-8 zonder BOM zijn opgeslagen.',
  'PZ-ENCODING': 'Het bestand is niet in UTF-8 opgeslagen. Berichten moeten in UTF-8 (zonder BOM) zijn opgeslagen.',
  'PZ-XML':
    'Het bestand is geen geldig XML-bestand (het is niet goed gevormd). Vraag uw softwareleverancier om een correct bestand.',
  'PZ-DTD':
    'Het bestand bevat een DOCTYPE-declaratie (een DTD of entiteiten). Dat is om veiligheidsredenen niet toegestaan; het bestand is niet gelezen.',
  'PZ-HEADER': 'De header van het bericht is onvolledig of ongeldig.',
  'PZ-BERICHTCODE': 'De BerichtCode in de header past niet bij het soort bericht.',
  'PZ-PRODUCT': 'U heeft geen rol Gebruiker voor het product waar dit bericht bij hoort.',
  'PZ-AFZENDER':
    'De afzender in het bericht is niet uw gemeente. U kunt alleen berichten van uw eigen gemeente aanleveren.',
  'PZ-ONTVANGER':
    'De ontvanger in dit retourbericht is niet uw gemeente. Een retourbericht neemt afzender en ontvanger over van het bericht waarop het antwoordt, dus de ontvanger moet uw gemeente zijn.',
  'PZ-DUPLICATE-ID':
    'Uw gemeente heeft al een bericht van deze soort met deze identificatie verstuurd. Elk bericht moet per berichtsoort een eigen identificatie hebben.',
  'PZ-OTHER-PRODUCT': 'Dit bericht hoort bij een ander product dan de pagina waarop u het aanlevert.',
  'PZ-NO-HEEN':
    'Het bericht waarop dit bericht antwoordt, is niet gevonden bij uw gemeente. Controleer de identificatie en de zorgaanbieder in de header (een retourbericht neemt de header van het ontvangen bericht over).',
  'PZ-ANSWERED': 'Op dit ontvangen bericht is al een retourbericht verstuurd.',
  'PZ-NO-SCHEMA':
    "Het portaal kan dit bericht nu niet tegen het XSD-schema controleren (de schema's zijn niet ingesteld). Er is niets verzonden; neem contact op met de servicedesk.",
  'PZ-NOT-SENT':
    'Dit bericht is niet verzonden: bij het doorgeven trad een storing op. Lever alleen dit bericht opnieuw aan.',
  'PZ-SEND-PENDING':
    'Een eerdere aanlevering van dit bericht is nog niet bevestigd: bij het doorgeven trad een storing op. Kijk over een minuut bij de verzonden berichten. Staat het er dan niet bij, lever het opnieuw aan.',
  'PZ-SEND-UNKNOWN':
    'Het is niet zeker of dit bericht is verzonden: bij het doorgeven trad een storing op. Kijk over enkele minuten bij de verzonden berichten. Staat het er dan niet bij, lever het opnieuw aan.',
  'PZ-RECEIVE': 'Het bestand is niet volledig ontvangen. Probeer het opnieuw.',
  'PZ-INTERNAL':
    'Het bestand kon door een fout in het portaal niet worden gecontroleerd. Probeer het later opnieuw of neem contact op met de servicedesk.',
} as const;

export type UploadProblemCode = keyof typeof UPLOAD_PROBLEMS;

export type UploadProblem = {
  code: UploadProblemCode;
  /** The Dutch explanation for this code. */
  message: string;
  /** What exactly was found (Dutch), e.g. the line of an XML error or the BerichtCode. */
  detail?: string;
};

export function uploadProblem(code: UploadProblemCode, detail?: string): UploadProblem {
  return detail === undefined
    ? { code, message: UPLOAD_PROBLEMS[code] }
    : { code, message: UPLOAD_PROBLEMS[code], detail };
}
