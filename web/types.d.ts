import type { Actor } from '../domain/actor.ts';
import type { EnvironmentName } from './views/layout.ts';

declare global {
  namespace Express {
    interface Locals {
      actor?: Actor;
      environment: EnvironmentName;
      requestId?: string;
    }
  }
}
