// Unknown fields in Kubernetes objects. kubernetes-models' validators follow the OpenAPI schemas, which allow fields
// they do not name (the API server drops them, at most with a warning), so a misspelt `readinesProbe` would pass
// them and silently deploy a pod without a readiness probe. The packages' type declarations list every field of every
// type; this walks an object along them and reports each field its type does not declare.
import fs from "node:fs";
import path from "node:path";

function declarationFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...declarationFiles(p));
    else if (entry.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/**
 * Type name as the declarations reference it (unique: IIoK8sApiCoreV1Container) -> { fields: {name: type expression} };
 * also "file:<path of the .d.ts>" -> the unique name of the type that file declares (the model's own type).
 */
export function loadTypes(packageDirs) {
  const types = {};
  for (const dir of packageDirs) {
    for (const file of declarationFiles(dir)) {
      const text = fs.readFileSync(file, "utf8");
      const local = {};
      for (const m of text.matchAll(/^export interface (\w+)(?: extends [^{]+)? \{\n([\s\S]*?)^\}/gm)) {
        const fields = {};
        for (const f of m[2].matchAll(/^ {4}"([^"]+)"\??: (.*?);?$/gm)) fields[f[1]] = f[2];
        local[m[1]] = { fields };
      }
      // Only the unique names: the short ones (IHorizontalPodAutoscalerSpec) exist in several API versions.
      for (const m of text.matchAll(/^export type \{ (\w+) as (\w+)/gm)) {
        if (!local[m[1]]) continue;
        types[m[2]] = local[m[1]];
        types[`file:${file}`] = types[`file:${file}`] || m[2];
      }
    }
  }
  return types;
}

/** Reports every field of value that typeName does not declare, with its path. */
export function unknownFields(types, typeName, value, where = "") {
  const problems = [];
  const walk = (typeExpr, v, at) => {
    if (v === null || v === undefined) return;
    typeExpr = typeExpr.trim();
    const array = typeExpr.match(/^Array<(.+)>$/);
    if (array) {
      if (Array.isArray(v)) v.forEach((item, i) => walk(array[1], item, `${at}[${i}]`));
      return;
    }
    const map = typeExpr.match(/^\{\s*\[key: string\]: (.+?);?\s*\}$/);
    if (map) {
      if (typeof v === "object") for (const [k, item] of Object.entries(v)) walk(map[1], item, `${at}.${k}`);
      return;
    }
    const type = types[typeExpr];
    if (!type || typeof v !== "object" || Array.isArray(v)) return; // a scalar, a union or an alias of one
    for (const [k, item] of Object.entries(v)) {
      if (!(k in type.fields)) problems.push(`unknown field ${at ? at + "." : ""}${k}`);
      else walk(type.fields[k], item, `${at ? at + "." : ""}${k}`);
    }
  };
  walk(typeName, value, where);
  return problems;
}
