import { describe, expect, it } from "vitest";
import { escapeHtml, html, raw } from "../../live/index.ts";

describe("html``", () => {
  it("escapes < > & \" and ' in interpolated values", () => {
    const value = `<script>alert("x" & 'y')</script>`;
    expect(html`<p title="${value}">${value}</p>`.value, "every special character should be escaped").toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;">&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;</p>',
    );
  });

  it("leaves the template's own markup alone", () => {
    expect(html`<a href="/x">it's & more</a>`.value, "only values are escaped, not the literal parts").toBe('<a href="/x">it\'s & more</a>');
  });

  it("escapes an ampersand once, not twice", () => {
    expect(html`${"&amp;"}`.value, "text that looks escaped is still text").toBe("&amp;amp;");
  });

  it("renders numbers and true as text", () => {
    expect(html`${42} ${0} ${true}`.value, "numbers and true should print as they are").toBe("42 0 true");
  });

  it("renders null, undefined and false as nothing", () => {
    expect(html`[${null}][${undefined}][${false}]`.value, "absent values should leave no trace").toBe("[][][]");
  });

  it("renders arrays item by item, escaping each and dropping absent ones", () => {
    const items = ["<a>", html`<b>ok</b>`, null, false, ["nested & deep"]];
    expect(html`${items}`.value, "an array is its items joined with nothing").toBe("&lt;a&gt;<b>ok</b>nested &amp; deep");
  });

  it("nests: an html`` value is not escaped again", () => {
    const inner = html`<em>${"<i>"}</em>`;
    expect(html`<p>${inner}</p>`.value, "a safe fragment should be inserted as is").toBe("<p><em>&lt;i&gt;</em></p>");
  });

  it("does not trust a plain object that merely looks like safe html", () => {
    const fake = { value: "<script>", toString: () => "<script>" };
    expect(html`${fake as unknown as string}`.value, "only html`` and raw() results are safe").toBe("&lt;script&gt;");
  });
});

describe("raw()", () => {
  it("opts a trusted string out of escaping", () => {
    expect(html`<div>${raw("<hr />")}</div>`.value, "raw text should be inserted as is").toBe("<div><hr /></div>");
  });

  it("converts to its text in string contexts", () => {
    expect(String(raw("<b>")), "toString should give the html").toBe("<b>");
    expect(`${html`<b>${"&"}</b>`}`, "a template literal should give the html").toBe("<b>&amp;</b>");
  });
});

describe("escapeHtml", () => {
  it("escapes the five characters that matter in text and quoted attributes", () => {
    expect(escapeHtml(`&<>"'`), "each should become its entity").toBe("&amp;&lt;&gt;&quot;&#39;");
  });

  it("leaves everything else alone", () => {
    expect(escapeHtml("plain text, ünïcode ✓ / = `"), "other characters are safe in quoted attributes").toBe("plain text, ünïcode ✓ / = `");
  });
});
