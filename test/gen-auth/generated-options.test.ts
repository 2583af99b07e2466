/**
 * `npm run gen:auth -- Identity Member members --magic-link --sudo --devices --scope --passwordless --assign-key viewer`: the options
 * generate a working app, with their own tests, for names other than the defaults.
 */
import { describeGeneratedApp } from "./support/apps.ts";

describeGeneratedApp(["Identity", "Member", "members"], "options", [
  "--magic-link",
  "--sudo",
  "--devices",
  "--scope",
  "--passwordless",
  "--assign-key",
  "viewer",
]);
