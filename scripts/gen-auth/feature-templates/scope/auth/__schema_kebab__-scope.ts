/**
 * res.locals.currentScope, phx.gen.auth 1.8's current_scope: the scope of the
 * current __schema_human__, set by fetchCurrent__Schema__ beside res.locals.__assign_key__
 * (which keeps the name the rest of the code reads).
 */
import type { Response } from "express";
import { scopeFor__Schema__, type Scope } from "../__context_kebab__/scope.ts";

declare global {
  namespace Express {
    interface Locals {
      currentScope?: Scope | null; // what the request acts for; null for nobody
    }
  }
}

export function assignCurrentScope(res: Response): void {
  res.locals.currentScope = scopeFor__Schema__(res.locals.__assign_key__);
}
