import { defineSearchAttributeKey } from '@temporalio/common';

/**
 * Search attributes bypass the payload codec, so they carry codes, states and dates only:
 * never a name, e-mail address or BSN.
 */
export const PzOrganisation = defineSearchAttributeKey('PzOrganisation', 'KEYWORD');
export const PzKind = defineSearchAttributeKey('PzKind', 'KEYWORD');
export const PzState = defineSearchAttributeKey('PzState', 'KEYWORD');
export const PzMessageCode = defineSearchAttributeKey('PzMessageCode', 'KEYWORD');
export const PzDueAt = defineSearchAttributeKey('PzDueAt', 'DATETIME');

export const allSearchAttributes = [PzOrganisation, PzKind, PzState, PzMessageCode, PzDueAt];
