import { randomBytes } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { google, temporal } from '@temporalio/proto';
import { inject } from 'vitest';
import { allSearchAttributes } from '../../workflows/search-attributes.ts';
import { waitFor } from './wait.ts';

const INDEXED = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
} as const;

/**
 * A Temporal namespace of this test file's own on the shared dev server, with the project's search
 * attributes. Workflow ids are business keys (`org/0363`, `user/0363/<subject>`), so two files that
 * both need the real gemeente 0363 would meet in one namespace; in their own they cannot.
 */
export async function isolatedNamespace(prefix: string): Promise<string> {
  const namespace = `${prefix}-${randomBytes(4).toString('hex')}`;
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  try {
    // fromObject turns the plain number into the protobuf int64 the field needs.
    const retention = google.protobuf.Duration.fromObject({ seconds: 86_400 });
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: retention });
    const searchAttributes = Object.fromEntries(
      allSearchAttributes.map((key) => [key.name, key.type === 'DATETIME' ? INDEXED.DATETIME : INDEXED.KEYWORD]),
    );
    await waitFor('search attributes in the new namespace', async () => {
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
      return true;
    });
    return namespace;
  } finally {
    await connection.close();
  }
}
