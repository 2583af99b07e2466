/**
 * `npm run gen:auth -- Accounts User users` on starter(01), with the printed wiring
 * applied, gives an app that typechecks and passes every test the generator wrote.
 */
import { describeGeneratedApp } from "./support/apps.ts";

describeGeneratedApp(["Accounts", "User", "users"], "default");
