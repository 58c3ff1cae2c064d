/**
 * Why an inbound envelope was refused, answered with a Fo01: the code (StUF or GGk Fo01
 * vocabulary) and a Dutch explanation.
 */
export class InboundRefusal extends Error {
  constructor(
    readonly code: string,
    readonly omschrijving: string,
    readonly status = 400,
  ) {
    super(omschrijving);
    this.name = 'InboundRefusal';
  }
}
