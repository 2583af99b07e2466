/**
 * `npm run gen:auth -- Identity Member members`: other names generate a working app too.
 */
import { describeGeneratedApp } from "./support/apps.ts";

describeGeneratedApp(["Identity", "Member", "members"], "identity");
