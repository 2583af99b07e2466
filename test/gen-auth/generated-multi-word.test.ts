/**
 * Names of several words (kebab-case directories, camelCase identifiers,
 * snake_case columns, a kebab-case URL prefix) generate a working app too.
 */
import { describeGeneratedApp } from "./support/apps.ts";

describeGeneratedApp(["UserAccounts", "AdminUser", "admin_users"], "multi-word");
