import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeFixtureCourse, type FixtureCourse } from "../course/fixture.ts";
import { csrfTokenIn, postForm, startSite, type RunningSite } from "./course-fixture.ts";

let course: FixtureCourse;
let site: RunningSite;
let token: string;

beforeAll(async () => {
  course = makeFixtureCourse();
  course.write("app/main.ts", 'import { add } from "./app.ts";\n\nconst total: string = add(1, 2);\nconsole.log(total);\n');
  course.write("app/app.ts", "export function add(a: number, b: number): number {\n  return a + b;\n}\n");
  site = await startSite({ root: course.root });
  token = csrfTokenIn(await (await fetch(`${site.origin}/app`)).text());
});
afterAll(async () => {
  await site.close();
  course.remove();
});

describe("type-checking app/ from the app page", () => {
  it("shows each type error with file:line:column and the line", async () => {
    const reply = await postForm(site, "/app/typecheck", { _csrf: token });
    const body = await reply.text();
    expect(reply.status, body).toBe(200);
    expect(body).toContain("1 type error in app/:");
    expect(body).toContain("<code>app/main.ts:3:7</code> TS2322: Type &#x27;number&#x27; is not assignable to type &#x27;string&#x27;.");
    expect(body).toContain("const total: string = add(1, 2);");
  });

  it("says so when there are none", async () => {
    course.write("app/main.ts", 'import { add } from "./app.ts";\n\nconsole.log(add(1, 2));\n');
    const body = await (await postForm(site, "/app/typecheck", { _csrf: token })).text();
    expect(body).toContain("✓ app/ has no type errors.");
  });

  it("refuses a POST without the CSRF token or from another origin", async () => {
    expect((await postForm(site, "/app/typecheck", {})).status).toBe(403);
    expect((await postForm(site, "/app/typecheck", { _csrf: token }, "http://evil.example")).status).toBe(403);
  });
});
