// Checks Kubernetes manifests the way the API server would before it stores them:
//  1. every document parses as YAML and names an apiVersion and kind that Kubernetes serves;
//  2. it validates against that kind's OpenAPI schema (kubernetes-models' validators, generated
//     from Kubernetes' own spec): types, required fields, formats;
//  3. it has no field the schema does not know (what `kubectl apply`'s strict field validation
//     rejects; the OpenAPI schemas allow extra fields, so TypeScript's excess-property check on
//     the models' types finds them).
// Usage: node check.mjs <out.json> <manifest.yaml>...
// Writes the parsed documents to out.json as [{file, index, document}] for the Java test, prints
// one line per problem to stderr, and exits 1 if there was any.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseAllDocuments } from "yaml";

const [out, ...files] = process.argv.slice(2);
const problems = [];
const documents = [];
const typed = [];

for (const file of files) {
  parseAllDocuments(readFileSync(file, "utf8")).forEach((doc, index) => {
    const where = `${basename(file)}#${index}`;
    if (doc.errors.length > 0) {
      problems.push(`${where}: ${doc.errors[0].message}`);
      return;
    }
    const document = doc.toJS();
    if (document === null) {
      return;
    }
    documents.push({ file: basename(file), index, document });
    typed.push({ where, document });
  });
}

for (const { where, document } of typed) {
  const { apiVersion, kind } = document;
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    problems.push(`${where}: no apiVersion or kind`);
    continue;
  }
  let model;
  try {
    model = await import(`kubernetes-models/${apiVersion}/${kind}`);
  } catch (e) {
    problems.push(`${where}: Kubernetes serves no ${kind} in ${apiVersion}`);
    continue;
  }
  try {
    new model[kind](document).validate();
  } catch (e) {
    problems.push(`${where}: ${kind}: ${e.message}`);
  }
}

// Unknown fields: type each document as its kind's interface and let tsc report excess properties.
// The file sits beside node_modules so that the models' types resolve.
const dir = import.meta.dirname;
const source = typed
  .filter(({ document }) => typeof document.kind === "string")
  .map(({ document }, i) => {
    const path = `kubernetes-models/${document.apiVersion}/${document.kind}`;
    return `import type { I${document.kind} as T${i} } from "${path}";\n` +
      `export const d${i}: T${i} = ${JSON.stringify(document, null, 2)};\n`;
  })
  .join("");
writeFileSync(join(dir, "documents.ts"), source);
try {
  const tsc = join(import.meta.dirname, "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "--noEmit", "--strict", "--module", "nodenext",
    "--moduleResolution", "nodenext", "--target", "es2022", "--skipLibCheck",
    join(dir, "documents.ts")],
    { cwd: import.meta.dirname, encoding: "utf8", stdio: "pipe" });
} catch (e) {
  for (const line of `${e.stdout ?? ""}${e.stderr ?? ""}`.split("\n")) {
    if (line.includes("error TS")) {
      problems.push(`unknown or mistyped field: ${line.replace(/^.*documents\.ts/, "documents.ts")}`);
    }
  }
  if (!problems.length) {
    problems.push(`tsc failed: ${e.message}`);
  }
}

writeFileSync(out, JSON.stringify(documents, null, 2));
for (const p of problems) {
  console.error(p);
}
console.error(`${documents.length} documents checked, ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
