import type { MessageId } from '../../domain/messages/message-codes.ts';
import type { SchemaStore } from '../schemas.ts';
import { compileStreamSchema, type CompiledSchema } from './compile-schema.ts';
import { UnsupportedSchema } from './unsupported.ts';

/**
 * The streaming models of one thread, compiled once per message type from the same files libxml2
 * compiles. A message type whose XSD uses more than the model knows gets none (its reason is kept
 * for diagnostics) and is checked by libxml2 alone.
 */
export class StreamSchemas {
  private readonly compiled = new Map<string, CompiledSchema | undefined>();
  /** Per message code, why it has no streaming model. */
  readonly unsupported = new Map<string, string>();

  constructor(private readonly store: SchemaStore) {}

  readonly lookup = (message: MessageId): CompiledSchema | undefined => {
    if (this.compiled.has(message.code)) return this.compiled.get(message.code);
    let compiled: CompiledSchema | undefined;
    try {
      compiled = compileStreamSchema(this.store.schemaFor(message));
    } catch (error) {
      if (!(error instanceof UnsupportedSchema)) throw error;
      this.unsupported.set(message.code, error.message);
    }
    this.compiled.set(message.code, compiled);
    return compiled;
  };
}
