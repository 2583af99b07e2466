/**
 * The scope (phx.gen.auth 1.8's Accounts.Scope): what a request acts for, as
 * one value. Today it holds the __schema_human__; context functions that take a
 * scope rather than a __schema_human__ can later learn of an organisation or a
 * role without every caller changing. Plain data: the web layer builds it from
 * the __schema_human__ it loaded, so it costs no query.
 */
import type { __Schema__ } from "./__schema_kebab__.ts";

export type Scope = { __schema__: __Schema__ };

/** The scope of a logged-in __schema_human__, or null for nobody (as Scope.for_user(nil) is nil). */
export function scopeFor__Schema__(__schema__: __Schema__ | null | undefined): Scope | null {
  return __schema__ ? { __schema__ } : null;
}
