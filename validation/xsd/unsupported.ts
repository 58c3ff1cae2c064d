/**
 * An XSD construct the streaming model (validation/xsd) does not know: its message type is then
 * checked by libxml2 alone.
 */
export class UnsupportedSchema extends Error {
  override name = 'UnsupportedSchema';
}
